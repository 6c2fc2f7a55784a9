//! Products: list, read and save.

record_api! {
    Product in products: ProductRow, Product, ProductInput;
    list_products = "list_products", get_product = "get_product", save_product = "save_product";
}

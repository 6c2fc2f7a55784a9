//! Contracts: list, read and save.

record_api! {
    Contract in contracts: ContractRow, Contract, ContractInput;
    list_contracts = "list_contracts", get_contract = "get_contract", save_contract = "save_contract";
}

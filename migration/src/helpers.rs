//! Small builders the migrations share.

use sea_orm_migration::prelude::*;

/// An index named `name` on `cols` of `table`.
pub fn index(
    table: impl IntoIden + 'static,
    name: &str,
    cols: Vec<DynIden>,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    stmt.to_owned()
}

/// A foreign key from (table, column) to (table, column).
pub fn fk(
    name: &str,
    from: (DynIden, DynIden),
    to: (DynIden, DynIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

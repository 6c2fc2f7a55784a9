//! What every CRM record shares, written once: who may see it ([`access`]), keyset lists
//! ([`keyset`], [`filters`]), names of linked rows ([`names`]), and the generic actions on
//! any kind ([`actions`]): delete, restore, reassign, watchers, history, the trash, pickers.
//!
//! A record type joins by implementing [`Record`] for its entity, next to its service.

pub mod access;
pub mod actions;
pub mod checks;
pub mod filters;
pub mod keyset;
pub mod linked;
pub mod list;
pub mod names;
pub mod refs;
pub mod texts;
pub mod view;
pub mod write;

use sea_orm::EntityTrait;
use time::OffsetDateTime;
use types::dto::records::RecordKind;
use types::ids::UserId;
use uuid::Uuid;

/// An entity with an owner, soft delete and timestamps: the columns the shared code needs.
pub trait Record: EntityTrait {
    const KIND: RecordKind;
    /// A catalog everyone reads and only managers and admins change (products), rather than
    /// records owned by one person.
    const SHARED: bool = false;
    /// Whether people can watch it (and its page lists its watchers).
    const WATCHED: bool = true;
    /// The list's sort keys as the UI offers them (`types::dto::<kind>::SORTABLE`); the
    /// first is the default. A key names a column of that name, `owner`, or one of [`SORTS`].
    ///
    /// [`SORTS`]: Record::SORTS
    const SORTABLE: &'static [&'static str] = Self::KIND.list_options().sortable;
    /// The sorts that are not a column of their key's name: linked names, a full name.
    const SORTS: &'static [keyset::Sort<Self::Column>] = &[];
    fn id_col() -> Self::Column;
    fn owner_col() -> Self::Column;
    fn deleted_col() -> Self::Column;
    fn updated_col() -> Self::Column;
    fn created_col() -> Self::Column;
    fn created_by_col() -> Self::Column;
    /// The columns a text search looks in; the first is what pickers sort by.
    const TEXT_COLS: &'static [Self::Column];
    fn id_of(m: &Self::Model) -> Uuid;
    fn owner_of(m: &Self::Model) -> UserId;
    fn deleted_at(m: &Self::Model) -> Option<OffsetDateTime>;
    fn updated_at(m: &Self::Model) -> OffsetDateTime;
    /// What a person calls the record: an account's name, a contact's full name.
    fn title(m: &Self::Model) -> String;
    /// A second line that tells similar titles apart in pickers.
    fn hint(m: &Self::Model) -> String;
}

/// The columns and fields every record table names the same way (`id`, `owner_id`,
/// `created_by`, `created_at`, `updated_at`, `deleted_at`), for a kind's `impl Record`.
#[macro_export]
macro_rules! record_columns {
    () => {
        fn id_col() -> Column {
            Column::Id
        }
        fn owner_col() -> Column {
            Column::OwnerId
        }
        fn deleted_col() -> Column {
            Column::DeletedAt
        }
        fn updated_col() -> Column {
            Column::UpdatedAt
        }
        fn created_col() -> Column {
            Column::CreatedAt
        }
        fn created_by_col() -> Column {
            Column::CreatedBy
        }
        fn id_of(m: &Model) -> uuid::Uuid {
            m.id.0
        }
        fn owner_of(m: &Model) -> types::ids::UserId {
            m.owner_id
        }
        fn deleted_at(m: &Model) -> Option<time::OffsetDateTime> {
            m.deleted_at
        }
        fn updated_at(m: &Model) -> time::OffsetDateTime {
            m.updated_at
        }
    };
}

/// Runs `$body` with `$E` bound to the entity of `$kind`, so one generic function serves
/// every kind of record.
#[macro_export]
macro_rules! with_record {
    ($kind:expr, $E:ident => $body:expr) => {
        $crate::with_record!(@arms $kind, $E, $body;
            Account accounts, Contact contacts, Opportunity opportunities, Product products,
            Task tasks, Activity activities, Lead leads, Contract contracts)
    };
    (@arms $kind:expr, $E:ident, $body:expr; $($variant:ident $module:ident),*) => {
        match $kind {
            $(types::dto::records::RecordKind::$variant => {
                type $E = entity::$module::Entity;
                $body
            })*
        }
    };
}

//! One list path for every kind of record: the filters every list has, the kind's own, keyset
//! paging, then each row's fields with what the kind works out for the page laid over them.

use super::view::{self, Extra};
use super::{Record, filters, keyset};
use crate::error::CoreResult;
use crate::{Actor, Ctx};
use sea_orm::{DatabaseConnection, Select};
use serde::Serialize;
use serde::de::DeserializeOwned;
use types::dto::list::ListRequest;
use types::dto::records::ListPage;

/// A kind of record's part in its list.
#[async_trait::async_trait]
pub trait Listed: Record<Model: Serialize + Sync> {
    /// The list's own filter (`types::dto::<kind>::<Kind>Filter`).
    type Filter: Sync;
    /// One row as the list shows it.
    type Row: DeserializeOwned + Send;
    /// The column the amount range filters, for kinds that have an amount.
    const AMOUNT: Option<Self::Column> = None;
    /// Stops the build where the page would offer an amount filter this list lacks, or the
    /// other way round (`RecordKind::list_options` is what the page reads).
    const AMOUNT_OFFERED: () = assert!(
        Self::AMOUNT.is_some() == Self::KIND.list_options().amount,
        "Listed::AMOUNT disagrees with RecordKind::list_options().amount"
    );

    /// Narrows the records the actor may see by the kind's own filter.
    fn filter(select: Select<Self>, filter: &Self::Filter) -> Select<Self>;

    /// What each row shows beside its own fields and owner (names of linked rows, money),
    /// fetched once for the whole page.
    async fn extras(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: &[Self::Model],
    ) -> CoreResult<Vec<Extra>>;
}

/// One page of a kind's list for the actor.
pub async fn page<K: Listed>(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<K::Filter>,
) -> CoreResult<ListPage<K::Row>> {
    let () = K::AMOUNT_OFFERED;
    let select = filters::select::<K>(actor, &q.common, K::AMOUNT)?;
    let select = K::filter(select, &q.filter);
    let (rows, next) = keyset::page(ctx, actor, select, &q.page).await?;
    let extras = K::extras(&ctx.db, actor, &rows).await?;
    let items = view::rows::<K, _>(&ctx.db, &rows, extras).await?;
    Ok(ListPage { items, next })
}

//! The large benchmark dataset behind `nextcrm seed-scale`: a million contacts and the rest,
//! generated in set-based SQL on Postgres. Millions of rows cannot go through the per-record
//! services in minutes, so this writes the tables directly, keeping the invariants the
//! services keep: every owner is a real active user, every lookup and stage exists, a
//! contact's account and a deal's account belong to the same owner, won and lost deals sit in
//! won and lost stages, and ids are time-ordered UUIDv7s. It is a load-test generator for a
//! fresh database (the command checks), not a data path of the app: it writes no audit rows.

use crate::error::{CoreError, CoreResult};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait, Value};
use types::ids::UserId;

/// How many rows of each kind to generate, and the words realistic names are made of.
#[derive(Clone, Debug)]
pub struct Plan {
    pub accounts: u32,
    pub contacts: u32,
    pub opportunities: u32,
    pub activities: u32,
    pub tasks: u32,
    /// The owners, spread evenly over every record.
    pub owners: Vec<UserId>,
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub company_stems: Vec<String>,
    pub company_tails: Vec<String>,
    pub positions: Vec<String>,
    pub next_steps: Vec<String>,
    pub lost_reasons: Vec<String>,
    pub subjects: Vec<String>,
    pub task_titles: Vec<String>,
}

/// Rows written per table, in the order they were generated.
pub type Report = Vec<(&'static str, u64)>;

/// A time-ordered UUIDv7 for the row's timestamp `ts`, its random bits drawn from `seed`.
fn uuid7(ts: &str, seed: &str) -> String {
    format!(
        "(lpad(to_hex((extract(epoch from {ts}) * 1000)::bigint), 12, '0') || '7' \
         || substr(md5({seed}), 1, 3) || '8' || substr(md5({seed}), 4, 15))::uuid"
    )
}

/// Element `i` (any integer expression) of array parameter `arr`, wrapping around.
fn pick(arr: &str, i: &str) -> String {
    format!("({arr})[(1 + abs({i}) % cardinality({arr}))::int]")
}

fn text_array(items: &[String]) -> Value {
    Value::Array(
        sea_orm::sea_query::ArrayType::String,
        Some(Box::new(
            items
                .iter()
                .map(|s| Value::String(Some(Box::new(s.clone()))))
                .collect(),
        )),
    )
}

/// Generates the dataset in one transaction. Postgres only.
pub async fn generate(
    db: &(impl TransactionTrait + ConnectionTrait),
    plan: &Plan,
) -> CoreResult<Report> {
    let txn = db.begin().await?;
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Err(CoreError::Internal(
            "the scale dataset is generated on Postgres only".into(),
        ));
    }
    let exec = |sql: String, values: Vec<Value>| {
        let txn = &txn;
        async move {
            let res = txn
                .execute(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    sql,
                    values,
                ))
                .await?;
            Ok::<u64, CoreError>(res.rows_affected())
        }
    };
    // The search triggers would file each row one by one; the index is refilled in one go
    // at the end instead. `DISABLE TRIGGER` lasts only as long as the transaction's changes.
    let (searched, refill) = migration::search_rebuild();
    for table in &searched {
        exec(format!("ALTER TABLE {table} DISABLE TRIGGER USER"), vec![]).await?;
    }
    let owners: Vec<Value> = plan
        .owners
        .iter()
        .map(|u| Value::Uuid(Some(Box::new(u.0))))
        .collect();
    let owners = Value::Array(sea_orm::sea_query::ArrayType::Uuid, Some(Box::new(owners)));
    let mut report = Report::new();

    // Accounts: `$1` rows, owners round-robin, created over the last three years.
    let accounts = format!(
        "INSERT INTO accounts (id, name, website, email, phone, industry_id, account_type, status,
             annual_revenue, currency, employees, owner_id, created_by, created_at, updated_at)
         SELECT {id}, s.name,
             'https://' || s.slug || '.example', 'hello@' || s.slug || '.example',
             '+1 555 ' || lpad((s.g % 10000)::text, 4, '0'),
             (SELECT id FROM lookup_values WHERE kind = 'industry' AND is_active
                 ORDER BY position OFFSET (s.g % 8) LIMIT 1),
             (ARRAY['customer','prospect','prospect','partner','vendor'])[(1 + s.g % 5)::int], 'active',
             (50 + s.g % 5000)::bigint * 1000000, 'EUR', 5 + (s.g * 37) % 5000,
             s.owner, s.owner, s.ts, s.ts
         FROM (
             SELECT g, {owner} AS owner,
                 now() - make_interval(secs => g * 7919 % 94608000) AS ts,
                 {stem} || ' ' || {tail} || ' ' || g AS name,
                 lower(regexp_replace({stem}, '[^A-Za-z]', '', 'g')) || g AS slug
             FROM generate_series(1, $1::bigint) g
         ) s",
        id = uuid7("s.ts", "'a' || s.g"),
        owner = pick("$2::uuid[]", "g"),
        stem = pick("$3::text[]", "g * 13"),
        tail = pick("$4::text[]", "g * 7"),
    );
    let n = exec(
        accounts,
        vec![
            (plan.accounts as i64).into(),
            owners.clone(),
            text_array(&plan.company_stems),
            text_array(&plan.company_tails),
        ],
    )
    .await?;
    report.push(("accounts", n));

    // Numbered accounts, so rows can pick one by arithmetic and take over its owner.
    exec(
        "CREATE TEMP TABLE scale_accounts ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id, owner_id, name FROM accounts"
            .into(),
        vec![],
    )
    .await?;
    exec("CREATE UNIQUE INDEX ON scale_accounts (rn)".into(), vec![]).await?;
    let account_count = plan.accounts.max(1);

    let contacts = format!(
        "INSERT INTO contacts (id, first_name, last_name, email, phone, mobile, position,
             contact_type_id, account_id, owner_id, created_by, created_at, updated_at)
         SELECT {id}, s.first, s.last,
             lower(regexp_replace(s.first || '.' || s.last, '[^A-Za-z.]', '', 'g')) || s.g || '@example.com',
             '+1 555 ' || lpad((s.g % 10000)::text, 4, '0'),
             CASE WHEN s.g % 3 = 0 THEN '+1 555 ' || lpad(((s.g * 7) % 10000)::text, 4, '0') END,
             {position},
             (SELECT id FROM lookup_values WHERE kind = 'contact_type' AND is_active
                 ORDER BY position OFFSET (s.g % 3) LIMIT 1),
             a.id, a.owner_id, a.owner_id, s.ts, s.ts
         FROM (
             SELECT g, {first} AS first, {last} AS last,
                 now() - make_interval(secs => (g * 104729 % 94608000)) AS ts
             FROM generate_series(1, $1::bigint) g
         ) s
         JOIN scale_accounts a ON a.rn = (s.g * 7919) % $2",
        id = uuid7("s.ts", "'c' || s.g"),
        first = pick("$3::text[]", "g * 31"),
        last = pick("$4::text[]", "g / 3 + g * 17"),
        position = pick("$5::text[]", "s.g"),
    );
    let n = exec(
        contacts,
        vec![
            (plan.contacts as i64).into(),
            (account_count as i64).into(),
            text_array(&plan.first_names),
            text_array(&plan.last_names),
            text_array(&plan.positions),
        ],
    )
    .await?;
    report.push(("contacts", n));

    // Deals: about one in seven still open, the rest won or lost, closing around today.
    let opportunities = format!(
        "INSERT INTO opportunities (id, name, account_id, amount, currency, close_date, stage_id,
             stage_entered_at, closed_at, lost_reason, opportunity_type, next_step, owner_id,
             created_by, created_at, updated_at)
         SELECT {id}, a.name || ' · ' || (ARRAY['Licences','Renewal','Expansion','Pilot','Services'])[(1 + s.g % 5)::int],
             a.id, (500 + (s.g * 7919) % 99500)::bigint * 100,
             CASE WHEN s.g % 4 = 0 THEN 'USD' ELSE 'EUR' END,
             (s.ts + make_interval(days => (30 + s.g % 150)::int))::date,
             st.id, s.ts + make_interval(days => (s.g % 30)::int),
             CASE WHEN s.kind <> 'open' THEN s.ts + make_interval(days => (s.g % 30)::int) END,
             CASE WHEN s.kind = 'lost' THEN {reason} END,
             (ARRAY['new_business','upsell','cross_sell','partner'])[(1 + s.g % 4)::int],
             {next_step}, a.owner_id, a.owner_id, s.ts, s.ts
         FROM (
             SELECT g, now() - make_interval(secs => (g * 15485863 % 63072000)) AS ts,
                 CASE WHEN g % 7 = 0 THEN 'open' WHEN g % 7 < 4 THEN 'won' ELSE 'lost' END AS kind
             FROM generate_series(1, $1::bigint) g
         ) s
         JOIN scale_accounts a ON a.rn = (s.g * 104729) % $2
         JOIN LATERAL (
             SELECT id FROM sales_stages WHERE is_active AND kind = s.kind
             ORDER BY position OFFSET (s.g / 7) % GREATEST(1, (
                 SELECT count(*) FROM sales_stages WHERE is_active AND kind = s.kind)) LIMIT 1
         ) st ON true",
        id = uuid7("s.ts", "'o' || s.g"),
        next_step = pick("$3::text[]", "s.g"),
        reason = pick("$4::text[]", "s.g"),
    );
    let n = exec(
        opportunities,
        vec![
            (plan.opportunities as i64).into(),
            (account_count as i64).into(),
            text_array(&plan.next_steps),
            text_array(&plan.lost_reasons),
        ],
    )
    .await?;
    report.push(("opportunities", n));

    // Activities, each on a contact and (as the service links it) that contact's account.
    let activities = format!(
        "INSERT INTO activities (id, kind, subject, occurred_at, duration_minutes, owner_id,
             created_by, created_at, updated_at)
         SELECT {id}, (ARRAY['call','meeting','email','note'])[(1 + s.g % 4)::int], {subject},
             s.ts, CASE WHEN s.g % 4 < 2 THEN 15 + (s.g % 4) * 15 END,
             {owner}, {owner}, s.ts, s.ts
         FROM (
             SELECT g, now() - make_interval(secs => (g * 2147483 % 63072000)) AS ts
             FROM generate_series(1, $1::bigint) g
         ) s",
        id = uuid7("s.ts", "'v' || s.g"),
        subject = pick("$3::text[]", "s.g"),
        owner = pick("$2::uuid[]", "s.g"),
    );
    let n = exec(
        activities,
        vec![
            (plan.activities as i64).into(),
            owners.clone(),
            text_array(&plan.subjects),
        ],
    )
    .await?;
    report.push(("activities", n));
    let n = exec(
        "INSERT INTO activity_links (activity_id, kind, record_id)
         SELECT v.id, k.kind, CASE k.kind WHEN 'contact' THEN c.id ELSE c.account_id END
         FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM activities) v
         JOIN (SELECT id, account_id, row_number() OVER (ORDER BY id) - 1 AS rn FROM contacts) c
             ON c.rn = (v.rn * 7919) % $1
         CROSS JOIN (VALUES ('contact'), ('account')) k(kind)
         WHERE k.kind = 'contact' OR c.account_id IS NOT NULL"
            .into(),
        vec![(plan.contacts.max(1) as i64).into()],
    )
    .await?;
    report.push(("activity_links", n));

    // Tasks on deals: a quarter done, the rest due from two weeks ago to two months ahead.
    let tasks = format!(
        "INSERT INTO tasks (id, title, priority, due_date, status, done_at, linked_kind,
             linked_id, owner_id, created_by, created_at, updated_at)
         SELECT {id}, {title}, (ARRAY['low','medium','medium','high','critical'])[(1 + s.g % 5)::int],
             (now() + make_interval(days => ((s.g % 75) - 14)::int))::date,
             CASE WHEN s.g % 4 = 0 THEN 'done' WHEN s.g % 4 = 1 THEN 'in_progress' ELSE 'open' END,
             CASE WHEN s.g % 4 = 0 THEN s.ts END,
             'opportunity', o.id, o.owner_id, o.owner_id, s.ts, s.ts
         FROM (
             SELECT g, now() - make_interval(secs => (g * 1299709 % 7776000)) AS ts
             FROM generate_series(1, $1::bigint) g
         ) s
         JOIN (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS rn FROM opportunities) o
             ON o.rn = (s.g * 7919) % $2",
        id = uuid7("s.ts", "'t' || s.g"),
        title = pick("$3::text[]", "s.g"),
    );
    let n = exec(
        tasks,
        vec![
            (plan.tasks as i64).into(),
            (plan.opportunities.max(1) as i64).into(),
            text_array(&plan.task_titles),
        ],
    )
    .await?;
    report.push(("tasks", n));

    // A sample rate for the dollar deals, so board totals add them in (admins can change it).
    exec(
        "UPDATE currencies SET rate_ppm = 920000 WHERE code = 'USD' AND rate_ppm IS NULL".into(),
        vec![],
    )
    .await?;
    for table in &searched {
        exec(format!("ALTER TABLE {table} ENABLE TRIGGER USER"), vec![]).await?;
    }
    // The first statement empties the index; the rest file each kind.
    let mut filed = 0;
    for (i, sql) in refill.into_iter().enumerate() {
        let n = exec(sql, vec![]).await?;
        if i > 0 {
            filed += n;
        }
    }
    report.push(("search_entries", filed));
    txn.commit().await?;
    // Fresh statistics, so the planner sees the real sizes at once. On Postgres also a
    // vacuum: it sets the visibility map, so index-only scans work from the first request
    // and autovacuum does not take the CPU from whatever runs right after a seed.
    let analyze = if db.get_database_backend() == DatabaseBackend::Postgres {
        "VACUUM (ANALYZE)"
    } else {
        "ANALYZE"
    };
    for table in [
        "accounts",
        "contacts",
        "opportunities",
        "activities",
        "activity_links",
        "tasks",
        "search_entries",
    ] {
        db.execute_unprepared(&format!("{analyze} {table}")).await?;
    }
    Ok(report)
}

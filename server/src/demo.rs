//! `nextcrm seed-demo`: fills an empty database with a living demo workspace: a team with
//! every role, companies, people, products and deals spread over the pipeline. Everything is
//! created through the same core services as the web app, as the user who owns it, so the
//! history, permissions and validation are the real ones.

use anyhow::{Context, bail};
use core_svc::dice::Dice;
use core_svc::records::actions;
use core_svc::services::{
    accounts, activities, auth, contacts, contracts, invites, leads, line_items, lookups,
    opportunities, products, tasks,
};
use core_svc::{Actor, Ctx, Via};
use time::Duration;
use types::dto::accounts::{AccountStatus, AccountType, NewAccount};
use types::dto::activities::{ActivityKind, NewActivity};
use types::dto::auth::{Role, SessionUser};
use types::dto::contacts::NewContact;
use types::dto::contracts::{ContractStatus, NewContract};
use types::dto::leads::NewLead;
use types::dto::lookups::{LookupKind, StageKind};
use types::dto::opportunities::{LineItemInput, NewOpportunity, OpportunityType};
use types::dto::products::NewProduct;
use types::dto::records::{Link, RecordKind};
use types::dto::tasks::{NewTask, TaskPriority, TaskStatus};
use types::lang::Lang;
use types::money::Amount;

/// The password of every demo user; the README documents it.
pub const DEMO_PASSWORD: &str = "nextcrm-demo-2026";

/// How much the demo holds.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub accounts: usize,
    pub contacts_per_account: usize,
}

impl Default for Size {
    fn default() -> Self {
        Self {
            accounts: 300,
            contacts_per_account: 2,
        }
    }
}

/// What was made, for the command's report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub users: usize,
    pub products: usize,
    pub accounts: usize,
    pub contacts: usize,
    pub opportunities: usize,
    pub line_items: usize,
    pub leads: usize,
    pub contracts: usize,
    pub tasks: usize,
    pub activities: usize,
    /// Records entered a second time, as the duplicate review finds them.
    pub duplicates: usize,
}

const TEAM: [(&str, &str, Role); 5] = [
    ("Alex Admin", "admin@demo.test", Role::Admin),
    ("Morgan Manager", "manager@demo.test", Role::Manager),
    ("Riley Reyes", "riley@demo.test", Role::User),
    ("Sam Okafor", "sam@demo.test", Role::User),
    ("Jo Lindqvist", "jo@demo.test", Role::User),
];

pub(crate) const COMPANY_STEMS: [&str; 40] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Aperture",
    "Black Mesa",
    "Gringotts",
    "Monarch",
    "Oscorp",
    "Pied Piper",
    "Massive Dynamic",
    "Dunder",
    "Nakatomi",
    "Virtucon",
    "Zorg",
    "Blue Sun",
    "Sirius",
    "Octan",
    "Gekko",
    "Kruger",
    "Ollivander",
    "Prestige",
    "Rekall",
    "Sterling",
    "Tessier",
    "Veidt",
    "Weyland",
    "Yoyodyne",
    "Zenith",
    "Northwind",
    "Contoso",
    "Fabrikam",
];

pub(crate) const COMPANY_TAILS: [&str; 12] = [
    "Industries",
    "GmbH",
    "Ltd",
    "Labs",
    "Group",
    "Systems",
    "Logistics",
    "Analytics",
    "Foods",
    "Energy",
    "Partners",
    "Robotics",
];

const CITIES: [(&str, &str); 12] = [
    ("Berlin", "Germany"),
    ("Munich", "Germany"),
    ("Paris", "France"),
    ("Lyon", "France"),
    ("Madrid", "Spain"),
    ("Prague", "Czechia"),
    ("Kyiv", "Ukraine"),
    ("Tokyo", "Japan"),
    ("London", "United Kingdom"),
    ("New York", "United States"),
    ("Austin", "United States"),
    ("Toronto", "Canada"),
];

pub(crate) const FIRST_NAMES: [&str; 24] = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Radia",
    "Tim",
    "Hedy",
    "Claude",
    "Frances",
    "John",
    "Katherine",
    "Edsger",
    "Sophie",
    "Yuki",
    "Olena",
    "Jan",
    "Lucía",
    "Pierre",
    "Hana",
    "Mateo",
];

pub(crate) const LAST_NAMES: [&str; 24] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Shannon",
    "Allen",
    "Backus",
    "Johnson",
    "Dijkstra",
    "Wilson",
    "Tanaka",
    "Shevchenko",
    "Novák",
    "García",
    "Dubois",
    "Sato",
    "Fernández",
];

pub(crate) const POSITIONS: [&str; 10] = [
    "CEO",
    "CTO",
    "Head of Procurement",
    "Purchasing Manager",
    "IT Director",
    "Operations Lead",
    "CFO",
    "Office Manager",
    "Project Manager",
    "Sales Director",
];

/// (name, SKU, price in EUR, tax %, unit)
const PRODUCTS: [(&str, &str, &str, &str, &str); 12] = [
    ("CRM Seat (annual)", "SEAT-Y", "480", "19", "seat"),
    ("CRM Seat (monthly)", "SEAT-M", "45", "19", "seat"),
    ("Onboarding workshop", "SRV-ONB", "1200", "19", "day"),
    ("Data migration", "SRV-MIG", "2500", "19", "project"),
    ("Premium support", "SUP-PRM", "3000", "19", "year"),
    ("Custom integration", "SRV-INT", "950", "19", "day"),
    ("Training session", "SRV-TRN", "600", "19", "session"),
    ("Analytics add-on", "ADD-ANL", "1800", "19", "year"),
    ("Email add-on", "ADD-EML", "900", "19", "year"),
    ("Hardware scanner", "HW-SCN", "249.90", "19", "piece"),
    ("Consulting hour", "SRV-HR", "150", "19", "hour"),
    ("Priority SLA", "SUP-SLA", "5000", "19", "year"),
];

/// (kind, subject, outcome)
pub(crate) const TOUCHES: [(ActivityKind, &str, &str); 6] = [
    (
        ActivityKind::Call,
        "Discovery call",
        "Interested, wants a demo",
    ),
    (
        ActivityKind::Meeting,
        "Product demo",
        "Asked for a proposal",
    ),
    (
        ActivityKind::Email,
        "Sent the proposal",
        "Awaiting feedback",
    ),
    (
        ActivityKind::Call,
        "Follow-up call",
        "Reviewing with finance",
    ),
    (ActivityKind::Note, "Budget confirmed", ""),
    (
        ActivityKind::Meeting,
        "Quarterly review",
        "Happy with the rollout",
    ),
];

pub(crate) const TASKS: [&str; 6] = [
    "Prepare the proposal",
    "Book the demo",
    "Send the contract draft",
    "Check the renewal terms",
    "Introduce the support team",
    "Update the forecast",
];

/// Why deals were lost (kept only on the deals in a lost stage).
pub(crate) const LOST_REASONS: [&str; 4] = [
    "Chose a competitor",
    "No budget this year",
    "Went quiet after the demo",
    "Built it in-house",
];

pub(crate) const NEXT_STEPS: [&str; 6] = [
    "Send the proposal",
    "Schedule a demo",
    "Call the decision maker",
    "Negotiate the terms",
    "Wait for the budget approval",
    "Prepare the contract",
];

fn as_actor(user: &SessionUser) -> Actor {
    Actor {
        user_id: user.id,
        role: user.role,
        via: Via::System,
    }
}

/// Reports a refused service call with the fields it named, not just "validation failed".
pub(crate) fn explain(e: core_svc::CoreError) -> anyhow::Error {
    match e {
        core_svc::CoreError::Validation(fields) => {
            let f: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.key))
                .collect();
            anyhow::anyhow!("invalid demo data: {}", f.join(", "))
        }
        other => anyhow::Error::new(other),
    }
}

/// Signs the team up the way people do: the first member sets up the workspace as its admin
/// and invites the others, who accept with `password`. Members are (name, email, role).
pub(crate) async fn team<S: AsRef<str>>(
    ctx: &Ctx,
    members: &[(S, S, Role)],
    password: &str,
) -> anyhow::Result<Vec<SessionUser>> {
    let Some(((name, email, _), rest)) = members.split_first() else {
        bail!("a team needs at least its admin");
    };
    let admin = auth::setup_first_admin(
        ctx,
        auth::NewAccount {
            name: name.as_ref().into(),
            email: email.as_ref().into(),
            password: password.into(),
            lang: Lang::En,
        },
    )
    .await
    .map_err(explain)?;
    let mut users = vec![admin.clone()];
    for (name, email, role) in rest {
        let invite = invites::create(ctx, &as_actor(&admin), email.as_ref(), *role)
            .await
            .map_err(explain)?;
        let user = invites::accept(
            ctx,
            invites::Acceptance {
                token: invite.token,
                name: name.as_ref().into(),
                password: password.into(),
                lang: Lang::En,
            },
        )
        .await
        .map_err(explain)?;
        users.push(user);
    }
    Ok(users)
}

/// Fills an empty database. Refuses when anyone has signed up already.
pub async fn seed(ctx: &Ctx, size: Size) -> anyhow::Result<Summary> {
    if !auth::setup_needed(ctx).await? {
        bail!("the database already has users; seed the demo into a fresh database");
    }
    let mut dice = Dice(2026);
    let mut summary = Summary::default();
    let users = team(ctx, &TEAM, DEMO_PASSWORD).await?;
    summary.users = users.len();
    let manager = as_actor(&users[1]);
    // Sellers own the records: the manager and the three reps.
    let sellers: Vec<Actor> = users[1..].iter().map(as_actor).collect();

    let mut catalog = Vec::new();
    for (name, sku, price, tax, unit) in PRODUCTS {
        let input = NewProduct {
            name: name.into(),
            sku: Some(sku.into()),
            price: Some(price.into()),
            currency: Some("EUR".into()),
            tax_rate: types::validate::rate(tax).ok().flatten(),
            unit: Some(unit.into()),
            active: Some(true),
            description: None,
        };
        let p = products::create(ctx, &manager, input)
            .await
            .map_err(explain)?;
        catalog.push(p.id.to_string());
    }
    summary.products = catalog.len();

    let industries = lookups::values(ctx, &manager, LookupKind::Industry).await?;
    let contact_types = lookups::values(ctx, &manager, LookupKind::ContactType).await?;
    let stages = lookups::stages(ctx, &manager).await?;
    // Most deals are open and early; some are won or lost.
    let weighted: Vec<&types::dto::lookups::SalesStage> = stages
        .iter()
        .flat_map(|s| {
            let weight = match s.kind {
                StageKind::Open => 6 - usize::try_from(s.position).unwrap_or(5).clamp(1, 5),
                StageKind::Won => 3,
                StageKind::Lost => 2,
            };
            std::iter::repeat_n(s, weight)
        })
        .collect();
    let today = ctx.now().date();
    // The first few accounts and contacts, to enter again as duplicates at the end.
    let mut retyped_accounts: Vec<(Actor, NewAccount)> = Vec::new();
    let mut retyped_contacts: Vec<(Actor, NewContact)> = Vec::new();

    for i in 0..size.accounts {
        let owner = *dice.pick(&sellers);
        let stem = COMPANY_STEMS[i % COMPANY_STEMS.len()];
        let tail = COMPANY_TAILS[(i / COMPANY_STEMS.len()) % COMPANY_TAILS.len()];
        let (city, country) = *dice.pick(&CITIES);
        let round = i / (COMPANY_STEMS.len() * COMPANY_TAILS.len());
        let name = if round == 0 {
            format!("{stem} {tail}")
        } else {
            format!("{stem} {tail} {city}")
        };
        let domain = format!(
            "{}{}.example",
            stem.to_lowercase().replace(' ', ""),
            tail.to_lowercase()
        );
        let input = NewAccount {
            name: name.clone(),
            website: Some(domain.clone()),
            email: Some(format!("info@{domain}")),
            phone: Some(format!("+49 30 {:07}", dice.below(9_999_999))),
            industry: Some(dice.pick(&industries).id),
            account_type: Some(*dice.pick(&[
                AccountType::Customer,
                AccountType::Prospect,
                AccountType::Partner,
            ])),
            status: Some(if dice.chance(90) {
                AccountStatus::Active
            } else {
                AccountStatus::Inactive
            }),
            annual_revenue: Some(Amount(format!("{}", (dice.below(500) + 1) * 100_000))),
            currency: Some("EUR".into()),
            employees: Some(i32::try_from(dice.below(5000) + 5).unwrap_or(5)),
            billing_address: Some(format!(
                "{} Main Street\n{city}\n{country}",
                dice.below(200) + 1
            )),
            ..NewAccount::default()
        };
        if i < PLANTED_ACCOUNTS {
            retyped_accounts.push((owner, input.clone()));
        }
        let account = accounts::create(ctx, &owner, input)
            .await
            .map_err(explain)?;
        summary.accounts += 1;

        let mut people = Vec::new();
        for _ in 0..size.contacts_per_account {
            let (first, last) = (*dice.pick(&FIRST_NAMES), *dice.pick(&LAST_NAMES));
            let input = NewContact {
                first_name: Some(first.into()),
                last_name: last.into(),
                email: Some(format!(
                    "{}.{}@{domain}",
                    first.to_lowercase(),
                    last.to_lowercase().replace(' ', "")
                )),
                phone: Some(format!("+49 30 {:07}", dice.below(9_999_999))),
                position: Some((*dice.pick(&POSITIONS)).into()),
                contact_type: Some(dice.pick(&contact_types).id),
                tags: dice.chance(30).then(|| vec!["vip".to_owned()]),
                account: Some(account.id),
                ..NewContact::default()
            };
            if i < PLANTED_CONTACTS && people.is_empty() {
                retyped_contacts.push((owner, input.clone()));
            }
            let contact = contacts::create(ctx, &owner, input)
                .await
                .map_err(explain)?;
            people.push(contact.id);
            summary.contacts += 1;
        }

        let stage = *dice.pick(&weighted);
        let close = today + Duration::days(dice.below(270) as i64 - 90);
        let input = NewOpportunity {
            name: format!(
                "{name} – {}",
                dice.pick(&["renewal", "expansion", "pilot", "rollout"])
            ),
            account: Some(account.id),
            contact: people.first().copied(),
            amount: Some(Amount(format!("{}", (dice.below(200) + 1) * 500))),
            currency: Some("EUR".into()),
            close_date: Some(close),
            stage: Some(stage.id),
            opportunity_type: Some(*dice.pick(&[
                OpportunityType::NewBusiness,
                OpportunityType::Upsell,
                OpportunityType::CrossSell,
            ])),
            next_step: Some((*dice.pick(&NEXT_STEPS)).into()),
            lost_reason: (stage.kind == StageKind::Lost)
                .then(|| (*dice.pick(&LOST_REASONS)).into()),
            ..NewOpportunity::default()
        };
        let deal = opportunities::create(ctx, &owner, input)
            .await
            .map_err(explain)?;
        summary.opportunities += 1;
        if dice.chance(35) {
            for _ in 0..dice.below(3) + 1 {
                let line = LineItemInput {
                    product: dice.pick(&catalog).clone(),
                    quantity: format!("{}", dice.below(20) + 1),
                    ..LineItemInput::default()
                };
                line_items::add(ctx, &owner, RecordKind::Opportunity, deal.id.0, line)
                    .await
                    .map_err(explain)?;
                summary.line_items += 1;
            }
        }
        for person in &people {
            for _ in 0..dice.below(3) {
                let (kind, subject, outcome) = *dice.pick(&TOUCHES);
                // Logged calls and meetings happened: within the last four months, never ahead.
                let when = ctx.now() - Duration::minutes(dice.below(120 * 24 * 60) as i64 + 1);
                let input = NewActivity {
                    kind: Some(kind),
                    subject: subject.into(),
                    occurred_at: Some(when),
                    duration_minutes: i32::try_from(15 + dice.below(4) * 15).ok(),
                    outcome: Some(outcome.into()),
                    linked: Some(Link {
                        kind: RecordKind::Contact,
                        id: person.0,
                    }),
                    ..NewActivity::default()
                };
                activities::create(ctx, &owner, input)
                    .await
                    .map_err(explain)?;
                summary.activities += 1;
            }
        }
        if dice.chance(60) {
            let input = NewTask {
                title: (*dice.pick(&TASKS)).into(),
                priority: Some(*dice.pick(&[
                    TaskPriority::Low,
                    TaskPriority::Medium,
                    TaskPriority::High,
                ])),
                due_date: Some(today + Duration::days(dice.below(40) as i64 - 10)),
                status: Some(*dice.pick(&[
                    TaskStatus::Open,
                    TaskStatus::Open,
                    TaskStatus::InProgress,
                    TaskStatus::Done,
                ])),
                linked: Some(Link {
                    kind: RecordKind::Opportunity,
                    id: deal.id.0,
                }),
                ..NewTask::default()
            };
            tasks::create(ctx, &owner, input).await.map_err(explain)?;
            summary.tasks += 1;
        }
        if stage.kind == StageKind::Won {
            let start = close + Duration::days(14);
            let input = NewContract {
                title: format!("{name} – subscription"),
                account: Some(account.id),
                value: Some(Amount(format!("{}", (dice.below(100) + 1) * 1_000))),
                currency: Some("EUR".into()),
                start_date: Some(start),
                end_date: Some(start + Duration::days(365)),
                renewal_reminder_date: Some(start + Duration::days(300)),
                status: Some(ContractStatus::Signed),
                customer_signed_on: Some(close),
                company_signed_on: Some(close),
                ..NewContract::default()
            };
            contracts::create(ctx, &owner, input)
                .await
                .map_err(explain)?;
            summary.contracts += 1;
        }
        // Colleagues help on some deals.
        if dice.chance(15) {
            let helper = *dice.pick(&sellers);
            if helper.user_id != owner.user_id {
                let kind = RecordKind::Opportunity;
                actions::set_watcher(ctx, &owner, kind, deal.id.0, helper.user_id, true)
                    .await
                    .map_err(explain)?;
            }
        }
    }
    let sources = lookups::values(ctx, &manager, LookupKind::LeadSource).await?;
    let lead_statuses = lookups::values(ctx, &manager, LookupKind::LeadStatus).await?;
    let mut first_lead: Option<(Actor, NewLead)> = None;
    for i in 0..size.accounts / 2 {
        let owner = *dice.pick(&sellers);
        let (first, last) = (*dice.pick(&FIRST_NAMES), *dice.pick(&LAST_NAMES));
        let company = format!(
            "{} {}",
            COMPANY_STEMS[(i * 7) % COMPANY_STEMS.len()],
            dice.pick(&["Studio", "Works", "Collective", "Co-op", "Bureau"])
        );
        let input = NewLead {
            first_name: Some(first.into()),
            last_name: last.into(),
            company: Some(company.clone()),
            job_title: Some((*dice.pick(&POSITIONS)).into()),
            email: Some(format!(
                "{}@{}.example",
                first.to_lowercase(),
                company.to_lowercase().replace([' ', '-'], "")
            )),
            source: Some(dice.pick(&sources).id),
            status: Some(dice.pick(&lead_statuses).id),
            ..NewLead::default()
        };
        if first_lead.is_none() {
            first_lead = Some((owner, input.clone()));
        }
        leads::create(ctx, &owner, input).await.map_err(explain)?;
        summary.leads += 1;
    }
    summary.duplicates =
        plant_duplicates(ctx, retyped_accounts, retyped_contacts, first_lead).await?;
    Ok(summary)
}

/// Accounts entered a second time by the demo.
const PLANTED_ACCOUNTS: usize = 2;
/// Contacts entered a second time by the demo.
const PLANTED_CONTACTS: usize = 4;

/// Enters some records again the way duplicates creep into a real CRM: the company under
/// another legal form with its web address written out, a contact retyped with a typo, with
/// given and family name the other way round, with a phone written another way, or with a
/// tagged address, and a lead whose company gained a suffix. The duplicate review finds them.
async fn plant_duplicates(
    ctx: &Ctx,
    accounts_again: Vec<(Actor, NewAccount)>,
    contacts_again: Vec<(Actor, NewContact)>,
    lead_again: Option<(Actor, NewLead)>,
) -> anyhow::Result<usize> {
    let mut planted = 0;
    for (owner, mut account) in accounts_again {
        account.name = format!("{} GmbH", account.name.to_uppercase());
        account.website = account.website.map(|w| format!("https://www.{w}/"));
        account.email = None;
        accounts::create(ctx, &owner, account)
            .await
            .map_err(explain)?;
        planted += 1;
    }
    for (n, (owner, mut contact)) in contacts_again.into_iter().enumerate() {
        match n % 4 {
            0 => {
                contact.last_name = swap_two_letters(&contact.last_name);
                contact.email = contact.email.map(|e| e.to_uppercase());
            }
            1 => {
                let first = contact.first_name.take().unwrap_or_default();
                contact.first_name = Some(std::mem::replace(&mut contact.last_name, first));
            }
            2 => {
                contact.phone = contact
                    .phone
                    .map(|p| p.replacen('+', "00", 1).replace(' ', ""));
                contact.email = None;
            }
            _ => {
                contact.email = contact.email.map(|e| e.replacen('@', "+crm@", 1));
                contact.phone = None;
            }
        }
        contact.tags = None;
        contacts::create(ctx, &owner, contact)
            .await
            .map_err(explain)?;
        planted += 1;
    }
    if let Some((owner, mut lead)) = lead_again {
        lead.company = lead.company.map(|c| format!("{c} Ltd"));
        leads::create(ctx, &owner, lead).await.map_err(explain)?;
        planted += 1;
    }
    Ok(planted)
}

/// A name with two letters in its middle swapped, as fast typing does.
fn swap_two_letters(name: &str) -> String {
    let mut letters: Vec<char> = name.chars().collect();
    if letters.len() >= 4 {
        let i = letters.len() / 2;
        letters.swap(i - 1, i);
    }
    letters.into_iter().collect()
}

/// `nextcrm seed-demo`.
pub async fn run(config: &crate::config::Config) -> anyhow::Result<()> {
    let ctx = crate::database::context(config).await?;
    let summary = seed(&ctx, Size::default())
        .await
        .context("could not seed the demo")?;
    println!(
        "demo ready: {} users, {} products, {} accounts, {} contacts, {} leads, {} opportunities \
         ({} line items), {} contracts, {} tasks, {} activities, {} duplicates to review",
        summary.users,
        summary.products,
        summary.accounts,
        summary.contacts,
        summary.leads,
        summary.opportunities,
        summary.line_items,
        summary.contracts,
        summary.tasks,
        summary.activities,
        summary.duplicates
    );
    println!("sign in as {} with the password {DEMO_PASSWORD}", TEAM[0].1);
    Ok(())
}

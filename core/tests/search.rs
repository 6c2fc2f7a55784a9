//! Global search on both databases: typo-tolerant and prefix matches ranked best first,
//! scoped by permissions, and kept current by the triggers through edits, the trash, watching
//! and lead conversion.

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::records::actions;
use core_svc::services::{accounts, contacts, lead_conversion, leads, search, tasks};
use core_svc::{Actor, Ctx};
use types::dto::accounts::AccountInput;
use types::dto::auth::Role;
use types::dto::contacts::ContactInput;
use types::dto::leads::{ConvertInput, LeadInput};
use types::dto::records::RecordKind;
use types::dto::tasks::TaskInput;

fn contact(first: &str, last: &str, email: &str) -> ContactInput {
    ContactInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        email: Some(email.into()),
        ..ContactInput::default()
    }
}

async fn titles(ctx: &Ctx, actor: &Actor, q: &str) -> Vec<String> {
    search::search(ctx, actor, q)
        .await
        .expect("search")
        .into_iter()
        .map(|h| h.title)
        .collect()
}

async fn finds_typos_and_prefixes_ranked(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    for (first, last, email) in [
        ("Alice", "Johnson", "alice@johnson.test"),
        ("Maria", "Johansson", "maria@example.test"),
        ("Bob", "Jones", "bob@jones.test"),
        ("Carol", "Smith", "carol@smith.test"),
    ] {
        contacts::create(&ctx, &a, contact(first, last, email))
            .await
            .expect("contact");
    }
    accounts::create(
        &ctx,
        &a,
        AccountInput {
            name: Some("Johansson Freight".into()),
            ..AccountInput::default()
        },
    )
    .await
    .expect("account");
    tasks::create(
        &ctx,
        &a,
        TaskInput {
            title: Some("Call Carol about renewal".into()),
            ..TaskInput::default()
        },
    )
    .await
    .expect("task");

    // A dropped letter and a wrong one still find the name.
    assert_eq!(
        titles(&ctx, &a, "jonson").await.first().map(String::as_str),
        Some("Alice Johnson")
    );
    assert!(
        titles(&ctx, &a, "Jahnson")
            .await
            .contains(&"Alice Johnson".to_owned())
    );
    // A four-letter prefix: the title that starts with it first, then the other word match.
    let joha = titles(&ctx, &a, "joha").await;
    assert_eq!(joha[..2], ["Johansson Freight", "Maria Johansson"]);
    assert!(!joha.contains(&"Carol Smith".to_owned()));
    // Every kind is searched: a task by a word of its title, a contact by email.
    assert!(
        titles(&ctx, &a, "renewal")
            .await
            .contains(&"Call Carol about renewal".to_owned())
    );
    let by_email = search::search(&ctx, &a, "bob@jones.test")
        .await
        .expect("search");
    assert_eq!(by_email[0].title, "Bob Jones");
    assert_eq!(by_email[0].kind, RecordKind::Contact);
    // Nonsense and one letter find nothing.
    assert!(titles(&ctx, &a, "qqqxz").await.is_empty());
    assert!(titles(&ctx, &a, "j").await.is_empty());
}

async fn results_are_scoped_and_kept_current(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    let manager = invited(&ctx, &admin, "boss@example.com", Role::Manager).await;
    let (r, o, m) = (actor_of(&rep), actor_of(&other), actor_of(&manager));
    let mine = contacts::create(&ctx, &r, contact("Petra", "Novakova", ""))
        .await
        .expect("contact");
    contacts::create(&ctx, &o, contact("Petr", "Novak", ""))
        .await
        .expect("other's contact");
    // A rep finds only what they may see; a manager finds both.
    assert_eq!(titles(&ctx, &r, "novak").await, ["Petra Novakova"]);
    assert_eq!(titles(&ctx, &m, "novak").await.len(), 2);
    // Watching lets the rep find the other's contact too.
    let theirs = search::search(&ctx, &m, "petr novak")
        .await
        .expect("search");
    assert_eq!(theirs[0].title, "Petr Novak", "the exact name ranks first");
    actions::set_watcher(&ctx, &o, RecordKind::Contact, theirs[0].id, rep.id, true)
        .await
        .expect("watch");
    assert_eq!(titles(&ctx, &r, "novak").await.len(), 2);

    // A rename is found under the new name only.
    let mut input = contact("Petra", "Svobodova", "");
    input.account = Some(String::new());
    contacts::update(&ctx, &r, mine.id, input)
        .await
        .expect("rename");
    assert_eq!(titles(&ctx, &r, "svobodova").await, ["Petra Svobodova"]);
    assert_eq!(
        titles(&ctx, &r, "svobdova").await,
        ["Petra Svobodova"],
        "a rep's search tolerates typos too"
    );
    assert!(
        !titles(&ctx, &r, "novakova")
            .await
            .contains(&"Petra Novakova".to_owned())
    );
    // The trash hides it; restoring brings it back.
    actions::delete(&ctx, &r, RecordKind::Contact, &[mine.id.0])
        .await
        .expect("trash");
    assert!(titles(&ctx, &r, "svobodova").await.is_empty());
    actions::restore(&ctx, &r, RecordKind::Contact, mine.id.0)
        .await
        .expect("restore");
    assert_eq!(titles(&ctx, &r, "svobodova").await, ["Petra Svobodova"]);

    // A converted lead gives way to the contact it became.
    let lead = leads::create(
        &ctx,
        &r,
        LeadInput {
            first_name: Some("Ivo".into()),
            last_name: Some("Dvorak".into()),
            company: Some("Dvorak Glass".into()),
            ..LeadInput::default()
        },
    )
    .await
    .expect("lead");
    let found = search::search(&ctx, &r, "dvorak").await.expect("search");
    assert!(found.iter().any(|h| h.kind == RecordKind::Lead));
    lead_conversion::convert(&ctx, &r, lead.id, ConvertInput::default())
        .await
        .expect("converted");
    let kinds: Vec<_> = search::search(&ctx, &r, "ivo dvorak")
        .await
        .expect("search")
        .into_iter()
        .map(|h| h.kind)
        .collect();
    assert!(kinds.contains(&RecordKind::Contact));
    assert!(!kinds.contains(&RecordKind::Lead));
}

on_both!(
    finds_typos_and_prefixes_ranked,
    results_are_scoped_and_kept_current,
);

//! User journeys in headless Chromium against the real server and a fresh database.
//! They run in name order on one server (`--test-threads=1`): j01 performs first-run setup,
//! which the later journeys rely on.

mod support;

use playwright_rs::{SelectOption, expect};
use support::*;

#[tokio::test]
async fn j01_first_run_setup_language_and_sign_out() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;

    // With no user yet, every page leads to /setup.
    page.goto(&url("/admin/users"), None).await?;
    at(&page, "/setup").await?;
    hydrated(&page).await?;
    heading_is(&page, "Set up your CRM").await?;
    every_control_is_labelled(&page).await?;

    // The shared rules run in the browser as soon as a field is left.
    let password = page.get_by_label("Password", true);
    password.fill("too short", None).await?;
    page.get_by_label("Name", true).click(None).await?;
    expect(page.locator("#field-password-error"))
        .to_have_text("Use at least 12 characters.")
        .await?;

    page.get_by_label("Name", true)
        .fill(ADMIN_NAME, None)
        .await?;
    page.get_by_label("Email", true)
        .fill(ADMIN_EMAIL, None)
        .await?;
    password.fill(ADMIN_PASSWORD, None).await?;
    button(&page, "Create admin account").click(None).await?;
    at(&page, "/").await?;
    heading_is(&page, &format!("Welcome, {ADMIN_NAME}")).await?;

    // Setup is gone now.
    page.goto(&url("/setup"), None).await?;
    at(&page, "/").await?;

    sign_out(&page).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    hydrated(&page).await?;
    heading_is(&page, &format!("Welcome, {ADMIN_NAME}")).await?;

    // Switch to German: the whole UI follows, and it survives a reload.
    page.locator("#language-select")
        .select_option("de", None)
        .await?;
    button(&page, "Apply").click(None).await?;
    heading_is(&page, &format!("Willkommen, {ADMIN_NAME}")).await?;
    expect(page.locator("nav.sidebar li a[href='/']"))
        .to_have_text("Startseite")
        .await?;
    let lang: String = page
        .evaluate("() => document.documentElement.lang", None::<&()>)
        .await?;
    assert_eq!(lang, "de");
    page.reload(None).await?;
    hydrated(&page).await?;
    heading_is(&page, &format!("Willkommen, {ADMIN_NAME}")).await?;
    expect(page.locator("nav.sidebar a[href='/admin/users']"))
        .to_have_text("Benutzer")
        .await?;
    // The wasm holds only the page's catalogue: a page it renders itself, after a client-side
    // navigation (the marker survives, so there was no page load), is German too.
    let _: bool = page
        .evaluate("() => (window.stayedOnPage = true)", None::<&()>)
        .await?;
    page.locator("nav.sidebar a[href='/admin/users']")
        .click(None)
        .await?;
    heading_is(&page, "Benutzer").await?;
    let stayed: bool = page
        .evaluate("() => window.stayedOnPage === true", None::<&()>)
        .await?;
    assert!(stayed, "the users page was rendered by the wasm");

    // Signing out keeps the language (cookie) on the sign-in page.
    sign_out(&page).await?;
    hydrated(&page).await?;
    heading_is(&page, "Anmelden").await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j02_wrong_password_shows_the_error() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    open(&page, "/login").await?;
    page.get_by_label("Email", true)
        .fill(ADMIN_EMAIL, None)
        .await?;
    page.get_by_label("Password", true)
        .fill("definitely not it", None)
        .await?;
    button(&page, "Sign in").click(None).await?;
    expect(page.locator(".alert-error"))
        .to_have_text("The email or password is incorrect.")
        .await?;
    expect_url(&page, "/login").await?;
    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j03_invited_user_joins_and_cannot_open_users_admin() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let admin_ctx = s.context(true).await?;
    let admin = page_in(&admin_ctx).await?;
    sign_in(&admin, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    // j01 left the admin's language on German; the invite journey reads English labels.
    open(&admin, "/profile").await?;
    // The profile form renders once its data arrives.
    admin.locator("#field-lang").wait_for(None).await?;
    every_control_is_labelled(&admin).await?;
    admin
        .locator("#field-lang")
        .select_option("en", None)
        .await?;
    admin
        .locator("form:has(#field-lang) button[type=submit]")
        .click(None)
        .await?;
    heading_is(&admin, "Profile").await?;

    open(&admin, "/admin/users").await?;
    heading_is(&admin, "Users").await?;
    every_control_is_labelled(&admin).await?;
    admin
        .get_by_label("Email", true)
        .fill("bea@e2e.test", None)
        .await?;
    button(&admin, "Create invite link").click(None).await?;
    let link = admin.locator("#invite-link");
    link.wait_for(None).await?;
    let invite_url = link.input_value(None).await?;
    assert!(invite_url.starts_with(&url("/invite/")), "{invite_url}");
    expect(admin.locator(".plain-list"))
        .to_contain_text("bea@e2e.test")
        .await?;

    // The invitee opens the link in a browser of their own.
    let bea_ctx = s.context(true).await?;
    let bea = page_in(&bea_ctx).await?;
    bea.goto(&invite_url, None).await?;
    hydrated(&bea).await?;
    heading_is(&bea, "Join your team").await?;
    every_control_is_labelled(&bea).await?;
    bea.get_by_label("Name", true)
        .fill("Bea Invitee", None)
        .await?;
    bea.get_by_label("Password", true)
        .fill("bea-e2e-password-1", None)
        .await?;
    button(&bea, "Create my account").click(None).await?;
    at(&bea, "/").await?;
    heading_is(&bea, "Welcome, Bea Invitee").await?;

    // The link is single-use.
    let reuse = page_in(&s.context(true).await?).await?;
    reuse.goto(&invite_url, None).await?;
    expect(reuse.locator(".alert-error"))
        .to_have_text("This invitation link is invalid, has expired or was already used.")
        .await?;

    sign_out(&bea).await?;
    sign_in(&bea, "bea@e2e.test", "bea-e2e-password-1").await?;
    assert_eq!(
        bea.locator("nav.sidebar a[href='/admin/users']")
            .count()
            .await?,
        0
    );
    let res = bea.goto(&url("/admin/users"), None).await?;
    assert_eq!(res.map(|r| r.status()), Some(404));
    heading_is(&bea, "Page not found").await?;

    // The admin sees the new member in the list.
    admin.reload(None).await?;
    hydrated(&admin).await?;
    expect(admin.locator("table"))
        .to_contain_text("Bea Invitee")
        .await?;

    admin_ctx.close().await?;
    bea_ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j04_forms_work_without_javascript() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(false).await?;
    let page = page_in(&ctx).await?;
    page.goto(&url("/login"), None).await?;
    heading_is(&page, "Sign in").await?;
    every_control_is_labelled(&page).await?;

    // A failed post comes back to the form with the translated error.
    page.get_by_label("Email", true)
        .fill(ADMIN_EMAIL, None)
        .await?;
    page.get_by_label("Password", true)
        .fill("wrong password here", None)
        .await?;
    button(&page, "Sign in").click(None).await?;
    expect(page.locator(".alert-error"))
        .to_have_text("The email or password is incorrect.")
        .await?;

    // Field errors too.
    page.get_by_label("Email", true)
        .fill("not-an-email", None)
        .await?;
    page.get_by_label("Password", true)
        .fill("whatever it is", None)
        .await?;
    button(&page, "Sign in").click(None).await?;
    expect(page.locator("#field-email-error"))
        .to_have_text("Enter a valid email address, like name@example.com.")
        .await?;

    page.get_by_label("Email", true)
        .fill(ADMIN_EMAIL, None)
        .await?;
    page.get_by_label("Password", true)
        .fill(ADMIN_PASSWORD, None)
        .await?;
    button(&page, "Sign in").click(None).await?;
    at(&page, "/").await?;
    heading_is(&page, &format!("Welcome, {ADMIN_NAME}")).await?;
    let hydrated: bool = page
        .evaluate(
            "() => document.documentElement.hasAttribute('data-hydrated')",
            None::<&()>,
        )
        .await?;
    assert!(
        !hydrated,
        "JavaScript was disabled, nothing may have hydrated"
    );

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j05_admin_edits_lookups() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    open(&page, "/admin/lookups").await?;
    heading_is(&page, "Lookups").await?;
    every_control_is_labelled(&page).await?;

    // A won stage must be 100%: the error comes back translated, nothing is added.
    page.locator("#new-stage-name")
        .fill("Closed early", None)
        .await?;
    page.locator("#new-stage-probability")
        .fill("90", None)
        .await?;
    page.locator("#new-stage-kind")
        .select_option("won", None)
        .await?;
    page.locator("form:has(#new-stage-name) button[type=submit]")
        .click(None)
        .await?;
    expect(page.locator("#new-stage-probability-error"))
        .to_have_text("A won stage has a probability of 100%.")
        .await?;

    page.locator("#new-stage-kind")
        .select_option("open", None)
        .await?;
    page.locator("#new-stage-name").fill("Demo", None).await?;
    page.locator("#new-stage-probability")
        .fill("30", None)
        .await?;
    page.locator("form:has(#new-stage-name) button[type=submit]")
        .click(None)
        .await?;
    let rows = page.locator("section[aria-labelledby=stages-heading] tbody tr");
    expect(rows.clone()).to_have_count(8).await?;
    expect(rows.last().locator("input[name=name]"))
        .to_have_value("Demo")
        .await?;

    // Move it up one place: it now comes before Lost.
    button(&page, "Move Demo up").click(None).await?;
    expect(rows.nth(6).locator("input[name=name]"))
        .to_have_value("Demo")
        .await?;

    // Add an industry; it shows in its list.
    page.locator("#new-industry-name")
        .fill("Aerospace", None)
        .await?;
    page.locator("form:has(#new-industry-name) button[type=submit]")
        .click(None)
        .await?;
    let industries = page
        .locator("section[aria-labelledby=lookups-industry-heading] .lookup-list input[name=name]");
    expect(industries.last()).to_have_value("Aerospace").await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j06_account_contact_edit_history_trash_restore() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // An empty list says how to start.
    open(&page, "/accounts").await?;
    heading_is(&page, "Accounts").await?;
    expect(page.locator(".empty-state"))
        .to_contain_text("No accounts yet")
        .await?;
    every_control_is_labelled(&page).await?;

    page.locator(".empty-state a").click(None).await?;
    at(&page, "/accounts/new").await?;
    hydrated(&page).await?;
    page.locator("#field-currency").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.get_by_label("Name", true).fill("Globex", None).await?;
    page.get_by_label("Website", true)
        .fill("globex.example", None)
        .await?;
    page.get_by_label("Annual revenue", true)
        .fill("1250.5", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Globex").await?;
    let account_url = page.url();
    expect(page.locator("dl.facts"))
        .to_contain_text("€1,250.50")
        .await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("https://globex.example")
        .await?;

    // Add a contact from the account page; it shows among the account's contacts.
    page.get_by_role(
        playwright_rs::AriaRole::Link,
        Some(
            playwright_rs::GetByRoleOptions::default()
                .name("Contacts")
                .exact(true),
        ),
    )
    .last()
    .click(None)
    .await?;
    page.get_by_label("Last name", true)
        .fill("Hopper", None)
        .await?;
    page.get_by_label("First name", true)
        .fill("Grace", None)
        .await?;
    page.get_by_label("Email", true)
        .fill("grace@globex.example", None)
        .await?;
    button(&page, "Create").click(None).await?;
    expect(page.locator("#contacts-heading + * table, section table"))
        .to_contain_text("Grace Hopper")
        .await?;

    // Edit the account, then find the change in its history.
    page.goto(&account_url, None).await?;
    hydrated(&page).await?;
    page.get_by_role(
        playwright_rs::AriaRole::Link,
        Some(
            playwright_rs::GetByRoleOptions::default()
                .name("Edit")
                .exact(true),
        ),
    )
    .click(None)
    .await?;
    heading_is(&page, "Edit Globex").await?;
    hydrated(&page).await?;
    page.get_by_label("Name", true)
        .fill("Globex Corp", None)
        .await?;
    button(&page, "Save").click(None).await?;
    heading_is(&page, "Globex Corp").await?;
    page.get_by_role(
        playwright_rs::AriaRole::Link,
        Some(
            playwright_rs::GetByRoleOptions::default()
                .name("History")
                .exact(true),
        ),
    )
    .click(None)
    .await?;
    let changes = page.locator("ol.history li").first();
    expect(changes.clone())
        .to_contain_text("Ada Admin made changes")
        .await?;
    let cells = changes.locator("tbody tr").first().locator("td");
    for (i, text) in [(0, "Name"), (1, "Globex"), (2, "Globex Corp")] {
        expect(cells.nth(i)).to_have_text(text).await?;
    }

    // Delete it: it leaves the list and waits in the trash, from where it comes back.
    button(&page, "Move to trash").click(None).await?;
    at(&page, "/accounts").await?;
    expect(page.locator(".empty-state"))
        .to_contain_text("No accounts yet")
        .await?;
    open(&page, "/trash").await?;
    heading_is(&page, "Trash").await?;
    expect(page.locator("table"))
        .to_contain_text("Globex Corp")
        .await?;
    every_control_is_labelled(&page).await?;
    button(&page, "Restore").click(None).await?;
    expect(page.locator(".empty-state"))
        .to_contain_text("Nothing of this kind is in the trash.")
        .await?;
    open(&page, "/accounts").await?;
    expect(page.locator("table"))
        .to_contain_text("Globex Corp")
        .await?;
    expect(page.locator("table"))
        .to_contain_text("€1,250.50")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j07_a_user_cannot_reach_another_users_contact() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let admin_ctx = s.context(true).await?;
    let admin = page_in(&admin_ctx).await?;
    sign_in(&admin, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    open(&admin, "/contacts/new").await?;
    heading_is(&admin, "New contact").await?;
    admin
        .get_by_label("Last name", true)
        .fill("Secretsson", None)
        .await?;
    button(&admin, "Create").click(None).await?;
    heading_is(&admin, "Secretsson").await?;
    let contact_url = admin.url();
    open(&admin, "/contacts?q=secret").await?;
    expect(admin.locator("table"))
        .to_contain_text("Secretsson")
        .await?;

    // Bea (a user, from j03) neither finds it in her lists nor opens it by its URL.
    let bea_ctx = s.context(true).await?;
    let bea = page_in(&bea_ctx).await?;
    sign_in(&bea, "bea@e2e.test", "bea-e2e-password-1").await?;
    open(&bea, "/contacts").await?;
    expect(bea.locator(".empty-state"))
        .to_contain_text("No contacts yet")
        .await?;
    open(&bea, "/contacts?q=secret").await?;
    expect(bea.locator(".empty-state"))
        .to_contain_text("Nothing matches these filters.")
        .await?;
    let res = bea.goto(&contact_url, None).await?;
    assert_eq!(res.map(|r| r.status()), Some(404));
    heading_is(&bea, "Page not found").await?;

    admin_ctx.close().await?;
    bea_ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j08_opportunity_with_line_items_edit_history_trash() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // A product for the catalog.
    open(&page, "/products/new").await?;
    heading_is(&page, "New product").await?;
    page.locator("#field-currency").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.get_by_label("Name", true).fill("Widget", None).await?;
    page.get_by_label("Price", true).fill("19.99", None).await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    page.get_by_label("Tax rate (%)", true)
        .fill("19", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Widget").await?;

    // A deal started from the account page (Globex Corp, from j06).
    open_first_row(&page, "/accounts?q=globex", "Globex Corp").await?;
    link(&page, "Opportunities").last().click(None).await?;
    link(&page, "New opportunity").last().click(None).await?;
    heading_is(&page, "New opportunity").await?;
    hydrated(&page).await?;
    page.locator("#field-currency").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    expect(page.locator("#field-account"))
        .to_have_value("Globex Corp")
        .await?;
    page.get_by_label("Name", true)
        .fill("Globex expansion", None)
        .await?;
    page.get_by_label("Expected close", true)
        .fill("2027-03-31", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Globex expansion").await?;
    let deal_url = page.url();

    // Line items: a product line chosen by keyboard in the picker, then a free-text line.
    link(&page, "Line items").click(None).await?;
    let product = page.locator("#line-product");
    product.fill("Wid", None).await?;
    expect(page.locator("#line-product-list [role=option]").first())
        .to_contain_text("Widget")
        .await?;
    product.press("Enter", None).await?;
    expect(product.clone()).to_have_value("Widget").await?;
    page.locator("#line-quantity").fill("3", None).await?;
    button(&page, "Add line").click(None).await?;
    expect(page.locator("#lines-total"))
        .to_have_text("€71.36")
        .await?;
    page.locator("#line-description")
        .fill("Setup", None)
        .await?;
    page.locator("#line-quantity").fill("1", None).await?;
    page.locator("#line-unit-price").fill("500", None).await?;
    page.locator("#line-discount-kind")
        .select_option("percent", None)
        .await?;
    page.locator("#line-discount").fill("10", None).await?;
    page.locator("#line-tax").fill("19", None).await?;
    button(&page, "Add line").click(None).await?;
    expect(page.locator("#lines-net"))
        .to_have_text("€509.97")
        .await?;
    expect(page.locator("#lines-tax"))
        .to_have_text("€96.89")
        .await?;
    expect(page.locator("#lines-total"))
        .to_have_text("€606.86")
        .await?;
    every_control_is_labelled(&page).await?;

    // The deal's amount is the lines' total; edit the deal and find it in the history.
    page.goto(&deal_url, None).await?;
    hydrated(&page).await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("€606.86")
        .await?;
    link(&page, "Edit").click(None).await?;
    heading_is(&page, "Edit Globex expansion").await?;
    hydrated(&page).await?;
    page.get_by_label("Next step", true)
        .fill("Send the proposal", None)
        .await?;
    button(&page, "Save").click(None).await?;
    heading_is(&page, "Globex expansion").await?;
    link(&page, "History").click(None).await?;
    let cells = page
        .locator("ol.history li")
        .first()
        .locator("tbody tr")
        .first()
        .locator("td");
    for (i, text) in [(0, "Next step"), (1, "(empty)"), (2, "Send the proposal")] {
        expect(cells.nth(i)).to_have_text(text).await?;
    }

    // Delete, then restore from the trash.
    button(&page, "Move to trash").click(None).await?;
    at(&page, "/opportunities").await?;
    open(&page, "/trash?tab=opportunity").await?;
    expect(page.locator("table"))
        .to_contain_text("Globex expansion")
        .await?;
    button(&page, "Restore").click(None).await?;
    expect(page.locator(".empty-state"))
        .to_contain_text("Nothing of this kind is in the trash.")
        .await?;
    open(&page, "/opportunities").await?;
    expect(page.locator("table"))
        .to_contain_text("Globex expansion")
        .await?;
    expect(page.locator("table"))
        .to_contain_text("€606.86")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j09_timeline_and_tasks_on_record_pages() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // Log a call on Grace Hopper (a contact of Globex Corp, from j06).
    open_first_row(&page, "/contacts?q=hopper", "Grace Hopper").await?;
    link(&page, "Activities").last().click(None).await?;
    page.locator("#activity-subject").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.locator("#activity-subject")
        .fill("Discovery call", None)
        .await?;
    page.locator("#activity-duration").fill("25", None).await?;
    page.locator("#activity-outcome")
        .fill("Wants a proposal", None)
        .await?;
    button(&page, "Log it").click(None).await?;
    expect(page.locator("ol.timeline"))
        .to_contain_text("Discovery call")
        .await?;
    expect(page.locator("ol.timeline"))
        .to_contain_text("Wants a proposal")
        .await?;

    // The call's page lists what it is linked to; link it to the deal as well.
    page.locator("ol.timeline a").first().click(None).await?;
    heading_is(&page, "Discovery call").await?;
    hydrated(&page).await?;
    let links = page.locator("section[aria-labelledby=links-heading] ul.plain-list");
    expect(links.clone())
        .to_contain_text("Grace Hopper")
        .await?;
    expect(links.clone()).to_contain_text("Globex Corp").await?;
    every_control_is_labelled(&page).await?;
    page.locator("#link-kind")
        .select_option("opportunity", None)
        .await?;
    let record = page.locator("#link-record-opportunity");
    record.fill("expansion", None).await?;
    expect(
        page.locator("#link-record-opportunity-list [role=option]")
            .first(),
    )
    .to_contain_text("Globex expansion")
    .await?;
    record.press("Enter", None).await?;
    button(&page, "Link").click(None).await?;
    expect(links).to_contain_text("Globex expansion").await?;

    // The account's timeline shows it too.
    open_first_row(&page, "/accounts?q=globex", "Globex Corp").await?;
    link(&page, "Activities").last().click(None).await?;
    expect(page.locator("ol.timeline"))
        .to_contain_text("Discovery call")
        .await?;

    // A task about the account, then done from its page, with a comment.
    link(&page, "Tasks").last().click(None).await?;
    page.locator("#task-title").wait_for(None).await?;
    page.locator("#task-title")
        .fill("Send the proposal", None)
        .await?;
    page.locator("#task-due").fill("2026-12-01", None).await?;
    button(&page, "Add a task").click(None).await?;
    let tasks = page.locator("#tasks-heading + * table, section table");
    expect(tasks.clone())
        .to_contain_text("Send the proposal")
        .await?;
    tasks.locator("a").first().click(None).await?;
    heading_is(&page, "Send the proposal").await?;
    hydrated(&page).await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("Globex Corp")
        .await?;
    page.get_by_label("Add a comment", true)
        .fill("Drafted, sending tomorrow", None)
        .await?;
    button(&page, "Post comment").click(None).await?;
    expect(page.locator("ol.comments"))
        .to_contain_text("Drafted, sending tomorrow")
        .await?;
    button(&page, "Mark as done").click(None).await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("Done on")
        .await?;
    button(&page, "Reopen").wait_for(None).await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j10_lead_and_contract_with_a_line() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // A lead with its seeded pick-lists.
    open(&page, "/leads/new").await?;
    heading_is(&page, "New lead").await?;
    page.locator("#field-lead_type").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.get_by_label("Last name", true)
        .fill("Lambert", None)
        .await?;
    page.get_by_label("Company", true)
        .fill("Initech", None)
        .await?;
    page.locator("#field-email")
        .fill("not an email", None)
        .await?;
    button(&page, "Create").click(None).await?;
    expect(page.locator("#field-email-error"))
        .to_have_text("Enter a valid email address, like name@example.com.")
        .await?;
    page.locator("#field-email")
        .fill("lambert@initech.example", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Lambert").await?;
    open(&page, "/leads").await?;
    expect(page.locator("table"))
        .to_contain_text("Initech")
        .await?;
    // Bulk: select the row and move it to the trash.
    page.get_by_label("Select Lambert", true)
        .check(None)
        .await?;
    button(&page, "Move to trash").click(None).await?;
    expect(page.locator(".empty-state"))
        .to_contain_text("No leads yet")
        .await?;
    open(&page, "/trash?tab=lead").await?;
    expect(page.locator("table"))
        .to_contain_text("Lambert")
        .await?;

    // A contract started from the account page, valued by its line.
    open_first_row(&page, "/accounts?q=globex", "Globex Corp").await?;
    link(&page, "Contracts").last().click(None).await?;
    link(&page, "New contract").last().click(None).await?;
    heading_is(&page, "New contract").await?;
    hydrated(&page).await?;
    page.locator("#field-currency").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.get_by_label("Title", true)
        .fill("Globex support 2027", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    page.get_by_label("Start date", true)
        .fill("2027-01-01", None)
        .await?;
    page.get_by_label("End date", true)
        .fill("2027-12-31", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Globex support 2027").await?;
    link(&page, "Line items").click(None).await?;
    page.locator("#line-description")
        .fill("Premium support", None)
        .await?;
    page.locator("#line-unit-price").fill("3000", None).await?;
    page.locator("#line-tax").fill("19", None).await?;
    button(&page, "Add line").click(None).await?;
    expect(page.locator("#lines-total"))
        .to_have_text("€3,570.00")
        .await?;
    link(&page, "Overview").click(None).await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("€3,570.00")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j11_records_work_without_javascript() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(false).await?;
    let page = page_in(&ctx).await?;
    page.goto(&url("/login"), None).await?;
    page.get_by_label("Email", true)
        .fill(ADMIN_EMAIL, None)
        .await?;
    page.get_by_label("Password", true)
        .fill(ADMIN_PASSWORD, None)
        .await?;
    button(&page, "Sign in").click(None).await?;
    at(&page, "/").await?;

    // The list renders on the server, filters included.
    page.goto(&url("/accounts?q=globex"), None).await?;
    expect(page.locator("table"))
        .to_contain_text("Globex Corp")
        .await?;

    // A bad form comes back with the field error; a good one creates the record.
    page.goto(&url("/accounts/new"), None).await?;
    heading_is(&page, "New account").await?;
    page.get_by_label("Website", true)
        .fill("not a site", None)
        .await?;
    page.get_by_label("Phone", true)
        .fill("+1 555 0100", None)
        .await?;
    page.get_by_label("Type", true)
        .select_option("partner", None)
        .await?;
    page.get_by_label("Description", true)
        .fill("Met at the fair.", None)
        .await?;
    button(&page, "Create").click(None).await?;
    expect(page.locator("#field-name-error"))
        .to_have_text("This field is required.")
        .await?;
    expect(page.locator("#field-website-error"))
        .to_have_text("Enter a web address, like https://example.com.")
        .await?;
    // ...and nothing typed is lost, without JavaScript too.
    expect(page.get_by_label("Website", true))
        .to_have_value("not a site")
        .await?;
    expect(page.get_by_label("Phone", true))
        .to_have_value("+1 555 0100")
        .await?;
    expect(page.get_by_label("Type", true))
        .to_have_value("partner")
        .await?;
    expect(page.get_by_label("Description", true))
        .to_have_value("Met at the fair.")
        .await?;
    page.get_by_label("Name", true).fill("Hooli", None).await?;
    page.get_by_label("Website", true)
        .fill("hooli.example", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Hooli").await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("https://hooli.example")
        .await?;

    // A new record's pick-lists come with the page, so a lead's source is chosen without
    // JavaScript too.
    page.goto(&url("/leads/new"), None).await?;
    heading_is(&page, "New lead").await?;
    page.get_by_label("Last name", true)
        .fill("Plainform", None)
        .await?;
    page.get_by_label("Source", true)
        .select_option(SelectOption::Label("Referral".into()), None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Plainform").await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("Referral")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j12_pipeline_drag_and_keyboard_moves_change_the_totals() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // A deal closing on a day no other deal does, so the board can be narrowed to it.
    open(&page, "/opportunities/new").await?;
    hydrated(&page).await?;
    page.locator("#field-currency").wait_for(None).await?;
    page.get_by_label("Name", true)
        .fill("Board deal", None)
        .await?;
    page.get_by_label("Amount", true).fill("1000", None).await?;
    page.get_by_label("Expected close", true)
        .fill("2027-06-15", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Board deal").await?;

    open(&page, "/pipeline?from=2027-06-15&to=2027-06-15").await?;
    heading_is(&page, "Pipeline").await?;
    hydrated(&page).await?;
    every_control_is_labelled(&page).await?;
    let first = page.locator("section.board-col").nth(0);
    let second = page.locator("section.board-col").nth(1);
    let count = |col: &playwright_rs::Locator| col.locator("[data-total=count]");
    let sum = |col: &playwright_rs::Locator| col.locator("[data-total=sum]");
    expect(count(&first)).to_have_text("1").await?;
    expect(sum(&first)).to_have_text("€1,000.00").await?;
    expect(count(&second)).to_have_text("0").await?;

    // Drag the card to the next stage: both columns' totals follow.
    let card = page.locator(".deal-card:has-text(\"Board deal\")");
    card.drag_to(&second, None::<playwright_rs::DragToOptions>)
        .await?;
    expect(count(&second)).to_have_text("1").await?;
    expect(sum(&second)).to_have_text("€1,000.00").await?;
    expect(count(&first)).to_have_text("0").await?;
    expect(sum(&first)).to_have_text("€0.00").await?;

    // From the keyboard: Move… opens the dialog; a lost stage asks why.
    let lost = page.locator("section.board-col[data-kind=lost]");
    let lost_stage = lost.get_attribute("data-stage").await?.unwrap_or_default();
    let move_button = button(&page, "Move Board deal");
    move_button.focus().await?;
    move_button.press("Enter", None).await?;
    let dialog = page.locator("[role=dialog]");
    expect(dialog.clone()).to_be_visible().await?;
    page.get_by_label("Stage", true)
        .select_option(lost_stage.as_str(), None)
        .await?;
    button(&page, "Move").click(None).await?;
    expect(page.locator("#move-reason-error"))
        .to_have_text("Say why the deal was lost.")
        .await?;
    page.get_by_label("Lost reason", true)
        .fill("Chose a competitor", None)
        .await?;
    page.get_by_label("Lost reason", true)
        .press("Enter", None)
        .await?;
    expect(dialog).to_have_count(0).await?;
    expect(count(&lost)).to_have_text("1").await?;
    expect(count(&second)).to_have_text("0").await?;

    // The deal page shows why, and its history has every move.
    link(&page, "Board deal").click(None).await?;
    heading_is(&page, "Board deal").await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("Chose a competitor")
        .await?;
    link(&page, "History").click(None).await?;
    expect(page.locator("main"))
        .to_contain_text("Chose a competitor")
        .await?;

    ctx.close().await?;
    s.finish().await
}

/// The "N deals" note of a dashboard figure, as a number.
async fn deals_in(page: &playwright_rs::Page, stat: &str) -> anyhow::Result<u32> {
    let note = page
        .locator(format!("[data-stat={stat}] p.muted"))
        .text_content()
        .await?
        .unwrap_or_default();
    Ok(note
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0))
}

#[tokio::test]
async fn j13_convert_search_and_win_a_deal() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    hydrated(&page).await?;
    let won_before = deals_in(&page, "won-month").await?;

    // A lead, converted into an account, a contact and a deal in one step.
    open(&page, "/leads/new").await?;
    page.get_by_label("First name", true)
        .fill("Ada", None)
        .await?;
    page.get_by_label("Last name", true)
        .fill("Quintessa", None)
        .await?;
    page.get_by_label("Company", true)
        .fill("Zephyr Widgets", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Ada Quintessa").await?;
    hydrated(&page).await?;
    link(&page, "Convert").click(None).await?;
    heading_is(&page, "Convert Ada Quintessa").await?;
    hydrated(&page).await?;
    page.locator("#field-stage").wait_for(None).await?;
    every_control_is_labelled(&page).await?;
    page.get_by_label("Amount", true).fill("2500", None).await?;
    page.get_by_label("Expected close", true)
        .fill("2027-07-20", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&page, "Convert lead").click(None).await?;
    heading_is(&page, "Zephyr Widgets").await?;
    expect(page.locator("dl.facts"))
        .to_contain_text("Ada Quintessa")
        .await?;

    // On the pipeline, in the first stage; dragged to the next, the totals follow.
    open(&page, "/pipeline?from=2027-07-20&to=2027-07-20").await?;
    let first = page.locator("section.board-col").nth(0);
    let second = page.locator("section.board-col").nth(1);
    let count = |col: &playwright_rs::Locator| col.locator("[data-total=count]");
    let sum = |col: &playwright_rs::Locator| col.locator("[data-total=sum]");
    expect(count(&first)).to_have_text("1").await?;
    expect(sum(&first)).to_have_text("€2,500.00").await?;
    page.locator(".deal-card:has-text(\"Zephyr Widgets\")")
        .drag_to(&second, None::<playwright_rs::DragToOptions>)
        .await?;
    expect(count(&second)).to_have_text("1").await?;
    expect(sum(&second)).to_have_text("€2,500.00").await?;
    expect(count(&first)).to_have_text("0").await?;

    // ⌘K / Ctrl-K, a misspelled name, Enter: the contact opens.
    page.keyboard()
        .press(
            "Control+k",
            None::<playwright_rs::protocol::KeyboardOptions>,
        )
        .await?;
    let palette = page.locator("#palette-search");
    expect(palette.clone()).to_be_focused().await?;
    palette.fill("quintesa", None).await?;
    expect(page.locator("#palette-search-list"))
        .to_contain_text("Ada Quintessa")
        .await?;
    palette.press("Enter", None).await?;
    heading_is(&page, "Ada Quintessa").await?;
    assert!(page.url().contains("/contacts/"), "at {}", page.url());
    expect(page.locator("dl.facts"))
        .to_contain_text("Zephyr Widgets")
        .await?;

    // Won from the board's Move… dialog: the dashboard counts it this month.
    open(&page, "/pipeline?from=2027-07-20&to=2027-07-20").await?;
    let won = page.locator("section.board-col[data-kind=won]");
    let won_stage = won.get_attribute("data-stage").await?.unwrap_or_default();
    button(&page, "Move Zephyr Widgets").click(None).await?;
    page.get_by_label("Stage", true)
        .select_option(won_stage.as_str(), None)
        .await?;
    button(&page, "Move").click(None).await?;
    expect(count(&won)).to_have_text("1").await?;
    let won_after = match won_before + 1 {
        1 => "1 deal".to_owned(),
        n => format!("{n} deals"),
    };
    open(&page, "/").await?;
    expect(page.locator("[data-stat=won-month] p.muted"))
        .to_have_text(&won_after)
        .await?;
    expect(page.locator("svg.chart")).to_be_visible().await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j14_exchange_rate_and_display_currency_change_the_totals() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // The admin sets the dollar's rate: 0.9 of the reference currency, the euro.
    open(&page, "/admin/lookups").await?;
    let rate = page.get_by_label("Exchange rate USD", true);
    rate.fill("0.9", None).await?;
    let saved = page.expect_response(None).await?;
    page.locator("form:has(input[aria-label='Exchange rate USD']) button")
        .click(None)
        .await?;
    saved.wait().await?;
    open(&page, "/admin/lookups").await?;
    expect(page.get_by_label("Exchange rate USD", true))
        .to_have_value("0.9")
        .await?;

    // Their profile shows totals in dollars from now on.
    open(&page, "/profile").await?;
    page.get_by_label("Display currency", true)
        .select_option("USD", None)
        .await?;
    // The save answers before the page reloads itself.
    let saved = page.expect_response(None).await?;
    button(&page, "Save profile").click(None).await?;
    saved.wait().await?;
    open(&page, "/profile").await?;
    expect(page.get_by_label("Display currency", true))
        .to_have_value("USD")
        .await?;

    // j13's €2,500 deal, won: the board converts it at the new rate (2,500 / 0.9).
    open(&page, "/pipeline?from=2027-07-20&to=2027-07-20").await?;
    let won = page.locator("section.board-col[data-kind=won]");
    expect(won.locator("[data-total=sum]"))
        .to_have_text("$2,777.78")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j15_filters_follow_the_url_and_pages_do_not_outlive_sign_out() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    // The history writes money the way the rest of the UI does.
    open(&page, "/accounts/new").await?;
    page.locator("#field-currency").wait_for(None).await?;
    page.get_by_label("Name", true)
        .fill("Filterby Ltd", None)
        .await?;
    page.get_by_label("Annual revenue", true)
        .fill("2913.15", None)
        .await?;
    page.locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Filterby Ltd").await?;
    let account_url = page.url();
    link(&page, "History").click(None).await?;
    expect(page.locator("ol.history"))
        .to_contain_text("€2,913.15")
        .await?;

    // Applying a filter writes only what differs from the defaults into the URL.
    open(&page, "/accounts").await?;
    let search = page.locator("#filter-q");
    search.fill("Filterby", None).await?;
    page.locator("form.filters button[type=submit]")
        .click(None)
        .await?;
    at(&page, "/accounts?q=Filterby").await?;
    expect(page.locator("table tbody"))
        .to_contain_text("Filterby Ltd")
        .await?;
    search.fill("Globex", None).await?;
    page.locator("form.filters button[type=submit]")
        .click(None)
        .await?;
    at(&page, "/accounts?q=Globex").await?;

    // Back twice: the search box shows what the rows are filtered by each time.
    page.go_back(None).await?;
    at(&page, "/accounts?q=Filterby").await?;
    expect(search.clone()).to_have_value("Filterby").await?;
    page.go_back(None).await?;
    at(&page, "/accounts").await?;
    expect(search.clone()).to_have_value("").await?;
    // Applying now keeps the list unfiltered instead of bringing the old text back.
    page.locator("form.filters button[type=submit]")
        .click(None)
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(page.url(), url("/accounts"));
    expect(page.locator("table tbody"))
        .to_contain_text("Globex Corp")
        .await?;

    // After signing out, Back does not show the record again.
    page.goto(&account_url, None).await?;
    heading_is(&page, "Filterby Ltd").await?;
    hydrated(&page).await?;
    sign_out(&page).await?;
    page.go_back(None).await?;
    page.wait_for_url(&format!("{}**", url("/login")), None)
        .await?;
    heading_is(&page, "Sign in").await?;
    expect(page.locator("body"))
        .not()
        .to_contain_text("Filterby Ltd")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j16_two_tabs_editing_one_deal_conflict() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let first = page_in(&ctx).await?;
    sign_in(&first, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    open(&first, "/opportunities/new").await?;
    first.locator("#field-currency").wait_for(None).await?;
    first
        .get_by_label("Name", true)
        .fill("Two tabs deal", None)
        .await?;
    first
        .get_by_label("Expected close", true)
        .fill("2027-05-31", None)
        .await?;
    first
        .locator("#field-currency")
        .select_option("EUR", None)
        .await?;
    button(&first, "Create").click(None).await?;
    heading_is(&first, "Two tabs deal").await?;
    let edit = format!("{}/edit", first.url());
    let edit = edit.trim_start_matches(&base()).to_owned();

    // The same deal's form open in two tabs.
    let second = page_in(&ctx).await?;
    open(&first, &edit).await?;
    open(&second, &edit).await?;
    first
        .get_by_label("Next step", true)
        .fill("From the first tab", None)
        .await?;
    button(&first, "Save").click(None).await?;
    heading_is(&first, "Two tabs deal").await?;
    expect(first.locator("dl.facts"))
        .to_contain_text("From the first tab")
        .await?;

    // The second tab was filled in on the old version: its save is refused, not merged over.
    second
        .get_by_label("Next step", true)
        .fill("From the second tab", None)
        .await?;
    button(&second, "Save").click(None).await?;
    expect(second.locator(".alert-error"))
        .to_contain_text("Someone changed this record while you were editing it.")
        .await?;
    open(&second, &edit).await?;
    expect(second.get_by_label("Next step", true))
        .to_have_value("From the first tab")
        .await?;

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j17_an_api_key_made_on_the_profile_works_until_revoked() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;

    open(&page, "/profile").await?;
    page.locator("#field-api-key-name")
        .fill("Nightly export", None)
        .await?;
    page.get_by_label("Access", true)
        .select_option("read-write", None)
        .await?;
    button(&page, "Create key").click(None).await?;
    let secret_box = page.locator("#api-key-secret");
    expect(secret_box.clone()).to_be_visible().await?;
    let secret = secret_box.input_value(None).await?;
    anyhow::ensure!(secret.starts_with("ncrm_"), "not a key: {secret:?}");
    let row = page.locator("tr:has(th:text-is('Nightly export'))");
    expect(row.clone()).to_contain_text("Active").await?;
    every_control_is_labelled(&page).await?;

    // The reference sits one link away, served whole by the server; its sections are
    // reachable from the keyboard.
    link(&page, "Read the API reference.").click(None).await?;
    expect(page.locator("h1"))
        .to_contain_text("REST API reference")
        .await?;
    let contacts = page.locator("nav a[href='#tag-contacts']");
    contacts.focus().await?;
    contacts.press("Enter", None).await?;
    anyhow::ensure!(page.url().ends_with("#tag-contacts"), "{}", page.url());
    expect(page.locator("#op-create_contact"))
        .to_contain_text("POST /contacts")
        .await?;
    page.go_back(None).await?;

    // The key works from a script, as its user.
    let bearer = format!("Bearer {secret}");
    let (status, body) = http("GET", "/api/v1/me", &[("Authorization", &bearer)]).await?;
    anyhow::ensure!(status == 200, "GET /api/v1/me: {status} {body}");
    anyhow::ensure!(
        body.contains(ADMIN_EMAIL) && body.contains("read-write"),
        "{body}"
    );
    let (status, _) = http(
        "GET",
        "/api/v1/contacts?limit=1",
        &[("Authorization", &bearer)],
    )
    .await?;
    anyhow::ensure!(status == 200, "GET /api/v1/contacts: {status}");

    // Admins see every key; last use shows. Revoking stops it at once.
    open(&page, "/admin/api-keys").await?;
    heading_is(&page, "API keys of every user").await?;
    let row = page.locator("tr:has(th:text-is('Nightly export'))");
    expect(row.clone()).to_contain_text(ADMIN_NAME).await?;
    // Cells after the name: key, access, user, created, last used.
    expect(row.locator("td").nth(4))
        .not()
        .to_have_text("Never")
        .await?;
    hydrated(&page).await?;
    row.locator("button").click(None).await?;
    expect(row.clone()).to_contain_text("Revoked").await?;
    let (status, body) = http("GET", "/api/v1/me", &[("Authorization", &bearer)]).await?;
    anyhow::ensure!(
        status == 401 && body.contains("api-key-invalid"),
        "{status} {body}"
    );

    ctx.close().await?;
    s.finish().await
}

#[tokio::test]
async fn j18_an_admin_sends_webhooks_and_reads_their_log() -> anyhow::Result<()> {
    let receiver = Receiver::start().await?;
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    hydrated(&page).await?;

    // The admin pages are a wasm chunk of their own: none is fetched until one is opened.
    let wasm = "() => performance.getEntriesByType('resource')
        .filter(e => e.name.endsWith('.wasm')).length";
    let before: u32 = page.evaluate(wasm, None::<&()>).await?;
    link(&page, "Webhooks").click(None).await?;
    heading_is(&page, "Webhooks").await?;
    let after: u32 = page.evaluate(wasm, None::<&()>).await?;
    anyhow::ensure!(
        after > before,
        "opening the page fetched no wasm chunk ({before} then {after})"
    );
    expect(page.locator("main"))
        .to_contain_text("No endpoints yet.")
        .await?;
    every_control_is_labelled(&page).await?;

    // Events are required; errors show next to the fields.
    page.locator("#field-webhook-name")
        .fill("Orders system", None)
        .await?;
    page.locator("#field-webhook-url")
        .fill(&receiver.url, None)
        .await?;
    button(&page, "Add endpoint").click(None).await?;
    expect(page.locator("#new-events-error"))
        .to_have_text("This field is required.")
        .await?;
    page.get_by_label("Contacts: Created", true)
        .check(None)
        .await?;
    page.get_by_label("Contacts: Updated", true)
        .check(None)
        .await?;
    button(&page, "Add endpoint").click(None).await?;
    let secret = page.locator("#webhook-secret");
    expect(secret.clone()).to_be_visible().await?;
    let whsec = secret.input_value(None).await?;

    anyhow::ensure!(whsec.starts_with("whsec_"), "not a secret: {whsec:?}");
    // The name is a link: `:text-is` matches the innermost element, the `a`.
    let row = page.locator("tr:has(th a:text-is('Orders system'))");
    expect(row.clone()).to_contain_text("2 events").await?;
    expect(row.locator(".badge")).to_have_text("On").await?;

    // A change the endpoint wants is sent to it, signed.
    open(&page, "/contacts/new").await?;
    page.get_by_label("Last name", true)
        .fill("Hookworth", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Hookworth").await?;
    let first = receiver.wait_for(1).await?;
    anyhow::ensure!(
        first[0].body.contains("contact.created") && first[0].body.contains("Hookworth"),
        "{:?}",
        first[0].body
    );
    anyhow::ensure!(
        first[0].signature.starts_with("v1,"),
        "{:?}",
        first[0].signature
    );

    // Its page shows the delivery; sending it again repeats the same message.
    open(&page, "/admin/webhooks").await?;
    link(&page, "Orders system").click(None).await?;
    heading_is(&page, "Orders system").await?;
    let delivered = page.locator("tr:has(th code:text-is('contact.created'))");
    expect(delivered.clone())
        .to_contain_text("Delivered")
        .await?;
    expect(delivered.locator("td").nth(1))
        .to_have_text("200")
        .await?;
    every_control_is_labelled(&page).await?;
    delivered
        .get_by_role(
            playwright_rs::AriaRole::Button,
            Some(playwright_rs::GetByRoleOptions::default().name("Send again contact.created")),
        )
        .click(None)
        .await?;
    let again = receiver.wait_for(2).await?;
    anyhow::ensure!(again[1].id == again[0].id, "one webhook-id: {again:?}");
    button(&page, "Refresh").click(None).await?;
    expect(delivered.clone())
        .to_contain_text("Delivered")
        .await?;

    // Turned off, it says so, and a new secret is shown once with the old one still signing.
    button(&page, "Turn off").click(None).await?;
    expect(page.locator(".facts .badge"))
        .to_have_text("Off")
        .await?;
    button(&page, "New secret").click(None).await?;
    expect(secret.clone()).to_be_visible().await?;
    let rotated = secret.input_value(None).await?;
    anyhow::ensure!(rotated.starts_with("whsec_") && rotated != whsec);
    expect(page.locator(".facts"))
        .to_contain_text("Previous secret")
        .await?;

    // Opened straight from the address bar, the lazy page renders on the server and hydrates.
    let endpoint = page.url();
    page.goto(&endpoint, None).await?;
    hydrated(&page).await?;
    heading_is(&page, "Orders system").await?;
    button(&page, "Turn on").click(None).await?;
    expect(page.locator(".facts .badge"))
        .to_have_text("On")
        .await?;

    // A user who is not an admin finds no such page.
    let bea_ctx = s.context(true).await?;
    let bea = page_in(&bea_ctx).await?;
    sign_in(&bea, "bea@e2e.test", "bea-e2e-password-1").await?;
    expect(bea.locator("nav.sidebar a[href='/admin/webhooks']"))
        .to_have_count(0)
        .await?;
    bea.goto(&endpoint, None).await?;
    heading_is(&bea, "Page not found").await?;

    // Deleting it returns to the list, empty again.
    button(&page, "Delete").click(None).await?;
    at(&page, "/admin/webhooks").await?;
    expect(page.locator("main"))
        .to_contain_text("No endpoints yet.")
        .await?;

    bea_ctx.close().await?;
    ctx.close().await?;
    s.finish().await
}

/// Creates an account through its form and returns its page's path.
async fn new_account(
    page: &playwright_rs::Page,
    name: &str,
    description: &str,
) -> anyhow::Result<String> {
    open(page, "/accounts/new").await?;
    page.locator("#field-currency").wait_for(None).await?;
    page.get_by_label("Name", true).fill(name, None).await?;
    page.get_by_label("Description", true)
        .fill(description, None)
        .await?;
    button(page, "Create").click(None).await?;
    heading_is(page, name).await?;
    Ok(page.url().trim_start_matches(&base()).to_owned())
}

#[tokio::test]
async fn j19_search_by_meaning_and_similar_records() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    // `cargo xtask test` serves with the local model; a server without it says so here.
    open(&page, "/admin/search").await?;
    if page.locator("[data-index-state=off]").count().await? > 0 {
        eprintln!("skipped: this server has search by meaning off");
        ctx.close().await?;
        return s.finish().await;
    }
    let verdant = new_account(
        &page,
        "Verdant Glasshouses",
        "Drip irrigation and automatic watering controllers for commercial greenhouses.",
    )
    .await?;
    new_account(
        &page,
        "Drip and Grow",
        "Automatic watering and drip lines for glasshouse growers.",
    )
    .await?;
    new_account(
        &page,
        "Ledger and Sons",
        "Tax returns, payroll and bookkeeping for small businesses.",
    )
    .await?;

    // Indexing follows within seconds: the results page, by meaning only, finds the
    // greenhouse companies for words none of their names holds.
    let results = page.locator(".search-page-results");
    let mut found = false;
    for _ in 0..40 {
        open(
            &page,
            "/search?q=plants+watered+automatically&mode=semantic",
        )
        .await?;
        if results.count().await? > 0
            && results
                .text_content()
                .await?
                .unwrap_or_default()
                .contains("Verdant Glasshouses")
        {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(found, "never indexed");
    expect(page.locator(".search-modes a[aria-current=page]"))
        .to_have_text("By meaning")
        .await?;
    let first = results.locator("li").first();
    expect(first.clone())
        .not()
        .to_contain_text("Ledger and Sons")
        .await?;

    // The palette, by meaning: the box is a real checkbox, and Enter opens the best hit.
    page.keyboard()
        .press(
            "Control+k",
            None::<playwright_rs::protocol::KeyboardOptions>,
        )
        .await?;
    let palette = page.locator("#palette-search");
    expect(palette.clone()).to_be_focused().await?;
    page.locator("#palette-search-meaning")
        .check(None::<playwright_rs::protocol::CheckOptions>)
        .await?;
    palette.fill("greenhouse watering systems", None).await?;
    let list = page.locator("#palette-search-list");
    expect(list.clone())
        .to_contain_text("Verdant Glasshouses")
        .await?;
    expect(list)
        .not()
        .to_contain_text("Ledger and Sons")
        .await?;

    // The Similar tab of a record page: the other greenhouse supplier, not the accountant.
    open(&page, &format!("{verdant}?tab=similar")).await?;
    let similar = page.locator("section[aria-labelledby=similar-heading]");
    expect(similar.clone())
        .to_contain_text("Drip and Grow")
        .await?;
    expect(similar.clone()).to_contain_text("% alike").await?;
    expect(similar)
        .not()
        .to_contain_text("Ledger and Sons")
        .await?;

    // The admin page: on, with texts in the index, and a rebuild on request.
    open(&page, "/admin/search").await?;
    heading_is(&page, "Search by meaning").await?;
    every_control_is_labelled(&page).await?;
    expect(page.locator("[data-index-state=on]"))
        .to_contain_text("On")
        .await?;
    button(&page, "Rebuild the index").click(None).await?;
    expect(page.locator("[data-index-state=on]"))
        .to_contain_text("On")
        .await?;

    ctx.close().await?;
    s.finish().await
}

/// Likely duplicates: the contact form names the existing record a new one looks like
/// before it is saved, and the review queue lists the pair, with why, until someone says
/// they are two people.
#[tokio::test]
async fn j20_duplicates_are_flagged_before_saving_and_reviewed() -> anyhow::Result<()> {
    let s = Session::start().await?;
    let ctx = s.context(true).await?;
    let page = page_in(&ctx).await?;
    sign_in(&page, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    open(&page, "/contacts/new").await?;
    page.get_by_label("First name", true)
        .fill("Robert", None)
        .await?;
    page.get_by_label("Last name", true)
        .fill("Lindqvist", None)
        .await?;
    page.get_by_label("Email", true)
        .fill("r.lindqvist@fjord.example", None)
        .await?;
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Robert Lindqvist").await?;

    // Typed again under a nickname, the form says what it looks like once a field is left.
    open(&page, "/contacts/new").await?;
    hydrated(&page).await?;
    page.get_by_label("First name", true)
        .fill("Bob", None)
        .await?;
    page.get_by_label("Last name", true)
        .fill("Lindqvist", None)
        .await?;
    let email = page.get_by_label("Email", true);
    email.fill("R.Lindqvist@Fjord.example", None).await?;
    email
        .press("Tab", None::<playwright_rs::protocol::PressOptions>)
        .await?;
    let warning = page.locator(".dup-check");
    expect(warning.clone())
        .to_contain_text("This looks like a record that already exists")
        .await?;
    expect(warning.clone())
        .to_contain_text("Robert Lindqvist")
        .await?;
    expect(warning).to_contain_text("nickname").await?;
    // Saving stays possible.
    button(&page, "Create").click(None).await?;
    heading_is(&page, "Bob Lindqvist").await?;

    // The review queue lists the pair once the change has been handled.
    let pair = page.locator(".dup-pair");
    let mut listed = false;
    for _ in 0..40 {
        open(&page, "/duplicates").await?;
        heading_is(&page, "Likely duplicates").await?;
        if pair.count().await? > 0 {
            listed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    anyhow::ensure!(listed, "the pair never reached the review queue");
    hydrated(&page).await?;
    every_control_is_labelled(&page).await?;
    expect(pair.clone())
        .to_contain_text("Robert Lindqvist")
        .await?;
    expect(pair.clone())
        .to_contain_text("Bob Lindqvist")
        .await?;
    expect(pair.clone())
        .to_contain_text("same e-mail address")
        .await?;

    // Two people after all: the pair goes, and stays gone.
    pair.locator("button").click(None).await?;
    expect(page.locator("[data-duplicates=none]"))
        .to_be_visible()
        .await?;
    open(&page, "/duplicates").await?;
    expect(page.locator("[data-duplicates=none]"))
        .to_be_visible()
        .await?;
    // Not even among the less likely pairs.
    link(&page, "All found (50 % and up)").click(None).await?;
    expect(link(&page, "All found (50 % and up)"))
        .to_have_attribute("aria-current", "page")
        .await?;
    expect(page.locator("[data-duplicates=none]"))
        .to_be_visible()
        .await?;

    ctx.close().await?;
    s.finish().await
}

//! Tests in a real browser (SPEC section 12, W-1 … W-7): headless Chromium driven through
//! WebDriver (chromedriver) with `fantoccini`, against the application served in-process.
//!
//! They need a running chromedriver named by `SEATWISE_TEST_WEBDRIVER_URL`:
//!
//! ```sh
//! export SEATWISE_TEST_WEBDRIVER_URL=$(.ci/chromium.sh start | tail -n 1)
//! cargo test -p seatwise-app --test browser
//! .ci/chromium.sh stop
//! ```
//!
//! (`SEATWISE_CHROMEDRIVER_PORT` and `SEATWISE_CHROMEDRIVER_STATE` keep one chromedriver off
//! another's port and pid file.) Each test serves its own application on 127.0.0.1:0 with its
//! own temporary SQLite database, so the tests run in parallel.
//!
//! Without it each test says "browser tests NOT run" on stderr and passes without checking
//! anything; with it set but unreachable they fail. Every test saves screenshots of its key
//! pages into `$SEATWISE_SCREENSHOT_DIR`, else `target/screenshots/`; `users-page.png`,
//! `roles-page.png` and `members-guest-warning.png` are the ones the README shows.

#[path = "browser/harness.rs"]
mod harness;

use harness::{run, Browser, Env, TestResult};

/// Whether `element` carries the `disabled` attribute.
async fn disabled(
    element: &fantoccini::elements::Element,
) -> Result<bool, fantoccini::error::CmdError> {
    Ok(element.attr("disabled").await?.is_some())
}

/// Fails unless `text` contains `wanted`, showing `text`.
fn contains(text: &str, wanted: &str) -> TestResult {
    if text.contains(wanted) {
        Ok(())
    } else {
        Err(format!("expected {wanted:?} in:\n{text}").into())
    }
}

/// Fails if `text` contains `unwanted`.
fn lacks(text: &str, unwanted: &str) -> TestResult {
    if text.contains(unwanted) {
        Err(format!("did not expect {unwanted:?} in:\n{text}").into())
    } else {
        Ok(())
    }
}

/// The visible text of the people-table row of `email`, or an error.
async fn row_text(
    browser: &Browser,
    email: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    match browser.row("#members", email).await? {
        Some(row) => Ok(row.text().await?),
        None => Err(format!("no row for {email} on {}", browser.path().await?).into()),
    }
}

/// Fills line `line` of the add-users form with `email` and the role labelled `role`.
async fn fill_invite_line(browser: &Browser, line: usize, email: &str, role: &str) -> TestResult {
    let input = browser
        .find(&format!("#invite-form input[name=\"email{line}\"]"))
        .await?;
    input.send_keys(email).await?;
    browser
        .find(&format!("#invite-form select[name=\"role{line}\"]"))
        .await?
        .select_by_label(role)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Scenario 1: several roles — what is visible, disabled, hidden (W-1, W-4, W-6, A-10, A-7).
// ---------------------------------------------------------------------------------------

/// W-1, W-3, W-6, A-10: the owner of the sales scheduler sees every page in the navigation,
/// an enabled add-users form offering every role, per-row actions that depend on accepted or
/// pending (M-3), no read-only banner, and the roles & permissions page with its buttons
/// enabled. Saves `users-page.png` and `roles-page.png`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w1_w6_a10_owner_sees_every_page_and_every_action() {
    run(|env: Env| async move {
        let olivia = env.browser().await?;
        olivia.sign_in("Olivia").await?;
        olivia.open("/w/closers-inc/users").await?;
        assert_eq!(olivia.text("h1").await?, "Users");
        assert_eq!(
            olivia.nav().await?,
            [
                "My spaces",
                "Users",
                "Teams",
                "Scheduled calls",
                "Roles & permissions",
                "Billing"
            ]
        );
        assert_eq!(olivia.count("#read-only-banner").await?, 0);
        let mode = olivia.find("main").await?.attr("data-page-mode").await?;
        assert_eq!(mode.as_deref(), Some("full"));
        contains(&olivia.text("#seats").await?, "6 paid on the Business plan")?;
        // The add-users form is enabled and offers every role, Super Admin included (A-7).
        let invite = olivia.find("#invite-button").await?;
        assert!(
            !disabled(&invite).await?,
            "the owner's add-users button is disabled"
        );
        let roles = olivia
            .texts("#invite-form select[name=\"role1\"] option")
            .await?;
        for role in ["Super Admin", "Sales Manager", "Closer", "Setter"] {
            assert!(
                roles.iter().any(|r| r == role),
                "{role} not offered: {roles:?}"
            );
        }
        // M-3: the pending invitation offers resend and copy link, not change role.
        let pete = row_text(&olivia, "pete@closers.example").await?;
        contains(&pete, "Pending")?;
        contains(&pete, "Resend")?;
        contains(&pete, "Copy invite link")?;
        lacks(&pete, "Change role")?;
        // An accepted member offers change role, add to team and delete; with badges (SS-15).
        let carla = row_text(&olivia, "carla@closers.example").await?;
        for wanted in [
            "Accepted",
            "Set",
            "Connected",
            "Change role",
            "Add to team",
            "Delete",
        ] {
            contains(&carla, wanted)?;
        }
        // The owner cannot delete herself.
        lacks(
            &row_text(&olivia, "olivia@closers.example").await?,
            "Delete",
        )?;
        olivia.screenshot("users-page.png").await?;

        // W-3, SS-8: the roles & permissions page; Super Admin is built in, the others are
        // editable with their buttons enabled for the owner.
        let roles_entry = olivia.link("Roles & permissions").await?;
        olivia.click_to(roles_entry, "#roles-matrix").await?;
        assert_eq!(olivia.path().await?, "/w/closers-inc/roles");
        let columns = olivia.texts("#roles-matrix thead th[data-role]").await?;
        assert!(columns.len() >= 4, "{columns:?}");
        contains(
            &olivia
                .text("section.role[data-role=\"super_admin\"]")
                .await?,
            "is built in",
        )?;
        let closer = olivia.find("section.role[data-role=\"closer\"]").await?;
        let save = closer
            .find(fantoccini::Locator::Css("button.save-role"))
            .await?;
        assert!(!disabled(&save).await?, "the owner cannot save a role");
        assert!(!disabled(&olivia.find("#create-role-button").await?).await?);
        olivia.screenshot_window("roles-page.png").await?;
        Ok(())
    })
    .await;
}

/// W-1, A-7: a Sales Manager manages users but not those ranked above her: no action on a
/// Super Admin's row, Super Admin not offered; the pages of her role only in the navigation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w1_a7_sales_manager_sees_no_actions_on_a_super_admin() {
    run(|env: Env| async move {
        let maria = env.browser().await?;
        maria.sign_in("Maria").await?;
        maria.open("/w/closers-inc/users").await?;
        let nav = maria.nav().await?;
        assert!(nav.iter().any(|n| n == "Users"), "{nav:?}");
        // A-10: no custom-roles or billing grant, so those pages are hidden.
        assert!(!nav.iter().any(|n| n == "Roles & permissions"), "{nav:?}");
        assert!(!nav.iter().any(|n| n == "Billing"), "{nav:?}");
        let dan = maria
            .row("#members", "dan@closers.example")
            .await?
            .ok_or("no row for Dan")?;
        assert_eq!(
            dan.find_all(fantoccini::Locator::Css("button, a.delete"))
                .await?
                .len(),
            0,
            "Maria is offered an action on a Super Admin"
        );
        contains(
            &row_text(&maria, "carla@closers.example").await?,
            "Change role",
        )?;
        let roles = maria
            .texts("#invite-form select[name=\"role1\"] option")
            .await?;
        assert!(!roles.iter().any(|r| r == "Super Admin"), "{roles:?}");
        assert!(roles.iter().any(|r| r == "Closer"), "{roles:?}");
        maria.screenshot("roles-sales-manager-users.png").await?;
        maria.open("/w/closers-inc/roles").await?;
        let error = maria.find("#error").await?;
        assert_eq!(
            error.attr("data-kind").await?.as_deref(),
            Some("restricted")
        );
        Ok(())
    })
    .await;
}

/// W-6, A-10: a Closer has no user management: the Users entry is absent from the
/// navigation, and opening the page directly shows the restricted-access message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w6_a10_closer_has_no_users_entry_and_a_direct_visit_is_restricted() {
    run(|env: Env| async move {
        let carla = env.browser().await?;
        carla.sign_in("Carla").await?;
        carla.open("/w/closers-inc").await?;
        assert_eq!(carla.path().await?, "/w/closers-inc/calls");
        let nav = carla.nav().await?;
        assert!(nav.iter().any(|n| n == "Scheduled calls"), "{nav:?}");
        for hidden in ["Users", "Teams", "Roles & permissions", "Billing"] {
            assert!(!nav.iter().any(|n| n == hidden), "{hidden} shown: {nav:?}");
        }
        carla.open("/w/closers-inc/users").await?;
        let error = carla.find("#error").await?;
        assert_eq!(
            error.attr("data-kind").await?.as_deref(),
            Some("restricted")
        );
        assert_eq!(carla.text("h1").await?, "Restricted access");
        contains(&carla.page_text().await?, "not part of your role")?;
        carla.screenshot("roles-closer-restricted.png").await?;
        Ok(())
    })
    .await;
}

/// The banner W-6 names, word for word.
const READ_ONLY: &str = "You have read-only access to this page";

/// W-6, A-10, DS-3: a guest of the deal space sees the deals page read-only: the banner, the
/// page mode, every change button disabled (present stays enabled: it changes nothing), and
/// neither Members nor Billing in the navigation; a direct visit to the members page is
/// restricted. Pressing a disabled button changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w6_a10_guest_sees_deals_read_only_with_changes_disabled() {
    run(|env: Env| async move {
        let rita = env.browser().await?;
        rita.sign_in("Rita").await?;
        rita.open("/w/deal-room").await?;
        assert_eq!(rita.path().await?, "/w/deal-room/deals");
        assert_eq!(rita.nav().await?, ["My spaces", "Deals"]);
        assert_eq!(rita.text("#read-only-banner").await?, READ_ONLY);
        let mode = rita.find("main").await?.attr("data-page-mode").await?;
        assert_eq!(mode.as_deref(), Some("read-only"));
        assert!(
            disabled(&rita.find("#new-deal").await?).await?,
            "New deal is enabled"
        );
        let rows = rita.count("#deals tbody tr").await?;
        assert!(rows > 0, "the guest sees no deals");
        for verb in ["edit", "approve", "close", "archive", "delete"] {
            let buttons = rita
                .client()
                .find_all(fantoccini::Locator::Css(&format!("button.deal-{verb}")))
                .await?;
            assert_eq!(buttons.len(), rows, "{verb}");
            for button in &buttons {
                assert!(disabled(button).await?, "{verb} is enabled for a guest");
            }
        }
        for button in rita
            .client()
            .find_all(fantoccini::Locator::Css("button.deal-present"))
            .await?
        {
            assert!(!disabled(&button).await?, "present is disabled for a guest");
        }
        rita.screenshot("roles-guest-deals-read-only.png").await?;
        // A disabled button does nothing when pressed: same page, same stages, no notice.
        let stages = rita.texts("#deals td.stage").await?;
        let approve = rita.find("button.deal-approve").await?;
        let _ = approve.click().await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(rita.path().await?, "/w/deal-room/deals");
        assert_eq!(rita.count("#notice").await?, 0);
        assert_eq!(rita.texts("#deals td.stage").await?, stages);
        // Hidden page, direct visit: restricted (W-6).
        rita.open("/w/deal-room/members").await?;
        let error = rita.find("#error").await?;
        assert_eq!(
            error.attr("data-kind").await?.as_deref(),
            Some("restricted")
        );
        rita.screenshot("roles-guest-members-restricted.png")
            .await?;
        Ok(())
    })
    .await;
}

/// W-6, A-10, DS-4: an Editor's deals page is limited: no banner, create and edit enabled,
/// approve and delete disabled; no Members entry, and a direct visit is restricted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w6_a10_editor_has_limited_deals_and_no_members_page() {
    run(|env: Env| async move {
        let ed = env.browser().await?;
        ed.sign_in("Ed").await?;
        ed.open("/w/deal-room/deals").await?;
        assert_eq!(ed.nav().await?, ["My spaces", "Deals"]);
        assert_eq!(ed.count("#read-only-banner").await?, 0);
        let mode = ed.find("main").await?.attr("data-page-mode").await?;
        assert_eq!(mode.as_deref(), Some("limited"));
        assert!(
            !disabled(&ed.find("#new-deal").await?).await?,
            "New deal is disabled"
        );
        assert!(!disabled(&ed.find("button.deal-edit").await?).await?);
        for verb in ["approve", "delete"] {
            let button = ed.find(&format!("button.deal-{verb}")).await?;
            assert!(disabled(&button).await?, "{verb} is enabled for an Editor");
        }
        ed.screenshot("roles-editor-deals-limited.png").await?;
        ed.open("/w/deal-room/members").await?;
        let error = ed.find("#error").await?;
        assert_eq!(
            error.attr("data-kind").await?.as_deref(),
            Some("restricted")
        );
        Ok(())
    })
    .await;
}

/// W-6, SS-3: billing belongs to the owner: a second Super Admin sees the billing page
/// read-only with its button disabled, the owner sees it enabled and edits the details.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w6_ss3_billing_is_read_only_for_an_admin_who_is_not_the_owner() {
    run(|env: Env| async move {
        let dan = env.browser().await?;
        dan.sign_in("Dan").await?;
        dan.open("/w/closers-inc/billing").await?;
        assert_eq!(dan.text("#read-only-banner").await?, READ_ONLY);
        assert!(disabled(&dan.find("#manage-billing").await?).await?);
        dan.screenshot("roles-admin-billing-read-only.png").await?;
        let olivia = env.browser().await?;
        olivia.sign_in("Olivia").await?;
        olivia.open("/w/closers-inc/billing").await?;
        assert_eq!(olivia.count("#read-only-banner").await?, 0);
        assert!(!disabled(&olivia.find("#manage-billing").await?).await?);
        // The owner's button opens the form; saved details show on the page (SS-3).
        let edit = olivia.find("#manage-billing").await?;
        olivia.click_to(edit, "#billing-details-form").await?;
        let company = olivia
            .find("#billing-details-form input[name=\"company\"]")
            .await?;
        company.send_keys("Closers Inc").await?;
        let address = olivia
            .find("#billing-details-form input[name=\"email\"]")
            .await?;
        address.clear().await?;
        address.send_keys("billing@closers.example").await?;
        let save = olivia.find("#save-billing").await?;
        olivia.click_to(save, "#billing-company").await?;
        assert_eq!(olivia.text("#billing-company").await?, "Closers Inc");
        assert_eq!(
            olivia.text("#billing-email").await?,
            "billing@closers.example"
        );
        contains(
            &olivia.text("#billing-history").await?,
            "Subscribed to Business",
        )?;
        olivia.screenshot("billing-owner.png").await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// Scenario 2: inviting past the guest limit (W-4, B-6, B-7, B-10).
// ---------------------------------------------------------------------------------------

/// Opens the deal room's members page as Olga and asks to invite two guests: ten of eleven
/// are used, so the second goes past the allowance and the prompt appears.
async fn invite_two_guests_past_the_limit(
    env: &Env,
) -> Result<Browser, Box<dyn std::error::Error + Send + Sync>> {
    let olga = env.browser().await?;
    olga.sign_in("Olga").await?;
    olga.open("/w/deal-room/members").await?;
    contains(&olga.text("#guest-ratio").await?, "10 of 11 allowed")?;
    fill_invite_line(&olga, 1, "gale@guests.example", "Guest").await?;
    fill_invite_line(&olga, 2, "gwyn@guests.example", "Guest").await?;
    let button = olga.find("#invite-button").await?;
    olga.click_to(button, "#confirm").await?;
    let kind = olga.find("#confirm").await?.attr("data-kind").await?;
    assert_eq!(kind.as_deref(), Some("guest-limit"));
    assert_eq!(olga.text("h1").await?, "Past the guest limit");
    contains(
        &olga.text("#confirm-message").await?,
        "12 guests would exceed the allowance of 11",
    )?;
    Ok(olga)
}

/// W-4, B-6, B-7: inviting past the guest limit shows the prompt; confirming it goes on to
/// the preview and, confirmed, both invitations are pending; the guest count does not move
/// until they accept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w4_b6_inviting_past_the_guest_limit_and_confirming_the_prompt() {
    run(|env: Env| async move {
        let olga = invite_two_guests_past_the_limit(&env).await?;
        olga.screenshot("guest-limit-prompt.png").await?;
        let invite_anyway = olga.button("Invite anyway").await?;
        olga.click_to(invite_anyway, "#confirm").await?;
        // B-7: guests cost nothing until they accept: the preview says no charge.
        let kind = olga.find("#confirm").await?.attr("data-kind").await?;
        assert_eq!(kind.as_deref(), Some("free"));
        contains(
            &olga.text("#confirm-message").await?,
            "Invite 2 people: no charge.",
        )?;
        let confirm = olga.find("#confirm-button").await?;
        olga.click_to(confirm, "#members").await?;
        assert_eq!(
            olga.path().await?.split('?').next(),
            Some("/w/deal-room/members")
        );
        contains(&olga.text("#notice").await?, "Done: Invite 2 people.")?;
        for email in ["gale@guests.example", "gwyn@guests.example"] {
            let row = olga
                .row("#members", email)
                .await?
                .ok_or_else(|| format!("{email} is not listed"))?;
            assert_eq!(row.attr("data-status").await?.as_deref(), Some("Pending"));
        }
        contains(&olga.text("#guest-ratio").await?, "10 of 11 allowed")?;
        olga.screenshot("guest-limit-invited.png").await?;
        Ok(())
    })
    .await;
}

/// W-4, B-6: declining the guest-limit prompt (its Cancel link) invites no one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w4_b6_declining_the_guest_limit_prompt_invites_no_one() {
    run(|env: Env| async move {
        let olga = invite_two_guests_past_the_limit(&env).await?;
        let cancel = olga.link("Cancel").await?;
        olga.click_to(cancel, "#members").await?;
        assert_eq!(olga.path().await?, "/w/deal-room/members");
        for email in ["gale@guests.example", "gwyn@guests.example"] {
            assert!(
                olga.row("#members", email).await?.is_none(),
                "{email} was invited"
            );
        }
        assert_eq!(olga.count("#notice").await?, 0);
        contains(&olga.text("#guest-ratio").await?, "10 of 11 allowed")?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// Scenario 3: approving an access request (W-4, M-5, B-10).
// ---------------------------------------------------------------------------------------

/// W-4, M-5, B-10: approving Vic's request takes it off the requests list and lists him as a
/// guest; the eleventh guest reaches the limit and the warning shows (saved as
/// `members-guest-warning.png`). Approving Val past the limit then asks to confirm the extra
/// seat's charge first (B-6, B-7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w4_m5_b10_approving_a_request_lists_the_guest_and_warns_at_the_limit() {
    run(|env: Env| async move {
        let olga = env.browser().await?;
        olga.sign_in("Olga").await?;
        olga.open("/w/deal-room/members").await?;
        assert_eq!(olga.count("#guest-warning").await?, 0);
        assert!(olga.row("#members", "vic@deals.example").await?.is_none());
        let request = olga
            .row("#requests", "vic@deals.example")
            .await?
            .ok_or("Vic's request is not listed")?;
        let approve = request
            .find(fantoccini::Locator::Css("button.approve"))
            .await?;
        olga.click_to(approve, "#members").await?;
        contains(
            &olga.text("#notice").await?,
            "Approve vic@deals.example as a guest",
        )?;
        assert!(
            olga.row("#requests", "vic@deals.example").await?.is_none(),
            "Vic's request is still listed"
        );
        let vic = row_text(&olga, "vic@deals.example").await?;
        contains(&vic, "guest")?;
        contains(&vic, "Accepted")?;
        // B-10: eleven of eleven: at the limit, warned.
        let ratio = olga.find("#guest-ratio").await?;
        assert_eq!(ratio.attr("data-at-limit").await?.as_deref(), Some("true"));
        contains(&ratio.text().await?, "11 of 11 allowed")?;
        contains(
            &olga.text("#guest-warning").await?,
            "You have reached the guest limit",
        )?;
        // The page as anyone opening it sees it (without the one-time notice), for the README.
        olga.open("/w/deal-room/members").await?;
        contains(
            &olga.text("#guest-warning").await?,
            "You have reached the guest limit",
        )?;
        olga.screenshot("members-guest-warning.png").await?;

        // The twelfth guest needs an extra paid seat: the charge is quoted first (B-6, B-7).
        let request = olga
            .row("#requests", "val@deals.example")
            .await?
            .ok_or("Val's request is not listed")?;
        let approve = request
            .find(fantoccini::Locator::Css("button.approve"))
            .await?;
        olga.click_to(approve, "#confirm").await?;
        let kind = olga.find("#confirm").await?.attr("data-kind").await?;
        assert_eq!(kind.as_deref(), Some("quote"));
        let total = olga.text("#quote-total").await?;
        contains(
            &olga.text("#confirm-button").await?,
            &format!("Confirm and pay {total}"),
        )?;
        olga.screenshot("approve-past-limit-quote.png").await?;
        let confirm = olga.find("#confirm-button").await?;
        olga.click_to(confirm, "#members").await?;
        assert!(olga.row("#requests", "val@deals.example").await?.is_none());
        contains(&row_text(&olga, "val@deals.example").await?, "guest")?;
        let ratio = olga.find("#guest-ratio").await?;
        contains(&ratio.text().await?, "12 of")?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// Scenario 4: a removed member gets the no-access screen (W-6, M-7, A-1).
// ---------------------------------------------------------------------------------------

/// W-6, M-7, A-1: Ada (Admin) has the members page open in her browser; the owner, in a
/// second browser, deletes her with confirmation; Ada reloads and gets the no-access screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w6_m7_removed_member_reloads_into_the_no_access_screen() {
    run(|env: Env| async move {
        let ada = env.browser().await?;
        ada.sign_in("Ada").await?;
        ada.open("/w/deal-room/members").await?;
        assert_eq!(ada.text("h1").await?, "Members");

        let olga = env.browser().await?;
        olga.sign_in("Olga").await?;
        olga.open("/w/deal-room/members").await?;
        let row = olga
            .row("#members", "ada@deals.example")
            .await?
            .ok_or("Ada is not listed")?;
        let delete = row.find(fantoccini::Locator::Css("a.delete")).await?;
        olga.click_to(delete, "#confirm").await?;
        contains(
            &olga.text("#confirm-message").await?,
            "Delete ada@deals.example?",
        )?;
        let yes = olga.button("Yes, delete").await?;
        olga.click_to(yes, "#members").await?;
        assert!(olga.row("#members", "ada@deals.example").await?.is_none());

        // Ada's page is stale; a reload asks the server, which asks the crate (A-1).
        ada.reload().await?;
        let error = ada.find("#error").await?;
        assert_eq!(error.attr("data-kind").await?.as_deref(), Some("no-access"));
        assert_eq!(ada.text("h1").await?, "No access");
        contains(&ada.page_text().await?, "You were removed from this space")?;
        assert_eq!(ada.count("#members").await?, 0);
        ada.screenshot("removed-member-no-access.png").await?;
        // Every page of the space is closed to her, not just the one she had open.
        ada.open("/w/deal-room").await?;
        let error = ada.find("#error").await?;
        assert_eq!(error.attr("data-kind").await?.as_deref(), Some("no-access"));
        // W-5: her own list no longer counts the space among hers, and says why.
        ada.open("/spaces").await?;
        lacks(&ada.text("#my-spaces").await?, "Deal room")?;
        contains(
            &ada.text("#other-spaces").await?,
            "you were removed from this space",
        )?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// Scenario 5: adding users with the seat charge previewed (W-1, B-9, M-1).
// ---------------------------------------------------------------------------------------

/// W-1, B-9, M-1: the owner adds two users in one batch; the seat charge is previewed as a
/// quote (nothing changes yet), confirmed with the button that names the amount, and both
/// are then listed as pending with the seats paid for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w1_b9_adding_users_previews_the_seat_charge_then_lists_them_pending() {
    run(|env: Env| async move {
        let olivia = env.browser().await?;
        olivia.sign_in("Olivia").await?;
        olivia.open("/w/closers-inc/users").await?;
        assert_eq!(olivia.text("#paid-seats").await?, "6");
        fill_invite_line(&olivia, 1, "nina@closers.example", "Closer").await?;
        fill_invite_line(&olivia, 2, "omar@closers.example", "Setter").await?;
        let button = olivia.find("#invite-button").await?;
        olivia.click_to(button, "#confirm").await?;
        assert_eq!(olivia.text("h1").await?, "Confirm the charge");
        let kind = olivia.find("#confirm").await?.attr("data-kind").await?;
        assert_eq!(kind.as_deref(), Some("quote"));
        contains(
            &olivia.text("#confirm-message").await?,
            "Invite 2 people: this change costs",
        )?;
        let lines = olivia.count("#quote tbody tr").await?;
        assert!(lines >= 1, "the quote has no lines");
        let total = olivia.text("#quote-total").await?;
        assert!(total.starts_with('$'), "total {total:?}");
        contains(
            &olivia.text("#confirm-button").await?,
            &format!("Confirm and pay {total}"),
        )?;
        olivia.screenshot("add-users-quote.png").await?;

        // U-3: the preview changed nothing; another session still sees six seats, no Nina.
        let check = env.browser().await?;
        check.sign_in("Olivia").await?;
        check.open("/w/closers-inc/users").await?;
        assert_eq!(check.text("#paid-seats").await?, "6");
        assert!(check
            .row("#members", "nina@closers.example")
            .await?
            .is_none());

        let confirm = olivia.find("#confirm-button").await?;
        olivia.click_to(confirm, "#members").await?;
        contains(&olivia.text("#notice").await?, "Done: Invite 2 people.")?;
        assert_eq!(olivia.text("#paid-seats").await?, "8");
        for (email, role) in [
            ("nina@closers.example", "Closer"),
            ("omar@closers.example", "Setter"),
        ] {
            let row = row_text(&olivia, email).await?;
            contains(&row, "Pending")?;
            contains(&row, role)?;
            contains(&row, "Resend")?;
        }
        olivia.screenshot("add-users-pending.png").await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// The pending invitee (W-5, W-6, M-2, A-1).
// ---------------------------------------------------------------------------------------

/// W-5, W-6, M-2, A-1: Pia, invited to the deal room, is kept out of it until she accepts
/// (told to accept, not offered to request access); her mailbox has the invitation, whose
/// link opens the join page; her own list shows the invitation; she
/// opens it, sets her name and accepts; then the space is hers and the owner sees her row
/// accepted under that name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w5_m2_invitee_is_kept_out_until_she_accepts_through_her_link() {
    run(|env: Env| async move {
        let pia = env.browser().await?;
        pia.sign_in("Pia").await?;
        pia.open("/w/deal-room/deals").await?;
        let error = pia.find("#error").await?;
        assert_eq!(
            error.attr("data-kind").await?.as_deref(),
            Some("invite-pending")
        );
        // Her mailbox has the invitation, and its link opens the join page (M-1).
        pia.open("/spaces").await?;
        let mailbox = pia.find("#mailbox-link").await?;
        pia.click_to(mailbox, "main").await?;
        contains(&pia.text("main").await?, "invited you to Deal room")?;
        let link = pia.find("a.mail-link").await?;
        pia.click_to(link, "#accept-form").await?;
        pia.open("/spaces").await?;
        lacks(&pia.text("#my-spaces").await?, "Deal room")?;
        contains(&pia.text("#my-invitations").await?, "Deal room")?;
        pia.screenshot("invitee-spaces.png").await?;
        let open = pia.find("#my-invitations a.open-invitation").await?;
        pia.click_to(open, "#accept-form").await?;
        contains(&pia.text("#invitation").await?, "pia@deals.example")?;
        assert_eq!(pia.count("#other-address").await?, 0);
        pia.screenshot("invitee-join.png").await?;
        let name = pia.find("#accept-form input[name=\"name\"]").await?;
        name.clear().await?;
        name.send_keys("Pia Park").await?;
        let accept = pia.find("#accept-button").await?;
        pia.click_to(accept, "#nav").await?;
        assert!(
            pia.path().await?.starts_with("/w/deal-room/"),
            "{}",
            pia.path().await?
        );
        assert_eq!(pia.nav().await?, ["My spaces", "Deals"]);

        let olga = env.browser().await?;
        olga.sign_in("Olga").await?;
        olga.open("/w/deal-room/members").await?;
        let row = olga
            .row("#members", "pia@deals.example")
            .await?
            .ok_or("Pia is not listed")?;
        assert_eq!(row.attr("data-status").await?.as_deref(), Some("Accepted"));
        contains(&row.text().await?, "Pia Park")?;
        Ok(())
    })
    .await;
}

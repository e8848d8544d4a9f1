//! HTTP tests of what the application's outbox consumer produces (S-5) and of the billing
//! page around it: the e-mails in each person's mailbox (M-1, M-3, M-5), the billing history
//! with the amounts the quotes showed (B-9, B-11, B-12), and the billing details only the
//! owner edits (SS-3, W-7).

mod common;

use axum::http::StatusCode;
use common::{preview_invite, users::*, Client};
use seatwise::{Change, Command, Plan, UserId};
use seatwise_store::WorkspaceId;

/// Rows of one of the consumer's tables.
async fn rows(client: &Client, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(client.app.pool())
        .await
        .expect("count")
}

/// The text after the first `marker` in `body`, up to `end`.
fn after<'a>(body: &'a str, marker: &str, end: char) -> &'a str {
    let start = body.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
    let rest = &body[start..];
    &rest[..rest.find(end).expect("an end")]
}

#[tokio::test]
async fn s5_the_consumer_acts_on_each_entry_once_even_when_it_comes_again() {
    let client = Client::new().await;
    let first = client.app.deliver_outbox().await.expect("delivered");
    assert!(first > 0, "the seed's commands left entries");
    assert_eq!(client.app.deliver_outbox().await.expect("delivered"), 0);
    let (mails, lines) = (
        rows(&client, "app_mail").await,
        rows(&client, "app_billing_history").await,
    );
    assert!(
        mails > 0 && lines >= 2,
        "{mails} mails, {lines} billing lines"
    );
    // A consumer that stopped after acting and before advancing gets the same entries again
    // (at least once): acting again writes nothing twice.
    sqlx::query("DELETE FROM seatwise_outbox_cursors")
        .execute(client.app.pool())
        .await
        .expect("cursor reset");
    assert_eq!(client.app.deliver_outbox().await.expect("delivered"), first);
    assert_eq!(rows(&client, "app_mail").await, mails);
    assert_eq!(rows(&client, "app_billing_history").await, lines);
    // Pruned once acted on: the rows it wrote stay, and nothing comes again.
    assert_eq!(client.app.prune_outbox().await.expect("pruned"), first);
    sqlx::query("DELETE FROM seatwise_outbox_cursors")
        .execute(client.app.pool())
        .await
        .expect("cursor reset");
    assert_eq!(client.app.deliver_outbox().await.expect("delivered"), 0);
    assert_eq!(rows(&client, "app_mail").await, mails);
}

#[tokio::test]
async fn w1_b9_a_confirmed_seat_charge_is_in_the_history_at_the_quoted_amount() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let before = client.get("/w/closers-inc/billing").await;
    before
        .status(StatusCode::OK)
        .shows("Subscribed to Business with 5 paid seats")
        .shows("1 seat added (6 paid)")
        .lacks("(7 paid)");
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let total = after(&page.body, "id=\"quote-total\">", '<');
    assert!(total.starts_with('$'), "{total}");
    let fields = page.form_fields("/w/closers-inc/invite");
    client
        .post_fields("/w/closers-inc/invite", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let billing = client.get("/w/closers-inc/billing").await;
    billing.shows("1 seat added (7 paid)");
    let line = &billing.body[billing.body.find("1 seat added").expect("the line")..];
    assert_eq!(
        after(line, "class=\"billing-amount\">", '<'),
        total,
        "B-9: the amount quoted"
    );
}

#[tokio::test]
async fn b11_a_scheduled_downgrade_shows_on_the_billing_page_and_in_its_history() {
    let mut client = Client::new().await;
    let ws = WorkspaceId::new("closers-inc").expect("id");
    client
        .app
        .store()
        .execute(
            &ws,
            UserId::new(OLIVIA),
            Command::new(Change::Downgrade {
                plan: Plan::startup(),
            }),
            chrono::Utc::now(),
        )
        .await
        .expect("the owner schedules a downgrade");
    client.sign_in(OLIVIA).await;
    client
        .get("/w/closers-inc/billing")
        .await
        .shows("id=\"billing-scheduled\">switches to Startup")
        .shows("Downgrade to Startup scheduled for the end of the period");
}

#[tokio::test]
async fn w5_m1_m3_the_invitee_is_mailed_the_join_link_and_reminders_and_only_their_own_mail() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let mailbox = pia.get("/mail").await;
    mailbox
        .status(StatusCode::OK)
        .shows("invited you to Deal room")
        .lacks("Closers Inc");
    let href = after(&mailbox.body, "class=\"mail-link\" href=\"", '"');
    assert!(href.starts_with("/join/"), "{href}");
    pia.get(href)
        .await
        .status(StatusCode::OK)
        .shows("Deal room");
    // M-3: a resent invitation is a reminder with the same link.
    let mut olga = Client::on(pia.app.clone());
    olga.sign_in(OLGA).await;
    olga.get("/w/deal-room/members").await;
    olga.post(
        "/w/deal-room/invitations/resend",
        &[("email", "pia@deals.example")],
    )
    .await
    .status(StatusCode::SEE_OTHER);
    pia.get("/mail")
        .await
        .shows("Reminder: you are invited to Deal room")
        .shows(&format!("href=\"{href}\""));
    // Someone no event wrote to (the owner who created the space) has an empty mailbox.
    let mut olivia = Client::on(pia.app.clone());
    olivia.sign_in(OLIVIA).await;
    olivia.get("/mail").await.shows("id=\"no-mail\"");
}

/// Mail sections on a mailbox page.
fn mails_on(body: &str) -> usize {
    body.matches("class=\"box mail\"").count()
}

#[tokio::test]
async fn m3_a_long_mailbox_comes_a_page_at_a_time_newest_first() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let mut olga = Client::on(pia.app.clone());
    olga.sign_in(OLGA).await;
    olga.get("/w/deal-room/members").await;
    for _ in 0..55 {
        olga.post(
            "/w/deal-room/invitations/resend",
            &[("email", "pia@deals.example")],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    }
    // The invitation and 55 reminders: the newest 50, then the rest with the invitation.
    let newest = pia.get("/mail").await;
    newest
        .status(StatusCode::OK)
        .lacks("invited you to Deal room");
    assert_eq!(mails_on(&newest.body), 50);
    let older = after(&newest.body, "id=\"older-mail\" href=\"", '"');
    assert!(older.starts_with("/mail?before="), "{older}");
    let oldest = pia.get(older).await;
    oldest
        .status(StatusCode::OK)
        .shows("invited you to Deal room")
        .lacks("id=\"older-mail\"");
    assert_eq!(mails_on(&oldest.body), 6);
    let reminders = newest.body.matches("Reminder: you are invited").count()
        + oldest.body.matches("Reminder: you are invited").count();
    assert_eq!(
        reminders, 55,
        "every reminder once, on one page or the other"
    );
    pia.get("/mail?before=soon")
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("not a mail position");
}

#[tokio::test]
async fn w4_m5_approvers_are_mailed_requests_and_the_requester_the_approval_not_a_rejection() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    olga.get("/mail")
        .await
        .shows("Vic asked to join Deal room")
        .shows("Val asked to join Deal room");
    olga.get("/w/deal-room/members").await;
    olga.post(
        "/w/deal-room/requests/approve",
        &[("email", "vic@deals.example")],
    )
    .await
    .status(StatusCode::SEE_OTHER);
    olga.post(
        "/w/deal-room/requests/reject",
        &[("email", "val@deals.example")],
    )
    .await
    .status(StatusCode::SEE_OTHER);
    let mut vic = Client::on(olga.app.clone());
    vic.sign_in(VIC).await;
    vic.get("/mail").await.shows("You can now open Deal room");
    // M-5: a rejection notifies no one.
    let mut val = Client::on(olga.app.clone());
    val.sign_in(VAL).await;
    val.get("/mail").await.shows("id=\"no-mail\"");
}

#[tokio::test]
async fn w7_ss3_only_the_owner_edits_billing_details_and_a_forged_post_is_refused() {
    let mut dan = Client::new().await;
    dan.sign_in(DAN).await;
    dan.get("/w/closers-inc/billing")
        .await
        .status(StatusCode::OK)
        .shows("No billing details yet");
    dan.get("/w/closers-inc/billing/details")
        .await
        .status(StatusCode::FORBIDDEN);
    dan.post(
        "/w/closers-inc/billing/details",
        &[("company", "Dan's Co"), ("email", "dan@elsewhere.example")],
    )
    .await
    .status(StatusCode::FORBIDDEN);
    let mut olivia = Client::on(dan.app.clone());
    olivia.sign_in(OLIVIA).await;
    olivia
        .get("/w/closers-inc/billing/details")
        .await
        .status(StatusCode::OK)
        .shows("id=\"billing-details-form\"");
    // Refused: a bad address, a company name with a control character, no CSRF token.
    olivia
        .post(
            "/w/closers-inc/billing/details",
            &[("company", "Closers Inc"), ("email", "not an address")],
        )
        .await
        .status(StatusCode::BAD_REQUEST);
    olivia
        .post(
            "/w/closers-inc/billing/details",
            &[
                ("company", "Closers\u{1b}Inc"),
                ("email", "billing@closers.example"),
            ],
        )
        .await
        .status(StatusCode::BAD_REQUEST);
    olivia
        .post_raw(
            "/w/closers-inc/billing/details",
            &[
                ("company", "Closers Inc"),
                ("email", "billing@closers.example"),
            ],
        )
        .await
        .status(StatusCode::FORBIDDEN);
    olivia
        .get("/w/closers-inc/billing")
        .await
        .shows("No billing details yet");
    olivia
        .post(
            "/w/closers-inc/billing/details",
            &[
                ("company", " Closers Inc "),
                ("email", "billing@closers.example"),
            ],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    dan.get("/w/closers-inc/billing")
        .await
        .shows("id=\"billing-company\">Closers Inc</span>")
        .shows("id=\"billing-email\">billing@closers.example</span>")
        .lacks("Dan's Co");
}

#[tokio::test]
async fn b10_the_billing_page_shows_the_guest_ratio_only_on_a_plan_with_one() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    olga.get("/w/deal-room/billing")
        .await
        .shows("<td>10 of 11</td>")
        .lacks("no guest ratio");
    let mut olivia = Client::on(olga.app.clone());
    olivia.sign_in(OLIVIA).await;
    olivia
        .get("/w/closers-inc/billing")
        .await
        .shows("<td>0 (no guest ratio on this plan)</td>");
}

//! HTTP tests of the users and members pages' actions (W-1, W-4) as each kind of user,
//! including the refused ones: adding users with the charge previewed and confirmed (B-9,
//! T-4), the guest-limit prompt (B-6, B-7), access requests (M-4, M-5), role changes and
//! deletion (A-7, M-7), resend and copy link (M-3), tampered fields (W-7).

mod common;

use axum::http::StatusCode;
use common::{preview_invite, role_key, users::*, Client};

#[tokio::test]
async fn w1_b9_adding_a_user_previews_the_seat_charge_then_confirms_it() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    // Six seats paid, six used (five members and Pete's invitation): a seventh costs money.
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    page.status(StatusCode::OK)
        .shows("<h1>Confirm the charge</h1>")
        .shows("data-kind=\"quote\"")
        .shows("id=\"quote-total\">$");
    // Nothing changed yet (U-3).
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("nina@closers.example");
    let fields = page.form_fields("/w/closers-inc/invite");
    assert!(fields.iter().any(|(n, _)| n == "quote"));
    let done = client.post_fields("/w/closers-inc/invite", &fields).await;
    done.status(StatusCode::SEE_OTHER);
    let users = client.get(done.location.as_deref().unwrap()).await;
    users
        .status(StatusCode::OK)
        .shows("Done: Invite nina@closers.example.")
        .shows("id=\"paid-seats\">7</span>");
    let row = &users.body[users
        .body
        .find("data-email=\"nina@closers.example\"")
        .unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("Pending"));
    // The invitee can now sign in (a demo user was made for the address).
    client.get("/signin").await.shows("nina@closers.example");
}

#[tokio::test]
async fn w1_adding_users_in_a_batch_with_roles() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let lines = [
        ("a1@closers.example", "Closer"),
        ("a2@closers.example", "Setter"),
        ("a3@closers.example", "Sales Manager"),
    ];
    let page = preview_invite(&mut client, "closers-inc", "users", &lines).await;
    page.shows("Invite 3 people");
    let fields = page.form_fields("/w/closers-inc/invite");
    client
        .post_fields("/w/closers-inc/invite", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let users = client.get("/w/closers-inc/users").await;
    for (email, role) in lines {
        let row = &users.body[users.body.find(&format!("data-email=\"{email}\"")).unwrap()..];
        assert!(row[..row.find("</tr>").unwrap()].contains(role), "{email}");
    }
    // M-1: a batch is all or nothing: one bad line refuses the whole batch.
    let again = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[
            ("b1@closers.example", "Closer"),
            ("a1@closers.example", "Closer"),
        ],
    )
    .await;
    again
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("already has a pending invitation");
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("b1@closers.example");
}

#[tokio::test]
async fn w7_t4_tampered_quote_binding_is_refused() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let mut fields = page.form_fields("/w/closers-inc/invite");
    let quote = fields.iter_mut().find(|(n, _)| n == "quote").unwrap();
    let at = quote.1.find("\"binding\":\"").unwrap() + 11;
    let digit = &quote.1[at..at + 1];
    let other = if digit == "0" { "1" } else { "0" };
    quote.1.replace_range(at..at + 1, other);
    let refused = client.post_fields("/w/closers-inc/invite", &fields).await;
    refused
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("computed for another workspace, version or command");
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("nina@closers.example");
}

#[tokio::test]
async fn w7_t4_quote_for_one_invitee_cannot_confirm_another() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let mut fields = page.form_fields("/w/closers-inc/invite");
    for (name, value) in &mut fields {
        if name == "email1" {
            *value = "someone-else@closers.example".to_owned();
        }
    }
    let refused = client.post_fields("/w/closers-inc/invite", &fields).await;
    refused
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("computed for another workspace, version or command");
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("someone-else@closers.example");
}

#[tokio::test]
async fn w7_b9_quote_with_a_lower_amount_is_refused_as_stale() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let mut fields = page.form_fields("/w/closers-inc/invite");
    let quote = fields.iter_mut().find(|(n, _)| n == "quote").unwrap();
    // Every amount to one cent: lines and total still add up, the binding is intact.
    let mut json: serde_json::Value = serde_json::from_str(&quote.1).unwrap();
    fn cheapen(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map.iter_mut() {
                    if (k == "amount" || k == "unit_amount" || k == "total")
                        && x.get("minor").is_some()
                    {
                        x["minor"] = serde_json::json!(1);
                    } else {
                        cheapen(x);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(cheapen),
            _ => {}
        }
    }
    cheapen(&mut json);
    quote.1 = json.to_string();
    let refused = client.post_fields("/w/closers-inc/invite", &fields).await;
    assert!(
        refused.status == StatusCode::UNPROCESSABLE_ENTITY
            || refused.status == StatusCode::BAD_REQUEST,
        "{}",
        refused.body
    );
    refused.lacks("Done:");
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("nina@closers.example");
}

#[tokio::test]
async fn w7_unreadable_quote_is_refused_with_a_message() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let mut fields = page.form_fields("/w/closers-inc/invite");
    fields.iter_mut().find(|(n, _)| n == "quote").unwrap().1 = "{\"total\": 0}".to_owned();
    client
        .post_fields("/w/closers-inc/invite", &fields)
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("the quote in the form could not be read");
}

#[tokio::test]
async fn w1_b9_confirming_without_the_quote_is_refused() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = preview_invite(
        &mut client,
        "closers-inc",
        "users",
        &[("nina@closers.example", "Closer")],
    )
    .await;
    let fields: Vec<_> = page
        .form_fields("/w/closers-inc/invite")
        .into_iter()
        .filter(|(n, _)| n != "quote")
        .collect();
    client
        .post_fields("/w/closers-inc/invite", &fields)
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("confirm the quote to apply it");
}

#[tokio::test]
async fn w7_t1_tampered_role_key_is_refused() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    client.get("/w/closers-inc/users").await;
    for bad in ["ffffffffffff", "closer", "1"] {
        let page = client
            .post(
                "/w/closers-inc/invite/preview",
                &[("email1", "x@closers.example"), ("role1", bad)],
            )
            .await;
        page.status(StatusCode::BAD_REQUEST)
            .shows("is not a role of this workspace");
    }
    // A role key of the other workspace's policy is not a role here either (T-1).
    let mut olga = Client::on(client.app.clone());
    olga.sign_in(OLGA).await;
    let members = olga.get("/w/deal-room/members").await;
    let editor = role_key(&members.body, "Editor");
    let page = client
        .post(
            "/w/closers-inc/invite/preview",
            &[("email1", "x@closers.example"), ("role1", &editor)],
        )
        .await;
    page.status(StatusCode::BAD_REQUEST)
        .shows("is not a role of this workspace");
}

#[tokio::test]
async fn w7_invalid_address_is_refused_in_plain_words() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/users").await;
    let closer = role_key(&page.body, "Closer");
    client
        .post(
            "/w/closers-inc/invite/preview",
            &[("email1", "not an address"), ("role1", &closer)],
        )
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("not an address");
    client
        .post(
            "/w/closers-inc/invite/preview",
            &[("email1", ""), ("role1", &closer)],
        )
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("enter at least one e-mail address");
}

#[tokio::test]
async fn w4_b6_inviting_guests_past_the_limit_prompts_and_proceeds_only_when_confirmed() {
    let mut client = Client::new().await;
    client.sign_in(OLGA).await;
    // Ten guests of eleven: two more go past the allowance.
    let page = preview_invite(
        &mut client,
        "deal-room",
        "members",
        &[
            ("g1@guests.example", "Guest"),
            ("g2@guests.example", "Guest"),
        ],
    )
    .await;
    page.status(StatusCode::OK)
        .shows("data-kind=\"guest-limit\"")
        .shows("12 guests would exceed the allowance of 11")
        .shows("Invite anyway");
    // Not confirmed: nothing is invited.
    client
        .get("/w/deal-room/members")
        .await
        .lacks("g1@guests.example");
    let fields = page.form_fields("/w/deal-room/invite");
    assert!(fields.contains(&("confirm_guest_limit".to_owned(), "yes".to_owned())));
    // Confirmed: the preview goes on (guests cost nothing until they accept, B-7).
    let next = client.post_fields("/w/deal-room/invite", &fields).await;
    next.status(StatusCode::OK)
        .shows("data-kind=\"free\"")
        .shows("no charge");
    let fields = next.form_fields("/w/deal-room/invite");
    client
        .post_fields("/w/deal-room/invite", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let members = client.get("/w/deal-room/members").await;
    members
        .shows("g1@guests.example")
        .shows("g2@guests.example");
    // B-7: invited guests do not count yet.
    members.shows("id=\"guests-used\">10</span>");
}

#[tokio::test]
async fn w4_guest_limit_confirmation_cannot_be_skipped_by_posting_confirmed() {
    let mut client = Client::new().await;
    client.sign_in(OLGA).await;
    let page = client.get("/w/deal-room/members").await;
    let guest = role_key(&page.body, "Guest");
    let refused = client
        .post(
            "/w/deal-room/invite",
            &[
                ("email1", "g1@guests.example"),
                ("role1", &guest),
                ("email2", "g2@guests.example"),
                ("role2", &guest),
                ("confirmed", "yes"),
            ],
        )
        .await;
    refused
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("confirm the guest limit");
    client
        .get("/w/deal-room/members")
        .await
        .lacks("g1@guests.example");
}

#[tokio::test]
async fn w4_m5_b10_approving_requests_warns_at_the_limit_and_quotes_past_it() {
    let mut client = Client::new().await;
    client.sign_in(OLGA).await;
    client.get("/w/deal-room/members").await;
    // The eleventh guest fits: approved at once.
    let done = client
        .post(
            "/w/deal-room/requests/approve",
            &[("email", "vic@deals.example")],
        )
        .await;
    done.status(StatusCode::SEE_OTHER);
    let members = client.get("/w/deal-room/members").await;
    members
        .shows("id=\"guests-used\">11</span> of <span id=\"guests-allowed\">11</span>")
        .shows("id=\"guest-warning\"")
        .shows("You have reached the guest limit");
    // The twelfth needs a seat: the approval waits for the quote to be confirmed (B-6, B-7).
    let prompt = client
        .post(
            "/w/deal-room/requests/approve",
            &[("email", "val@deals.example")],
        )
        .await;
    prompt
        .status(StatusCode::OK)
        .shows("Confirm the charge")
        .shows("Approve val@deals.example as a guest");
    client
        .get("/w/deal-room/members")
        .await
        .shows("id=\"guests-used\">11</span>");
    let fields = prompt.form_fields("/w/deal-room/requests/approve");
    client
        .post_fields("/w/deal-room/requests/approve", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let members = client.get("/w/deal-room/members").await;
    members
        .shows("id=\"guests-used\">12</span>")
        .shows("id=\"paid-seats\">5</span>");
}

#[tokio::test]
async fn w4_m5_rejecting_a_request_removes_it() {
    let mut client = Client::new().await;
    client.sign_in(ADA).await;
    let page = client.get("/w/deal-room/members").await;
    page.shows("vic@deals.example");
    client
        .post(
            "/w/deal-room/requests/reject",
            &[("email", "vic@deals.example")],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    client
        .get("/w/deal-room/members")
        .await
        .lacks("vic@deals.example");
    // Rejecting again: the crate says there is no such request.
    client
        .post(
            "/w/deal-room/requests/reject",
            &[("email", "vic@deals.example")],
        )
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("no pending access request for `vic@deals.example`");
}

#[tokio::test]
async fn w1_a7_change_role_and_add_to_team() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/users").await;
    let setter = role_key(&page.body, "Setter");
    client
        .post(
            "/w/closers-inc/users/role",
            &[("user", "4"), ("role", &setter)],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/users").await;
    let row = &page.body[page
        .body
        .find("data-email=\"carla@closers.example\"")
        .unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("<td>Setter"));
    client
        .post("/w/closers-inc/users/team", &[("user", "3"), ("team", "1")])
        .await
        .status(StatusCode::SEE_OTHER);
    // W-7: a tampered user id or team is refused with the crate's words.
    client
        .post(
            "/w/closers-inc/users/role",
            &[("user", "999"), ("role", &setter)],
        )
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("user 999 is not in the workspace");
    client
        .post(
            "/w/closers-inc/users/role",
            &[("user", "four"), ("role", &setter)],
        )
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("is not a user id");
    client
        .post(
            "/w/closers-inc/users/team",
            &[("user", "3"), ("team", "77")],
        )
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("no team 77");
}

#[tokio::test]
async fn w1_a7_sales_manager_is_refused_on_a_super_admin_even_by_a_forged_post() {
    let mut client = Client::new().await;
    client.sign_in(MARIA).await;
    let page = client.get("/w/closers-inc/users").await;
    let closer = role_key(&page.body, "Closer");
    // Dan is a Super Admin, ranked above Maria (SS-3, A-7).
    client
        .post(
            "/w/closers-inc/users/role",
            &[("user", "2"), ("role", &closer)],
        )
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
    client
        .post("/w/closers-inc/users/delete", &[("user", "2")])
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
    client
        .get("/w/closers-inc/users/delete?user=2")
        .await
        .status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn w6_closer_posting_to_user_management_is_refused() {
    let mut client = Client::new().await;
    client.sign_in(CARLA).await;
    client.get("/signin").await;
    client
        .post(
            "/w/closers-inc/invitations/resend",
            &[("email", "pete@closers.example")],
        )
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
}

#[tokio::test]
async fn w1_m7_delete_with_confirmation_then_the_member_has_no_access() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/users/delete?user=4").await;
    page.status(StatusCode::OK)
        .shows("Delete carla@closers.example?")
        .shows("Their seat stays paid until the end of the billing period");
    let fields = page.form_fields("/w/closers-inc/users/delete");
    client
        .post_fields("/w/closers-inc/users/delete", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let users = client.get("/w/closers-inc/users").await;
    users
        .lacks("carla@closers.example")
        .shows("id=\"paid-seats\">6</span>"); // B-5
    let mut carla = Client::on(client.app.clone());
    carla.sign_in(CARLA).await;
    carla
        .get("/w/closers-inc")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("You no longer have access to");
}

#[tokio::test]
async fn w1_m3_withdraw_resend_and_copy_link_for_a_pending_invitation() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    client.get("/w/closers-inc/users").await;
    client
        .post(
            "/w/closers-inc/invitations/resend",
            &[("email", "pete@closers.example")],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    let link = client
        .post(
            "/w/closers-inc/invitations/link",
            &[("email", "pete@closers.example")],
        )
        .await;
    link.status(StatusCode::OK)
        .shows("id=\"invite-link\"")
        .shows("/join/");
    // M-3: an accepted user has no invitation to resend.
    client
        .post(
            "/w/closers-inc/invitations/resend",
            &[("email", "carla@closers.example")],
        )
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("no pending invitation for `carla@closers.example`");
    let page = client
        .get("/w/closers-inc/users/delete?email=pete%40closers.example")
        .await;
    page.shows("Withdraw the invitation to pete@closers.example?");
    let fields = page.form_fields("/w/closers-inc/users/delete");
    client
        .post_fields("/w/closers-inc/users/delete", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    client
        .get("/w/closers-inc/users")
        .await
        .lacks("pete@closers.example");
}

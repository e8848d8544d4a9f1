//! HTTP tests of the pages' read side, driven in-process (no socket): sign-in, sessions and
//! CSRF (W-7), the users page (W-1), the members page (W-4), page modes (W-6, A-10).

mod common;

use axum::http::StatusCode;
use common::{users::*, Client};

#[tokio::test]
async fn w5_demo_signin_lists_every_seeded_user_and_says_it_is_a_demo() {
    let mut client = Client::new().await;
    let page = client.get("/signin").await;
    page.status(StatusCode::OK)
        .shows("Demo sign-in — no password; for demonstration only");
    for who in [
        "Olivia", "Dan", "Maria", "Carla", "Sam", "Pete", "Olga", "Ada", "Ed", "Rob", "Pia", "Vic",
        "Rita",
    ] {
        page.shows(&format!("Sign in as {who}"));
    }
}

#[tokio::test]
async fn anonymous_visitor_is_sent_to_signin() {
    let mut client = Client::new().await;
    let page = client.get("/w/closers-inc/users").await;
    page.status(StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/signin"));
}

#[tokio::test]
async fn w7_post_without_csrf_token_is_refused_with_403() {
    let mut client = Client::new().await;
    client.get("/signin").await;
    let page = client.post_raw("/signin", &[("user", "1")]).await;
    page.status(StatusCode::FORBIDDEN)
        .shows("security token is missing or wrong");
    // Nothing happened: still signed out.
    assert_eq!(
        client.get("/w/closers-inc/users").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn w7_post_with_wrong_csrf_token_is_refused_with_403() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client
        .post_raw(
            "/w/closers-inc/invitations/resend",
            &[
                ("csrf", "00000000000000000000000000000000"),
                ("email", "pete@closers.example"),
            ],
        )
        .await;
    page.status(StatusCode::FORBIDDEN)
        .shows("security token is missing or wrong");
    // A post without any session cookie is refused the same way.
    let mut stranger = Client::on(client.app.clone());
    let page = stranger
        .post_raw(
            "/w/closers-inc/invitations/resend",
            &[("csrf", "x"), ("email", "pete@closers.example")],
        )
        .await;
    page.status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn w7_token_of_another_session_is_refused() {
    let mut alice = Client::new().await;
    alice.sign_in(OLIVIA).await;
    let mut mallory = Client::on(alice.app.clone());
    mallory.sign_in(CARLA).await;
    // Mallory's cookie with Olivia's token: refused.
    let stolen = alice.csrf.clone().unwrap();
    let page = mallory
        .post_raw(
            "/w/closers-inc/invitations/resend",
            &[("csrf", &stolen), ("email", "pete@closers.example")],
        )
        .await;
    page.status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn w1_users_page_for_the_owner_shows_seats_badges_and_row_actions() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/users").await;
    page.status(StatusCode::OK)
        .shows("<h1>Users</h1>")
        .shows("id=\"paid-seats\">6</span> paid on the Business plan")
        .shows("5 members")
        .shows("1 pending invitation holding a seat");
    // Badges (SS-15): Carla has availability and a calendar; Dan neither.
    let carla = row(&page.body, "carla@closers.example");
    assert!(
        carla.contains("badge ok\">Set") && carla.contains("Connected"),
        "{carla}"
    );
    let dan = row(&page.body, "dan@closers.example");
    assert!(
        dan.contains("Not set") && dan.contains("Not connected"),
        "{dan}"
    );
    // M-3: the pending row offers resend and copy link, not change role.
    let pete = row(&page.body, "pete@closers.example");
    assert!(
        pete.contains("Pending") && pete.contains("Resend") && pete.contains("Copy invite link"),
        "{pete}"
    );
    assert!(!pete.contains("Change role"), "{pete}");
    // Accepted rows offer change role, add to team, delete; the owner's own row no delete.
    assert!(
        carla.contains("Change role") && carla.contains("Add to team") && carla.contains("Delete"),
        "{carla}"
    );
    let olivia = row(&page.body, "olivia@closers.example");
    assert!(
        !olivia.contains("Delete") && !olivia.contains("Change role"),
        "{olivia}"
    );
    // The add-users form offers the roles the owner may give.
    page.shows("Preview and add")
        .shows(">Closer</option>")
        .shows(">Super Admin</option>");
    // Navigation: every page of the sales scheduler for the owner.
    for entry in ["Users", "Teams", "Scheduled calls", "Roles ", "Billing"] {
        page.shows(&format!(">{entry}"));
    }
}

#[tokio::test]
async fn w1_a7_sales_manager_cannot_touch_super_admins() {
    let mut client = Client::new().await;
    client.sign_in(MARIA).await;
    let page = client.get("/w/closers-inc/users").await;
    page.status(StatusCode::OK);
    // no action on users ranked above her; Super Admin is not offered.
    let dan = row(&page.body, "dan@closers.example");
    assert!(
        !dan.contains("Delete") && !dan.contains("Change role"),
        "{dan}"
    );
    page.lacks(">Super Admin</option>");
    let carla = row(&page.body, "carla@closers.example");
    assert!(carla.contains("Change role"), "{carla}");
}

#[tokio::test]
async fn w6_closer_does_not_see_users_in_nav_and_direct_visit_is_restricted() {
    let mut client = Client::new().await;
    client.sign_in(CARLA).await;
    let calls = client.get("/w/closers-inc").await;
    calls.status(StatusCode::SEE_OTHER);
    assert_eq!(calls.location.as_deref(), Some("/w/closers-inc/calls"));
    // the users page is hidden for a Closer (SS-5: no user management).
    let page = client.get("/w/closers-inc/users").await;
    page.status(StatusCode::FORBIDDEN)
        .shows("Restricted access")
        .shows("you do not have permission to view this page");
}

#[tokio::test]
async fn w4_members_page_shows_guest_ratio_requests_and_pending_invitations() {
    let mut client = Client::new().await;
    client.sign_in(OLGA).await;
    let page = client.get("/w/deal-room/members").await;
    page.status(StatusCode::OK)
        .shows("<h1>Members</h1>")
        // B-6, B-10: four paid seats allow 5 + 2 × 3 = 11 guests; ten have joined.
        .shows("id=\"guests-used\">10</span> of <span id=\"guests-allowed\">11</span>")
        .shows("1 left")
        .lacks("id=\"guest-warning\"");
    // M-4: the requests to approve or reject.
    for email in [
        "vic@deals.example",
        "val@deals.example",
        "carla@closers.example",
    ] {
        let request = row(&page.body, email);
        assert!(
            request.contains("Approve") && request.contains("Reject"),
            "{request}"
        );
    }
    let pia = row(&page.body, "pia@deals.example");
    assert!(pia.contains("Pending") && pia.contains("Resend"), "{pia}");
    // Guests are listed with the guest badge.
    let rita = row(&page.body, "rita@guests.example");
    assert!(rita.contains("badge\">guest"), "{rita}");
    // The removed member is not in the table (M-7).
    page.lacks("rob@deals.example");
}

#[tokio::test]
async fn w6_m7_removed_member_gets_the_no_access_screen() {
    let mut client = Client::new().await;
    client.sign_in(ROB).await;
    for path in ["/w/deal-room", "/w/deal-room/members", "/w/deal-room/deals"] {
        let page = client.get(path).await;
        page.status(StatusCode::FORBIDDEN)
            .shows("data-kind=\"no-access\"")
            .shows("You no longer have access to");
    }
}

#[tokio::test]
async fn w6_editor_has_no_members_entry_and_a_direct_visit_is_restricted() {
    let mut client = Client::new().await;
    client.sign_in(ED).await;
    let page = client.get("/w/deal-room/members").await;
    page.status(StatusCode::FORBIDDEN)
        .shows("Restricted access");
}

#[tokio::test]
async fn w6_a1_stranger_and_invitee_are_kept_out_of_the_workspace() {
    let mut client = Client::new().await;
    client.sign_in(VIC).await;
    client
        .get("/w/deal-room/members")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("You are not a member of")
        .shows("/w/deal-room/request-access");
    let mut pia = Client::on(client.app.clone());
    pia.sign_in(PIA).await;
    pia.get("/w/deal-room/members")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("invitation to");
}

#[tokio::test]
async fn w1_users_page_is_paged_by_address() {
    let mut client = Client::new().await;
    client.sign_in(OLGA).await;
    let page = client
        .get("/w/deal-room/members?after=olga@deals.example")
        .await;
    page.status(StatusCode::OK)
        .lacks("ada@deals.example")
        .shows("pia@deals.example");
    client
        .get("/w/deal-room/members?after=not-an-address")
        .await
        .status(StatusCode::BAD_REQUEST);
}

/// The `<tr>` of the row whose `data-email` is `email`.
fn row<'a>(body: &'a str, email: &str) -> &'a str {
    let start = body
        .find(&format!("data-email=\"{email}\""))
        .unwrap_or_else(|| panic!("no row for {email}:\n{body}"));
    let rest = &body[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

//! HTTP tests of the teams tab and the calls page with its team filter (W-2, M-8, S-6), and
//! the roles and permissions page (W-3, SS-8, A-11).

mod common;

use axum::http::StatusCode;
use common::{users::*, Client};

#[tokio::test]
async fn w2_m8_create_team_add_and_remove_members() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/teams").await;
    page.status(StatusCode::OK)
        .shows("Closers")
        .shows("Setters");
    client
        .post("/w/closers-inc/teams", &[("name", "Hunters")])
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/teams").await;
    page.shows("<h2>Hunters</h2>");
    client
        .post("/w/closers-inc/teams/3/add", &[("user", "3")])
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/teams").await;
    let team = &page.body[page.body.find("data-team=\"3\"").unwrap()..];
    assert!(team[..team.find("</section>").unwrap()].contains("Maria"));
    client
        .post("/w/closers-inc/teams/3/remove", &[("user", "3")])
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/teams").await;
    let team = &page.body[page.body.find("data-team=\"3\"").unwrap()..];
    assert!(team[..team.find("</section>").unwrap()].contains("No members yet"));
    // W-7: an empty team name is refused by the crate in plain words.
    client
        .post("/w/closers-inc/teams", &[("name", "")])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY);
    client
        .post("/w/closers-inc/teams/9/add", &[("user", "3")])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("no team 9");
}

#[tokio::test]
async fn w2_closer_cannot_manage_teams() {
    let mut client = Client::new().await;
    client.sign_in(CARLA).await;
    client
        .get("/w/closers-inc/teams")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Restricted access");
    client.get("/signin").await;
    client
        .post("/w/closers-inc/teams", &[("name", "Mine")])
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
}

#[tokio::test]
async fn w2_s6_calls_listed_through_the_sql_filter_with_a_team_filter() {
    let mut owner = Client::new().await;
    owner.sign_in(OLIVIA).await;
    let all = owner.get("/w/closers-inc/calls").await;
    all.status(StatusCode::OK)
        .shows("every user's scheduled calls");
    for call in 101..=108 {
        all.shows(&format!("data-call=\"{call}\""));
    }
    // Team filter: the Setters team (Sam) hosts 104 and 105 only.
    let setters = owner.get("/w/closers-inc/calls?team=2").await;
    setters
        .shows("data-call=\"104\"")
        .shows("data-call=\"105\"")
        .lacks("data-call=\"101\"");
    owner
        .get("/w/closers-inc/calls?team=x")
        .await
        .status(StatusCode::BAD_REQUEST);
    owner
        .get("/w/closers-inc/calls?team=42")
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("no team 42");
    // SS-9: a Closer (Exclusive) sees only the calls she hosts.
    let mut carla = Client::on(owner.app.clone());
    carla.sign_in(CARLA).await;
    let mine = carla.get("/w/closers-inc/calls").await;
    mine.status(StatusCode::OK)
        .shows("the scheduled calls you host");
    for call in [101, 102, 103, 108] {
        mine.shows(&format!("data-call=\"{call}\""));
    }
    for call in [104, 105, 106, 107] {
        mine.lacks(&format!("data-call=\"{call}\""));
    }
}

#[tokio::test]
async fn w3_roles_page_shows_scopes_and_built_in_rules() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/roles").await;
    page.status(StatusCode::OK).shows("Roles &amp; permissions");
    // SS-5: a Closer's analytics are Exclusive, billing off; SS-7: a Sales Manager's analytics Full.
    let analytics = &page.body[page.body.find("<tr data-area=\"analytics\"").unwrap()..];
    let analytics = &analytics[..analytics.find("</tr>").unwrap()];
    assert!(
        analytics.contains("scope-exclusive") && analytics.contains("scope-full"),
        "{analytics}"
    );
    // SS-8: Super Admin is built in; the others have save and delete buttons.
    page.shows("Super Admin is built in")
        .shows("Save Closer")
        .shows("Delete Setter");
    page.lacks("Save Super Admin");
}

#[tokio::test]
async fn w3_ss8_edit_a_role_then_create_and_delete_one() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/roles").await;
    // Closer: give export of contacts and delete of calls.
    let mut fields = role_form(&page, "closer");
    fields.push(("opt_contacts_export".to_owned(), "on".to_owned()));
    fields.push(("opt_calls_delete".to_owned(), "on".to_owned()));
    client
        .post_fields("/w/closers-inc/roles/closer", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/roles").await;
    let section = &page.body[page
        .body
        .find("<section class=\"box role\" data-role=\"closer\"")
        .unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("name=\"opt_contacts_export\" checked"),
        "{section}"
    );
    assert!(
        section.contains("name=\"opt_calls_delete\" checked"),
        "{section}"
    );
    // W-7: a tampered scope is refused.
    let mut bad = fields.clone();
    bad.retain(|(n, _)| n != "scope_analytics");
    bad.push(("scope_analytics".to_owned(), "everything".to_owned()));
    client
        .post_fields("/w/closers-inc/roles/closer", &bad)
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("is not a scope");
    // Create a role copied from Setter, then delete it.
    client
        .post(
            "/w/closers-inc/roles",
            &[("label", "Junior Setter"), ("copy_from", "setter")],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    client
        .get("/w/closers-inc/roles")
        .await
        .shows("data-role=\"junior_setter\"");
    client
        .post("/w/closers-inc/roles/junior_setter/delete", &[])
        .await
        .status(StatusCode::SEE_OTHER);
    client
        .get("/w/closers-inc/roles")
        .await
        .lacks("data-role=\"junior_setter\"");
    // SS-8: Super Admin cannot be deleted; a role in use cannot either.
    client
        .post("/w/closers-inc/roles/super_admin/delete", &[])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("cannot be edited or deleted");
    client
        .post("/w/closers-inc/roles/closer/delete", &[])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("is in use");
}

#[tokio::test]
async fn w3_a10_roles_page_is_hidden_for_a_sales_manager() {
    let mut client = Client::new().await;
    client.sign_in(MARIA).await;
    let users = client.get("/w/closers-inc/users").await;
    users.status(StatusCode::OK).lacks(">Roles ");
    client
        .get("/w/closers-inc/roles")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Restricted access");
    client
        .post("/w/closers-inc/roles/closer/delete", &[])
        .await
        .status(StatusCode::FORBIDDEN);
}

/// The fields a browser would send for `role`'s form as the page shows it: the hidden
/// fields, each select's selected option and each checked box.
fn role_form(page: &common::Page, role: &str) -> Vec<(String, String)> {
    let mut fields = page.form_fields(&format!("/w/closers-inc/roles/{role}"));
    let start = format!("<section class=\"box role\" data-role=\"{role}\"");
    let section = &page.body[page.body.find(&start).unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    for select in section.split("<select name=\"").skip(1) {
        let name = select.split('"').next().unwrap().to_owned();
        let chosen = select
            .split("selected")
            .next()
            .unwrap()
            .rsplit("value=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        fields.push((name, chosen));
    }
    for checkbox in section.split("<input type=\"checkbox\" name=\"").skip(1) {
        let name = checkbox.split('"').next().unwrap().to_owned();
        if checkbox.split('>').next().unwrap().contains("checked") {
            fields.push((name, "on".to_owned()));
        }
    }
    fields
}

#[tokio::test]
async fn w3_a2_team_scope_is_offered_and_kept_when_a_role_is_saved_unchanged() {
    let mut client = Client::new().await;
    client.sign_in(OLIVIA).await;
    let page = client.get("/w/closers-inc/roles").await;
    // give the Closer Team scope on scheduled events.
    let mut fields = role_form(&page, "closer");
    fields.retain(|(n, _)| n != "scope_scheduled_events");
    fields.push(("scope_scheduled_events".to_owned(), "team".to_owned()));
    client
        .post_fields("/w/closers-inc/roles/closer", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/roles").await;
    let team = ("scope_scheduled_events".to_owned(), "team".to_owned());
    let shown = role_form(&page, "closer");
    assert!(shown.contains(&team), "{shown:?}");
    // Saving the form as shown keeps the Team grant (it was once shown as Off and dropped).
    client
        .post_fields("/w/closers-inc/roles/closer", &shown)
        .await
        .status(StatusCode::SEE_OTHER);
    let page = client.get("/w/closers-inc/roles").await;
    assert!(role_form(&page, "closer").contains(&team));
}

/// The row of call `id` in a calls page.
fn call_row(body: &str, id: i64) -> &str {
    let start = body
        .find(&format!("data-call=\"{id}\""))
        .unwrap_or_else(|| panic!("no call {id} in the page:\n{body}"));
    let rest = &body[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn w2_s6_calls_page_by_50_keeping_the_team_filter() {
    let mut owner = Client::new().await;
    owner.sign_in(OLIVIA).await;
    // 120 more calls, each hosted by Sam (Setters team) and created by Olivia.
    for id in 1001..=1120_i64 {
        sqlx::query("INSERT INTO calls (id, workspace, title, starts_at, created_by) VALUES (?, 'closers-inc', ?, '2025-04-01 09:00 UTC', ?)")
            .bind(id)
            .bind(format!("Call {id}"))
            .bind(i64::try_from(OLIVIA).unwrap())
            .execute(owner.app.pool())
            .await
            .unwrap();
        sqlx::query("INSERT INTO call_hosts (call_id, user_id) VALUES (?, ?)")
            .bind(id)
            .bind(i64::try_from(SAM).unwrap())
            .execute(owner.app.pool())
            .await
            .unwrap();
    }
    // First page: the 8 seeded calls and the first 42 added; a link to the rest.
    let first = owner.get("/w/closers-inc/calls").await;
    first.status(StatusCode::OK);
    assert_eq!(first.body.matches("data-call=").count(), 50);
    first
        .shows("data-call=\"101\"")
        .shows("data-call=\"1042\"")
        .lacks("data-call=\"1043\"")
        .shows("href=\"/w/closers-inc/calls?after=1042\"");
    let second = owner.get("/w/closers-inc/calls?after=1042").await;
    assert_eq!(second.body.matches("data-call=").count(), 50);
    second
        .lacks("data-call=\"101\"")
        .shows("data-call=\"1043\"")
        .shows("data-call=\"1092\"")
        .shows("href=\"/w/closers-inc/calls?after=1092\"");
    let last = owner.get("/w/closers-inc/calls?after=1092").await;
    assert_eq!(last.body.matches("data-call=").count(), 28);
    last.shows("data-call=\"1120\"").lacks("id=\"next-page\"");
    // The team filter is kept from page to page: Setters host 104, 105 and the 120 added.
    let setters = owner.get("/w/closers-inc/calls?team=2").await;
    assert_eq!(setters.body.matches("data-call=").count(), 50);
    setters
        .shows("data-call=\"104\"")
        .lacks("data-call=\"101\"")
        // The link keeps the team (its `&` is escaped in the page).
        .shows("href=\"/w/closers-inc/calls?team=2&")
        .shows("after=1048\"");
    let setters_next = owner.get("/w/closers-inc/calls?team=2&after=1048").await;
    setters_next
        .shows("data-call=\"1049\"")
        .lacks("data-call=\"104\"");
    owner
        .get("/w/closers-inc/calls?after=x")
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("not a record id");
}

#[tokio::test]
async fn w2_a2_every_host_of_a_call_counts_not_only_the_first() {
    let mut carla = Client::new().await;
    carla.sign_in(CARLA).await;
    // Call 106 is Maria's; Carla becomes its second host (Maria's id is lower than hers).
    sqlx::query("INSERT INTO call_hosts (call_id, user_id) VALUES (106, ?)")
        .bind(i64::try_from(CARLA).unwrap())
        .execute(carla.app.pool())
        .await
        .unwrap();
    let page = carla.get("/w/closers-inc/calls").await;
    page.status(StatusCode::OK);
    // SS-9: a Closer may edit the calls she hosts, co-hosted ones included.
    let row = call_row(&page.body, 106);
    assert!(!row.contains("disabled"), "{row}");
    assert!(row.contains("Maria") && row.contains("Carla"), "{row}");
    // A call she does not host stays out of her list.
    page.lacks("data-call=\"107\"");
}

#[tokio::test]
async fn w2_a8_a_host_edits_her_call_and_a_forged_edit_is_refused() {
    let mut carla = Client::new().await;
    carla.sign_in(CARLA).await;
    let list = carla.get("/w/closers-inc/calls").await;
    assert!(
        call_row(&list.body, 101).contains("href=\"/w/closers-inc/calls/101/edit\""),
        "{}",
        call_row(&list.body, 101)
    );
    carla
        .get("/w/closers-inc/calls/101/edit")
        .await
        .status(StatusCode::OK)
        .shows("Discovery call with Acme");
    let saved = carla
        .post(
            "/w/closers-inc/calls/101",
            &[("title", " Discovery call with Acme Corp ")],
        )
        .await;
    saved.status(StatusCode::SEE_OTHER);
    carla
        .get(saved.location.as_deref().unwrap())
        .await
        .shows("Saved call 101")
        .shows("Discovery call with Acme Corp<");
    carla
        .post("/w/closers-inc/calls/101", &[("title", "")])
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("1 to 200 characters");
    // SS-9: Maria's call 106 is not hers to edit: the page and a forged post are refused.
    carla
        .get("/w/closers-inc/calls/106/edit")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
    carla
        .post("/w/closers-inc/calls/106", &[("title", "Mine now")])
        .await
        .status(StatusCode::FORBIDDEN);
    let title: String = sqlx::query_scalar("SELECT title FROM calls WHERE id = 106")
        .fetch_one(carla.app.pool())
        .await
        .unwrap();
    assert_eq!(title, "Pricing review: Stark");
    // A call of another workspace is not found here, even by the owner who may edit every call.
    sqlx::query("INSERT INTO calls (id, workspace, title, starts_at, created_by) VALUES (999, 'deal-room', 'Elsewhere', '2025-04-01 09:00 UTC', 10)")
        .execute(carla.app.pool())
        .await
        .unwrap();
    let mut olivia = Client::on(carla.app.clone());
    olivia.sign_in(OLIVIA).await;
    olivia
        .get("/w/closers-inc/calls/999/edit")
        .await
        .status(StatusCode::NOT_FOUND);
    olivia.get("/w/closers-inc/calls").await;
    olivia
        .post("/w/closers-inc/calls/999", &[("title", "Taken")])
        .await
        .status(StatusCode::NOT_FOUND);
    olivia
        .get("/w/closers-inc/calls/x/edit")
        .await
        .status(StatusCode::NOT_FOUND);
}

//! HTTP tests of the page modes (W-6, A-10): the read-only banner, disabled actions, hidden
//! navigation entries, the restricted-access message on a direct visit.

mod common;

use axum::http::StatusCode;
use common::{users::*, Client};

const BANNER: &str = "You have read-only access to this page";

#[tokio::test]
async fn w6_guest_sees_deals_read_only_with_every_change_disabled() {
    let mut rita = Client::new().await;
    rita.sign_in(RITA).await;
    let page = rita.get("/w/deal-room/deals").await;
    page.status(StatusCode::OK)
        .shows(BANNER)
        .shows("data-page-mode=\"read-only\"");
    page.shows("id=\"new-deal\" disabled");
    for verb in ["edit", "approve", "close", "archive", "delete"] {
        page.shows(&format!("class=\"deal-{verb}\" disabled"));
    }
    // DS-3: a guest may present a deal: that button is enabled.
    page.lacks("class=\"deal-present\" disabled");
    // Hidden from navigation: members and billing (no view grant).
    page.lacks(">Members</a>")
        .lacks(">Billing</a>")
        .shows(">Deals</a>");
    // A forged post is refused by `can` (I-4).
    rita.post("/w/deal-room/deals/201/approve", &[])
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
    rita.post("/w/deal-room/deals/201/present", &[])
        .await
        .status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn w6_editor_has_limited_deals_and_no_banner() {
    let mut ed = Client::new().await;
    ed.sign_in(ED).await;
    let page = ed.get("/w/deal-room/deals").await;
    page.status(StatusCode::OK)
        .lacks(BANNER)
        .shows("data-page-mode=\"limited\"");
    page.lacks("class=\"deal-edit\" disabled")
        .shows("class=\"deal-approve\" disabled");
    page.lacks(">Members</a>");
    ed.post("/w/deal-room/deals/203/approve", &[])
        .await
        .status(StatusCode::FORBIDDEN);
    ed.post("/w/deal-room/deals/203/edit", &[])
        .await
        .status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn w6_manager_actions_enabled_for_admin() {
    let mut ada = Client::new().await;
    ada.sign_in(ADA).await;
    let page = ada.get("/w/deal-room/deals").await;
    page.shows("data-page-mode=\"full\"").lacks("\" disabled>");
    let done = ada.post("/w/deal-room/deals/202/approve", &[]).await;
    done.status(StatusCode::SEE_OTHER);
    ada.get("/w/deal-room/deals").await.shows("Approved");
    ada.post("/w/deal-room/deals/202/delete", &[])
        .await
        .status(StatusCode::SEE_OTHER);
    ada.get("/w/deal-room/deals")
        .await
        .lacks("data-deal=\"202\"");
    ada.post("/w/deal-room/deals/999/edit", &[])
        .await
        .status(StatusCode::NOT_FOUND);
    ada.post("/w/deal-room/deals/201/fly", &[])
        .await
        .status(StatusCode::NOT_FOUND);
    // Billing: hidden for an Admin (DS-7: the owner's).
    ada.get("/w/deal-room/billing")
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Restricted access");
}

#[tokio::test]
async fn w6_ss3_billing_is_read_only_for_a_second_super_admin() {
    let mut dan = Client::new().await;
    dan.sign_in(DAN).await;
    let page = dan.get("/w/closers-inc/billing").await;
    page.status(StatusCode::OK)
        .shows("id=\"manage-billing\" disabled");
    let mut olivia = Client::on(dan.app.clone());
    olivia.sign_in(OLIVIA).await;
    olivia
        .get("/w/closers-inc/billing")
        .await
        .status(StatusCode::OK)
        .lacks("id=\"manage-billing\" disabled")
        .lacks(BANNER);
}

#[tokio::test]
async fn w6_nav_entries_follow_the_page_modes() {
    let mut carla = Client::new().await;
    carla.sign_in(CARLA).await;
    let page = carla.get("/w/closers-inc/calls").await;
    page.status(StatusCode::OK).shows(">Scheduled calls</a>");
    for hidden in [">Users</a>", ">Teams</a>", ">Roles ", ">Billing</a>"] {
        page.lacks(hidden);
    }
    for path in [
        "/w/closers-inc/users",
        "/w/closers-inc/teams",
        "/w/closers-inc/roles",
        "/w/closers-inc/billing",
    ] {
        carla
            .get(path)
            .await
            .status(StatusCode::FORBIDDEN)
            .shows("Restricted access");
    }
    let mut olga = Client::on(carla.app.clone());
    olga.sign_in(OLGA).await;
    let page = olga.get("/w/deal-room/members").await;
    for shown in [">Members</a>", ">Deals</a>", ">Billing</a>"] {
        page.shows(shown);
    }
}

#[tokio::test]
async fn w6_removed_member_gets_no_access_on_every_page() {
    let mut rob = Client::new().await;
    rob.sign_in(ROB).await;
    for path in [
        "/w/deal-room/deals",
        "/w/deal-room/billing",
        "/w/deal-room/members",
    ] {
        rob.get(path)
            .await
            .status(StatusCode::FORBIDDEN)
            .shows("data-kind=\"no-access\"");
    }
    rob.get("/signin").await;
    rob.post("/w/deal-room/deals/201/present", &[])
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("no longer have access");
}

#[tokio::test]
async fn unknown_pages_and_workspaces_are_404() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    olga.get("/nowhere").await.status(StatusCode::NOT_FOUND);
    olga.get("/w/nope/members")
        .await
        .status(StatusCode::NOT_FOUND)
        .shows("no workspace");
    olga.get("/w/deal-room/calls")
        .await
        .status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn w6_a8_new_deal_is_created_by_whoever_may_create_and_refused_to_a_guest() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    let page = olga.get("/w/deal-room/deals").await;
    page.lacks("id=\"new-deal\" disabled");
    let done = olga
        .post("/w/deal-room/deals", &[("title", "  Globex renewal  ")])
        .await;
    done.status(StatusCode::SEE_OTHER);
    let listed = olga.get(done.location.as_deref().unwrap()).await;
    listed.shows("Created deal").shows("Globex renewal");
    olga.post("/w/deal-room/deals", &[("title", "   ")])
        .await
        .status(StatusCode::BAD_REQUEST)
        .shows("1 to 200 characters");
    olga.post("/w/deal-room/deals", &[("title", "a\u{1b}[2Jb")])
        .await
        .status(StatusCode::BAD_REQUEST);
    // A guest: the button is disabled and a forged post is refused by `can` (A-8, I-4).
    let mut rita = Client::on(olga.app.clone());
    rita.sign_in(RITA).await;
    rita.get("/w/deal-room/deals")
        .await
        .shows("id=\"new-deal\" disabled");
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deals")
        .fetch_one(olga.app.pool())
        .await
        .unwrap();
    rita.post("/w/deal-room/deals", &[("title", "Mine")])
        .await
        .status(StatusCode::FORBIDDEN)
        .shows("Not allowed");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deals")
        .fetch_one(olga.app.pool())
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn w6_s6_deals_page_by_50() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    for n in 0..60 {
        olga.post(
            "/w/deal-room/deals",
            &[("title", &format!("Deal number {n}"))],
        )
        .await
        .status(StatusCode::SEE_OTHER);
    }
    let first = olga.get("/w/deal-room/deals").await;
    assert_eq!(first.body.matches("data-deal=").count(), 50);
    let next = first
        .body
        .split("id=\"next-page\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to the next page")
        .to_owned();
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deals WHERE workspace = 'deal-room'")
        .fetch_one(olga.app.pool())
        .await
        .unwrap();
    let second = olga.get(&next).await;
    second.status(StatusCode::OK).lacks("id=\"next-page\"");
    assert_eq!(
        i64::try_from(second.body.matches("data-deal=").count()).unwrap(),
        total - 50
    );
    second.shows("Deal number 59");
}

#[tokio::test]
async fn w6_a8_a_deal_of_another_workspace_cannot_be_acted_on() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    // A deal row of closers-inc that names Olga as its owner.
    sqlx::query("INSERT INTO deals (id, workspace, title, stage, owner_id) VALUES (999, 'closers-inc', 'Elsewhere', 'New', 10)")
        .execute(olga.app.pool())
        .await
        .unwrap();
    olga.get("/w/deal-room/deals")
        .await
        .lacks("data-deal=\"999\"");
    for verb in ["approve", "delete"] {
        olga.post(&format!("/w/deal-room/deals/999/{verb}"), &[])
            .await
            .status(StatusCode::NOT_FOUND);
    }
    let stage: String = sqlx::query_scalar("SELECT stage FROM deals WHERE id = 999")
        .fetch_one(olga.app.pool())
        .await
        .unwrap();
    assert_eq!(stage, "New");
}

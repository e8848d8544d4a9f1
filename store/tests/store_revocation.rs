//! Revocation across servers (M-7, S-4): two stores on one database; a member removed through
//! one is denied by the other within the staleness bound — on both engines through the version
//! check, and on PostgreSQL at once through LISTEN / NOTIFY.
mod common;

use std::time::{Duration, Instant};

use common::{deal_space, guest_joins, now, postgres, shared_engines, unique, OWNER};
use seatwise::{Change, Command, Resource, UserId, Verb, Workspace};
use seatwise_store::{Store, StoreOptions, WorkspaceId};

const GUS: UserId = UserId::new(2);

/// Whether the workspace lets `user` view a deal (guests view every deal, DS-3).
fn may_view_deals(space: &Workspace, user: UserId) -> bool {
    let deals = space.policy().area("deals").unwrap();
    space
        .policy()
        .can(&space.principal(user), Verb::VIEW, &Resource::new(deals))
        .is_allowed()
}

async fn gus_removed_through_a(a: &Store, b: &Store, ws: &WorkspaceId) {
    deal_space(a, ws).await;
    guest_joins(a, ws, "gus", GUS).await;
    // B serves Gus from its cache.
    assert!(may_view_deals(&b.load(ws).await.unwrap(), GUS));
    a.execute(
        ws,
        OWNER,
        Command::new(Change::RemoveMember { user: GUS }),
        now(),
    )
    .await
    .unwrap();
    assert!(!may_view_deals(&a.load(ws).await.unwrap(), GUS));
}

#[tokio::test]
async fn m7_a_removed_member_is_denied_on_another_store_within_the_bound() {
    for db in shared_engines() {
        let bound = Duration::from_millis(300);
        // No notifications: the version check alone keeps the bound.
        let options = StoreOptions::default().max_staleness(bound).listen(false);
        let a = db.store(options.clone()).await;
        let b = db.store(options).await;
        let ws = unique("m7-bound");
        gus_removed_through_a(&a, &b, &ws).await;
        tokio::time::sleep(bound).await;
        let seen = b.load(&ws).await.unwrap();
        assert!(
            !may_view_deals(&seen, GUS),
            "{}: B still grants Gus after the bound",
            db.name
        );
        assert!(seen.member(GUS).is_none(), "{}", db.name);
    }
}

#[tokio::test]
async fn m7_postgres_notifications_revoke_before_the_bound() {
    let Some(db) = postgres() else {
        return;
    };
    // An hour's bound: only the notification can make B re-check in time.
    let options = StoreOptions::default()
        .max_staleness(Duration::from_secs(3_600))
        .listen(true);
    let a = db.store(options.clone()).await;
    let b = db.store(options).await;
    let ws = unique("m7-notify");
    gus_removed_through_a(&a, &b, &ws).await;
    let started = Instant::now();
    loop {
        if !may_view_deals(&b.load(&ws).await.unwrap(), GUS) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no notification reached B in 10 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn m7_without_notifications_or_bound_a_cache_may_lag() {
    // The control: with an hour's bound and no notifications, B keeps its cached answer,
    // which shows that the tests above pass because of the bound and the notifications.
    for db in shared_engines() {
        let options = StoreOptions::default()
            .max_staleness(Duration::from_secs(3_600))
            .listen(false);
        let a = db.store(options.clone()).await;
        let b = db.store(options).await;
        let ws = unique("m7-control");
        gus_removed_through_a(&a, &b, &ws).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            may_view_deals(&b.load(&ws).await.unwrap(), GUS),
            "{}",
            db.name
        );
        // An explicit reload always reads what is stored.
        assert!(
            !may_view_deals(&b.reload(&ws).await.unwrap(), GUS),
            "{}",
            db.name
        );
    }
}

//! The members page (W-4) of a 100,000-member workspace, a page of 50, served in-process
//! through the application's router: session cookie check, the cached workspace (re-checked
//! against the database at most once a second, S-4), `members_table` with each row's actions
//! (O(log n + 50)), the guest status, the navigation's page modes and the template. Target:
//! p50 ≤ 5 ms.
//!
//! Run with `cargo bench -p seatwise-app --bench members_page -- --warm-up-time 1 --measurement-time 3`.
//!
//! The workspace is built once, outside the measurement, as the store's own bench does: the
//! owner invites 100,000 addresses in batches of 1,000 on a plan whose seats cost nothing, each
//! accepts, and the log is imported into the application's store.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{criterion_group, criterion_main, Criterion};
use http_body_util::BodyExt;
use seatwise_app::SpaceKind;
use seatwise_store::WorkspaceId;
use tower::ServiceExt;

#[path = "../../benches/support/big_deal_space.rs"]
mod big_deal_space;
use big_deal_space::{big_workspace, OWNER};

async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, usize) {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body.len())
}

fn members_page(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let (router, cookie) = rt.block_on(async {
        let mut app = seatwise_app::demo("sqlite::memory:").await.unwrap();
        let ws = WorkspaceId::new("big").unwrap();
        let (_, log) = big_workspace();
        app.store().import(&ws, &log).await.unwrap();
        app.serve_space(ws, SpaceKind::DealSpace, "Big deal space")
            .await
            .unwrap();
        let router = app.router();
        // Sign in as the owner through the sign-in form (CSRF and all).
        let first = router
            .clone()
            .oneshot(Request::get("/signin").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let anonymous = first.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let body = String::from_utf8(
            first
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        let csrf = body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        // The big workspace's owner is user 1, the demo's Olivia, so she can sign in.
        let signin = Request::post("/signin")
            .header(header::COOKIE, &anonymous)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}&user={OWNER}")))
            .unwrap();
        let response = router.clone().oneshot(signin).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        (router, cookie)
    });
    println!(
        "built and imported the 100,000-member workspace in {:.2?}",
        started.elapsed()
    );
    let first = "/w/big/members";
    let middle = "/w/big/members?after=member050000%40example.com";
    for path in [first, middle] {
        let (status, bytes) = rt.block_on(get(&router, path, &cookie));
        assert_eq!(status, StatusCode::OK);
        assert!(bytes > 10_000, "a page of 50 rows");
    }
    let mut group = c.benchmark_group("members page, 100,000 members, page of 50");
    group.bench_function("first page", |b| {
        b.to_async(&rt).iter(|| get(&router, first, &cookie))
    });
    group.bench_function("page from the middle (?after=)", |b| {
        b.to_async(&rt).iter(|| get(&router, middle, &cookie))
    });
    group.finish();
}

criterion_group!(benches, members_page);
criterion_main!(benches);

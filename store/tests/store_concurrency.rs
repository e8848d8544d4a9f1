//! Concurrency (S-3): 8 tasks × 200 commands on one workspace, through four stores sharing
//! one database, on every engine. Every version is committed once, the final workspace equals
//! a replay of the stored log, no update is lost, no seat is charged twice, and every event
//! reaches the outbox once.
mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use common::{email, now, shared_engines, unique, OWNER};
use seatwise::{presets, Change, Command, Event, Invitee, Plan, Proof, UserId};
use seatwise_store::{Store, StoreOptions, WorkspaceId};

const TASKS: u64 = 8;
/// Per task: this many invitations, each followed by its acceptance.
const PAIRS: u64 = 100;
const STORES: u64 = 4;

fn person(task: u64, i: u64) -> (seatwise::Email, UserId) {
    (
        email(&format!("t{task}-p{i}")),
        UserId::new(1_000 + task * 1_000 + i),
    )
}

/// One task: invite a member (confirming the seat's quote of the version it is decided on,
/// T-4), then have them accept, `PAIRS` times; retrying on conflicts.
async fn task(store: Store, ws: WorkspaceId, task: u64, attempts: Arc<AtomicU64>) {
    for i in 0..PAIRS {
        let (address, user) = person(task, i);
        let invite_to = address.clone();
        store
            .execute_with_retry(&ws, OWNER, now(), 10_000, |space| {
                attempts.fetch_add(1, Ordering::Relaxed);
                let invite = Command::new(Change::Invite {
                    invitees: vec![Invitee::default_role(invite_to.clone())],
                    expires_at: None,
                });
                let quote = space.preview(OWNER, &invite, now())?.quote().cloned();
                Ok(match quote {
                    Some(quote) => invite.confirming(quote),
                    None => invite,
                })
            })
            .await
            .unwrap();
        store
            .execute_with_retry(&ws, user, now(), 10_000, |_| {
                attempts.fetch_add(1, Ordering::Relaxed);
                Ok(Command::new(Change::AcceptInvitation {
                    email: address.clone(),
                    name: format!("Person {task}-{i}"),
                    proof: Proof::VerifiedEmail,
                }))
            })
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_eight_writers_two_hundred_commands_each_lose_nothing() {
    for db in shared_engines() {
        let options = StoreOptions::default().snapshot_every(50);
        let mut stores = Vec::new();
        for _ in 0..STORES {
            stores.push(db.store(options.clone()).await);
        }
        let ws = unique("s3-concurrency");
        // The deal-space plan: one seat included, 12.00 per further seat, and invitations
        // reserve (and so charge) their seat (B-4).
        stores[0]
            .create(
                &ws,
                presets::deal_space().unwrap(),
                Plan::deal_space(),
                OWNER,
                email("owner"),
                "Owner",
                now(),
            )
            .await
            .unwrap();
        let attempts = Arc::new(AtomicU64::new(0));
        let mut handles = Vec::new();
        for t in 0..TASKS {
            let store = stores[(t % STORES) as usize].clone();
            handles.push(tokio::spawn(task(
                store,
                ws.clone(),
                t,
                Arc::clone(&attempts),
            )));
        }
        for handle in handles {
            handle.await.unwrap();
        }
        let commands = TASKS * PAIRS * 2;
        let tried = attempts.load(Ordering::Relaxed);
        eprintln!(
            "{}: {commands} commands took {tried} attempts ({} conflicts retried)",
            db.name,
            tried - commands
        );

        // Every version once, the snapshot and tail equal the whole log's replay, the read
        // model and the outbox agree with the log (Store::check, from the database).
        let fresh = db.store(options.clone()).await;
        let report = fresh.check(&ws).await.unwrap();
        assert_eq!(report.version, 1 + commands, "{}", db.name);
        assert_eq!(report.versions_in_outbox, 1 + commands, "{}", db.name);

        // No lost update: every person invited by every task is a member.
        let space = fresh.load(&ws).await.unwrap();
        for t in 0..TASKS {
            for i in 0..PAIRS {
                let (address, user) = person(t, i);
                let member = space.member(user);
                assert!(member.is_some(), "{}: {address} was lost", db.name);
            }
        }
        assert_eq!(
            space.members().count() as u64,
            1 + TASKS * PAIRS,
            "{}",
            db.name
        );

        // No seat charged twice: one seat bought per invitation, each in its own version,
        // and the paid seats are exactly the members.
        let entries = fresh
            .outbox(&format!("audit-{ws}"), u32::MAX)
            .await
            .unwrap();
        let mine: Vec<_> = entries.iter().filter(|e| e.workspace() == &ws).collect();
        let mut charged = BTreeSet::new();
        let mut seats = 0u64;
        for entry in &mine {
            if let Event::SeatsAdded { seats: n, .. } = entry.event() {
                seats += u64::from(*n);
                assert!(
                    charged.insert(entry.version()),
                    "{}: charged twice",
                    db.name
                );
            }
        }
        assert_eq!(seats, TASKS * PAIRS, "{}", db.name);
        assert_eq!(
            u64::from(space.subscription().paid_seats()),
            1 + TASKS * PAIRS,
            "{}",
            db.name
        );
        // The outbox holds every event but the commit markers, once each.
        let keys: BTreeSet<_> = mine.iter().map(|e| (e.version(), e.seq())).collect();
        assert_eq!(keys.len(), mine.len(), "{}: an outbox entry twice", db.name);
        assert_eq!(
            mine.len() as u64,
            report.events - report.version,
            "{}",
            db.name
        );
    }
}

//! Benchmarks of a workspace of 100,000 members: one command (invite, accept, remove, change
//! role), a page of the members table, and the memory a member takes.
//!
//! Run with `cargo bench --bench workspace`.
//!
//! The workspace is built once, outside every measurement, by `support/big_deal_space.rs` (the
//! same one the `trust` bench loads): the owner invites 100,000 addresses in batches of 1,000
//! and each invitee accepts, on a plan whose seats cost nothing (so no quote needs
//! confirming). Each timed command is followed by an untimed inverse, so the workspace stays
//! at 100,000 members and is never cloned inside a measurement.
//!
//! Bytes per member are measured two ways and printed before the benchmarks: the growth of
//! live heap bytes while building, once the build's log is dropped (a counting global
//! allocator in this binary), and the size of the workspace serialized as JSON.

#![allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this benchmark only counts bytes"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::{Change, Command, Invitee, Proof, UserId, Workspace};

/// Live heap bytes, counted by the global allocator.
static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[path = "support/big_deal_space.rs"]
mod big_deal_space;
use big_deal_space::{email, then as now, user, MEMBERS, OWNER};

/// The workspace alone: its log is dropped before the live heap is read.
fn big_workspace() -> Workspace {
    big_deal_space::big_workspace().0
}

fn report_memory() -> Workspace {
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let space = big_workspace();
    let built = started.elapsed();
    let after = LIVE.load(Ordering::Relaxed);
    let heap = (after - before) as f64;
    let json = serde_json::to_vec(&space).unwrap().len() as f64;
    let members = space.members().count();
    println!(
        "built a workspace of {members} members in {built:.2?}; \
         heap {:.1} MB = {:.0} bytes/member (counting allocator); \
         JSON {:.1} MB = {:.0} bytes/member",
        heap / 1e6,
        heap / MEMBERS as f64,
        json / 1e6,
        json / MEMBERS as f64,
    );
    space
}

/// Times `timed` only; `undo` restores the workspace after each run, untimed.
fn alternate(
    space: &mut Workspace,
    iters: u64,
    mut timed: impl FnMut(&mut Workspace),
    mut undo: impl FnMut(&mut Workspace),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        timed(space);
        total += start.elapsed();
        undo(space);
    }
    total
}

fn commands(c: &mut Criterion) {
    let mut space = report_memory();
    let newcomer = email(MEMBERS + 1);
    let joiner = user(MEMBERS + 1);
    let invite = || {
        Command::new(Change::Invite {
            invitees: vec![Invitee::default_role(newcomer.clone())],
            expires_at: None,
        })
    };
    let revoke = || {
        Command::new(Change::RevokeInvitation {
            email: newcomer.clone(),
        })
    };
    let accept = || {
        Command::new(Change::AcceptInvitation {
            email: newcomer.clone(),
            name: "Newcomer".to_owned(),
            proof: Proof::VerifiedEmail,
        })
    };
    let remove = || Command::new(Change::RemoveMember { user: joiner });

    let mut group = c.benchmark_group("workspace of 100k members");
    group.bench_function("invite one (then revoke, untimed)", |b| {
        b.iter_custom(|iters| {
            alternate(
                &mut space,
                iters,
                |s| {
                    black_box(s.execute(OWNER, invite(), now()).unwrap());
                },
                |s| {
                    s.execute(OWNER, revoke(), now()).unwrap();
                },
            )
        });
    });
    group.bench_function("accept (invite before, remove after, untimed)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                space.execute(OWNER, invite(), now()).unwrap();
                let start = Instant::now();
                black_box(space.execute(joiner, accept(), now()).unwrap());
                total += start.elapsed();
                space.execute(OWNER, remove(), now()).unwrap();
            }
            total
        });
    });
    group.bench_function("remove (invite and accept before, untimed)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                space.execute(OWNER, invite(), now()).unwrap();
                space.execute(joiner, accept(), now()).unwrap();
                let start = Instant::now();
                black_box(space.execute(OWNER, remove(), now()).unwrap());
                total += start.elapsed();
            }
            total
        });
    });
    let target = user(MEMBERS / 2);
    let manager = space.policy().role("manager").unwrap();
    let editor = space.policy().role("editor").unwrap();
    group.bench_function("change role (editor <-> manager, both timed)", |b| {
        let mut up = true;
        b.iter(|| {
            let role = if up { manager } else { editor };
            up = !up;
            black_box(
                space
                    .execute(
                        OWNER,
                        Command::new(Change::ChangeRole { user: target, role }),
                        now(),
                    )
                    .unwrap(),
            )
        });
    });
    // M-4 notifies everyone who may approve: found through the role-holders index, so the
    // cost follows the number of admins, not of members.
    let outsider = UserId::new(7);
    let request = || {
        Command::new(Change::RequestAccess {
            email: newcomer.clone(),
            name: "Outsider".to_owned(),
        })
    };
    let reject = || {
        Command::new(Change::RejectRequest {
            email: newcomer.clone(),
        })
    };
    group.bench_function("request access (then reject, untimed)", |b| {
        b.iter_custom(|iters| {
            alternate(
                &mut space,
                iters,
                |s| {
                    black_box(s.execute(outsider, request(), now()).unwrap());
                },
                |s| {
                    s.execute(OWNER, reject(), now()).unwrap();
                },
            )
        });
    });
    let middle = email(MEMBERS / 2);
    group.bench_function("members_table page of 50 from the middle", |b| {
        b.iter(|| {
            let rows = space.members_table(OWNER, now(), Some(black_box(&middle)), 50);
            assert_eq!(rows.len(), 50);
            black_box(rows.len())
        });
    });

    // B-4, M-2: 10,000 further invitations, each with its own expiry instant; all have expired
    // by `later` and none is recorded, so every seat count at `later` walks them (the cost of
    // counting expiry lazily), while at `now()` none has expired (the usual case).
    const PENDING: u64 = 10_000;
    for n in 0..PENDING {
        let expires_at = now() + chrono::TimeDelta::seconds(i64::try_from(n).unwrap() + 1);
        let invite = Change::Invite {
            invitees: vec![Invitee::default_role(email(MEMBERS + 10 + n))],
            expires_at: Some(expires_at),
        };
        space.execute(OWNER, Command::new(invite), now()).unwrap();
    }
    let later = now() + chrono::TimeDelta::days(1);
    for (label, at) in [
        ("invite one, 10k invitations pending (then revoke)", now()),
        ("invite one, 10k expired unrecorded (then revoke)", later),
    ] {
        group.bench_function(label, |b| {
            b.iter_custom(|iters| {
                alternate(
                    &mut space,
                    iters,
                    |s| {
                        black_box(s.execute(OWNER, invite(), at).unwrap());
                    },
                    |s| {
                        s.execute(OWNER, revoke(), at).unwrap();
                    },
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, commands);
criterion_main!(benches);

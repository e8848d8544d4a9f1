//! `can`, `check`, their boolean twins and list filter matching allocate nothing (U-1).
//!
//! A counting global allocator wraps the system one; the count is per thread so that the
//! test harness's other threads cannot disturb it.
#![allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this test only counts calls"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use seatwise::{presets, Actions, Permission, Principal, Resource, TeamId, UserId};

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn u1_can_is_allowed_and_filters_allocate_nothing() {
    for policy in [
        presets::sales_scheduler().unwrap(),
        presets::deal_space().unwrap(),
    ] {
        let teams = [TeamId::new(1)];
        let users = [UserId::new(1), UserId::new(2)];
        let principals: Vec<Principal<'_>> = policy
            .roles()
            .flat_map(|r| {
                [
                    Principal::member(UserId::new(1), r.id()).with_teams(&teams),
                    Principal::guest(UserId::new(2), r.id()),
                    Principal::member(UserId::new(3), r.id()).with_owner(UserId::new(3)),
                ]
            })
            .collect();
        let records: Vec<Resource<'_>> = policy
            .areas()
            .flat_map(|a| {
                [
                    Resource::new(a.id())
                        .owned_by(UserId::new(1))
                        .hosted_by(&users),
                    Resource::new(a.id())
                        .created_by(UserId::new(2))
                        .assigned_to(&users)
                        .in_teams(&teams),
                    // One user, not a list: the same builders, still no allocation.
                    Resource::new(a.id())
                        .owned_by(&users[1..])
                        .hosted_by(UserId::new(1))
                        .assigned_to(UserId::new(2)),
                ]
            })
            .collect();
        // The checked path (Policy::permission, check, is_permitted) is covered too.
        let permissions: Vec<Permission> = policy
            .areas()
            .flat_map(|a| {
                let name = a.name();
                a.actions()
                    .verbs()
                    .map(|v| policy.permission(name, v.name()).unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut checked = 0usize;
        let mut allowed = 0usize;
        let count = allocations_during(|| {
            for p in &principals {
                for r in &records {
                    for verb in Actions::all().verbs() {
                        let decision = policy.can(p, verb, r);
                        if policy.is_allowed(p, verb, r) {
                            allowed += 1;
                        }
                        assert_eq!(decision.is_allowed(), policy.is_allowed(p, verb, r));
                        let filter = policy.list_filter(p, verb, r.area());
                        assert_eq!(filter.matches(r), decision.is_allowed());
                        if let Some(permission) = permissions
                            .iter()
                            .find(|pm| pm.area() == r.area() && pm.verb() == verb)
                        {
                            assert_eq!(policy.check(p, *permission, r), decision);
                            assert_eq!(
                                policy.is_permitted(p, *permission, r),
                                decision.is_allowed()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        });
        assert!(allowed > 0, "the loop decided real allowances");
        assert!(checked > 0, "the loop used permissions");
        assert_eq!(count, 0, "U-1: checks allocated {count} times");
    }
}

#[test]
fn the_counter_sees_allocations() {
    let count = allocations_during(|| {
        let v: Vec<u64> = Vec::with_capacity(16);
        std::hint::black_box(v);
    });
    assert_eq!(count, 1);
}

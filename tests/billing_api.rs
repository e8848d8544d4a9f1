//! The billing API cannot be misused by a new user (issue 9): counts are passed by name, quote
//! lines are found by kind, resuming is explicit, and a cheaper plan is never an upgrade. Each
//! test names the SPEC rule it guards.
use seatwise::{Plan, SeatUsage};

// ---------------------------------------------------------------- item 1: named seat counts

// B-4, B-6, B-7: each count reaches its own rule. Seed 004's Deal Space: 2 members and 1
// pending invitation (which reserves a seat by default) need 3 seats; 10 accepted guests on
// a 5 + 2 per extra seat ratio need a 4th seat — had the counts been swapped, 10 pending
// invitations would need 12 seats and 1 guest none.
#[test]
fn b4_b6_named_counts_reach_their_own_rule() {
    let usage = SeatUsage::of_members(2)
        .with_pending_member_invites(1)
        .with_accepted_guests(10);
    assert_eq!(usage.members(), 2);
    assert_eq!(usage.pending_member_invites(), 1);
    assert_eq!(usage.accepted_guests(), 10);
    let need = Plan::deal_space().seats_needed(&usage).unwrap();
    assert_eq!(
        (need.member_seats(), need.guest_seats(), need.paid()),
        (3, 4, 4)
    );
    // The builder starts from nothing but the members.
    assert_eq!(SeatUsage::of_members(0), SeatUsage::EMPTY);
    assert_eq!(SeatUsage::EMPTY, SeatUsage::default());
}

// B-4: stored usage names its counts too, so a document cannot swap them silently.
#[test]
fn b4_usage_is_stored_by_name() {
    let usage = SeatUsage::of_members(3).with_accepted_guests(9);
    let json = serde_json::to_value(usage).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"members": 3, "pending_member_invites": 0, "accepted_guests": 9})
    );
    let back: SeatUsage = serde_json::from_value(json).unwrap();
    assert_eq!(back, usage);
}

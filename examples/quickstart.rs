//! Loads the built-in sales scheduler and deal space models and prints a handful of decisions
//! with their reasons.
//!
//! Run with `cargo run --example quickstart`.

use seatwise::{presets, Policy, Principal, Resource, RoleSpec, Scope, UserId, Verb};

fn show(
    policy: &Policy,
    who: &str,
    what: &str,
    principal: &Principal<'_>,
    action: Verb,
    record: &Resource<'_>,
) {
    let decision = policy.can(principal, action, record);
    let verdict = if decision.is_allowed() { "yes" } else { "no " };
    println!(
        "  [{verdict}] {who} {what}\n        {}",
        decision.explain(policy)
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sales = presets::sales_scheduler()?;
    let role = |name: &str| sales.role(name);
    let area = |name: &str| sales.area(name);

    let (carla, sam, maria, owner) = (
        UserId::new(1),
        UserId::new(2),
        UserId::new(3),
        UserId::new(4),
    );
    let closer = Principal::member(carla, role("closer")?);
    let setter = Principal::member(sam, role("setter")?);
    let manager = Principal::member(maria, role("sales_manager")?);
    let founder = Principal::member(owner, role("super_admin")?).with_owner(owner);

    let carlas_lead = Resource::new(area("contacts")?).owned_by(carla);
    let marias_lead = Resource::new(area("contacts")?).owned_by(maria);
    let (sam_hosts, maria_hosts) = ([sam], [maria]);
    let sams_call = Resource::new(area("calls")?)
        .owned_by(sam)
        .hosted_by(&sam_hosts);
    let marias_meeting = Resource::new(area("scheduled_events")?).hosted_by(&maria_hosts);
    let sams_meeting = Resource::new(area("scheduled_events")?).hosted_by(&sam_hosts);
    let billing = Resource::new(area("billing")?);

    println!("Sales scheduler ({})", sales.name());
    show(
        &sales,
        "Closer",
        "exports her own lead",
        &closer,
        Verb::EXPORT,
        &carlas_lead,
    );
    show(
        &sales,
        "Closer",
        "views a lead owned by someone else",
        &closer,
        Verb::VIEW,
        &marias_lead,
    );
    show(
        &sales,
        "Setter",
        "views another user's contact",
        &setter,
        Verb::VIEW,
        &marias_lead,
    );
    show(
        &sales,
        "Setter",
        "views his own call",
        &setter,
        Verb::VIEW,
        &sams_call,
    );
    let carla_hosts = [carla];
    let carlas_meeting = Resource::new(area("scheduled_events")?).hosted_by(&carla_hosts);
    show(
        &sales,
        "Closer",
        "views her own scheduled event",
        &closer,
        Verb::VIEW,
        &carlas_meeting,
    );
    show(
        &sales,
        "Closer",
        "views Sam's scheduled event",
        &closer,
        Verb::VIEW,
        &sams_meeting,
    );
    show(
        &sales,
        "Setter",
        "views Maria's scheduled event",
        &setter,
        Verb::VIEW,
        &marias_meeting,
    );
    show(
        &sales,
        "Manager",
        "deletes a lead",
        &manager,
        Verb::DELETE,
        &marias_lead,
    );
    show(
        &sales,
        "Owner",
        "edits billing details",
        &founder,
        Verb::EDIT,
        &billing,
    );
    let other_admin = Principal::member(UserId::new(5), role("super_admin")?);
    show(
        &sales,
        "Another Super Admin",
        "edits billing details",
        &other_admin,
        Verb::EDIT,
        &billing,
    );

    // The built-in Setter has Full global data (SS-6). A custom role with Exclusive global data
    // shows SS-4: every contact stays visible, but calls follow the scope.
    let custom = sales
        .document()
        .clone()
        .role(
            RoleSpec::new("junior_setter", 5)
                .label("Junior Setter")
                .grant_all("contacts", Scope::Exclusive)
                .grant_all("calls", Scope::Exclusive),
        )
        .compile()?;
    let junior = Principal::member(sam, custom.role("junior_setter")?);
    let marias_call = Resource::new(area("calls")?)
        .owned_by(maria)
        .hosted_by(&maria_hosts);
    println!("\nA custom Junior Setter with Exclusive global data");
    show(
        &custom,
        "Junior Setter",
        "views Maria's contact",
        &junior,
        Verb::VIEW,
        &marias_lead,
    );
    show(
        &custom,
        "Junior Setter",
        "views his own call",
        &junior,
        Verb::VIEW,
        &sams_call,
    );
    show(
        &custom,
        "Junior Setter",
        "views Maria's call",
        &junior,
        Verb::VIEW,
        &marias_call,
    );
    show(
        &custom,
        "Junior Setter",
        "edits Maria's contact",
        &junior,
        Verb::EDIT,
        &marias_lead,
    );

    let deals = presets::deal_space()?;
    let manager_role = deals.role("manager")?;
    let guest_role = deals.role("guest")?;
    let deal = Resource::new(deals.area("deals")?).owned_by(UserId::new(9));
    println!("\nDeal space ({})", deals.name());
    show(
        &deals,
        "Manager",
        "approves a deal",
        &Principal::member(UserId::new(6), manager_role),
        Verb::APPROVE,
        &deal,
    );
    show(
        &deals,
        "Guest",
        "edits a deal",
        &Principal::guest(UserId::new(7), guest_role),
        Verb::EDIT,
        &deal,
    );
    let admin = Principal::member(UserId::new(8), deals.role("admin")?);
    let decision = deals.may_invite(&admin, deals.role("owner")?);
    println!(
        "  [{}] Admin invites someone as Owner\n        {}",
        if decision.is_allowed() { "yes" } else { "no " },
        decision.explain(&deals)
    );
    Ok(())
}

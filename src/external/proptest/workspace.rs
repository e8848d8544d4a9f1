//! Strategies for workspaces and command sequences.

use proptest::collection::vec;
use proptest::prelude::*;

use chrono::{DateTime, Utc};

use super::access::{policy, TEAMS};
use crate::{
    Change, Command, CommandError, Email, Event, IdempotencyKey, Outcome, Plan, Policy, Proof,
    RoleId, RoleSpec, UserId, Workspace,
};

/// The owner of every generated workspace.
pub const OWNER: UserId = UserId::new(1);

/// The people generated commands draw actors and targets from: the owner and seven others.
/// Which of them are members, guests, pending invitees, requesters, removed users or strangers
/// depends on the history a sequence builds.
pub const PEOPLE: [UserId; 8] = [
    UserId::new(1),
    UserId::new(2),
    UserId::new(3),
    UserId::new(4),
    UserId::new(5),
    UserId::new(6),
    UserId::new(7),
    UserId::new(8),
];

/// The idempotency keys generated steps draw from; a small pool, so that keys are reused
/// for the same command (a retry) and for other commands (refused, U-4).
pub const KEYS: [&str; 3] = ["key-a", "key-b", "key-c"];

/// The fixed instant generated workspaces are created at: 2025-03-01 09:00:00 UTC. Steps
/// advance the clock from there; nothing reads the system clock.
///
/// ```
/// use seatwise::strategies;
/// assert_eq!(strategies::start().to_rfc3339(), "2025-03-01T09:00:00+00:00");
/// ```
pub fn start() -> DateTime<Utc> {
    // 1_740_819_600 is 2025-03-01T09:00:00Z; `from_timestamp` cannot fail for it.
    DateTime::from_timestamp(1_740_819_600, 0).unwrap_or_default()
}

/// The address of one of the [`PEOPLE`], `user<n>@example.com`; `None` for anyone else.
///
/// ```
/// use seatwise::{strategies, UserId};
/// let email = strategies::email_of(UserId::new(2)).ok_or("not in the pool")?;
/// assert_eq!(email.as_str(), "user2@example.com");
/// assert!(strategies::email_of(UserId::new(99)).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn email_of(user: UserId) -> Option<Email> {
    if !PEOPLE.contains(&user) {
        return None;
    }
    Email::parse(&format!("user{}@example.com", user.get())).ok()
}

/// The plans generated workspaces may start on or change to: the four built-in plans,
/// Business variants with a hard limit of 7 seats and with invitations that reserve no seat,
/// and a small plan with a hard limit of 2 seats and no teams or custom roles, which scheduled
/// downgrades run into (B-11).
///
/// ```
/// use seatwise::strategies;
/// let plans = strategies::plans();
/// let find = |id: &str| plans.iter().find(|p| p.id().as_str() == id);
/// // B-4: a hard limit of 7 seats, and invitations that reserve no seat.
/// assert_eq!(find("business-7").and_then(|p| p.seat_limit()).map(|l| l.max_seats()), Some(7));
/// assert_eq!(find("business-open").map(|p| p.invites_reserve_seats()), Some(false));
/// assert!(find("deal-space").is_some());
/// ```
pub fn plans() -> Vec<Plan> {
    let business = Plan::business();
    let mut plans = vec![
        Plan::startup(),
        business.clone(),
        Plan::enterprise(),
        Plan::deal_space(),
    ];
    if let Ok(limited) = business
        .to_builder()
        .id(crate::PlanId::new("business-7").unwrap_or_else(|_| business.id().clone()))
        .name("Business, 7 seats")
        .seat_limit(7, Some(Plan::enterprise().id().clone()))
        .build()
    {
        plans.push(limited);
    }
    if let Ok(relaxed) = business
        .to_builder()
        .id(crate::PlanId::new("business-open").unwrap_or_else(|_| business.id().clone()))
        .name("Business, open invitations")
        .invites_reserve_seats(false)
        .build()
    {
        plans.push(relaxed);
    }
    if let Ok(pair) = business
        .to_builder()
        .id(crate::PlanId::new("pair").unwrap_or_else(|_| business.id().clone()))
        .name("Pair")
        .included_seats(1)
        .seat_limit(2, Some(business.id().clone()))
        .features(crate::PlanFeatures::empty())
        .build()
    {
        plans.push(pair);
    }
    plans
}

/// One generated command: who runs it, what it changes, whether it carries a key, whether the
/// runner previews it and confirms the quote (B-9), and how far the clock moves first.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The actor: one of [`PEOPLE`].
    pub actor: UserId,
    /// The change.
    pub change: Change,
    /// An idempotency key from [`KEYS`], sometimes (U-4).
    pub key: Option<IdempotencyKey>,
    /// Preview first and confirm the quote the preview returns.
    pub confirm: bool,
    /// Seconds the clock moves forward before the step (never backward).
    pub advance: i64,
}

fn pick<T: Clone>(items: &[T], index: prop::sample::Index) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(index.get(items).clone())
    }
}

/// An address of one of the [`PEOPLE`], typed in random case and with stray spaces: it
/// always parses to [`email_of`] the user (M-9).
fn typed_email(user: UserId, shout: bool, pad: bool) -> Option<Email> {
    let plain = format!("user{}@example.com", user.get());
    let mut typed = if shout { plain.to_uppercase() } else { plain };
    if pad {
        typed = format!("  {typed} ");
    }
    Email::parse(&typed).ok()
}

fn person() -> impl Strategy<Value = UserId> {
    prop::sample::select(PEOPLE.to_vec())
}

fn address() -> impl Strategy<Value = Email> {
    (
        person(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
    )
        .prop_filter_map("pool addresses parse", |(user, shout, pad)| {
            typed_email(user, shout, pad)
        })
}

fn instant_after_start(max_days: i64) -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..max_days.saturating_mul(86_400)).prop_map(|seconds| {
        start()
            .checked_add_signed(chrono::TimeDelta::seconds(seconds))
            .unwrap_or_else(start)
    })
}

fn role_spec(roles: Vec<String>) -> impl Strategy<Value = RoleSpec> {
    (
        prop::sample::select(vec![
            "custom1".to_owned(),
            "custom2".to_owned(),
            "closer".to_owned(),
            "editor".to_owned(),
            "manager".to_owned(),
        ]),
        prop::sample::select(vec![5u32, 15, 25, 45, 60, 200]),
        prop::option::weighted(0.5, any::<prop::sample::Index>()),
    )
        .prop_map(move |(name, rank, parent)| {
            let mut spec = RoleSpec::new(&name, rank);
            if let Some(parent) = parent.and_then(|p| pick(&roles, p)) {
                if parent != name {
                    spec = spec.parent(&parent);
                }
            }
            spec
        })
}

/// A change of any kind, with roles of `policy`, addresses and users of [`PEOPLE`], teams of
/// [`TEAMS`] and plans of [`plans`]. Many are valid in a given workspace; many are not.
fn change(policy: &Policy) -> impl Strategy<Value = Change> {
    let roles: Vec<RoleId> = policy.roles().map(|r| r.id()).collect();
    let names: Vec<String> = policy.roles().map(|r| r.name().to_owned()).collect();
    let owner_role = policy.owner_role();
    let role =
        any::<prop::sample::Index>().prop_map(move |i| pick(&roles, i).unwrap_or(owner_role));
    let invitee = (
        address(),
        prop::option::weighted(0.7, role.clone()),
        prop::bool::weighted(0.15),
        prop::option::weighted(0.3, "[a-z0-9]{4}"),
    )
        .prop_map(|(email, role, guest, token)| crate::Invitee {
            email,
            role,
            guest,
            token: token.map(|t| crate::InviteToken::new(&t)),
        });
    let team = prop::sample::select(TEAMS.to_vec());
    let team_name = prop::sample::select(vec!["Closers", "East", " ", "West"]);
    prop_oneof![
        12 => (
            (vec(invitee, 1..4), prop::bool::weighted(0.08))
                .prop_map(|(batch, empty)| if empty { Vec::new() } else { batch }),
            prop::option::weighted(0.4, instant_after_start(60)),
        )
            .prop_map(|(invitees, expires_at)| Change::Invite { invitees, expires_at }),
        10 => (address(), "[A-Z][a-z]{1,6}")
            .prop_map(|(email, name)| Change::AcceptInvitation { email, name, proof: Proof::VerifiedEmail }),
        2 => address().prop_map(|email| Change::DeclineInvitation { email, proof: Proof::VerifiedEmail }),
        2 => address().prop_map(|email| Change::ResendInvitation { email }),
        1 => (address(), "[a-z0-9]{4}").prop_map(|(email, token)| Change::IssueInviteLink {
            email,
            token: crate::InviteToken::new(&token),
        }),
        2 => address().prop_map(|email| Change::RevokeInvitation { email }),
        1 => Just(Change::ExpireInvitations),
        5 => (address(), "[A-Z][a-z]{1,6}")
            .prop_map(|(email, name)| Change::RequestAccess { email, name }),
        4 => address().prop_map(|email| Change::ApproveRequest { email }),
        2 => address().prop_map(|email| Change::RejectRequest { email }),
        6 => (person(), role).prop_map(|(user, role)| Change::ChangeRole { user, role }),
        4 => person().prop_map(|user| Change::RemoveMember { user }),
        1 => person().prop_map(|to| Change::TransferOwnership { to }),
        2 => (team.clone(), team_name.clone())
            .prop_map(|(team, name)| Change::CreateTeam { team, name: name.to_owned() }),
        1 => (team.clone(), team_name)
            .prop_map(|(team, name)| Change::RenameTeam { team, name: name.to_owned() }),
        1 => team.clone().prop_map(|team| Change::DeleteTeam { team }),
        3 => (team.clone(), person()).prop_map(|(team, user)| Change::AddToTeam { team, user }),
        1 => (team, person()).prop_map(|(team, user)| Change::RemoveFromTeam { team, user }),
        2 => (person(), any::<bool>()).prop_map(|(user, set)| Change::SetAvailability { user, set }),
        1 => (person(), prop::sample::select(vec!["", "cal@example.com"]))
            .prop_map(|(user, c)| Change::ConnectCalendar { user, calendar: c.to_owned() }),
        1 => person().prop_map(|user| Change::DisconnectCalendar { user }),
        1 => role_spec(names.clone()).prop_map(|role| Change::DefineRole { role }),
        1 => role_spec(names.clone()).prop_map(|role| Change::EditRole { role }),
        1 => prop::sample::select(names).prop_map(|name| Change::DeleteRole { name }),
        1 => prop::sample::select(plans()).prop_map(|plan| Change::Upgrade { plan }),
        2 => prop::sample::select(plans()).prop_map(|plan| Change::Downgrade { plan }),
        1 => Just(Change::CancelDowngrade),
        2 => Just(Change::Renew),
    ]
}

/// The user a change is about, for choosing its likely actor: the invitee who accepts, the
/// outsider who asks for access.
fn subject(change: &Change) -> Option<UserId> {
    let email = match change {
        Change::AcceptInvitation { email, .. }
        | Change::DeclineInvitation { email, .. }
        | Change::RequestAccess { email, .. } => email,
        _ => return None,
    };
    PEOPLE
        .iter()
        .copied()
        .find(|u| email_of(*u).as_ref() == Some(email))
}

/// One [`Step`] on a workspace with `policy`: the actor is mostly the owner or the person the
/// change is about, otherwise anyone of [`PEOPLE`]; about half the steps preview and confirm
/// their quote, one in eight carries a key; the clock moves by up to six hours, by 1 to 12
/// days before one step in ten (past invitation expiries, and sometimes past a period end, so
/// that commands meet expired invitations and an ended period before anyone records them),
/// and by 25 to 40 days before most renewals, so that periods end and renew.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies};
/// let policy = presets::sales_scheduler()?;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..16 {
///     let step = strategies::step(&policy).new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(strategies::PEOPLE.contains(&step.actor));
///     assert!(step.advance >= 0); // the clock never moves back (T-6)
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn step(policy: &Policy) -> impl Strategy<Value = Step> {
    (
        change(policy),
        prop::sample::select(vec![0u8, 0, 0, 0, 1, 1, 2, 2]),
        person(),
        prop::bool::weighted(0.5),
        prop::option::weighted(0.12, prop::sample::select(KEYS.to_vec())),
        (
            0i64..21_600,
            prop::option::weighted(0.1, 86_400i64..1_036_800),
        ),
        prop::bool::weighted(0.8),
        25i64..40,
    )
        .prop_map(
            |(change, who, anyone, confirm, key, (small, hop), jump, days)| {
                let actor = match (who, subject(&change)) {
                    (0, _) => OWNER,
                    (1, Some(subject)) => subject,
                    _ => anyone,
                };
                let advance = if matches!(change, Change::Renew) && jump {
                    days.saturating_mul(86_400)
                } else {
                    hop.unwrap_or(small)
                };
                Step {
                    actor,
                    change,
                    key: key.map(IdempotencyKey::new),
                    confirm,
                    advance,
                }
            },
        )
}

/// A short scenario that usually succeeds, so that generated workspaces grow: the owner
/// invites someone who accepts (and is then given another role, put in a team or removed),
/// or an outsider asks for access and the owner approves.
fn episode(policy: &Policy) -> impl Strategy<Value = Vec<Step>> {
    let roles: Vec<RoleId> = policy.roles().map(|r| r.id()).collect();
    let guests = policy.guest_role().is_some();
    let owner_role = policy.owner_role();
    let role =
        any::<prop::sample::Index>().prop_map(move |i| pick(&roles, i).unwrap_or(owner_role));
    let follow_up = prop_oneof![
        2 => Just(None),
        2 => role.clone().prop_map(|role| Some((0u8, role))),
        1 => role.clone().prop_map(|role| Some((1u8, role))),
        1 => role.clone().prop_map(|role| Some((2u8, role))),
    ];
    (
        prop::sample::select(PEOPLE.get(1..).unwrap_or_default().to_vec()),
        prop::option::weighted(0.6, role),
        prop::bool::weighted(if guests { 0.25 } else { 0.0 }),
        prop::bool::weighted(0.2),
        follow_up,
        prop::sample::select(TEAMS.to_vec()),
        0i64..3_600,
    )
        .prop_map(
            move |(who, role, guest, request, follow_up, team, advance)| {
                let step = |actor: UserId, change: Change| Step {
                    actor,
                    change,
                    key: None,
                    confirm: true,
                    advance,
                };
                let Some(email) = email_of(who) else {
                    return Vec::new();
                };
                let mut steps = if request && guests {
                    vec![
                        step(
                            who,
                            Change::RequestAccess {
                                email: email.clone(),
                                name: format!("User {}", who.get()),
                            },
                        ),
                        step(OWNER, Change::ApproveRequest { email }),
                    ]
                } else {
                    vec![
                        step(
                            OWNER,
                            Change::Invite {
                                invitees: vec![crate::Invitee {
                                    email: email.clone(),
                                    role,
                                    guest,
                                    token: None,
                                }],
                                expires_at: None,
                            },
                        ),
                        step(
                            who,
                            Change::AcceptInvitation {
                                email,
                                name: format!("User {}", who.get()),
                                proof: Proof::VerifiedEmail,
                            },
                        ),
                    ]
                };
                match follow_up {
                    Some((0, role)) => {
                        steps.push(step(OWNER, Change::ChangeRole { user: who, role }))
                    }
                    Some((1, _)) => steps.push(step(OWNER, Change::AddToTeam { team, user: who })),
                    Some(_) => steps.push(step(OWNER, Change::RemoveMember { user: who })),
                    None => {}
                }
                steps
            },
        )
}

/// A sequence of steps whose length is in `len`: mostly single [`step`]s, valid or not, by
/// members, guests, pending invitees, requesters, removed users and strangers, mixed with
/// short scenarios that usually succeed (invite and accept, request and approve, then change
/// the role, add to a team or remove), so that workspaces grow.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies};
/// let policy = presets::sales_scheduler()?;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..8 {
///     let steps = strategies::commands(&policy, 0..10).new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(steps.len() < 10);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn commands(policy: &Policy, len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Step>> {
    let max = len.end.saturating_sub(1);
    let one = step(policy).prop_map(|s| vec![s]);
    let unit = prop_oneof![3 => one, 2 => episode(policy)];
    vec(unit, len).prop_map(move |units| {
        let mut steps: Vec<Step> = units.into_iter().flatten().collect();
        steps.truncate(max);
        steps
    })
}

/// A workspace and how it came to be: every event it yielded (creation first), the people
/// commands draw from and the clock. [`WorkspaceCase::run`] applies further steps.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies, Plan, Workspace};
/// use seatwise::strategies::WorkspaceCase;
/// let policy = presets::sales_scheduler()?;
/// let mut case = WorkspaceCase::new(policy.clone(), Plan::business())?;
/// assert_eq!((case.workspace.owner(), case.now), (strategies::OWNER, strategies::start()));
/// let mut runner = TestRunner::deterministic();
/// let steps = strategies::commands(&policy, 0..16).new_tree(&mut runner).map_err(|e| e.to_string())?.current();
/// for step in &steps {
///     let before = case.workspace.clone();
///     if case.run(step).is_err() {
///         assert_eq!(case.workspace, before); // I-7: a refused command changes nothing
///     }
/// }
/// // I-8: replaying the recorded events rebuilds the workspace.
/// assert_eq!(Workspace::replay(&case.events)?, case.workspace);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WorkspaceCase {
    /// The workspace.
    pub workspace: Workspace,
    /// Every event so far: [`Workspace::replay`] of them equals `workspace` (I-8).
    pub events: Vec<Event>,
    /// The people commands draw from ([`PEOPLE`]).
    pub users: Vec<UserId>,
    /// The clock: [`start`] plus every step's advance so far.
    pub now: DateTime<Utc>,
}

impl WorkspaceCase {
    /// A workspace owned by [`OWNER`] (`user1@example.com`), created at [`start`].
    ///
    /// # Errors
    ///
    /// The errors of [`Workspace::create`]; [`CommandError::NotAMember`] if the owner's
    /// address did not parse (it always does).
    pub fn new(policy: Policy, plan: Plan) -> Result<WorkspaceCase, CommandError> {
        let now = start();
        let email = email_of(OWNER).ok_or(CommandError::NotAMember(OWNER))?;
        let (workspace, outcome) = Workspace::create(policy, plan, OWNER, email, "Owner", now)?;
        Ok(WorkspaceCase {
            workspace,
            events: outcome.events,
            users: PEOPLE.to_vec(),
            now,
        })
    }

    /// Moves the clock forward by the step's advance.
    pub fn advance(&mut self, step: &Step) {
        let delta = chrono::TimeDelta::try_seconds(step.advance.max(0)).unwrap_or_default();
        self.now = self.now.checked_add_signed(delta).unwrap_or(self.now);
    }

    /// The command `step` runs at the current clock: its change and key, and, when the step
    /// confirms, the quote a preview returns (B-9) and any prompt for seats charged on
    /// acceptance (seed 004, B-4).
    pub fn command(&self, step: &Step) -> Command {
        let mut command = Command::new(step.change.clone());
        if let Some(key) = &step.key {
            command = command.with_key(key.clone());
        }
        if step.confirm {
            if let Ok(preview) = self.workspace.preview(step.actor, &command, self.now) {
                if let Some(quote) = preview.quote() {
                    command = command.confirming(quote.clone());
                }
                for event in preview.events() {
                    match event {
                        Event::GuestLimitConfirmed { .. } => {
                            command = command.confirming_guest_limit();
                        }
                        Event::SeatsOnAcceptanceConfirmed { .. } => {
                            command = command.confirming_seats_on_acceptance();
                        }
                        _ => {}
                    }
                }
            }
        }
        command
    }

    /// Executes `command` by `actor` at the current clock, recording its events.
    ///
    /// # Errors
    ///
    /// The [`CommandError`] of [`Workspace::execute`]; nothing is recorded.
    pub fn execute(&mut self, actor: UserId, command: Command) -> Result<Outcome, CommandError> {
        let before = self.workspace.version();
        let outcome = self.workspace.execute(actor, command, self.now)?;
        // A keyed retry returns the first outcome and changes nothing: no new events.
        if self.workspace.version() != before {
            self.events.extend(outcome.events().iter().cloned());
        }
        Ok(outcome)
    }

    /// Advances the clock, builds the step's command and executes it.
    ///
    /// # Errors
    ///
    /// The [`CommandError`] of [`Workspace::execute`]; the workspace is unchanged (I-7).
    pub fn run(&mut self, step: &Step) -> Result<Outcome, CommandError> {
        self.advance(step);
        let command = self.command(step);
        self.execute(step.actor, command)
    }
}

/// A built-in policy with a plan that suits it, or a generated policy with any plan.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::strategies;
/// let mut runner = TestRunner::deterministic();
/// let ids: Vec<_> = strategies::plans().iter().map(|p| p.id().clone()).collect();
/// for _ in 0..8 {
///     let (policy, plan) = strategies::policy_and_plan().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(ids.contains(plan.id()));
///     assert!(policy.roles().count() >= 1);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn policy_and_plan() -> impl Strategy<Value = (Policy, Plan)> {
    let deal_space = crate::presets::deal_space().ok();
    let sales = crate::presets::sales_scheduler().ok();
    let preset = prop::sample::select(
        [
            deal_space.clone().map(|p| (p, Plan::deal_space())),
            deal_space.map(|p| (p, Plan::business())),
            sales.clone().map(|p| (p, Plan::startup())),
            sales.clone().map(|p| (p, Plan::business())),
            sales.clone().map(|p| (p, Plan::enterprise())),
            sales
                .clone()
                .and_then(|p| plans().get(4).cloned().map(|plan| (p, plan))),
            sales.and_then(|p| plans().get(5).cloned().map(|plan| (p, plan))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
    );
    prop_oneof![
        4 => preset,
        1 => (policy(), prop::sample::select(plans())),
    ]
}

/// A valid workspace: a built-in or generated policy ([`policy_and_plan`]), a plan, the owner,
/// and the history of successful commands among up to 24 generated [`step`]s (failed ones
/// leave no trace, I-7).
///
/// ```
/// use proptest::prelude::*;
/// use seatwise::{strategies, Workspace};
///
/// proptest!(|(case in strategies::workspace())| {
///     let rebuilt = Workspace::replay(&case.events).unwrap();
///     prop_assert_eq!(&rebuilt, &case.workspace);
///     prop_assert!(case.workspace.member(case.workspace.owner()).is_some());
/// });
/// ```
pub fn workspace() -> impl Strategy<Value = WorkspaceCase> {
    policy_and_plan().prop_flat_map(|(policy, plan)| workspace_with(policy, plan, 0..24))
}

/// A workspace on `policy` and `plan` after a history of `len` generated steps (successful
/// ones kept).
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies, Event, Plan, Workspace};
/// let mut runner = TestRunner::deterministic();
/// let case = strategies::workspace_with(presets::deal_space()?, Plan::deal_space(), 0..12)
///     .new_tree(&mut runner).map_err(|e| e.to_string())?.current();
/// // U-4: one commit per applied command, creation included; I-8: the events rebuild it.
/// let commits = case.events.iter().filter(|e| matches!(e, Event::Committed { .. })).count();
/// assert_eq!(u64::try_from(commits)?, case.workspace.version());
/// assert_eq!(Workspace::replay(&case.events)?, case.workspace);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn workspace_with(
    policy: Policy,
    plan: Plan,
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = WorkspaceCase> {
    commands(&policy, len).prop_filter_map("the plan starts", move |steps| {
        let mut case = WorkspaceCase::new(policy.clone(), plan.clone()).ok()?;
        for step in &steps {
            let _ = case.run(step);
        }
        Some(case)
    })
}

/// A workspace from [`workspace`] and a further sequence of [`commands`] on its policy, for
/// tests that check something after every step.
///
/// ```
/// use proptest::prelude::*;
/// use seatwise::strategies;
///
/// proptest!(ProptestConfig::with_cases(16), |((mut case, steps) in strategies::workspace_and_commands(0..12))| {
///     for step in &steps {
///         let before = case.workspace.clone();
///         if case.run(step).is_err() {
///             prop_assert_eq!(&case.workspace, &before); // I-7
///         }
///     }
/// });
/// ```
pub fn workspace_and_commands(
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = (WorkspaceCase, Vec<Step>)> {
    workspace().prop_flat_map(move |case| {
        let steps = commands(case.workspace.policy(), len.clone());
        (Just(case), steps)
    })
}

//! proptest strategies for hosts' own property tests (U-6).
//!
//! Everything generated is valid: documents compile, principals and records refer to the
//! policy they were generated for, workspaces are what a history of successful commands
//! made ([`workspace`]). Users and teams come from small pools so that relations, team
//! matches and clashes (an address invited twice, a removed user coming back) happen often.
//! Command sequences ([`commands`]) mix valid and invalid commands by every kind of actor.
//! Nothing is random outside proptest's runner, and no clock is read: time starts at
//! [`start`] and moves by each step's advance.
//!
//! ```
//! use proptest::prelude::*;
//! use seatwise::{strategies, AsResource};
//!
//! proptest!(|(case in strategies::access_case())| {
//!     let principal = case.principal.as_principal();
//!     for record in &case.records {
//!         let _ = case.policy.can(&principal, seatwise::Actions::VIEW, &record.as_resource());
//!     }
//! });
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

use chrono::{DateTime, Utc};

use crate::{
    Actions, AreaId, AreaSpec, Change, Command, CommandError, Email, Event, ExceptionSpec,
    IdempotencyKey, MemberKind, Outcome, Plan, PlanFeatures, Policy, PolicyDocument, Principal,
    ResourceBuf, RoleId, RoleSpec, Scope, Standing, TeamId, UserId, Workspace,
};

/// The users generated principals and records draw from.
pub const USERS: [UserId; 3] = [UserId::new(1), UserId::new(2), UserId::new(3)];
/// The teams generated principals and records draw from.
pub const TEAMS: [TeamId; 2] = [TeamId::new(10), TeamId::new(20)];

const RELATIONS: [&str; 4] = ["owner", "host", "creator", "assignee"];
const FEATURES: [&str; 3] = ["custom_roles", "teams", "integrations"];

/// Any scope.
pub fn scope() -> impl Strategy<Value = Scope> {
    prop::sample::select(Scope::ALL.to_vec())
}

/// A non-empty set of verbs.
pub fn verbs() -> impl Strategy<Value = Actions> {
    (1u32..(1u32 << 13)).prop_map(Actions::from_bits_truncate)
}

fn relation_names() -> impl Strategy<Value = Vec<String>> {
    subsequence(RELATIONS.to_vec(), 0..=2).prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn area(index: usize) -> impl Strategy<Value = AreaSpec> {
    (
        verbs(),
        relation_names(),
        prop::collection::btree_map(0usize..13, relation_names(), 0..3),
        prop::option::weighted(0.2, prop::sample::select(FEATURES.to_vec())),
    )
        .prop_map(move |(actions, relations, per_verb, requires)| {
            let actions = actions | Actions::VIEW;
            let mut spec = AreaSpec::new(&format!("area{index}"), actions)
                .relations(&relations.iter().map(String::as_str).collect::<Vec<_>>());
            let offered: Vec<Actions> = actions.verbs().collect();
            for (i, names) in per_verb {
                if let Some(verb) = i.checked_rem(offered.len()).and_then(|k| offered.get(k)) {
                    spec = spec.relations_for(
                        *verb,
                        &names.iter().map(String::as_str).collect::<Vec<_>>(),
                    );
                }
            }
            if let Some(feature) = requires {
                spec = spec.requires(feature);
            }
            spec
        })
}

/// A valid policy document: 1 to 5 areas, 1 to 7 roles with ranks, parents (always lower),
/// per-verb grants of every scope, exceptions and owner-only rules.
pub fn policy_document() -> impl Strategy<Value = PolicyDocument> {
    (1usize..=5, 1usize..=7)
        .prop_flat_map(|(areas, roles)| {
            let area_specs: Vec<_> = (0..areas).map(area).collect();
            let grants = vec(vec(vec(scope(), 13), areas), roles);
            let parents = vec(prop::option::weighted(0.5, 0usize..8), roles);
            let exceptions = vec((0usize..areas, verbs(), scope()), 0..2);
            let owner_only = vec((0usize..areas, verbs()), 0..2);
            (
                area_specs,
                grants,
                parents,
                exceptions,
                owner_only,
                any::<bool>(),
                0usize..areas,
            )
        })
        .prop_map(
            |(areas, grants, parents, exceptions, owner_only, admin, admin_area)| {
                let roles = grants.len();
                // Role i has rank (i + 1) * 10; the last role is the owner's and the highest.
                let mut doc =
                    PolicyDocument::new("generated", &format!("role{}", roles.saturating_sub(1)));
                let offered: Vec<Actions> = areas
                    .iter()
                    .map(|a| {
                        a.actions
                            .iter()
                            .filter_map(|n| Actions::named(n))
                            .fold(Actions::empty(), |x, y| x | y)
                    })
                    .collect();
                for (i, per_area) in grants.iter().enumerate() {
                    let rank = u32::try_from(i)
                        .unwrap_or(0)
                        .saturating_add(1)
                        .saturating_mul(10);
                    let mut role = RoleSpec::new(&format!("role{i}"), rank);
                    if let Some(Some(p)) = parents.get(i) {
                        if *p < i {
                            role = role.parent(&format!("role{p}"));
                        }
                    }
                    for (a, scopes) in per_area.iter().enumerate() {
                        let Some(area_verbs) = offered.get(a) else {
                            continue;
                        };
                        for (verb, scope) in area_verbs.verbs().zip(scopes) {
                            if *scope != Scope::None {
                                role = role.grant(&format!("area{a}"), verb, *scope);
                            }
                        }
                    }
                    doc = doc.role(role);
                }
                for (k, (a, verbs, scope)) in exceptions.into_iter().enumerate() {
                    let allowed = offered.get(a).copied().unwrap_or_default() & verbs;
                    if !allowed.is_empty() && scope != Scope::None {
                        doc = doc.exception(ExceptionSpec::new(
                            &format!("exception{k}"),
                            &format!("area{a}"),
                            allowed,
                            scope,
                            "generated",
                        ));
                    }
                }
                for (a, verbs) in owner_only {
                    let allowed = offered.get(a).copied().unwrap_or_default() & verbs;
                    if !allowed.is_empty() {
                        doc = doc.owner_only(&format!("area{a}"), allowed);
                    }
                }
                if admin {
                    doc = doc.admin_area(&format!("area{admin_area}"));
                }
                for area in areas {
                    doc = doc.area(area);
                }
                doc
            },
        )
}

/// A compiled policy from [`policy_document`].
pub fn policy() -> impl Strategy<Value = Policy> {
    policy_document().prop_filter_map("generated documents compile", |doc| doc.compile().ok())
}

/// An owned principal, turned into a [`Principal`] with [`PrincipalBuf::as_principal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalBuf {
    /// The user.
    pub user: UserId,
    /// The role.
    pub role: Option<RoleId>,
    /// Member or guest.
    pub kind: MemberKind,
    /// Active, pending, removed or stranger.
    pub standing: Standing,
    /// Whether the user is the owner.
    pub owner: bool,
    /// The user's teams.
    pub teams: Vec<TeamId>,
    /// The plan's features.
    pub plan: PlanFeatures,
}

impl PrincipalBuf {
    /// The borrowed principal a check takes.
    pub fn as_principal(&self) -> Principal<'_> {
        let base = match (self.role, self.kind) {
            (None, _) => Principal::stranger(self.user),
            (Some(role), MemberKind::Member) => Principal::member(self.user, role),
            (Some(role), MemberKind::Guest) => Principal::guest(self.user, role),
        };
        let base = if self.role.is_some() {
            base.with_standing(self.standing)
        } else {
            base
        };
        let base = base.with_teams(&self.teams).with_plan(self.plan);
        if self.owner {
            base.as_owner()
        } else {
            base
        }
    }
}

/// A principal of `policy`: mostly active members, sometimes guests, pending, removed or strangers.
pub fn principal(policy: &Policy) -> impl Strategy<Value = PrincipalBuf> {
    let roles: Vec<RoleId> = policy.roles().map(|r| r.id()).collect();
    (
        prop::sample::select(USERS.to_vec()),
        prop::sample::select(roles),
        prop::sample::select(vec![
            (MemberKind::Member, Standing::Active),
            (MemberKind::Member, Standing::Active),
            (MemberKind::Member, Standing::Active),
            (MemberKind::Guest, Standing::Active),
            (MemberKind::Member, Standing::Pending),
            (MemberKind::Member, Standing::Removed),
            (MemberKind::Member, Standing::Stranger),
        ]),
        any::<bool>(),
        subsequence(TEAMS.to_vec(), 0..=2),
        (0u32..32).prop_map(PlanFeatures::from_bits_truncate),
    )
        .prop_map(
            |(user, role, (kind, standing), owner, teams, plan)| PrincipalBuf {
                user,
                role: (standing != Standing::Stranger).then_some(role),
                kind,
                standing,
                owner,
                teams,
                plan,
            },
        )
}

/// A record of `area` related to users and teams of the pools.
pub fn record(area: AreaId) -> impl Strategy<Value = ResourceBuf> {
    let user = prop::option::of(prop::sample::select(USERS.to_vec()));
    (
        user.clone(),
        user,
        subsequence(USERS.to_vec(), 0..=2),
        subsequence(USERS.to_vec(), 0..=2),
        subsequence(TEAMS.to_vec(), 0..=2),
    )
        .prop_map(move |(owner, creator, hosts, assignees, teams)| {
            let mut r = ResourceBuf::new(area)
                .hosted_by(hosts)
                .assigned_to(assignees)
                .in_teams(teams);
            if let Some(owner) = owner {
                r = r.owned_by(owner);
            }
            if let Some(creator) = creator {
                r = r.created_by(creator);
            }
            r
        })
}

/// A policy, a principal of it, and records of one of its areas.
#[derive(Debug, Clone)]
pub struct AccessCase {
    /// The policy.
    pub policy: Policy,
    /// Who asks.
    pub principal: PrincipalBuf,
    /// The area of the records.
    pub area: AreaId,
    /// Records of that area.
    pub records: Vec<ResourceBuf>,
}

/// A generated [`AccessCase`].
pub fn access_case() -> impl Strategy<Value = AccessCase> {
    policy().prop_flat_map(|policy| {
        let areas: Vec<AreaId> = policy.areas().map(|a| a.id()).collect();
        let principal = principal(&policy);
        (Just(policy), principal, prop::sample::select(areas)).prop_flat_map(
            |(policy, principal, area)| {
                (
                    Just(policy),
                    Just(principal),
                    Just(area),
                    vec(record(area), 1..12),
                )
                    .prop_map(|(policy, principal, area, records)| AccessCase {
                        policy,
                        principal,
                        area,
                        records,
                    })
            },
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Workspaces and command sequences (U-6).
// ---------------------------------------------------------------------------------------------

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
pub fn start() -> DateTime<Utc> {
    // 1_740_819_600 is 2025-03-01T09:00:00Z; `from_timestamp` cannot fail for it.
    DateTime::from_timestamp(1_740_819_600, 0).unwrap_or_default()
}

/// The address of one of the [`PEOPLE`], `user<n>@example.com`; `None` for anyone else.
pub fn email_of(user: UserId) -> Option<Email> {
    if !PEOPLE.contains(&user) {
        return None;
    }
    Email::parse(&format!("user{}@example.com", user.get())).ok()
}

/// The plans generated workspaces may start on or change to: the four built-in plans, and
/// Business variants with a hard limit of 7 seats and with invitations that reserve no seat.
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
    )
        .prop_map(|(email, role, guest)| crate::Invitee { email, role, guest });
    let team = prop::sample::select(TEAMS.to_vec());
    let team_name = prop::sample::select(vec!["Closers", "East", " ", "West"]);
    prop_oneof![
        12 => (
            (vec(invitee, 1..4), prop::bool::weighted(0.08))
                .prop_map(|(batch, empty)| if empty { Vec::new() } else { batch }),
            prop::option::weighted(0.3, instant_after_start(20)),
        )
            .prop_map(|(invitees, expires_at)| Change::Invite { invitees, expires_at }),
        10 => (address(), "[A-Z][a-z]{1,6}")
            .prop_map(|(email, name)| Change::AcceptInvitation { email, name }),
        2 => address().prop_map(|email| Change::DeclineInvitation { email }),
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
        1 => prop::sample::select(plans()).prop_map(|plan| Change::Downgrade { plan }),
        2 => Just(Change::Renew),
    ]
}

/// The user a change is about, for choosing its likely actor: the invitee who accepts, the
/// outsider who asks for access.
fn subject(change: &Change) -> Option<UserId> {
    let email = match change {
        Change::AcceptInvitation { email, .. }
        | Change::DeclineInvitation { email }
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
/// their quote, one in eight carries a key; the clock moves by up to six hours, and by 25 to
/// 40 days before most renewals, so that periods end and renew.
pub fn step(policy: &Policy) -> impl Strategy<Value = Step> {
    (
        change(policy),
        prop::sample::select(vec![0u8, 0, 0, 0, 1, 1, 2, 2]),
        person(),
        prop::bool::weighted(0.5),
        prop::option::weighted(0.12, prop::sample::select(KEYS.to_vec())),
        0i64..21_600,
        prop::bool::weighted(0.8),
        25i64..40,
    )
        .prop_map(|(change, who, anyone, confirm, key, small, jump, days)| {
            let actor = match (who, subject(&change)) {
                (0, _) => OWNER,
                (1, Some(subject)) => subject,
                _ => anyone,
            };
            let advance = if matches!(change, Change::Renew) && jump {
                days.saturating_mul(86_400)
            } else {
                small
            };
            Step {
                actor,
                change,
                key: key.map(IdempotencyKey::new),
                confirm,
                advance,
            }
        })
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
                                }],
                                expires_at: None,
                            },
                        ),
                        step(
                            who,
                            Change::AcceptInvitation {
                                email,
                                name: format!("User {}", who.get()),
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
    /// confirms, the quote a preview returns (B-9) and any guest-limit prompt (seed 004).
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
                let past_guest_limit = preview
                    .events()
                    .iter()
                    .any(|e| matches!(e, crate::Event::GuestLimitConfirmed { .. }));
                if past_guest_limit {
                    command = command.confirming_guest_limit();
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

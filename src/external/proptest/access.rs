//! Strategies for policies, principals and records.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

use crate::{
    Actions, AreaId, AreaSpec, ExceptionSpec, MemberKind, PlanFeatures, Policy, PolicyDocument,
    Principal, ResourceBuf, RoleId, RoleSpec, Scope, Standing, TeamId, UserId, Verb,
};

/// The users generated principals and records draw from.
pub const USERS: [UserId; 3] = [UserId::new(1), UserId::new(2), UserId::new(3)];
/// The teams generated principals and records draw from.
pub const TEAMS: [TeamId; 2] = [TeamId::new(10), TeamId::new(20)];

const RELATIONS: [&str; 4] = ["owner", "host", "creator", "assignee"];
const FEATURES: [&str; 3] = ["custom_roles", "teams", "integrations"];

/// Any scope.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{strategies, Scope};
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..16 {
///     let scope = strategies::scope().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(Scope::ALL.contains(&scope));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scope() -> impl Strategy<Value = Scope> {
    prop::sample::select(Scope::ALL.to_vec())
}

/// How many verbs there are (`present` included).
fn verb_count() -> usize {
    Actions::all().iter().count()
}

/// A non-empty set of verbs.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{strategies, Actions};
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..16 {
///     let verbs = strategies::verbs().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(!verbs.is_empty() && Actions::all().contains(verbs));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verbs() -> impl Strategy<Value = Actions> {
    (1u32..=Actions::all().bits()).prop_map(Actions::from_bits_truncate)
}

fn relation_names() -> impl Strategy<Value = Vec<String>> {
    subsequence(RELATIONS.to_vec(), 0..=2).prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn area(index: usize) -> impl Strategy<Value = AreaSpec> {
    (
        verbs(),
        relation_names(),
        prop::collection::btree_map(0usize..verb_count(), relation_names(), 0..3),
        prop::option::weighted(0.2, prop::sample::select(FEATURES.to_vec())),
    )
        .prop_map(move |(actions, relations, per_verb, requires)| {
            let actions = actions | Actions::VIEW;
            let mut spec = AreaSpec::new(&format!("area{index}"), actions)
                .relations(&relations.iter().map(String::as_str).collect::<Vec<_>>());
            let offered: Vec<Verb> = actions.verbs().collect();
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
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::strategies;
/// let mut runner = TestRunner::deterministic();
/// let doc = strategies::policy_document().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
/// let policy = doc.compile()?;
/// assert!((1..=5).contains(&policy.areas().count()));
/// assert!((1..=7).contains(&policy.roles().count()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn policy_document() -> impl Strategy<Value = PolicyDocument> {
    (1usize..=5, 1usize..=7)
        .prop_flat_map(|(areas, roles)| {
            let area_specs: Vec<_> = (0..areas).map(area).collect();
            let grants = vec(vec(vec(scope(), verb_count()), areas), roles);
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

/// A compiled policy from [`policy_document`]. Its last role is the owner's and ranks highest;
/// every parent ranks lower than its child (A-6).
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::strategies;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..8 {
///     let policy = strategies::policy().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     let owner = policy.role_info(policy.owner_role()).ok_or("no owner role")?;
///     assert!(policy.roles().all(|r| r.rank() <= owner.rank()));
///     for role in policy.roles() {
///         if let Some(parent) = role.parent().and_then(|p| policy.role_info(p)) {
///             assert!(parent.rank() < role.rank());
///         }
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use seatwise::strategies::PrincipalBuf;
    /// use seatwise::{presets, MemberKind, PlanFeatures, Resource, Standing, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let lead = Resource::new(policy.area("contacts")?).owned_by(UserId::new(2));
    /// let mut ana = PrincipalBuf {
    ///     user: UserId::new(1),
    ///     role: Some(policy.role("closer")?),
    ///     kind: MemberKind::Member,
    ///     standing: Standing::Active,
    ///     owner: false,
    ///     teams: vec![],
    ///     plan: PlanFeatures::empty(),
    /// };
    /// assert_eq!(ana.as_principal().role(), ana.role);
    /// // SS-4: every active member sees every contact.
    /// assert!(policy.can(&ana.as_principal(), Verb::VIEW, &lead).is_allowed());
    /// // I-3: a removed user is denied everything.
    /// ana.standing = Standing::Removed;
    /// assert!(!policy.can(&ana.as_principal(), Verb::VIEW, &lead).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
            base.with_owner(self.user)
        } else {
            base
        }
    }
}

/// A principal of `policy`: mostly active members, sometimes guests, pending, removed or strangers.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies, Standing};
/// let policy = presets::deal_space()?;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..16 {
///     let buf = strategies::principal(&policy).new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     assert!(strategies::USERS.contains(&buf.user));
///     // Strangers hold no role; everyone else holds one of the policy's.
///     match buf.role {
///         None => assert_eq!(buf.standing, Standing::Stranger),
///         Some(role) => assert!(policy.role_info(role).is_some()),
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{presets, strategies, AsResource};
/// let policy = presets::deal_space()?;
/// let deals = policy.area("deals")?;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..16 {
///     let buf = strategies::record(deals).new_tree(&mut runner).map_err(|e| e.to_string())?.current();
///     let record = buf.as_resource();
///     assert_eq!(record.area(), deals);
///     assert!(record.owners().iter().chain(record.assignees()).all(|u| strategies::USERS.contains(u)));
///     assert!(record.teams().iter().all(|t| strategies::TEAMS.contains(t)));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
                .hosted_by(&hosts)
                .assigned_to(&assignees)
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

/// A generated [`AccessCase`]: 1 to 11 records, all of the case's area, and a principal of
/// the case's policy.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use seatwise::{strategies, AsResource};
/// let mut runner = TestRunner::deterministic();
/// let case = strategies::access_case().new_tree(&mut runner).map_err(|e| e.to_string())?.current();
/// assert!((1..12).contains(&case.records.len()));
/// assert!(case.records.iter().all(|r| r.as_resource().area() == case.area));
/// assert!(case.policy.area_info(case.area).is_some());
/// assert!(case.principal.role.map_or(true, |r| case.policy.role_info(r).is_some()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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

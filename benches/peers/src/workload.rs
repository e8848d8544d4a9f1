//! Requests as a host keeps them: a principal row and a record row, with owned data. Each
//! engine builds its own principal and resource from these per check.

use std::fmt;

use seatwise::{
    Actions, AreaId, MemberKind, PlanFeatures, Policy, Principal, Resource, RoleId, Standing,
    TeamId, UserId,
};

use crate::rng::Rng;

/// Who asks, as the host stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalRow {
    /// The user.
    pub user: UserId,
    /// The role; `None` for a stranger.
    pub role: Option<RoleId>,
    /// Member or read-only guest.
    pub kind: MemberKind,
    /// Active, pending, removed or stranger.
    pub standing: Standing,
    /// Whether the user is the workspace owner.
    pub owner: bool,
    /// The plan's features.
    pub plan: PlanFeatures,
    /// The user's teams.
    pub teams: Vec<TeamId>,
}

/// The record, as the host stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRow {
    /// The record's id (Cedar needs one).
    pub id: u64,
    /// Its area.
    pub area: AreaId,
    /// Owner, if any.
    pub owner: Option<UserId>,
    /// Creator, if any.
    pub creator: Option<UserId>,
    /// Hosts.
    pub hosts: Vec<UserId>,
    /// Assignees.
    pub assignees: Vec<UserId>,
    /// Teams.
    pub teams: Vec<TeamId>,
}

/// One check: may this principal take this verb on this record?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Who.
    pub principal: PrincipalRow,
    /// One verb.
    pub action: Actions,
    /// On what.
    pub resource: ResourceRow,
}

impl Request {
    /// seatwise's decision, building its `Principal` and `Resource` from the rows as a host would.
    #[inline]
    pub fn seatwise(&self, policy: &Policy) -> bool {
        let p = &self.principal;
        let mut principal = match (p.role, p.kind) {
            (None, _) => Principal::stranger(p.user),
            (Some(role), MemberKind::Member) => Principal::member(p.user, role),
            (Some(role), MemberKind::Guest) => Principal::guest(p.user, role),
        }
        .with_standing(p.standing)
        .with_plan(p.plan)
        .with_teams(&p.teams);
        if p.owner {
            principal = principal.with_owner(p.user);
        }
        let r = &self.resource;
        let mut resource = Resource::new(r.area)
            .hosted_by(&r.hosts)
            .assigned_to(&r.assignees)
            .in_teams(&r.teams);
        if let Some(owner) = r.owner {
            resource = resource.owned_by(owner);
        }
        if let Some(creator) = r.creator {
            resource = resource.created_by(creator);
        }
        policy.is_allowed(&principal, crate::model::one(self.action), &resource)
    }

    /// A one-line description with names, for failure messages.
    pub fn describe<'a>(&'a self, policy: &'a Policy) -> Described<'a> {
        Described {
            request: self,
            policy,
        }
    }
}

/// A request shown with role, area and verb names.
#[derive(Debug)]
pub struct Described<'a> {
    request: &'a Request,
    policy: &'a Policy,
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, r) = (&self.request.principal, &self.request.resource);
        let role = p
            .role
            .and_then(|id| self.policy.role_info(id))
            .map_or("-", |i| i.name());
        let area = self.policy.area_info(r.area).map_or("?", |i| i.name());
        let ids = |v: &[UserId]| v.iter().map(|u| u.get().to_string()).collect::<Vec<_>>();
        let teams = |v: &[TeamId]| v.iter().map(|t| t.get().to_string()).collect::<Vec<_>>();
        write!(
            f,
            "user {} role `{role}` {:?} {:?}{} plan [{}] teams {:?} | {} | {area}#{} owner {:?} creator {:?} hosts {:?} assignees {:?} teams {:?}",
            p.user,
            p.kind,
            p.standing,
            if p.owner { " OWNER" } else { "" },
            p.plan.names().collect::<Vec<_>>().join(","),
            teams(&p.teams),
            self.request.action.name().unwrap_or("?"),
            r.id,
            r.owner.map(UserId::get),
            r.creator.map(UserId::get),
            ids(&r.hosts),
            ids(&r.assignees),
            teams(&r.teams),
        )
    }
}

/// How a generated workload is mixed.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    /// Percent of requests by users who are not active (pending, removed, stranger; a third each).
    pub inactive: u64,
    /// Percent of active users who are guests.
    pub guests: u64,
    /// Percent of principals who are the workspace owner.
    pub owners: u64,
    /// Percent of principals on a plan without custom roles (and a random other subset).
    pub small_plans: u64,
    /// Percent of requests whose verb is not offered by the area.
    pub foreign_verbs: u64,
    /// Percent of principals and records with teams.
    pub teams: u64,
    /// How many users share the records (the requester is one of them).
    pub users: u64,
}

impl Mix {
    /// A host's traffic: mostly active members acting on their own and their colleagues'
    /// records, a few guests, removed users and strangers.
    pub const REALISTIC: Mix = Mix {
        inactive: 6,
        guests: 8,
        owners: 5,
        small_plans: 10,
        foreign_verbs: 0,
        teams: 20,
        users: 6,
    };

    /// Every corner, for the differential test.
    pub const ADVERSARIAL: Mix = Mix {
        inactive: 25,
        guests: 20,
        owners: 20,
        small_plans: 25,
        foreign_verbs: 15,
        teams: 50,
        users: 4,
    };
}

fn some_users(rng: &mut Rng, mix: &Mix, me: UserId, max: usize) -> Vec<UserId> {
    let n = rng.below(max + 1);
    (0..n)
        .map(|_| {
            if rng.chance(40) {
                me
            } else {
                UserId::new(1 + rng.below(mix.users as usize) as u64)
            }
        })
        .collect()
}

fn some_teams(rng: &mut Rng, mix: &Mix) -> Vec<TeamId> {
    if !rng.chance(mix.teams) {
        return Vec::new();
    }
    let n = 1 + rng.below(2);
    (0..n)
        .map(|_| TeamId::new(1 + rng.below(3) as u64))
        .collect()
}

fn maybe_user(rng: &mut Rng, mix: &Mix, me: UserId) -> Option<UserId> {
    match rng.below(10) {
        0..=1 => None,
        2..=5 => Some(me),
        _ => Some(UserId::new(1 + rng.below(mix.users as usize) as u64)),
    }
}

/// `n` requests over `policy`, cycling through every role of `roles` and every area so that
/// each pair is covered, with everything else drawn from `seed`.
pub fn generate(policy: &Policy, roles: &[RoleId], n: usize, seed: u64, mix: Mix) -> Vec<Request> {
    let mut rng = Rng::new(seed);
    let areas: Vec<(AreaId, Vec<Actions>)> = policy
        .areas()
        .map(|a| (a.id(), a.actions().verbs().map(Actions::from).collect()))
        .collect();
    // The foreign verbs of the adversarial mix: every verb there is, `present` included.
    let all_verbs: Vec<Actions> = Actions::all().verbs().map(Actions::from).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let role = roles[i % roles.len()];
        // Every (role, area) pair in turn when the batch is large enough, else at random.
        let area_index = if roles.len() * areas.len() * 2 <= n {
            (i / roles.len()) % areas.len()
        } else {
            rng.below(areas.len())
        };
        let (area, verbs) = &areas[area_index];
        let user = UserId::new(1 + rng.below(mix.users as usize) as u64);
        let standing = if rng.chance(mix.inactive) {
            *rng.pick(&[Standing::Pending, Standing::Removed, Standing::Stranger])
        } else {
            Standing::Active
        };
        let kind = if rng.chance(mix.guests) {
            MemberKind::Guest
        } else {
            MemberKind::Member
        };
        let plan = if rng.chance(mix.small_plans) {
            PlanFeatures::from_bits_truncate(rng.next_u64() as u32)
                .difference(PlanFeatures::CUSTOM_ROLES)
        } else {
            PlanFeatures::all()
        };
        let principal = PrincipalRow {
            user,
            role: (standing != Standing::Stranger).then_some(role),
            kind,
            standing,
            owner: rng.chance(mix.owners),
            plan,
            teams: some_teams(&mut rng, &mix),
        };
        let action = if rng.chance(mix.foreign_verbs) {
            *rng.pick(&all_verbs)
        } else {
            *rng.pick(verbs)
        };
        let resource = ResourceRow {
            id: i as u64,
            area: *area,
            owner: maybe_user(&mut rng, &mix, user),
            creator: maybe_user(&mut rng, &mix, user),
            hosts: some_users(&mut rng, &mix, user, 2),
            assignees: some_users(&mut rng, &mix, user, 2),
            teams: some_teams(&mut rng, &mix),
        };
        out.push(Request {
            principal,
            action,
            resource,
        });
    }
    out
}

/// Shuffles `requests` in place (Fisher–Yates, seeded), so that any prefix of a cycled batch is
/// a fair sample of it.
pub fn shuffle(requests: &mut [Request], seed: u64) {
    let mut rng = Rng::new(seed);
    for i in (1..requests.len()).rev() {
        requests.swap(i, rng.below(i + 1));
    }
}

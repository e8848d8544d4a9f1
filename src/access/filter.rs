//! List filters: which records of an area a user may see, as a query the host can run (A-9).

use super::action::Actions;
use super::evaluate::Effective;
use super::ids::{AreaId, TeamId, UserId};
use super::policy::Policy;
use super::principal::Principal;
use super::relation::Relation;
use super::resource::{AsResource, Resource};
use super::scope::Scope;
use super::verb::Verb;

/// One condition on a record: related to the user by any of `relations`, or in any of `teams`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause<'a> {
    relations: Relation,
    teams: &'a [TeamId],
}

impl<'a> Clause<'a> {
    /// The relations, any of which ties the user to a matching record.
    pub fn relations(&self) -> Relation {
        self.relations
    }

    /// The teams, any of which a matching record may belong to (empty for Exclusive scope).
    pub fn teams(&self) -> &'a [TeamId] {
        self.teams
    }

    fn matches(&self, user: UserId, resource: &Resource<'_>) -> bool {
        !resource.relations_of(user, self.relations).is_empty()
            || (!self.teams.is_empty() && resource.shares_team(self.teams))
    }

    /// Whether every record matching `self` also matches `other` (so `other` adds nothing).
    fn implies(&self, other: &Clause<'_>) -> bool {
        other.relations.contains(self.relations)
            && (self.teams.is_empty() || self.teams == other.teams)
    }

    fn from_effective(effective: &Effective, teams: &'a [TeamId]) -> Option<Self> {
        match effective.scope {
            Scope::Exclusive => Some(Clause {
                relations: effective.relations,
                teams: &[],
            }),
            Scope::Team => Some(Clause {
                relations: effective.relations,
                teams,
            }),
            Scope::None | Scope::Full => None,
        }
    }
}

/// Which records a filter lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage<'a> {
    /// No record (`WHERE false`).
    Nothing,
    /// Every record of the area (no condition).
    All,
    /// Records of `user` matching the clause, and the second clause when there is one
    /// (the verb's own condition, and seeing the record, SS-12).
    Related {
        /// The user the clauses speak of.
        user: UserId,
        /// The first condition.
        first: Clause<'a>,
        /// A further condition that must also hold.
        second: Option<Clause<'a>>,
    },
}

/// Which records of one area a principal may act on with one verb (A-9).
///
/// [`coverage`](Self::coverage) is what a host turns into a database query;
/// [`matches`](Self::matches) and [`retain`](Self::retain) agree with
/// [`Policy::can`] on every record (I-10).
///
/// ```
/// use seatwise::{Verb, presets, Actions, Coverage, Principal, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let closer = policy.role("closer")?;
/// let calls = policy.area("scheduled_events")?;
/// let me = UserId::new(1);
/// let filter = policy.list_filter(&Principal::member(me, closer), Verb::VIEW, calls);
/// assert!(matches!(filter.coverage(), Coverage::Related { .. })); // SS-9: own calls only
/// let (mine, theirs) = ([me], [UserId::new(2)]);
/// let mut list = vec![Resource::new(calls).hosted_by(&mine), Resource::new(calls).hosted_by(&theirs)];
/// filter.retain(&mut list);
/// assert_eq!(list.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListFilter<'a> {
    area: AreaId,
    coverage: Coverage<'a>,
}

impl<'a> ListFilter<'a> {
    /// The area the filter is for.
    pub fn area(&self) -> AreaId {
        self.area
    }

    /// Which records pass, for building a query.
    pub fn coverage(&self) -> Coverage<'a> {
        self.coverage
    }

    /// Whether `resource` passes; records of other areas never do.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let manager = Principal::member(UserId::new(1), policy.role("sales_manager")?);
    /// let calls = policy.area("scheduled_events")?;
    /// let filter = policy.list_filter(&manager, Verb::VIEW, calls);
    /// assert!(filter.matches(&Resource::new(calls))); // Full scope: every call
    /// assert!(!filter.matches(&Resource::new(policy.area("events")?))); // another area never
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches(&self, resource: &Resource<'_>) -> bool {
        if resource.area() != self.area {
            return false;
        }
        match self.coverage {
            Coverage::Nothing => false,
            Coverage::All => true,
            Coverage::Related {
                user,
                first,
                second,
            } => first.matches(user, resource) && second.is_none_or(|c| c.matches(user, resource)),
        }
    }

    /// Keeps only the records that pass.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, ResourceBuf, UserId, Verb};
    /// let policy = presets::deal_space()?;
    /// let deals = policy.area("deals")?;
    /// let guest = policy.guest(UserId::new(9))?;
    /// let mut records = vec![ResourceBuf::new(deals), ResourceBuf::new(deals).owned_by(UserId::new(1))];
    /// // DS-3: a guest sees every deal but may edit none.
    /// policy.list_filter(&guest, Verb::VIEW, deals).retain(&mut records);
    /// assert_eq!(records.len(), 2);
    /// policy.list_filter(&guest, Verb::EDIT, deals).retain(&mut records);
    /// assert!(records.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retain<R: AsResource>(&self, records: &mut Vec<R>) {
        records.retain(|r| self.matches(&r.as_resource()));
    }

    /// The records of a slice that pass.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let availability = policy.area("availability")?;
    /// let (mine, theirs) = ([carla], [UserId::new(2)]);
    /// let pages = [Resource::new(availability).owned_by(&mine), Resource::new(availability).owned_by(&theirs)];
    /// // Exclusive scope on availability: only her own page passes (A-9).
    /// let filter = policy.list_filter(&closer, Verb::VIEW, availability);
    /// let visible: Vec<_> = filter.filter(&pages).collect();
    /// assert_eq!(visible, [&pages[0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filter<'s, R: AsResource>(
        &'s self,
        records: &'s [R],
    ) -> impl Iterator<Item = &'s R> + 's {
        records
            .iter()
            .filter(move |r| self.matches(&r.as_resource()))
    }
}

impl Policy {
    /// The filter of the records of `area` that `principal` may take `action` (one verb) on
    /// ([A-9](crate::rules#a-9-list-filters)); it selects exactly the records
    /// [`can`](Policy::can) allows ([I-10](crate::rules#i-10-filters-agree-with-checks)).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Coverage, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let calls = policy.area("scheduled_events")?;
    /// let (mine, theirs) = ([carla], [UserId::new(2)]);
    /// let page = [Resource::new(calls).hosted_by(&mine), Resource::new(calls).hosted_by(&theirs)];
    /// // A-9, I-10: the filter keeps exactly the records `can` allows.
    /// let filter = policy.list_filter(&closer, Verb::VIEW, calls);
    /// assert!(matches!(filter.coverage(), Coverage::Related { .. }));
    /// for record in &page {
    ///     assert_eq!(filter.matches(record), policy.is_allowed(&closer, Verb::VIEW, record));
    /// }
    /// assert_eq!(filter.filter(&page).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_filter<'a>(
        &self,
        principal: &Principal<'a>,
        verb: Verb,
        area: AreaId,
    ) -> ListFilter<'a> {
        let action = verb.actions();
        let nothing = ListFilter {
            area,
            coverage: Coverage::Nothing,
        };
        let Ok(verb) = self.effective(principal, action, area) else {
            return nothing;
        };
        let view = if action == Actions::VIEW {
            None
        } else {
            match self.effective(principal, Actions::VIEW, area) {
                // SS-10: the verb's own relations also make a record visible for that verb
                // (the same rule as `can`, I-10).
                Ok(mut view) if view.scope != Scope::None => {
                    view.relations |= verb.relations;
                    Some(view)
                }
                Ok(_) | Err(_) => return nothing,
            }
        };
        let scopes = [Some(verb), view];
        if scopes.iter().flatten().any(|e| e.scope == Scope::None) {
            return nothing;
        }
        let mut clauses = scopes
            .iter()
            .flatten()
            .filter_map(|e| Clause::from_effective(e, principal.teams()));
        let coverage = match clauses.next() {
            None => Coverage::All,
            Some(first) => Coverage::Related {
                user: principal.user(),
                first,
                second: clauses.next().filter(|c| !first.implies(c)),
            },
        };
        ListFilter { area, coverage }
    }
}

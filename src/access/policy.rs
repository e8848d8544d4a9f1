//! The compiled, immutable policy: lookups by name and the tables a check reads (A-2, A-12).

use std::collections::HashMap;
use std::sync::Arc;

use super::action::{Actions, ACTION_COUNT};
use super::document::PolicyDocument;
use super::error::PolicyError;
use super::ids::{AreaId, ExceptionId, RoleId};
use super::lookup::{LookupError, LookupKind};
use super::relation::Relation;
use super::scope::Scope;
use super::verb::Verb;
use crate::PlanFeatures;

/// The verbs a role holds on one area at each scope. Nested: `full ⊆ team ⊆ exclusive`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Masks {
    // INVARIANT: full ⊆ team ⊆ exclusive, kept by `raise` and `union`.
    exclusive: Actions,
    team: Actions,
    full: Actions,
}

impl Masks {
    pub(crate) fn scope(&self, verb: Actions) -> Scope {
        if self.full.contains(verb) {
            Scope::Full
        } else if self.team.contains(verb) {
            Scope::Team
        } else if self.exclusive.contains(verb) {
            Scope::Exclusive
        } else {
            Scope::None
        }
    }

    /// Widens the grant of `verbs` to at least `scope`.
    pub(crate) fn raise(&mut self, verbs: Actions, scope: Scope) {
        if scope >= Scope::Exclusive {
            self.exclusive |= verbs;
        }
        if scope >= Scope::Team {
            self.team |= verbs;
        }
        if scope >= Scope::Full {
            self.full |= verbs;
        }
    }

    /// Sets the grant of `verbs` to exactly `scope`.
    pub(crate) fn set(&mut self, verbs: Actions, scope: Scope) {
        self.exclusive.remove(verbs);
        self.team.remove(verbs);
        self.full.remove(verbs);
        self.raise(verbs, scope);
    }

    pub(crate) fn union(self, other: Masks) -> Masks {
        Masks {
            exclusive: self.exclusive | other.exclusive,
            team: self.team | other.team,
            full: self.full | other.full,
        }
    }
}

#[derive(Debug)]
pub(crate) struct AreaDef {
    pub(crate) name: String,
    pub(crate) label: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) actions: Actions,
    pub(crate) relations: [Relation; ACTION_COUNT],
    pub(crate) requires: PlanFeatures,
    pub(crate) owner_only: Actions,
    /// What every active member gets through exceptions (A-5).
    pub(crate) floor: Masks,
    pub(crate) floor_from: [Option<ExceptionId>; ACTION_COUNT],
}

#[derive(Debug)]
pub(crate) struct RoleDef {
    pub(crate) name: String,
    pub(crate) label: Option<String>,
    pub(crate) rank: u32,
    pub(crate) parent: Option<RoleId>,
    pub(crate) editable: bool,
}

#[derive(Debug)]
pub(crate) struct ExceptionDef {
    pub(crate) name: String,
    pub(crate) reason: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) document: PolicyDocument,
    pub(crate) areas: Vec<AreaDef>,
    pub(crate) roles: Vec<RoleDef>,
    pub(crate) exceptions: Vec<ExceptionDef>,
    /// Each role's own grants, `role * areas + area`.
    pub(crate) own: Vec<Masks>,
    /// Each role's grants with its ancestors' (A-6), `role * areas + area`.
    pub(crate) effective: Vec<Masks>,
    /// Each role's stable key (T-1), by position.
    pub(crate) role_keys: Vec<u64>,
    /// Positions by key, for ids whose position hint is stale or missing.
    pub(crate) key_slots: HashMap<u64, usize>,
    pub(crate) owner_role: RoleId,
    pub(crate) default_role: Option<RoleId>,
    pub(crate) guest_role: Option<RoleId>,
    pub(crate) admin_area: Option<AreaId>,
}

/// The position of a role's grants on an area in the `role * areas + area` tables.
pub(crate) fn slot(role: usize, area: usize, areas: usize) -> Option<usize> {
    if area >= areas {
        return None;
    }
    role.checked_mul(areas)?.checked_add(area)
}

/// A validated, compiled policy: immutable, `Send + Sync`, and cheap to clone and share.
///
/// ```
/// use seatwise::{Verb, presets, Actions, Principal, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let closer = policy.role("closer")?;
/// let contacts = policy.area("contacts")?;
/// let ana = Principal::member(UserId::new(1), closer);
/// let lead = Resource::new(contacts).owned_by(UserId::new(2));
/// assert!(policy.can(&ana, Verb::VIEW, &lead).is_allowed());
/// assert!(!policy.can(&ana, Verb::EXPORT, &lead).is_allowed()); // SS-5
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) inner: Arc<Compiled>,
}

/// A role of a policy, for listing and display.
///
/// ```
/// use seatwise::presets;
/// let policy = presets::deal_space()?;
/// let editor = policy.role_info(policy.role("editor")?).ok_or("no role")?;
/// assert_eq!((editor.name(), editor.label(), editor.rank()), ("editor", "Editor", 20));
/// // A-6: the editor inherits every grant of the guest (DS-2).
/// assert_eq!(editor.parent(), Some(policy.role("guest")?));
/// assert_eq!(editor.key(), editor.id().key()); // T-1
/// assert!(editor.is_editable());
/// // SS-8: the owner role is fixed.
/// let owner = policy.role_info(policy.owner_role()).ok_or("no owner role")?;
/// assert!(!owner.is_editable() && owner.rank() > editor.rank());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RoleInfo<'p> {
    id: RoleId,
    parent: Option<RoleId>,
    def: &'p RoleDef,
}

impl<'p> RoleInfo<'p> {
    /// The role's id.
    pub fn id(&self) -> RoleId {
        self.id
    }
    /// Machine name.
    pub fn name(&self) -> &'p str {
        &self.def.name
    }
    /// Name for people, falling back to the machine name.
    pub fn label(&self) -> &'p str {
        self.def.label.as_deref().unwrap_or(&self.def.name)
    }
    /// Rank (A-7).
    pub fn rank(&self) -> u32 {
        self.def.rank
    }
    /// The role it inherits from (A-6).
    pub fn parent(&self) -> Option<RoleId> {
        self.parent
    }
    /// The role's stable key (T-1), as [`RoleId::key`] gives it.
    pub fn key(&self) -> u64 {
        self.id.key()
    }
    /// Whether the role may be edited or deleted (SS-8).
    pub fn is_editable(&self) -> bool {
        self.def.editable
    }
}

/// An area of a policy, for listing and display.
///
/// ```
/// use seatwise::{presets, Actions, PlanFeatures, Relation, Verb};
/// let policy = presets::deal_space()?;
/// let deals = policy.area_info(policy.area("deals")?).ok_or("no area")?;
/// assert_eq!((deals.name(), deals.label(), deals.group()), ("deals", "Deals", None));
/// assert!(deals.actions().contains(Actions::VIEW | Actions::PRESENT | Actions::CLOSE));
/// // A-4: a deal is "own" to its owner and its assignees.
/// assert_eq!(deals.relations(Verb::EDIT), Relation::OWNER | Relation::ASSIGNEE);
/// assert_eq!(deals.requires(), PlanFeatures::empty());
/// assert!(deals.owner_only().is_empty() && deals.exception(Verb::VIEW).is_none());
/// let billing = policy.area_info(policy.area("billing")?).ok_or("no area")?;
/// assert_eq!(billing.group(), Some("Settings"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AreaInfo<'p> {
    id: AreaId,
    def: &'p AreaDef,
}

impl<'p> AreaInfo<'p> {
    /// The area's id.
    pub fn id(&self) -> AreaId {
        self.id
    }
    /// Machine name.
    pub fn name(&self) -> &'p str {
        &self.def.name
    }
    /// Name for people, falling back to the machine name.
    pub fn label(&self) -> &'p str {
        self.def.label.as_deref().unwrap_or(&self.def.name)
    }
    /// The group it is shown under, if any.
    pub fn group(&self) -> Option<&'p str> {
        self.def.group.as_deref()
    }
    /// The verbs it offers.
    pub fn actions(&self) -> Actions {
        self.def.actions
    }
    /// Which relations make a record "own" for `verb` (A-4).
    pub fn relations(&self, verb: Verb) -> Relation {
        let verb = verb.actions();
        verb.index()
            .and_then(|i| self.def.relations.get(i))
            .copied()
            .unwrap_or_default()
    }
    /// The plan features it needs (A-11).
    pub fn requires(&self) -> PlanFeatures {
        self.def.requires
    }
    /// The verbs only the owner may take (SS-3).
    pub fn owner_only(&self) -> Actions {
        self.def.owner_only
    }

    /// The scope every active member gets for `verb` through a declared exception, and the
    /// exception that gives it (A-5); `None` when no exception covers the verb.
    pub fn exception(&self, verb: Verb) -> Option<(ExceptionId, Scope)> {
        let verb = verb.actions();
        let id = verb
            .index()
            .and_then(|i| self.def.floor_from.get(i))
            .copied()
            .flatten()?;
        Some((id, self.def.floor.scope(verb)))
    }
}

impl Policy {
    /// Reads, validates and compiles a TOML policy document.
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] naming the bad entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Policy, Principal, Resource, UserId, Verb};
    /// let policy = Policy::from_toml(r#"
    /// name = "notes"
    /// owner_role = "owner"
    /// [[area]]
    /// name = "notes"
    /// actions = ["view", "edit"]
    /// relations = ["owner"]
    /// [[role]]
    /// name = "owner"
    /// rank = 10
    /// [role.grants]
    /// "*" = "full"
    /// [[role]]
    /// name = "writer"
    /// rank = 1
    /// [role.grants]
    /// notes = { view = "full", edit = "exclusive" }
    /// "#)?;
    /// let me = UserId::new(1);
    /// let writer = Principal::member(me, policy.role("writer")?);
    /// let theirs = Resource::new(policy.area("notes")?).owned_by(UserId::new(2));
    /// assert!(policy.can(&writer, Verb::VIEW, &theirs).is_allowed());
    /// assert!(!policy.can(&writer, Verb::EDIT, &theirs).is_allowed()); // A-2: Exclusive
    /// // Errors name the entry: an unknown scope names the role and the area.
    /// let err = Policy::from_toml(r#"
    /// name = "x"
    /// owner_role = "owner"
    /// [[area]]
    /// name = "notes"
    /// actions = ["view"]
    /// [[role]]
    /// name = "owner"
    /// rank = 1
    /// [role.grants]
    /// notes = "everything"
    /// "#).unwrap_err();
    /// assert!(err.to_string().contains("owner") && err.to_string().contains("notes"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        PolicyDocument::from_toml(text)?.compile()
    }

    /// Reads, validates and compiles a JSON policy document.
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] naming the bad entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Policy};
    /// let text = presets::sales_scheduler()?.to_json()?;
    /// let policy = Policy::from_json(&text)?;
    /// assert!(policy.role("closer").is_ok());
    /// assert!(Policy::from_json("{").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        PolicyDocument::from_json(text)?.compile()
    }

    /// Writes the policy back as a TOML document that compiles to the same decisions.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Write`] if the serializer refuses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Policy};
    /// let policy = presets::deal_space()?;
    /// let copy = Policy::from_toml(&policy.to_toml()?)?;
    /// // A-12, T-1: the same document, and role ids that still resolve.
    /// assert_eq!(copy.document(), policy.document());
    /// assert_eq!(copy.role("editor")?, policy.role("editor")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_toml(&self) -> Result<String, PolicyError> {
        self.inner.document.to_toml()
    }

    /// Writes the policy back as a JSON document that compiles to the same decisions.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Write`] if the serializer refuses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Policy};
    /// let policy = presets::deal_space()?;
    /// let copy = Policy::from_json(&policy.to_json()?)?;
    /// assert_eq!(copy.document(), policy.document()); // A-12
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> Result<String, PolicyError> {
        self.inner.document.to_json()
    }

    /// The document the policy was compiled from.
    pub fn document(&self) -> &PolicyDocument {
        &self.inner.document
    }

    /// The policy's name.
    pub fn name(&self) -> &str {
        &self.inner.document.name
    }

    /// The area with this machine name.
    ///
    /// # Errors
    ///
    /// A [`LookupError`] naming what was asked for and the nearest areas the policy has.
    ///
    /// ```
    /// # let policy = seatwise::presets::deal_space()?;
    /// let deals = policy.area("deals")?;
    /// let typo = policy.area("deal").unwrap_err();
    /// assert_eq!(typo.to_string(), "policy `deal-space` has no area `deal`; did you mean `deals`?");
    /// # let _ = deals;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn area(&self, name: &str) -> Result<AreaId, LookupError> {
        self.inner
            .areas
            .iter()
            .position(|a| a.name == name)
            .and_then(AreaId::from_index)
            .ok_or_else(|| {
                LookupError::new(
                    LookupKind::Area,
                    name,
                    self.name(),
                    self.inner.areas.iter().map(|a| a.name.as_str()),
                )
            })
    }

    /// The role with this machine name.
    ///
    /// # Errors
    ///
    /// A [`LookupError`] naming what was asked for and the nearest roles the policy has.
    ///
    /// ```
    /// # let policy = seatwise::presets::sales_scheduler()?;
    /// let closer = policy.role("closer")?;
    /// let typo = policy.role("super-admin").unwrap_err();
    /// assert_eq!(typo.nearest(), ["super_admin"]);
    /// # let _ = closer;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn role(&self, name: &str) -> Result<RoleId, LookupError> {
        self.inner
            .roles
            .iter()
            .position(|r| r.name == name)
            .and_then(|index| self.id_at(index))
            .ok_or_else(|| {
                LookupError::new(
                    LookupKind::Role,
                    name,
                    self.name(),
                    self.inner.roles.iter().map(|r| r.name.as_str()),
                )
            })
    }

    /// The role with this stable key (T-1), as [`RoleId::key`] gives it.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::presets;
    /// let policy = presets::sales_scheduler()?;
    /// let closer = policy.role("closer")?;
    /// // T-1: a stored key resolves to the same role; a key of another policy to nothing.
    /// assert_eq!(policy.role_by_key(closer.key()), Some(closer));
    /// let editor = presets::deal_space()?.role("editor")?;
    /// assert_eq!(policy.role_by_key(editor.key()), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn role_by_key(&self, key: u64) -> Option<RoleId> {
        self.inner
            .key_slots
            .get(&key)
            .and_then(|slot| self.id_at(*slot))
    }

    /// The role, for display; `None` for an id this policy did not issue: one from another
    /// policy, or of a role since deleted or renamed (T-1).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::presets;
    /// let policy = presets::deal_space()?;
    /// let manager = policy.role_info(policy.role("manager")?).ok_or("no role")?;
    /// assert_eq!((manager.name(), manager.label(), manager.rank()), ("manager", "Manager", 30));
    /// assert_eq!(manager.parent(), Some(policy.role("editor")?)); // DS-5 inherits DS-4
    /// // T-1: an id from another policy is not one of this policy's roles.
    /// let closer = presets::sales_scheduler()?.role("closer")?;
    /// assert!(policy.role_info(closer).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn role_info(&self, role: RoleId) -> Option<RoleInfo<'_>> {
        let slot = self.slot_of(role)?;
        self.info_at(slot)
    }

    fn info_at(&self, slot: usize) -> Option<RoleInfo<'_>> {
        let def = self.inner.roles.get(slot)?;
        Some(RoleInfo {
            id: self.id_at(slot)?,
            parent: def.parent.and_then(|p| self.id_at(p.index())),
            def,
        })
    }

    /// The keyed id of the role at `slot`.
    pub(crate) fn id_at(&self, slot: usize) -> Option<RoleId> {
        let key = self.inner.role_keys.get(slot)?;
        Some(RoleId::keyed(*key, slot))
    }

    /// Where `role` sits in this policy, if it is one of its roles (T-1): the id's position
    /// hint when its key matches, else a lookup by key.
    #[inline]
    pub(crate) fn slot_of(&self, role: RoleId) -> Option<usize> {
        let hint = role.index();
        if self.inner.role_keys.get(hint) == Some(&role.key()) {
            Some(hint)
        } else {
            self.inner.key_slots.get(&role.key()).copied()
        }
    }

    /// The same role with its position hint for this policy, or `None` if it is not one of
    /// its roles.
    pub(crate) fn rehint(&self, role: RoleId) -> Option<RoleId> {
        self.slot_of(role).and_then(|slot| self.id_at(slot))
    }

    /// The area, for display.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Relation, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let events = policy.area_info(policy.area("events")?).ok_or("no area")?;
    /// // A-4, SS-10: what makes an event "own" depends on the verb.
    /// assert_eq!(events.relations(Verb::VIEW), Relation::HOST);
    /// assert_eq!(events.relations(Verb::EDIT), Relation::CREATOR);
    /// let contacts = policy.area_info(policy.area("contacts")?).ok_or("no area")?;
    /// assert!(contacts.exception(Verb::VIEW).is_some()); // SS-4: every contact is visible
    /// let billing = policy.area_info(policy.area("billing")?).ok_or("no area")?;
    /// assert!(billing.owner_only().contains(Verb::MANAGE.into())); // SS-3
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn area_info(&self, area: AreaId) -> Option<AreaInfo<'_>> {
        self.inner
            .areas
            .get(area.index())
            .map(|def| AreaInfo { id: area, def })
    }

    /// Every role, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::presets;
    /// let policy = presets::deal_space()?;
    /// let names: Vec<_> = policy.roles().map(|r| r.name()).collect();
    /// assert_eq!(names, ["guest", "editor", "manager", "admin", "owner"]); // document order
    /// // SS-8: the owner role cannot be edited.
    /// assert!(policy.roles().filter(|r| !r.is_editable()).all(|r| r.id() == policy.owner_role()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn roles(&self) -> impl Iterator<Item = RoleInfo<'_>> {
        self.inner
            .roles
            .iter()
            .enumerate()
            .filter_map(|(i, _)| self.info_at(i))
    }

    /// Every area, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::presets;
    /// let policy = presets::sales_scheduler()?;
    /// let settings: Vec<_> = policy.areas().filter(|a| a.group() == Some("Settings")).map(|a| a.name()).collect();
    /// assert!(settings.contains(&"user_management"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn areas(&self) -> impl Iterator<Item = AreaInfo<'_>> {
        self.inner
            .areas
            .iter()
            .enumerate()
            .filter_map(|(i, def)| AreaId::from_index(i).map(|id| AreaInfo { id, def }))
    }

    /// The name and reason of a declared exception (A-5).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Scope, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let contacts = policy.area_info(policy.area("contacts")?).ok_or("no area")?;
    /// // A-5, SS-4: every member sees every contact, through a declared exception.
    /// let (exception, scope) = contacts.exception(Verb::VIEW).ok_or("no exception")?;
    /// assert_eq!(scope, Scope::Full);
    /// let (name, reason) = policy.exception(exception).ok_or("unknown exception")?;
    /// assert_eq!(name, "contacts_visible_to_all");
    /// assert!(reason.is_some_and(|r| r.contains("duplicates")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exception(&self, exception: ExceptionId) -> Option<(&str, Option<&str>)> {
        self.inner
            .exceptions
            .get(exception.index())
            .map(|e| (e.name.as_str(), e.reason.as_deref()))
    }

    /// The role the owner holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::presets;
    /// let deals = presets::deal_space()?;
    /// assert_eq!(deals.owner_role(), deals.role("owner")?); // DS-7
    /// assert_eq!(deals.default_role(), Some(deals.role("editor")?)); // DS-1
    /// assert_eq!(deals.guest_role(), Some(deals.role("guest")?)); // DS-3
    /// assert_eq!(deals.admin_area(), Some(deals.area("members")?)); // A-7
    /// let sales = presets::sales_scheduler()?;
    /// assert_eq!(sales.guest_role(), None); // no guests in the sales scheduler
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owner_role(&self) -> RoleId {
        self.inner.owner_role
    }

    /// The role new members get, if the policy names one (DS-1).
    pub fn default_role(&self) -> Option<RoleId> {
        self.inner.default_role
    }

    /// The role guests hold, if the policy has guests (DS-3).
    pub fn guest_role(&self) -> Option<RoleId> {
        self.inner.guest_role
    }

    /// The area governing invite, remove and role changes (A-7).
    pub fn admin_area(&self) -> Option<AreaId> {
        self.inner.admin_area
    }

    /// The scope `role` holds for `verb` on `area`, inherited grants included, before
    /// exceptions and records are considered; `Scope::None` for anything unknown.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Scope, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let calls = policy.area("scheduled_events")?;
    /// // For a role settings page: SS-9 Exclusive for closers, SS-6 Full for setters.
    /// assert_eq!(policy.scope_of(policy.role("closer")?, calls, Verb::VIEW), Scope::Exclusive);
    /// assert_eq!(policy.scope_of(policy.role("setter")?, calls, Verb::VIEW), Scope::Full);
    /// assert_eq!(policy.scope_of(policy.role("closer")?, calls, Verb::DELETE), Scope::None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scope_of(&self, role: RoleId, area: AreaId, verb: Verb) -> Scope {
        self.masks(role, area)
            .map(|m| m.scope(verb.actions()))
            .unwrap_or_default()
    }

    #[inline]
    pub(crate) fn masks(&self, role: RoleId, area: AreaId) -> Option<&Masks> {
        self.masks_at(self.slot_of(role)?, area)
    }

    /// The grants of the role at `role` (a position this policy gave) on `area`.
    #[inline]
    pub(crate) fn masks_at(&self, role: usize, area: AreaId) -> Option<&Masks> {
        slot(role, area.index(), self.inner.areas.len()).and_then(|s| self.inner.effective.get(s))
    }

    fn own_masks_at(&self, role: usize, area: AreaId) -> Option<&Masks> {
        slot(role, area.index(), self.inner.areas.len()).and_then(|s| self.inner.own.get(s))
    }

    pub(crate) fn rank(&self, role: RoleId) -> Option<u32> {
        self.inner.roles.get(self.slot_of(role)?).map(|r| r.rank)
    }

    /// The role in `role`'s line of parents whose own grant gives `verb` on `area` its scope:
    /// `role` itself unless the grant is inherited (A-6, A-8).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Verb};
    /// let policy = presets::deal_space()?;
    /// let (guest, manager) = (policy.role("guest")?, policy.role("manager")?);
    /// let deals = policy.area("deals")?;
    /// // A-6, A-8: a manager's view of deals is inherited from the guest role; approve is its own.
    /// assert_eq!(policy.granted_by(manager, deals, Verb::VIEW), Some(guest));
    /// assert_eq!(policy.granted_by(manager, deals, Verb::APPROVE), Some(manager));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn granted_by(&self, role: RoleId, area: AreaId, verb: Verb) -> Option<RoleId> {
        let wanted = self.scope_of(role, area, verb);
        let verb = verb.actions();
        let mut current = self.slot_of(role);
        for _ in 0..self.inner.roles.len() {
            let here = current?;
            if self.own_masks_at(here, area).map(|m| m.scope(verb)) == Some(wanted) {
                return self.id_at(here);
            }
            current = self
                .inner
                .roles
                .get(here)
                .and_then(|r| r.parent)
                .map(RoleId::index);
        }
        None
    }
}

//! Custom roles: define, edit, delete, on plans with the feature (SS-8, A-11, A-7).

use super::error::CommandError;
use super::event::Event;
use super::event::RoleChange;
use super::execute::denied;
use super::log::{changed_document, EventRefusal};
use super::state::Workspace;
use crate::Verb;
use crate::{Deny, PlanFeatures, Principal, RoleSpec};

impl Workspace {
    /// Defining a custom role no higher than the actor's own (SS-8, A-11, A-7).
    pub(super) fn define_role(
        &self,
        me: &Principal<'_>,
        role: &RoleSpec,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::CUSTOM_ROLES)?;
        self.area_or_owner(me, "custom_roles", Verb::CREATE, None)?;
        self.role_change(me, &role.name, Some(role), role.rank, RoleChange::Defined)
    }

    /// Editing an editable role (SS-8).
    pub(super) fn edit_role(
        &self,
        me: &Principal<'_>,
        role: &RoleSpec,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::CUSTOM_ROLES)?;
        self.area_or_owner(me, "custom_roles", Verb::EDIT, None)?;
        let slot = self
            .document()
            .roles
            .iter()
            .find(|r| r.name == role.name)
            .ok_or_else(|| CommandError::UnknownRoleName(role.name.clone()))?;
        if !slot.editable {
            return Err(CommandError::FixedRole(role.name.clone()));
        }
        let old_rank = slot.rank;
        self.role_change(
            me,
            &role.name,
            Some(role),
            role.rank.max(old_rank),
            RoleChange::Edited,
        )
    }

    /// Deleting an editable role no one holds (SS-8).
    pub(super) fn delete_role(
        &self,
        me: &Principal<'_>,
        name: &str,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::CUSTOM_ROLES)?;
        self.area_or_owner(me, "custom_roles", Verb::DELETE, None)?;
        let id = self
            .policy
            .role(name)
            .map_err(|_| CommandError::UnknownRoleName(name.to_owned()))?;
        let info = self
            .policy
            .role_info(id)
            .ok_or(CommandError::UnknownRole(id))?;
        if !info.is_editable() {
            return Err(CommandError::FixedRole(name.to_owned()));
        }
        let special = [Some(self.policy.owner_role()), self.policy.guest_role()];
        let held = self.members.values().any(|m| m.role == id)
            || self.invitations.values().any(|i| i.role == id);
        if special.contains(&Some(id)) || held {
            return Err(CommandError::RoleInUse(name.to_owned()));
        }
        self.role_change(me, name, None, info.rank(), RoleChange::Deleted)
    }

    /// The policy change event, once the changed policy compiles and the actor may make it.
    /// The event carries the change, not the policy (T-8); `changed_document` makes the
    /// policy from it, here and when the event is applied.
    pub(super) fn role_change(
        &self,
        me: &Principal<'_>,
        name: &str,
        definition: Option<&RoleSpec>,
        rank: u32,
        change: RoleChange,
    ) -> Result<Vec<Event>, CommandError> {
        let doc =
            changed_document(self.document(), name, change, definition).map_err(|refusal| {
                match refusal {
                    EventRefusal::Policy(error) => CommandError::Policy(error),
                    _ => CommandError::FixedRole(name.to_owned()),
                }
            })?;
        let compiled = doc.compile()?;
        let mine = me
            .role()
            .and_then(|r| self.policy.role_info(r))
            .map(|r| r.rank())
            .unwrap_or(0);
        if rank > mine {
            // no one defines a role above their own.
            let role = compiled
                .role(name)
                .ok()
                .or(me.role())
                .unwrap_or(self.policy.owner_role());
            return Err(denied(Deny::Escalation { role }));
        }
        Ok(vec![Event::PolicyChanged {
            role: name.to_owned(),
            change,
            definition: definition.map(|spec| Box::new(spec.clone())),
        }])
    }
}

//! Custom roles: define, edit, delete, on plans with the feature (SS-8, A-11, A-7).

use super::error::CommandError;
use super::event::Event;
use super::event::RoleChange;
use super::execute::denied;
use super::state::Workspace;
use crate::{Actions, Deny, PlanFeatures, Principal, RoleSpec};

impl Workspace {
    /// Defining a custom role no higher than the actor's own (SS-8, A-11, A-7).
    pub(super) fn define_role(
        &self,
        me: &Principal<'_>,
        role: &RoleSpec,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::CUSTOM_ROLES)?;
        self.area_or_owner(me, "custom_roles", Actions::CREATE, None)?;
        let doc = self.document().clone().role(role.clone());
        self.role_change(me, doc, &role.name, role.rank, RoleChange::Defined)
    }

    /// Editing an editable role (SS-8).
    pub(super) fn edit_role(
        &self,
        me: &Principal<'_>,
        role: &RoleSpec,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::CUSTOM_ROLES)?;
        self.area_or_owner(me, "custom_roles", Actions::EDIT, None)?;
        let mut doc = self.document().clone();
        let slot = doc
            .roles
            .iter_mut()
            .find(|r| r.name == role.name)
            .ok_or_else(|| CommandError::UnknownRoleName(role.name.clone()))?;
        if !slot.editable {
            return Err(CommandError::FixedRole(role.name.clone()));
        }
        let old_rank = slot.rank;
        *slot = role.clone();
        self.role_change(
            me,
            doc,
            &role.name,
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
        self.area_or_owner(me, "custom_roles", Actions::DELETE, None)?;
        let id = self
            .policy
            .role(name)
            .ok_or_else(|| CommandError::UnknownRoleName(name.to_owned()))?;
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
        let mut doc = self.document().clone();
        doc.roles.retain(|r| r.name != *name);
        // SS-8: the default role (Closer) may go too; invitations then name a role.
        if doc.default_role.as_deref() == Some(name) {
            doc.default_role = None;
        }
        self.role_change(me, doc, name, info.rank(), RoleChange::Deleted)
    }

    pub(super) fn role_change(
        &self,
        me: &Principal<'_>,
        doc: crate::PolicyDocument,
        name: &str,
        rank: u32,
        change: RoleChange,
    ) -> Result<Vec<Event>, CommandError> {
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
                .or(me.role())
                .unwrap_or(self.policy.owner_role());
            return Err(denied(Deny::Escalation { role }));
        }
        Ok(vec![Event::PolicyChanged {
            policy: Box::new(doc),
            role: name.to_owned(),
            change,
        }])
    }
}

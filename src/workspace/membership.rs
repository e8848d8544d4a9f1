//! Members: role changes, removal, ownership transfer, availability and calendars
//! (A-7, M-7, SS-3, SS-15).

use crate::Verb;
use chrono::{DateTime, Utc};

use super::error::CommandError;
use super::event::Event;
use super::execute::{allow, clean, denied, Delta};
use super::state::Workspace;
use crate::{Deny, MemberKind, Principal, Resource, RoleId, UserId};

impl Workspace {
    /// Giving a member another role without escalation; moving to or from the guest role changes seats (B-4, B-6).
    pub(super) fn change_role(
        &self,
        me: &Principal<'_>,
        user: &UserId,
        role: &RoleId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let target = self.active_member(*user)?;
        let role = &self.role_exists(*role)?;
        allow(
            self.policy
                .may_change_role(me, &self.principal(*user), *role),
        )?;
        let kind = self.kind_of(*role);
        let delta = match (target.kind, kind) {
            (MemberKind::Guest, MemberKind::Member) => Delta {
                members: 1,
                guests: -1,
                pending: 0,
            },
            (MemberKind::Member, MemberKind::Guest) => Delta {
                members: -1,
                guests: 1,
                pending: 0,
            },
            _ => Delta::default(),
        };
        let changed = Event::RoleChanged {
            user: *user,
            from: target.role,
            to: *role,
            kind,
        };
        self.with_seats(delta, now, vec![changed])
    }

    /// Removing a member: access ends at once, the seat stays paid (M-7, B-5).
    pub(super) fn remove_member(
        &self,
        me: &Principal<'_>,
        user: &UserId,
    ) -> Result<Vec<Event>, CommandError> {
        self.active_member(*user)?;
        allow(self.policy.may_remove(me, &self.principal(*user)))?;
        // B-5: paid seats stay; nothing to charge or refund.
        Ok(vec![Event::MemberRemoved { user: *user }])
    }

    /// Handing the workspace to another member: the owner only.
    pub(super) fn transfer_ownership(
        &self,
        me: &Principal<'_>,
        actor: UserId,
        to: &UserId,
    ) -> Result<Vec<Event>, CommandError> {
        if actor != self.owner || !me.is_active() {
            return Err(denied(Deny::OwnerOnly));
        }
        let target = self.active_member(*to)?;
        if target.kind == MemberKind::Guest {
            return Err(CommandError::Guest(*to));
        }
        Ok(vec![Event::OwnershipTransferred {
            from: self.owner,
            to: *to,
            role: self.policy.owner_role(),
        }])
    }

    /// Setting availability: the user, or someone who may edit theirs (SS-9, SS-15).
    pub(super) fn set_availability(
        &self,
        me: &Principal<'_>,
        user: &UserId,
        set: &bool,
    ) -> Result<Vec<Event>, CommandError> {
        self.own_or_granted(me, *user, "availability")?;
        Ok(vec![Event::AvailabilityChanged {
            user: *user,
            set: *set,
        }])
    }

    /// Connecting a calendar: the user, or someone who may edit theirs (SS-9, SS-15).
    pub(super) fn connect_calendar(
        &self,
        me: &Principal<'_>,
        user: &UserId,
        calendar: &str,
    ) -> Result<Vec<Event>, CommandError> {
        self.own_or_granted(me, *user, "calendar_connections")?;
        let calendar = clean("calendar", calendar)?;
        Ok(vec![Event::CalendarConnected {
            user: *user,
            calendar,
        }])
    }

    /// Disconnecting a calendar: as connecting.
    pub(super) fn disconnect_calendar(
        &self,
        me: &Principal<'_>,
        user: &UserId,
    ) -> Result<Vec<Event>, CommandError> {
        self.own_or_granted(me, *user, "calendar_connections")?;
        Ok(vec![Event::CalendarDisconnected { user: *user }])
    }

    /// The user themselves, or an actor with `edit` on the user's record of `area` (SS-9).
    pub(super) fn own_or_granted(
        &self,
        me: &Principal<'_>,
        user: UserId,
        area: &str,
    ) -> Result<(), CommandError> {
        self.active_member(user)?;
        if me.user() == user && me.is_active() {
            return Ok(());
        }
        match self.policy.area(area).ok() {
            Some(area) => allow(self.policy.can(
                me,
                Verb::EDIT,
                &Resource::new(area).owned_by(user),
            )),
            // Without the area, only the user may change their own.
            None => Err(denied(Deny::UnknownArea)),
        }
    }
}

//! What the seeds' screens show: the members table (seed 000), guest status (B-10), host
//! eligibility (SS-15) and the pending requests an admin sees (M-4).

use crate::Verb;
use std::ops::Bound;

use super::email::Email;
use super::state::Workspace;
use crate::{GuestStatus, MemberKind, Principal, RoleId, UserId};

bitflags::bitflags! {
    /// The buttons a members-table row offers the viewer (M-3).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct RowActions: u8 {
        /// Resend the invitation (pending rows).
        const RESEND = 1 << 0;
        /// Copy the invitation link (pending rows).
        const COPY_LINK = 1 << 1;
        /// Change the role (accepted rows).
        const CHANGE_ROLE = 1 << 2;
        /// Add to a team (accepted rows, plans with teams).
        const ADD_TO_TEAM = 1 << 3;
        /// Delete the user or withdraw the invitation.
        const DELETE = 1 << 4;
    }
}

/// Whether a row is an accepted user or a pending invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Accepted: an active member or guest.
    Accepted(UserId),
    /// Invited, not accepted yet.
    Pending,
    /// Invited, and the invitation has expired: it can only be deleted (M-2, M-3).
    Expired,
}

/// One row of the members table (seed 000, "Users section").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemberRow<'w> {
    /// The address.
    pub email: &'w Email,
    /// The profile name (accepted rows).
    pub name: Option<&'w str>,
    /// The role.
    pub role: RoleId,
    /// Member or guest.
    pub kind: MemberKind,
    /// Accepted or pending.
    pub status: RowStatus,
    /// "Set" or "Not set" availability (SS-15).
    pub availability: bool,
    /// The connected calendar, or `None` for "Not connected".
    pub calendar: Option<&'w str>,
    /// What the viewer may do on this row (M-3).
    pub actions: RowActions,
}

/// Where an event takes place, as far as its host is concerned (SS-15): only a video
/// meeting needs a link made from the host's connected calendar.
///
/// ```
/// use seatwise::EventLocation;
/// assert!(EventLocation::VideoMeeting.needs_meeting_link());
/// assert!(!EventLocation::Phone.needs_meeting_link());
/// assert!(!EventLocation::InPerson.needs_meeting_link());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventLocation {
    /// A video meeting such as Google Meet: its link is made from the host's calendar.
    VideoMeeting,
    /// A phone call.
    Phone,
    /// In person.
    InPerson,
    /// A location the host describes (an address, a link of their own): nothing is made.
    Custom,
}

impl EventLocation {
    /// Whether a meeting link must be made for the host from their connected calendar
    /// (SS-15): only for a video meeting.
    pub const fn needs_meeting_link(self) -> bool {
        matches!(self, EventLocation::VideoMeeting)
    }
}

/// Whether a user can host events, and whether a meeting link can be made for them (SS-15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostEligibility {
    /// Can host, and nothing is missing for the event's location.
    Eligible,
    /// Can host, but the event's location needs a meeting link (a video meeting) and none is
    /// made: no calendar connected.
    NoMeetingLink,
    /// Has not accepted the invitation (M-2).
    InvitePending,
    /// Has not set their availability.
    NoAvailability,
    /// Not a member (a stranger, a removed user, or a guest).
    NotAMember,
}

impl HostEligibility {
    /// Whether the user may host.
    pub fn can_host(self) -> bool {
        matches!(
            self,
            HostEligibility::Eligible | HostEligibility::NoMeetingLink
        )
    }
}

impl Workspace {
    /// A page of the members table as `viewer` sees it at `now`: accepted users and pending
    /// invitations in address order, starting after `after`, at most `limit` rows. Each row
    /// lists the actions the viewer may take on it (M-3). Costs `O(log n + limit)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, RowActions, RowStatus, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let invite = Command::new(Change::Invite { invitees: vec![Invitee::guest(Email::parse("rita@example.com")?)], expires_at: None });
    /// space.execute(olga, invite, now)?;
    /// let rows = space.members_table(olga, now, None, 50);
    /// assert_eq!(rows.len(), 2); // address order: olga@, rita@
    /// assert_eq!(rows[0].status, RowStatus::Accepted(olga));
    /// assert_eq!(rows[1].status, RowStatus::Pending);
    /// // M-3: the owner may resend or withdraw a pending invitation, but not delete herself.
    /// assert!(rows[1].actions.contains(RowActions::RESEND | RowActions::DELETE));
    /// assert!(!rows[0].actions.contains(RowActions::DELETE));
    /// // The next page starts after the last address shown.
    /// assert!(space.members_table(olga, now, Some(rows[1].email), 50).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members_table(
        &self,
        viewer: UserId,
        now: chrono::DateTime<chrono::Utc>,
        after: Option<&Email>,
        limit: usize,
    ) -> Vec<MemberRow<'_>> {
        let me = self.principal(viewer);
        let lower = after.map_or(Bound::Unbounded, Bound::Excluded);
        let mut members = self
            .emails
            .range::<Email, _>((lower, Bound::Unbounded))
            .peekable();
        let mut pending = self
            .invitations
            .range::<Email, _>((lower, Bound::Unbounded))
            .peekable();
        let mut rows = Vec::with_capacity(limit.min(1024));
        while rows.len() < limit {
            let take_member = match (members.peek(), pending.peek()) {
                (Some((a, _)), Some((b, _))) => a <= b,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let row = if take_member {
                let Some((_, user)) = members.next() else {
                    break;
                };
                let Some(member) = self.members.get(user) else {
                    continue;
                };
                let target = self.principal(*user);
                let mut actions = RowActions::empty();
                if self
                    .policy
                    .may_change_role(&me, &target, member.role)
                    .is_allowed()
                {
                    actions |= RowActions::CHANGE_ROLE;
                }
                if member.kind == MemberKind::Member
                    && self
                        .subscription
                        .plan()
                        .features()
                        .contains(crate::PlanFeatures::TEAMS)
                    && self.admin_allowed(&me, Verb::MANAGE)
                    && self.outranks(&me, *user).is_none()
                {
                    actions |= RowActions::ADD_TO_TEAM;
                }
                if self.policy.may_remove(&me, &target).is_allowed() {
                    actions |= RowActions::DELETE;
                }
                MemberRow {
                    email: &member.email,
                    name: Some(&member.name),
                    role: member.role,
                    kind: member.kind,
                    status: RowStatus::Accepted(*user),
                    availability: member.availability,
                    calendar: member.calendar.as_deref(),
                    actions,
                }
            } else {
                let Some((_, invitation)) = pending.next() else {
                    break;
                };
                let expired = invitation.is_expired(now);
                let actions = match (
                    self.policy.may_invite(&me, invitation.role).is_allowed(),
                    expired,
                ) {
                    (false, _) => RowActions::empty(),
                    (true, true) => RowActions::DELETE,
                    (true, false) => {
                        RowActions::RESEND | RowActions::COPY_LINK | RowActions::DELETE
                    }
                };
                MemberRow {
                    email: &invitation.email,
                    name: None,
                    role: invitation.role,
                    kind: invitation.kind,
                    status: if expired {
                        RowStatus::Expired
                    } else {
                        RowStatus::Pending
                    },
                    availability: false,
                    calendar: None,
                    actions,
                }
            };
            rows.push(row);
        }
        rows
    }

    fn admin_allowed(&self, me: &Principal<'_>, verb: Verb) -> bool {
        self.policy.admin_area().is_some_and(|area| {
            self.policy
                .is_allowed(me, verb, &crate::Resource::new(area))
        })
    }

    /// Guests used, the allowance on the seats paid now, at limit (warn) or over (B-10).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// // B-10: one paid seat allows five guests; none has joined yet.
    /// let status = space.guest_status();
    /// assert_eq!((status.used(), status.allowance()), (0, Some(5)));
    /// assert!(!status.is_at_limit());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn guest_status(&self) -> GuestStatus {
        self.subscription.guest_status(self.counts.guests)
    }

    /// Whether `user` can host an event at `location` (SS-15): accepted, a member,
    /// availability set. Without a connected calendar they still host, but when the location
    /// needs a meeting link (a video meeting) none is made for them; for a phone call, in
    /// person or a custom location nothing is missing.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, EventLocation, HostEligibility, Plan, UserId, Workspace};
    ///
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let owner = UserId::new(1);
    /// let (mut space, _) = Workspace::create(
    ///     presets::sales_scheduler()?, Plan::startup(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
    /// space.execute(owner, Command::new(Change::SetAvailability { user: owner, set: true }), now)?;
    /// // No calendar connected: a Google Meet event gets no link; a phone call misses nothing.
    /// assert_eq!(space.host_eligibility(owner, EventLocation::VideoMeeting), HostEligibility::NoMeetingLink);
    /// assert_eq!(space.host_eligibility(owner, EventLocation::Phone), HostEligibility::Eligible);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn host_eligibility(&self, user: UserId, location: EventLocation) -> HostEligibility {
        match self.members.get(&user) {
            None => HostEligibility::NotAMember,
            Some(m) if m.kind == MemberKind::Guest => HostEligibility::NotAMember,
            Some(m) if !m.availability => HostEligibility::NoAvailability,
            Some(m) if m.calendar.is_none() && location.needs_meeting_link() => {
                HostEligibility::NoMeetingLink
            }
            Some(_) => HostEligibility::Eligible,
        }
    }

    /// Whether the address has a pending invitation, for [`host_eligibility`](Self::host_eligibility)
    /// of users who have not joined yet (M-2).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, EventLocation, HostEligibility, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let owner = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::startup(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let ann = Email::parse("ann@example.com")?;
    /// let invite = Command::new(Change::Invite { invitees: vec![Invitee::default_role(ann.clone())], expires_at: None });
    /// let quote = space.preview(owner, &invite, now)?.quote().cloned().ok_or("no charge")?;
    /// space.execute(owner, invite.confirming(quote), now)?;
    /// // SS-15: an invited user cannot host until they accept.
    /// let status = space.host_eligibility_of(&ann, EventLocation::Phone);
    /// assert_eq!(status, HostEligibility::InvitePending);
    /// assert!(!status.can_host());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn host_eligibility_of(&self, email: &Email, location: EventLocation) -> HostEligibility {
        match self.emails.get(email) {
            Some(user) => self.host_eligibility(*user, location),
            None if self.invitations.contains_key(email) => HostEligibility::InvitePending,
            None => HostEligibility::NotAMember,
        }
    }

    /// The pending access requests `viewer` may act on: all of them for users who may
    /// approve guests, none otherwise (M-4).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let vic = UserId::new(8);
    /// let email = Email::parse("vic@example.com")?;
    /// space.execute(vic, Command::new(Change::RequestAccess { email: email.clone(), name: "Vic".into() }), now)?;
    /// // M-4: the owner sees the request to approve; the requester sees it on their spaces list.
    /// assert_eq!(space.pending_requests_for(olga).len(), 1);
    /// assert!(space.pending_requests_for(vic).is_empty());
    /// let (invitation, request) = space.pending_for(&email);
    /// assert!(invitation.is_none() && request.is_some_and(|r| r.name() == "Vic"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pending_requests_for(&self, viewer: UserId) -> Vec<&super::member::AccessRequest> {
        let me = self.principal(viewer);
        match self.policy.guest_role() {
            Some(guest) if self.policy.may_invite(&me, guest).is_allowed() => {
                self.requests.values().collect()
            }
            _ => Vec::new(),
        }
    }

    /// What an outsider with `email` sees on their spaces list: a pending invitation, a
    /// pending request, or neither (M-4).
    pub fn pending_for(
        &self,
        email: &Email,
    ) -> (
        Option<&super::member::Invitation>,
        Option<&super::member::AccessRequest>,
    ) {
        (self.invitations.get(email), self.requests.get(email))
    }
}

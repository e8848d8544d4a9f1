//! The rules seatwise follows, one entry per rule id.
//!
//! The crate's documentation, tests and changelog cite rules by id — `A-12`, `SS-10`, `T-3`.
//! This page states each rule in a few lines, says which part of the crate carries it
//! (**Code**) and which test file shows it holds (**Tests**; a test that proves a rule names
//! its id in its name or a comment). Rules of parts not built yet say so (**Planned**).
//!
//! Every rule has a heading, so a search for its id finds it and each has its own anchor,
//! formed from the heading: `A-12 Policies are data` is `rules#a-12-policies-are-data`.
//! Documentation links a citation like this:
//!
//! ```text
//! /// Loads a policy document ([A-12](crate::rules#a-12-policies-are-data)).
//! ```
//!
//! The test `tests/rule_ids.rs` keeps this page complete: every id cited anywhere in the
//! repository must be a rule here, every rule of the product definition must be here, and
//! every link to an entry must reach its anchor.
//!
//! Ids by prefix: **A** access model, **SS** the built-in sales scheduler (seed 000), **DS**
//! the built-in deal space (seed 004), **M** members and invitations, **B** plans, seats and
//! billing, **U** interfaces, **I** invariants checked by property tests, **T** trust
//! boundaries, **S** the store, **W** the screens of the reference application.
//!
//! # Words used below
//!
//! - A **workspace** is one customer account: its owner, subscription, members, guests,
//!   invitations, access requests, teams and roles.
//! - A **member** holds a role and a paid seat; a **guest** is read-only and takes no seat of
//!   their own but counts against the guest ratio. The **owner** is the single account owner.
//! - An **area** is what permissions are granted on: a page or a kind of record. A **verb**
//!   (action) is something done in an area: view, create, edit, delete, export, approve, …
//! - A **scope** says how far a grant reaches: None, Exclusive (records the user is related
//!   to), Team (records related to the user's teams) or Full (every record).
//! - A **relation** ties a user to a record: owner, host, creator, assignee, team.
//! - A **role** is a named set of grants (area × verb → scope); roles can have a parent.
//! - A **plan** is what a subscription buys: included seats, seat limit, extra-seat price,
//!   guest ratio, features.
//!
//! # Access model (A)
//!
//! ## A-1 Default deny
//!
//! Nothing is allowed unless a grant allows it. An area, verb or role the policy does not
//! know, a user who is not an active member or guest, a user whose invitation is still
//! pending and a removed user are all refused.
//!
//! **Code:** [`Policy::can`](crate::Policy::can), [`Deny`](crate::Deny).
//! **Tests:** `tests/access_rules.rs`, `tests/access_props.rs`.
//!
//! ## A-2 Scopes
//!
//! A role holds one scope per area and verb. Full reaches every record; Team the records
//! related to anyone in a team the user belongs to; Exclusive the records related to the user;
//! None reaches nothing.
//!
//! **Code:** [`Scope`](crate::Scope), [`GrantSpec`](crate::GrantSpec),
//! [`Policy::can`](crate::Policy::can).
//! **Tests:** `tests/access_rules.rs`.
//!
//! ## A-3 Scope per verb
//!
//! Scopes are given verb by verb, not once per area: a role can view widely and change
//! narrowly, as rules and workflows do ([SS-14](#ss-14-rules-and-workflows)).
//!
//! **Code:** [`RoleSpec::grant`](crate::RoleSpec::grant).
//! **Tests:** `tests/access_rules.rs`.
//!
//! ## A-4 Relations per verb
//!
//! Each area declares which relations make a record the user's own, and may declare them per
//! verb: an event is the user's own for viewing when they host it, and for opening its
//! settings when they created it ([SS-10](#ss-10-events)).
//!
//! **Code:** [`AreaSpec::relations_for`](crate::AreaSpec::relations_for),
//! [`Relation`](crate::Relation), [`Resource`](crate::Resource).
//! **Tests:** `tests/access_rules.rs`; `examples/access_matrix.rs` prints the relations per
//! area and verb.
//!
//! ## A-5 Declared exceptions
//!
//! A policy may open an area to every member whatever their scope — the contacts rule,
//! [SS-4](#ss-4-contacts-for-everyone). Such an exception is data in the policy, never a
//! special case in code; a decision it allows says so.
//!
//! **Code:** [`ExceptionSpec`](crate::ExceptionSpec), [`Allow`](crate::Allow).
//! **Tests:** `tests/access_rules.rs`, `tests/access_sales_scheduler.rs`.
//!
//! ## A-6 Hierarchy
//!
//! A role may name a parent; it then holds every grant of the parent, each at least as wide.
//! So a higher role can do all a lower one can ([DS-2](#ds-2-inheritance)). A cycle of
//! parents is refused when the policy is built.
//!
//! **Code:** [`RoleSpec::parent`](crate::RoleSpec::parent), [`PolicyError`](crate::PolicyError).
//! **Tests:** `tests/access_rules.rs`, `tests/policy_documents.rs`, `tests/access_props.rs`.
//!
//! ## A-7 Administrative checks
//!
//! Inviting, removing, changing a role and editing billing are verbs checked like any other,
//! and on top of the grants: nobody gives a role above their own or acts on a user ranked
//! above them; only the owner removes or demotes holders of the top role
//! ([SS-3](#ss-3-owner-only)); the owner cannot be removed, only replaced by a transfer of
//! ownership.
//!
//! **Code:** [`Policy::may_invite`](crate::Policy::may_invite),
//! [`Policy::may_remove`](crate::Policy::may_remove),
//! [`Policy::may_change_role`](crate::Policy::may_change_role),
//! [`Policy::may_act_on`](crate::Policy::may_act_on),
//! [`Change::TransferOwnership`](crate::Change::TransferOwnership).
//! **Tests:** `tests/access_rules.rs`, `tests/access_sales_scheduler.rs`,
//! `tests/workspace_seed000.rs`, `tests/workspace_props.rs`.
//!
//! ## A-8 Explanations
//!
//! Every decision carries its reason: for an allow, the role, grant or exception, scope and
//! relation that allowed it; for a deny, what was missing (no grant, scope too narrow, not
//! related, not a member, invitation pending, removed, plan lacks a feature, owner only).
//!
//! **Code:** [`Decision`](crate::Decision), [`Allow`](crate::Allow), [`Deny`](crate::Deny),
//! [`Decision::explain`](crate::Decision::explain).
//! **Tests:** `tests/access_rules.rs`, `tests/access_sales_scheduler.rs`.
//!
//! ## A-9 List filters
//!
//! For an area and a verb the policy gives the records a user may reach as a filter the host
//! turns into a query: nothing, everything, or records related to this user or to these
//! teams. The filter selects exactly the records `can` allows
//! ([I-10](#i-10-filters-agree-with-checks)).
//!
//! **Code:** [`Policy::list_filter`](crate::Policy::list_filter),
//! [`ListFilter`](crate::ListFilter), [`Coverage`](crate::Coverage).
//! **Tests:** `tests/access_rules.rs`, `tests/access_props.rs`.
//!
//! ## A-10 Page modes
//!
//! For a page the policy tells a user interface what to show: hidden (no view), read-only
//! (view but no change), limited (some changes disabled) or full.
//!
//! **Code:** [`Policy::page_mode`](crate::Policy::page_mode), [`PageMode`](crate::PageMode).
//! **Tests:** `tests/access_rules.rs`, `tests/access_deal_space.rs`,
//! `tests/access_sales_scheduler.rs`.
//!
//! ## A-11 Plan gating
//!
//! An area may need a plan feature (custom roles, teams, integrations). On a plan without it
//! the area cannot be used, and the denial or error names the missing feature.
//!
//! **Code:** [`AreaSpec::requires`](crate::AreaSpec::requires),
//! [`PlanFeatures`](crate::PlanFeatures),
//! [`Deny::PlanLacksFeature`](crate::Deny::PlanLacksFeature),
//! [`CommandError::PlanLacksFeature`](crate::CommandError::PlanLacksFeature).
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## A-12 Policies are data
//!
//! A policy — areas, verbs, relations, roles and their parents, exceptions, plan features —
//! is a TOML or JSON document. It is loaded, validated with errors that name the bad entry,
//! and written back with the same meaning. The two built-in models are shipped as such
//! documents.
//!
//! **Code:** [`PolicyDocument`](crate::PolicyDocument),
//! [`Policy::from_toml`](crate::Policy::from_toml),
//! [`Policy::from_json`](crate::Policy::from_json), [`Policy::to_toml`](crate::Policy::to_toml),
//! [`PolicyError`](crate::PolicyError), [`presets`](crate::presets).
//! **Tests:** `tests/policy_documents.rs`, `tests/access_props.rs`.
//!
//! # Built-in model: sales scheduler (SS)
//!
//! The policy of seed 000, shipped as [`presets::sales_scheduler`](crate::presets::sales_scheduler)
//! (the document is [`presets::SALES_SCHEDULER_TOML`](crate::presets::SALES_SCHEDULER_TOML)).
//! Its areas: analytics; global data (contacts, calls, deals, with the options merge leads,
//! change lead owner, export, appointment setting); members; the AI scheduler (events,
//! scheduled events, calendar connections, availability, rules, workflows); settings (user
//! management, integrations); delete permissions for contacts, calls and deals; troubleshooting
//! events; tracking (custom fields, products, IP blocking); billing.
//!
//! ## SS-1 Plans
//!
//! Startup includes one seat, and each further seat costs the Startup price (49 USD a month);
//! it has no custom roles (teams are allowed). Business includes five seats, charges each
//! further seat extra, prorated, and has custom roles. Enterprise has unlimited seats at a
//! negotiated price per seat and custom roles. Every price is data the host can change.
//!
//! **Code:** [`Plan::startup`](crate::Plan::startup), [`Plan::business`](crate::Plan::business),
//! [`Plan::enterprise`](crate::Plan::enterprise), [`PlanBuilder`](crate::PlanBuilder).
//! **Tests:** `tests/billing.rs`, `tests/workspace_time.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-2 Super Admin
//!
//! Super Admin holds every permission. Whoever creates the workspace is its owner and holds
//! Super Admin.
//!
//! **Code:** [`Policy::owner_role`](crate::Policy::owner_role),
//! [`Workspace::create`](crate::Workspace::create).
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-3 Owner only
//!
//! Deleting or demoting another Super Admin, and editing billing details, are for the owner
//! alone.
//!
//! **Code:** [`AreaInfo::owner_only`](crate::AreaInfo::owner_only),
//! [`Deny::OwnerOnly`](crate::Deny::OwnerOnly), [`Policy::may_remove`](crate::Policy::may_remove).
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-4 Contacts for everyone
//!
//! Every user sees every contact, even with Exclusive access to global data, so that nobody
//! creates a duplicate and everyone sees who owns a contact. Calls and deals follow the scope.
//! The preset declares this as an exception ([A-5](#a-5-declared-exceptions)).
//!
//! **Code:** [`ExceptionSpec`](crate::ExceptionSpec) in the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-5 Closer
//!
//! Full on global data, but without merge, change owner, export and appointment setting.
//! Exclusive on analytics, members and every part of the AI scheduler. Nothing on deleting,
//! tracking, troubleshooting events, settings of events others created, user management,
//! integrations and billing.
//!
//! **Code:** the `closer` role of the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-6 Setter
//!
//! Full on global data with appointment setting (no merge, change owner or export), on
//! troubleshooting events, on the AI scheduler's events, scheduled events and availability,
//! and on tracking's custom fields and products. Exclusive on the rest: analytics, members,
//! calendar connections, rules, workflows. Nothing on deleting, user management,
//! integrations, IP blocking and billing.
//!
//! **Code:** the `setter` role of the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-7 Sales Manager
//!
//! Full on analytics, global data with appointment setting, members, the whole AI scheduler,
//! user management and tracking. Exclusive on troubleshooting events. Nothing on merge, change
//! owner, export, deleting, integrations and billing.
//!
//! **Code:** the `sales_manager` role of the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-8 Editable built-in roles
//!
//! On plans with custom roles, Closer, Setter and Sales Manager can be edited or deleted like
//! any custom role. Super Admin cannot be deleted; seatwise does not let it be edited either.
//!
//! **Code:** [`RoleInfo::is_editable`](crate::RoleInfo::is_editable),
//! [`Change::DefineRole`](crate::Change::DefineRole),
//! [`Change::EditRole`](crate::Change::EditRole),
//! [`Change::DeleteRole`](crate::Change::DeleteRole).
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-9 Scheduled events, calendars, availability
//!
//! With Full a user sees and manages the scheduled events, calendar connections and
//! availability of every user; with Exclusive only their own.
//!
//! **Code:** the AI scheduler areas of the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/workspace_seed000.rs`.
//!
//! ## SS-10 Events
//!
//! With Full a user sees events hosted by others and may open their settings. With Exclusive
//! a user sees only the events they host, and opens the settings only of events they created —
//! also an event they created but do not host. Settings follow who created the event, not who
//! hosts it ([A-4](#a-4-relations-per-verb)).
//!
//! **Code:** [`Policy::can`](crate::Policy::can) with the per-verb relations of the `events`
//! area ([`AreaSpec::relations_for`](crate::AreaSpec::relations_for)).
//! **Tests:** `tests/access_sales_scheduler.rs`, `tests/access_rules.rs`.
//!
//! ## SS-11 Analytics, members, troubleshooting
//!
//! With Full a user sees every user's analytics, members dashboard and troubleshooting data;
//! with Exclusive only their own.
//!
//! **Code:** the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-12 Delete
//!
//! Deleting is a permission of its own for each of contacts, calls and deals, and it never
//! reaches a record the user cannot see.
//!
//! **Code:** [`Policy::can`](crate::Policy::can), [`Deny::NotVisible`](crate::Deny::NotVisible).
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-13 Settings
//!
//! User management (inviting and managing users) and integrations, optionally per
//! integration app, are on or off for a role: no scope in between.
//!
//! **Code:** the settings areas of the preset document,
//! [`PlanFeatures::INTEGRATIONS`](crate::PlanFeatures::INTEGRATIONS).
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-14 Rules and workflows
//!
//! With Full a user edits rules and workflows others created; with Exclusive a user opens all
//! of them but edits only their own ([A-3](#a-3-scope-per-verb)).
//!
//! **Code:** the `rules` and `workflows` areas of the preset document.
//! **Tests:** `tests/access_sales_scheduler.rs`.
//!
//! ## SS-15 Hosts
//!
//! A user hosts events only once they have accepted their invitation and set their
//! availability. A host without a connected calendar can still host; only when the event
//! takes place in a video meeting is no meeting link made for them. Phone or in-person events
//! lack nothing.
//!
//! **Code:** [`Workspace::host_eligibility`](crate::Workspace::host_eligibility),
//! [`HostEligibility`](crate::HostEligibility),
//! [`EventLocation::needs_meeting_link`](crate::EventLocation::needs_meeting_link).
//! **Tests:** `tests/workspace_seed000.rs`, `tests/workspace_time.rs`.
//!
//! # Built-in model: deal space (DS)
//!
//! The policy of seed 004, shipped as [`presets::deal_space`](crate::presets::deal_space)
//! (the document is [`presets::DEAL_SPACE_TOML`](crate::presets::DEAL_SPACE_TOML)).
//!
//! ## DS-1 Levels
//!
//! Owner above Admin above Manager above Editor above Guest. New members are Editors unless
//! invited otherwise.
//!
//! **Code:** the preset document, [`Policy::default_role`](crate::Policy::default_role).
//! **Tests:** `tests/access_deal_space.rs`, `tests/workspace_seed004.rs`.
//!
//! ## DS-2 Inheritance
//!
//! Each level can do everything the levels below it can ([A-6](#a-6-hierarchy)).
//!
//! **Code:** [`RoleSpec::parent`](crate::RoleSpec::parent) in the preset document.
//! **Tests:** `tests/access_deal_space.rs`.
//!
//! ## DS-3 Guest
//!
//! A guest views the pipeline, deals, roles and streams, and themes, and may present a deal
//! (seed 004); a guest changes nothing.
//!
//! **Code:** the `guest` role of the preset document,
//! [`Deny::GuestReadOnly`](crate::Deny::GuestReadOnly).
//! **Tests:** `tests/access_deal_space.rs`, `tests/workspace_seed004.rs`.
//!
//! ## DS-4 Editor
//!
//! Adds creating and editing deals, and changing scope and schedules.
//!
//! **Code:** the `editor` role of the preset document.
//! **Tests:** `tests/access_deal_space.rs`.
//!
//! ## DS-5 Manager
//!
//! Adds approving and closing deals, archiving and deleting them, and creating, editing and
//! deleting roles, streams and accounts.
//!
//! **Code:** the `manager` role of the preset document.
//! **Tests:** `tests/access_deal_space.rs`.
//!
//! ## DS-6 Admin
//!
//! Adds inviting and removing members and managing the space's settings.
//!
//! **Code:** the `admin` role of the preset document.
//! **Tests:** `tests/access_deal_space.rs`.
//!
//! ## DS-7 Owner
//!
//! Adds managing billing and the subscription, the billing history, and deleting the space.
//!
//! **Code:** the `owner` role of the preset document.
//! **Tests:** `tests/access_deal_space.rs`.
//!
//! # Members, invitations, access requests, teams (M)
//!
//! ## M-1 Invite
//!
//! A user allowed to manage users invites one or more e-mail addresses at once, each with a
//! role or as a guest. Each becomes a pending invitation. If one entry is refused, none is
//! sent.
//!
//! **Code:** [`Change::Invite`](crate::Change::Invite), [`Invitee`](crate::Invitee),
//! [`Policy::may_invite`](crate::Policy::may_invite).
//! **Tests:** `tests/workspace_commands.rs`, `tests/workspace_seed000.rs`,
//! `tests/workspace_props.rs`.
//!
//! ## M-2 Accept or decline
//!
//! The invitee accepts, becoming a member or guest, or declines. Until they accept they
//! cannot act in the workspace or host events. Invitations may expire.
//!
//! **Code:** [`Change::AcceptInvitation`](crate::Change::AcceptInvitation),
//! [`Change::DeclineInvitation`](crate::Change::DeclineInvitation),
//! [`Change::ExpireInvitations`](crate::Change::ExpireInvitations),
//! [`Deny::InvitePending`](crate::Deny::InvitePending).
//! **Tests:** `tests/workspace_seed000.rs`, `tests/workspace_seed004.rs`,
//! `tests/workspace_time.rs`.
//!
//! ## M-3 Resend and copy link
//!
//! Only a pending invitation can be resent or have its link copied. An accepted user offers
//! change role, add to team and delete instead.
//!
//! **Code:** [`Change::ResendInvitation`](crate::Change::ResendInvitation),
//! [`Change::IssueInviteLink`](crate::Change::IssueInviteLink),
//! [`Workspace::members_table`](crate::Workspace::members_table),
//! [`RowActions`](crate::RowActions).
//! **Tests:** `tests/workspace_seed000.rs`, `tests/workspace_props.rs`.
//!
//! ## M-4 Access requests
//!
//! Someone outside the workspace may ask for guest access; the admins are told. A second
//! request while one is pending is refused; after a rejection a new one is allowed. Someone
//! who already has an invitation is told to accept it instead.
//!
//! **Code:** [`Change::RequestAccess`](crate::Change::RequestAccess),
//! [`AccessRequest`](crate::AccessRequest).
//! **Tests:** `tests/workspace_seed004.rs`, `tests/workspace_time.rs`.
//!
//! ## M-5 Approve or reject
//!
//! Approving a request adds the requester as a guest and tells them; rejecting deletes the
//! request and tells nobody.
//!
//! **Code:** [`Change::ApproveRequest`](crate::Change::ApproveRequest),
//! [`Change::RejectRequest`](crate::Change::RejectRequest).
//! **Tests:** `tests/workspace_seed004.rs`.
//!
//! ## M-6 Invitation meets request
//!
//! Inviting someone who has a pending access request approves the request instead of sending
//! an invitation.
//!
//! **Code:** [`Change::Invite`](crate::Change::Invite).
//! **Tests:** `tests/workspace_seed004.rs`, `tests/workspace_props.rs`.
//!
//! ## M-7 Remove
//!
//! A removed user loses every access at once ([A-1](#a-1-default-deny)). Their seat stays
//! paid, and free for the next member, until the period ends ([B-5](#b-5-seats-last-the-period)).
//!
//! **Code:** [`Change::RemoveMember`](crate::Change::RemoveMember),
//! [`Deny::Removed`](crate::Deny::Removed).
//! **Tests:** `tests/workspace_seed000.rs`, `tests/access_deal_space.rs`.
//!
//! ## M-8 Teams
//!
//! A team is a named group of members, who can be added and removed. Teams give Team scope
//! its meaning ([A-2](#a-2-scopes)) and feed list filters ([A-9](#a-9-list-filters)).
//!
//! **Code:** [`Change::CreateTeam`](crate::Change::CreateTeam),
//! [`Change::AddToTeam`](crate::Change::AddToTeam), [`Team`](crate::Team),
//! [`Principal::with_teams`](crate::Principal::with_teams).
//! **Tests:** `tests/workspace_seed000.rs`.
//!
//! ## M-9 Identity
//!
//! E-mail addresses are trimmed and compared without regard to case; a person is a member of
//! a workspace at most once.
//!
//! **Code:** [`Email`](crate::Email).
//! **Tests:** `tests/workspace_seed004.rs`, `tests/workspace_seed000.rs`,
//! `tests/workspace_props.rs`.
//!
//! ## M-10 Events out
//!
//! Every change yields events for the host to store and act on: invitation sent or resent,
//! access requested (tell the admins), request approved (tell the requester), request
//! rejected (silent), member removed, seats added, and so on.
//!
//! **Code:** [`Event`](crate::Event), [`Outcome`](crate::Outcome).
//! **Tests:** `tests/workspace_seed004.rs`, `tests/workspace_props.rs`.
//!
//! # Plans, seats, guests, billing (B)
//!
//! ## B-1 Plan
//!
//! A plan has a price per period, an interval (month or year), included seats, and optionally
//! a hard seat limit, a price per extra seat and a guest ratio, and features (custom roles,
//! teams, …).
//!
//! **Code:** [`Plan`](crate::Plan), [`PlanBuilder`](crate::PlanBuilder),
//! [`BillingInterval`](crate::BillingInterval).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`.
//!
//! ## B-2 Money
//!
//! An amount is a whole number of minor units with a currency; no floating point. Arithmetic
//! is checked — an overflow is an error, never a wrong amount — and currencies never mix.
//!
//! **Code:** [`Money`](crate::Money), [`Currency`](crate::Currency),
//! [`MoneyError`](crate::MoneyError).
//! **Tests:** `tests/billing.rs`, `tests/billing_props.rs`.
//!
//! ## B-3 Periods
//!
//! A subscription's periods start from an anchor. Monthly periods keep the anchor's day,
//! moved back to the last day of shorter months: Jan 31, then Feb 28 (or 29), then Mar 31.
//!
//! **Code:** [`BillingCycle`](crate::BillingCycle), [`BillingPeriod`](crate::BillingPeriod).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/billing_props.rs`.
//!
//! ## B-4 Seats
//!
//! Each member takes a seat. Whether a pending member invitation holds a seat is a plan
//! setting, on by default. The workspace pays for the larger of the included seats and the
//! seats it needs. A hard limit refuses a change with an error naming the limit and
//! suggesting an upgrade. An invitation stops holding a seat the moment it expires, even
//! before the host records the expiry, and its address may then be invited again.
//!
//! **Code:** [`SeatUsage`](crate::SeatUsage), [`SeatRequirement`](crate::SeatRequirement),
//! [`Plan::check_seat_limit`](crate::Plan::check_seat_limit),
//! [`Plan::invites_reserve_seats`](crate::Plan::invites_reserve_seats).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/workspace_commands.rs`,
//! `tests/workspace_time.rs`.
//!
//! ## B-5 Seats last the period
//!
//! Removing a member never lowers the paid seats within a period; the next member takes the
//! freed seat at no charge. At renewal the paid seats are counted again from current use.
//!
//! **Code:** [`SeatLedger`](crate::SeatLedger),
//! [`Subscription::free_seats`](crate::Subscription::free_seats),
//! [`Subscription::renew`](crate::Subscription::renew).
//! **Tests:** `tests/billing.rs`, `tests/billing_props.rs`, `tests/workspace_commands.rs`.
//!
//! ## B-6 Guest ratio
//!
//! On a paid plan with a guest ratio, `seats ≥ 1` paid seats allow
//! `first + per_additional × (seats − 1)` guests (seed 004: 5 and 2). More guests need as
//! many extra paid seats as it takes to cover them, for the period.
//!
//! **Code:** [`GuestRatio`](crate::GuestRatio),
//! [`GuestRatio::allowance`](crate::GuestRatio::allowance).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/workspace_seed004.rs`.
//!
//! ## B-7 Guests count on acceptance
//!
//! An invited guest counts only once they accept, or once their access request is approved;
//! any extra seat they cause is charged then, not at the invitation.
//!
//! **Code:** [`Subscription::quote_seats`](crate::Subscription::quote_seats),
//! [`SeatUsage`](crate::SeatUsage).
//! **Tests:** `tests/billing.rs`, `tests/workspace_seed004.rs`.
//!
//! ## B-8 Proration
//!
//! A seat added during a period costs `price × remaining / period length`, counted in
//! seconds and rounded to the minor unit, halves away from zero. Prorating consecutive parts
//! of a period adds up to the full price, within one minor unit per part.
//!
//! **Code:** [`prorate`](crate::prorate), [`prorate_span`](crate::prorate_span).
//! **Tests:** `tests/billing.rs`, `tests/billing_props.rs`.
//!
//! ## B-9 Quotes
//!
//! Any change that may cost money can be previewed without changing anything. The quote lists
//! its lines (what, how many, unit price, period covered, amount) and the total, and the
//! change is charged only when the caller confirms that quote.
//!
//! **Code:** [`Quote`](crate::Quote), [`LineItem`](crate::LineItem),
//! [`Workspace::preview`](crate::Workspace::preview),
//! [`Command::confirming`](crate::Command::confirming).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/workspace_commands.rs`.
//!
//! ## B-10 Guest status
//!
//! The workspace reports the guests used, the allowance, and whether it is at the limit (a
//! warning) or over it.
//!
//! **Code:** [`GuestStatus`](crate::GuestStatus),
//! [`Workspace::guest_status`](crate::Workspace::guest_status).
//! **Tests:** `tests/billing.rs`, `tests/workspace_seed004.rs`.
//!
//! ## B-11 Plan changes
//!
//! An upgrade applies at once: a credit for the unused part of the old plan and a charge for
//! the rest of the period on the new one. A downgrade applies at the period end and is refused
//! if the workspace would break the new plan's hard limits or lack its features. While a
//! downgrade is scheduled, a change the new plan would refuse is refused with an error naming
//! that plan, and the owner may cancel the downgrade.
//!
//! **Code:** [`Subscription::quote_upgrade`](crate::Subscription::quote_upgrade),
//! [`Subscription::schedule_downgrade`](crate::Subscription::schedule_downgrade),
//! [`Subscription::cancel_scheduled_change`](crate::Subscription::cancel_scheduled_change),
//! [`PlanChangeBlocker`](crate::PlanChangeBlocker).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/workspace_commands.rs`,
//! `tests/workspace_time.rs`.
//!
//! ## B-12 Renewal invoice
//!
//! At the period end the workspace yields the next period's invoice: the plan price and the
//! extra seats, nothing for seats freed during the period that ended. A scheduled downgrade
//! never makes renewal fail: if it can no longer apply, the workspace renews on its current
//! plan and an event says why.
//!
//! **Code:** [`Subscription::renew`](crate::Subscription::renew), [`Invoice`](crate::Invoice),
//! [`Change::Renew`](crate::Change::Renew).
//! **Tests:** `tests/billing.rs`, `tests/billing_api.rs`, `tests/workspace_commands.rs`,
//! `tests/workspace_time.rs`.
//!
//! # Interfaces (U)
//!
//! ## U-1 Checks
//!
//! `can(user, action, resource)` answers with a decision and its reason
//! ([A-8](#a-8-explanations)); a plain yes/no shortcut serves hot paths.
//!
//! **Code:** [`Policy::can`](crate::Policy::can),
//! [`Policy::is_allowed`](crate::Policy::is_allowed).
//! **Tests:** `tests/no_alloc.rs`, `tests/access_rules.rs`.
//!
//! ## U-2 Commands
//!
//! Every change to a workspace is a command applied to the workspace value, with the actor and
//! the current time passed in. It returns the events and any charges, or an error — and then
//! nothing has changed.
//!
//! **Code:** [`Workspace::execute`](crate::Workspace::execute), [`Command`](crate::Command),
//! [`Outcome`](crate::Outcome), [`CommandError`](crate::CommandError).
//! **Tests:** `tests/workspace_commands.rs`, `tests/workspace_props.rs`.
//!
//! ## U-3 Preview
//!
//! Every command can be previewed with the same inputs ([B-9](#b-9-quotes)).
//!
//! **Code:** [`Workspace::preview`](crate::Workspace::preview).
//! **Tests:** `tests/workspace_commands.rs`.
//!
//! ## U-4 Idempotency
//!
//! A command may carry an idempotency key. Applying the same keyed command again returns the
//! first outcome and charges nothing a second time.
//!
//! **Code:** [`IdempotencyKey`](crate::IdempotencyKey),
//! [`Command::with_key`](crate::Command::with_key).
//! **Tests:** `tests/workspace_commands.rs`, `tests/workspace_props.rs`.
//!
//! ## U-5 Serialization and replay
//!
//! Workspaces, policies, plans, quotes and events serialize with serde; a workspace rebuilt
//! from its events equals the original.
//!
//! **Code:** [`Workspace::replay`](crate::Workspace::replay), [`Event`](crate::Event).
//! **Tests:** `tests/workspace_commands.rs`, `tests/workspace_props.rs`.
//!
//! ## U-6 Strategies
//!
//! Behind the `proptest` feature the crate offers proptest strategies for its main types, so
//! hosts' own property tests can generate valid policies, workspaces and command sequences.
//!
//! **Code:** the `seatwise::strategies` module (feature `proptest`).
//! **Tests:** `tests/workspace_props.rs`, `tests/access_props.rs`.
//!
//! # Invariants (I)
//!
//! Each invariant is a property test over generated policies, workspaces or amounts.
//!
//! ## I-1 Higher roles
//!
//! A higher role is allowed everything a lower role in its hierarchy is
//! ([A-6](#a-6-hierarchy), [DS-2](#ds-2-inheritance)).
//!
//! **Tests:** `tests/access_props.rs`.
//!
//! ## I-2 Scope order
//!
//! For the same role and record, Full allows at least what Team does, Team at least what
//! Exclusive does, Exclusive at least what None does.
//!
//! **Tests:** `tests/access_props.rs`.
//!
//! ## I-3 Outsiders denied
//!
//! Removed users, pending users and strangers are denied everything ([A-1](#a-1-default-deny)).
//!
//! **Tests:** `tests/access_props.rs`, `tests/workspace_props.rs`.
//!
//! ## I-4 Guests change nothing
//!
//! A guest is never allowed a change ([DS-3](#ds-3-guest)).
//!
//! **Code:** [`Actions::is_change`](crate::Actions::is_change),
//! [`Deny::GuestReadOnly`](crate::Deny::GuestReadOnly).
//! **Tests:** `tests/access_props.rs`, `tests/access_deal_space.rs`, `tests/workspace_props.rs`.
//!
//! ## I-5 No escalation
//!
//! No sequence of commands lets an actor raise anyone above the actor's own rank, or remove
//! the owner ([A-7](#a-7-administrative-checks)).
//!
//! **Tests:** `tests/workspace_props.rs`.
//!
//! ## I-6 Seats cover use
//!
//! After every command the paid seats cover the members and the guests
//! ([B-4](#b-4-seats), [B-6](#b-6-guest-ratio)), and they never go down within a period
//! ([B-5](#b-5-seats-last-the-period)).
//!
//! **Tests:** `tests/workspace_props.rs`, `tests/workspace_props_regressions.rs`,
//! `tests/billing_props.rs`.
//!
//! ## I-7 Failure changes nothing
//!
//! A command that fails leaves the workspace equal to what it was ([U-2](#u-2-commands)).
//!
//! **Tests:** `tests/workspace_props.rs`.
//!
//! ## I-8 Replay and round trip
//!
//! Replaying the events gives the same workspace, and serializing a value and reading it back
//! gives the same value ([U-5](#u-5-serialization-and-replay)).
//!
//! **Tests:** `tests/workspace_props.rs`.
//!
//! ## I-9 Sums add up
//!
//! Prorations add up ([B-8](#b-8-proration)), and an invoice's total is the sum of its lines.
//!
//! **Tests:** `tests/billing_props.rs`.
//!
//! ## I-10 Filters agree with checks
//!
//! `can` and the list filter agree on every record ([A-9](#a-9-list-filters)).
//!
//! **Tests:** `tests/access_props.rs`.
//!
//! ## I-11 No panics
//!
//! No input — a policy document, a command, an amount, a stored workspace — makes the crate
//! panic. The library's lints forbid unwrapping, panicking, unchecked indexing and unchecked
//! arithmetic.
//!
//! **Tests:** `tests/access_props.rs`, `tests/billing_props.rs`, `tests/trust_stored.rs`.
//!
//! # Trust boundaries (T)
//!
//! What a host stores and hands back — a workspace, an event log, a role reference, a quote, a
//! policy document — may be stale, reordered, cut short, duplicated, tampered with or simply
//! wrong. The crate checks it where it comes in and refuses it with an error that names the
//! entry; it never turns it into someone else's rights or a different amount.
//!
//! ## T-1 Stable role identity
//!
//! A role reference a host keeps never resolves to another role. After the role is deleted or
//! renamed, after the roles are reordered, or when the reference comes from another policy,
//! using it is an error. Stored data names roles by a stable key, not by position.
//!
//! **Code:** [`RoleId`](crate::RoleId), [`RoleId::key`](crate::RoleId::key),
//! [`Policy::role_by_key`](crate::Policy::role_by_key).
//! **Tests:** `tests/trust_roles.rs`.
//!
//! ## T-2 Validated loading
//!
//! A stored workspace is accepted only if every invariant of its state holds: member ids and
//! e-mails unique; invitations and requests only for non-members, one per address; the owner
//! an active member holding the owner role; every role and team referred to exists; paid seats
//! cover members, seat-holding invitations and guests; version and history agree. Unknown
//! fields are refused.
//!
//! **Code:** [`Workspace`](crate::Workspace) (its `Deserialize`),
//! [`StoredWorkspaceError`](crate::StoredWorkspaceError).
//! **Tests:** `tests/trust_stored.rs`.
//!
//! ## T-3 Verified replay
//!
//! An event log is accepted only if its versions run 1, 2, 3, … without gap, fork or step
//! back, every command's events end with its commit marker and nothing is repeated; otherwise
//! the error names the version. Each commit carries a digest chained to the one before, so a
//! host can verify a stored log, or its tail, before using it.
//!
//! **Code:** [`Workspace::replay`](crate::Workspace::replay),
//! [`Workspace::verify_log`](crate::Workspace::verify_log),
//! [`Workspace::verify_tail`](crate::Workspace::verify_tail),
//! [`CommitDigest`](crate::CommitDigest), [`ReplayError`](crate::ReplayError).
//! **Tests:** `tests/trust_stored.rs`.
//!
//! ## T-4 Quote binding
//!
//! A confirmed quote holds only for the workspace, version and command it was computed for;
//! confirming it for anything else is refused.
//!
//! **Code:** [`QuoteBinding`](crate::QuoteBinding), [`Quote::binding`](crate::Quote::binding),
//! [`Command::confirming`](crate::Command::confirming).
//! **Tests:** `tests/trust_quotes.rs`.
//!
//! ## T-5 Bounded cost
//!
//! Compiling a policy takes time and memory in proportion to the document, within limits the
//! host can set (with documented defaults for roles, areas, roles × areas, inheritance depth
//! and document size). Going over a limit is an error that names it; no input aborts the
//! process.
//!
//! **Code:** [`PolicyLimits`](crate::PolicyLimits), [`Limit`](crate::Limit),
//! [`PolicyDocument::compile_with`](crate::PolicyDocument::compile_with).
//! **Tests:** `tests/trust_policy.rs`.
//!
//! ## T-6 Clean values
//!
//! Names and e-mail addresses are non-empty, bounded in length and free of control,
//! bidirectional-override and zero-width characters; addresses that differ only by such
//! characters or by case are the same person ([M-9](#m-9-identity)). Time never runs
//! backwards: a command dated before the workspace's last change is refused, and an invitation
//! cannot be sent already expired. A policy whose guest role is its owner role, or whose guest
//! role holds a change verb, is invalid.
//!
//! **Code:** [`NameError`](crate::NameError), [`MAX_NAME_CHARS`](crate::MAX_NAME_CHARS),
//! [`Email`](crate::Email), [`EmailError`](crate::EmailError).
//! **Tests:** `tests/trust_values.rs`, `tests/trust_policy.rs`.
//!
//! ## T-7 Acting for someone else
//!
//! Accepting or declining an invitation needs proof that the actor owns the invited address:
//! the invitation's link token, or an address the host marks as verified. Nobody accepts,
//! declines or withdraws someone else's invitation or request.
//!
//! **Code:** [`Proof`](crate::Proof), [`InviteToken`](crate::InviteToken).
//! **Tests:** `tests/trust_values.rs`.
//!
//! ## T-8 Bounded growth
//!
//! Idempotency keys are remembered for a retention window (24 hours by default) and then
//! forgotten; an event that changes the policy carries the change, not the whole policy; a
//! stored workspace grows with its members and pending items, not with its history.
//!
//! **Code:** [`DEFAULT_KEY_RETENTION`](crate::DEFAULT_KEY_RETENTION),
//! [`Workspace::set_key_retention`](crate::Workspace::set_key_retention).
//! **Tests:** `tests/trust_stored.rs`, `tests/workspace_commands.rs`.
//!
//! # The store (S)
//!
//! A separate package of the repository that keeps workspaces in SQL; the crate itself stays
//! free of I/O: `seatwise-store`, in `store/` (its README has the schema and the concurrency
//! model).
//!
//! ## S-1 Engines
//!
//! SQLite (a file, or memory for tests) is the embedded default; PostgreSQL serves many
//! application servers sharing one database. Both run the same API and the same tests.
//!
//! **Code:** the `seatwise-store` package (`store/`): `Store::connect` takes SQLite and PostgreSQL URLs.
//! **Tests:** `store/tests/store_basics.rs`, `store/tests/store_concurrency.rs`.
//!
//! ## S-2 Schema
//!
//! Migrations ship with the package and run on connect. Tables: an append-only event log keyed
//! by workspace and version, snapshots, idempotency keys with their expiry, an outbox.
//!
//! **Code:** the `seatwise-store` package (`store/`): the migrations in `store/migrations/`.
//! **Tests:** `store/tests/store_basics.rs`, `store/tests/store_crash.rs`.
//!
//! ## S-3 Optimistic concurrency
//!
//! A command is appended only if the stored version is still the one it was decided on;
//! otherwise the writer gets a conflict, reloads and may retry. Two writers never commit the
//! same version, no update is lost and no seat is charged twice.
//!
//! **Code:** the `seatwise-store` package (`store/`): `Store::execute`, `Store::execute_with_retry`, `StoreError::Conflict`.
//! **Tests:** `store/tests/store_basics.rs`, `store/tests/store_concurrency.rs`.
//!
//! ## S-4 Snapshots and cache
//!
//! Loading reads the latest snapshot and the events after it. Busy workspaces stay in an
//! in-process cache keyed by version, and a cache lags a change made elsewhere by no more
//! than a bound the host sets: a member removed through one server loses access on every
//! server ([M-7](#m-7-remove)), through notifications on PostgreSQL and a cheap version check
//! on both engines.
//!
//! **Code:** the `seatwise-store` package (`store/`): `StoreOptions` (`snapshot_every`, `max_staleness`), `Store::load`.
//! **Tests:** `store/tests/store_basics.rs`, `store/tests/store_revocation.rs`.
//!
//! ## S-5 Outbox
//!
//! Events the host must act on (e-mails, charges) are written in the command's transaction and
//! delivered at least once through a cursor the host advances; a crash between commit and
//! delivery loses nothing.
//!
//! **Code:** the `seatwise-store` package (`store/`): `Store::outbox`, `Store::advance`.
//! **Tests:** `store/tests/store_basics.rs`, `store/tests/store_concurrency.rs`.
//!
//! ## S-6 List filters in SQL
//!
//! A list filter ([A-9](#a-9-list-filters)) becomes a parameterized SQL condition over a table
//! the host describes, and returns exactly the records `can` allows
//! ([I-10](#i-10-filters-agree-with-checks)).
//!
//! **Code:** the `seatwise-store` package (`store/`): `seatwise_store::filter::RecordTable`.
//! **Tests:** `store/tests/filter_sql.rs`.
//!
//! ## S-7 Verification on load
//!
//! Everything read back is checked ([T-2](#t-2-validated-loading),
//! [T-3](#t-3-verified-replay)); a damaged row is an error naming the workspace and version.
//!
//! **Code:** the `seatwise-store` package (`store/`): `Store::load`, `Store::check`, `StoreError::Damaged`.
//! **Tests:** `store/tests/store_basics.rs`.
//!
//! # The screens (W)
//!
//! A runnable web application in the repository, built on the crate and the store, showing the
//! pages the seeds describe: the `seatwise-app` package (`app/`, run it with
//! `cargo run -p seatwise-app`). Every decision a page shows comes from the crate; its HTTP
//! tests drive the router in-process and its browser tests drive headless Chromium.
//!
//! ## W-1 Users page
//!
//! Seed 000's users page: the seat count; the users table with name, e-mail, role,
//! availability and calendar badges, and actions that depend on the user's state and the
//! viewer's rights; adding users in a batch with a role and the seat charge shown before
//! confirming; changing role and team; copying the link and resending for pending users;
//! deleting with a confirmation.
//!
//! **Code:** `app/src/pages/members.rs` (one page for both seeds' member lists), `app/templates/members.html`.
//! **Tests:** `app/tests/http_pages.rs`, `app/tests/http_actions.rs`, `app/tests/browser.rs`.
//!
//! ## W-2 Teams tab
//!
//! Creating a team, adding and removing its members, and a team filter on scheduled events.
//!
//! **Code:** `app/src/pages/teams.rs`, `app/src/pages/records.rs` (the calls page's team filter).
//! **Tests:** `app/tests/http_teams_roles.rs`.
//!
//! ## W-3 Roles and permissions page
//!
//! Per role and area Full, Exclusive or off, with the global-data options and delete
//! permissions, on plans with custom roles; built-in roles as [SS-8](#ss-8-editable-built-in-roles)
//! allows.
//!
//! **Code:** `app/src/pages/roles.rs`, `app/templates/roles.html`.
//! **Tests:** `app/tests/http_teams_roles.rs`, `app/tests/browser.rs`.
//!
//! ## W-4 Members page
//!
//! Seed 004's members page: members and guests, the guest ratio always shown, a warning at
//! the limit, a confirmation when inviting or approving past it, pending invitations, and
//! access requests to approve or reject.
//!
//! **Code:** `app/src/pages/members.rs`, `app/templates/members.html`.
//! **Tests:** `app/tests/http_pages.rs`, `app/tests/http_actions.rs`, `app/tests/browser.rs`.
//!
//! ## W-5 Invitee side
//!
//! The join link, profile setup, accept or decline, requesting access, "already requested",
//! the prompt to accept an existing invitation instead, and the user's own spaces, invitations
//! and pending requests side by side.
//!
//! **Code:** `app/src/pages/invitee.rs`.
//! **Tests:** `app/tests/http_invitee.rs`, `app/tests/http_pages.rs`, `app/tests/browser.rs`.
//!
//! ## W-6 Page modes on screen
//!
//! Page modes ([A-10](#a-10-page-modes)) as the user sees them: a read-only banner, disabled
//! actions, pages left out of the navigation, a restricted-access message on a direct visit,
//! and a no-access screen for a removed member.
//!
//! **Code:** `app/src/pages/mod.rs` (navigation and page modes), `app/src/pages/records.rs`, `app/src/pages/billing.rs`.
//! **Tests:** `app/tests/http_modes.rs`, `app/tests/http_pages.rs`, `app/tests/browser.rs`.
//!
//! ## W-7 Safety
//!
//! The server has the crate decide every change; forms are protected against cross-site
//! request forgery; tampered form fields (role ids, quote references) are refused.
//!
//! **Code:** `app/src/session.rs` (signed session cookie, CSRF token), `app/src/error.rs` (the crate's errors in plain words).
//! **Tests:** `app/tests/http_actions.rs`, `app/tests/http_pages.rs`, `app/tests/http_teams_roles.rs`.
//!
//! # Where the seeds are unclear
//!
//! The product definition settles these readings of the seeds:
//!
//! - Business either stops at five users or charges each further one; both exist (a hard
//!   limit or extra seats), and the built-in Business plan charges extra seats.
//! - Prices other than Startup's 49 USD are not given; the built-in plans take them as data.
//! - Seed 004 names no price; its guest ratio applies to every paid plan that declares one.
//! - "Exclusive" for rules and workflows means see all, edit own
//!   ([SS-14](#ss-14-rules-and-workflows)).
//! - Whether a pending member invitation holds a seat is a plan setting ([B-4](#b-4-seats)).
//! - Team scope is not in the seeds; it sits between Full and Exclusive as sales tools
//!   commonly offer, and the built-in roles do not use it.

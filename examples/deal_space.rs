//! Seed 004 told as a narrated run: a deal space's members, guests, invitations and access
//! requests, with the events each step yields, the quotes to confirm, the guest ratio and the
//! members table.
//!
//! Run with `cargo run --example deal_space`.

use std::collections::BTreeMap;
use std::error::Error;

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    presets, Change, Command, CommandError, Email, Event, Invitee, MemberKind, Outcome, Plan,
    Proof, RowActions, RowStatus, UserId, Workspace,
};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn at(month: u32, day: u32) -> Result<DateTime<Utc>> {
    Ok(Utc
        .with_ymd_and_hms(2025, month, day, 0, 0, 0)
        .single()
        .ok_or("invalid date")?)
}

fn email(name: &str) -> Result<Email> {
    Ok(Email::parse(&format!("{name}@deals.example"))?)
}

/// The story's people: user ids and the names the narration uses for them.
struct Cast {
    names: BTreeMap<UserId, &'static str>,
}

impl Cast {
    fn name(&self, user: UserId) -> String {
        self.names
            .get(&user)
            .map_or_else(|| format!("user {user}"), |n| (*n).to_owned())
    }

    fn list(&self, users: &[UserId]) -> String {
        let names: Vec<String> = users.iter().map(|u| self.name(*u)).collect();
        names.join(", ")
    }
}

/// The space, the people, and the event log.
struct Story {
    ws: Workspace,
    cast: Cast,
    log: Vec<Event>,
}

impl Story {
    fn role_label(&self, role: seatwise::RoleId) -> String {
        self.ws
            .policy()
            .role_info(role)
            .map_or_else(|| "?".to_owned(), |r| r.label().to_owned())
    }

    /// One short line per event.
    fn describe(&self, event: &Event) -> String {
        let who = |user: &UserId| self.cast.name(*user);
        match event {
            Event::Created { owner, invoice, .. } => format!(
                "space created; {} is the Owner; first invoice {}",
                who(owner),
                invoice.total()
            ),
            Event::InvitationSent {
                email, role, kind, ..
            } => match kind {
                MemberKind::Guest => format!("invitation sent to {email} as a guest"),
                MemberKind::Member => {
                    format!("invitation sent to {email} as {}", self.role_label(*role))
                }
            },
            Event::InvitationResent { email } => format!("invitation sent again to {email}"),
            Event::InviteLinkIssued { email, .. } => format!("invite link issued for {email}"),
            Event::InvitationRevoked { email } => format!("invitation to {email} withdrawn"),
            Event::InvitationAccepted { email, user, .. } => {
                format!("{} accepted the invitation to {email}", who(user))
            }
            Event::InvitationDeclined { email } => format!("{email} declined the invitation"),
            Event::InvitationExpired { email } => format!("the invitation to {email} expired"),
            Event::AccessRequested {
                email,
                user,
                notify,
                ..
            } => format!(
                "{} ({email}) asks for guest access; notify {}",
                who(user),
                self.cast.list(notify)
            ),
            Event::AccessApproved {
                user, role, kind, ..
            } => match kind {
                MemberKind::Guest => format!(
                    "{}'s request approved: joins as a guest; tell them",
                    who(user)
                ),
                MemberKind::Member => format!(
                    "{}'s request approved: joins as {}; tell them",
                    who(user),
                    self.role_label(*role)
                ),
            },
            Event::AccessRejected { email } => {
                format!("the request from {email} was deleted; no one is told")
            }
            Event::GuestLimitConfirmed { guests, allowance } => format!(
                "confirmed: {guests} guests past the allowance of {allowance}, charged on acceptance"
            ),
            Event::RoleChanged { user, from, to, .. } => format!(
                "{} moved from {} to {}",
                who(user),
                self.role_label(*from),
                self.role_label(*to)
            ),
            Event::MemberRemoved { user } => {
                format!("{} removed: no access from now on", who(user))
            }
            Event::OwnershipTransferred { from, to, .. } => {
                format!("ownership moved from {} to {}", who(from), who(to))
            }
            Event::TeamCreated { name, .. } => format!("team {name} created"),
            Event::TeamRenamed { name, .. } => format!("team renamed to {name}"),
            Event::TeamDeleted { team } => format!("team {team} deleted"),
            Event::AddedToTeam { user, .. } => format!("{} joined a team", who(user)),
            Event::RemovedFromTeam { user, .. } => format!("{} left a team", who(user)),
            Event::AvailabilityChanged { user, set } => format!(
                "{}'s availability {}",
                who(user),
                if *set { "set" } else { "cleared" }
            ),
            Event::CalendarConnected { user, calendar } => {
                format!("{} connected calendar {calendar}", who(user))
            }
            Event::CalendarDisconnected { user } => {
                format!("{} disconnected their calendar", who(user))
            }
            Event::PolicyChanged { role, .. } => format!("role {role} changed"),
            Event::SeatsAdded { seats, quote, .. } => {
                format!("{seats} seat(s) added; charge {}", quote.total())
            }
            Event::PlanUpgraded { quote, .. } => format!("plan upgraded; charge {}", quote.total()),
            Event::DowngradeScheduled { .. } => "downgrade scheduled for the period end".to_owned(),
            Event::DowngradeCancelled { plan } => format!("downgrade to {plan} cancelled"),
            Event::DowngradeDropped { plan, blockers } => format!(
                "downgrade to {plan} dropped at renewal: {}",
                blockers
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Event::Renewed { invoice, .. } => format!(
                "new period {}; invoice {}",
                invoice.period(),
                invoice.total()
            ),
            Event::Committed { version, .. } => format!("committed as version {version}"),
            _ => format!("{event:?}"),
        }
    }

    fn print_outcome(&mut self, outcome: &Outcome) {
        for event in outcome.events() {
            println!("    - {}", self.describe(event));
        }
        self.log.extend_from_slice(outcome.events());
    }

    /// Previews the change, prints the quote if it costs money, confirms it and applies it.
    fn run(&mut self, actor: UserId, change: Change, now: DateTime<Utc>) -> Result<Outcome> {
        let command = Command::new(change);
        let preview = self.ws.preview(actor, &command, now)?;
        let command = match preview.quote() {
            Some(quote) if quote.requires_confirmation() => {
                println!("    {} is asked to confirm:", self.cast.name(actor));
                for line in quote.to_string().lines() {
                    println!("      {line}");
                }
                command.confirming(quote.clone())
            }
            _ => command,
        };
        // Seed 004: guests past the allowance prompt the inviter, who confirms the increase.
        let prompt = preview.events().iter().find_map(|e| match e {
            Event::GuestLimitConfirmed { guests, allowance } => Some((*guests, *allowance)),
            _ => None,
        });
        let command = match prompt {
            Some((guests, allowance)) => {
                println!(
                    "    {} is asked to confirm: {guests} guests exceed the allowance of {allowance}; \
                     extra seats are charged as they accept",
                    self.cast.name(actor)
                );
                command.confirming_guest_limit()
            }
            None => command,
        };
        let outcome = self.ws.execute(actor, command, now)?;
        self.print_outcome(&outcome);
        Ok(outcome)
    }

    /// Runs a change the space must refuse, and prints why.
    fn refuse(&mut self, actor: UserId, change: Change, now: DateTime<Utc>) -> Result<()> {
        match self.ws.execute(actor, Command::new(change), now) {
            Ok(_) => Err("the space accepted a change it should refuse".into()),
            Err(CommandError::Denied(decision)) => {
                println!("    refused: {}", decision.explain(self.ws.policy()));
                Ok(())
            }
            Err(err) => {
                println!("    refused: {err}");
                Ok(())
            }
        }
    }

    fn guest_status(&self) {
        let status = self.ws.guest_status();
        let allowance = status
            .allowance()
            .map_or_else(|| "unlimited".to_owned(), |a| a.to_string());
        let warning = if status.is_over() {
            "  ⚠ over the limit"
        } else if status.is_at_limit() {
            "  ⚠ at the limit: the next guest needs another paid seat"
        } else {
            ""
        };
        println!(
            "    guests {} of {allowance} on {} paid seat(s){warning}",
            status.used(),
            status.paid_seats()
        );
    }

    fn members_table(&self, viewer: UserId, now: DateTime<Utc>) {
        let rows = self.ws.members_table(viewer, now, None, 100);
        let mut table = vec![[
            "name".to_owned(),
            "e-mail".to_owned(),
            "role".to_owned(),
            "status".to_owned(),
            "availability".to_owned(),
            "calendar".to_owned(),
            "actions".to_owned(),
        ]];
        for row in &rows {
            let status = match row.status {
                RowStatus::Accepted(_) => "accepted",
                RowStatus::Pending => "pending",
                RowStatus::Expired => "expired",
            };
            table.push([
                row.name.unwrap_or("—").to_owned(),
                row.email.to_string(),
                self.role_label(row.role),
                status.to_owned(),
                if row.availability { "set" } else { "not set" }.to_owned(),
                row.calendar.map_or_else(
                    || "not connected".to_owned(),
                    |c| format!("connected ({c})"),
                ),
                actions(row.actions),
            ]);
        }
        let mut widths = [0_usize; 7];
        for row in &table {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        println!("    members table as {} sees it:", self.cast.name(viewer));
        for row in &table {
            let cells: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            println!("      {}", cells.join("  ").trim_end());
        }
    }
}

fn actions(actions: RowActions) -> String {
    let names: Vec<&str> = [
        (RowActions::RESEND, "resend"),
        (RowActions::COPY_LINK, "copy link"),
        (RowActions::CHANGE_ROLE, "change role"),
        (RowActions::ADD_TO_TEAM, "add to team"),
        (RowActions::DELETE, "delete"),
    ]
    .into_iter()
    .filter(|(flag, _)| actions.contains(*flag))
    .map(|(_, name)| name)
    .collect();
    if names.is_empty() {
        "—".to_owned()
    } else {
        names.join(", ")
    }
}

fn step(title: &str) {
    println!("\n== {title}");
}

fn main() -> Result<()> {
    let olga = UserId::new(1);
    let ed = UserId::new(2);
    let ada = UserId::new(3);
    let dora = UserId::new(4);
    let xena = UserId::new(5);
    let rita = UserId::new(20);
    let gina = UserId::new(21);
    let hugo = UserId::new(22);
    let ivan = UserId::new(23);
    let mut names = BTreeMap::from([
        (olga, "Olga"),
        (ed, "Ed"),
        (ada, "Ada"),
        (dora, "Dora"),
        (xena, "Xena"),
        (rita, "Rita"),
        (gina, "Gina"),
        (hugo, "Hugo"),
        (ivan, "Ivan"),
    ]);
    const GUESTS: [&str; 8] = ["Gus", "Hal", "Ina", "Jo", "Kai", "Lu", "Mo", "Ned"];
    for (i, name) in (100_u64..).zip(GUESTS) {
        names.insert(UserId::new(i), name);
    }

    step("April 1 — Olga opens a deal space (12.00 a seat a month, guest ratio 5 + 2)");
    let (ws, created) = Workspace::create(
        presets::deal_space()?,
        Plan::deal_space(),
        olga,
        email("olga")?,
        "Olga",
        at(4, 1)?,
    )?;
    let mut story = Story {
        ws,
        cast: Cast { names },
        log: Vec::new(),
    };
    story.print_outcome(&created);

    step("April 11 — Olga invites Ed (default level), Ada as Admin and Dora as Manager");
    let admin = story.ws.policy().role("admin")?;
    let manager = story.ws.policy().role("manager")?;
    story.run(
        olga,
        Change::Invite {
            invitees: vec![
                Invitee::default_role(email("ed")?),
                Invitee::member(email("ada")?, admin),
                Invitee::member(email("dora")?, manager),
            ],
            expires_at: None,
        },
        at(4, 11)?,
    )?;
    story.members_table(olga, at(4, 11)?);

    step("April 12 — Ed and Ada accept; Dora declines");
    for (user, name) in [(ed, "ed"), (ada, "ada")] {
        story.run(
            user,
            Change::AcceptInvitation {
                email: email(name)?,
                name: story.cast.name(user),
                proof: Proof::VerifiedEmail,
            },
            at(4, 12)?,
        )?;
    }
    story.run(
        dora,
        Change::DeclineInvitation {
            email: email("dora")?,
            proof: Proof::VerifiedEmail,
        },
        at(4, 12)?,
    )?;
    story.run(
        ed,
        Change::SetAvailability {
            user: ed,
            set: true,
        },
        at(4, 12)?,
    )?;
    story.run(
        ed,
        Change::ConnectCalendar {
            user: ed,
            calendar: "ed.meet@mail.example".to_owned(),
        },
        at(4, 12)?,
    )?;

    step("April 12 — Ada invites Xena as a guest; the invitation expires on April 18");
    story.run(
        ada,
        Change::Invite {
            invitees: vec![Invitee::guest(email("xena")?)],
            expires_at: Some(at(4, 18)?),
        },
        at(4, 12)?,
    )?;

    step("April 13 — Rita, an outsider, asks for guest access");
    let rita_asks = Change::RequestAccess {
        email: email("rita")?,
        name: "Rita".to_owned(),
    };
    story.run(rita, rita_asks.clone(), at(4, 13)?)?;
    println!("    Rita asks again:");
    story.refuse(rita, rita_asks.clone(), at(4, 13)?)?;

    step("April 14 — Ada rejects Rita's request; Rita asks again and Ada approves");
    story.run(
        ada,
        Change::RejectRequest {
            email: email("rita")?,
        },
        at(4, 14)?,
    )?;
    story.run(rita, rita_asks, at(4, 14)?)?;
    story.run(
        ada,
        Change::ApproveRequest {
            email: email("rita")?,
        },
        at(4, 14)?,
    )?;
    println!("    Rita, a guest, tries to invite a friend:");
    story.refuse(
        rita,
        Change::Invite {
            invitees: vec![Invitee::guest(email("friend")?)],
            expires_at: None,
        },
        at(4, 14)?,
    )?;

    step("April 15 — Gina, invited as a guest, asks for access instead of accepting");
    story.run(
        ada,
        Change::Invite {
            invitees: vec![Invitee::guest(email("gina")?)],
            expires_at: None,
        },
        at(4, 15)?,
    )?;
    story.refuse(
        gina,
        Change::RequestAccess {
            email: email("gina")?,
            name: "Gina".to_owned(),
        },
        at(4, 15)?,
    )?;
    story.run(
        gina,
        Change::AcceptInvitation {
            email: email("gina")?,
            name: "Gina".to_owned(),
            proof: Proof::VerifiedEmail,
        },
        at(4, 15)?,
    )?;

    step("April 15 — Hugo asks for access; Ada, unaware, invites him: the request is approved");
    story.run(
        hugo,
        Change::RequestAccess {
            email: email("hugo")?,
            name: "Hugo".to_owned(),
        },
        at(4, 15)?,
    )?;
    story.run(
        ada,
        Change::Invite {
            invitees: vec![Invitee::guest(Email::parse("Hugo@Deals.Example")?)],
            expires_at: None,
        },
        at(4, 15)?,
    )?;
    story.guest_status();

    step("April 16 — eight more guests are invited; invitations cost nothing until accepted");
    let mut invitees = Vec::new();
    for name in GUESTS {
        invitees.push(Invitee::guest(email(&name.to_lowercase())?));
    }
    story.run(
        ada,
        Change::Invite {
            invitees,
            expires_at: None,
        },
        at(4, 16)?,
    )?;
    story.guest_status();
    println!("    they accept:");
    for (i, name) in (100_u64..).zip(GUESTS) {
        story.run(
            UserId::new(i),
            Change::AcceptInvitation {
                email: email(&name.to_lowercase())?,
                name: name.to_owned(),
                proof: Proof::VerifiedEmail,
            },
            at(4, 16)?,
        )?;
    }
    story.guest_status();

    step("April 18 — Xena's invitation has expired");
    story.refuse(
        xena,
        Change::AcceptInvitation {
            email: email("xena")?,
            name: "Xena".to_owned(),
            proof: Proof::VerifiedEmail,
        },
        at(4, 18)?,
    )?;
    story.run(ada, Change::ExpireInvitations, at(4, 18)?)?;

    step("April 21 — Ivan asks for access; approving him past the limit needs a confirmed seat");
    story.run(
        ivan,
        Change::RequestAccess {
            email: email("ivan")?,
            name: "Ivan".to_owned(),
        },
        at(4, 21)?,
    )?;
    story.run(
        ada,
        Change::ApproveRequest {
            email: email("ivan")?,
        },
        at(4, 21)?,
    )?;
    story.guest_status();

    step("April 24 — Ada removes Hugo: he loses access at once; paid seats stay");
    story.run(ada, Change::RemoveMember { user: hugo }, at(4, 24)?)?;
    story.guest_status();
    story.members_table(ada, at(4, 24)?);

    step("May 1 — the next period: seats recomputed from use");
    story.run(olga, Change::Renew, at(5, 1)?)?;
    story.guest_status();

    step("The log");
    let rebuilt = Workspace::replay(&story.log)?;
    println!(
        "    {} events replay into {} workspace (version {})",
        story.log.len(),
        if rebuilt == story.ws {
            "the same"
        } else {
            "a DIFFERENT"
        },
        rebuilt.version()
    );
    Ok(())
}

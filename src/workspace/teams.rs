//! Teams: create, rename, delete, and their members (M-8, A-11).

use super::error::CommandError;
use super::event::Event;
use super::execute::clean;
use super::state::Workspace;
use crate::Verb;
use crate::{MemberKind, PlanFeatures, Principal, TeamId, UserId};

impl Workspace {
    /// An existing team the actor may manage (user management's `manage`); changes that grow
    /// or keep a team need a plan with teams, taking one apart does not.
    fn managed_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
        grows: bool,
    ) -> Result<(), CommandError> {
        if grows {
            self.needs(PlanFeatures::TEAMS)?;
        }
        self.admin(me, Verb::MANAGE)?;
        self.teams
            .get(team)
            .map(|_| ())
            .ok_or(CommandError::NoTeam(*team))
    }

    /// Creating a team: plans with teams, admins who manage users (M-8, A-11).
    pub(super) fn create_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
        name: &str,
    ) -> Result<Vec<Event>, CommandError> {
        self.needs(PlanFeatures::TEAMS)?;
        self.admin(me, Verb::MANAGE)?;
        if self.teams.contains_key(team) {
            return Err(CommandError::TeamExists(*team));
        }
        let name = clean("team name", name)?;
        Ok(vec![Event::TeamCreated { team: *team, name }])
    }

    /// Renaming a team (M-8).
    pub(super) fn rename_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
        name: &str,
    ) -> Result<Vec<Event>, CommandError> {
        self.managed_team(me, team, true)?;
        let name = clean("team name", name)?;
        Ok(vec![Event::TeamRenamed { team: *team, name }])
    }

    /// Deleting a team, allowed even after the plan lost teams (M-8).
    pub(super) fn delete_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
    ) -> Result<Vec<Event>, CommandError> {
        self.managed_team(me, team, false)?;
        Ok(vec![Event::TeamDeleted { team: *team }])
    }

    /// Adding a member (not a guest, not ranked above the actor) to a team (M-8, A-7).
    pub(super) fn add_to_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
        user: &UserId,
    ) -> Result<Vec<Event>, CommandError> {
        self.managed_team(me, team, true)?;
        if self.active_member(*user)?.kind == MemberKind::Guest {
            return Err(CommandError::Guest(*user));
        }
        self.not_outranked(me, *user)?;
        Ok(vec![Event::AddedToTeam {
            team: *team,
            user: *user,
        }])
    }

    /// Taking a member out of a team (M-8, A-7).
    pub(super) fn remove_from_team(
        &self,
        me: &Principal<'_>,
        team: &TeamId,
        user: &UserId,
    ) -> Result<Vec<Event>, CommandError> {
        self.managed_team(me, team, false)?;
        self.active_member(*user)?;
        self.not_outranked(me, *user)?;
        Ok(vec![Event::RemovedFromTeam {
            team: *team,
            user: *user,
        }])
    }
}

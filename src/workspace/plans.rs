//! Plan changes and renewal (B-11, B-12).

use crate::Verb;
use chrono::{DateTime, Utc};

use super::error::CommandError;
use super::event::Event;
use super::execute::{Delta, MAX_RENEWALS};
use super::state::Workspace;
use crate::{BillingError, Plan, Principal};

impl Workspace {
    /// Upgrading at once to a plan that costs at least as much (B-11).
    pub(super) fn upgrade(
        &self,
        me: &Principal<'_>,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.area_or_owner(me, "billing", Verb::MANAGE, None)?;
        let usage = self.usage_after(Delta::default(), now);
        // B-11: the billing layer refuses a cheaper plan (a downgrade, which waits for the
        // period end), so paid seats are never given back mid-period (B-5).
        let change = self
            .subscription
            .quote_upgrade(plan.clone(), &usage, self.features_in_use(), now)
            .map_err(|err| match err {
                BillingError::NotAnUpgrade { from, to, .. } => {
                    CommandError::NotAnUpgrade { from, to }
                }
                other => CommandError::from(other),
            })?;
        Ok(vec![Event::PlanUpgraded {
            quote: Box::new(change.quote().clone()),
            subscription: Box::new(change.into_subscription()),
        }])
    }

    /// Scheduling a downgrade for the period end, if the workspace fits it (B-11).
    pub(super) fn downgrade(
        &self,
        me: &Principal<'_>,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.area_or_owner(me, "billing", Verb::MANAGE, None)?;
        let subscription = self.subscription.schedule_downgrade(
            plan.clone(),
            &self.usage_after(Delta::default(), now),
            self.features_in_use(),
        )?;
        Ok(vec![Event::DowngradeScheduled {
            subscription: Box::new(subscription),
        }])
    }

    /// Cancelling the scheduled downgrade, by whoever may schedule one (B-11).
    pub(super) fn cancel_downgrade(&self, me: &Principal<'_>) -> Result<Vec<Event>, CommandError> {
        self.area_or_owner(me, "billing", Verb::MANAGE, None)?;
        let plan = self
            .subscription
            .scheduled_plan()
            .ok_or(CommandError::NoScheduledDowngrade)?;
        Ok(vec![Event::DowngradeCancelled {
            plan: plan.id().clone(),
        }])
    }

    /// Starting the next period(s) up to now, with their invoices (B-12). A scheduled
    /// downgrade that can no longer take over the workspace never blocks the renewal: it is
    /// dropped, an event says why, and the current plan renews.
    pub(super) fn renew(
        &self,
        me: &Principal<'_>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.area_or_owner(me, "billing", Verb::VIEW, None)?;
        let usage = self.usage_after(Delta::default(), now);
        let mut current = self.subscription.clone();
        let mut events = Vec::new();
        while now >= current.period().end() && events.len() < MAX_RENEWALS {
            if let Some(plan) = current.scheduled_plan() {
                let blockers = current.scheduled_blockers(&usage, self.features_in_use())?;
                let refused = if blockers.is_empty() {
                    // Fits, but the plan's own renewal may still refuse (seats, money).
                    current.renew(&usage).err().map(|_| Vec::new())
                } else {
                    Some(blockers)
                };
                if let Some(blockers) = refused {
                    events.push(Event::DowngradeDropped {
                        plan: plan.id().clone(),
                        blockers,
                    });
                    current = current.cancel_scheduled_change();
                }
            }
            let renewal = current.renew(&usage)?;
            current = renewal.subscription().clone();
            events.push(Event::Renewed {
                invoice: Box::new(renewal.invoice().clone()),
                subscription: Box::new(renewal.into_subscription()),
            });
        }
        if events.is_empty() {
            return Err(CommandError::NotDue);
        }
        Ok(events)
    }
}

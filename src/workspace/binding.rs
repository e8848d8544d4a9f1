//! Quote binding (T-4): a quote a workspace computes names the workspace, the version, the
//! actor and the command it was computed for, and only confirms that.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::command::Change;
use super::email::Email;
use super::event::Event;
use super::state::Workspace;
use crate::{QuoteBinding, UserId};

/// A workspace's identity: a digest of its creation (owner, address, policy, instant), so that
/// two workspaces never share one even at the same version.
pub(crate) fn identity_of(
    owner: UserId,
    email: &Email,
    policy: &str,
    at: DateTime<Utc>,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"seatwise workspace\0");
    hasher.update(owner.get().to_be_bytes());
    hasher.update(email.as_str().as_bytes());
    hasher.update([0u8]);
    hasher.update(policy.as_bytes());
    hasher.update([0u8]);
    hasher.update(at.timestamp().to_be_bytes());
    hasher.update(at.timestamp_subsec_nanos().to_be_bytes());
    hasher.finalize().into()
}

impl Workspace {
    /// What a quote computed now for `change` by `actor` is bound to (T-4): the change is
    /// encoded as the JSON it is stored as.
    pub(super) fn binding(&self, actor: UserId, change: &Change) -> QuoteBinding {
        let mut hasher = Sha256::new();
        hasher.update(b"seatwise quote\0");
        hasher.update(self.identity);
        hasher.update(self.version.to_be_bytes());
        hasher.update(actor.get().to_be_bytes());
        let encoded =
            serde_json::to_vec(change).unwrap_or_else(|_| format!("{change:?}").into_bytes());
        hasher.update(encoded);
        QuoteBinding::new(hasher.finalize().into())
    }
}

/// The events with every charge bound to `binding`.
pub(super) fn bind(events: Vec<Event>, binding: QuoteBinding) -> Vec<Event> {
    events
        .into_iter()
        .map(|event| match event {
            Event::SeatsAdded {
                seats,
                quote,
                subscription,
            } => Event::SeatsAdded {
                seats,
                quote: Box::new(quote.bound(binding)),
                subscription,
            },
            Event::PlanUpgraded {
                quote,
                subscription,
            } => Event::PlanUpgraded {
                quote: Box::new(quote.bound(binding)),
                subscription,
            },
            other => other,
        })
        .collect()
}

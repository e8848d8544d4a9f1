//! The workspace: members, invitations, access requests and teams, changed only by atomic,
//! previewable, replayable commands (SPEC sections 5 and 7).

mod binding;
mod command;
mod email;
mod error;
mod event;
mod execute;
mod invitations;
mod log;
mod member;
mod membership;
mod plans;
mod queries;
mod requests;
mod roles;
mod state;
mod stored;
mod teams;
mod timestamp;

pub use command::{Change, Command, IdempotencyKey, Invitee, Proof};
pub use email::{Email, EmailError};
pub use error::{CommandError, ReplayError};
pub use event::{Event, KeyedCommand, Outcome, RoleChange};
pub use log::{CommitDigest, CommitDigestError, EventRefusal, LogHead, DEFAULT_KEY_RETENTION};
pub use member::{AccessRequest, Invitation, InviteToken, Member, Team};
pub use queries::{EventLocation, HostEligibility, MemberRow, RowActions, RowStatus};
pub use state::Workspace;
pub use stored::StoredWorkspaceError;

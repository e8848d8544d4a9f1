//! The outbox (S-5): every event a command yields but its commit marker, written in the
//! command's transaction at a gapless position in commit order, and delivered at least once
//! to each named consumer through a cursor the consumer advances after acting.

use seatwise::Event;
use sqlx::types::Json;
use sqlx::Row as _;

use crate::db::{int, on_pool, on_tx, Tx};
use crate::{Store, StoreError, WorkspaceId};

/// One outbox entry: an event to act on (send the e-mail, charge the quote), where it sits in
/// the outbox and which command of which workspace yielded it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    position: u64,
    workspace: WorkspaceId,
    version: u64,
    seq: u32,
    kind: String,
    event: Event,
}

impl OutboxEntry {
    /// Its position: 1, 2, 3, … in commit order, with no gaps.
    pub fn position(&self) -> u64 {
        self.position
    }
    /// The workspace.
    pub fn workspace(&self) -> &WorkspaceId {
        &self.workspace
    }
    /// The version of the command that yielded it.
    pub fn version(&self) -> u64 {
        self.version
    }
    /// Its place among that command's events, from 0.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// The event's kind, its JSON tag (`invitation_sent`, `seats_added`, …).
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// The event.
    pub fn event(&self) -> &Event {
        &self.event
    }
}

fn damaged(position: i64, reason: impl Into<String>) -> StoreError {
    StoreError::DamagedOutbox {
        position: u64::try_from(position).unwrap_or(0),
        reason: reason.into(),
    }
}

impl Store {
    /// Up to `limit` entries after `consumer`'s cursor, oldest first (S-5). The same entries
    /// come back until the consumer [advances](Store::advance) past them: delivery is at
    /// least once, so a consumer that crashes after acting and before advancing acts again.
    ///
    /// # Errors
    ///
    /// [`StoreError::DamagedOutbox`] for a row that does not parse (S-7); the database's
    /// errors.
    pub async fn outbox(&self, consumer: &str, limit: u32) -> Result<Vec<OutboxEntry>, StoreError> {
        let cursor = int("position", self.cursor(consumer).await?)?;
        type Raw = (
            i64,
            String,
            i64,
            i64,
            String,
            Result<serde_json::Value, String>,
        );
        let rows: Vec<Raw> = on_pool!(self.pool(), |c| {
            let rows = sqlx::query(
                "SELECT position, workspace, version, seq, kind, body FROM seatwise_outbox \
                 WHERE position > $1 ORDER BY position LIMIT $2",
            )
            .bind(cursor)
            .bind(i64::from(limit))
            .fetch_all(c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push((
                    row.try_get(0)?,
                    row.try_get(1)?,
                    row.try_get(2)?,
                    row.try_get(3)?,
                    row.try_get(4)?,
                    row.try_get::<Json<serde_json::Value>, _>(5)
                        .map(|j| j.0)
                        .map_err(|e| e.to_string()),
                ));
            }
            Ok::<_, sqlx::Error>(out)
        })?;
        let mut entries = Vec::with_capacity(rows.len());
        for (position, workspace, version, seq, kind, body) in rows {
            let body = body.map_err(|e| damaged(position, e))?;
            let event: Event =
                serde_json::from_value(body).map_err(|e| damaged(position, e.to_string()))?;
            entries.push(OutboxEntry {
                position: u64::try_from(position)
                    .map_err(|_| damaged(position, "negative position"))?,
                workspace: WorkspaceId::new(&workspace)
                    .map_err(|e| damaged(position, e.to_string()))?,
                version: u64::try_from(version)
                    .map_err(|_| damaged(position, "negative version"))?,
                seq: u32::try_from(seq).map_err(|_| damaged(position, "seq out of range"))?,
                kind,
                event,
            });
        }
        Ok(entries)
    }

    /// Where `consumer`'s cursor is: the position of the last entry it has acted on (0 before
    /// the first).
    ///
    /// # Errors
    ///
    /// The database's errors.
    pub async fn cursor(&self, consumer: &str) -> Result<u64, StoreError> {
        let position: Option<i64> = on_pool!(self.pool(), |c| sqlx::query_scalar(
            "SELECT position FROM seatwise_outbox_cursors WHERE consumer = $1"
        )
        .bind(consumer)
        .fetch_optional(c)
        .await)?;
        Ok(position.and_then(|p| u64::try_from(p).ok()).unwrap_or(0))
    }

    /// Deletes the outbox entries that every one of `consumers` has acted on (S-5), so the
    /// outbox does not grow with history (as T-8 keeps the keys and the log small): those at
    /// or before the smallest of their cursors, whole commands only — a command whose entries
    /// straddle that position keeps all of them, so [`Store::check`] still finds each
    /// command's entries all or none. Returns how many entries were deleted.
    ///
    /// Name every consumer the host runs: one that has never advanced is at 0 and holds
    /// everything back, and no consumer named deletes nothing. Positions are not reused; a
    /// consumer that starts after a prune begins at the first entry kept.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use chrono::{TimeZone, Utc};
    /// # use seatwise::{presets, Email, Plan, UserId};
    /// use seatwise_store::{Store, WorkspaceId};
    /// let store = Store::connect("sqlite::memory:").await?;
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let ws = WorkspaceId::new("acme")?;
    /// # store.create(&ws, presets::deal_space()?, Plan::deal_space(), UserId::new(1),
    /// #     Email::parse("olga@example.com")?, "Olga", now).await?;
    /// let entries = store.outbox("mailer", 100).await?;
    /// let last = entries.last().map_or(0, |e| e.position());
    /// store.advance("mailer", last).await?;
    /// // The billing consumer has not acted yet: nothing can go.
    /// assert_eq!(store.prune_outbox(&["mailer", "billing"]).await?, 0);
    /// store.advance("billing", last).await?;
    /// assert_eq!(store.prune_outbox(&["mailer", "billing"]).await?, entries.len() as u64);
    /// assert!(store.outbox("mailer", 100).await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// The database's errors.
    pub async fn prune_outbox(&self, consumers: &[&str]) -> Result<u64, StoreError> {
        let mut tx = self.pool().begin_write().await?;
        let mut through: Option<i64> = None;
        for consumer in consumers {
            let position = cursor_in(&mut tx, consumer).await?;
            through = Some(through.map_or(position, |t| t.min(position)));
        }
        let Some(through) = through.filter(|t| *t > 0) else {
            return Ok(0);
        };
        let deleted = on_tx!(&mut tx, |c| sqlx::query(
            "DELETE FROM seatwise_outbox WHERE position <= $1 AND NOT EXISTS (\
             SELECT 1 FROM seatwise_outbox AS later \
             WHERE later.workspace = seatwise_outbox.workspace \
             AND later.version = seatwise_outbox.version AND later.position > $1)"
        )
        .bind(through)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Moves `consumer`'s cursor to `position`, once it has acted on every entry up to it
    /// (S-5). Advancing to where it already is does nothing.
    ///
    /// # Errors
    ///
    /// [`StoreError::Cursor`] for a position behind the cursor or past the last entry
    /// written; the database's errors.
    pub async fn advance(&self, consumer: &str, position: u64) -> Result<(), StoreError> {
        let to = int("position", position)?;
        let mut tx = self.pool().begin_write().await?;
        let head: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar(
            "SELECT position FROM seatwise_outbox_head WHERE id = 1"
        )
        .fetch_one(c)
        .await)?;
        let from = cursor_in(&mut tx, consumer).await?;
        if to < from || to > head {
            return Err(StoreError::Cursor {
                consumer: consumer.to_owned(),
                from: u64::try_from(from).unwrap_or(0),
                to: position,
                head: u64::try_from(head).unwrap_or(0),
            });
        }
        on_tx!(&mut tx, |c| sqlx::query(
            "INSERT INTO seatwise_outbox_cursors (consumer, position) VALUES ($1, $2) \
             ON CONFLICT (consumer) DO UPDATE SET position = excluded.position"
        )
        .bind(consumer)
        .bind(to)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        tx.commit().await
    }
}

/// `consumer`'s cursor as the transaction sees it (0 before its first advance).
async fn cursor_in(tx: &mut Tx, consumer: &str) -> Result<i64, StoreError> {
    let position: Option<i64> = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT position FROM seatwise_outbox_cursors WHERE consumer = $1"
    )
    .bind(consumer)
    .fetch_optional(c)
    .await)?;
    Ok(position.unwrap_or(0))
}

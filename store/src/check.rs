//! A full check of one stored workspace, for audits and for the store's own crash and
//! concurrency tests: everything a command writes is there, and agrees (S-2, S-5, S-7).

use std::collections::BTreeMap;

use seatwise::Workspace;
use sqlx::types::Json;
use sqlx::Row as _;

use crate::db::{on_tx, Tx};
use crate::{log, model, Store, StoreError, WorkspaceId};

/// What [`Store::check`] found in a workspace that holds together.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckReport {
    /// The stored version.
    pub version: u64,
    /// Event rows in the log.
    pub events: u64,
    /// The version of the latest snapshot, if any.
    pub snapshot: Option<u64>,
    /// Commits whose events are in the outbox (all of them but imported history).
    pub versions_in_outbox: u64,
    /// Outbox entries of the workspace.
    pub outbox_entries: u64,
    /// Read-model rows.
    pub read_model_rows: u64,
}

impl Store {
    /// Checks everything stored for `ws`, from the database, in one read transaction:
    /// - the latest snapshot plus the commits after it load and verify (S-7), and equal a
    ///   replay of the whole log from its creation (T-3, I-8);
    /// - the read-model rows are exactly those of that workspace (S-2);
    /// - each commit's outbox entries are all of its events but the commit marker, with
    ///   the same bodies, or none of them (imported history) (S-5).
    ///
    /// # Errors
    ///
    /// [`StoreError::Damaged`] naming the version and what disagrees; as [`Store::load`].
    pub async fn check(&self, ws: &WorkspaceId) -> Result<CheckReport, StoreError> {
        let mut tx = self.pool().begin_read().await?;
        let head = log::head(&mut tx, ws)
            .await?
            .ok_or_else(|| StoreError::NotFound(ws.clone()))?;
        let loaded = log::load(&mut tx, ws).await?;
        let snapshot = log::latest_snapshot(&mut tx, ws, head.version)
            .await?
            .map(|s| s.version());
        let all = log::tail(&mut tx, ws, 0, head.version).await?;
        let replayed = Workspace::replay(&all).map_err(|e| log::replay_damage(ws, &e, 1))?;
        let damaged = |version, reason: String| StoreError::Damaged {
            workspace: ws.clone(),
            version,
            reason,
        };
        if replayed != loaded {
            return Err(damaged(
                head.version,
                "the snapshot and tail load to another workspace than the whole log".into(),
            ));
        }
        let stored = model::stored_lines(&mut tx, ws).await?;
        let expected = model::expected_lines(ws, &loaded)?;
        if stored != expected {
            let first = stored
                .iter()
                .zip(&expected)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("stored `{a}`, expected `{b}`"))
                .unwrap_or_else(|| {
                    format!("{} rows stored, {} expected", stored.len(), expected.len())
                });
            return Err(damaged(head.version, format!("read model: {first}")));
        }
        let events = rows(
            &mut tx,
            ws,
            "SELECT version, seq, body FROM seatwise_events WHERE workspace = $1",
        )
        .await?;
        let outbox = rows(
            &mut tx,
            ws,
            "SELECT version, seq, body FROM seatwise_outbox WHERE workspace = $1",
        )
        .await?;
        let as_u64 = |v: i64| u64::try_from(v).unwrap_or(0);
        let mut logged: BTreeMap<(i64, i64), serde_json::Value> = BTreeMap::new();
        let mut commit_seq: BTreeMap<i64, i64> = BTreeMap::new();
        for (version, seq, body) in events {
            let body = body.map_err(|e| damaged(as_u64(version), e))?;
            if body.get("committed").is_some() {
                commit_seq.insert(version, seq);
            }
            logged.insert((version, seq), body);
        }
        let mut per_version: BTreeMap<i64, i64> = BTreeMap::new();
        let outbox_entries = outbox.len() as u64;
        for (version, seq, body) in outbox {
            let body = body.map_err(|e| damaged(as_u64(version), e))?;
            if logged.get(&(version, seq)) != Some(&body) || commit_seq.get(&version) == Some(&seq)
            {
                return Err(damaged(
                    as_u64(version),
                    format!("outbox entry {seq} is not the logged event {seq}"),
                ));
            }
            let count = per_version.entry(version).or_default();
            *count = count.saturating_add(1);
        }
        for (version, count) in &per_version {
            let expected = commit_seq.get(version).copied().unwrap_or(0);
            if *count != expected {
                return Err(damaged(
                    as_u64(*version),
                    format!("{count} of the command's {expected} events are in the outbox"),
                ));
            }
        }
        tx.commit().await?;
        Ok(CheckReport {
            version: head.version,
            events: all.len() as u64,
            snapshot,
            versions_in_outbox: per_version.len() as u64,
            outbox_entries,
            read_model_rows: stored.len() as u64,
        })
    }
}

type Rows = Vec<(i64, i64, Result<serde_json::Value, String>)>;

/// `(version, seq, body)` rows of `sql`, bodies parsed one by one.
async fn rows(tx: &mut Tx, ws: &WorkspaceId, sql: &'static str) -> Result<Rows, StoreError> {
    let rows = on_tx!(&mut *tx, |c| {
        let rows = sqlx::query(sql).bind(ws.as_str()).fetch_all(c).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push((
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get::<Json<serde_json::Value>, _>(2)
                    .map(|j| j.0)
                    .map_err(|e| e.to_string()),
            ));
        }
        Ok::<_, sqlx::Error>(out)
    })?;
    Ok(rows)
}

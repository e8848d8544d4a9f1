//! The log, snapshots and outbox as rows: writing a command's rows, and reading them back
//! with every check (S-2, S-5, S-7, T-2, T-3).

use chrono::{DateTime, Utc};
use seatwise::{CommitDigest, Event, ReplayError, Workspace};
use sqlx::types::Json;
use sqlx::Row as _;

use crate::db::{int, on_tx, Tx};
use crate::{StoreError, WorkspaceId};

/// The channel PostgreSQL notifications of commits go out on (S-4); the payload is
/// `<version> <workspace>`.
pub(crate) const CHANNEL: &str = "seatwise_commits";

/// The head of a stored log: the `seatwise_workspaces` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) version: u64,
    pub(crate) digest: CommitDigest,
}

fn damaged(ws: &WorkspaceId, version: u64, reason: impl Into<String>) -> StoreError {
    StoreError::Damaged {
        workspace: ws.clone(),
        version,
        reason: reason.into(),
    }
}

fn unsigned(ws: &WorkspaceId, version: u64, what: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| damaged(ws, version, format!("{what} {value} is negative")))
}

fn digest(ws: &WorkspaceId, version: u64, text: &str) -> Result<CommitDigest, StoreError> {
    text.parse()
        .map_err(|e| damaged(ws, version, format!("digest: {e}")))
}

/// The version a replay error names.
pub(crate) fn replay_version(error: &ReplayError, fallback: u64) -> u64 {
    match error {
        ReplayError::CreatedAgain { version }
        | ReplayError::Truncated { version }
        | ReplayError::Digest { version }
        | ReplayError::Refused { version, .. }
        | ReplayError::Invalid { version, .. } => *version,
        ReplayError::Version { found, .. } => *found,
        _ => fallback,
    }
}

pub(crate) fn replay_damage(ws: &WorkspaceId, error: &ReplayError, fallback: u64) -> StoreError {
    damaged(ws, replay_version(error, fallback), error.to_string())
}

/// The event's kind: its tag in the JSON encoding (`invitation_sent`, …).
pub(crate) fn kind_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        serde_json::Value::String(tag) => tag.clone(),
        _ => String::new(),
    }
}

/// The closing marker of a command's events: its version, time and digest.
pub(crate) fn closing(events: &[Event]) -> Option<(u64, DateTime<Utc>, CommitDigest)> {
    match events.last() {
        Some(Event::Committed {
            version,
            at,
            digest,
            ..
        }) => Some((*version, *at, *digest)),
        _ => None,
    }
}

/// The stored head of `ws`, if it is stored.
pub(crate) async fn head(tx: &mut Tx, ws: &WorkspaceId) -> Result<Option<Head>, StoreError> {
    let row: Option<(i64, String)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT version, digest FROM seatwise_workspaces WHERE workspace = $1"
    )
    .bind(ws.as_str())
    .fetch_optional(c)
    .await)?;
    match row {
        None => Ok(None),
        Some((version, text)) => {
            let version = unsigned(ws, 0, "head version", version)?;
            Ok(Some(Head {
                version,
                digest: digest(ws, version, &text)?,
            }))
        }
    }
}

/// Writes one command's commit row, its events and, with `outbox`, its outbox entries (S-2,
/// S-5).
pub(crate) async fn append(
    tx: &mut Tx,
    ws: &WorkspaceId,
    events: &[Event],
    outbox: bool,
) -> Result<(), StoreError> {
    let with_outbox = outbox;
    let (version, at, digest) = closing(events).ok_or_else(|| {
        damaged(
            ws,
            0,
            "an outcome without its commit marker cannot be stored",
        )
    })?;
    let v = int("version", version)?;
    let count = i64::try_from(events.len()).unwrap_or(i64::MAX);
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_commits (workspace, version, digest, committed_at, event_count) \
         VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(ws.as_str())
    .bind(v)
    .bind(digest.to_string())
    .bind(at)
    .bind(count)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    let mut rows = Vec::with_capacity(events.len());
    for (seq, event) in events.iter().enumerate() {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        let value = serde_json::to_value(event)
            .map_err(|e| damaged(ws, version, format!("event {seq} does not serialize: {e}")))?;
        let kind = kind_of(&value);
        rows.push((seq, kind, value, matches!(event, Event::Committed { .. })));
    }
    // One statement per chunk of rows, not per row: each statement is a round trip to the
    // database (on SQLite, to its connection's thread).
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO seatwise_events (workspace, version, seq, kind, body) VALUES ",
            5,
            chunk.len(),
        );
        on_tx!(&mut *tx, |c| {
            let mut query = sqlx::query(&sql);
            for (seq, kind, value, _) in chunk {
                query = query
                    .bind(ws.as_str())
                    .bind(v)
                    .bind(*seq)
                    .bind(kind.as_str())
                    .bind(Json(value));
            }
            query.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    if !with_outbox {
        return Ok(());
    }
    let outbox: Vec<_> = rows.iter().filter(|(.., marker)| !marker).collect();
    if outbox.is_empty() {
        return Ok(());
    }
    // Positions are taken last, from one row whose lock is held until the commit: they are
    // gapless and in commit order, so a consumer reading past its cursor never skips a
    // position that a slower transaction fills in later (S-5).
    let n = i64::try_from(outbox.len()).unwrap_or(i64::MAX);
    let end: i64 = on_tx!(&mut *tx, |c| {
        sqlx::query_scalar(
        "UPDATE seatwise_outbox_head SET position = position + $1 WHERE id = 1 RETURNING position"
    )
    .bind(n)
    .fetch_one(c)
    .await
    })?;
    let mut position = end.saturating_sub(n);
    for chunk in outbox.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO seatwise_outbox (position, workspace, version, seq, kind, body) VALUES ",
            6,
            chunk.len(),
        );
        on_tx!(&mut *tx, |c| {
            let mut query = sqlx::query(&sql);
            for (seq, kind, value, _) in chunk {
                position = position.saturating_add(1);
                query = query
                    .bind(position)
                    .bind(ws.as_str())
                    .bind(v)
                    .bind(*seq)
                    .bind(kind.as_str())
                    .bind(Json(value));
            }
            query.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// The most rows one multi-row `INSERT` writes: few enough to stay far below both engines'
/// limits on bound values (SQLite 32,766, PostgreSQL 65,535), and to keep the number of
/// distinct statements the connections cache small.
pub(crate) const ROWS_PER_INSERT: usize = 64;

/// `head` followed by `rows` groups of `columns` placeholders, numbered `$1, $2, …` across
/// the groups: `(… $1, $2), ($3, $4)`.
pub(crate) fn values_sql(head: &str, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(
        head.len()
            .saturating_add(rows.saturating_mul(columns.saturating_mul(6))),
    );
    sql.push_str(head);
    let mut n = 0usize;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            n = n.saturating_add(1);
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

/// Tells other stores on the same PostgreSQL database that `ws` reached `version` (S-4); the
/// notification goes out when the transaction commits. Nothing on SQLite.
pub(crate) async fn notify(tx: &mut Tx, ws: &WorkspaceId, version: u64) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(format!("{version} {}", ws.as_str()))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Writes a snapshot of `space` and drops the older ones of the workspace (S-4).
pub(crate) async fn snapshot(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
) -> Result<(), StoreError> {
    let head = space.head();
    let version = int("version", head.version())?;
    let body = serde_json::to_string(space).map_err(|e| {
        damaged(
            ws,
            head.version(),
            format!("the snapshot does not serialize: {e}"),
        )
    })?;
    let taken_at = head.committed_at().unwrap_or_else(|| space.changed_at());
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_snapshots (workspace, version, digest, taken_at, body) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace, version) DO NOTHING"
    )
    .bind(ws.as_str())
    .bind(version)
    .bind(head.digest().to_string())
    .bind(taken_at)
    .bind(&body)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(&mut *tx, |c| sqlx::query(
        "DELETE FROM seatwise_snapshots WHERE workspace = $1 AND version < $2"
    )
    .bind(ws.as_str())
    .bind(version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The latest snapshot at or before `upto`, checked (T-2) and matched against the log's
/// commit of its version (S-7).
pub(crate) async fn latest_snapshot(
    tx: &mut Tx,
    ws: &WorkspaceId,
    upto: u64,
) -> Result<Option<Workspace>, StoreError> {
    let upto_i = int("version", upto)?;
    let row: Option<(i64, String, String)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT version, digest, body FROM seatwise_snapshots \
         WHERE workspace = $1 AND version <= $2 ORDER BY version DESC LIMIT 1"
    )
    .bind(ws.as_str())
    .bind(upto_i)
    .fetch_optional(c)
    .await)?;
    let Some((version, digest_text, body)) = row else {
        return Ok(None);
    };
    let version = unsigned(ws, 0, "snapshot version", version)?;
    let stated = digest(ws, version, &digest_text)?;
    let space: Workspace = serde_json::from_str(&body)
        .map_err(|e| damaged(ws, version, format!("the snapshot does not load: {e}")))?;
    let head = space.head();
    if head.version() != version || head.digest() != stated {
        return Err(damaged(
            ws,
            version,
            format!(
                "the snapshot holds version {} with digest {}, its row says version {version} with digest {stated}",
                head.version(),
                head.digest()
            ),
        ));
    }
    let committed: Option<String> = on_tx!(&mut *tx, |c| sqlx::query_scalar(
        "SELECT digest FROM seatwise_commits WHERE workspace = $1 AND version = $2"
    )
    .bind(ws.as_str())
    .bind(int("version", version)?)
    .fetch_optional(c)
    .await)?;
    match committed {
        Some(text) if digest(ws, version, &text)? == stated => Ok(Some(space)),
        Some(text) => Err(damaged(
            ws,
            version,
            format!("the snapshot's digest {stated} is not the log's {text}"),
        )),
        None => Err(damaged(
            ws,
            version,
            "a snapshot of a version the log does not have",
        )),
    }
}

/// The events of the commits after `after` up to `upto`, each command's rows checked for
/// shape: commits in sequence, every event row there and parsed, each command closed by its
/// own commit marker with the digest of its commit row (S-7). The chain itself is checked by
/// the replay that follows (T-3).
pub(crate) async fn tail(
    tx: &mut Tx,
    ws: &WorkspaceId,
    after: u64,
    upto: u64,
) -> Result<Vec<Event>, StoreError> {
    let (from, to) = (int("version", after)?, int("version", upto)?);
    let commits: Vec<(i64, String, i64)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT version, digest, event_count FROM seatwise_commits \
         WHERE workspace = $1 AND version > $2 AND version <= $3 ORDER BY version"
    )
    .bind(ws.as_str())
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?;
    let rows: Vec<(i64, i64, Result<serde_json::Value, String>)> = on_tx!(&mut *tx, |c| {
        let rows = sqlx::query(
            "SELECT version, seq, body FROM seatwise_events \
             WHERE workspace = $1 AND version > $2 AND version <= $3 ORDER BY version, seq",
        )
        .bind(ws.as_str())
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let version: i64 = row.try_get(0)?;
            let seq: i64 = row.try_get(1)?;
            let body = row
                .try_get::<Json<serde_json::Value>, _>(2)
                .map(|json| json.0)
                .map_err(|e| e.to_string());
            out.push((version, seq, body));
        }
        Ok::<_, sqlx::Error>(out)
    })?;
    let mut events = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    let mut expected = after;
    for (version, digest_text, count) in commits {
        expected = expected.saturating_add(1);
        let version = unsigned(ws, expected, "version", version)?;
        if version != expected {
            return Err(damaged(
                ws,
                expected,
                "the commit of this version is missing",
            ));
        }
        let stated = digest(ws, version, &digest_text)?;
        let count = unsigned(ws, version, "event count", count)?;
        let mut seq = 0u64;
        while let Some((row_version, row_seq, body)) = rows.next_if(|r| r.0 <= version as i64) {
            if row_version != version as i64 {
                return Err(damaged(
                    ws,
                    unsigned(ws, version, "version", row_version)?,
                    "an event row without its commit",
                ));
            }
            if row_seq != seq as i64 {
                return Err(damaged(ws, version, format!("event {seq} is missing")));
            }
            let body = body.map_err(|e| damaged(ws, version, format!("event {seq}: {e}")))?;
            let event: Event = serde_json::from_value(body)
                .map_err(|e| damaged(ws, version, format!("event {seq}: {e}")))?;
            events.push(event);
            seq = seq.saturating_add(1);
        }
        if seq != count {
            return Err(damaged(
                ws,
                version,
                format!("the commit has {count} events, {seq} are stored"),
            ));
        }
        match events.last() {
            Some(Event::Committed {
                version: marked,
                digest,
                ..
            }) if *marked == version && *digest == stated => {}
            _ => {
                return Err(damaged(
                    ws,
                    version,
                    "the command's events do not end with the commit its row describes",
                ))
            }
        }
    }
    if let Some((version, _, _)) = rows.next() {
        return Err(damaged(
            ws,
            u64::try_from(version).unwrap_or(0),
            "an event row without its commit",
        ));
    }
    if expected != upto {
        return Err(damaged(
            ws,
            expected.saturating_add(1),
            "the commit of this version is missing",
        ));
    }
    Ok(events)
}

/// Loads the workspace as stored: the latest snapshot and the commits after it, replayed with
/// verification, ending exactly at the head (S-4, S-7). Without a snapshot the whole log is
/// replayed from its creation.
pub(crate) async fn load(tx: &mut Tx, ws: &WorkspaceId) -> Result<Workspace, StoreError> {
    let head = head(tx, ws)
        .await?
        .ok_or_else(|| StoreError::NotFound(ws.clone()))?;
    let snapshot = latest_snapshot(tx, ws, head.version).await?;
    let after = snapshot.as_ref().map_or(0, Workspace::version);
    let events = tail(tx, ws, after, head.version).await?;
    let space = match snapshot {
        Some(space) => space
            .replay_tail(&events)
            .map_err(|e| replay_damage(ws, &e, after.saturating_add(1)))?,
        None => Workspace::replay(&events).map_err(|e| replay_damage(ws, &e, 1))?,
    };
    at_head(ws, &space, head)?;
    Ok(space)
}

/// Checks that `space` ends where the workspace row says the log ends.
pub(crate) fn at_head(ws: &WorkspaceId, space: &Workspace, head: Head) -> Result<(), StoreError> {
    let reached = space.head();
    if reached.version() != head.version || reached.digest() != head.digest {
        return Err(damaged(
            ws,
            head.version,
            format!(
                "the log reaches version {} with digest {}, the workspace row says version {} with digest {}",
                reached.version(),
                reached.digest(),
                head.version,
                head.digest
            ),
        ));
    }
    Ok(())
}

/// Whether a snapshot is due at `version`.
pub(crate) fn snapshot_due(version: u64, every: u64) -> bool {
    version.checked_rem(every) == Some(0)
}

-- seatwise-store schema, version 1 (PostgreSQL). S-2.
-- Every table is prefixed `seatwise_` so it can live beside the host's own tables.

-- One row per workspace: the head of its log. The version check of a commit (S-3) is an
-- UPDATE of this row guarded by the version the command was decided on.
CREATE TABLE seatwise_workspaces (
    workspace   TEXT    NOT NULL PRIMARY KEY,
    version     BIGINT NOT NULL CHECK (version >= 1),
    digest      TEXT    NOT NULL,
    owner       BIGINT NOT NULL,
    plan        TEXT    NOT NULL,
    paid_seats  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

-- The append-only log, keyed by (workspace, version): one row per command with its
-- digest (T-3), and its events one row each.
CREATE TABLE seatwise_commits (
    workspace     TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    version       BIGINT NOT NULL CHECK (version >= 1),
    digest        TEXT    NOT NULL,
    committed_at  TIMESTAMPTZ NOT NULL,
    event_count   BIGINT NOT NULL CHECK (event_count >= 1),
    PRIMARY KEY (workspace, version)
);

CREATE TABLE seatwise_events (
    workspace  TEXT    NOT NULL,
    version    BIGINT NOT NULL,
    seq        BIGINT NOT NULL CHECK (seq >= 0),
    kind       TEXT    NOT NULL,
    body       JSONB   NOT NULL,
    PRIMARY KEY (workspace, version, seq),
    FOREIGN KEY (workspace, version) REFERENCES seatwise_commits (workspace, version)
);

CREATE FUNCTION seatwise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER seatwise_commits_append_only BEFORE UPDATE OR DELETE ON seatwise_commits
    FOR EACH ROW EXECUTE FUNCTION seatwise_append_only();
CREATE TRIGGER seatwise_events_append_only BEFORE UPDATE OR DELETE ON seatwise_events
    FOR EACH ROW EXECUTE FUNCTION seatwise_append_only();

-- Snapshots (S-4): the stored workspace (T-2) at a version, with that version's digest.
CREATE TABLE seatwise_snapshots (
    workspace  TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    version    BIGINT NOT NULL,
    digest     TEXT    NOT NULL,
    taken_at   TIMESTAMPTZ NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (workspace, version)
);

-- Idempotency keys (U-4, T-8): which version a keyed command committed, until when the
-- workspace remembers it.
CREATE TABLE seatwise_idempotency_keys (
    workspace   TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    idempotency_key TEXT    NOT NULL,
    actor       BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, idempotency_key)
);
CREATE INDEX seatwise_idempotency_keys_expiry ON seatwise_idempotency_keys (expires_at);

-- The outbox (S-5): every event but the commit markers, at a gapless position given in
-- commit order, and one cursor per consumer.
CREATE TABLE seatwise_outbox (
    position   BIGINT NOT NULL PRIMARY KEY CHECK (position >= 1),
    workspace  TEXT    NOT NULL,
    version    BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    kind       TEXT    NOT NULL,
    body       JSONB   NOT NULL,
    UNIQUE (workspace, version, seq)
);
CREATE TABLE seatwise_outbox_head (
    id        BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    position  BIGINT NOT NULL
);
INSERT INTO seatwise_outbox_head (id, position) VALUES (1, 0);
CREATE TABLE seatwise_outbox_cursors (
    consumer  TEXT    NOT NULL PRIMARY KEY,
    position  BIGINT NOT NULL CHECK (position >= 0)
);

-- The read model, updated in the commit's transaction, row by row (S-2).
CREATE TABLE seatwise_members (
    workspace         TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    user_id           BIGINT NOT NULL,
    email             TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    role              TEXT    NOT NULL,
    role_key          TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('member', 'guest')),
    is_owner          BOOLEAN NOT NULL,
    has_availability  BOOLEAN NOT NULL,
    calendar          TEXT,
    joined_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, user_id)
);
CREATE INDEX seatwise_members_email ON seatwise_members (workspace, email);

CREATE TABLE seatwise_invitations (
    workspace     TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    role_key      TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('member', 'guest')),
    invited_by    BIGINT NOT NULL,
    sent_at       TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ,
    times_resent  BIGINT NOT NULL,
    PRIMARY KEY (workspace, email)
);

CREATE TABLE seatwise_access_requests (
    workspace     TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    email         TEXT    NOT NULL,
    user_id       BIGINT NOT NULL,
    name          TEXT    NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, email)
);

CREATE TABLE seatwise_teams (
    workspace  TEXT    NOT NULL REFERENCES seatwise_workspaces (workspace),
    team_id    BIGINT NOT NULL,
    name       TEXT    NOT NULL,
    PRIMARY KEY (workspace, team_id)
);

CREATE TABLE seatwise_team_members (
    workspace  TEXT    NOT NULL,
    team_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    PRIMARY KEY (workspace, team_id, user_id)
);
CREATE INDEX seatwise_team_members_user ON seatwise_team_members (workspace, user_id);

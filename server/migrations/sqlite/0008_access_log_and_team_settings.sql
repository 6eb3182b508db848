-- Issue 6: every view and export of client data by a team lead is recorded (who, when, which
-- record, which client code, what was done), and the team's alert thresholds.

CREATE TABLE access_events (
    id           INTEGER PRIMARY KEY,
    at_ms        BIGINT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL,
    team_id      TEXT NOT NULL REFERENCES teams (id),
    -- 'bekijken' or 'exporteren'
    action       TEXT NOT NULL,
    -- what was looked at or exported: 'overzicht', 'dialoog', 'client', 'leren', 'agenda', …
    what         TEXT NOT NULL,
    record_id    TEXT,
    client_code  TEXT
);
CREATE INDEX access_events_team_at ON access_events (team_id, at_ms);
CREATE INDEX access_events_record ON access_events (record_id);

CREATE TABLE team_settings (
    team_id    TEXT PRIMARY KEY REFERENCES teams (id),
    -- JSON: werkzaam_sync::review::Thresholds
    thresholds TEXT NOT NULL
);

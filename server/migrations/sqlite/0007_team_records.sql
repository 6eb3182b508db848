-- Issue 5: the team's own records — stories of waarderende interviews and actions — visible to
-- and editable by every member of the team, synced and merged like dialogues. They carry no
-- client data.

CREATE TABLE team_records (
    id          TEXT PRIMARY KEY,
    team_id     TEXT NOT NULL REFERENCES teams (id),
    kind        TEXT NOT NULL,
    document    TEXT NOT NULL,
    version     BIGINT NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES users (id),
    synced_at_ms BIGINT NOT NULL
);
CREATE INDEX team_records_team_version ON team_records (team_id, version);

CREATE TABLE team_record_history (
    record_id  TEXT NOT NULL REFERENCES team_records (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    client_id  TEXT,
    document   TEXT NOT NULL,
    sent       TEXT,
    PRIMARY KEY (record_id, version)
);
CREATE INDEX team_record_history_client ON team_record_history (record_id, client_id, version);

-- Werkzaam, first schema: teams, users, sessions, sync clients and dialogues.
-- Portable SQL (SQLite and PostgreSQL): TEXT ids made by the server, BIGINT milliseconds.

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    team_id        TEXT NOT NULL REFERENCES teams (id),
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('medewerker', 'teamleider')),
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per device per user: the last mutation id applied, which makes pushes idempotent.
CREATE TABLE sync_clients (
    client_id         TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    last_mutation_id  BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE dialogues (
    id               TEXT PRIMARY KEY,
    team_id          TEXT NOT NULL REFERENCES teams (id),
    owner_id         TEXT NOT NULL REFERENCES users (id),
    client_code      TEXT NOT NULL,
    held_on          TEXT NOT NULL,
    client_keywords  TEXT NOT NULL,
    worker_keywords  TEXT NOT NULL,
    updated_at_ms    BIGINT NOT NULL,
    synced_at_ms     BIGINT NOT NULL
);
CREATE INDEX dialogues_team ON dialogues (team_id, held_on);

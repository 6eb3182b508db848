-- Issue 4: a client's data is erased (AVG, right to erasure). The dialogues, their versions and
-- their attachments go; what stays is which dialogue ids were erased (so a device that still
-- sends one is not believed, and every device hears to purge its copy) and which devices
-- confirmed. No client code is kept.

CREATE TABLE erasures (
    id            INTEGER PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    requested_by  TEXT NOT NULL REFERENCES users (id),
    requested_at  BIGINT NOT NULL
);

CREATE TABLE erased_dialogues (
    dialogue_id  TEXT PRIMARY KEY,
    erasure_id   INTEGER NOT NULL REFERENCES erasures (id),
    owner_id     TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX erased_dialogues_owner ON erased_dialogues (owner_id, erasure_id);

CREATE TABLE erasure_confirmations (
    erasure_id    INTEGER NOT NULL REFERENCES erasures (id),
    client_id     TEXT NOT NULL,
    confirmed_at  BIGINT NOT NULL,
    PRIMARY KEY (erasure_id, client_id)
);

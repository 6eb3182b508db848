-- Issue 4: devices pull what changed since their last pull. Every push that stores something
-- takes the next number of `sync_sequence`; the dialogues it stores carry it as `version`.
-- A device asks for `version > cursor` (its cursor starts at -1, so rows from before get 0).

ALTER TABLE dialogues ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX dialogues_owner_version ON dialogues (owner_id, version);

CREATE TABLE sync_sequence (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  BIGINT NOT NULL
);
INSERT INTO sync_sequence (id, value) VALUES (1, 0);

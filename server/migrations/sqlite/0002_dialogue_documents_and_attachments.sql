-- Issue 3: a dialogue becomes one document (answers, drawings, strengths, scales, reflection,
-- consent) stored as JSON; `shared` mirrors whether the client's consent covers anything, so the
-- team overview can skip the rest without reading them. Attachments (drawings, photos) are
-- stored per uploader, addressed by the SHA-256 of their bytes.
--
-- SQLite dialect (json_object, BLOB); PostgreSQL gets its own migrations (issue 8).

ALTER TABLE dialogues ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dialogues ADD COLUMN shared BOOLEAN NOT NULL DEFAULT FALSE;

-- Carry the keywords of the first version over into the document (nothing is lost).
UPDATE dialogues SET document = json_object(
    'id', id,
    'client_code', client_code,
    'held_on', held_on,
    'client', json_object('good', json_object('text', client_keywords)),
    'worker', json_object('good', json_object('text', worker_keywords)),
    'updated_at_ms', updated_at_ms
);

ALTER TABLE dialogues DROP COLUMN client_keywords;
ALTER TABLE dialogues DROP COLUMN worker_keywords;

CREATE INDEX dialogues_shared ON dialogues (team_id, shared, held_on);

CREATE TABLE attachments (
    owner_id      TEXT NOT NULL REFERENCES users (id),
    hash          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    bytes         BLOB NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (owner_id, hash)
);

-- Issue 4: two devices edit one dialogue. A device sends its copy with the version it builds on;
-- the server merges it with what it holds, from that version (the base). So the server keeps the
-- versions it stored, and per device the copy it sent last (a device that edits on without
-- pulling builds on what it sent). `sent` is NULL when the stored copy is what the device sent.

CREATE TABLE dialogue_history (
    dialogue_id  TEXT NOT NULL REFERENCES dialogues (id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    client_id    TEXT,
    document     TEXT NOT NULL,
    sent         TEXT,
    PRIMARY KEY (dialogue_id, version)
);
CREATE INDEX dialogue_history_client ON dialogue_history (dialogue_id, client_id, version);

-- What the server holds now is the base of the next change of every existing dialogue.
INSERT INTO dialogue_history (dialogue_id, version, client_id, document, sent)
SELECT id, version, NULL, document, NULL FROM dialogues;

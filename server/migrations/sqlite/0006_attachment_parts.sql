-- Issue 4: attachments arrive in parts, so a cut upload goes on where it stopped. Parts wait
-- here until the last one arrives; then they are joined, checked against the hash and moved to
-- `attachments`.

CREATE TABLE attachment_parts (
    owner_id      TEXT NOT NULL REFERENCES users (id),
    hash          TEXT NOT NULL,
    "offset"      BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    bytes         BLOB NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (owner_id, hash, "offset")
);

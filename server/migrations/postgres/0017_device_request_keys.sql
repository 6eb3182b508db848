-- Issue 15 (SQLite 0017): a session's cookie alone no longer opens client content. A password login hands the
-- device a request key (kept inside its PIN-locked vault; only its SHA-256 is stored here) that
-- every content request carries in a header an address-bar request cannot add; and only a
-- fresh password login (until `fresh_until`) may fetch a vault's recovery key.
ALTER TABLE sessions ADD COLUMN request_key_hash TEXT;
ALTER TABLE sessions ADD COLUMN fresh_until BIGINT NOT NULL DEFAULT 0;

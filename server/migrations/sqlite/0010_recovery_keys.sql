-- Issue 7: the recovery key of each device vault. The device keeps its data key wrapped twice:
-- by a key from the worker's PIN, and by this random key, which only the logged-in user gets
-- (an online login then opens the vault when the PIN is forgotten or tried wrong ten times).
-- The device never stores this key; the server never sees the device's data key.
CREATE TABLE recovery_keys (
    user_id    TEXT NOT NULL REFERENCES users (id),
    vault_id   TEXT NOT NULL,
    key_hex    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, vault_id)
);

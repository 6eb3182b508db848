-- Issue 7: sessions end after a while without use (idle timeout) besides their absolute end, and
-- an account can be disabled (its sessions end, it cannot log in).

ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;

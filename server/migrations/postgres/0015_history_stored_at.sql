-- SQLite 0015: when each stored version was written (for `Db::prune_history`).
ALTER TABLE dialogue_history ADD COLUMN stored_at_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE team_record_history ADD COLUMN stored_at_ms BIGINT NOT NULL DEFAULT 0;

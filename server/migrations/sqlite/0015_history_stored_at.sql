-- When each stored version was written, so versions no device is likely to build on any more can
-- be pruned (`Db::prune_history`). Versions from before this migration count as old.
ALTER TABLE dialogue_history ADD COLUMN stored_at_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE team_record_history ADD COLUMN stored_at_ms BIGINT NOT NULL DEFAULT 0;

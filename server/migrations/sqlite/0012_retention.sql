-- Issue 7 (AVG): settings of the whole organisation, first the retention period. With
-- `retention_years` set, dialogues held longer ago than that are erased everywhere (the same
-- erasure as a client's, reaching devices through the sync), in the name of the administrator
-- who set it. Default: no row, nothing is erased.
CREATE TABLE org_settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    set_by  TEXT NOT NULL REFERENCES users (id),
    set_at  BIGINT NOT NULL
);

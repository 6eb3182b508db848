-- Issue 8: failed logins are counted in the database, shared by every server instance (SQLite
-- 0014).
CREATE TABLE login_failures (
    key    TEXT NOT NULL,
    at_ms  BIGINT NOT NULL
);
CREATE INDEX login_failures_counter ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);

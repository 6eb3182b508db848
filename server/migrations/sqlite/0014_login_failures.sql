-- Issue 8: failed logins are counted in the database, not in one server's memory, so several
-- server instances on one database share the limit (an attacker gains nothing by spreading
-- guesses over them). Rows older than the window are pruned as new failures come in.
CREATE TABLE login_failures (
    key    TEXT NOT NULL,
    at_ms  BIGINT NOT NULL
);
CREATE INDEX login_failures_counter ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);

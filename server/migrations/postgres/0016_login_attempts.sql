-- Issue 15 (SQLite 0016): a login attempt is counted before its password is checked, atomically, and a login
-- that succeeds takes its own attempt back: each counted attempt carries the attempt's id.
-- Counters now also exist per account and address (`account:<e-mail>|<address>`).
ALTER TABLE login_failures ADD COLUMN attempt TEXT;
CREATE INDEX login_failures_attempt ON login_failures (attempt);

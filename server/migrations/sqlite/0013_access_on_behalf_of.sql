-- Issue 7 (NEN 7513): on whose behalf an access was done. Empty: the user's own. Filled when
-- the server acts for someone else — a retention erasure in the name of the administrator who
-- set the period, an administrator's export or erasure at a client's request (with its
-- reference).
ALTER TABLE access_events ADD COLUMN on_behalf_of TEXT;

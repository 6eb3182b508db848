-- Issue 17: a page of a pull reads the user's dialogues (and a team's records) in (version, id)
-- order straight from an index. With (owner_id, version) alone the database sorted each push's
-- rows by id (a push gives all its records one version): ~25 ms of a 1,000-dialogue page. The
-- new indexes hold the old ones' columns first, so the old ones go.
CREATE INDEX dialogues_owner_version_id ON dialogues (owner_id, version, id);
DROP INDEX dialogues_owner_version;
CREATE INDEX team_records_team_version_id ON team_records (team_id, version, id);
DROP INDEX team_records_team_version;

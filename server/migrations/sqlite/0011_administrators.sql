-- Issue 7: the `beheerder` (administrator) role. `users.role` keeps the CHECK of 0001 (SQLite
-- cannot change a CHECK without rebuilding the table every other table refers to); an
-- administrator is a user with `admin` set, in a team of their own, and the server reads the
-- role as `beheerder`. An administrator manages users and teams and reads the access log, and
-- gets no client content from any route.
ALTER TABLE users ADD COLUMN admin BOOLEAN NOT NULL DEFAULT FALSE;

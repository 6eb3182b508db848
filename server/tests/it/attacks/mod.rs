//! Issue 15: the holes an attacker's review found — each tried as the attacker would, against
//! the real router and database, one file per theme. SECURITY.md names each test.

mod erasure;
mod logins;
mod pushes;
mod routes;
mod sessions;
mod team;

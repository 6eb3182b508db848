//! What leaves the server as a file: the agenda (CSV, PDF), the access log (CSV). Pure functions
//! of what the routes read; no I/O. (The trend chart is `werkzaam_domain::chart`: the device
//! draws it too.)

pub mod access_log;
pub mod agenda;

//! What leaves the server as a file or a picture: the agenda (CSV, PDF), the access log (CSV),
//! the trend chart (SVG). Pure functions of what the routes read; no I/O.

pub mod access_log;
pub mod agenda;
pub mod charts;

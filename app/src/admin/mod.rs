//! *Beheer*: the administrator's screens (accounts, teams, retention, the access log, AVG
//! requests). No client content.

pub mod screens;

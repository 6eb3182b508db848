//! A person's own account: logging in, and *Mijn account* (sessions, password, who accessed my
//! dialogues).

pub mod login;
pub mod screens;

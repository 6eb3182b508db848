//! The device vault: its rules as plain functions, and its screens (choose a PIN, unlock, log in
//! again online).

pub mod before_app;
pub mod rules;
pub mod screens;

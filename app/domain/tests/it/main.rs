//! The one integration-test binary of the domain crate.

mod advice;
mod common;
mod consent_rules;
mod csv;
mod drawing;
mod family;
mod follow_up;
mod merge;
mod model;
mod review;
mod rounds;
mod team;
mod variant;

pub use common::dialogue;

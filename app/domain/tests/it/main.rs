//! The one integration-test binary of the domain crate.

mod appreciative;
mod common;
mod consent_rules;
mod drawing;
mod merge;
mod model;
mod review;

pub use common::dialogue;

//! The one integration-test binary of the protocol crate.

#[path = "../../../domain/tests/it/common.rs"]
mod common;
mod push_rules;
mod roundtrip;
mod simulation;
mod upload;

pub use common::dialogue;
use werkzaam_domain::Dialogue;
use werkzaam_protocol::sync::{Mutation, Operation};

pub fn upsert(id: u64, record: Dialogue) -> Mutation {
    Mutation {
        id,
        operation: Operation::UpsertDialogue {
            dialogue: Box::new(record),
        },
    }
}

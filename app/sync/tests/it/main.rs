//! The one integration-test binary of the sync crate.

mod push_rules;
mod roundtrip;
mod simulation;

use werkzaam_sync::{DialogueRecord, Mutation, Operation};

/// A valid dialogue for tests.
pub fn dialogue(id: &str, code: &str, keywords: &str) -> DialogueRecord {
    DialogueRecord {
        id: id.to_owned(),
        client_code: code.to_owned(),
        held_on: "2026-11-23".to_owned(),
        client_keywords: keywords.to_owned(),
        worker_keywords: "rust, vertrouwen".to_owned(),
        updated_at_ms: 1_700_000_000_000,
    }
}

pub fn upsert(id: u64, record: DialogueRecord) -> Mutation {
    Mutation {
        id,
        operation: Operation::UpsertDialogue { dialogue: record },
    }
}

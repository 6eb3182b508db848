//! The one integration-test binary of the sync crate.

mod appreciative;
mod consent_rules;
mod drawing;
mod merge;
mod model;
mod push_rules;
mod review;
mod roundtrip;
mod simulation;
mod upload;

use werkzaam_sync::{Dialogue, Mutation, Operation};

/// A valid dialogue for tests, with `keyword` as what goes well for the client.
pub fn dialogue(id: &str, code: &str, keyword: &str) -> Dialogue {
    let mut d = Dialogue::new(
        id.to_owned(),
        code.to_owned(),
        "2026-11-23".to_owned(),
        1_700_000_000_000,
    );
    d.client.good.keywords = vec![keyword.to_owned()];
    d.worker.good.keywords = vec!["rust".to_owned(), "vertrouwen".to_owned()];
    d
}

pub fn upsert(id: u64, record: Dialogue) -> Mutation {
    Mutation {
        id,
        operation: Operation::UpsertDialogue {
            dialogue: Box::new(record),
        },
    }
}

//! What the measuring examples share: the dialogue they push (about 1.4 KB of JSON), a push of
//! a batch of them, and latency percentiles.

use std::time::Duration;

use werkzaam_domain::Dialogue;
use werkzaam_protocol::sync::{Mutation, Operation, PushRequest, PROTOCOL_VERSION};

pub fn dialogue(id: String) -> Dialogue {
    let mut d = Dialogue::new(
        id,
        "WT-2026-014".into(),
        "2026-11-23".into(),
        1_763_900_000_000,
    );
    d.client.good.keywords = vec!["luistert".into(), "komt op tijd".into(), "fijn".into()];
    d.client.better.text = "vaker bellen als er iets verandert, ".repeat(6);
    d.worker.good.text = "open gesprek, samen plannen en afspraken nakomen. ".repeat(5);
    d.reflection.learned = "meer ruimte laten voor tekenen ".repeat(4);
    d
}

/// A push of `batch` new dialogues from `client`, mutation ids `first_id..`, as JSON.
pub fn push_body(client: &str, first_id: u64, batch: usize) -> String {
    let mutations: Vec<Mutation> = (0..batch as u64)
        .map(|i| Mutation {
            id: first_id + i,
            operation: Operation::UpsertDialogue {
                dialogue: Box::new(dialogue(format!("{client}-{}", first_id + i))),
            },
        })
        .collect();
    serde_json::to_string(&PushRequest {
        protocol_version: PROTOCOL_VERSION,
        client_id: client.to_owned(),
        mutations,
    })
    .unwrap()
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

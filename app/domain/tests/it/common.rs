//! What the tests of both pure crates share: a valid dialogue, and a strategy that makes any
//! dialogue. The protocol's test binary includes this file too (`#[path]`), so it is written
//! once.

use proptest::prelude::*;
use werkzaam_domain::dialogue;
use werkzaam_domain::Dialogue;

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

fn part() -> impl Strategy<Value = dialogue::Part> {
    (
        prop::collection::vec("\\PC{1,20}", 0..4),
        "\\PC{0,80}",
        prop::collection::vec((any::<bool>(), "[0-9a-f]{64}", 1..9_000_000u64), 0..3),
    )
        .prop_map(|(keywords, text, media)| dialogue::Part {
            keywords,
            text,
            media: media
                .into_iter()
                .map(|(drawing, hash, bytes)| dialogue::MediaRef {
                    kind: if drawing {
                        dialogue::MediaKind::Drawing
                    } else {
                        dialogue::MediaKind::Photo
                    },
                    hash,
                    bytes,
                })
                .collect(),
        })
}

pub fn record() -> impl Strategy<Value = Dialogue> {
    (
        (
            "[a-f0-9-]{1,36}",
            "\\PC{0,40}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            any::<i64>(),
        ),
        (part(), part(), part(), part()),
        (
            "\\PC{0,40}",
            "\\PC{0,40}",
            prop::option::of(0..=10u8),
            any::<bool>(),
        ),
        (0..3u8, any::<bool>(), any::<bool>(), any::<bool>()),
        (
            part(),
            prop::collection::vec(("[a-z0-9]{1,8}", "[a-z][a-z ]{0,29}", 0..3u8), 0..3),
            prop::option::of(1..=3u8),
            (0..3u8, any::<bool>(), 0..3u8),
        ),
        prop::collection::vec((1..=4u8, 0..6usize, part(), part()), 0..3),
    )
        .prop_map(
            |(
                (id, client_code, held_on, updated_at_ms),
                (cg, cb, wg, wb),
                (living, learned, score, done),
                (decision, answers, media, reflection),
                (sheet, agreements, mirror, (path, u, client_consent)),
                others,
            )| {
                let mut d = Dialogue::new(id, client_code, held_on, updated_at_ms);
                d.client = dialogue::Perspective {
                    good: cg,
                    better: cb,
                };
                d.worker = dialogue::Perspective {
                    good: wg,
                    better: wb,
                };
                d.strengths.living = living;
                d.reflection.learned = learned;
                d.scales.client.overall = score;
                d.status = if done {
                    dialogue::Status::Done
                } else {
                    dialogue::Status::Draft
                };
                d.consent = dialogue::Consent {
                    decision: match decision {
                        0 => dialogue::ConsentDecision::NotAsked,
                        1 => dialogue::ConsentDecision::Yes,
                        _ => dialogue::ConsentDecision::No,
                    },
                    recorded_on: "2026-11-23".into(),
                    answers,
                    media,
                    reflection,
                };
                d.sheet = sheet.media;
                for (i, (id, what, who)) in agreements.into_iter().enumerate() {
                    let id = format!("a{i}-{id}");
                    d.checks.push(dialogue::Check {
                        agreement: id.clone(),
                        what: what.clone(),
                        progress: dialogue::Progress::ALL[usize::from(who)],
                    });
                    d.agreements.push(dialogue::Agreement {
                        id,
                        what,
                        who: dialogue::Party::ALL[usize::from(who)],
                        when: String::new(),
                    });
                }
                d.mirror.client.time = mirror;
                d.mirror.worker.forward = mirror.map(|m| 4 - m);
                d.path = dialogue::Path::ALL[usize::from(path)];
                d.address = if u {
                    dialogue::Address::U
                } else {
                    dialogue::Address::Je
                };
                d.client_consent = match client_consent {
                    0 => dialogue::ConsentDecision::NotAsked,
                    1 => dialogue::ConsentDecision::Yes,
                    _ => dialogue::ConsentDecision::No,
                };
                for (slot, relation, good, better) in others {
                    if d.other(slot).is_none() {
                        d.others.push(dialogue::Participant {
                            slot,
                            relation: Some(dialogue::Relation::ALL[relation]),
                            good,
                            better,
                        });
                    }
                }
                d.others.sort_by_key(|p| p.slot);
                d
            },
        )
}

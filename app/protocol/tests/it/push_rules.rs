use crate::{dialogue, upsert};
use proptest::prelude::*;
use werkzaam_protocol::error::*;
use werkzaam_protocol::push::{plan_push, Refusal};
use werkzaam_protocol::sync::*;

fn request(mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        protocol_version: PROTOCOL_VERSION,
        client_id: "device-1".into(),
        mutations,
    }
}

fn batch(first: u64, count: u64) -> Vec<Mutation> {
    (first..first + count)
        .map(|id| upsert(id, dialogue(&format!("d{id}"), "C-1", "goed")))
        .collect()
}

#[test]
fn a_fresh_batch_is_applied_whole() {
    let req = request(batch(1, 3));
    let plan = plan_push(0, &req).unwrap();
    assert_eq!(plan.to_apply.len(), 3);
    assert_eq!(plan.last_mutation_id, 3);
}

#[test]
fn a_replayed_batch_applies_nothing() {
    let req = request(batch(1, 3));
    let plan = plan_push(3, &req).unwrap();
    assert!(plan.to_apply.is_empty());
    assert_eq!(plan.last_mutation_id, 3);
}

#[test]
fn a_partly_applied_batch_applies_only_the_new_tail() {
    let req = request(batch(1, 5));
    let plan = plan_push(2, &req).unwrap();
    assert_eq!(
        plan.to_apply.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
}

#[test]
fn a_batch_after_a_gap_is_refused() {
    let req = request(batch(5, 2));
    assert_eq!(
        plan_push(2, &req),
        Err(Refusal::Gap {
            expected: 3,
            got: 5
        })
    );
}

#[test]
fn a_batch_with_one_invalid_record_is_refused_naming_it() {
    let mut mutations = batch(1, 3);
    mutations[1] = upsert(2, dialogue("d2", "", "x"));
    let refusal = plan_push(0, &request(mutations)).unwrap_err();
    assert!(matches!(
        refusal,
        Refusal::InvalidMutation { mutation_id: 2, .. }
    ));
    assert!(refusal.message().contains("Wijziging 2"));
}

#[test]
fn other_protocol_versions_are_refused() {
    let mut req = request(batch(1, 1));
    req.protocol_version = PROTOCOL_VERSION + 1;
    assert!(matches!(
        plan_push(0, &req),
        Err(Refusal::ProtocolVersion { .. })
    ));
}

#[test]
fn ids_that_do_not_go_up_by_one_are_refused() {
    let mut mutations = batch(1, 3);
    mutations[2].id = 7;
    assert!(matches!(
        plan_push(0, &request(mutations)),
        Err(Refusal::NotConsecutive { at_index: 2 })
    ));
}

#[test]
fn oversized_batches_are_refused() {
    let req = request(batch(1, MAX_MUTATIONS_PER_PUSH as u64 + 1));
    assert!(matches!(plan_push(0, &req), Err(Refusal::TooMany { .. })));
}

proptest! {
    #[test]
    fn applying_a_batch_twice_equals_once(last in 0u64..50, first in 1u64..60, count in 0u64..20) {
        let req = request(batch(first, count));
        if let Ok(plan) = plan_push(last, &req) {
            let after_once = plan.last_mutation_id;
            let again = plan_push(after_once, &req).unwrap();
            prop_assert!(again.to_apply.is_empty());
            prop_assert_eq!(again.last_mutation_id, after_once);
        }
    }

    #[test]
    fn an_accepted_plan_continues_without_gap(last in 0u64..50, first in 1u64..60, count in 1u64..20) {
        let req = request(batch(first, count));
        if let Ok(plan) = plan_push(last, &req) {
            if let Some(m) = plan.to_apply.first() {
                prop_assert_eq!(m.id, last + 1);
            }
            prop_assert!(plan.last_mutation_id >= last);
        }
    }
}

#[test]
fn a_batch_stops_at_the_byte_budget_but_always_carries_one() {
    use werkzaam_protocol::outbox::{next_batch, MAX_PUSH_BYTES};
    let pending: Vec<Mutation> = (1..=10)
        .map(|id| upsert(id, dialogue(&format!("d{id}"), "C-1", "x")))
        .collect();
    assert_eq!(next_batch(&pending, |_| 10).len(), 10);
    assert_eq!(next_batch(&pending, |_| MAX_PUSH_BYTES / 3).len(), 3);
    // One mutation larger than the budget still goes, alone.
    assert_eq!(next_batch(&pending, |_| MAX_PUSH_BYTES * 2).len(), 1);
    assert!(next_batch::<Mutation>(&[], |_| 1).is_empty());
    let many: Vec<Mutation> = (1..=werkzaam_protocol::sync::MAX_MUTATIONS_PER_PUSH as u64 + 5)
        .map(|id| upsert(id, dialogue(&format!("d{id}"), "C-1", "x")))
        .collect();
    assert_eq!(
        next_batch(&many, |_| 1).len(),
        werkzaam_protocol::sync::MAX_MUTATIONS_PER_PUSH
    );
}

#[test]
fn retries_back_off_with_jitter_up_to_five_minutes() {
    use werkzaam_protocol::outbox::retry_delay_ms;
    assert_eq!(retry_delay_ms(1, 1.0), 2_000);
    assert_eq!(retry_delay_ms(1, 0.0), 1_000);
    assert_eq!(retry_delay_ms(3, 1.0), 8_000);
    assert_eq!(retry_delay_ms(30, 1.0), 300_000);
    assert_eq!(retry_delay_ms(u32::MAX, 0.0), 150_000);
    for failures in 1..40 {
        for r in [0.0, 0.3, 0.99, 1.0] {
            let d = retry_delay_ms(failures, r);
            assert!((1_000..=300_000).contains(&d), "{failures} {r} {d}");
            assert!(d >= retry_delay_ms(failures.saturating_sub(1).max(1), r) / 2);
        }
    }
}

#[test]
fn changes_waiting_three_days_get_a_warning() {
    use werkzaam_protocol::outbox::{unsent_days, UNSENT_WARNING_MS};
    let now = 1_800_000_000_000;
    assert_eq!(unsent_days(None, now), None);
    assert_eq!(unsent_days(Some(now - UNSENT_WARNING_MS + 1), now), None);
    assert_eq!(unsent_days(Some(now - UNSENT_WARNING_MS - 1), now), Some(3));
}

#[test]
fn a_refused_change_is_set_aside_and_the_rest_still_follows_on() {
    use werkzaam_protocol::outbox::{dialogue_id, set_aside};
    let mut pending: Vec<Mutation> = (4..=6)
        .map(|id| upsert(id, dialogue(&format!("d{id}"), "C-1", "x")))
        .collect();
    let original = set_aside(&mut pending, 5).unwrap();
    assert_eq!(dialogue_id(&original), Some("d5"));
    assert_eq!(pending[1].operation, Operation::Noop);
    assert_eq!(dialogue_id(&pending[1]), None);
    assert_eq!(
        set_aside(&mut pending, 5),
        None,
        "a placeholder is not set aside again"
    );
    assert_eq!(set_aside(&mut pending, 9), None);
    // The server takes the batch with the placeholder: nothing is missing in the numbering.
    let request = PushRequest {
        protocol_version: PROTOCOL_VERSION,
        client_id: "c".into(),
        mutations: pending.clone(),
    };
    let plan = plan_push(3, &request).unwrap();
    assert_eq!(plan.last_mutation_id, 6);
    let json = serde_json::to_value(&pending[1]).unwrap();
    assert_eq!(json["operation"], "noop");
}

#[test]
fn an_error_names_the_refused_mutation_only_when_there_is_one() {
    let body = ErrorBody {
        code: ErrorCode::InvalidInput,
        message: "x".into(),
        mutation_id: Some(7),
    };
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(json["mutation_id"], 7);
    let none = ErrorBody {
        mutation_id: None,
        ..body
    };
    assert!(serde_json::to_value(&none)
        .unwrap()
        .get("mutation_id")
        .is_none());
}

#[test]
fn a_pull_does_not_overwrite_a_dialogue_with_unsent_changes_and_brings_it_again() {
    use werkzaam_protocol::outbox::{pulled_page, PendingRef};
    let pending = vec![upsert(7, dialogue("mine", "C-1", "nieuw hier"))];
    let mut mine = dialogue("mine", "C-1", "oud van de server");
    mine.version = 12;
    let mut other = dialogue("other", "C-2", "van de tablet");
    other.version = 14;
    let page = pulled_page(&pending, vec![mine.clone(), other], 14, None);
    let kept: Vec<String> = page.store.into_iter().map(|d| d.id).collect();
    assert_eq!(kept, vec!["other"]);
    // The cursor stays before the dialogue passed over, also across later pages.
    assert_eq!(page.keep_cursor, 11);
    let later =
        pulled_page::<_, werkzaam_domain::Dialogue>(&pending, vec![], 30, Some(page.keep_cursor));
    assert_eq!(later.keep_cursor, 11);
    // The same from the ids alone (what an encrypted device store reads inside a transaction).
    let refs: Vec<PendingRef> = pending.iter().map(PendingRef::from).collect();
    assert_eq!(refs[0].dialogue_id.as_deref(), Some("mine"));
    let by_ref = pulled_page(&refs, vec![mine.clone()], 14, None);
    assert_eq!((by_ref.store.len(), by_ref.keep_cursor), (0, 11));
    // Without unsent changes everything pulled is stored and the cursor moves on.
    let page = pulled_page::<Mutation, _>(&[], vec![mine], 14, None);
    assert_eq!((page.store.len(), page.keep_cursor), (1, 14));
}

#[test]
fn a_team_record_with_unsent_changes_is_not_overwritten_and_comes_again() {
    use werkzaam_domain::team::Action;
    use werkzaam_protocol::outbox::{team_page, PendingRef};
    let pending = vec![Mutation {
        id: 4,
        operation: Operation::UpsertAction {
            action: Box::new(Action {
                id: "actie-1".into(),
                ..Action::default()
            }),
        },
    }];
    let pulled = vec![("verhaal-1".to_owned(), 8), ("actie-1".to_owned(), 9)];
    let (store, cursor) = team_page(&pending, &pulled, 9, None);
    assert_eq!((store, cursor), (vec!["verhaal-1"], 8));
    let refs: Vec<PendingRef> = pending.iter().map(PendingRef::from).collect();
    assert_eq!(refs[0].team_record_id.as_deref(), Some("actie-1"));
    assert_eq!(team_page(&refs, &pulled, 9, None), (vec!["verhaal-1"], 8));
    let (store, cursor) = team_page::<Mutation>(&[], &pulled, 9, Some(3));
    assert_eq!((store.len(), cursor), (2, 3));
}

#[test]
fn a_change_stored_by_an_older_app_still_reads() {
    use werkzaam_protocol::outbox::upgrade_mutation_json;
    let d = dialogue("d1", "C-1", "oud");
    let old = format!(
        r#"{{"id":7,"operation":{{"type":"upsert_dialogue","dialogue":{}}}}}"#,
        serde_json::to_string(&d).unwrap()
    );
    assert!(serde_json::from_str::<Mutation>(&old).is_err());
    let upgraded = upgrade_mutation_json(&old).unwrap();
    assert_eq!(
        serde_json::from_str::<Mutation>(&upgraded).unwrap(),
        upsert(7, d)
    );
    let noop = upgrade_mutation_json(r#"{"id":8,"operation":{"type":"noop"}}"#).unwrap();
    assert_eq!(
        serde_json::from_str::<Mutation>(&noop).unwrap(),
        Mutation {
            id: 8,
            operation: Operation::Noop
        }
    );
    // Today's form is left alone.
    let new = serde_json::to_string(&upsert(9, dialogue("d2", "C-2", "nieuw"))).unwrap();
    assert_eq!(upgrade_mutation_json(&new), None);
}

#[test]
fn a_pull_page_ends_on_a_whole_version() {
    use werkzaam_protocol::sync::page_of_whole_versions;
    // Fewer rows than a page: all of them, nothing more.
    assert_eq!(page_of_whole_versions(&[1, 2, 2], 5), (3, false));
    // The row after the page shares the page's last version: that version waits whole.
    assert_eq!(page_of_whole_versions(&[1, 2, 3, 3, 3], 4), (2, true));
    // The next version starts right after the page: the page is full.
    assert_eq!(page_of_whole_versions(&[1, 2, 3, 4], 3), (3, true));
    // A version as large as a page fills it whole.
    assert_eq!(page_of_whole_versions(&[7, 7, 7, 8], 3), (3, true));
    // A version larger than a page cannot happen (a push stores at most
    // MAX_MUTATIONS_PER_PUSH, no more than MAX_DIALOGUES_PER_PULL); the page would keep one row.
    assert_eq!(page_of_whole_versions(&[7, 7, 7], 2), (1, true));
    assert_eq!(page_of_whole_versions(&[], 3), (0, false));
}

#[test]
fn of_several_saves_of_one_dialogue_in_a_batch_only_the_last_carries_it() {
    use werkzaam_protocol::outbox::{dialogue_id, latest_only};
    let mut batch = vec![
        upsert(1, dialogue("a", "C-1", "eerste")),
        upsert(2, dialogue("b", "C-2", "ander")),
        upsert(3, dialogue("a", "C-1", "tweede")),
        Mutation {
            id: 4,
            operation: Operation::Noop,
        },
        upsert(5, dialogue("a", "C-1", "derde")),
    ];
    latest_only(&mut batch);
    let ids: Vec<u64> = batch.iter().map(|m| m.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5], "the numbering keeps no gap");
    let about: Vec<Option<&str>> = batch.iter().map(dialogue_id).collect();
    assert_eq!(about, [None, Some("b"), None, None, Some("a")]);
    assert_eq!(batch[4], upsert(5, dialogue("a", "C-1", "derde")));
    let request = PushRequest {
        protocol_version: PROTOCOL_VERSION,
        client_id: "c".into(),
        mutations: batch,
    };
    assert_eq!(plan_push(0, &request).unwrap().last_mutation_id, 5);
}

proptest! {
    /// Whatever the saves, every dialogue of the batch goes exactly once, as its last save, at
    /// that save's place, and nothing else changes.
    #[test]
    fn latest_only_sends_each_dialogue_once_as_last_saved(saves in proptest::collection::vec((0u8..4, 0u32..1000), 0..30)) {
        use werkzaam_protocol::outbox::{dialogue_id, latest_only, Outgoing};
        let before: Vec<Mutation> = saves
            .iter()
            .enumerate()
            .map(|(i, (d, text))| upsert(i as u64 + 1, dialogue(&format!("d{d}"), "C-1", &text.to_string())))
            .collect();
        let mut after = before.clone();
        latest_only(&mut after);
        prop_assert_eq!(after.len(), before.len());
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            prop_assert_eq!(a.id, b.id);
            let last = !before[i + 1..].iter().any(|m| dialogue_id(m) == dialogue_id(b));
            if last {
                prop_assert_eq!(a, b);
            } else {
                prop_assert_eq!(&a.operation, &Operation::Noop);
            }
        }
        // The same batch as the device sends it (its JSON already written) comes out the same.
        let mut outgoing: Vec<Outgoing> = before.iter().map(|m| Outgoing::of(m).unwrap()).collect();
        latest_only(&mut outgoing);
        let expected: Vec<Outgoing> = after.iter().map(|m| Outgoing::of(m).unwrap()).collect();
        prop_assert_eq!(outgoing, expected);
    }
}

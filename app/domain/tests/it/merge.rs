//! The field-by-field merge of two edits of one dialogue: property tests on edit scripts.

use proptest::prelude::*;
use werkzaam_domain::dialogue::*;
use werkzaam_domain::rules::consent::covered;
use werkzaam_domain::{
    dialogue::{get, set, FIELDS},
    merge::{apply_upsert, base_source, candidates, conflict, merge, resolve, BaseSource, Value},
};

fn fields_of_kind(kind: fn(&Value) -> bool) -> Vec<&'static str> {
    let d = Dialogue::default();
    FIELDS
        .into_iter()
        .filter(|f| get(&d, f).as_ref().is_some_and(kind))
        .collect()
}

/// One change a worker can make.
#[derive(Debug, Clone)]
enum Edit {
    Text(usize, String),
    AddWord(usize, String),
    RemoveWord(usize, usize),
    AddMedia(usize, u8),
    RemoveMedia(usize, usize),
    Score(usize, Option<u8>),
    Status(bool),
    Consent(u8, bool, bool, bool),
    Delete(bool),
    /// A participant of a family dialogue added, changed or taken away (slot, relation).
    Relation(u8, Option<usize>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..30usize, "[a-z ]{0,8}").prop_map(|(f, s)| Edit::Text(f, s)),
        (0..14usize, "[a-z]{1,6}").prop_map(|(f, s)| Edit::AddWord(f, s)),
        (0..14usize, 0..6usize).prop_map(|(f, i)| Edit::RemoveWord(f, i)),
        (0..14usize, any::<u8>()).prop_map(|(f, h)| Edit::AddMedia(f, h)),
        (0..14usize, 0..6usize).prop_map(|(f, i)| Edit::RemoveMedia(f, i)),
        (1..=4u8, prop::option::of(0..6usize)).prop_map(|(s, r)| Edit::Relation(s, r)),
        (0..8usize, prop::option::of(0..=10u8)).prop_map(|(f, v)| Edit::Score(f, v)),
        any::<bool>().prop_map(Edit::Status),
        (0..3u8, any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(d, a, m, r)| Edit::Consent(d, a, m, r)),
        prop::bool::weighted(0.7).prop_map(Edit::Delete),
    ]
}

fn apply(d: &mut Dialogue, e: &Edit) {
    let texts = fields_of_kind(|v| matches!(v, Value::Text(_)));
    let words = fields_of_kind(|v| matches!(v, Value::Words(_)));
    let media = fields_of_kind(|v| matches!(v, Value::Media(_)));
    let scores = fields_of_kind(|v| matches!(v, Value::Score(_)));
    match e {
        Edit::Text(f, s) => {
            set(d, texts[f % texts.len()], Value::Text(s.clone()));
        }
        Edit::AddWord(f, w) => {
            let f = words[f % words.len()];
            if let Some(Value::Words(mut list)) = get(d, f) {
                if !list.contains(w) {
                    list.push(w.clone());
                }
                set(d, f, Value::Words(list));
            }
        }
        Edit::RemoveWord(f, i) => {
            let f = words[f % words.len()];
            if let Some(Value::Words(mut list)) = get(d, f) {
                if *i < list.len() {
                    list.remove(*i);
                }
                set(d, f, Value::Words(list));
            }
        }
        Edit::AddMedia(f, h) => {
            let f = media[f % media.len()];
            if let Some(Value::Media(mut list)) = get(d, f) {
                let m = MediaRef {
                    kind: MediaKind::Drawing,
                    hash: format!("{h:064x}"),
                    bytes: 10,
                };
                if !list.contains(&m) {
                    list.push(m);
                }
                set(d, f, Value::Media(list));
            }
        }
        Edit::RemoveMedia(f, i) => {
            let f = media[f % media.len()];
            if let Some(Value::Media(mut list)) = get(d, f) {
                if *i < list.len() {
                    list.remove(*i);
                }
                set(d, f, Value::Media(list));
            }
        }
        Edit::Score(f, v) => {
            set(d, scores[f % scores.len()], Value::Score(*v));
        }
        Edit::Status(done) => d.status = if *done { Status::Done } else { Status::Draft },
        Edit::Delete(deleted) => d.deleted = *deleted,
        Edit::Relation(slot, relation) => {
            set(
                d,
                &format!("others.{slot}.relation"),
                Value::Relation(relation.map(|r| Relation::ALL[r])),
            );
        }
        Edit::Consent(dec, a, m, r) => {
            d.consent = Consent {
                decision: [
                    ConsentDecision::NotAsked,
                    ConsentDecision::Yes,
                    ConsentDecision::No,
                ][*dec as usize % 3],
                recorded_on: if *dec % 3 == 0 {
                    String::new()
                } else {
                    "2026-11-23".into()
                },
                answers: *a,
                media: *m,
                reflection: *r,
            }
        }
    }
}

/// A base dialogue and two edit scripts on it (two devices).
fn scenario() -> impl Strategy<Value = (Dialogue, Dialogue, Dialogue)> {
    (
        prop::collection::vec(edit(), 0..12),
        prop::collection::vec(edit(), 0..8),
        prop::collection::vec(edit(), 0..8),
    )
        .prop_map(|(setup, xs, ys)| {
            let mut base = Dialogue::new("d1".into(), "C-1".into(), "2026-11-01".into(), 0);
            for e in &setup {
                apply(&mut base, e);
            }
            let (mut x, mut y) = (base.clone(), base.clone());
            for e in &xs {
                apply(&mut x, e);
            }
            for e in &ys {
                apply(&mut y, e);
            }
            (base, x, y)
        })
}

fn as_set(v: Value) -> Value {
    match v {
        Value::Words(mut w) => {
            w.sort();
            Value::Words(w)
        }
        Value::Media(mut m) => {
            m.sort_by(|a, b| a.hash.cmp(&b.hash));
            Value::Media(m)
        }
        other => other,
    }
}

fn same_set(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

proptest! {
    #[test]
    fn an_edit_on_one_side_only_is_taken_whole((b, x, _y) in scenario()) {
        let m = merge(&b, &x, &b);
        prop_assert_eq!(&m, &x);
        prop_assert!(m.conflicts.is_empty());
        let m = merge(&b, &b, &x);
        prop_assert_eq!(&m, &x);
        let m = merge(&b, &x, &x);
        prop_assert_eq!(&m, &x);
    }

    #[test]
    fn the_same_fields_conflict_whichever_side_arrives_first((b, x, y) in scenario()) {
        let xy = merge(&b, &x, &y);
        let yx = merge(&b, &y, &x);
        let fields = |m: &Dialogue| m.conflicts.iter().map(|c| c.field.clone()).collect::<Vec<_>>();
        prop_assert_eq!(fields(&xy), fields(&yx));
        for f in FIELDS {
            if conflict(&xy, f).is_some() {
                // Both orders keep the same values to choose from.
                prop_assert!(same_set(&candidates(&xy, f), &candidates(&yx, f)), "field {}", f);
            } else {
                // Outside the conflicts both orders give the same dialogue (lists as sets).
                prop_assert_eq!(as_set(get(&xy, f).unwrap()), as_set(get(&yx, f).unwrap()), "field {}", f);
            }
        }
    }

    #[test]
    fn nothing_either_side_changed_is_lost((b, x, y) in scenario()) {
        let m = merge(&b, &x, &y);
        for f in FIELDS {
            let (bv, xv, yv, mv) = (get(&b, f).unwrap(), get(&x, f).unwrap(), get(&y, f).unwrap(), get(&m, f).unwrap());
            match (&bv, &xv, &yv, &mv) {
                (Value::Words(bl), Value::Words(xl), Value::Words(yl), Value::Words(ml)) => {
                    for w in xl.iter().chain(yl) {
                        if !bl.contains(w) { prop_assert!(ml.contains(w), "added {} lost in {}", w, f); }
                    }
                    for w in bl {
                        if xl.contains(w) && yl.contains(w) { prop_assert!(ml.contains(w)); }
                        if !xl.contains(w) || !yl.contains(w) { prop_assert!(!ml.contains(w), "removed {} came back in {}", w, f); }
                    }
                }
                (Value::Media(bl), Value::Media(xl), Value::Media(yl), Value::Media(ml)) => {
                    for item in xl.iter().chain(yl) {
                        if !bl.contains(item) { prop_assert!(ml.contains(item)); }
                    }
                }
                _ => {
                    let kept = candidates(&m, f);
                    for side in [&xv, &yv] {
                        if *side != bv {
                            prop_assert!(kept.contains(side), "change of {} lost", f);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_merge_invents_no_values_except_the_strictest_consent((b, x, y) in scenario()) {
        let m = merge(&b, &x, &y);
        for f in FIELDS {
            if f == "consent" || conflict(&m, f).is_none() {
                continue;
            }
            for v in candidates(&m, f) {
                prop_assert!(v == get(&x, f).unwrap() || v == get(&y, f).unwrap(), "{} got {:?}", f, v);
            }
        }
    }

    #[test]
    fn a_consent_conflict_never_shares_more_than_either_version((b, x, y) in scenario()) {
        let m = merge(&b, &x, &y);
        if conflict(&m, "consent").is_some() {
            // What each side's consent allows, whether or not that side also deleted the
            // dialogue: a restore on one device and a consent change on a deleted copy on another
            // still shares no more than both consents allow.
            let allowed = |d: &Dialogue| {
                let mut alive = d.clone();
                alive.deleted = false;
                alive.conflicts.clear();
                covered(&alive)
            };
            let (cm, cx, cy) = (covered(&m), allowed(&x), allowed(&y));
            prop_assert!(!cm.answers || (cx.answers && cy.answers));
            prop_assert!(!cm.media || (cx.media && cy.media));
            prop_assert!(!cm.reflection || (cx.reflection && cy.reflection));
        }
    }

    /// A third device that had not seen the first conflict still adds its value to it, and a
    /// device that resolves the conflict closes it for everyone.
    #[test]
    fn conflicts_grow_with_a_third_device_and_close_when_resolved((b, x, y) in scenario(), z in prop::collection::vec(edit(), 0..8)) {
        let mut third = b.clone();
        for e in &z {
            apply(&mut third, e);
        }
        let xy = merge(&b, &x, &y);
        let xyz = merge(&b, &xy, &third);
        for f in FIELDS {
            let zv = get(&third, f).unwrap();
            if matches!(zv, Value::Words(_) | Value::Media(_)) || zv == get(&b, f).unwrap() {
                continue;
            }
            prop_assert!(candidates(&xyz, f).contains(&zv), "third value of {} lost", f);
        }
        // Someone resolves every conflict on a device that pulled the merge.
        let mut resolved = xyz.clone();
        for c in xyz.conflicts.clone() {
            let chosen = c.others.last().unwrap().clone();
            prop_assert!(resolve(&mut resolved, &c.field, chosen.clone()));
            prop_assert_eq!(get(&resolved, &c.field).unwrap(), chosen);
        }
        prop_assert!(resolved.conflicts.is_empty());
        let stored = merge(&xyz, &xyz, &resolved);
        prop_assert_eq!(&stored, &resolved);
    }
}

#[test]
fn the_same_text_changed_on_two_devices_keeps_both() {
    let base = crate::dialogue("d1", "C-1", "x");
    let (mut phone, mut tablet) = (base.clone(), base.clone());
    phone.reflection.learned = "meer tijd nemen".into();
    tablet.reflection.learned = "vaker samen tekenen".into();
    tablet.client.good.keywords.push("geduldig".into());
    let m = merge(&base, &phone, &tablet);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, "reflection.learned");
    assert_eq!(
        m.conflicts[0].others,
        vec![Value::Text("vaker samen tekenen".into())]
    );
    assert_eq!(m.reflection.learned, "meer tijd nemen");
    // The other field merged without a conflict.
    assert_eq!(m.client.good.keywords, vec!["x", "geduldig"]);
}

#[test]
fn a_delete_on_one_device_and_a_change_on_another_keeps_the_dialogue_for_a_person_to_decide() {
    let base = crate::dialogue("d1", "C-1", "x");
    let mut phone = base.clone();
    phone.deleted = true;
    let mut tablet = base.clone();
    tablet.reflection.learned = "nog iets belangrijks".into();
    for m in [merge(&base, &phone, &tablet), merge(&base, &tablet, &phone)] {
        assert!(!m.deleted);
        assert_eq!(m.reflection.learned, "nog iets belangrijks");
        assert_eq!(
            candidates(&m, "deleted"),
            vec![Value::Flag(false), Value::Flag(true)]
        );
    }
    // Without a change elsewhere the delete simply goes through.
    let m = merge(&base, &phone, &base);
    assert!(m.deleted && m.conflicts.is_empty());
    // A deleted dialogue is shared with no one, whatever the consent said.
    let mut shared = base.clone();
    shared.consent.decision = ConsentDecision::Yes;
    shared.consent.recorded_on = "2026-11-23".into();
    shared.consent.answers = true;
    assert!(werkzaam_domain::rules::consent::is_shared(&shared));
    shared.deleted = true;
    assert!(!werkzaam_domain::rules::consent::is_shared(&shared));
}

#[test]
fn a_device_that_edits_on_after_its_push_builds_on_what_it_sent() {
    assert_eq!(base_source(3, None), BaseSource::Stored(3));
    assert_eq!(base_source(3, Some(2)), BaseSource::Stored(3));
    assert_eq!(base_source(3, Some(3)), BaseSource::Stored(3));
    assert_eq!(base_source(3, Some(7)), BaseSource::LastSent);

    // The phone sends "a" twice in a row without pulling: its second copy must not conflict
    // with its own first one.
    let mut base = crate::dialogue("d1", "C-1", "x");
    base.version = 3;
    let mut first = base.clone();
    first.reflection.learned = "a".into();
    let stored = apply_upsert(Some(&base), None, &first, 5);
    assert_eq!(stored.version, 5);
    let mut second = first.clone();
    second.reflection.learned = "ab".into();
    // The server picks the copy sent last as the base, as base_source says.
    let stored = apply_upsert(Some(&stored), Some(&first), &second, 6);
    assert!(stored.conflicts.is_empty());
    assert_eq!(stored.reflection.learned, "ab");
    assert_eq!(stored.version, 6);
}

#[test]
fn without_a_known_base_every_difference_is_kept_as_a_conflict() {
    let mut held = crate::dialogue("d1", "C-1", "x");
    held.version = 9;
    held.reflection.learned = "op de server".into();
    let mut incoming = held.clone();
    incoming.version = 4;
    incoming.reflection.learned = "op het apparaat".into();
    let stored = apply_upsert(Some(&held), None, &incoming, 10);
    assert_eq!(
        candidates(&stored, "reflection.learned"),
        vec![
            Value::Text("op de server".into()),
            Value::Text("op het apparaat".into())
        ]
    );
    // A new dialogue is stored as sent.
    let fresh = apply_upsert(None, None, &incoming, 11);
    assert_eq!(fresh.reflection.learned, "op het apparaat");
    assert_eq!(fresh.version, 11);
}

#[test]
fn every_field_name_reads_and_writes() {
    let mut d = Dialogue::default();
    for f in FIELDS {
        let v = get(&d, f).unwrap_or_else(|| panic!("{f}"));
        assert!(set(&mut d, f, v), "{f}");
    }
    assert!(get(&d, "client.good.colour").is_none());
    assert!(!set(&mut d, "held_on", Value::Score(Some(3))));
    assert!(!set(&mut d, "strengths.weather", Value::Text("x".into())));
}

//! Issue 6's pure rules: the alerts (drop, low, divergence) with their edge cases, the trend,
//! keyword counting, the team's dialogues per month, reflections, de-identification; and what
//! improves (issue 19).

use werkzaam_domain::dialogue::{Aspect, PartKey, Question, Scale, Side};
use werkzaam_domain::review::*;
use werkzaam_domain::Dialogue;

/// A dialogue of `code` on `day` with the client's and the worker's "Alles bij elkaar".
fn scored(id: &str, code: &str, day: &str, client: Option<u8>, worker: Option<u8>) -> Dialogue {
    let mut d = Dialogue::new(id.into(), code.into(), day.into(), 1);
    d.scales.client.set(Scale::Overall, client);
    d.scales.worker.set(Scale::Overall, worker);
    d
}

fn kinds(alerts: &[Alert]) -> Vec<(AlertKind, &str, u8, u8)> {
    alerts
        .iter()
        .map(|a| (a.kind, a.dialogue_id.as_str(), a.score, a.other))
        .collect()
}

#[test]
fn a_drop_of_two_or_more_since_the_dialogue_before_raises_an_alert() {
    let t = Thresholds::default();
    let list = [
        scored("d3", "WT-1", "2026-10-20", Some(6), Some(7)),
        scored("d1", "WT-1", "2026-09-01", Some(9), Some(8)),
        scored("d2", "WT-1", "2026-09-20", Some(8), Some(8)),
    ];
    let found = alerts(&list, &t);
    assert_eq!(
        kinds(&found),
        [(AlertKind::Drop, "d3", 6, 8)],
        "order by date, −1 is no alert"
    );
    assert!(
        found[0].message().contains("8 en nu 6"),
        "{}",
        found[0].message()
    );
}

#[test]
fn a_rise_of_two_or_more_is_a_signal_too() {
    let t = Thresholds::default();
    let list = [
        scored("d1", "WT-1", "2026-09-01", Some(4), Some(6)),
        scored("d2", "WT-1", "2026-09-20", Some(5), Some(6)),
        scored("d3", "WT-1", "2026-10-20", Some(7), Some(7)),
    ];
    let found: Vec<Alert> = alerts(&list, &t)
        .into_iter()
        .filter(|a| a.kind == AlertKind::Rise)
        .collect();
    assert_eq!(
        kinds(&found),
        [(AlertKind::Rise, "d3", 7, 5)],
        "+1 is none, +2 is one"
    );
    assert_eq!(found[0].title(), "Beter");
    assert!(
        found[0].message().contains("5 en nu 7 (+2)"),
        "{}",
        found[0].message()
    );
}

#[test]
fn a_missing_score_compares_with_the_last_one_given_and_one_dialogue_raises_no_drop() {
    let t = Thresholds::default();
    let list = [
        scored("d1", "WT-1", "2026-09-01", Some(9), None),
        scored("d2", "WT-1", "2026-09-20", None, Some(8)),
        scored("d3", "WT-1", "2026-10-20", Some(7), None),
    ];
    assert_eq!(kinds(&alerts(&list, &t)), [(AlertKind::Drop, "d3", 7, 9)]);
    assert!(alerts(&[scored("d1", "WT-1", "2026-09-01", Some(5), Some(6))], &t).is_empty());
    assert!(alerts(&[scored("d1", "WT-1", "2026-09-01", None, None)], &t).is_empty());
    // Another client's scores are never "the dialogue before".
    let two = [
        scored("a", "WT-1", "2026-09-01", Some(9), None),
        scored("b", "WT-2", "2026-09-02", Some(6), None),
    ];
    assert!(alerts(&two, &t).is_empty());
}

#[test]
fn a_score_of_four_or_lower_on_either_side_raises_an_alert() {
    let t = Thresholds::default();
    let found = alerts(&[scored("d1", "WT-1", "2026-09-01", Some(4), Some(3))], &t);
    let low: Vec<(&str, u8)> = found
        .iter()
        .filter(|a| a.kind == AlertKind::Low)
        .map(|a| (a.side.as_str(), a.score))
        .collect();
    assert_eq!(low, [("client", 4), ("worker", 3)]);
    assert!(alerts(&[scored("d1", "WT-1", "2026-09-01", Some(5), Some(5))], &t).is_empty());
    assert!(found
        .iter()
        .any(|a| a.message().contains("de hulpverlener gaf een 3")));
}

#[test]
fn client_and_worker_three_or_more_apart_is_the_divergence_alert() {
    let t = Thresholds::default();
    let found = alerts(&[scored("d1", "WT-1", "2026-09-01", Some(9), Some(6))], &t);
    assert_eq!(kinds(&found), [(AlertKind::Divergence, "d1", 9, 6)]);
    assert!(alerts(&[scored("d1", "WT-1", "2026-09-01", Some(8), Some(6))], &t).is_empty());
    assert!(alerts(&[scored("d1", "WT-1", "2026-09-01", Some(8), None)], &t).is_empty());
    // Thresholds are settings.
    let strict = Thresholds {
        drop: 1,
        low: 6,
        divergence: 2,
    };
    let found = alerts(
        &[scored("d1", "WT-1", "2026-09-01", Some(8), Some(6))],
        &strict,
    );
    assert_eq!(
        kinds(&found),
        [
            (AlertKind::Low, "d1", 6, 6),
            (AlertKind::Divergence, "d1", 8, 6)
        ]
    );
    assert!(strict.check().is_ok());
    assert!(Thresholds { drop: 0, ..strict }.check().is_err());
    assert!(Thresholds { low: 10, ..strict }.check().is_err());
    assert!(Thresholds {
        divergence: 11,
        ..strict
    }
    .check()
    .is_err());
}

#[test]
fn the_trend_runs_oldest_first_and_leaves_out_dialogues_without_scores() {
    let a = scored("d2", "WT-1", "2026-09-20", Some(7), Some(8));
    let b = scored("d1", "WT-1", "2026-09-01", Some(9), None);
    let c = scored("d3", "WT-1", "2026-10-01", None, None);
    let points = trend(&[&a, &b, &c]);
    let days: Vec<&str> = points.iter().map(|p| p.held_on.as_str()).collect();
    assert_eq!(days, ["2026-09-01", "2026-09-20"]);
    assert_eq!(points[1].client.get(Scale::Overall), Some(7));
    assert!(trend(&[]).is_empty());
}

#[test]
fn keywords_are_counted_once_per_dialogue_per_side_most_heard_first() {
    let good = PartKey::new(Side::Client, Aspect::Good);
    let mut a = scored("a", "WT-1", "2026-09-01", None, None);
    a.part_mut(good).keywords = vec!["Rust".into(), "rust ".into(), "gehoord".into()];
    a.part_mut(PartKey::new(Side::Worker, Aspect::Good))
        .keywords = vec!["planning".into()];
    let mut b = scored("b", "WT-2", "2026-09-02", None, None);
    b.part_mut(good).keywords = vec!["gehoord".into(), "humor".into()];
    let counted = keyword_counts(&[&a, &b], good);
    assert_eq!(
        counted,
        [
            ("gehoord".to_string(), 2),
            ("humor".to_string(), 1),
            ("rust".to_string(), 1)
        ]
    );
    let worker = keyword_counts(&[&a, &b], PartKey::new(Side::Worker, Aspect::Good));
    assert_eq!(
        worker,
        [("planning".to_string(), 1)],
        "the sides are counted apart"
    );
}

#[test]
fn dialogues_are_counted_for_the_team_per_month_never_per_worker() {
    let counted = per_month(["2026-10-03", "2026-09-01", "2026-09-30", "2026-10-02", ""]);
    assert_eq!(
        counted,
        vec![("2026-09".to_owned(), 2), ("2026-10".to_owned(), 2)]
    );
    let a = scored("a", "WT-1", "2026-09-01", None, None);
    let b = scored("b", "WT-2", "2026-09-02", None, None);
    let l = learning(&[(a, "Anna".into()), (b, "Bram".into())], "");
    assert_eq!(l.per_month, vec![("2026-09".to_owned(), 2)]);
    let json = serde_json::to_string(&l.per_month).unwrap();
    assert!(
        !json.contains("Anna") && !json.contains("Bram"),
        "no worker in the counts"
    );
}

#[test]
fn reflections_since_a_day_are_grouped_per_question_newest_first() {
    let mut a = scored("a", "WT-1", "2026-09-01", None, None);
    a.reflection.learned = "Zij wil zelf bellen.".into();
    let mut b = scored("b", "WT-2", "2026-10-01", None, None);
    b.reflection.learned = "Humor helpt.".into();
    b.reflection.process = "Minder vaak langs.".into();
    let grouped = reflections(&[&a, &b], "2026-09-15");
    assert_eq!(grouped.len(), 4);
    assert_eq!(grouped[0].0, Question::Learned);
    let learned: Vec<&str> = grouped[0].1.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(learned, ["Humor helpt."]);
    assert!(grouped[1].1.is_empty());
    let all = reflections(&[&a, &b], "");
    let learned: Vec<&str> = all[0].1.iter().map(|r| r.dialogue_id.as_str()).collect();
    assert_eq!(learned, ["b", "a"]);
}

#[test]
fn a_de_identified_text_has_no_client_code_and_flags_what_looks_like_a_name() {
    let p = Pseudonyms::new(["WT-1", "WT-10", "WT-1"]);
    assert_eq!(p.of("WT-1"), "Cliënt A");
    assert_eq!(p.of("WT-10"), "Cliënt B");
    let text = p.text("Met WT-10 en WT-1 besproken; mevrouw Jansen belde zelf.");
    assert!(!text.contains("WT-"), "{text}");
    assert!(text.contains("Cliënt B en Cliënt A"), "{text}");
    assert!(!text.contains("Jansen"), "{text}");
    assert!(text.contains("[mogelijk een naam]"), "{text}");
    let many = Pseudonyms::new(
        (0..30)
            .map(|i| format!("C{i}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    assert_eq!(many.of("C26"), "Cliënt AA");
}

#[test]
fn the_agenda_of_a_period_lists_its_dialogues_alerts_reflections_and_open_actions() {
    use werkzaam_domain::team::{Action, ActionStatus};
    let mut a = scored("d1", "WT-77", "2026-09-01", Some(9), Some(9));
    a.reflection.learned = "WT-77 wil zelf bellen; mevrouw Jansen hielp.".into();
    let mut b = scored("d2", "WT-77", "2026-10-01", Some(5), Some(9));
    b.part_mut(PartKey::new(Side::Client, Aspect::Good))
        .keywords = vec!["rust".into()];
    b.part_mut(PartKey::new(Side::Client, Aspect::Good)).text = "Met WT-77 ging het goed.".into();
    b.reflection.learned = "Luisteren naar WT-77 werkt.".into();
    let c = scored("d3", "WT-88", "2026-12-01", Some(8), Some(8));
    let dialogues = vec![
        (a, "Anna".to_string()),
        (b, "Anna".to_string()),
        (c, "Bram".to_string()),
    ];
    let actions = vec![
        Action {
            id: "x1".into(),
            what: "Intervisie plannen".into(),
            owners: vec!["u-anna".into()],
            due: "2026-09-15".into(),
            ..Action::default()
        },
        Action {
            id: "x2".into(),
            what: "Klaar al".into(),
            owners: vec!["u-anna".into()],
            status: ActionStatus::Klaar,
            ..Action::default()
        },
    ];
    let name = |_: &str| "Anna".to_string();
    let input = AgendaInput {
        team_name: "Wijkteam Noord",
        from: "2026-09-15",
        to: "2026-11-30",
        deidentify: false,
        thresholds: Thresholds::default(),
        dialogues: &dialogues,
        actions: &actions,
        name: &name,
        today: "2026-11-30",
    };
    let plain = agenda(&input);
    let ids: Vec<&str> = plain
        .dialogues
        .iter()
        .map(|d| d.dialogue_id.as_str())
        .collect();
    assert_eq!(ids, ["d2"], "only the period");
    let titles: Vec<&str> = plain.alerts.iter().map(|a| a.title.as_str()).collect();
    assert!(
        titles.contains(&"Daling"),
        "the drop needs the dialogue before the period: {titles:?}"
    );
    assert!(titles.contains(&"Verschil cliënt en hulpverlener"));
    assert_eq!(plain.reflections[0].answers.len(), 1);
    assert_eq!(plain.actions.len(), 1);
    assert!(plain.actions[0].overdue);
    assert_eq!(plain.actions[0].owners, ["Anna"]);

    let anonymous = agenda(&AgendaInput {
        deidentify: true,
        ..input
    });
    let json = serde_json::to_string(&anonymous).unwrap();
    assert!(!json.contains("WT-77"), "{json}");
    assert!(!json.contains("d2"), "no dialogue ids either: {json}");
    assert!(json.contains("Cliënt A"));
    assert!(anonymous.dialogues[0].parts[0]
        .text
        .contains("Met Cliënt A ging het goed"));
}

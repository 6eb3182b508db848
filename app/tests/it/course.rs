use app::dialogues::course::{course, faces};
use app::state::ListedDialogue;
use werkzaam_domain::dialogue::{Attitude, MirrorSet, Scale};
use werkzaam_domain::review::Thresholds;
use werkzaam_domain::Dialogue;

fn listed(id: &str, client: &str, day: &str, overall: Option<u8>) -> ListedDialogue {
    let mut record = Dialogue::new(id.into(), client.into(), day.into(), 1);
    record.scales.client.set(Scale::Overall, overall);
    record.scales.worker.set(Scale::Overall, overall);
    ListedDialogue {
        record,
        delivered: true,
        problem: false,
    }
}

#[test]
fn the_course_of_a_client_shows_her_own_scales_and_what_stands_out() {
    let mut list = vec![
        listed("a", "K-1", "2026-09-01", Some(8)),
        listed("b", "K-1", "2026-10-01", Some(4)),
        // Another client, and a deleted dialogue: not in this course.
        listed("c", "K-2", "2026-10-01", Some(1)),
        listed("d", "K-1", "2026-11-01", Some(1)),
    ];
    list[3].record.deleted = true;
    let c = course(&list, "K-1", &Thresholds::default());
    let chart = c.chart.expect("scores make a chart");
    assert!(chart.starts_with("<svg") && chart.contains("Cliënt K-1"));
    // The drop from 8 to 4, and the 4 itself for client and worker (the team's default rules);
    // nothing of the other client's 1 or the deleted dialogue.
    let titles: Vec<&str> = c.notes.iter().map(|n| n.1).collect();
    assert_eq!(
        titles,
        ["Daling", "Lage score", "Lage score"],
        "{:?}",
        c.notes
    );
    assert!(c.notes[0].2.contains("8 en nu 4"), "{:?}", c.notes);
    assert!(c
        .notes
        .iter()
        .all(|n| n.0 == "1 oktober 2026" && !n.2.contains(" 1.")));
    assert!(c.mirror.is_empty());
}

#[test]
fn the_mirror_over_time_in_faces_and_nothing_when_nothing_was_filled() {
    let mut first = listed("a", "K-1", "2026-09-01", None);
    first
        .record
        .mirror
        .client
        .set(Attitude::Understood, Some(3));
    first.record.mirror.client.set(Attitude::Time, Some(1));
    first
        .record
        .mirror
        .worker
        .set(Attitude::Understood, Some(2));
    let c = course(&[first], "K-1", &Thresholds::default());
    assert_eq!(c.chart, None, "no score, no chart");
    assert_eq!(c.mirror.len(), 1);
    assert_eq!(c.mirror[0].1, "👂 🙂  ⏳ 🙁  🚶 —");
    assert_eq!(c.mirror[0].2, "👂 😐  ⏳ —  🚶 —");
    assert_eq!(faces(&MirrorSet::default()), "👂 —  ⏳ —  🚶 —");
    let empty = course(
        &[listed("z", "K-1", "2026-09-01", None)],
        "K-1",
        &Thresholds::default(),
    );
    assert!(empty.chart.is_none() && empty.notes.is_empty() && empty.mirror.is_empty());
}

#[test]
fn what_stands_out_follows_the_thresholds_the_team_lead_set() {
    let list = vec![
        listed("a", "K-1", "2026-09-01", Some(8)),
        listed("b", "K-1", "2026-10-01", Some(4)),
    ];
    // Milder rules: a drop of 4 and a score of 4 do not stand out.
    let mild = Thresholds {
        drop: 5,
        low: 3,
        divergence: 3,
    };
    assert!(course(&list, "K-1", &mild).notes.is_empty());
    // Stricter: the 8 stands out too.
    let strict = Thresholds {
        drop: 1,
        low: 8,
        divergence: 3,
    };
    let titles: Vec<&str> = course(&list, "K-1", &strict)
        .notes
        .iter()
        .map(|n| n.1)
        .collect();
    assert_eq!(titles.iter().filter(|t| **t == "Lage score").count(), 4);
    assert!(titles.contains(&"Daling"));
}

#[test]
fn a_rising_score_is_what_goes_better_not_something_to_look_at() {
    let list = vec![
        listed("a", "K-1", "2026-09-01", Some(5)),
        listed("b", "K-1", "2026-10-01", Some(8)),
    ];
    let c = course(&list, "K-1", &Thresholds::default());
    assert!(c.notes.is_empty(), "{:?}", c.notes);
    assert_eq!(c.better.len(), 1);
    assert_eq!(c.better[0].0, "1 oktober 2026");
    assert!(c.better[0].1.contains("5 en nu 8"), "{:?}", c.better);
}

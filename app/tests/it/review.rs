//! Issue 6's screen logic: the filter over shared dialogues, and the HTML the lead's pages show.

use app::review::logic::*;
use app::urls::trend_svg_url;
use werkzaam_domain::dialogue::{Aspect, ConsentDecision, PartKey, Side};
use werkzaam_domain::review::{Alert, AlertKind};
use werkzaam_domain::Dialogue;
use werkzaam_protocol::team::TeamDialogue;

fn shared(id: &str, code: &str, day: &str, worker: &str, word: &str) -> TeamDialogue {
    let mut d = Dialogue::new(id.into(), code.into(), day.into(), 1);
    d.part_mut(PartKey::new(Side::Client, Aspect::Good))
        .keywords = vec![word.into()];
    d.reflection.learned = format!("Ik leerde iets over {word}.");
    d.consent.decision = ConsentDecision::Yes;
    d.consent.answers = true;
    TeamDialogue {
        dialogue: d,
        worker_name: worker.into(),
        synced_at_ms: 1,
        received_media: vec![],
    }
}

#[test]
fn the_lead_filters_by_worker_client_period_and_words() {
    let items = [
        shared("a", "WT-1", "2026-09-01", "Anna", "rust"),
        shared("b", "WT-2", "2026-10-01", "Bram", "Humor"),
        shared("c", "WT-12", "2026-11-01", "Anna", "humor"),
    ];
    let ids = |f: TeamFilter| -> Vec<String> {
        filter_team(&items, &f)
            .iter()
            .map(|i| i.dialogue.id.clone())
            .collect()
    };
    assert_eq!(ids(TeamFilter::default()), ["a", "b", "c"]);
    assert_eq!(
        ids(TeamFilter {
            worker: "Anna".into(),
            ..Default::default()
        }),
        ["a", "c"]
    );
    assert_eq!(
        ids(TeamFilter {
            client: "wt-1".into(),
            ..Default::default()
        }),
        ["a", "c"]
    );
    assert_eq!(
        ids(TeamFilter {
            from: "2026-09-15".into(),
            to: "2026-10-31".into(),
            ..Default::default()
        }),
        ["b"]
    );
    assert_eq!(
        ids(TeamFilter {
            search: "HUMOR".into(),
            ..Default::default()
        }),
        ["b", "c"]
    );
    assert_eq!(
        ids(TeamFilter {
            search: "leerde rust".into(),
            ..Default::default()
        }),
        ["a"]
    );
    assert!(ids(TeamFilter {
        search: "niets".into(),
        ..Default::default()
    })
    .is_empty());
    assert_eq!(workers(&items), ["Anna", "Bram"]);
}

#[test]
fn client_codes_and_texts_in_the_lead_pages_are_escaped_and_links_encoded() {
    let item = shared("x<1>", "WT/<b>", "2026-09-01", "<Anna>", "w");
    let list = team_list_html(&[&item]);
    assert!(!list.contains("<b>") && !list.contains("<Anna>"), "{list}");
    assert!(list.contains("/team/dialoog/x&lt;1&gt;"), "{list}");
    assert_eq!(trend_svg_url("WT/1"), "/api/team/clienten/WT%2F1/trend.svg");
    let alert = Alert {
        kind: AlertKind::Drop,
        client_code: "<WT>".into(),
        dialogue_id: "d".into(),
        held_on: "2026-11-01".into(),
        scale: "overall".into(),
        side: "client".into(),
        score: 4,
        other: 8,
    };
    let html = alerts_html(&[alert], true);
    assert!(!html.contains("<WT>"), "{html}");
    assert!(html.contains("data-kind=\"drop\""));
    assert!(html.contains("Daling"));
    assert!(html.contains("8 en nu 4"));
    assert_eq!(
        agenda_query("2026-11-01", "2026-11-30", true),
        "van=2026-11-01&tot=2026-11-30&anoniem=ja"
    );
}

#[test]
fn the_agendas_open_actions_show_where_they_stand() {
    use werkzaam_domain::review::{Agenda, AgendaAction};
    let agenda = Agenda {
        team_name: "Wijkteam Noord".into(),
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        deidentified: false,
        dialogues: vec![],
        alerts: vec![],
        reflections: vec![],
        actions: vec![AgendaAction {
            what: "Intervisie plannen".into(),
            owners: vec!["Anna".into()],
            due: "2026-12-15".into(),
            status: "Bezig".into(),
            overdue: false,
        }],
    };
    let html = agenda_html(&agenda);
    assert!(
        html.contains("Intervisie plannen — Anna — Bezig — "),
        "{html}"
    );
}

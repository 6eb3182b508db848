//! The team lead's review (issue 6): trends and alerts, what the team learns, the agenda and its
//! exports — another team's lead sees nothing, nothing without consent appears anywhere, the
//! de-identified export has no client code, and every view and export is logged.

use axum::http::StatusCode;
use serde_json::json;
use werkzaam_domain::dialogue::{Aspect, ConsentDecision, PartKey, Scale, Side};
use werkzaam_domain::Dialogue;

use crate::consent::push_dialogue;
use crate::*;

/// A dialogue of `code` on `day` with the client's and the worker's "Alles bij elkaar", a
/// keyword, a reflection and consent (`shared`: ja for answers and reflection, else nee).
fn dialogue(
    id: &str,
    code: &str,
    day: &str,
    client: u8,
    worker: u8,
    word: &str,
    shared: bool,
) -> Dialogue {
    let mut d = Dialogue::new(id.into(), code.into(), day.into(), 1);
    d.scales.client.set(Scale::Overall, Some(client));
    d.scales.worker.set(Scale::Overall, Some(worker));
    d.part_mut(PartKey::new(Side::Client, Aspect::Good))
        .keywords = vec![word.into()];
    d.part_mut(PartKey::new(Side::Client, Aspect::Good)).text = format!("Over {word} met {code}.");
    d.reflection.learned = format!("Geleerd: {word}.");
    d.consent.decision = if shared {
        ConsentDecision::Yes
    } else {
        ConsentDecision::No
    };
    d.consent.recorded_on = day.into();
    d.consent.answers = shared;
    d.consent.reflection = shared;
    d
}

async fn seed(server: &TestServer) -> (String, String) {
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    let list = [
        dialogue("r1", "WT-100", "2026-09-01", 9, 9, "rust", true),
        dialogue("r2", "WT-100", "2026-10-01", 7, 8, "rust", true),
        dialogue("r3", "WT-100", "2026-11-01", 4, 8, "humor", true),
        dialogue("r4", "WT-GEHEIM", "2026-11-02", 2, 9, "geheimwoord", false),
    ];
    for (i, d) in list.iter().enumerate() {
        push_dialogue(server, &anna, "anna-phone", i as u64 + 1, d).await;
    }
    (anna, lead)
}

async fn text(server: &TestServer, uri: &str, cookie: &str) -> (StatusCode, String, String) {
    let (status, headers, body) = server.send_raw(get(uri, Some(cookie))).await;
    let kind = headers
        .get(axum::http::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn falling_scores_raise_the_drop_low_and_divergence_alerts_and_draw_a_trend() {
    let server = TestServer::new().await;
    let (_, lead) = seed(&server).await;
    let (status, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let kinds: Vec<&str> = overview["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["drop", "low", "divergence"], "{overview}");
    assert!(overview["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["held_on"] == "2026-11-01"));

    let (status, review) = server
        .send(get("/api/team/clienten/WT-100", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert_eq!(review["points"].as_array().unwrap().len(), 3);
    assert_eq!(review["points"][2]["client"]["overall"], 4);
    assert_eq!(review["dialogues"][0]["dialogue_id"], "r3");

    let (status, kind, svg) = text(&server, "/api/team/clienten/WT-100/trend.svg", &lead).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("image/svg+xml"));
    assert!(svg.starts_with("<svg"));
    assert_eq!(
        svg.matches("data-side=\"client\"").count(),
        1,
        "one line: only 'overall' has scores"
    );
    assert!(svg.contains("Cliënt WT-100"));

    // Thresholds are settings: stricter, and the same dialogues raise more.
    let put = |body: serde_json::Value| {
        axum::http::Request::put("/api/team/instellingen")
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .header(axum::http::header::COOKIE, &lead)
            .body(axum::body::Body::from(body.to_string()))
            .unwrap()
    };
    let (status, body) = server
        .send(put(json!({ "drop": 0, "low": 4, "divergence": 3 })))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["message"].as_str().unwrap().contains("1 tot 10"));
    let (status, body) = server
        .send(put(json!({ "drop": 1, "low": 7, "divergence": 1 })))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, review) = server
        .send(get("/api/team/clienten/WT-100", Some(&lead)))
        .await;
    assert!(review["alerts"].as_array().unwrap().len() > 3);
    let anna = server.login("anna@noord.test").await;
    let (status, _) = server
        .send(get("/api/team/instellingen", Some(&anna)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A worker's own *Verloop* follows the team's rules: her profile carries them.
    let (status, me) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        me["thresholds"],
        json!({ "drop": 1, "low": 7, "divergence": 1 })
    );
    // Another team keeps its own.
    let zuid = server.login("sem@zuid.test").await;
    let (_, me) = server.send(get("/api/ik", Some(&zuid))).await;
    assert_eq!(
        me["thresholds"],
        json!({ "drop": 2, "low": 4, "divergence": 3 })
    );
}

#[tokio::test]
async fn nothing_without_consent_appears_in_lists_counts_keywords_or_exports() {
    let server = TestServer::new().await;
    let (_, lead) = seed(&server).await;
    let (_, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    let (status, review) = server
        .send(get("/api/team/clienten/WT-GEHEIM", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{review}");
    let (status, learning) = server.send(get("/api/team/leren", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{learning}");
    assert_eq!(
        learning["keywords"][0]["words"][0],
        json!(["rust", 2]),
        "{learning}"
    );
    let months: u64 = learning["per_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[1].as_u64().unwrap())
        .sum();
    assert_eq!(months, 3, "the unshared dialogue is not counted");
    assert!(
        !learning["per_month"].to_string().contains("anna"),
        "counted for the team, never per worker: {learning}"
    );
    let period = "van=2026-08-01&tot=2026-12-31";
    let (_, agenda) = server
        .send(get(&format!("/api/team/agenda?{period}"), Some(&lead)))
        .await;
    assert_eq!(agenda["dialogues"].as_array().unwrap().len(), 3, "{agenda}");
    let (_, _, csv) = text(&server, &format!("/api/team/agenda.csv?{period}"), &lead).await;
    let (_, _, pdf) = text(&server, &format!("/api/team/agenda.pdf?{period}"), &lead).await;
    for (what, body) in [
        ("overview", overview.to_string()),
        ("learning", learning.to_string()),
        ("agenda", agenda.to_string()),
        ("csv", csv.clone()),
        ("pdf", pdf.clone()),
    ] {
        assert!(!body.contains("WT-GEHEIM"), "{what}: {body}");
        assert!(!body.contains("geheimwoord"), "{what}: {body}");
    }
    assert!(
        csv.contains(
            "\"dialoog\";\"WT-100\";\"2026-11-01\";\"anna\";\"Cliënt: wat gaat goed\";\"humor — Over humor met WT-100.\""
        ),
        "{csv}"
    );
    assert!(
        csv.contains("\"signaal\";\"WT-100\";\"2026-11-01\";\"\";\"Daling\";"),
        "{csv}"
    );
    assert!(pdf.starts_with("%PDF-1.4"));
    assert!(
        pdf.contains("(WT-100 \\227 2026-11-01 \\227 anna)")
            || pdf.contains("WT-100 \u{fffd} 2026-11-01"),
        "{pdf}"
    );
}

#[tokio::test]
async fn the_de_identified_export_has_no_client_code_and_flags_names() {
    let server = TestServer::new().await;
    let (anna, lead) = seed(&server).await;
    let mut named = dialogue("r5", "WT-200", "2026-11-03", 8, 8, "buurvrouw", true);
    named.reflection.learned = "Mevrouw Jansen van WT-200 belde zelf.".into();
    push_dialogue(&server, &anna, "anna-phone", 5, &named).await;
    let period = "van=2026-08-01&tot=2026-12-31&anoniem=ja";
    let (status, headers, csv) = server
        .send_raw(get(&format!("/api/team/agenda.csv?{period}"), Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("anoniem.csv"));
    let (_, _, pdf) = text(&server, &format!("/api/team/agenda.pdf?{period}"), &lead).await;
    let (_, agenda) = server
        .send(get(&format!("/api/team/agenda?{period}"), Some(&lead)))
        .await;
    let csv = String::from_utf8(csv).unwrap();
    for body in [&csv, &pdf, &agenda.to_string()] {
        assert!(!body.contains("WT-"), "{body}");
        assert!(!body.contains("Jansen"), "{body}");
        assert!(
            body.contains("Cliënt A") || body.contains("Cli\u{fffd}nt A"),
            "{body}"
        );
    }
    assert!(csv.contains("[mogelijk een naam]"), "{csv}");
}

#[tokio::test]
async fn another_teams_lead_and_workers_see_nothing_of_the_review() {
    let server = TestServer::new().await;
    seed(&server).await;
    let zuid = server.login("lead@zuid.test").await;
    let (status, _) = server
        .send(get("/api/team/clienten/WT-100", Some(&zuid)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = text(&server, "/api/team/clienten/WT-100/trend.svg", &zuid).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, agenda) = server
        .send(get(
            "/api/team/agenda?van=2026-01-01&tot=2026-12-31",
            Some(&zuid),
        ))
        .await;
    assert_eq!(agenda["dialogues"], json!([]));
    assert_eq!(agenda["alerts"], json!([]));
    let (_, learning) = server.send(get("/api/team/leren", Some(&zuid))).await;
    assert!(!learning.to_string().contains("rust"));
    let bram = server.login("bram@noord.test").await;
    for uri in [
        "/api/team/clienten/WT-100",
        "/api/team/leren",
        "/api/team/agenda?van=2026-01-01&tot=2026-12-31",
        "/api/team/agenda.pdf?van=2026-01-01&tot=2026-12-31",
    ] {
        let (status, body) = server.send(get(uri, Some(&bram))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
    }
    let lead = server.login("lead@noord.test").await;
    for uri in [
        "/api/team/agenda",
        "/api/team/agenda?van=2026-13-01&tot=2026-12-31",
        "/api/team/agenda?van=2026-12-01&tot=2026-01-01",
        "/api/team/leren?sinds=gisteren",
    ] {
        let (status, body) = server.send(get(uri, Some(&lead))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn every_view_and_export_by_a_team_lead_is_recorded_with_record_and_client_code() {
    let server = TestServer::new().await;
    let (_, lead) = seed(&server).await;
    let team = server
        .db
        .user_by_email("lead@noord.test")
        .await
        .unwrap()
        .unwrap()
        .team_id;
    let lead_id = server.user_id("lead@noord.test").await;
    server.send(get("/api/team/dialogen/r3", Some(&lead))).await;
    server
        .send(get("/api/team/clienten/WT-100", Some(&lead)))
        .await;
    server
        .send_raw(get(
            "/api/team/agenda.pdf?van=2026-10-15&tot=2026-11-30&anoniem=ja",
            Some(&lead),
        ))
        .await;
    let events: Vec<_> = server
        .db
        .access_events(&team, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.role == "teamleider")
        .collect();
    let seen: Vec<(&str, &str, Option<&str>, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.what.as_str(),
                e.record_id.as_deref(),
                e.client_code.as_deref(),
            )
        })
        .collect();
    assert!(
        seen.contains(&("bekijken", "dialoog", Some("r3"), Some("WT-100"))),
        "{seen:?}"
    );
    assert!(
        seen.contains(&("bekijken", "client", Some("r1"), Some("WT-100"))),
        "{seen:?}"
    );
    assert!(
        seen.contains(&(
            "exporteren",
            "agenda.pdf (anoniem)",
            Some("r3"),
            Some("WT-100")
        )),
        "{seen:?}"
    );
    assert!(
        !seen.iter().any(|e| e.2 == Some("r4")),
        "an unshared dialogue was never shown"
    );
    assert!(events
        .iter()
        .all(|e| e.user_id == lead_id && e.role == "teamleider"));
    assert!(events.iter().all(|e| e.at_ms > 0));
}

#[test]
fn the_pdf_is_well_formed_over_several_pages_with_accents_and_parentheses() {
    use werkzaam_domain::pdf::{document, Block};
    let mut blocks = vec![Block::Title(
        "Teamoverleg Wijkteam Noord — één (1) overleg".into(),
    )];
    for i in 0..120 {
        blocks.push(Block::Item(format!(
            "Punt {i}: cliënt (WT-{i}) voelt zich gehoord \\ ‘echt’ – een heel lang woord: {}",
            "x".repeat(150)
        )));
    }
    let bytes = document("Agenda", &blocks);
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.starts_with(b"%PDF-1.4\n"));
    assert!(text.trim_end().ends_with("%%EOF"));
    // startxref points at the table, and every entry at its object (byte offsets: the text
    // holds WinAnsi bytes, so it is read as bytes here).
    let tail = bytes
        .windows(10)
        .rposition(|w| w == b"startxref\n")
        .unwrap()
        + 10;
    let start: usize = std::str::from_utf8(&bytes[tail..])
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(bytes[start..].starts_with(b"xref\n"));
    let table = std::str::from_utf8(&bytes[start..]).unwrap();
    let entries: Vec<usize> = table
        .lines()
        .skip(3)
        .take_while(|l| l.ends_with(" n "))
        .map(|l| l[..10].parse().unwrap())
        .collect();
    assert!(entries.len() > 8, "several pages: {}", entries.len());
    for (i, offset) in entries.iter().enumerate() {
        assert!(
            bytes[*offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
            "object {}",
            i + 1
        );
    }
    let pages: usize = text
        .split("/Count ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pages >= 3, "{pages} pages");
    assert!(bytes.windows(3).any(|w| w == b"\xe9\xe9n"), "é in WinAnsi");
    assert!(text.contains("\\(WT-7\\)"), "parentheses escaped");
    assert!(text.contains("\\\\ "), "backslash escaped");
}

#[test]
fn a_trend_without_scores_on_a_scale_says_so_instead_of_drawing_nothing() {
    use werkzaam_domain::review::TrendPoint;
    let mut point = TrendPoint {
        dialogue_id: "a".into(),
        held_on: "2026-09-01".into(),
        client: Default::default(),
        worker: Default::default(),
    };
    point.client.set(Scale::Overall, Some(8));
    let svg = werkzaam_domain::chart::trend_svg("Cliënt <WT-1>", &[point]);
    assert_eq!(svg.matches("geen scores").count(), 3);
    assert!(svg.contains("Cliënt &lt;WT-1&gt;"));
    assert!(!svg.contains("<WT-1>"));
    assert!(svg.contains("<circle"), "one dialogue: a dot, no line");
    assert!(!svg.contains("<polyline"));
}

//! The team's own records (issue 5): stories and actions, seen by the whole team and by no other
//! team, changed by any member, merged like dialogues.

use axum::http::StatusCode;
use serde_json::{json, Value};
use werkzaam_domain::team::{Action, ActionStatus, Dream, Meeting, Story, SynonymMerge};

use crate::*;

async fn story(server: &TestServer) -> Story {
    Story {
        id: "verhaal-1".into(),
        storyteller_id: server.user_id("anna@noord.test").await,
        interviewer_id: server.user_id("bram@noord.test").await,
        held_on: "2026-11-20".into(),
        title: "Zelf de woningcorporatie gebeld".into(),
        elements: vec!["echt luisteren".into()],
        ..Story::default()
    }
}

#[tokio::test]
async fn a_story_is_seen_by_the_whole_team_and_by_no_other_team() {
    let server = TestServer::new().await;
    let bram = server.login("bram@noord.test").await;
    let s = story(&server).await;
    let (status, body) = push_ops(
        &server,
        &bram,
        "bram-phone",
        1,
        vec![json!({ "upsert_story": { "story": s } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    for email in ["anna@noord.test", "lead@noord.test"] {
        let cookie = server.login(email).await;
        let page = team_pull(&server, &cookie).await;
        assert_eq!(
            page["stories"][0]["title"], "Zelf de woningcorporatie gebeld",
            "{email}"
        );
        assert!(page["stories"][0]["version"].as_u64().unwrap() > 0);
    }
    let sem = server.login("sem@zuid.test").await;
    let page = team_pull(&server, &sem).await;
    assert_eq!(
        (page["stories"].clone(), page["actions"].clone()),
        (json!([]), json!([]))
    );
    // Sem cannot change Noord's story either, nor name Noord's people in his own.
    let mut taken = s.clone();
    taken.title = "van Zuid".into();
    let (status, body) = push_ops(
        &server,
        &sem,
        "sem-phone",
        1,
        vec![json!({ "upsert_story": { "story": taken } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["mutation_id"], 1);
    let mut borrowed = s.clone();
    borrowed.id = "verhaal-zuid".into();
    let (status, body) = push_ops(
        &server,
        &sem,
        "sem-phone",
        1,
        vec![json!({ "upsert_story": { "story": borrowed } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("niet in je team"));
    assert_eq!(team_pull(&server, &sem).await["stories"], json!([]));
}

#[tokio::test]
async fn two_members_editing_the_same_action_offline_converge() {
    let server = TestServer::new().await;
    let anna_id = server.user_id("anna@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    let action = Action {
        id: "actie-1".into(),
        what: "Elke maand een succesverhaal bespreken".into(),
        owners: vec![anna_id.clone()],
        due: "2026-12-15".into(),
        ..Action::default()
    };
    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-laptop",
        1,
        vec![json!({ "upsert_action": { "action": action } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Anna and Bram both pulled it, then went offline.
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let pulled: Action =
        serde_json::from_value(team_pull(&server, &anna).await["actions"][0].clone()).unwrap();
    let mut on_anna = pulled.clone();
    on_anna.status = ActionStatus::Klaar;
    let mut on_bram = pulled.clone();
    on_bram.owners.push(bram_id.clone());
    on_bram.due = "2027-01-10".into();
    on_bram.what = "Elke maand een succesverhaal".into();
    let mut on_anna_2 = on_anna.clone();
    on_anna_2.what = "Elke maand twee verhalen".into();
    assert_eq!(
        push_ops(
            &server,
            &anna,
            "anna-phone",
            1,
            vec![
                json!({ "upsert_action": { "action": on_anna } }),
                json!({ "upsert_action": { "action": on_anna_2 } })
            ]
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        push_ops(
            &server,
            &bram,
            "bram-phone",
            1,
            vec![json!({ "upsert_action": { "action": on_bram } })]
        )
        .await
        .0,
        StatusCode::OK
    );

    // Everyone pulls the same action: both changes, and the one real clash kept.
    let seen: Vec<Value> = pull_each(&server, &[&anna, &bram, &lead]).await;
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
    let merged: Action = serde_json::from_value(seen[0].clone()).unwrap();
    assert_eq!(merged.status, ActionStatus::Klaar);
    assert_eq!(merged.owners, vec![anna_id, bram_id]);
    assert_eq!(merged.due, "2027-01-10");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].field, "what");

    // An action for someone outside the team is refused, naming the change.
    let sem_id = server.user_id("sem@zuid.test").await;
    let mut outside = merged.clone();
    outside.id = "actie-2".into();
    outside.owners = vec![sem_id];
    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-laptop",
        2,
        vec![json!({ "upsert_action": { "action": outside } })],
    )
    .await;
    assert_eq!(
        (status, body["mutation_id"].clone()),
        (StatusCode::FORBIDDEN, json!(2))
    );
    // And an action without owners is a readable 400.
    let mut nobody = merged.clone();
    nobody.owners.clear();
    nobody.conflicts.clear();
    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-laptop",
        2,
        vec![json!({ "upsert_action": { "action": nobody } })],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["message"].as_str().unwrap().contains("wie het doet"));
}

async fn pull_each(server: &TestServer, cookies: &[&String]) -> Vec<Value> {
    let mut out = Vec::new();
    for cookie in cookies {
        out.push(team_pull(server, cookie).await["actions"][0].clone());
    }
    out
}

#[tokio::test]
async fn a_worker_sees_the_colleagues_of_her_own_team_only() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, members) = server.send(get("/api/team/leden", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK, "{members}");
    let names: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["anna", "bram", "lead"]);
    assert_eq!(members[2]["role"], "teamleider");
    let (status, _) = server.send(get("/api/team/leden", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_team_lead_opens_sessions_and_merges_elements_every_member_adds_to_the_dream_and_no_other_team_sees_it(
) {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let anna = server.login("anna@noord.test").await;
    let anna_id = server.user_id("anna@noord.test").await;
    let meeting = Meeting {
        id: "sessie-1".into(),
        held_on: "2026-11-30".into(),
        title: "Teambijeenkomst november".into(),
        ..Meeting::default()
    };
    let merge = SynonymMerge {
        id: "samen-1".into(),
        variants: vec!["echt luisteren".into()],
        name: "luisteren".into(),
        ..SynonymMerge::default()
    };
    // A worker may neither open a session nor merge the team's words: refused, nothing kept.
    for op in [
        json!({ "upsert_meeting": { "meeting": meeting } }),
        json!({ "upsert_synonym": { "synonym": merge } }),
    ] {
        let (status, body) = push_ops(&server, &anna, "anna-phone", 1, vec![op]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("teamleider"),
            "{body}"
        );
    }
    assert_eq!(team_pull(&server, &lead).await["meetings"], json!([]));

    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-laptop",
        1,
        vec![
            json!({ "upsert_meeting": { "meeting": meeting } }),
            json!({ "upsert_synonym": { "synonym": merge } }),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let dream = Dream {
        id: "droom-1".into(),
        meeting_id: "sessie-1".into(),
        author_id: anna_id.clone(),
        text: "Elke cliënt kent zijn eigen krachten".into(),
        ..Dream::default()
    };
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_dream": { "dream": dream } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let page = team_pull(&server, &anna).await;
    assert_eq!(page["meetings"][0]["title"], "Teambijeenkomst november");
    assert_eq!(page["synonyms"][0]["name"], "luisteren");
    assert_eq!(
        page["dreams"][0]["text"],
        "Elke cliënt kent zijn eigen krachten"
    );

    // Another team sees none of it, and cannot write a dream in Noord's name.
    let sem = server.login("sem@zuid.test").await;
    let page = team_pull(&server, &sem).await;
    assert_eq!(
        (
            page["meetings"].clone(),
            page["dreams"].clone(),
            page["synonyms"].clone()
        ),
        (json!([]), json!([]), json!([]))
    );
    let (status, _) = push_ops(
        &server,
        &sem,
        "sem-phone",
        1,
        vec![json!({ "upsert_dream": { "dream": Dream { id: "droom-zuid".into(), ..dream.clone() } } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut changed = dream.clone();
    changed.text = "van Zuid".into();
    changed.author_id = server.user_id("sem@zuid.test").await;
    let (status, _) = push_ops(
        &server,
        &sem,
        "sem-phone",
        1,
        vec![json!({ "upsert_dream": { "dream": changed } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        team_pull(&server, &anna).await["dreams"][0]["text"],
        "Elke cliënt kent zijn eigen krachten"
    );
}

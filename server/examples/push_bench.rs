//! Server push throughput on SQLite: batches of 10 and of 100 dialogues of about 1 KB of JSON,
//! through the real router (`app(state)`, handlers, validation, one transaction per push) into
//! a real SQLite file, in-process (`oneshot`, no TCP). Prints records/s and latency per push.
//!
//! `bash .ci/bench-push` (release build). Not a test: it prints figures, it asserts nothing.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use server::{app, auth, AppState};
use tower::ServiceExt;
use werkzaam_sync::{Dialogue, Mutation, Operation, PushRequest, Role, PROTOCOL_VERSION};

fn dialogue(id: String) -> Dialogue {
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = server::db::Db::connect(&url).await.unwrap();
    let team = db.create_team("Bench").await.unwrap();
    let hash = auth::hash_password("bench-wachtwoord").unwrap();
    db.create_user(&team, "bench@test", "Bench", Role::Medewerker, &hash)
        .await
        .unwrap();
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    let router = app(AppState::new(db, dir.path().join("site"), false));

    let login = Request::post("/api/inloggen")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"email": "bench@test", "password": "bench-wachtwoord"}).to_string(),
        ))
        .unwrap();
    let response = router.clone().oneshot(login).await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let size = serde_json::to_string(&dialogue("x".repeat(36)))
        .unwrap()
        .len();
    println!("one dialogue: {size} bytes of JSON");
    for (batch, pushes) in [(10usize, 500usize), (100, 100)] {
        let client = format!("bench-{batch}");
        let mut latencies = Vec::with_capacity(pushes);
        let started = Instant::now();
        for p in 0..pushes {
            let mutations: Vec<Mutation> = (0..batch)
                .map(|i| {
                    let id = (p * batch + i + 1) as u64;
                    Mutation {
                        id,
                        operation: Operation::UpsertDialogue {
                            dialogue: Box::new(dialogue(format!("{client}-{id}"))),
                        },
                    }
                })
                .collect();
            let body = serde_json::to_string(&PushRequest {
                protocol_version: PROTOCOL_VERSION,
                client_id: client.clone(),
                mutations,
            })
            .unwrap();
            let request = Request::post("/api/sync/push")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body))
                .unwrap();
            let t = Instant::now();
            let response = router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let _ = response.into_body().collect().await.unwrap();
            latencies.push(t.elapsed());
            assert_eq!(status, StatusCode::OK);
        }
        let total = started.elapsed();
        latencies.sort();
        let records = batch * pushes;
        println!(
            "batches of {batch:>3}: {records} records in {:.2} s = {:.0} records/s; per push p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            total.as_secs_f64(),
            records as f64 / total.as_secs_f64(),
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3,
        );
    }
}

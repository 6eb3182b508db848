//! Server push throughput on SQLite: batches of 10 and of 100 dialogues of about 1 KB of JSON,
//! through the real router (`app(state)`, handlers, validation, one transaction per push) into
//! a real SQLite file, in-process (`oneshot`, no TCP). Prints records/s and latency per push.
//!
//! `bash .ci/bench-push` (release build). Not a test: it prints figures, it asserts nothing.

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use server::{app, auth, AppState};
use tower::ServiceExt;
use werkzaam_domain::Role;

mod common;
use common::{dialogue, ms, percentile, push_body};

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = server::store::Db::connect(&url).await.unwrap();
    let team = db.create_team("Bench", Default::default()).await.unwrap();
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
            let body = push_body(&client, (p * batch + 1) as u64, batch);
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
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.99)),
            ms(*latencies.last().unwrap()),
        );
    }
}

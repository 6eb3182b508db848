//! Server load figures over loopback TCP (issue 8, item 4; SQLite or PostgreSQL): the real server (`app`) on
//! 127.0.0.1, and 1, 2, 4 and 8 devices — each its own worker, own keep-alive connection, own
//! task — pushing batches of 10 and of 100 dialogues of about 1 KB of JSON; then a fresh device
//! 1,000 changes behind pulling until it is up to date. Prints records/s and latency; asserts
//! nothing but that every answer was 200.
//!
//! `bash .ci/bench-load` (release build). `WERKZAAM_LOAD_RECORDS` sets the records per scenario
//! (default 4,000; bounded to 20,000).

use std::sync::Arc;
use std::time::{Duration, Instant};

use server::{app, auth, AppState};
use werkzaam_domain::Role;
use werkzaam_protocol::sync::PROTOCOL_VERSION;

mod common;
use common::{dialogue, ms, percentile, push_body};

#[path = "../tests/it/http.rs"]
#[allow(dead_code)] // the load script only posts
mod http;
use http::Connection;

#[tokio::main]
async fn main() {
    let records: usize = std::env::var("WERKZAAM_LOAD_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000)
        .clamp(100, 20_000);
    let dir = tempfile::tempdir().unwrap();
    // `WERKZAAM_LOAD_DATABASE_URL`: an empty PostgreSQL database (`.ci/bench-load` starts one);
    // unset: a new SQLite file.
    let url = std::env::var("WERKZAAM_LOAD_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("load.db").display()));
    let db = server::store::Db::connect(&url).await.unwrap();
    let engine = match db.backend() {
        server::store::Backend::Sqlite => "SQLite (WAL, synchronous=NORMAL)",
        server::store::Backend::Postgres => "PostgreSQL",
    };
    let team = db.create_team("Load", Default::default()).await.unwrap();
    let hash = auth::hash_password("bench-wachtwoord").unwrap();
    for d in 0..9 {
        db.create_user(
            &team,
            &format!("device{d}@test"),
            "Load",
            Role::Medewerker,
            &hash,
        )
        .await
        .unwrap();
    }
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    let router = app(AppState::new(db, dir.path().join("site"), false));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let size = serde_json::to_string(&dialogue("x".repeat(36)))
        .unwrap()
        .len();
    println!(
        "{engine}, loopback TCP, {} cores; one dialogue = {size} bytes of JSON; {records} records per scenario",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("devices  batch   records/s   push p50 ms   push p99 ms   push max ms");
    let mut round = 0u64;
    for batch in [10usize, 100] {
        for devices in [1usize, 2, 4, 8] {
            round += 1;
            let pushes_per_device = (records / batch / devices).max(1);
            let started = Instant::now();
            let latencies = Arc::new(std::sync::Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            for d in 0..devices {
                let latencies = latencies.clone();
                tasks.push(tokio::spawn(async move {
                    let mut c = Connection::open(addr).await;
                    assert_eq!(
                        c.login(&format!("device{d}@test"), "bench-wachtwoord")
                            .await,
                        200
                    );
                    let client = format!("r{round}-d{d}");
                    let mut mine = Vec::with_capacity(pushes_per_device);
                    let mut next = 1u64;
                    // The first push after login is measured like the rest.
                    for _ in 0..pushes_per_device {
                        let body = push_body(&client, next, batch);
                        let t = Instant::now();
                        let (status, answer, _) = c.post("/api/sync/push", &body).await;
                        mine.push(t.elapsed());
                        assert_eq!(status, 200, "{answer}");
                        next += batch as u64;
                    }
                    latencies.lock().unwrap().extend(mine);
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            let wall = started.elapsed();
            let mut l = latencies.lock().unwrap().clone();
            l.sort();
            let total = pushes_per_device * devices * batch;
            println!(
                "{devices:>7}  {batch:>5}  {:>10.0}  {:>12.1}  {:>12.1}  {:>12.1}",
                total as f64 / wall.as_secs_f64(),
                ms(percentile(&l, 0.5)),
                ms(percentile(&l, 0.99)),
                ms(*l.last().unwrap()),
            );
        }
    }

    // Pulls: a ninth worker (not in the scenarios above) has 1,000 dialogues on the server; a
    // new device of hers catches up from nothing, page by page, ten times.
    let mut writer = Connection::open(addr).await;
    assert_eq!(writer.login("device8@test", "bench-wachtwoord").await, 200);
    let mut next = 1u64;
    for _ in 0..10 {
        let (status, _, _) = writer
            .post("/api/sync/push", &push_body("pull-source", next, 100))
            .await;
        assert_eq!(status, 200);
        next += 100;
    }
    let mut reader = Connection::open(addr).await;
    assert_eq!(reader.login("device8@test", "bench-wachtwoord").await, 200);
    let mut catch_ups = Vec::new();
    let mut pages = 0usize;
    let mut received = 0usize;
    for i in 0..10 {
        let client = format!("fresh-{i}");
        let mut cursor = -1i64;
        let t = Instant::now();
        loop {
            let body = serde_json::json!({ "protocol_version": PROTOCOL_VERSION, "cursor": cursor, "client_id": client })
                .to_string();
            let (status, answer, _) = reader.post("/api/sync/pull", &body).await;
            assert_eq!(status, 200, "{answer}");
            let page: serde_json::Value = serde_json::from_str(&answer).unwrap();
            pages += 1;
            let n = page["dialogues"].as_array().unwrap().len();
            received += n;
            cursor = page["cursor"].as_i64().unwrap();
            if !page["more"].as_bool().unwrap_or(false) || n == 0 {
                break;
            }
        }
        catch_ups.push(t.elapsed());
    }
    catch_ups.sort();
    let per = received / catch_ups.len();
    println!(
        "pull: a device {per} changes behind catches up in p50 {:.0} ms (max {:.0} ms), {:.1} pages each; {:.0} pull requests/s, {:.0} dialogues/s",
        ms(percentile(&catch_ups, 0.5)),
        ms(*catch_ups.last().unwrap()),
        pages as f64 / catch_ups.len() as f64,
        pages as f64 / catch_ups.iter().sum::<Duration>().as_secs_f64(),
        received as f64 / catch_ups.iter().sum::<Duration>().as_secs_f64(),
    );
}

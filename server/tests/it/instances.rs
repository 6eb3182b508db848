//! Issue 8, item 2: two server **processes** (the real `werkzaam-server` binary) on one database
//! give the same results as one — sessions, the login limit and the sync's versions live in the
//! database, not in an instance's memory. Two devices of one worker sync through different
//! instances, also at the same time; the team lead reads on the other. In the PostgreSQL run of
//! the suite this is the deployment the issue describes (instances behind a load balancer); in
//! the SQLite run it is two processes on one file.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};
use werkzaam_domain::Dialogue;
use werkzaam_protocol::sync::PROTOCOL_VERSION;

use crate::http::Connection;
use crate::*;

/// A running `werkzaam-server`, stopped when dropped.
struct Instance {
    child: Child,
    addr: SocketAddr,
}

impl Instance {
    /// Starts the server on `url` on a free port of 127.0.0.1 and waits for it to listen.
    fn start(url: &str, site: &std::path::Path) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_werkzaam-server"))
            .args([
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                url,
                "--site-root",
            ])
            .arg(site)
            .arg("--recovery-key-file")
            .arg(site.with_file_name("herstelsleutels.key"))
            .env("RUST_LOG", "warn")
            .env_remove("WERKZAAM_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("Werkzaam draait op http://") {
                    let _ = tx.send(addr.parse::<SocketAddr>().unwrap());
                }
            }
        });
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server says where it listens within a minute");
        Instance { child, addr }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn post(c: &mut Connection, path: &str, body: &Value) -> Value {
    let (status, answer, _) = c.post(path, &body.to_string()).await;
    assert_eq!(status, 200, "{path}: {answer}");
    serde_json::from_str(&answer).unwrap()
}

/// Everything `device` pulls from `cursor` until nothing more waits: the dialogues (id →
/// document) and the last cursor.
async fn pull_all(
    c: &mut Connection,
    device: &str,
    mut cursor: i64,
) -> (std::collections::BTreeMap<String, Value>, i64) {
    let mut seen = std::collections::BTreeMap::new();
    loop {
        let page = post(
            c,
            "/api/sync/pull",
            &json!({ "protocol_version": PROTOCOL_VERSION, "cursor": cursor, "client_id": device }),
        )
        .await;
        for d in page["dialogues"].as_array().unwrap() {
            let v = d["version"].as_i64().unwrap();
            assert!(
                v > cursor,
                "a pull brings only what is newer than its cursor"
            );
            seen.insert(d["id"].as_str().unwrap().to_owned(), d.clone());
        }
        cursor = page["cursor"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return (seen, cursor);
        }
    }
}

fn upsert(device: &str, id: u64, dialogue: &Value) -> Value {
    json!({ "protocol_version": PROTOCOL_VERSION, "client_id": device,
        "mutations": [{ "id": id, "operation": { "upsert_dialogue": { "dialogue": dialogue } } }] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_instances_on_one_database_sync_two_devices_as_one_would() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(test_backend(), dir.path()).await;
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    {
        let db = Db::connect(&url).await.unwrap();
        let team = db
            .create_team("Wijkteam Noord", Default::default())
            .await
            .unwrap();
        let hash = auth::hash_password(PASSWORD).unwrap();
        for (email, role) in [
            ("anna@noord.test", Role::Medewerker),
            ("bram@noord.test", Role::Medewerker),
            ("lead@noord.test", Role::Teamleider),
        ] {
            db.create_user(&team, email, email, role, &hash)
                .await
                .unwrap();
        }
    }
    let a = Instance::start(&url, &site);
    let b = Instance::start(&url, &site);
    assert_ne!(a.addr, b.addr);

    // Anna's phone talks to A, her tablet to B.
    let mut phone = Connection::open(a.addr).await;
    let mut tablet = Connection::open(b.addr).await;
    assert_eq!(phone.login("anna@noord.test", PASSWORD).await, 200);
    assert_eq!(tablet.login("anna@noord.test", PASSWORD).await, 200);

    // A dialogue made on the phone reaches the tablet through the other instance.
    let mut first = Dialogue::new("d-1".into(), "WT-1".into(), "2026-11-30".into(), 1);
    first.client.good.keywords = vec!["luistert".into()];
    first.consent.decision = werkzaam_domain::dialogue::ConsentDecision::Yes;
    first.consent.recorded_on = "2026-11-30".into();
    first.consent.answers = true;
    post(
        &mut phone,
        "/api/sync/push",
        &upsert("phone", 1, &json!(first)),
    )
    .await;
    let (on_tablet, tablet_cursor) = pull_all(&mut tablet, "tablet", -1).await;
    assert_eq!(
        on_tablet["d-1"]["client"]["good"]["keywords"],
        json!(["luistert"])
    );

    // The tablet changes it through B; the phone, pulling through A, gets the change.
    let (_, phone_cursor) = pull_all(&mut phone, "phone", -1).await;
    let mut changed = on_tablet["d-1"].clone();
    changed["worker"]["good"]["keywords"] = json!(["samen plannen"]);
    post(
        &mut tablet,
        "/api/sync/push",
        &upsert("tablet", 1, &changed),
    )
    .await;
    let (on_phone, _) = pull_all(&mut phone, "phone", phone_cursor).await;
    assert_eq!(on_phone.len(), 1);
    assert_eq!(
        on_phone["d-1"]["worker"]["good"]["keywords"],
        json!(["samen plannen"])
    );
    assert_eq!(
        on_phone["d-1"]["client"]["good"]["keywords"],
        json!(["luistert"])
    );

    // Both devices push at the same time, each through its own instance, 30 pushes of 4 new
    // dialogues; a push answered by one instance is known to the other (a resent push is
    // stored once), and every version is handed out once and in commit order, so both devices
    // — each pulling through the *other* instance from its old cursor — get all 240 exactly.
    let device_push = |mut c: Connection, device: &'static str| async move {
        for round in 0..30u64 {
            let mutations: Vec<Value> = (0..4u64)
                .map(|i| {
                    let id = 2 + round * 4 + i;
                    let d = Dialogue::new(
                        format!("{device}-{id}"),
                        "WT-2".into(),
                        "2026-11-30".into(),
                        1,
                    );
                    json!({ "id": id, "operation": { "upsert_dialogue": { "dialogue": d } } })
                })
                .collect();
            let body = json!({ "protocol_version": PROTOCOL_VERSION, "client_id": device, "mutations": mutations });
            let answer = post(&mut c, "/api/sync/push", &body).await;
            assert_eq!(answer["last_mutation_id"], 1 + (round + 1) * 4);
        }
        c
    };
    let (phone, tablet) = tokio::join!(
        tokio::spawn(device_push(phone, "phone")),
        tokio::spawn(device_push(tablet, "tablet"))
    );
    let (mut phone, mut tablet) = (phone.unwrap(), tablet.unwrap());
    // The phone's last push, resent through B (its answer lost), changes nothing.
    let mut phone_via_b = Connection::open(b.addr).await;
    phone_via_b.cookie = phone.cookie.clone();
    phone_via_b.key = phone.key.clone();
    let last = json!({ "protocol_version": PROTOCOL_VERSION, "client_id": "phone", "mutations": [
        { "id": 121, "operation": { "upsert_dialogue": { "dialogue":
            Dialogue::new("phone-121".into(), "WT-2".into(), "2026-11-30".into(), 1) } } }] });
    let answer = post(&mut phone_via_b, "/api/sync/push", &last).await;
    assert_eq!(
        answer["last_mutation_id"], 121,
        "A's session and B's answer agree"
    );

    let mut phone_via_b_pull = pull_all(&mut phone_via_b, "phone", phone_cursor).await.0;
    let mut tablet_via_a = Connection::open(a.addr).await;
    tablet_via_a.cookie = tablet.cookie.clone();
    tablet_via_a.key = tablet.key.clone();
    let tablet_via_a_pull = pull_all(&mut tablet_via_a, "tablet", tablet_cursor).await.0;
    phone_via_b_pull.remove("d-1");
    let mut expected: Vec<String> = Vec::new();
    for device in ["phone", "tablet"] {
        expected.extend((2..122u64).map(|id| format!("{device}-{id}")));
    }
    expected.sort();
    let got: Vec<&String> = phone_via_b_pull.keys().collect();
    assert_eq!(
        got,
        expected.iter().collect::<Vec<_>>(),
        "the phone, through B"
    );
    let mut got: Vec<&String> = tablet_via_a_pull.keys().collect();
    got.retain(|id| *id != "d-1");
    assert_eq!(
        got,
        expected.iter().collect::<Vec<_>>(),
        "the tablet, through A"
    );
    let versions: std::collections::BTreeSet<i64> = phone_via_b_pull
        .values()
        .map(|d| d["version"].as_i64().unwrap())
        .collect();
    assert_eq!(
        versions.len(),
        60,
        "one version per push, never shared by two pushes"
    );

    // The team lead reads through B what Anna shared through A.
    let mut lead = Connection::open(b.addr).await;
    assert_eq!(lead.login("lead@noord.test", PASSWORD).await, 200);
    let (status, overview) = lead.get("/api/team/dialogen").await;
    assert_eq!(status, 200, "{overview}");
    let overview: Value = serde_json::from_str(&overview).unwrap();
    let shared: Vec<&str> = overview["dialogues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["dialogue"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(shared, ["d-1"], "only what consent covers");

    // Logging out on A ends the session on B too.
    let (status, _, _) = phone.post("/api/uitloggen", "{}").await;
    assert!(status < 300, "logout: {status}");
    let (status, _) = phone_via_b.get("/api/ik").await;
    assert_eq!(status, 401, "a session ended on A is ended on B");
    let (status, _) = tablet.get("/api/ik").await;
    assert_eq!(status, 200, "the tablet's own session goes on");

    // Failed logins count across instances: spread over A and B, the limit holds as on one.
    let max = server::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    for i in 0..max {
        let mut c = Connection::open(if i % 2 == 0 { a.addr } else { b.addr }).await;
        assert_eq!(c.login("bram@noord.test", "fout-fout-fout").await, 401);
    }
    for addr in [a.addr, b.addr] {
        let mut c = Connection::open(addr).await;
        assert_eq!(
            c.login("bram@noord.test", PASSWORD).await,
            429,
            "after {max} failures over both instances, even the right password waits"
        );
    }
}

/// Issue 20, item 5: the site folder rebuilt (replaced) under a running server: it goes on
/// serving the build it started with — the shell, the service worker and the files belong
/// together — and a restarted server serves the new one.
#[tokio::test]
async fn a_running_server_serves_the_build_it_started_with() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("site-test.db").display());
    let site = dir.path().join("site");
    let build = |id: &str, code: &str| {
        let new = dir.path().join("site.new");
        std::fs::create_dir_all(new.join("pkg")).unwrap();
        std::fs::write(new.join("build_id"), id).unwrap();
        std::fs::write(new.join("pkg/werkzaam.js"), code).unwrap();
        std::fs::write(new.join("sw.js"), format!("const BUILD = '{id}';")).unwrap();
        // As .ci/build-site does: the new build replaces the folder at once.
        let _ = std::fs::remove_dir_all(&site);
        std::fs::rename(&new, &site).unwrap();
    };
    build("aaa111", "console.log('A');");
    let first = Instance::start(&url, &site);
    let mut c = Connection::open(first.addr).await;
    assert_eq!(c.get("/pkg/werkzaam.js").await.1, "console.log('A');");
    build("bbb222", "console.log('B');");
    let (_, js) = c.get("/pkg/werkzaam.js").await;
    let (_, sw) = c.get("/sw.js").await;
    let (_, shell) = c.get("/shell.html").await;
    assert_eq!(js, "console.log('A');", "the files of its own build");
    assert!(sw.contains("aaa111"), "{sw}");
    assert!(
        shell.contains("v=aaa111") && !shell.contains("bbb222"),
        "{shell}"
    );
    drop(c);
    drop(first);
    let second = Instance::start(&url, &site);
    let mut c = Connection::open(second.addr).await;
    assert_eq!(c.get("/pkg/werkzaam.js").await.1, "console.log('B');");
}

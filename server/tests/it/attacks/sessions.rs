//! Sessions: slow clients cut off, ended sessions purged, the recovery key only after a fresh
//! login and stored wrapped (items 10–11).

use axum::http::StatusCode;
use serde_json::json;

use sqlx::Row;

use crate::*;

/// Item 10: a client that trickles its request head is cut off; a request whose body never
/// comes is answered 408 in Dutch; ended sessions are purged by the maintenance run.
#[tokio::test]
async fn slow_clients_are_cut_off_and_ended_sessions_are_purged() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let timeouts = server::listen::Timeouts {
        header_read: std::time::Duration::from_millis(500),
        request: std::time::Duration::from_millis(800),
    };
    tokio::spawn(server::listen::serve(
        listener,
        server.router.clone(),
        timeouts,
        std::future::pending(),
    ));
    // Headers that never end.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/ik HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        slow.read_to_end(&mut buf),
    )
    .await
    .expect("the server closes the connection");
    assert!(read.is_ok());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A body that never comes.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
    stalled
        .write_all(b"POST /api/inloggen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stalled.read(&mut answer),
    )
    .await
    .expect("an answer")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("duurde te lang"), "{answer}");
    // A normal request still works.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /api/ik HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    ok.read_to_end(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 401"));

    // Sessions that ended (idle too long) are purged.
    let _anna = server.login("anna@noord.test").await;
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
        .bind(server::auth::SESSION_IDLE_MS + 1000)
        .execute(&pool)
        .await
        .unwrap();
    let _bram = server.login("bram@noord.test").await;
    server::jobs::run_once(&server.db, server::clock::now_ms())
        .await
        .unwrap();
    let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(left, 1, "only Bram's session is left");
}

/// Item 12: the recovery key goes out only right after a password login on the device (with
/// its request key), and is stored wrapped by a key outside the database: a copy of the
/// database opens nothing, and keys stored plain before are wrapped at start.
#[tokio::test]
async fn the_recovery_key_needs_a_fresh_login_and_is_stored_wrapped() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let ask = |cookie: &str| {
        post_json(
            "/api/herstelsleutel",
            Some(cookie),
            &json!({ "vault": "kluis-a" }),
        )
    };
    let (status, answer) = server.send(ask(&anna)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let key = answer["key"].as_str().unwrap().to_owned();
    // Stored wrapped: the key is in no table.
    assert!(!server.db.dump().await.unwrap().contains(&key));
    // The cookie alone (a copied browser profile): nothing.
    let (status, _) = server.send(ask(&cookie_only(&anna))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Once the login is no longer fresh: refused in Dutch, also with cookie and request key.
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    sqlx::query("UPDATE sessions SET fresh_until = 0")
        .execute(&pool)
        .await
        .unwrap();
    let (status, answer) = server.send(ask(&anna)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("wachtwoord"),
        "{answer}"
    );
    // A new password login opens it again, and it is the same key.
    let anna = server.login("anna@noord.test").await;
    let (_, answer) = server.send(ask(&anna)).await;
    assert_eq!(answer["key"], json!(key));
    // Another server key (a database restored elsewhere without the key file) opens nothing.
    let elsewhere = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_recovery_wrap(server::recovery::RecoveryWrap::random()),
    );
    let answer = elsewhere.oneshot(ask(&anna)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // A key stored plain (before wrapping) is wrapped by the start-up step, and still opens.
    let anna_id = server.user_id("anna@noord.test").await;
    let plain = "ab".repeat(32);
    sqlx::query("INSERT INTO recovery_keys (user_id, vault_id, key_hex, created_at) VALUES ($1, 'oud', $2, 1)")
        .bind(&anna_id)
        .bind(&plain)
        .execute(&pool)
        .await
        .unwrap();
    let wrap = server::recovery::RecoveryWrap::random();
    assert_eq!(
        server.db.wrap_recovery_keys(&wrap).await.unwrap(),
        1,
        "only the plain one"
    );
    assert_eq!(server.db.wrap_recovery_keys(&wrap).await.unwrap(), 0);
    assert!(!server.db.dump().await.unwrap().contains(&plain));
    assert_eq!(
        server
            .db
            .recovery_key(&anna_id, "oud", &wrap)
            .await
            .unwrap()
            .unwrap(),
        plain
    );
}

//! Logins under attack: parallel wrong passwords, a burst past the password work, a flood of
//! strangers, standard argon2id hashes (items 7–9).

use axum::http::{header, StatusCode};
use serde_json::json;

use crate::*;

/// A login attempt from `peer` (as the TCP peer the server sees).
fn login_from(
    router: &axum::Router,
    peer: &str,
    email: &str,
    password: &str,
) -> impl std::future::Future<Output = StatusCode> {
    let mut request = post_json(
        "/api/inloggen",
        None,
        &json!({ "email": email, "password": password }),
    );
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let router = router.clone();
    async move { router.oneshot(request).await.unwrap().status() }
}

fn roomy_router(server: &TestServer) -> axum::Router {
    test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_password_work(server::auth::PasswordWork::new(2, 400)),
    )
}

/// Item 7: the attempt is counted atomically before the password is checked — 60 wrong
/// passwords at once for one account get at most 10 answers of "wrong", 200 at once from one
/// address (other accounts) at most 50.
#[tokio::test]
async fn parallel_wrong_passwords_never_get_past_the_limit() {
    let server = TestServer::new().await;
    let router = roomy_router(&server);
    let tries: Vec<_> = (0..60)
        .map(|_| {
            tokio::spawn(login_from(
                &router,
                "192.0.2.10:1000",
                "anna@noord.test",
                "fout-fout-fout",
            ))
        })
        .collect();
    let mut wrong = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        wrong,
        server::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        "one account, one address"
    );
    let tries: Vec<_> = (0..200)
        .map(|i| {
            tokio::spawn(login_from(
                &router,
                "192.0.2.20:1000",
                &format!("iemand{i}@noord.test"),
                "fout-fout-fout",
            ))
        })
        .collect();
    let mut wrong = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        wrong,
        server::auth::MAX_FAILURES_PER_ADDRESS,
        "one address, many accounts"
    );
}

/// Item 8: password work is bounded — past its places a login is refused at once with 503,
/// `Retry-After` and a Dutch sentence, and counts as no attempt.
#[tokio::test]
async fn a_burst_of_logins_past_the_password_work_gets_503_with_retry_after() {
    let server = TestServer::new().await;
    let router = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_password_work(server::auth::PasswordWork::new(1, 2)),
    );
    let tries: Vec<_> = (0..30)
        .map(|i| {
            let mut request = post_json(
                "/api/inloggen",
                None,
                &json!({ "email": format!("onbekend{i}@noord.test"), "password": "fout-fout-fout" }),
            );
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                format!("192.0.2.{}:1000", i + 1).parse::<std::net::SocketAddr>().unwrap(),
            ));
            let router = router.clone();
            tokio::spawn(async move {
                let answer = router.oneshot(request).await.unwrap();
                let status = answer.status();
                let retry = answer.headers().get(header::RETRY_AFTER).cloned();
                let body = answer.into_body().collect().await.unwrap().to_bytes();
                (status, retry, String::from_utf8_lossy(&body).into_owned())
            })
        })
        .collect();
    let (mut busy, mut wrong) = (0, 0);
    for t in tries {
        let (status, retry, body) = t.await.unwrap();
        match status {
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(retry.unwrap(), "5");
                assert!(
                    body.contains("druk") && body.contains("\"code\":\"busy\""),
                    "{body}"
                );
            }
            StatusCode::UNAUTHORIZED => wrong += 1,
            other => panic!("{other} {body}"),
        }
    }
    assert!(busy > 0 && wrong >= 3, "busy {busy}, wrong {wrong}");
    let counted = server
        .db
        .dump()
        .await
        .unwrap()
        .matches("address:192.0.2.")
        .count();
    assert_eq!(counted, wrong, "a refused login counts as no attempt");
}

/// Item 9: strangers' wrong passwords do not lock the owner out from her own address; the
/// lock-out is per account and address, IPv6 by its /64; a slower account-wide limit stays.
#[tokio::test]
async fn a_flood_of_strangers_does_not_lock_the_owner_out() {
    let server = TestServer::new().await;
    let router = roomy_router(&server);
    for i in 0..40 {
        let peer = format!("203.0.113.{}:4000", i % 4);
        let status = login_from(&router, &peer, "anna@noord.test", "fout-fout-fout").await;
        assert!(
            matches!(
                status,
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{status}"
        );
    }
    assert_eq!(
        login_from(&router, "203.0.113.1:4000", "anna@noord.test", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the stranger's address is locked for this account"
    );
    assert_eq!(
        login_from(&router, "198.51.100.7:5000", "anna@noord.test", PASSWORD).await,
        StatusCode::OK,
        "the owner, elsewhere, is not"
    );
    // IPv6: every address of one /64 is one bucket.
    for i in 0..10 {
        let peer = format!("[2001:db8:1:2::{:x}]:4000", i + 1);
        login_from(&router, &peer, "bram@noord.test", "fout-fout-fout").await;
    }
    assert_eq!(
        login_from(
            &router,
            "[2001:db8:1:2:ffff::9]:4000",
            "bram@noord.test",
            PASSWORD
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(
            &router,
            "[2001:db8:1:3::1]:4000",
            "bram@noord.test",
            PASSWORD
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        server::auth::address_bucket("::ffff:192.0.2.1"),
        "192.0.2.1"
    );
    assert_eq!(
        server::auth::address_bucket("2001:db8:1:2:aaaa::1"),
        "2001:db8:1:2::/64"
    );
    // The account-wide limit: guesses spread over many addresses stop at it.
    let mut refused = 0;
    for i in 0..(server::auth::MAX_FAILURES_PER_ACCOUNT + 5) {
        let peer = format!("10.{}.{}.1:4000", i / 200, i % 200);
        if login_from(&router, &peer, "lead@noord.test", "fout-fout-fout").await
            == StatusCode::TOO_MANY_REQUESTS
        {
            refused += 1;
        }
    }
    assert_eq!(refused, 5);
}

/// Item 8: hashing reuses each thread's argon2 memory, and stays the standard PHC argon2id —
/// hashes made before verify, and new ones verify with the argon2 crate's own check.
#[test]
fn password_hashes_stay_standard_argon2id_both_ways() {
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    let old = argon2::Argon2::default()
        .hash_password(
            b"correct paard batterij",
            &SaltString::encode_b64(&[7u8; 16]).unwrap(),
        )
        .unwrap()
        .to_string();
    assert!(server::auth::verify_password(
        "correct paard batterij",
        &old
    ));
    assert!(!server::auth::verify_password(
        "correct paard batterij!",
        &old
    ));
    let new = server::auth::hash_password("een andere zin").unwrap();
    assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
    argon2::Argon2::default()
        .verify_password(b"een andere zin", &PasswordHash::new(&new).unwrap())
        .unwrap();
    assert!(server::auth::verify_password("een andere zin", &new));
    assert!(!server::auth::verify_password(
        "een andere zin",
        "geen hash"
    ));
    assert_ne!(
        new,
        server::auth::hash_password("een andere zin").unwrap(),
        "a new salt each time"
    );
}

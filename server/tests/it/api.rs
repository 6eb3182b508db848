use axum::http::{header, StatusCode};
use serde_json::json;

use crate::*;

#[tokio::test]
async fn a_push_is_stored_and_its_team_lead_sees_it() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, body) = server
        .push(&anna, &push_body("phone-1", 1, 2, "luistert goed"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["last_mutation_id"], 2);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 2);

    let lead = server.login("lead@noord.test").await;
    let (status, body) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["team_name"], "Wijkteam Noord");
    let items = body["dialogues"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["worker_name"], "anna");
    assert_eq!(
        items[0]["dialogue"]["client"]["good"]["keywords"][0],
        "luistert goed"
    );
}

#[tokio::test]
async fn a_replayed_push_stores_nothing_twice() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let first = push_body("phone-1", 1, 3, "eerste versie");
    let (status, _) = server.push(&anna, &first).await;
    assert_eq!(status, StatusCode::OK);
    // The same mutations again (the answer was lost), even with other content: applied once.
    let replay = push_body("phone-1", 1, 3, "tweede keer verstuurd");
    let (status, body) = server.push(&anna, &replay).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["last_mutation_id"], 3);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 3);
    let lead = server.login("lead@noord.test").await;
    let (_, body) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    for item in body["dialogues"].as_array().unwrap() {
        assert_eq!(
            item["dialogue"]["client"]["good"]["keywords"][0],
            "eerste versie"
        );
    }
}

#[tokio::test]
async fn a_push_that_overlaps_applies_only_the_new_mutations() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("p", 1, 2, "a")).await;
    let (status, body) = server.push(&anna, &push_body("p", 1, 4, "a")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["last_mutation_id"], 4);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 4);
}

#[tokio::test]
async fn malformed_json_is_a_readable_400_and_stores_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, body) = server
        .send(post_raw(
            "/api/sync/push",
            Some(&anna),
            "{\"protocol_version\": 1, ".into(),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_input");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("geen geldige JSON"),
        "{body}"
    );
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn a_missing_field_is_a_readable_400_naming_it_and_stores_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut body = push_body("phone-1", 1, 1, "x");
    body["mutations"][0]["operation"]["upsert_dialogue"]["dialogue"]
        .as_object_mut()
        .unwrap()
        .remove("client_code");
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"].as_str().unwrap().contains("client_code"),
        "{answer}"
    );
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn a_batch_with_one_invalid_mutation_is_refused_whole_naming_it() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut body = push_body("phone-1", 1, 3, "x");
    body["mutations"][1]["operation"]["upsert_dialogue"]["dialogue"]["held_on"] =
        json!("2026-02-30");
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"].as_str().unwrap().contains("Wijziging 2"),
        "{answer}"
    );
    assert_eq!(answer["mutation_id"], 2);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);

    // The device sets mutation 2 aside: a placeholder in its place, and the rest goes through.
    body["mutations"][1]["operation"] = json!("noop");
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["last_mutation_id"], 3);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 2);
}

#[tokio::test]
async fn an_out_of_order_push_is_refused_with_a_clear_code() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, answer) = server.push(&anna, &push_body("phone-1", 3, 1, "x")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(answer["code"], "out_of_order");
    assert!(answer.get("mutation_id").is_none(), "{answer}");
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn without_a_session_sync_and_review_answer_401() {
    let server = TestServer::new().await;
    let (status, body) = server
        .send(post_json(
            "/api/sync/push",
            None,
            &push_body("p", 1, 1, "x"),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "not_logged_in");
    let (status, _) = server.send(get("/api/team/dialogen", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server
        .send(get("/api/team/dialogen", Some("werkzaam_sessie=verzonnen")))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn a_team_lead_sees_only_their_own_team() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("a", 1, 1, "noord")).await;
    let sem = server.login("sem@zuid.test").await;
    server.push(&sem, &push_body("s", 1, 1, "zuid")).await;

    let lead_zuid = server.login("lead@zuid.test").await;
    let (status, body) = server
        .send(get("/api/team/dialogen", Some(&lead_zuid)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = body["dialogues"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["dialogue"]["client"]["good"]["keywords"][0],
        "zuid"
    );
}

#[tokio::test]
async fn a_worker_cannot_open_the_team_overview() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, body) = server.send(get("/api/team/dialogen", Some(&anna))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "forbidden");
}

#[tokio::test]
async fn a_worker_cannot_overwrite_a_colleagues_dialogue() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("x", 1, 1, "van anna")).await;
    // Bram sends a dialogue with the id of Anna's (same client id prefix makes the same id).
    let bram = server.login("bram@noord.test").await;
    let mut body = push_body("x", 1, 1, "van bram");
    body["client_id"] = json!("bram-phone");
    let (status, answer) = server.push(&bram, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(answer["mutation_id"], 1, "{answer}");
    let lead = server.login("lead@noord.test").await;
    let (_, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(
        overview["dialogues"][0]["dialogue"]["client"]["good"]["keywords"][0],
        "van anna"
    );
}

#[tokio::test]
async fn a_device_id_of_another_user_is_refused() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("shared", 1, 1, "a")).await;
    let bram = server.login("bram@noord.test").await;
    let mut body = push_body("shared", 2, 1, "b");
    body["mutations"][0]["operation"]["upsert_dialogue"]["dialogue"]["id"] = json!("bram-own");
    let (status, _) = server.push(&bram, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 1);
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_answers_the_profile() {
    let server = TestServer::new().await;
    let (status, headers, body) = server
        .send_raw(post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "  Anna@Noord.test ", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-werkzaam_sessie="), "{cookie}");
    assert!(cookie.contains("; Secure"));
    assert!(cookie.contains("; Path=/;"));
    assert!(!cookie.contains("Domain"));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    let profile: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(profile["role"], "medewerker");
    assert_eq!(profile["team_name"], "Wijkteam Noord");
    assert!(profile.get("password_hash").is_none());
}

#[tokio::test]
async fn a_wrong_password_gets_a_readable_401() {
    let server = TestServer::new().await;
    for email in ["anna@noord.test", "niemand@noord.test"] {
        let (status, body) = server
            .send(post_json(
                "/api/inloggen",
                None,
                &json!({ "email": email, "password": "fout" }),
            ))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "wrong_credentials");
        assert!(body["message"].as_str().unwrap().contains("klopt niet"));
    }
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .send(post_raw("/api/uitloggen", Some(&anna), String::new()))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let server = TestServer::new().await;
    let (status, body) = server.send(get("/api/bestaat-niet", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn a_push_without_json_content_type_is_refused_readably() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let request = axum::http::Request::post("/api/sync/push")
        .header(header::COOKIE, &anna)
        .body(axum::body::Body::from(
            push_body("p", 1, 1, "x").to_string(),
        ))
        .unwrap();
    let (status, body) = server.send(request).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body["message"].as_str().unwrap().contains("JSON"));
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn api_answers_are_never_cached() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let (status, headers, _) = server
        .send_raw(get("/api/team/dialogen", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (_, headers, _) = server.send_raw(get("/api/ik", None)).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_same_push_sent_twice_at_once_is_applied_once() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let body = push_body("two-tabs", 1, 20, "gelijktijdig");
    let (a, b) = tokio::join!(server.push(&anna, &body), server.push(&anna, &body));
    assert_eq!(a.0, StatusCode::OK, "{}", a.1);
    assert_eq!(b.0, StatusCode::OK, "{}", b.1);
    assert_eq!(a.1["last_mutation_id"], 20);
    assert_eq!(b.1["last_mutation_id"], 20);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 20);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_and_stores_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let huge = "x".repeat(server::routes::MAX_BODY_BYTES + 1);
    let (status, body) = server
        .send(post_raw("/api/sync/push", Some(&anna), huge))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], "payload_too_large");
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}

#[tokio::test]
async fn an_app_of_an_older_protocol_hears_to_reload_even_when_its_push_no_longer_parses() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let old = json!({
        "protocol_version": 6,
        "client_id": "oud-toestel",
        "mutations": [{ "id": 1, "operation": { "type": "noop" } }]
    });
    let (status, body) = server.push(&anna, &old).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "protocol_version");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Laad de app opnieuw"));
    let (status, body) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": 6, "cursor": -1, "extra": true }),
        ))
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("protocol_version"))
    );
}

#[test]
fn days_and_moments_read_in_utc_as_the_exports_show_them() {
    use server::clock::{date_of, date_time_of, DAY_MS};
    assert_eq!(date_of(0), "1970-01-01");
    assert_eq!(date_of(-1), "1969-12-31");
    // 2024-02-29 12:34:56.789 UTC: a leap day.
    let leap = 19_782 * DAY_MS + ((12 * 60 + 34) * 60 + 56) * 1000 + 789;
    assert_eq!(date_of(leap), "2024-02-29");
    assert_eq!(date_time_of(leap), "2024-02-29 12:34:56");
    assert_eq!(date_of(leap + DAY_MS), "2024-03-01");
}

#[test]
fn the_session_cookie_is_found_among_others_and_cleared_with_max_age_zero() {
    use axum::http::{header::COOKIE, HeaderMap, HeaderValue};
    let mut headers = HeaderMap::new();
    headers.append(
        COOKIE,
        HeaderValue::from_static("a=1; __Host-werkzaam_sessie=abc; b=2"),
    );
    assert_eq!(
        server::auth::session_token(&headers).as_deref(),
        Some("abc")
    );
    let mut empty = HeaderMap::new();
    empty.append(COOKIE, HeaderValue::from_static("__Host-werkzaam_sessie="));
    assert_eq!(server::auth::session_token(&empty), None);
    let clear = server::auth::clearing_cookie();
    assert!(clear.starts_with("__Host-werkzaam_sessie=;"), "{clear}");
    for part in [
        "Max-Age=0",
        "Secure",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(clear.contains(part), "{clear} lacks {part}");
    }
}

/// `body` gzipped, as a browser's `CompressionStream` packs it.
fn gzipped(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut packer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    packer.write_all(body).unwrap();
    packer.finish().unwrap()
}

fn push_packed(
    cookie: &str,
    encoding: &str,
    body: Vec<u8>,
) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post("/api/sync/push")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_ENCODING, encoding)
        .header(header::COOKIE, cookie)
        .body(axum::body::Body::from(body))
        .unwrap()
}

/// Issue 17: a phone on a slow upload gzips its push; the server stores it as a plain one.
#[tokio::test]
async fn a_gzipped_push_is_stored_like_a_plain_one() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let body = push_body("phone-1", 1, 40, "ingepakt");
    let plain = body.to_string();
    let packed = gzipped(plain.as_bytes());
    assert!(
        packed.len() * 5 < plain.len(),
        "{} of {}",
        packed.len(),
        plain.len()
    );
    let (status, answer) = server.send(push_packed(&anna, "gzip", packed)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["last_mutation_id"], 40);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 40);
    let (_, pulled) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(
        pulled["dialogues"][0]["client"]["good"]["keywords"][0],
        "ingepakt"
    );
}

/// Bad packing is the client's mistake: a readable 400 or 413, never a 500, and nothing stored
/// — a gzip that does not unpack, one that unpacks past the body limit (a "zip bomb" of 20
/// MiB of spaces, 20 KiB packed) and an encoding the server does not know.
#[tokio::test]
async fn a_badly_packed_push_is_refused_readably_and_stores_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let plain = push_body("phone-1", 1, 3, "x").to_string();

    let mut broken = gzipped(plain.as_bytes());
    broken.truncate(broken.len() / 2);
    let (status, body) = server.send(push_packed(&anna, "gzip", broken)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("uitgepakt"),
        "{body}"
    );

    let mut bomb = plain.clone().into_bytes();
    bomb.truncate(bomb.len() - 1);
    bomb.extend(std::iter::repeat_n(b' ', 20 * 1024 * 1024));
    bomb.push(b'}');
    let bomb = gzipped(&bomb);
    assert!(bomb.len() < 100 * 1024, "{}", bomb.len());
    let (status, body) = server.send(push_packed(&anna, "gzip", bomb)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body["message"].is_string(), "{body}");

    let (status, body) = server
        .send(push_packed(&anna, "br", plain.clone().into_bytes()))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["message"].as_str().unwrap().contains("gzip"), "{body}");

    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
    // The same push unpacked goes.
    let (status, _) = server
        .send(push_packed(&anna, "identity", plain.into_bytes()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 3);
}

/// A page of a pull goes gzipped to a device that accepts it (a tenth of the bytes to wait
/// for on one bar of signal), plain to one that does not.
#[tokio::test]
async fn a_pull_is_gzipped_for_a_device_that_accepts_it() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("phone", 1, 60, "veel")).await;
    let pull = |gzip: bool| {
        let mut request = post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        );
        if gzip {
            request.headers_mut().insert(
                header::ACCEPT_ENCODING,
                "gzip, deflate, br".parse().unwrap(),
            );
        }
        request
    };
    let (status, headers, plain) = server.send_raw(pull(false)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    let (status, headers, packed) = server.send_raw(pull(true)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(
        packed.len() * 5 < plain.len(),
        "{} of {}",
        packed.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&packed[..]),
        &mut unpacked,
    )
    .unwrap();
    let unpacked: serde_json::Value = serde_json::from_slice(&unpacked).unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(unpacked["dialogues"], plain["dialogues"]);
}

/// A push of more changes than one may carry is refused whole with a readable 413 (the device
/// sends at most `MAX_MUTATIONS_PER_PUSH` at once), and stores nothing.
#[tokio::test]
async fn a_push_of_too_many_changes_is_refused_readably_and_stores_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let most = werkzaam_protocol::sync::MAX_MUTATIONS_PER_PUSH as u64;
    let (status, body) = server
        .push(&anna, &push_body("phone-1", 1, most + 1, "x"))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "too_many_mutations");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains(&format!("hoogstens {most}")),
        "{body}"
    );
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
    let (status, body) = server
        .push(&anna, &push_body("phone-1", 1, most, "x"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(server.db.count_dialogues().await.unwrap(), most as i64);
}

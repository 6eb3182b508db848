//! Attachments in parts: a cut upload goes on where it stopped; the whole is checked against its
//! hash before it is stored (issue 4).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use werkzaam_domain::dialogue::{ConsentDecision, MediaKind, MediaRef};
use werkzaam_domain::hash::content_hash;
use werkzaam_domain::rules::validate::MAX_ATTACHMENT_BYTES;
use werkzaam_protocol::upload::PART_BYTES;

use crate::consent::{push_dialogue, rich_dialogue};
use crate::*;

/// A "JPEG" of `len` bytes that does not compress.
fn big_photo(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0];
    let mut x: u32 = 12345;
    while bytes.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    bytes
}

fn put_part(cookie: &str, hash: &str, offset: usize, total: usize, bytes: &[u8]) -> Request<Body> {
    Request::put(format!(
        "/api/bijlagen/{hash}/delen?van={offset}&totaal={total}"
    ))
    .header(header::CONTENT_TYPE, "image/jpeg")
    .header(header::COOKIE, cookie)
    .body(Body::from(bytes.to_vec()))
    .unwrap()
}

async fn status(server: &TestServer, cookie: &str, hash: &str, total: usize) -> Value {
    let (code, body) = server
        .send(get(
            &format!("/api/bijlagen/{hash}/delen?totaal={total}"),
            Some(cookie),
        ))
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_photo_cut_off_halfway_goes_on_where_it_stopped_and_is_stored_whole() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let photo = big_photo(2 * PART_BYTES as usize + 1000);
    let (hash, total) = (content_hash(&photo), photo.len());
    let part = PART_BYTES as usize;

    let (code, body) = server
        .send(put_part(&anna, &hash, 0, total, &photo[..part]))
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "received": part, "complete": false }));
    // The connection drops; later the device asks where to go on.
    assert_eq!(status(&server, &anna, &hash, total).await["received"], part);
    // A part sent twice (its answer was lost) changes nothing.
    let (code, body) = server
        .send(put_part(&anna, &hash, 0, total, &photo[..part]))
        .await;
    assert_eq!(
        (code, body["received"].clone()),
        (StatusCode::OK, json!(part))
    );
    // A part too early is refused with where to go on.
    let (code, body) = server
        .send(put_part(&anna, &hash, 2 * part, total, &photo[2 * part..]))
        .await;
    assert_eq!(code, StatusCode::CONFLICT, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains(&part.to_string()));

    let (code, _) = server
        .send(put_part(&anna, &hash, part, total, &photo[part..2 * part]))
        .await;
    assert_eq!(code, StatusCode::OK);
    let (code, body) = server
        .send(put_part(&anna, &hash, 2 * part, total, &photo[2 * part..]))
        .await;
    assert_eq!(code, StatusCode::CREATED, "{body}");
    assert_eq!(body, json!({ "received": total, "complete": true }));
    assert_eq!(status(&server, &anna, &hash, total).await["complete"], true);

    // It is the same photo, for the dialogue that shows it.
    let mut d = rich_dialogue("foto-1", ConsentDecision::No, false, false, false);
    d.client.good.media = vec![MediaRef {
        kind: MediaKind::Photo,
        hash: hash.clone(),
        bytes: total as u64,
    }];
    d.worker.better.media.clear();
    push_dialogue(&server, &anna, "phone", 1, &d).await;
    let (code, _, bytes) = server
        .send_raw(get(
            &format!("/api/bijlagen/{hash}?dialoog=foto-1"),
            Some(&anna),
        ))
        .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(bytes, photo);
}

#[tokio::test]
async fn parts_that_do_not_make_up_the_hash_are_dropped_and_limits_hold() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let photo = big_photo(PART_BYTES as usize + 10);
    let hash = content_hash(b"iets anders");
    let part = PART_BYTES as usize;
    server
        .send(put_part(&anna, &hash, 0, photo.len(), &photo[..part]))
        .await;
    let (code, body) = server
        .send(put_part(&anna, &hash, part, photo.len(), &photo[part..]))
        .await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "hash_mismatch");
    assert_eq!(
        status(&server, &anna, &hash, photo.len()).await["received"],
        0
    );

    // Larger than an attachment may be, a part larger than a part, or a part outside the whole.
    let (code, body) = server
        .send(put_part(
            &anna,
            &hash,
            0,
            MAX_ATTACHMENT_BYTES as usize + 1,
            b"abc",
        ))
        .await;
    assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (code, body) = server
        .send(put_part(&anna, &hash, 0, 10 * part, &vec![1u8; part + 1]))
        .await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["message"].as_str().unwrap().contains("kB"));
    let (code, _) = server.send(put_part(&anna, &hash, 5, 6, b"ab")).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    // Someone else's parts are not Anna's: Bram starts from nothing.
    let bram = server.login("bram@noord.test").await;
    let mine = big_photo(PART_BYTES as usize + 10);
    let mine_hash = content_hash(&mine);
    server
        .send(put_part(&anna, &mine_hash, 0, mine.len(), &mine[..part]))
        .await;
    assert_eq!(
        status(&server, &bram, &mine_hash, mine.len()).await["received"],
        0
    );
}

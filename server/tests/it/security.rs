//! Issue 7 (first part): headers on every answer, no inline script or style in the pages, forms
//! from other sites refused, and a fuzz of malformed and oversized requests that must each get a
//! 4xx, leave the server up and the database exactly as it was.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::*;

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let server = TestServer::new().await;
    for uri in [
        "/",
        "/shell.html",
        "/api/ik",
        "/api/team/dialogen",
        "/bestaat-niet",
    ] {
        let (_, headers, _) = server.send_raw(get(uri, None)).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{uri}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "plain http: no HSTS"
        );
    }
    let (_, headers, _) = server.send_raw(get("/api/ik", None)).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_pages_have_no_inline_script_or_style() {
    let server = TestServer::new().await;
    for uri in ["/", "/shell.html", "/inloggen", "/samen", "/team/agenda"] {
        let (status, _, body) = server.send_raw(get(uri, None)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let html = String::from_utf8(body).unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "{uri}: the app starts from a script");
        for s in scripts {
            let (tag, rest) = s.split_once('>').unwrap();
            assert!(
                tag.contains("src=\"/boot.js?"),
                "{uri}: only the boot file: {tag}"
            );
            assert!(rest.starts_with("</script>"), "{uri}: no inline code");
        }
        assert!(!html.contains(" style="), "{uri}: no inline style");
        assert!(
            !html.contains(" on") || !html.contains(" onclick="),
            "{uri}: no inline handlers"
        );
    }
}

#[tokio::test]
async fn a_form_or_plain_request_from_another_site_changes_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let before = server.db.dump().await.unwrap();
    for content_type in [
        None,
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        for (method, uri) in [
            (Method::POST, "/api/sync/push"),
            (Method::POST, "/api/clienten/wissen"),
            (Method::POST, "/api/uitloggen"),
            (Method::PUT, "/api/team/instellingen"),
        ] {
            let mut builder = Request::builder()
                .method(method.clone())
                .uri(uri)
                .header(header::COOKIE, &anna);
            if let Some(ct) = content_type {
                builder = builder.header(header::CONTENT_TYPE, ct);
            }
            let body = push_body("csrf", 1, 1, "x").to_string();
            let (status, answer) = server.send(builder.body(Body::from(body)).unwrap()).await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {uri} {content_type:?}"
            );
            assert!(answer["message"].as_str().unwrap().contains("andere site"));
        }
    }
    assert_eq!(server.db.dump().await.unwrap(), before);
    // The session still works: the logout above was refused too.
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
}

/// A small deterministic generator (xorshift), so a failing case can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn junk(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// One malformed body for a JSON endpoint: broken, wrong in shape, too deep or too large.
fn malformed(rng: &mut Rng, valid: &serde_json::Value) -> Vec<u8> {
    let text = valid.to_string();
    match rng.below(12) {
        0 => {
            let len = rng.below(300) as usize + 1;
            rng.junk(len)
        }
        1 => text.as_bytes()[..rng.below(text.len() as u64) as usize].to_vec(),
        2 => format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes(),
        3 => vec![b'a'; 4 * 1024 * 1024 + 10],
        4 => {
            let mut v = valid.clone();
            v["onbekend_veld"] = json!(rng.next());
            v.to_string().into_bytes()
        }
        5 => {
            let mut v = valid.clone();
            if let Some(obj) = v.as_object_mut() {
                let key = obj.keys().nth(rng.below(obj.len().max(1) as u64) as usize).cloned();
                if let Some(key) = key {
                    let odd = json!([null, 1.5, "x", {"a": []}]);
                    obj.insert(key, odd[rng.below(4) as usize].clone());
                }
            }
            v.to_string().into_bytes()
        }
        6 => b"null".to_vec(),
        7 => {
            let mut bytes = text.into_bytes();
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] = 0xff;
            bytes
        }
        8 => json!({ "protocol_version": u64::MAX, "client_id": "x".repeat(10_000), "mutations": [] })
            .to_string()
            .into_bytes(),
        9 => json!({ "email": "x".repeat(100_000), "password": "y".repeat(100_000) })
            .to_string()
            .into_bytes(),
        10 => {
            let mut v = valid.clone();
            if v.get("mutations").is_some() {
                v["mutations"][0]["id"] = json!(-1);
            } else {
                v = json!([valid]);
            }
            v.to_string().into_bytes()
        }
        _ => json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "fuzz",
            "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": {
                "id": "<script>", "client_code": "'; DROP TABLE dialogues; --", "held_on": "2026-02-30" } } } }] })
            .to_string()
            .into_bytes(),
    }
}

#[tokio::test]
async fn two_hundred_and_forty_malformed_requests_each_get_a_4xx_and_change_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    // Something to keep: a dialogue and a story.
    let (status, _) = server.push(&anna, &push_body("keep", 1, 2, "rust")).await;
    assert_eq!(status, StatusCode::OK);
    let before = server.db.dump().await.unwrap();
    let valid_push = push_body("fuzz", 1, 1, "x");
    let valid_login = json!({ "email": "anna@noord.test", "password": "verkeerd wachtwoord" });
    let seed = std::env::var("WERKZAAM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed);
    let mut counts = std::collections::BTreeMap::<u16, usize>::new();
    for i in 0..240 {
        let request = match i % 4 {
            0 => post_raw_bytes(
                "/api/sync/push",
                Some(&anna),
                malformed(&mut rng, &valid_push),
            ),
            1 => post_raw_bytes("/api/inloggen", None, malformed(&mut rng, &valid_login)),
            2 => {
                let bad = [
                    "2026-13-01",
                    "gisteren",
                    "",
                    "2026-02-30",
                    "%00",
                    "2026-01-01'--",
                ];
                let van = bad[rng.below(bad.len() as u64) as usize];
                let extra = String::from_utf8_lossy(&rng.junk(8)).replace(['&', '#', ' '], "");
                get(
                    &format!(
                        "/api/team/agenda{}?van={}&tot=2026-12-31&x={}",
                        [".csv", ".pdf", ""][rng.below(3) as usize],
                        van,
                        urlencode(&extra)
                    ),
                    Some(&lead),
                )
            }
            _ => {
                if rng.below(2) == 0 {
                    let code = format!("ZZ{}", urlencode(&String::from_utf8_lossy(&rng.junk(12))));
                    get(&format!("/api/team/clienten/{code}"), Some(&lead))
                } else {
                    Request::put("/api/team/instellingen")
                        .header(header::CONTENT_TYPE, "application/json")
                        .header(header::COOKIE, &lead)
                        .body(Body::from(malformed(
                            &mut rng,
                            &json!({"drop": 2, "low": 4, "divergence": 3}),
                        )))
                        .unwrap()
                }
            }
        };
        let (status, _, body) = server.send_raw(request).await;
        assert!(
            status.is_client_error(),
            "request {i} (seed {seed}): {status} {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
        *counts.entry(status.as_u16()).or_default() += 1;
    }
    assert_eq!(
        server.db.dump().await.unwrap(),
        before,
        "the database is exactly as it was"
    );
    // Still up and answering.
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(counts.len() >= 2, "a spread of refusals: {counts:?}");
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn post_raw_bytes(uri: &str, cookie: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut builder = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).unwrap()
}

#[test]
fn only_the_empty_hydration_scripts_are_stripped() {
    use server::web::strip_empty_hydration_scripts as strip;
    let page = "<head><script type=\"module\" src=\"/boot.js\"></script></head><body>x\
        <script nonce=\"abc\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>\
        <script nonce=\"abc\">__INCOMPLETE_CHUNKS=[];</script>y</body>";
    assert_eq!(
        strip(page),
        "<head><script type=\"module\" src=\"/boot.js\"></script></head><body>xy</body>"
    );
    // Anything else stays, so the browser's refusal shows.
    for kept in [
        "<script nonce=\"a\">__RESOLVED_RESOURCES[0] = \"x\";</script>",
        "<script>__INCOMPLETE_CHUNKS=[];</script>",
        "<script nonce=\"a\" src=\"x.js\">__INCOMPLETE_CHUNKS=[];</script>",
        "<script nonce=\"a\">alert(1)</script>",
        "<script nonce=\"a\">",
    ] {
        assert_eq!(strip(kept), kept);
    }
}

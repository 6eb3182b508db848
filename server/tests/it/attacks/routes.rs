//! Every route the source declares, walked as every kind of caller: no-store and the isolation
//! headers on every answer (issue 15, item 4).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use crate::*;

/// Every route the server's source declares (`.route("…", get(…).post(…))`), with the methods
/// it names: read from the source, so a route added later is walked too.
fn declared_routes() -> Vec<(String, Vec<Method>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes = Vec::new();
    // Every `.rs` file under `src/`, folders included.
    let mut files = Vec::new();
    let mut folders = vec![dir];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for piece in source.split(".route(").skip(1) {
            let Some(rest) = piece.trim_start().strip_prefix('"') else {
                continue;
            };
            let (path, rest) = rest.split_once('"').unwrap();
            // The handler expression runs to the `)` that closes `.route(`.
            let mut depth = 1;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let handler = &rest[..end];
            let mut methods = Vec::new();
            for (name, method) in [
                ("get(", Method::GET),
                ("post(", Method::POST),
                ("put(", Method::PUT),
                ("delete(", Method::DELETE),
                ("any(", Method::GET),
            ] {
                if handler.contains(name) && !methods.contains(&method) {
                    methods.push(method);
                }
            }
            assert!(!methods.is_empty(), "{}: {path}: no method", file.display());
            routes.push((path.to_owned(), methods));
        }
    }
    routes
}

/// `path` with every `{param}` filled in with something plausible.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            s if s.starts_with("{*") => "iets/anders".to_owned(),
            "{hash}" => "a".repeat(64),
            "{code}" => "C-1".to_owned(),
            s if s.starts_with('{') => "0123456789abcdef0123456789abcdef".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_api_route_answers_no_store_and_every_answer_the_isolation_headers() {
    let server = TestServer::new().await;
    let routes = declared_routes();
    let api: Vec<_> = routes
        .iter()
        .filter(|(p, _)| p.starts_with("/api/"))
        .collect();
    assert!(
        api.len() >= 38,
        "the walk finds the routes of api, review and admin ({} found)",
        api.len()
    );
    let lead = server.login("lead@noord.test").await;
    let admin = server.login("admin@werkzaam.test").await;
    let anna = server.login("anna@noord.test").await;
    let mut walked = 0;
    for (path, methods) in &routes {
        for method in methods {
            for cookie in [None, Some(&anna), Some(&lead), Some(&admin)] {
                let uri = concrete(path);
                let mut builder = Request::builder().method(method.clone()).uri(&uri);
                if let Some(c) = cookie {
                    builder = builder.header(header::COOKIE, c.as_str());
                }
                if *method != Method::GET {
                    builder = builder.header(header::CONTENT_TYPE, "application/json");
                }
                let request = builder.body(Body::from("{}")).unwrap();
                let (status, headers, _) = server.send_raw(request).await;
                walked += 1;
                if path.starts_with("/api/") {
                    assert_eq!(
                        headers
                            .get(header::CACHE_CONTROL)
                            .map(|v| v.to_str().unwrap()),
                        Some("no-store"),
                        "{method} {uri} ({status}) as {cookie:?}"
                    );
                    assert!(
                        status != StatusCode::INTERNAL_SERVER_ERROR,
                        "{method} {uri}"
                    );
                }
                assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{method} {uri}");
                assert_eq!(
                    headers["cross-origin-opener-policy"], "same-origin",
                    "{method} {uri}"
                );
                assert_eq!(
                    headers["cross-origin-resource-policy"], "same-origin",
                    "{method} {uri}"
                );
                let policy = headers["permissions-policy"].to_str().unwrap();
                assert!(
                    policy.contains("microphone=()") && policy.contains("geolocation=()"),
                    "{method} {uri}: {policy}"
                );
            }
        }
    }
    assert!(walked > 150, "{walked} requests");
    // Item 11: the session cookie alone (an address-bar request of a locked phone or of client
    // mode, a copied cookie) opens no route but the account's own; a wrong key neither.
    let account_routes = [
        "/api/inloggen",
        "/api/uitloggen",
        "/api/ik",
        "/api/sessies",
        "/api/sessies/{id}",
        "/api/wachtwoord",
        "/api/{*rest}",
    ];
    for (path, methods) in routes.iter().filter(|(p, _)| p.starts_with("/api/")) {
        if account_routes.contains(&path.as_str()) {
            continue;
        }
        for method in methods {
            for creds in [&anna, &lead, &admin] {
                let wrong_key = format!(
                    "{}; {TEST_KEY_COOKIE}={}",
                    cookie_only(creds),
                    "0".repeat(64)
                );
                for cookie in [cookie_only(creds), wrong_key] {
                    let mut builder = Request::builder()
                        .method(method.clone())
                        .uri(concrete(path))
                        .header(header::COOKIE, &cookie);
                    if *method != Method::GET {
                        builder = builder.header(header::CONTENT_TYPE, "application/json");
                    }
                    let (status, _, body) = server
                        .send_raw(builder.body(Body::from("{}")).unwrap())
                        .await;
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} with {cookie}: {}",
                        String::from_utf8_lossy(&body)
                    );
                }
            }
        }
    }
    // And an address under /api that no route names, and a page.
    for uri in ["/api/bestaat/niet", "/api", "/"] {
        let (_, headers, _) = server.send_raw(get(uri, Some(&anna))).await;
        if uri.starts_with("/api") {
            assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{uri}");
        }
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{uri}"
        );
    }
}

use axum::http::StatusCode;

use crate::*;

#[tokio::test]
async fn the_first_screen_is_server_rendered_in_dutch_with_the_replace_entry() {
    let server = TestServer::new().await;
    for path in ["/", "/inloggen"] {
        let (status, _, body) = server.send_raw(get(path, None)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("<html lang=\"nl\""), "{path}: {html}");
        assert!(html.contains("/boot.js?v=dev&amp;entry=replace"), "{path}");
        assert!(html.contains("Werkzaam"), "{path}");
    }
}

#[tokio::test]
async fn every_page_preloads_the_app_module_next_to_boot_js() {
    // On slow 4G a chain html → boot.js → werkzaam.js → wasm costs a round trip per link.
    let server = TestServer::new().await;
    for path in ["/inloggen", "/team", "/shell.html"] {
        let (_, _, body) = server.send_raw(get(path, None)).await;
        let html = String::from_utf8(body).unwrap();
        let boot = html.find("/boot.js").expect(path);
        let preload = r#"<link rel="modulepreload" href="/pkg/werkzaam.js"/>"#;
        let at = html
            .find(preload)
            .unwrap_or_else(|| panic!("{path}: {preload}"));
        assert!(at < boot, "{path}: preloaded before boot.js starts");
    }
}

#[tokio::test]
async fn a_page_loaded_on_demand_gets_the_shell_that_mounts_the_app() {
    // Its code is a lazily loaded part of the wasm: the browser renders it into an empty page,
    // as it does after a first visit (the service worker's shell).
    let server = TestServer::new().await;
    for path in ["/team", "/dialoog/abc", "/samen/verhaal/xyz", "/beheer"] {
        let (status, headers, body) = server.send_raw(get(path, None)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("<html lang=\"nl\""), "{path}: {html}");
        assert!(html.contains("/boot.js?v=dev&amp;entry=mount"), "{path}");
        assert!(!html.contains("entry=replace"), "{path}");
    }
}

#[tokio::test]
async fn the_offline_shell_mounts_the_app_with_the_same_build() {
    let server = TestServer::new().await;
    let (status, headers, body) = server.send_raw(get("/shell.html", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-cache");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("/boot.js?v=dev&amp;entry=mount"));
    assert!(!html.contains("entry=replace"));
    assert!(html.contains("manifest.webmanifest"));
}

#[tokio::test]
async fn an_unknown_address_gets_the_dutch_not_found_page_with_404() {
    let server = TestServer::new().await;
    for path in ["/bestaat-niet", "/dialoog/x/y/z", "/pkg/ontbreekt.js"] {
        let (status, headers, body) = server.send_raw(get(path, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let content_type = headers["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/html"),
            "{path}: {content_type}"
        );
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("Pagina niet gevonden"), "{path}: {html}");
        assert!(html.contains("<html lang=\"nl\""), "{path}");
    }
}

#[tokio::test]
async fn a_page_loaded_on_demand_is_the_same_data_free_shell_for_whoever_asks() {
    // The route answers every page the server does not render: a colleague, another team, an
    // administrator, a cookie without the vault's request key (a locked phone) and an outsider
    // all get the same shell — no name, no team, no client code — and nothing is kept.
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let path = "/team/client/WT-2026-001";
    let (_, _, outsider) = server.send_raw(get(path, None)).await;
    let cookie_only = anna.split(';').next().unwrap().to_owned();
    let askers = [
        server.login("bram@noord.test").await,
        server.login("sem@zuid.test").await,
        server.login("lead@zuid.test").await,
        server.login("admin@werkzaam.test").await,
        cookie_only,
        anna.clone(),
    ];
    for cookie in &askers {
        let (status, headers, body) = server.send_raw(get(path, Some(cookie))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["cache-control"], "no-cache");
        assert_eq!(body, outsider, "the same shell for every asker");
    }
    let html = String::from_utf8(outsider).unwrap();
    for secret in ["Anna", "Noord", "WT-2026-001", "anna@"] {
        assert!(!html.contains(secret), "{secret} in the shell");
    }
    // An outsider asking many times gets the same small page each time, nothing more.
    for _ in 0..200 {
        let (status, _, body) = server.send_raw(get(path, None)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.len() < 4096);
    }
}

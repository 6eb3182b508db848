//! Werkzaam's server: serves the app (server-rendered by Leptos, plus the offline shell and the
//! static files), the JSON API and the SQLite database.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it with `oneshot`.

pub mod admin;
pub mod api;
pub mod auth;
pub mod charts;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod pdf;
pub mod review;
pub mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::Router;
use leptos::config::LeptosOptions;

/// Everything a handler may need.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub leptos: LeptosOptions,
    pub site: Arc<web::Site>,
    /// Served behind HTTPS: send HSTS.
    pub secure_cookie: bool,
    /// Reverse proxies / load balancers whose `X-Forwarded-For` is believed (see
    /// [`api::client_address`]); empty: the TCP peer is the client.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// State for a site folder built by `.ci/build-site` (or an empty one in tests).
    /// The same state, believing `X-Forwarded-For` from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    pub fn new(db: db::Db, site_root: PathBuf, secure_cookie: bool) -> Self {
        let site = web::Site::load(site_root);
        let leptos = LeptosOptions::builder()
            .output_name(web::OUTPUT_NAME)
            .site_root(site.root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .build();
        AppState {
            db,
            leptos,
            site: Arc::new(site),
            secure_cookie,
            trusted_proxies: Arc::default(),
        }
    }
}

/// The Content-Security-Policy of every answer: only the site's own scripts (and wasm), styles,
/// images (and `blob:` for photos on the device), no plugins, no `<base>`, no framing.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     img-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
     form-action 'self'";

/// The whole application.
pub fn app(state: AppState) -> Router {
    use axum::http::header::{
        CONTENT_SECURITY_POLICY as CSP, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
        X_CONTENT_TYPE_OPTIONS,
    };
    use axum::http::HeaderValue;
    use tower_http::set_header::SetResponseHeaderLayer;
    let hsts = state.secure_cookie.then(|| {
        SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    Router::new()
        .merge(api::router())
        .merge(review::router())
        .merge(admin::router())
        .merge(web::router(&state))
        .layer(axum::middleware::from_fn(api::refuse_form_posts))
        .layer(SetResponseHeaderLayer::overriding(
            CSP,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(tower::util::option_layer(hsts))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

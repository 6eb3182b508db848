//! Werkzaam's server: serves the app (server-rendered by Leptos, plus the offline shell and the
//! static files), the JSON API and the SQLite database.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it with `oneshot`.

pub mod auth;
pub mod clock;
pub mod config;

pub mod demo;
pub mod error;
pub mod export;
pub mod extract;
pub mod jobs;
pub mod listen;
pub mod recovery;
pub mod routes;
pub mod services;
pub mod store;
pub mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::Router;
use leptos::config::LeptosOptions;

/// Bytes of drawings and photos one user may keep on the server unless configured otherwise.
pub const DEFAULT_ATTACHMENT_QUOTA: u64 = 1_000_000_000;

/// Everything a handler may need.
#[derive(Clone)]
pub struct AppState {
    pub db: store::Db,
    pub leptos: LeptosOptions,
    pub site: Arc<web::Site>,
    /// Served behind HTTPS: send HSTS.
    pub secure_cookie: bool,
    /// Reverse proxies / load balancers whose `X-Forwarded-For` is believed (see
    /// [`extract::client_address`]); empty: the TCP peer is the client.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// The bound on password hashing (see [`auth::PasswordWork`]).
    pub passwords: Arc<auth::PasswordWork>,
    /// Bytes of drawings and photos one user may keep on the server.
    pub attachment_quota: u64,
    /// The key that wraps the vaults' recovery keys in the database.
    pub recovery_wrap: Arc<recovery::RecoveryWrap>,
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

    /// The same state with the recovery keys wrapped by `wrap`.
    pub fn with_recovery_wrap(mut self, wrap: recovery::RecoveryWrap) -> Self {
        self.recovery_wrap = Arc::new(wrap);
        self
    }

    /// The same state with another attachment quota per user (bytes).
    pub fn with_attachment_quota(mut self, bytes: u64) -> Self {
        self.attachment_quota = bytes;
        self
    }

    /// The same state with another bound on password work.
    pub fn with_password_work(mut self, work: auth::PasswordWork) -> Self {
        self.passwords = Arc::new(work);
        self
    }

    pub fn new(db: store::Db, site_root: PathBuf, secure_cookie: bool) -> Self {
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
            passwords: Arc::new(auth::PasswordWork::for_this_machine()),
            attachment_quota: DEFAULT_ATTACHMENT_QUOTA,
            recovery_wrap: Arc::new(recovery::RecoveryWrap::random()),
        }
    }
}

/// The Content-Security-Policy of every answer: only the site's own scripts (and wasm), styles,
/// images (and `blob:` for photos on the device), no plugins, no `<base>`, no framing.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     img-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
     form-action 'self'";

/// The `Permissions-Policy` of every answer: the camera for the app's own pages (photos of a
/// paper drawing), fullscreen for the client's drawing pad; every other powerful feature off.
pub const PERMISSIONS_POLICY: &str = "camera=(self), fullscreen=(self), microphone=(), \
     geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), \
     display-capture=(), accelerometer=(), gyroscope=(), magnetometer=(), \
     publickey-credentials-get=(), screen-wake-lock=(), xr-spatial-tracking=()";

/// Headers every answer carries, and `Cache-Control: no-store` on everything under `/api` —
/// set here once, after every handler and layer, so no route (present or future) can miss it:
/// client data is never kept in the browser's HTTP cache or by anything in between.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, X_FRAME_OPTIONS};
    use axum::http::HeaderValue;
    let api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    response
}

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
        .merge(routes::router())
        .merge(web::router(&state))
        .layer(axum::middleware::from_fn(routes::refuse_form_posts))
        .layer(axum::middleware::from_fn(routes::refuse_nul_bytes))
        .layer(axum::middleware::from_fn(security_headers))
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

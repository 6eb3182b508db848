//! Werkzaam's server: serves the app (server-rendered by Leptos, plus the offline shell and the
//! static files), the JSON API and the SQLite database.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it with `oneshot`.

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
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookie: bool,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// State for a site folder built by `.ci/build-site` (or an empty one in tests).
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
        }
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(review::router())
        .merge(web::router(&state))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

//! Serving the app: server-rendered routes (Leptos), the offline shell, the service worker and
//! the static files of the built site folder.

use std::path::PathBuf;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// The name of the wasm-bindgen output in `site/pkg/`.
pub const OUTPUT_NAME: &str = "werkzaam";

/// The built site folder and the id of its build (which versions every cached file).
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub build_id: String,
}

impl Site {
    /// Reads `build_id` from the site folder; a folder without a build gets the id `dev`.
    pub fn load(root: PathBuf) -> Site {
        let build_id = std::fs::read_to_string(root.join("build_id"))
            .map(|s| s.trim().to_owned())
            .ok()
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_else(|| "dev".to_owned());
        Site { root, build_id }
    }

    pub fn is_built(&self) -> bool {
        self.root
            .join("pkg")
            .join(format!("{OUTPUT_NAME}.js"))
            .exists()
    }
}

pub fn router(state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(app::App);
    let build_id = state.site.build_id.clone();
    let static_files = ServeDir::new(&state.site.root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    let no_cache =
        SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Router::new()
        .leptos_routes(state, routes, move || app::shell(build_id.clone()))
        .route("/shell.html", get(offline_shell))
        .fallback_service(static_files)
        .layer(no_cache)
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// The page the service worker answers every navigation with when offline: the same head as
/// the server-rendered pages, and a script that mounts the app (instead of hydrating it).
async fn offline_shell(State(state): State<AppState>) -> impl IntoResponse {
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        app::offline_shell_html(&state.site.build_id),
    )
}

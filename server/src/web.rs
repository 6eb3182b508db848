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

    /// A private copy of the site folder `root` in `into`, made at start, so the server serves
    /// the build it started with even when `.ci/build-site` replaces `root` meanwhile (issue
    /// 20): the shell, the service worker and the files it caches always belong together.
    /// The copy is made from one build: a `build_id` that changes during the copy starts it over.
    pub fn snapshot(root: &std::path::Path, into: &std::path::Path) -> std::io::Result<PathBuf> {
        for _ in 0..5 {
            let before = std::fs::read_to_string(root.join("build_id")).ok();
            if into.exists() {
                std::fs::remove_dir_all(into)?;
            }
            copy_dir(root, into)?;
            let after = std::fs::read_to_string(root.join("build_id")).ok();
            let copied = std::fs::read_to_string(into.join("build_id")).ok();
            if before == after && after == copied {
                return Ok(into.to_path_buf());
            }
        }
        Err(std::io::Error::other(
            "de site veranderde steeds tijdens het kopiëren; probeer het opnieuw",
        ))
    }

    pub fn is_built(&self) -> bool {
        self.root
            .join("pkg")
            .join(format!("{OUTPUT_NAME}.js"))
            .exists()
    }
}

/// Copies the folder `from` into `to` (made), files and folders, following nothing else.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The pages the server renders (the first screen: the worker's list and *Inloggen*). Every
/// other page's code is a lazily loaded part of the wasm; for those the server sends the shell
/// that mounts the app — the page the service worker answers with after a first visit anyway.
const SERVER_RENDERED: [&str; 2] = ["/", "/inloggen"];

pub fn router(state: &AppState) -> Router<AppState> {
    let (routes, lazy): (Vec<_>, Vec<_>) = generate_route_list(app::App)
        .into_iter()
        .partition(|route| SERVER_RENDERED.contains(&route.path()));
    let build_id = state.site.build_id.clone();
    // An address that is neither a page, the API nor a file: the app's own "Pagina niet
    // gevonden", server-rendered, with status 404 (not an empty answer a browser downloads).
    let not_found_id = build_id.clone();
    let render = leptos_axum::render_app_to_stream(move || app::shell(not_found_id.clone()));
    let not_found = tower::service_fn(move |request: axum::extract::Request| {
        let render = render.clone();
        async move {
            let mut response = render(request).await;
            *response.status_mut() = StatusCode::NOT_FOUND;
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let static_files = ServeDir::new(&state.site.root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .not_found_service(not_found);
    let no_cache =
        SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let mut router = Router::new();
    for route in &lazy {
        router = router.route(route.path(), get(offline_shell));
    }
    router
        .leptos_routes(state, routes, move || app::shell(build_id.clone()))
        .route("/shell.html", get(offline_shell))
        .fallback_service(static_files)
        .layer(axum::middleware::map_response(without_inline_scripts))
        .layer(no_cache)
}

/// The inline scripts Leptos's server render adds to every page, when they only set empty
/// globals (the app serialises no resources): `public/boot.js` sets those instead.
const EMPTY_HYDRATION_SCRIPTS: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// `html` without the inline `<script>`s that only set [`EMPTY_HYDRATION_SCRIPTS`], so the
/// Content-Security-Policy can forbid inline scripts. Any other inline script stays (and the
/// browser refuses it, which the end-to-end tests would see).
pub fn strip_empty_hydration_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(open_end) = tail.find('>') else {
            out.push_str(tail);
            return out;
        };
        let Some(close) = tail.find("</script>") else {
            out.push_str(tail);
            return out;
        };
        let body = &tail[open_end + 1..close.max(open_end + 1)];
        let attrs = &tail[..open_end];
        let only_nonce = attrs
            .trim_start_matches("<script")
            .trim()
            .strip_prefix("nonce=\"")
            .is_some_and(|a| a.ends_with('"') && !a[..a.len() - 1].contains('"'));
        let end = close + "</script>".len();
        if !(only_nonce && EMPTY_HYDRATION_SCRIPTS.contains(&body)) {
            out.push_str(&tail[..end]);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Takes the empty hydration scripts out of every HTML answer (see
/// [`strip_empty_hydration_scripts`]).
async fn without_inline_scripts(response: axum::response::Response) -> axum::response::Response {
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "De pagina is te groot.").into_response();
    };
    let html = strip_empty_hydration_scripts(&String::from_utf8_lossy(&bytes));
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(html))
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

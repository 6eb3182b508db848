//! The server's one integration-test binary: the real router (`app(state)`) driven with
//! `oneshot`, against a real database — a SQLite file in a temporary folder, or, with
//! `WERKZAAM_TEST_BACKEND=postgres`, a fresh schema on the real PostgreSQL at
//! `WERKZAAM_TEST_PG_URL` (`bash .ci/pg start` prints it). The README's test command runs the
//! whole suite once on each: the same tests, two setups (issue 8).

mod accounts;
mod advice;
mod api;
mod attacks;
mod conflict;
mod consent;
mod copy;
mod erasure;
mod family;
mod http;
mod instances;
mod pages;
mod postgres;
mod pull;
mod review;
mod roles;
mod rounds;
mod security;
mod team;
mod upload;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::store::{Backend, Db};
use server::{app, auth, AppState};
use tower::ServiceExt;
use werkzaam_domain::Role;

pub const PASSWORD: &str = "correct paard batterij";

/// A server with two teams: Noord (teamleider + two workers) and Zuid (teamleider + worker).
pub struct TestServer {
    pub db: Db,
    pub router: Router,
    /// The database's URL, for tests that age rows as time would.
    pub url: String,
    _dir: tempfile::TempDir,
}

/// The backend this run of the suite tests: `WERKZAAM_TEST_BACKEND` (`sqlite`, the default, or
/// `postgres`).
pub fn test_backend() -> Backend {
    match std::env::var("WERKZAAM_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("WERKZAAM_TEST_BACKEND={other}: use sqlite or postgres"),
    }
}

/// The test PostgreSQL's URL (a panic that says how to start it when it is not set).
pub fn pg_url() -> String {
    std::env::var("WERKZAAM_TEST_PG_URL").expect(
        "WERKZAAM_TEST_PG_URL is not set: start PostgreSQL with `bash .ci/pg start` \
         (the README's test command does) and export the URL it prints",
    )
}

/// A database of its own for one test: a SQLite file in `dir`, or a new schema on the test
/// PostgreSQL (tests run side by side; schemas keep them apart at little cost).
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Backend::Postgres => {
            use sqlx::Connection;
            let admin = pg_url();
            let schema = format!("t_{}", server::clock::new_id());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PostgreSQL answers");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            let join = if admin.contains('?') { '&' } else { '?' };
            format!("{admin}{join}options=-c%20search_path%3D{schema}")
        }
    }
}

impl TestServer {
    /// A server on this run's backend ([`test_backend`]).
    pub async fn new() -> TestServer {
        TestServer::on(test_backend()).await
    }

    /// A server on `backend`.
    pub async fn on(backend: Backend) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let url = fresh_database(backend, dir.path()).await;
        let db = Db::connect(&url).await.unwrap();
        let hash = auth::hash_password(PASSWORD).unwrap();
        let noord = db
            .create_team("Wijkteam Noord", Default::default())
            .await
            .unwrap();
        let zuid = db
            .create_team("Wijkteam Zuid", Default::default())
            .await
            .unwrap();
        let beheer = db.create_team("Beheer", Default::default()).await.unwrap();
        for (team, email, role) in [
            (&noord, "lead@noord.test", Role::Teamleider),
            (&noord, "anna@noord.test", Role::Medewerker),
            (&noord, "bram@noord.test", Role::Medewerker),
            (&zuid, "lead@zuid.test", Role::Teamleider),
            (&zuid, "sem@zuid.test", Role::Medewerker),
            (&beheer, "admin@werkzaam.test", Role::Beheerder),
        ] {
            let name = email.split('@').next().unwrap();
            db.create_user(team, email, name, role, &hash)
                .await
                .unwrap();
        }
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let router = test_router(AppState::new(db.clone(), site, false));
        TestServer {
            db,
            router,
            url,
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let (status, _, body) = self.send_raw(request).await;
        let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        (status, value)
    }

    pub async fn send_raw(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, body.to_vec())
    }

    /// Pushes `body` with the session `cookie`.
    pub async fn push(&self, cookie: &str, body: &Value) -> (StatusCode, Value) {
        self.send(post_json("/api/sync/push", Some(cookie), body))
            .await
    }

    /// The id of the team called `name`.
    pub async fn team_id(&self, name: &str) -> String {
        let teams = self.db.all_teams().await.unwrap();
        teams.into_iter().find(|t| t.name == name).unwrap().id
    }

    /// The id of the user with `email`.
    pub async fn user_id(&self, email: &str) -> String {
        self.db.user_by_email(email).await.unwrap().unwrap().id
    }

    /// Logs in and returns the credentials of the session as one `Cookie` header value: the
    /// session cookie and the request key as `werkzaam-sleutel=…`, which [`test_router`] moves
    /// into the `X-Werkzaam-Sleutel` header, as the app sends it.
    pub async fn login(&self, email: &str) -> String {
        let (status, headers, _) = self
            .send_raw(post_json(
                "/api/inloggen",
                None,
                &json!({ "email": email, "password": PASSWORD }),
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "login of {email}");
        let set_cookie = headers[header::SET_COOKIE].to_str().unwrap();
        let key = headers[server::auth::REQUEST_KEY_HEADER].to_str().unwrap();
        format!(
            "{}; {TEST_KEY_COOKIE}={key}",
            set_cookie.split(';').next().unwrap()
        )
    }
}

/// The pseudo-cookie that carries a test's request key (see [`TestServer::login`]).
pub const TEST_KEY_COOKIE: &str = "werkzaam-sleutel";

/// The whole application as tests drive it: `app(state)`, with the request key a test keeps in
/// its credentials moved into the header the app sends it in. A request without one reaches the
/// server exactly as sent.
pub fn test_router(state: AppState) -> Router {
    app(state).layer(axum::middleware::map_request(
        |mut request: Request<Body>| async move {
            let cookie = request
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if let Some(cookie) = cookie {
                let (keys, rest): (Vec<&str>, Vec<&str>) = cookie
                    .split(';')
                    .map(str::trim)
                    .partition(|p| p.starts_with(&format!("{TEST_KEY_COOKIE}=")));
                if let Some(key) = keys.first() {
                    let key = key.trim_start_matches(&format!("{TEST_KEY_COOKIE}="));
                    request
                        .headers_mut()
                        .insert(server::auth::REQUEST_KEY_HEADER, key.parse().unwrap());
                    request
                        .headers_mut()
                        .insert(header::COOKIE, rest.join("; ").parse().unwrap());
                }
            }
            request
        },
    ))
}

/// Only the session cookie of test credentials (without the request key).
pub fn cookie_only(credentials: &str) -> String {
    credentials
        .split(';')
        .map(str::trim)
        .filter(|p| !p.starts_with(&format!("{TEST_KEY_COOKIE}=")))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn post_json(uri: &str, cookie: Option<&str>, body: &Value) -> Request<Body> {
    post_raw(uri, cookie, body.to_string())
}

pub fn post_raw(uri: &str, cookie: Option<&str>, body: String) -> Request<Body> {
    let mut builder = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).unwrap()
}

pub fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::empty()).unwrap()
}

/// A push of `count` new dialogues, mutation ids `first..first+count`, each with `keyword` as
/// what goes well for the client and the client's consent to share the answers.
pub fn push_body(client_id: &str, first: u64, count: u64, keyword: &str) -> Value {
    let mutations: Vec<Value> = (first..first + count)
        .map(|id| {
            json!({
                "id": id,
                "operation": { "upsert_dialogue": {
                    "dialogue": {
                        "id": format!("{client_id}-d{id}"),
                        "client_code": format!("C-{id}"),
                        "held_on": "2026-11-23",
                        "client": { "good": { "keywords": [keyword] } },
                        "worker": { "good": { "keywords": ["samen plannen"] } },
                        "consent": { "decision": "yes", "recorded_on": "2026-11-23", "answers": true },
                        "updated_at_ms": 1_763_900_000_000_i64
                    }
                } }
            })
        })
        .collect();
    json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": client_id, "mutations": mutations })
}

/// Pushes `ops` as mutations `first..` of device `client`.
pub async fn push_ops(
    server: &TestServer,
    cookie: &str,
    client: &str,
    first: u64,
    ops: Vec<Value>,
) -> (StatusCode, Value) {
    let mutations: Vec<Value> = ops
        .into_iter()
        .enumerate()
        .map(|(i, op)| json!({ "id": first + i as u64, "operation": op }))
        .collect();
    server
        .push(
            cookie,
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": client, "mutations": mutations }),
        )
        .await
}

/// The team's records from the start, as `cookie`'s user may see them (200 asserted).
pub async fn team_pull(server: &TestServer, cookie: &str) -> Value {
    let (status, page) = server
        .send(post_json(
            "/api/sync/team",
            Some(cookie),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

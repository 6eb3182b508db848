//! Passwords (argon2id: m = 19 MiB, t = 2, p = 1; a policy for new ones), sessions (a random
//! token in a `__Host-` cookie — Secure, HttpOnly, SameSite=Strict, Path=/ — of which only the
//! SHA-256 is stored; an absolute and an idle timeout), the limit on failed logins, and the
//! extractor that turns a request into the logged-in [`User`].

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::Argon2;
use axum::http::header::COOKIE;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// `__Host-`: only set over a secure connection (https, or http on this computer), for the whole
/// site, never for another domain.
pub const SESSION_COOKIE: &str = "__Host-werkzaam_sessie";
/// Absolute timeout: a session ends 30 days after login at the latest (field workers work
/// offline for days; a sync needs a session, a new login is asked for after this).
pub const SESSION_DAYS: i64 = 30;
/// Idle timeout: a session not used for 3 days ends.
pub const SESSION_IDLE_DAYS: i64 = 3;
pub const SESSION_IDLE_MS: i64 = SESSION_IDLE_DAYS * crate::clock::DAY_MS;

thread_local! {
    /// The argon2 working memory (19 MiB with our parameters), kept by each thread that hashes
    /// — in practice the few threads of [`PasswordWork`] — and reused: allocating it for every
    /// hash left the allocator holding freed copies (a burst of logins grew the server by
    /// ~190 MiB; `.ci/bench-login`).
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs argon2 with `params` over `password` and `salt` into `out`, in this thread's memory.
fn argon2_into(
    algorithm: argon2::Algorithm,
    version: argon2::Version,
    params: argon2::Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let blocks = params.block_count();
    ARGON2_MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        Argon2::new(algorithm, version, params).hash_password_into_with_memory(
            password,
            salt,
            out,
            &mut memory[..blocks],
        )
    })
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::internal("random salt", e))?;
    let salt_string = SaltString::encode_b64(&salt).map_err(|e| ApiError::internal("salt", e))?;
    let params = argon2::Params::default();
    let mut out = [0u8; argon2::Params::DEFAULT_OUTPUT_LEN];
    argon2_into(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        params.clone(),
        password.as_bytes(),
        &salt,
        &mut out,
    )
    .map_err(|e| ApiError::internal("hash password", e))?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::Argon2id.ident(),
        version: Some(argon2::Version::V0x13.into()),
        params: argon2::password_hash::ParamsString::try_from(&params)
            .map_err(|e| ApiError::internal("hash params", e))?,
        salt: Some(salt_string.as_salt()),
        hash: Some(
            argon2::password_hash::Output::new(&out)
                .map_err(|e| ApiError::internal("hash output", e))?,
        ),
    };
    Ok(hash.to_string())
}

/// Checks a password against a stored hash (constant-time comparison). A malformed hash counts
/// as a mismatch.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let check = || -> Option<bool> {
        let parsed = PasswordHash::new(hash).ok()?;
        let expected = parsed.hash?;
        let algorithm = argon2::Algorithm::try_from(parsed.algorithm).ok()?;
        let version = match parsed.version {
            Some(v) => argon2::Version::try_from(v).ok()?,
            None => argon2::Version::default(),
        };
        let params = argon2::Params::try_from(&parsed).ok()?;
        let mut salt = [0u8; 64];
        let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
        let mut out = vec![0u8; expected.len()];
        argon2_into(
            algorithm,
            version,
            params,
            password.as_bytes(),
            salt,
            &mut out,
        )
        .ok()?;
        // `Output`'s equality is constant-time.
        Some(argon2::password_hash::Output::new(&out).ok()? == expected)
    };
    check().unwrap_or(false)
}

/// A new session token (32 random bytes, hex) and the hash the database keeps.
pub fn new_session_token() -> Result<(String, String), ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal("random token", e))?;
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    Ok((token, hash))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session cookie, `__Host-`: only over a secure connection (browsers accept `Secure` over
/// https and over plain http on localhost/127.0.0.1 only), for the whole site, never sent along
/// from another site, never readable by script.
fn session_cookie_with(token: &str, max_age: time::Duration) -> String {
    cookie::Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .max_age(max_age)
        .build()
        .to_string()
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str) -> String {
    session_cookie_with(token, time::Duration::days(SESSION_DAYS))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie() -> String {
    session_cookie_with("", time::Duration::ZERO)
}

/// The session token in the request's cookies, if any.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|value| !value.is_empty())
}

/// The header every request for client content carries: the request key the device got at
/// its password login and keeps inside its PIN-locked vault. A request typed in the address bar
/// (of a locked phone, or in client mode) or from a copied cookie cannot add it.
pub const REQUEST_KEY_HEADER: &str = "x-werkzaam-sleutel";

/// A login counts as fresh this long: only then is a vault's recovery key handed out.
pub const FRESH_LOGIN_MS: i64 = 10 * 60 * 1000;

/// A new request key (32 random bytes, hex) and the hash the database keeps.
pub fn new_request_key() -> Result<(String, String), ApiError> {
    new_session_token()
}

/// A hash to verify against when the e-mail address is unknown, so a login takes as long
/// whether or not the account exists.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("werkzaam-dummy").unwrap_or_default())
}

/// How many failed logins are allowed within [`LIMIT_WINDOW_MS`]: per account *and* address
/// (the lock-out: strangers elsewhere cannot lock the owner out), per account from anywhere
/// (a slower guess limit against guessing spread over many addresses), and per address over
/// every account (one address trying many accounts).
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: usize = 10;
pub const MAX_FAILURES_PER_ACCOUNT: usize = 100;
pub const MAX_FAILURES_PER_ADDRESS: usize = 50;
pub const LIMIT_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The counters a login attempt is held against, with their limits (see the constants above).
/// The account is the e-mail address as typed, known or not — so the answer never tells
/// whether an account exists; the address is [`address_bucket`]. The attempts themselves are in
/// the database ([`crate::store::Db::login_attempt`]), shared by every server instance.
pub fn limit_keys(email: &str, address: &str) -> [(String, usize); 3] {
    let account = email.trim().to_lowercase();
    let bucket = address_bucket(address);
    [
        (
            pair_key(email, address),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        ),
        (format!("account:{account}"), MAX_FAILURES_PER_ACCOUNT),
        (format!("address:{bucket}"), MAX_FAILURES_PER_ADDRESS),
    ]
}

/// The counter of one account from one address (what a successful login from there clears).
pub fn pair_key(email: &str, address: &str) -> String {
    format!(
        "account:{}|{}",
        email.trim().to_lowercase(),
        address_bucket(address)
    )
}

/// The address a limit counts: an IPv4 address as it is; an IPv6 address by its /64 (one
/// subscriber gets a whole /64 and can pick any address in it); an IPv4 address written as
/// IPv6 (`::ffff:a.b.c.d`) as the IPv4 address. Anything else as written.
pub fn address_bucket(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => address.to_owned(),
    }
}

/// Bounds the work of hashing and checking passwords (argon2id takes 19 MiB and tens of
/// milliseconds each): it runs on `workers` threads of its own, with at most `queue` more
/// waiting; anything beyond is refused at once with 503 and `Retry-After` ([`ApiError::Busy`]).
/// Own threads, not tokio's blocking pool, each reusing its argon2 memory (`ARGON2_MEMORY`):
/// the memory is bounded by the workers, not by how many threads a burst woke.
/// Without it, 200 logins at once took 8.6 GiB and seconds each (issue 15, item 8).
pub struct PasswordWork {
    /// Places: working plus waiting.
    places: std::sync::Arc<tokio::sync::Semaphore>,
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

impl std::fmt::Debug for PasswordWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWork")
            .field("free places", &self.places.available_permits())
            .finish()
    }
}

/// A place in [`PasswordWork`]'s queue: held from before a login counts its attempt until its
/// password check has run.
pub struct WorkTicket(#[allow(dead_code)] tokio::sync::OwnedSemaphorePermit);

impl PasswordWork {
    pub fn new(workers: usize, queue: usize) -> PasswordWork {
        let workers = workers.max(1);
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..workers {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("wachtwoord-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        // Every sender is gone: the server stops.
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password worker");
            }
        }
        PasswordWork {
            places: std::sync::Arc::new(tokio::sync::Semaphore::new(workers + queue)),
            jobs: std::sync::Mutex::new(tx),
        }
    }

    /// As many workers as the machine has cores, and a queue of four per worker.
    pub fn for_this_machine() -> PasswordWork {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordWork::new(cores, 4 * cores)
    }

    /// A place, or [`ApiError::Busy`] at once when working and waiting places are all taken.
    pub fn ticket(&self) -> Result<WorkTicket, ApiError> {
        self.places
            .clone()
            .try_acquire_owned()
            .map(WorkTicket)
            .map_err(|_| {
                tracing::warn!("password work full: refused with 503");
                ApiError::Busy { retry_after: 5 }
            })
    }

    /// Runs `work` (a hash or a check) on a password worker, in turn.
    pub async fn run<T: Send + 'static>(
        &self,
        _ticket: &WorkTicket,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs
            .lock()
            .map_err(|_| ApiError::internal("password work", "poisoned"))?
            .send(job)
            .map_err(|e| ApiError::internal("password work", e))?;
        result
            .await
            .map_err(|e| ApiError::internal("password work", e))
    }

    /// [`PasswordWork::ticket`] and [`PasswordWork::run`] in one.
    pub async fn run_now<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let ticket = self.ticket()?;
        self.run(&ticket, work).await
    }
}

/// Passwords too common to allow (lower case): the usual top lists, and the Dutch favourites.
const COMMON_PASSWORDS: &[&str] = &[
    "123456",
    "123456789",
    "12345678",
    "password",
    "qwerty123",
    "qwerty",
    "1q2w3e4r",
    "12345",
    "1234567890",
    "111111",
    "1234567",
    "password1",
    "123123",
    "abc123",
    "000000",
    "iloveyou",
    "qwertyuiop",
    "654321",
    "123321",
    "666666",
    "987654321",
    "1qaz2wsx",
    "aa123456",
    "password123",
    "wachtwoord",
    "wachtwoord1",
    "wachtwoord123",
    "welkom",
    "welkom01",
    "welkom123",
    "welkom2024",
    "welkom2025",
    "welkom2026",
    "zomer2025",
    "zomer2026",
    "winter2025",
    "winter2026",
    "voorjaar2026",
    "najaar2026",
    "ajax1900",
    "feyenoord",
    "psv12345",
    "nederland",
    "amsterdam",
    "rotterdam",
    "utrecht1",
    "sunshine",
    "princess",
    "football",
    "monkey123",
    "dragon12",
    "letmein1",
    "trustno1",
    "baseball",
    "superman",
    "starwars",
    "whatever",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "admin123",
    "administrator",
    "welcome1",
    "welcome123",
    "changeme",
    "qwertyui",
    "asdfghjk",
    "zxcvbnm1",
    "11111111",
    "00000000",
    "12341234",
    "88888888",
    "87654321",
    "werkzaam",
    "werkzaam1",
    "wijkteam",
    "wijkteam1",
    "geheim12",
    "geheim123",
    "test1234",
    "testtest",
    "computer",
    "internet",
];

/// Checks a new password: at least 8 characters, at most 128 (long passphrases welcome), not
/// one of the most common ones, not the e-mail address. The message is Dutch.
pub fn check_new_password(password: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < 8 {
        return Err("Kies een wachtwoord van minstens 8 tekens (een zin mag ook).".into());
    }
    if length > 128 {
        return Err("Een wachtwoord mag hoogstens 128 tekens lang zijn.".into());
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lower.as_str()) || lower == email.trim().to_lowercase() {
        return Err(
            "Dit wachtwoord is te makkelijk te raden. Kies een ander, bijvoorbeeld een korte zin."
                .into(),
        );
    }
    Ok(())
}

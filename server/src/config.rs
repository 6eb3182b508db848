//! Configuration: flags, each with an environment variable as fallback.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "werkzaam-server",
    about = "Werkzaam: werkalliantie-dialogen en waarderende interviews voor wijkteams"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "WERKZAAM_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://path` (one file) or `postgres://user@host/db`. Without the flag
    /// or `WERKZAAM_DATABASE_URL`: `DATABASE_URL`, else `sqlite://data/werkzaam.db`.
    #[arg(long, env = "WERKZAAM_DATABASE_URL")]
    pub database_url: Option<String>,
    /// The built site: pkg/, style/, icons, manifest, service worker.
    #[arg(long, env = "WERKZAAM_SITE_ROOT", default_value = "site")]
    pub site_root: PathBuf,
    /// On an empty database: create a demo team with a team lead and two workers, and print
    /// their login details.
    #[arg(long, env = "WERKZAAM_DEMO")]
    pub demo: bool,
    /// Password of the demo accounts; a random one is made and printed when unset.
    #[arg(long, env = "WERKZAAM_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,
    /// Mark the session cookie Secure; set this when the server is reached over HTTPS.
    #[arg(long, env = "WERKZAAM_SECURE_COOKIE")]
    pub secure_cookie: bool,
    /// Addresses of reverse proxies or load balancers in front of this server, comma-separated:
    /// from them the client's address is read from `X-Forwarded-For` (for the per-address login
    /// limit and the logs). Without it every client behind a proxy shares the proxy's address.
    #[arg(long, env = "WERKZAAM_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Seconds a client may take to send a request's head (a client that trickles its headers
    /// is cut off).
    #[arg(long, env = "WERKZAAM_HEADER_READ_TIMEOUT", default_value_t = 20)]
    pub header_read_timeout_secs: u64,
    /// Seconds within which a request is answered, its body included (else 408). Generous: a
    /// push of 1 MiB over one bar of signal (10 kB/s) takes almost two minutes.
    #[arg(long, env = "WERKZAAM_REQUEST_TIMEOUT", default_value_t = 300)]
    pub request_timeout_secs: u64,
    /// Bytes of drawings and photos one user may keep on the server (default 1 GB).
    #[arg(
        long,
        env = "WERKZAAM_ATTACHMENT_QUOTA",
        default_value_t = 1_000_000_000
    )]
    pub attachment_quota_bytes: u64,
    /// The file with the key that wraps the vaults' recovery keys in the database (made on
    /// first start). Keep it apart from the database's backups: a backup alone then opens no
    /// device.
    #[arg(
        long,
        env = "WERKZAAM_RECOVERY_KEY_FILE",
        default_value = "data/herstelsleutels.key"
    )]
    pub recovery_key_file: PathBuf,
    /// Instead of serving: a maintenance command.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Maintenance commands; without one the server serves.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Copy everything of one database into a new, empty one (e.g. a team's SQLite file into
    /// PostgreSQL), then count and compare every table. Stop the servers first.
    CopyDatabase {
        /// The database to copy, e.g. sqlite://data/werkzaam.db
        #[arg(long)]
        from: String,
        /// The new, empty database, e.g. postgres://werkzaam@db.example/werkzaam
        #[arg(long)]
        to: String,
    },
}

impl Config {
    /// The database URL to use: the flag, `WERKZAAM_DATABASE_URL`, `DATABASE_URL`, or the
    /// default SQLite file.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned())
    }
}

/// SQLite in one file in the data folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/werkzaam.db";

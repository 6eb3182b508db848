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
    /// Database URL; SQLite by default, one file in the data folder.
    #[arg(
        long,
        env = "WERKZAAM_DATABASE_URL",
        default_value = "sqlite://data/werkzaam.db"
    )]
    pub database_url: String,
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
}

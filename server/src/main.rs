use clap::Parser;
use server::config::{Command, Config};
use server::{app, demo, store::Db, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::parse();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("werkzaam-server: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    if let Some(Command::CopyDatabase { from, to }) = &config.command {
        return copy_database(from, to).await;
    }
    let database_url = config.database_url();
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("kan map {} niet maken: {e}", parent.display()))?;
            }
        }
    }
    let db = Db::connect(&database_url)
        .await
        .map_err(|e| format!("database {}: {e}", redact(&database_url)))?;
    if config.demo {
        match demo::seed(&db, config.demo_password.clone())
            .await
            .map_err(|e| e.to_string())?
        {
            Some(password) => {
                println!("\nDemo-teams aangemaakt. Log in op http://{} met:", config.addr);
                for account in demo::ACCOUNTS {
                    println!(
                        "  {:<24} {:<12} {}",
                        account.email,
                        account.role.label(),
                        account.team
                    );
                }
                println!("  wachtwoord (voor allemaal): {password}\n");
            }
            None => println!(
                "De database heeft al teams; er is niets aangemaakt. Log in met je bestaande account."
            ),
        }
    } else if db.count_teams().await.map_err(|e| e.to_string())? == 0 {
        println!(
            "De database is leeg. Start met --demo om een demo-team met inloggegevens te maken."
        );
    }
    let wrap = server::recovery::RecoveryWrap::from_file(&config.recovery_key_file)?;
    let wrapped = db
        .wrap_recovery_keys(&wrap)
        .await
        .map_err(|e| e.to_string())?;
    if wrapped > 0 {
        tracing::info!(wrapped, "recovery keys wrapped with the server's key");
    }
    // The build this server started with, in a copy of its own (a rebuild of the site folder
    // while it runs does not mix two builds); removed again at a graceful stop.
    forget_stale_snapshots();
    let snapshot_dir =
        std::env::temp_dir().join(format!("{SNAPSHOT_PREFIX}{}", std::process::id()));
    let site_root = if config.site_root.join("build_id").exists() {
        server::web::Site::snapshot(&config.site_root, &snapshot_dir)
            .map_err(|e| format!("kan de site niet kopiëren: {e}"))?
    } else {
        config.site_root.clone()
    };
    let state = AppState::new(db, site_root, config.secure_cookie)
        .with_recovery_wrap(wrap)
        .with_trusted_proxies(config.trusted_proxies.clone())
        .with_attachment_quota(config.attachment_quota_bytes);
    if !state.site.is_built() {
        tracing::warn!(root = %config.site_root.display(), "site folder has no build; run .ci/build-site");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("kan niet luisteren op {}: {e}", config.addr))?;
    // The address really listened on (port 0 picks a free one).
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let dialogues = state
        .db
        .count_dialogues()
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(%addr, build = %state.site.build_id, dialogues, "listening");
    println!("Werkzaam draait op http://{addr}");
    // Now and every hour: retention, old versions, garbage attachments, ended sessions.
    server::jobs::spawn(state.db.clone());
    let timeouts = server::listen::Timeouts {
        header_read: std::time::Duration::from_secs(config.header_read_timeout_secs),
        request: std::time::Duration::from_secs(config.request_timeout_secs),
    };
    server::listen::serve(listener, app(state), timeouts, shutdown_signal()).await;
    let _ = std::fs::remove_dir_all(&snapshot_dir);
    Ok(())
}

/// The name of a site snapshot in the temp folder, before the server's process id.
const SNAPSHOT_PREFIX: &str = "werkzaam-site-";

/// Removes the site snapshots of servers that no longer run (killed, not stopped).
fn forget_stale_snapshots() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(SNAPSHOT_PREFIX) else {
            continue;
        };
        let running = std::path::Path::new("/proc").join(pid).exists();
        if cfg!(target_os = "linux") && !running && pid.chars().all(|c| c.is_ascii_digit()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `copy-database`: copies, then prints per table the rows on both sides and whether they are
/// equal; fails when any table differs.
async fn copy_database(from: &str, to: &str) -> Result<(), String> {
    let open = |url: String| async move {
        Db::connect(&url)
            .await
            .map_err(|e| format!("database {}: {e}", redact(&url)))
    };
    let source = open(from.to_owned()).await?;
    let target = open(to.to_owned()).await?;
    println!("Kopiëren van {} naar {} …", redact(from), redact(to));
    let report =
        source
            .copy_into(&target)
            .await
            .map_err(|e| match server::error::ApiError::from(e) {
                server::error::ApiError::Conflict(message) => message,
                other => other.to_string(),
            })?;
    println!("{:<24} {:>10} {:>10}  gelijk", "tabel", "bron", "doel");
    for t in &report {
        println!(
            "{:<24} {:>10} {:>10}  {}",
            t.table,
            t.source_rows,
            t.target_rows,
            if t.equal { "ja" } else { "NEE" }
        );
    }
    let rows: u64 = report.iter().map(|t| t.target_rows).sum();
    if report.iter().all(|t| t.equal) {
        println!(
            "Klaar: {rows} rijen in {} tabellen, alle gelijk.",
            report.len()
        );
        Ok(())
    } else {
        Err("de kopie is niet gelijk aan de bron (zie NEE hierboven)".into())
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Ctrl-C or SIGTERM (a service manager stopping us): finish open requests, then stop.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

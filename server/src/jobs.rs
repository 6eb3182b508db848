//! What the server does by itself, every hour: the retention period (AVG), forgetting old
//! versions no device builds on, collecting attachments no stored version refers to and
//! abandoned upload parts, and forgetting ended sessions and old login attempts. Each step is
//! idempotent, so several instances on one database may all run it.

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::store::{Db, HISTORY_KEEP_DAYS};

/// An attachment nothing refers to is kept this long (an upload may arrive a little before
/// the push that refers to it), and an upload part this long (a cut upload goes on later).
pub const ATTACHMENT_GRACE_MS: i64 = crate::clock::DAY_MS;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub erased_by_retention: usize,
    pub versions_forgotten: u64,
    pub attachments_removed: u64,
    pub parts_removed: u64,
}

/// One run at `now` (milliseconds since the epoch).
pub async fn run_once(db: &Db, now: i64) -> Result<Report, ApiError> {
    let erased_by_retention = crate::services::retention::apply_retention(db).await?;
    let versions_forgotten = db
        .prune_history(now - HISTORY_KEEP_DAYS * crate::clock::DAY_MS)
        .await?;
    let (attachments_removed, parts_removed) = db
        .collect_attachments(now - ATTACHMENT_GRACE_MS, now - ATTACHMENT_GRACE_MS)
        .await?;
    db.delete_expired_sessions(crate::auth::SESSION_IDLE_MS)
        .await?;
    db.forget_login_attempts(now - crate::auth::LIMIT_WINDOW_MS)
        .await?;
    if attachments_removed + parts_removed > 0 {
        db.scrub_files().await;
    }
    Ok(Report {
        erased_by_retention,
        versions_forgotten,
        attachments_removed,
        parts_removed,
    })
}

/// Runs [`run_once`] now and every hour, for as long as the server runs.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match run_once(&db, now_ms()).await {
                Ok(report) if report != Report::default() => {
                    tracing::info!(?report, "maintenance");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "maintenance failed; tried again in an hour"),
            }
        }
    });
}

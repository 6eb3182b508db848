//! The retention period (AVG): dialogues held longer ago than the organisation keeps them are
//! erased everywhere, as erasures in the name of the administrator who set the period.

use werkzaam_domain::Role;

use crate::error::ApiError;
use crate::store::Db;

/// The longest retention period one can set, in years.
pub const MAX_RETENTION_YEARS: u32 = 30;

/// The first day still kept when dialogues are kept `years` years, seen from `today`
/// (`YYYY-MM-DD`): the same date `years` years earlier. Dialogues held before it go.
pub fn retention_cutoff(today: &str, years: u32) -> Option<String> {
    let (year, rest) = today.split_once('-')?;
    let year: i64 = year.parse().ok()?;
    let cutoff = format!("{:04}-{rest}", year - i64::from(years));
    (rest.len() == 5).then_some(cutoff)
}

/// Applies the retention period, if one is set: erases the dialogues held before the cutoff,
/// everywhere. Runs when the setting changes, at start and every few hours (see `main.rs`).
pub async fn apply_retention(db: &Db) -> Result<usize, ApiError> {
    let Some((years, set_by)) = db.retention().await? else {
        return Ok(0);
    };
    let today = crate::clock::today();
    let Some(cutoff) = retention_cutoff(&today, years) else {
        return Ok(0);
    };
    let erased = db
        .erase_held_before(
            &cutoff,
            (&set_by, Role::Beheerder),
            &format!("bewaartermijn {years} jaar"),
        )
        .await?;
    if erased > 0 {
        tracing::info!(erased, years, %cutoff, "retention: dialogues erased");
    }
    Ok(erased)
}

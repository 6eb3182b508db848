//! Time and ids as the server reads them: milliseconds since the Unix epoch (what every table
//! stores), calendar days and moments in UTC as text (what exports and file names show, and
//! what dialogues' `held_on` compares with), and random ids.

use time::macros::format_description;
use time::OffsetDateTime;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn moment(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The day (UTC) of moment `ms` as `YYYY-MM-DD`.
pub fn date_of(ms: i64) -> String {
    moment(ms)
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// Moment `ms` (UTC) as `YYYY-MM-DD HH:MM:SS`.
pub fn date_time_of(ms: i64) -> String {
    moment(ms)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    date_of(now_ms())
}

/// A random id: 16 bytes as hex.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    hex::encode(bytes)
}

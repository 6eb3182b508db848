//! The access log as CSV, for the administrator's export (NEN 7513).

use werkzaam_protocol::admin::LoggedAccess;

use crate::clock::date_time_of;

/// One line per event: when (UTC), who, role, team, what was done, to what, which record,
/// which client code, and on whose behalf (empty: the user's own).
pub fn access_log_to_csv(log: &[LoggedAccess]) -> String {
    let header = [
        "tijd (UTC)",
        "gebruiker",
        "naam",
        "rol",
        "team",
        "handeling",
        "wat",
        "record",
        "cliëntcode",
        "namens",
    ]
    .map(String::from);
    let mut rows = vec![header];
    for e in log {
        let at = e.event.at_ms;
        let time = date_time_of(at);
        let cells = [
            time,
            e.event.user_id.clone(),
            e.user_name.clone(),
            e.event.role.clone(),
            e.team_id.clone(),
            e.event.action.clone(),
            e.event.what.clone(),
            e.event.record_id.clone().unwrap_or_default(),
            e.event.client_code.clone().unwrap_or_default(),
            e.event.on_behalf_of.clone().unwrap_or_default(),
        ];
        rows.push(cells);
    }
    werkzaam_domain::csv::document(rows)
}

//! A concrete **actie** toward the groepsdroom, and the action board.

use serde::{Deserialize, Serialize};

use super::values::ActionStatus;
use crate::merge::{record_common, Conflict, Record, Value};

/// A concrete action toward the groepsdroom: wat, wie, wanneer, status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Action {
    pub id: String,
    pub what: String,
    /// Team members who do it (user ids); at least one.
    pub owners: Vec<String>,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub status: ActionStatus,
    /// The dream statement it serves, if any.
    pub serves: Option<String>,
    /// The team session it was agreed in, if any (set when made, never merged).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub meeting_id: String,
    pub updated_at_ms: i64,
    /// The server's version this copy builds on (see [`crate::merge`]).
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// Soonest first, actions without a date last, then by id: one key type for every sort, so the
/// wasm carries one sort.
pub(super) fn due_key(a: &Action) -> String {
    format!("{}{}\u{0}{}", u8::from(a.due.is_empty()), a.due, a.id)
}

impl Action {
    /// Not done and its day has passed (`today` is `YYYY-MM-DD`; ISO dates compare as text).
    pub fn overdue(&self, today: &str) -> bool {
        self.status != ActionStatus::Klaar && !self.due.is_empty() && self.due.as_str() < today
    }
}

/// The action board: open actions (not *klaar*), per owner, soonest first; an action of two
/// owners is on both their lists. Owners in the order given.
pub fn board<'a>(actions: &'a [Action], owners: &[String]) -> Vec<(String, Vec<&'a Action>)> {
    owners
        .iter()
        .map(|owner| {
            let mut mine: Vec<&Action> = actions
                .iter()
                .filter(|a| a.status != ActionStatus::Klaar && a.owners.contains(owner))
                .collect();
            mine.sort_by_cached_key(|a| due_key(a));
            (owner.clone(), mine)
        })
        .collect()
}

/// The fields of an [`Action`] that merge on their own.
pub const ACTION_FIELDS: [&str; 6] = ["what", "owners", "due", "status", "serves", "deleted"];

impl Record for Action {
    fn fields() -> &'static [&'static str] {
        &ACTION_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "what" => Value::Text(self.what.clone()),
            "owners" => Value::Words(self.owners.clone()),
            "due" => Value::Text(self.due.clone()),
            "status" => Value::ActionStatus(self.status),
            "serves" => Value::Text(self.serves.clone().unwrap_or_default()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("what", Value::Text(v)) => self.what = v,
            ("owners", Value::Words(v)) => self.owners = v,
            ("due", Value::Text(v)) => self.due = v,
            ("status", Value::ActionStatus(v)) => self.status = v,
            ("serves", Value::Text(v)) => self.serves = (!v.is_empty()).then_some(v),
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

//! A team session (*teambijeenkomst*), opened by a team lead.

use serde::{Deserialize, Serialize};

use super::is_zero;
use crate::merge::{record_common, Conflict, Record, Value};

/// A team session (*teambijeenkomst*): the team looks at the stories told since the one
/// before, builds the groepsdroom and agrees actions. A team lead opens one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub title: String,
    /// When the team lead opened it (ms since the epoch; 0 for sessions from before: their
    /// `updated_at_ms` stands in). Never changes; orders sessions held on one day.
    #[serde(skip_serializing_if = "is_zero")]
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of a [`Meeting`] that merge on their own.
pub const MEETING_FIELDS: [&str; 3] = ["held_on", "title", "deleted"];

impl Meeting {
    /// Its place in time: its day, then when it was opened, then (only to break a perfect tie)
    /// its id.
    pub fn order_key(&self) -> (&str, i64, &str) {
        let at = if self.created_at_ms > 0 {
            self.created_at_ms
        } else {
            self.updated_at_ms
        };
        (&self.held_on, at, &self.id)
    }
}

impl Record for Meeting {
    fn fields() -> &'static [&'static str] {
        &MEETING_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "held_on" => Value::Text(self.held_on.clone()),
            "title" => Value::Text(self.title.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("held_on", Value::Text(v)) => self.held_on = v,
            ("title", Value::Text(v)) => self.title = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

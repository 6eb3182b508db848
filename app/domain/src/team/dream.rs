//! A statement of the **groepsdroom**, written by one member in a session.

use serde::{Deserialize, Serialize};

use crate::merge::{record_common, Conflict, Record, Value};

/// A statement of the **groepsdroom**: one piece of the team's shared picture of the future,
/// written by one member in a session, optionally drawn; the team puts statements that belong
/// together in one *cluster*. Each statement is its own record, so members adding statements
/// at the same time never collide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dream {
    pub id: String,
    pub meeting_id: String,
    pub author_id: String,
    pub text: String,
    /// The name of the group it was put in; empty: not grouped yet.
    pub cluster: String,
    /// A drawing in the text form of [`crate::drawing::to_text`]; empty: none.
    pub drawing: String,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of a [`Dream`] that merge on their own.
pub const DREAM_FIELDS: [&str; 4] = ["text", "cluster", "drawing", "deleted"];

impl Record for Dream {
    fn fields() -> &'static [&'static str] {
        &DREAM_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "text" => Value::Text(self.text.clone()),
            "cluster" => Value::Text(self.cluster.clone()),
            "drawing" => Value::Text(self.drawing.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("text", Value::Text(v)) => self.text = v,
            ("cluster", Value::Text(v)) => self.cluster = v,
            ("drawing", Value::Text(v)) => self.drawing = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

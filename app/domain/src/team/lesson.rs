//! A **leerpunt** (seed 003: *je wordt niet op je fouten afgerekend, maar die kunt gebruiken om
//! van te leren*): *dit ging niet zo goed, dit leer ik ervan*. Without client data; shared with
//! the team, if the writer wants without her name — then the server sends it to colleagues
//! without its author ([`Lesson::for_reader`]). A round's STAP 3 meeting can pick it up.

use serde::{Deserialize, Serialize};

use crate::merge::{record_common, Conflict, Record, Value};

/// A leerpunt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    /// Who wrote it; empty in a copy for a colleague when it is anonymous.
    pub author_id: String,
    /// *Dit ging niet zo goed.*
    pub what_happened: String,
    /// *Dit leer ik ervan.*
    pub learned: String,
    /// Shared without the writer's name.
    pub anonymous: bool,
    /// When it was written (ms since the epoch). Never changes.
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of a [`Lesson`] that merge on their own.
pub const LESSON_FIELDS: [&str; 4] = ["what_happened", "learned", "anonymous", "deleted"];

impl Lesson {
    /// The copy `reader` receives: an anonymous leerpunt of someone else without its author.
    pub fn for_reader(mut self, reader: &str) -> Lesson {
        if self.anonymous && self.author_id != reader {
            self.author_id.clear();
        }
        self
    }
}

impl Record for Lesson {
    fn fields() -> &'static [&'static str] {
        &LESSON_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "what_happened" => Value::Text(self.what_happened.clone()),
            "learned" => Value::Text(self.learned.clone()),
            "anonymous" => Value::Flag(self.anonymous),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("what_happened", Value::Text(v)) => self.what_happened = v,
            ("learned", Value::Text(v)) => self.learned = v,
            ("anonymous", Value::Flag(v)) => self.anonymous = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

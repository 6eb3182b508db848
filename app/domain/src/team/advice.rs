//! *Hoe zou jij dat aanpakken?* (seed 003: *een collega om advies vragen*): a worker's short
//! question to her team and her colleagues' answers. The team only; no client data (the screens
//! warn on every word). A question and each answer are records of their own, so answers written
//! at once never collide.

use serde::{Deserialize, Serialize};

use crate::merge::{record_common, Conflict, Record, Value};

/// A question to the team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Advice {
    pub id: String,
    pub author_id: String,
    pub text: String,
    /// The answers the asker marked as helpful (their ids).
    pub helpful: Vec<String>,
    /// When it was asked (ms since the epoch). Never changes.
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of an [`Advice`] that merge on their own.
pub const ADVICE_FIELDS: [&str; 3] = ["text", "helpful", "deleted"];

impl Record for Advice {
    fn fields() -> &'static [&'static str] {
        &ADVICE_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "text" => Value::Text(self.text.clone()),
            "helpful" => Value::Words(self.helpful.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("text", Value::Text(v)) => self.text = v,
            ("helpful", Value::Words(v)) => self.helpful = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

/// A colleague's answer to an [`Advice`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reply {
    pub id: String,
    /// The question it answers (set when made, never merged).
    pub advice_id: String,
    pub author_id: String,
    pub text: String,
    /// When it was written (ms since the epoch). Never changes.
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of a [`Reply`] that merge on their own.
pub const REPLY_FIELDS: [&str; 2] = ["text", "deleted"];

impl Record for Reply {
    fn fields() -> &'static [&'static str] {
        &REPLY_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "text" => Value::Text(self.text.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("text", Value::Text(v)) => self.text = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

//! A team lead's merge of werkzame elementen that mean the same.

use serde::{Deserialize, Serialize};

use crate::merge::{record_common, Conflict, Record, Value};

/// A team lead's merge of werkzame elementen that mean the same ("echt luisteren" and
/// "luisteren" count as "luisteren"). One record per merge: undoing it is deleting it, and what
/// people wrote in their stories never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SynonymMerge {
    pub id: String,
    pub variants: Vec<String>,
    /// The name they count under.
    pub name: String,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The fields of a [`SynonymMerge`] that merge on their own.
pub const SYNONYM_FIELDS: [&str; 3] = ["variants", "name", "deleted"];

impl Record for SynonymMerge {
    fn fields() -> &'static [&'static str] {
        &SYNONYM_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "variants" => Value::Words(self.variants.clone()),
            "name" => Value::Text(self.name.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("variants", Value::Words(v)) => self.variants = v,
            ("name", Value::Text(v)) => self.name = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

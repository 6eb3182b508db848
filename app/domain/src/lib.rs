//! Werkzaam's domain: the records people write and the rules about them, in pure Rust (serde
//! only) — no network, no storage, no clock, no screens. The browser app (wasm32) and the
//! server both use it, so the two sides can never disagree on what a record is or may hold.
//!
//! * [`dialogue`]: the werkalliantie-dialoog (seed 001) and how it merges field by field.
//! * [`team`]: the team's learning loop (seed 000): stories, actions, the groepsdroom,
//!   sessions, synonyms; what a session brought.
//! * [`merge`]: the three-way merge of any [`merge::Record`], with conflicts kept for a person.
//! * [`rules`]: validation, consent (what is shared), privacy warnings, the vocabulary of
//!   werkzame elementen, who may write what.
//! * [`review`]: the team lead's view: trends, alerts, the meeting's agenda.
//! * [`drawing`], [`hash`], [`csv`], [`markup`], [`calendar`], [`pdf`]: a drawing's bytes, a content
//!   hash, the one CSV writer, the one HTML/SVG escape, the months in Dutch, the one PDF writer.
//! * [`variant`]: a team's Dutch, Nederland or Vlaanderen, and the words that differ.
//!
//! Module order, lowest first (nothing imports upward): `hash`, `csv`, `markup`, `calendar`, `drawing`, `role`,
//! `dialogue::parts`, `team::values` → `merge` → `dialogue`, `rules::vocabulary`, `team` →
//! `variant` → `rules` → `review`.

pub mod calendar;
pub mod chart;
pub mod csv;
pub mod dialogue;
pub mod drawing;
pub mod hash;
pub mod markup;
pub mod merge;
pub mod pdf;
pub mod review;
pub mod role;
pub mod rules;
pub mod team;
pub mod variant;

pub use dialogue::Dialogue;
pub use role::Role;

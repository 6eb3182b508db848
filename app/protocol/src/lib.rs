//! Werkzaam's sync protocol, in pure Rust: no network, no storage, no clock. The records it
//! carries and their rules are in `werkzaam-domain`; this crate is what travels ([`sync`],
//! [`account`], [`team`], [`admin`], [`error`]) and the rules of travelling ([`push`],
//! [`outbox`], [`upload`]).
//!
//! Both the browser app (compiled to wasm32) and the server use this crate, so the two sides can
//! never disagree on the shape of a message or on the rules that decide what a push does.
//!
//! # The protocol, step by step
//!
//! 1. Every device keeps, per logged-in user, a **client id** (random, made once) and a counter.
//!    Each local change (creating or saving a dialogue) becomes a [`sync::Mutation`] with the next
//!    **mutation id** of that client (1, 2, 3, …). The device writes the record *and* the mutation
//!    into its outbox in one storage transaction, so a change is never half-saved.
//! 2. When online, the device sends its pending mutations, oldest first, as one [`sync::PushRequest`]
//!    (at most [`sync::MAX_MUTATIONS_PER_PUSH`]). See [`outbox::next_batch`].
//! 3. The server looks up the last mutation id it applied for that client and asks
//!    [`push::plan_push`] what to do: mutations it has already applied are skipped (so a
//!    **replayed push is a no-op**), the new ones must follow on without a gap (otherwise the
//!    push is refused as out of order), and every record must be valid (otherwise the whole batch
//!    is refused and nothing is stored). The server applies the plan in **one database
//!    transaction** and answers [`sync::PushResponse`] with the new last mutation id.
//! 4. Only after that answer does the device drop the acknowledged mutations from its outbox
//!    ([`outbox::acknowledged_ids`]). If the answer is lost, the device sends the same mutations
//!    again and step 3 makes that harmless.
//! 5. If the server refuses one mutation (it names it in [`error::ErrorBody::mutation_id`]), the device
//!    sets it aside ([`outbox::set_aside`]): the change is kept with its reason, its place in the
//!    outbox becomes an [`sync::Operation::Noop`], and the mutations after it still go.
//! 6. Then the device **pulls** ([`sync::PullRequest`]): its user's dialogues stored since its cursor,
//!    page by page, with the last mutation id the server applied for this device
//!    ([`sync::PullResponse::last_mutation_id`]). In one transaction it forgets those mutations, stores
//!    the dialogues except the ones it still has unsent changes of, and keeps the cursor before
//!    those ([`outbox::pulled_page`]). A pull also carries erasures ([`sync::Erasure`]): the device
//!    purges those dialogues and confirms.
//!
//! 7. **Two devices change one dialogue** (a worker's phone and tablet): every copy a device
//!    sends carries the server version it builds on (`Dialogue::version`). The server merges it
//!    field by field with what it holds (`werkzaam_domain::merge::apply_upsert`; the base is that version, or the
//!    copy the device sent last when it edited on without pulling, `merge::base_source`).
//!    Different fields merge; the same field changed differently keeps every value as a
//!    `merge::Conflict` in the stored dialogue, which every device pulls alike and a person
//!    resolves (`merge::resolve`). Nothing is decided by "the last one wins".
//!
//! 8. **Deletes** are tombstones (`Dialogue::deleted`) that travel like any change.
//!    **Attachments** travel by content hash in parts ([`upload`]), after the dialogues.
//!
//! The in-memory simulation in `tests/it/simulation.rs` runs devices, a server and a network that
//! loses, duplicates and delays requests and answers, crashes the server before it commits and
//! cuts pulls, and checks that every change arrives exactly once, nothing is lost and every
//! device converges.

pub mod account;
pub mod admin;
pub mod error;
pub mod outbox;
pub mod push;
pub mod sync;
pub mod team;
pub mod upload;

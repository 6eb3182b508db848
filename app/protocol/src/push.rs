//! What the server does with a push, decided without touching storage.
//!
//! The server reads one number (the last mutation id it applied for the client), calls
//! [`plan_push`], and then applies exactly the mutations of the plan in one transaction.

use crate::sync::{Mutation, Operation, PushRequest, MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION};
use werkzaam_domain::rules::validate::{self, Invalid};

/// Why a push is refused as a whole. Nothing of a refused push is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The app speaks another protocol version.
    ProtocolVersion { got: u32 },
    /// The client id is not acceptable.
    BadClientId(Invalid),
    /// More than [`MAX_MUTATIONS_PER_PUSH`] mutations.
    TooMany { count: usize },
    /// The ids in the batch do not go up by one.
    NotConsecutive { at_index: usize },
    /// The first new mutation does not follow the last applied one.
    Gap { expected: u64, got: u64 },
    /// One mutation carries an invalid record.
    InvalidMutation { mutation_id: u64, reason: Invalid },
}

impl Refusal {
    /// A Dutch sentence for the user (and the app's log).
    pub fn message(&self) -> String {
        match self {
            Refusal::ProtocolVersion { got } => format!(
                "Deze versie van de app (protocol {got}) past niet bij de server \
                 (protocol {PROTOCOL_VERSION}). Laad de app opnieuw."
            ),
            Refusal::BadClientId(reason) => format!("Ongeldige apparaat-id: {reason}"),
            Refusal::TooMany { count } => format!(
                "Te veel wijzigingen in één keer ({count}); hoogstens {MAX_MUTATIONS_PER_PUSH}."
            ),
            Refusal::NotConsecutive { at_index } => format!(
                "De wijzigingen zijn niet op volgorde genummerd (bij wijziging {}).",
                at_index + 1
            ),
            Refusal::Gap { expected, got } => format!(
                "Wijziging {got} kwam eerder dan wijziging {expected}; stuur de oudere eerst."
            ),
            Refusal::InvalidMutation {
                mutation_id,
                reason,
            } => format!(
                "Wijziging {mutation_id} is ongeldig ({}): {}",
                reason.field, reason.message
            ),
        }
    }
}

/// What to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushPlan<'a> {
    /// The mutations not applied before, in order. May be empty (a replay).
    pub to_apply: &'a [Mutation],
    /// The last mutation id once the plan is applied; this is the acknowledgement.
    pub last_mutation_id: u64,
}

/// Decides what a push does, given the last mutation id already applied for its client.
///
/// * Mutations with an id at or below `last_applied` were applied before and are skipped.
/// * The rest must start at `last_applied + 1` and go up by one.
/// * Every mutation in the batch must be valid, also the skipped ones: a batch is judged whole.
pub fn plan_push(last_applied: u64, request: &PushRequest) -> Result<PushPlan<'_>, Refusal> {
    check_push(request)?;
    plan_checked(last_applied, request)
}

/// Everything about a push that does not depend on what the server holds: its protocol, its
/// client id, its size, consecutive ids and every mutation valid. The server runs it before a
/// push takes the write lock, so a bad push costs no one else any waiting.
pub fn check_push(request: &PushRequest) -> Result<(), Refusal> {
    if request.protocol_version != PROTOCOL_VERSION {
        return Err(Refusal::ProtocolVersion {
            got: request.protocol_version,
        });
    }
    validate::record_id(&request.client_id).map_err(Refusal::BadClientId)?;
    let mutations = &request.mutations;
    if mutations.len() > MAX_MUTATIONS_PER_PUSH {
        return Err(Refusal::TooMany {
            count: mutations.len(),
        });
    }
    for (index, pair) in mutations.windows(2).enumerate() {
        if pair[1].id != pair[0].id.wrapping_add(1) {
            return Err(Refusal::NotConsecutive {
                at_index: index + 1,
            });
        }
    }
    for m in mutations {
        if m.id == 0 {
            return Err(Refusal::NotConsecutive { at_index: 0 });
        }
        check_mutation(m).map_err(|reason| Refusal::InvalidMutation {
            mutation_id: m.id,
            reason,
        })?;
    }
    Ok(())
}

/// [`plan_push`] for a push [`check_push`] accepted.
pub fn plan_checked(last_applied: u64, request: &PushRequest) -> Result<PushPlan<'_>, Refusal> {
    let mutations = &request.mutations;
    let first_new = mutations.iter().position(|m| m.id > last_applied);
    let Some(first_new) = first_new else {
        return Ok(PushPlan {
            to_apply: &[],
            last_mutation_id: last_applied,
        });
    };
    let expected = last_applied + 1;
    if mutations[first_new].id != expected {
        return Err(Refusal::Gap {
            expected,
            got: mutations[first_new].id,
        });
    }
    let to_apply = &mutations[first_new..];
    Ok(PushPlan {
        to_apply,
        last_mutation_id: to_apply.last().map_or(last_applied, |m| m.id),
    })
}

/// Checks what a mutation carries.
fn check_mutation(mutation: &Mutation) -> Result<(), Invalid> {
    match &mutation.operation {
        Operation::UpsertDialogue { dialogue: d } => validate::dialogue(d),
        Operation::UpsertStory { story: s } => validate::story(s),
        Operation::UpsertAction { action: a } => validate::action(a),
        Operation::UpsertDream { dream: d } => validate::dream(d),
        Operation::UpsertMeeting { meeting: m } => validate::meeting(m),
        Operation::UpsertSynonym { synonym: m } => validate::synonym(m),
        Operation::UpsertRound { round: r } => validate::round(r),
        Operation::UpsertAdvice { advice: a } => validate::advice(a),
        Operation::UpsertReply { reply: r } => validate::reply(r),
        Operation::UpsertLesson { lesson: l } => validate::lesson(l),
        Operation::Noop => Ok(()),
    }
}

//! A push, decided: the protocol's checks before it queues, the device's owner, the plan of
//! what to apply (a replay changes nothing, a gap is refused), and who may write which team
//! record — then the store merges and writes it in one transaction (all of it or nothing).
//! A push refused because it claims what is not the user's is written to the access log.

use werkzaam_domain::rules::authorship;
use werkzaam_domain::team::TeamRecord;
use werkzaam_domain::Role;
use werkzaam_protocol::error::ErrorCode;
use werkzaam_protocol::push::{check_push, plan_checked, Refusal};
use werkzaam_protocol::sync::{Operation, PushRequest, PushResponse};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::store::{Db, StoredBy, User};

/// Applies `request` for `user`. A refusal because it claims someone else's record (403) is
/// logged as a refused change before the error goes out.
pub async fn push(db: &Db, user: &User, request: &PushRequest) -> Result<PushResponse, ApiError> {
    match apply(db, user, request).await {
        Err(ApiError::PushRefused {
            code: ErrorCode::Forbidden,
            message,
            mutation_id,
        }) => {
            // Refused (nothing stored, the whole transaction rolled back) and written to the
            // access log as a refused attempt.
            let refused = mutation_id.and_then(|id| request.mutations.iter().find(|m| m.id == id));
            let record = refused.map_or((String::new(), String::new()), |m| match &m.operation {
                Operation::UpsertDialogue { dialogue } => {
                    (dialogue.id.clone(), dialogue.client_code.clone())
                }
                _ => (
                    werkzaam_protocol::outbox::team_record_id(m)
                        .unwrap_or_default()
                        .to_owned(),
                    String::new(),
                ),
            });
            tracing::warn!(user = %user.id, mutation = ?mutation_id, record = %record.0, "push refused: not the user's");
            db.log_access(user, "geweigerd", "wijziging", &[record])
                .await?;
            Err(ApiError::PushRefused {
                code: ErrorCode::Forbidden,
                message,
                mutation_id,
            })
        }
        other => other,
    }
}

async fn apply(db: &Db, user: &User, request: &PushRequest) -> Result<PushResponse, ApiError> {
    // Checked whole before it queues: a malformed push never holds the lock.
    check_push(request).map_err(refusal_error)?;
    let mut tx = db.begin_push().await?;
    let device = tx.device(&request.client_id).await?;
    let last_applied = match &device {
        Some((owner, _)) if *owner != user.id => {
            return Err(ApiError::Forbidden(
                "Dit apparaat is van een andere gebruiker. Log uit en weer in.".into(),
            ));
        }
        Some((_, last)) => *last,
        None => 0,
    };
    let plan = plan_checked(last_applied, request).map_err(refusal_error)?;
    let synced_at = now_ms();
    let version = if plan.to_apply.is_empty() {
        0
    } else {
        tx.next_version().await?
    };
    let ids: Vec<&str> = plan
        .to_apply
        .iter()
        .filter_map(|m| match &m.operation {
            Operation::UpsertDialogue { dialogue } => Some(dialogue.id.as_str()),
            _ => None,
        })
        .collect();
    tx.load_dialogues(&ids).await?;
    let is_lead = user.role == Role::Teamleider;
    for mutation in plan.to_apply {
        match &mutation.operation {
            Operation::UpsertDialogue { dialogue } => {
                tx.merge_dialogue(user, &request.client_id, mutation.id, dialogue, version)
                    .await?;
            }
            Operation::Noop => {
                // The place of a change the device set aside: only the numbering moves on.
            }
            operation => {
                let Some(record) = operation.team_record() else {
                    continue;
                };
                if record.lead_only() && !is_lead {
                    return Err(lead_only(mutation.id));
                }
                let people = record.people();
                if !people.is_empty() {
                    let team = tx.team_member_ids(&user.team_id).await?;
                    if people.iter().any(|id| !team.iter().any(|t| t == id)) {
                        return Err(not_in_team(mutation.id));
                    }
                }
                let by = StoredBy {
                    user,
                    client_id: &request.client_id,
                    mutation_id: mutation.id,
                    version,
                    synced_at,
                };
                let kind = record.kind();
                // Who may write what (issue 15): judged on what would be stored.
                match &record {
                    TeamRecord::Story(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::story(current, merged, &user.id)
                        })
                        .await?
                    }
                    TeamRecord::Dream(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::dream(current, merged, &user.id, is_lead)
                        })
                        .await?
                    }
                    TeamRecord::Action(r) => {
                        tx.merge_team_record(&by, kind, r, |_, _| Ok(())).await?
                    }
                    TeamRecord::Meeting(r) => {
                        tx.merge_team_record(&by, kind, r, |_, _| Ok(())).await?
                    }
                    TeamRecord::Synonym(r) => {
                        tx.merge_team_record(&by, kind, r, |_, _| Ok(())).await?
                    }
                    TeamRecord::Round(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::round(current, merged, &user.id, is_lead)
                        })
                        .await?
                    }
                    TeamRecord::Advice(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::advice(current, merged, &user.id, is_lead)
                        })
                        .await?
                    }
                    TeamRecord::Reply(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::reply(current, merged, &user.id, is_lead)
                        })
                        .await?
                    }
                    TeamRecord::Lesson(r) => {
                        tx.merge_team_record(&by, kind, r, |current, merged| {
                            authorship::lesson(current, merged, &user.id, is_lead)
                        })
                        .await?
                    }
                }
            }
        }
    }
    tx.finish(
        user,
        &request.client_id,
        version,
        synced_at,
        plan.last_mutation_id,
        device.is_some(),
    )
    .await?;
    Ok(PushResponse {
        last_mutation_id: plan.last_mutation_id,
    })
}

fn lead_only(mutation_id: u64) -> ApiError {
    ApiError::PushRefused {
        code: ErrorCode::Forbidden,
        message: format!(
            "Wijziging {mutation_id} mag alleen een teamleider doen; niets is opgeslagen."
        ),
        mutation_id: Some(mutation_id),
    }
}

fn not_in_team(mutation_id: u64) -> ApiError {
    ApiError::PushRefused {
        code: ErrorCode::Forbidden,
        message: format!(
            "Wijziging {mutation_id} noemt iemand die niet in je team zit; niets is opgeslagen."
        ),
        mutation_id: Some(mutation_id),
    }
}

fn refusal_error(refusal: Refusal) -> ApiError {
    let code = match refusal {
        Refusal::ProtocolVersion { .. } => ErrorCode::ProtocolVersion,
        Refusal::Gap { .. } => ErrorCode::OutOfOrder,
        Refusal::TooMany { .. } => ErrorCode::TooManyMutations,
        Refusal::BadClientId(_)
        | Refusal::NotConsecutive { .. }
        | Refusal::InvalidMutation { .. } => ErrorCode::InvalidInput,
    };
    let mutation_id = match &refusal {
        Refusal::InvalidMutation { mutation_id, .. } => Some(*mutation_id),
        _ => None,
    };
    ApiError::PushRefused {
        code,
        message: refusal.message(),
        mutation_id,
    }
}

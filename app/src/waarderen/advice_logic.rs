//! What the screens of *Hoe zou jij dat aanpakken?* and the leerpunten (issue 19, items 3 and 4)
//! decide, as plain functions: the records the forms make, marking an answer as helpful, and who
//! a leerpunt is shown as. No Leptos, no browser; tested natively in `tests/it/advice.rs`.

use werkzaam_domain::rules::validate::{self, Invalid};
use werkzaam_domain::team::{Advice, Lesson, Reply};
use werkzaam_protocol::team::TeamMember;

use crate::waarderen::logic::name_of;

/// A new question to the team, or what is wrong (in Dutch).
pub fn new_advice(id: String, author: &str, text: &str, now_ms: i64) -> Result<Advice, Invalid> {
    let advice = Advice {
        id,
        author_id: author.to_owned(),
        text: text.trim().to_owned(),
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
        ..Advice::default()
    };
    validate::advice(&advice)?;
    Ok(advice)
}

/// A new answer to `advice_id`, or what is wrong.
pub fn new_reply(
    id: String,
    advice_id: &str,
    author: &str,
    text: &str,
    now_ms: i64,
) -> Result<Reply, Invalid> {
    let reply = Reply {
        id,
        advice_id: advice_id.to_owned(),
        author_id: author.to_owned(),
        text: text.trim().to_owned(),
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
        ..Reply::default()
    };
    validate::reply(&reply)?;
    Ok(reply)
}

/// A new leerpunt, or what is wrong.
pub fn new_lesson(
    id: String,
    author: &str,
    what_happened: &str,
    learned: &str,
    anonymous: bool,
    now_ms: i64,
) -> Result<Lesson, Invalid> {
    let lesson = Lesson {
        id,
        author_id: author.to_owned(),
        what_happened: what_happened.trim().to_owned(),
        learned: learned.trim().to_owned(),
        anonymous,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
        ..Lesson::default()
    };
    validate::lesson(&lesson)?;
    Ok(lesson)
}

/// `advice` with the answer `reply_id` marked as helpful or not.
pub fn with_helpful(advice: &Advice, reply_id: &str, helpful: bool) -> Advice {
    let mut out = advice.clone();
    out.helpful.retain(|id| id != reply_id);
    if helpful {
        out.helpful.push(reply_id.to_owned());
    }
    out
}

/// Who a leerpunt is shown as to `me`: her own (*Jij*, and whether without her name), a
/// colleague by name, or *Een collega* when it was shared without a name.
pub fn lesson_by(lesson: &Lesson, me: &str, colleagues: &[TeamMember]) -> String {
    match (lesson.author_id.as_str(), lesson.anonymous) {
        (author, true) if author == me => "Jij (gedeeld zonder je naam)".to_owned(),
        (author, false) if author == me => "Jij".to_owned(),
        ("", _) | (_, true) => "Een collega".to_owned(),
        (author, false) => name_of(colleagues, author),
    }
}

/// "1 antwoord", "3 antwoorden".
pub fn replies_count(n: usize) -> String {
    if n == 1 {
        "1 antwoord".to_owned()
    } else {
        format!("{n} antwoorden")
    }
}

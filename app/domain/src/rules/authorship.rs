//! Who may write what of a team record (issue 15): what the server stores after a push
//! (`merged`, the merge with what it held, `current`) must not put words in a colleague's
//! mouth. `user` pushed it; `is_lead` says whether they lead the team. `Err` carries a Dutch
//! sentence; nothing is stored then.

use crate::team::{Advice, Dream, Lesson, Reply, Round, Story};

const NOT_YOURS: &str = "Je kunt alleen iets namens jezelf schrijven";

/// A story: a new one is written by its interviewer or its storyteller; an existing one
/// keeps its interviewer, only the interviewer changes who tells, and only those two change
/// what it says. Anyone in the team adds a compliment in their own name; a compliment is
/// changed or taken away only by whoever wrote it.
pub fn story(current: Option<&Story>, merged: &Story, user: &str) -> Result<(), String> {
    let teller_or_asker = |s: &Story| s.interviewer_id == user || s.storyteller_id == user;
    match current {
        None => {
            if !teller_or_asker(merged) {
                return Err(format!(
                    "{NOT_YOURS}: een nieuw verhaal schrijf je als interviewer of verteller."
                ));
            }
        }
        Some(current) => {
            if !current.interviewer_id.is_empty() && merged.interviewer_id != current.interviewer_id
            {
                return Err(format!("{NOT_YOURS}: wie interviewde, blijft hetzelfde."));
            }
            if merged.storyteller_id != current.storyteller_id
                && current.interviewer_id != user
                && !current.interviewer_id.is_empty()
            {
                return Err(format!(
                    "{NOT_YOURS}: alleen wie interviewde, kiest wie vertelt."
                ));
            }
            let content = |s: &Story| {
                let mut s = s.clone();
                s.compliments.clear();
                s.conflicts.clear();
                // A merge writes every leidraad question; an empty answer is no answer.
                s.answers
                    .retain(|a| !a.text.is_empty() || !a.keywords.is_empty());
                s.answers.sort_by(|a, b| a.question.cmp(&b.question));
                s.version = 0;
                s.updated_at_ms = 0;
                s
            };
            if content(current) != content(merged) && !teller_or_asker(current) {
                return Err(format!(
                    "{NOT_YOURS}: een verhaal verandert alleen wie het vertelde of opschreef. \
                     Een compliment geven kan wel."
                ));
            }
        }
    }
    let before = current.map_or(&[][..], |c| c.compliments.as_slice());
    for c in before.iter().filter(|c| c.author_id != user) {
        if !merged.compliments.contains(c) {
            return Err(format!(
                "{NOT_YOURS}: het compliment van een collega verander of verwijder je niet."
            ));
        }
    }
    for c in merged.compliments.iter().filter(|c| !before.contains(c)) {
        if c.author_id != user {
            return Err(format!(
                "{NOT_YOURS}: een compliment geef je in je eigen naam."
            ));
        }
    }
    Ok(())
}

/// A statement of the groepsdroom: a new one is written in the writer's own name; only
/// its author changes its words or drawing; its author or the team lead takes it away (or
/// back); anyone in the team puts it in a group.
pub fn dream(
    current: Option<&Dream>,
    merged: &Dream,
    user: &str,
    is_lead: bool,
) -> Result<(), String> {
    own_words(
        current,
        merged,
        user,
        is_lead,
        |d| &d.author_id,
        |d| vec![d.text.clone(), d.drawing.clone()],
        |d| d.deleted,
    )
}

/// A dialoogronde: the team lead starts and changes it; a member changes only whether her own
/// count is shown — she adds or takes away herself in `shown`, nothing else.
pub fn round(
    current: Option<&Round>,
    merged: &Round,
    user: &str,
    is_lead: bool,
) -> Result<(), String> {
    if is_lead {
        return Ok(());
    }
    let Some(current) = current else {
        return Err("Een dialoogronde begint alleen de teamleider.".to_owned());
    };
    let without_shown = |r: &Round| {
        let mut r = r.clone();
        r.shown.clear();
        r.conflicts.clear();
        r.version = 0;
        r.updated_at_ms = 0;
        r
    };
    if without_shown(current) != without_shown(merged) {
        return Err(
            "Een dialoogronde verandert alleen de teamleider. Laten zien hoeveel dialogen jij \
             voerde, kan wel."
                .to_owned(),
        );
    }
    let others = |r: &Round| -> Vec<String> {
        let mut v: Vec<String> = r.shown.iter().filter(|u| *u != user).cloned().collect();
        v.sort();
        v.dedup();
        v
    };
    if others(current) != others(merged) {
        return Err(format!(
            "{NOT_YOURS}: of een collega haar aantal laat zien, kiest zij zelf."
        ));
    }
    Ok(())
}

/// What a new record's author and an existing record's author-only parts must be: a new one is
/// written in the writer's own name; its author stays; only the author changes `content`; the
/// author or the team lead takes it away (or back).
fn own_words<R>(
    current: Option<&R>,
    merged: &R,
    user: &str,
    is_lead: bool,
    author: impl Fn(&R) -> &str,
    content: impl Fn(&R) -> Vec<String>,
    deleted: impl Fn(&R) -> bool,
) -> Result<(), String> {
    let Some(current) = current else {
        return if author(merged) == user {
            Ok(())
        } else {
            Err(format!("{NOT_YOURS}: dit schrijf je in je eigen naam."))
        };
    };
    if author(merged) != author(current) {
        return Err(format!("{NOT_YOURS}: wie het schreef, blijft hetzelfde."));
    }
    let is_author = author(current) == user;
    if content(merged) != content(current) && !is_author {
        return Err(format!(
            "{NOT_YOURS}: alleen wie het schreef, verandert de woorden."
        ));
    }
    if deleted(merged) != deleted(current) && !is_author && !is_lead {
        return Err(format!(
            "{NOT_YOURS}: alleen wie het schreef of de teamleider haalt het weg."
        ));
    }
    Ok(())
}

/// A question to the team: in the asker's own name; only she changes its words and marks an
/// answer as helpful; she or the team lead takes it away.
pub fn advice(
    current: Option<&Advice>,
    merged: &Advice,
    user: &str,
    is_lead: bool,
) -> Result<(), String> {
    own_words(
        current,
        merged,
        user,
        is_lead,
        |a| &a.author_id,
        |a| {
            let mut helpful = a.helpful.clone();
            helpful.sort();
            [vec![a.text.clone()], helpful].concat()
        },
        |a| a.deleted,
    )
}

/// An answer: in the writer's own name, to one question for good; only she changes its words;
/// she or the team lead takes it away.
pub fn reply(
    current: Option<&Reply>,
    merged: &Reply,
    user: &str,
    is_lead: bool,
) -> Result<(), String> {
    if current.is_some_and(|c| c.advice_id != merged.advice_id) {
        return Err(format!("{NOT_YOURS}: een antwoord hoort bij één vraag."));
    }
    own_words(
        current,
        merged,
        user,
        is_lead,
        |r| &r.author_id,
        |r| vec![r.text.clone()],
        |r| r.deleted,
    )
}

/// A leerpunt: in the writer's own name (also when shared without it); only she changes its
/// words or whether her name shows; she or the team lead takes it away.
pub fn lesson(
    current: Option<&Lesson>,
    merged: &Lesson,
    user: &str,
    is_lead: bool,
) -> Result<(), String> {
    own_words(
        current,
        merged,
        user,
        is_lead,
        |l| &l.author_id,
        |l| {
            vec![
                l.what_happened.clone(),
                l.learned.clone(),
                l.anonymous.to_string(),
            ]
        },
        |l| l.deleted,
    )
}

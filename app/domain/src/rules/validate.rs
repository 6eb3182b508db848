//! Rules a record must meet before anyone stores it. The same rules run in the form on the
//! device and on the server, so the server never refuses what the form let through.
//!
//! Over 600 lines: every record's rules in one place, so a form and the server read the same
//! limits and sentences.

use crate::dialogue::{
    Aspect, Attitude, ConsentDecision, Dialogue, Domain, MediaRef, Part, PartKey, Question, Scale,
    Side, MAX_OTHERS,
};
use crate::hash::is_content_hash;
use crate::merge;
use crate::team::TeamRecord;

/// Longest client code we accept.
pub const MAX_CLIENT_CODE_CHARS: usize = 40;
/// Longest free text (a part's text, a reflection answer) we accept.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Longest strength per life domain.
pub const MAX_STRENGTH_CHARS: usize = 1_000;
/// Longest keyword.
pub const MAX_KEYWORD_CHARS: usize = 60;
/// Most keywords in one part.
pub const MAX_KEYWORDS: usize = 40;
/// Most drawings and photos in one part.
pub const MAX_MEDIA: usize = 12;
/// Longest nickname.
pub const MAX_NICKNAME_CHARS: usize = 40;
/// The largest attachment (a photo after downscaling on the device): 8 MB.
pub const MAX_ATTACHMENT_BYTES: u64 = 8 * 1024 * 1024;
/// Most agreements in one dialogue, and most checks of the previous ones.
pub const MAX_AGREEMENTS: usize = 20;
/// Longest agreement (*wat*).
pub const MAX_AGREEMENT_CHARS: usize = 300;
/// Longest record id we accept.
pub const MAX_ID_CHARS: usize = 64;

/// What is wrong with a record: the field and a Dutch sentence a worker understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Checks a record id: 1 to 64 characters, letters, digits and `-` only.
pub fn record_id(id: &str) -> Result<(), Invalid> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(Invalid::new("id", "De id moet 1 tot 64 tekens lang zijn."));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Invalid::new(
            "id",
            "De id mag alleen letters, cijfers en '-' bevatten.",
        ));
    }
    Ok(())
}

/// Checks a client code: not empty, at most 40 characters, letters, digits, spaces, `-`, `_`,
/// `.` and `/` only (the codes of the usual registration systems).
pub fn client_code(code: &str) -> Result<(), Invalid> {
    let trimmed = code.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new("client_code", "Vul een cliëntcode in."));
    }
    if trimmed != code {
        return Err(Invalid::new(
            "client_code",
            "De cliëntcode mag niet met een spatie beginnen of eindigen.",
        ));
    }
    if code.chars().count() > MAX_CLIENT_CODE_CHARS {
        return Err(Invalid::new(
            "client_code",
            format!("De cliëntcode mag hoogstens {MAX_CLIENT_CODE_CHARS} tekens lang zijn."),
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/'))
    {
        return Err(Invalid::new(
            "client_code",
            "Gebruik in de cliëntcode alleen letters, cijfers, spaties en - _ . /",
        ));
    }
    Ok(())
}

/// Checks a calendar date written as `YYYY-MM-DD`, between the years 2000 and 2100.
pub fn date(value: &str) -> Result<(), Invalid> {
    let wrong = || Invalid::new("held_on", "Vul een geldige datum in (jjjj-mm-dd).");
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(wrong());
    }
    let number = |range: std::ops::Range<usize>| -> Result<u32, Invalid> {
        let part = &value[range];
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        part.parse().map_err(|_| wrong())
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return Err(wrong());
    }
    if day > days_in_month(year, month) {
        return Err(wrong());
    }
    Ok(())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Checks a free text: at most `max` characters.
pub fn text(field: &'static str, value: &str, max: usize) -> Result<(), Invalid> {
    if value.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("Gebruik hoogstens {max} tekens."),
        ));
    }
    Ok(())
}

/// Checks one keyword: not empty, no spaces around it, at most 60 characters, one line.
pub fn keyword(value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        return Err(Invalid::new(
            "keywords",
            "Een trefwoord mag niet leeg zijn.",
        ));
    }
    if value.trim() != value || value.contains(['\n', '\r']) {
        return Err(Invalid::new(
            "keywords",
            "Een trefwoord mag niet met een spatie beginnen of eindigen.",
        ));
    }
    if value.chars().count() > MAX_KEYWORD_CHARS {
        return Err(Invalid::new(
            "keywords",
            format!("Een trefwoord is hoogstens {MAX_KEYWORD_CHARS} tekens lang."),
        ));
    }
    Ok(())
}

fn part(key: PartKey, part: &Part) -> Result<(), Invalid> {
    let field = key.slug();
    if part.keywords.len() > MAX_KEYWORDS {
        return Err(Invalid::new(
            field,
            format!("Hoogstens {MAX_KEYWORDS} trefwoorden per vraag."),
        ));
    }
    for k in &part.keywords {
        keyword(k).map_err(|e| Invalid::new(field, e.message))?;
    }
    text(field, &part.text, MAX_TEXT_CHARS)?;
    media(field, &part.media)
}

fn media(field: &'static str, list: &[MediaRef]) -> Result<(), Invalid> {
    if list.len() > MAX_MEDIA {
        return Err(Invalid::new(
            field,
            format!("Hoogstens {MAX_MEDIA} tekeningen en foto's per vraag."),
        ));
    }
    for m in list {
        if !is_content_hash(&m.hash) {
            return Err(Invalid::new(
                field,
                "Een tekening of foto is niet goed bewaard. Voeg hem opnieuw toe.",
            ));
        }
        if m.bytes == 0 || m.bytes > MAX_ATTACHMENT_BYTES {
            return Err(Invalid::new(field, attachment_too_large_message()));
        }
    }
    Ok(())
}

/// What a worker reads when a photo or drawing is too large.
pub fn attachment_too_large_message() -> String {
    "Deze foto is te groot: hoogstens 8 MB, ook na verkleinen. Maak een foto met minder \
     details of van dichterbij."
        .to_owned()
}

/// Checks what the *Nieuwe dialoog* form fills in: the id, the client code, the memory aid and
/// the day (part of [`dialogue`]; on its own where a new, empty dialogue is made, so the first
/// screen does not carry every rule of a whole dialogue).
pub fn basics(d: &Dialogue) -> Result<(), Invalid> {
    record_id(&d.id)?;
    client_code(&d.client_code)?;
    if d.nickname.chars().count() > MAX_NICKNAME_CHARS || d.nickname.trim() != d.nickname {
        return Err(Invalid::new(
            "nickname",
            format!(
                "Een geheugensteun is hoogstens {MAX_NICKNAME_CHARS} tekens, zonder spaties eromheen."
            ),
        ));
    }
    date(&d.held_on)
}

/// Checks a whole dialogue; the first problem found is returned.
pub fn dialogue(d: &Dialogue) -> Result<(), Invalid> {
    basics(d)?;
    for key in PartKey::ALL {
        part(key, d.part(key))?;
    }
    others(d)?;
    for domain in Domain::ALL {
        text("strengths", d.strengths.get(domain), MAX_STRENGTH_CHARS)?;
    }
    for side in [Side::Client, Side::Worker] {
        for scale in Scale::ALL {
            if d.scales.side(side).get(scale).is_some_and(|v| v > 10) {
                return Err(Invalid::new(
                    "scales",
                    "Een score gaat van 0 tot en met 10.",
                ));
            }
        }
    }
    for q in Question::ALL {
        text("reflection", d.reflection.get(q), MAX_TEXT_CHARS)?;
    }
    media("sheet", &d.sheet)?;
    agreements(d)?;
    for side in [Side::Client, Side::Worker] {
        for a in Attitude::ALL {
            if d.mirror
                .side(side)
                .get(a)
                .is_some_and(|v| !(1..=3).contains(&v))
            {
                return Err(Invalid::new(
                    "mirror",
                    "Een antwoord met een gezichtje is 1, 2 of 3.",
                ));
            }
        }
    }
    let consent = &d.consent;
    if consent.decision != ConsentDecision::NotAsked || !consent.recorded_on.is_empty() {
        date(&consent.recorded_on).map_err(|_| {
            Invalid::new(
                "consent",
                "Vul de datum in waarop de cliënt over delen heeft beslist.",
            )
        })?;
    }
    conflicts(d)?;
    if d.updated_at_ms < 0 {
        return Err(Invalid::new(
            "updated_at_ms",
            "De tijd van wijzigen klopt niet.",
        ));
    }
    Ok(())
}

/// Family dialogues: at most [`MAX_OTHERS`] participants, each in its own slot from 1 to
/// [`MAX_OTHERS`], with answers under the same rules as the client's.
fn others(d: &Dialogue) -> Result<(), Invalid> {
    if d.others.len() > usize::from(MAX_OTHERS) {
        return Err(Invalid::new(
            "others",
            format!("Hoogstens {MAX_OTHERS} mensen naast de cliënt in één dialoog."),
        ));
    }
    for (i, p) in d.others.iter().enumerate() {
        if !(1..=MAX_OTHERS).contains(&p.slot) || d.others[..i].iter().any(|o| o.slot == p.slot) {
            return Err(Invalid::new(
                "others",
                "Twee mensen in het gesprek hebben dezelfde plaats.",
            ));
        }
        // Their answers follow the client's rules.
        part(PartKey::new(Side::Client, Aspect::Good), &p.good)
            .and_then(|()| part(PartKey::new(Side::Client, Aspect::Better), &p.better))
            .map_err(|e| Invalid::new("others", e.message))?;
    }
    Ok(())
}

/// Agreements: each with an id of its own, words (at most 300 characters) and no day or a
/// real one; checks name an agreement and carry its words.
fn agreements(d: &Dialogue) -> Result<(), Invalid> {
    if d.agreements.len() > MAX_AGREEMENTS || d.checks.len() > MAX_AGREEMENTS {
        return Err(Invalid::new(
            "agreements",
            format!("Hoogstens {MAX_AGREEMENTS} afspraken per dialoog."),
        ));
    }
    for (i, a) in d.agreements.iter().enumerate() {
        record_id(&a.id).map_err(|e| Invalid::new("agreements", e.message))?;
        if d.agreements[..i].iter().any(|o| o.id == a.id) {
            return Err(Invalid::new(
                "agreements",
                "Twee afspraken hebben dezelfde id.",
            ));
        }
        if a.what.trim().is_empty() {
            return Err(Invalid::new(
                "agreements",
                "Schrijf bij een afspraak wat er gebeurt.",
            ));
        }
        text("agreements", &a.what, MAX_AGREEMENT_CHARS)?;
        if !a.when.is_empty() {
            date(&a.when).map_err(|e| Invalid::new("agreements", e.message))?;
        }
    }
    for c in &d.checks {
        record_id(&c.agreement).map_err(|e| Invalid::new("checks", e.message))?;
        text("checks", &c.what, MAX_AGREEMENT_CHARS)?;
    }
    Ok(())
}

/// Open conflicts name real fields once each, and every other value would be valid in its field.
fn conflicts(d: &Dialogue) -> Result<(), Invalid> {
    let bad = || Invalid::new("conflicts", "Een dubbele versie van een veld klopt niet.");
    if d.conflicts.len() > crate::dialogue::FIELDS.len() {
        return Err(bad());
    }
    let mut plain = d.clone();
    plain.conflicts.clear();
    for (i, c) in d.conflicts.iter().enumerate() {
        if !crate::dialogue::FIELDS.contains(&c.field.as_str())
            || d.conflicts[..i].iter().any(|o| o.field == c.field)
            || c.others.is_empty()
            || c.others.len() > merge::MAX_CONFLICT_VALUES
        {
            return Err(bad());
        }
        for value in &c.others {
            let mut candidate = plain.clone();
            if !crate::dialogue::set(&mut candidate, &c.field, value.clone()) {
                return Err(bad());
            }
            dialogue(&candidate)?;
        }
    }
    Ok(())
}

/// The most werkzame elementen, quotes or compliments on one story.
pub const MAX_STORY_ITEMS: usize = 40;
/// The most characters of a title, an element or a compliment.
pub const MAX_SHORT_CHARS: usize = 200;

fn short_list(field: &'static str, items: &[String]) -> Result<(), Invalid> {
    if items.len() > MAX_STORY_ITEMS {
        return Err(Invalid::new(
            field,
            format!("Hoogstens {MAX_STORY_ITEMS} per verhaal."),
        ));
    }
    for item in items {
        if item.trim().is_empty() {
            return Err(Invalid::new(field, "Een leeg woord kan niet."));
        }
        text(field, item, MAX_SHORT_CHARS)?;
    }
    Ok(())
}

fn user_id(field: &'static str, id: &str) -> Result<(), Invalid> {
    record_id(id).map_err(|_| Invalid::new(field, "Kies een collega uit het team."))
}

/// Open conflicts of a story or action name its fields once each, and every other value would
/// be valid in its field.
fn record_conflicts<R: merge::Record>(
    r: &R,
    check: fn(&R) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    let bad = || Invalid::new("conflicts", "Een dubbele versie van een veld klopt niet.");
    let mut plain = r.clone();
    plain.conflicts_mut().clear();
    for (i, c) in r.conflicts().iter().enumerate() {
        if !R::fields().contains(&c.field.as_str())
            || r.conflicts()[..i].iter().any(|o| o.field == c.field)
            || c.others.is_empty()
            || c.others.len() > merge::MAX_CONFLICT_VALUES
        {
            return Err(bad());
        }
        for value in &c.others {
            let mut candidate = plain.clone();
            if !candidate.set_field(&c.field, value.clone()) {
                return Err(bad());
            }
            check(&candidate)?;
        }
    }
    Ok(())
}

/// Checks a story of a waarderend interview.
pub fn story(s: &crate::team::Story) -> Result<(), Invalid> {
    record_id(&s.id)?;
    user_id("storyteller_id", &s.storyteller_id)?;
    user_id("interviewer_id", &s.interviewer_id)?;
    date(&s.held_on)?;
    text("title", &s.title, MAX_SHORT_CHARS)?;
    for a in &s.answers {
        if crate::team::leidraad_question(&a.question).is_none() {
            return Err(Invalid::new(
                "answers",
                "Deze vraag staat niet in de leidraad.",
            ));
        }
        text("answers", &a.text, MAX_TEXT_CHARS)?;
        short_list("answers", &a.keywords)?;
    }
    short_list("quotes", &s.quotes)?;
    short_list("elements", &s.elements)?;
    if s.compliments.len() > MAX_STORY_ITEMS {
        return Err(Invalid::new(
            "compliments",
            "Te veel complimenten op één verhaal.",
        ));
    }
    for c in &s.compliments {
        user_id("compliments", &c.author_id)?;
        if c.text.trim().is_empty() {
            return Err(Invalid::new("compliments", "Een leeg compliment kan niet."));
        }
        text("compliments", &c.text, MAX_SHORT_CHARS)?;
    }
    if s.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(s, story)
    }
}

/// Checks an action of the team.
pub fn action(a: &crate::team::Action) -> Result<(), Invalid> {
    record_id(&a.id)?;
    if a.what.trim().is_empty() {
        return Err(Invalid::new("what", "Schrijf op wat er gedaan wordt."));
    }
    text("what", &a.what, MAX_SHORT_CHARS)?;
    if a.owners.is_empty() || a.owners.len() > 20 {
        return Err(Invalid::new(
            "owners",
            "Kies wie het doet (een of meer collega's).",
        ));
    }
    for o in &a.owners {
        user_id("owners", o)?;
    }
    if !a.due.is_empty() {
        date(&a.due).map_err(|_| Invalid::new("due", "Vul een geldige datum in (jjjj-mm-dd)."))?;
    }
    if let Some(s) = &a.serves {
        record_id(s)?;
    }
    if a.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(a, action)
    }
}

/// The longest drawing a groepsdroom statement carries, as text (a sketch, not a poster).
pub const MAX_DREAM_DRAWING_CHARS: usize = 64 * 1024;

/// Checks a statement of the groepsdroom.
pub fn dream(d: &crate::team::Dream) -> Result<(), Invalid> {
    record_id(&d.id)?;
    record_id(&d.meeting_id)?;
    user_id("author_id", &d.author_id)?;
    if d.text.trim().is_empty() && d.drawing.is_empty() {
        return Err(Invalid::new("text", "Schrijf of teken iets van de droom."));
    }
    text("text", &d.text, MAX_SHORT_CHARS)?;
    text("cluster", &d.cluster, 60)?;
    if d.drawing.len() > MAX_DREAM_DRAWING_CHARS {
        return Err(Invalid::new("drawing", "De tekening is te groot."));
    }
    if !d.drawing.is_empty() && crate::drawing::from_text(&d.drawing).is_err() {
        return Err(Invalid::new("drawing", "De tekening is beschadigd."));
    }
    if d.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(d, dream)
    }
}

/// Checks a team session.
pub fn meeting(m: &crate::team::Meeting) -> Result<(), Invalid> {
    record_id(&m.id)?;
    date(&m.held_on)?;
    text("title", &m.title, MAX_SHORT_CHARS)?;
    if m.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(m, meeting)
    }
}

/// Checks a merge of werkzame elementen.
pub fn synonym(m: &crate::team::SynonymMerge) -> Result<(), Invalid> {
    record_id(&m.id)?;
    if m.name.trim().is_empty() || m.variants.iter().all(|v| v.trim().is_empty()) {
        return Err(Invalid::new(
            "variants",
            "Kies welke woorden samen één element zijn.",
        ));
    }
    text("name", &m.name, MAX_SHORT_CHARS)?;
    short_list("variants", &m.variants)?;
    if m.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(m, synonym)
    }
}

/// Most people taking part in a round (a team, not an organisation).
pub const MAX_ROUND_PEOPLE: usize = 200;
/// The longest period of a round: a year.
pub const MAX_ROUND_DAYS: i64 = 366;

/// Checks a dialoogronde.
pub fn round(r: &crate::team::Round) -> Result<(), Invalid> {
    use crate::team::{day_number, Rhythm, TeamQuestion};
    record_id(&r.id)?;
    text("title", &r.title, MAX_SHORT_CHARS)?;
    date(&r.starts_on).map_err(|_| Invalid::new("starts_on", "Vul een geldige begindatum in."))?;
    date(&r.ends_on).map_err(|_| Invalid::new("ends_on", "Vul een geldige einddatum in."))?;
    let days = day_number(&r.ends_on).unwrap_or(0) - day_number(&r.starts_on).unwrap_or(0);
    if days < 0 {
        return Err(Invalid::new(
            "ends_on",
            "De ronde eindigt op of na de dag dat ze begint.",
        ));
    }
    if days >= MAX_ROUND_DAYS {
        return Err(Invalid::new(
            "ends_on",
            "Een ronde duurt hoogstens een jaar.",
        ));
    }
    if r.invitation.trim().is_empty() {
        return Err(Invalid::new(
            "invitation",
            "Schrijf de uitnodiging voor het team.",
        ));
    }
    text("invitation", &r.invitation, MAX_TEXT_CHARS)?;
    if r.participants.is_empty() {
        return Err(Invalid::new(
            "participants",
            "Kies wie er meedoen (een of meer collega's).",
        ));
    }
    for (field, list) in [("participants", &r.participants), ("shown", &r.shown)] {
        if list.len() > MAX_ROUND_PEOPLE {
            return Err(Invalid::new(
                field,
                format!("Hoogstens {MAX_ROUND_PEOPLE} mensen per ronde."),
            ));
        }
        for id in list {
            user_id(field, id)?;
        }
    }
    if !r.meeting_on.is_empty() {
        date(&r.meeting_on)
            .map_err(|_| Invalid::new("meeting_on", "Vul een geldige datum in (jjjj-mm-dd)."))?;
    }
    for q in TeamQuestion::ALL {
        text(q.field(), r.conclusions.get(q), MAX_TEXT_CHARS)?;
    }
    text("agreed", &r.agreed, MAX_TEXT_CHARS)?;
    if !r.rhythm.is_empty() && Rhythm::from_slug(&r.rhythm).is_none() {
        return Err(Invalid::new(
            "rhythm",
            "Kies hoe vaak jullie dit willen doen.",
        ));
    }
    if !r.next_id.is_empty() {
        record_id(&r.next_id)?;
    }
    if r.lessons.len() > MAX_ROUND_PEOPLE {
        return Err(Invalid::new(
            "lessons",
            "Te veel leerpunten in één overleg.",
        ));
    }
    for id in &r.lessons {
        record_id(id)?;
    }
    if r.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(r, round)
    }
}

/// The longest question to the team, answer or leerpunt text: short, as a question on the
/// phone is (seed 004: no paperwork).
pub const MAX_TEAM_TEXT_CHARS: usize = 2_000;

/// Checks a question to the team (*Hoe zou jij dat aanpakken?*).
pub fn advice(a: &crate::team::Advice) -> Result<(), Invalid> {
    record_id(&a.id)?;
    user_id("author_id", &a.author_id)?;
    if a.text.trim().is_empty() {
        return Err(Invalid::new("text", "Schrijf je vraag."));
    }
    text("text", &a.text, MAX_TEAM_TEXT_CHARS)?;
    if a.helpful.len() > MAX_ROUND_PEOPLE {
        return Err(Invalid::new("helpful", "Te veel antwoorden gemarkeerd."));
    }
    for id in &a.helpful {
        record_id(id)?;
    }
    if a.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(a, advice)
    }
}

/// Checks a colleague's answer to a question.
pub fn reply(r: &crate::team::Reply) -> Result<(), Invalid> {
    record_id(&r.id)?;
    record_id(&r.advice_id)?;
    user_id("author_id", &r.author_id)?;
    if r.text.trim().is_empty() {
        return Err(Invalid::new("text", "Schrijf je antwoord."));
    }
    text("text", &r.text, MAX_TEAM_TEXT_CHARS)?;
    if r.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(r, reply)
    }
}

/// Checks a leerpunt (its author may be empty: a colleague's copy of an anonymous one).
pub fn lesson(l: &crate::team::Lesson) -> Result<(), Invalid> {
    record_id(&l.id)?;
    if !l.author_id.is_empty() {
        user_id("author_id", &l.author_id)?;
    }
    if l.what_happened.trim().is_empty() && l.learned.trim().is_empty() {
        return Err(Invalid::new(
            "learned",
            "Schrijf wat er niet zo goed ging, of wat je ervan leert.",
        ));
    }
    text("what_happened", &l.what_happened, MAX_TEAM_TEXT_CHARS)?;
    text("learned", &l.learned, MAX_TEAM_TEXT_CHARS)?;
    if l.conflicts.is_empty() {
        Ok(())
    } else {
        record_conflicts(l, lesson)
    }
}

/// Checks a team record of any kind.
pub fn team_record(record: &TeamRecord) -> Result<(), Invalid> {
    match record {
        TeamRecord::Story(r) => story(r),
        TeamRecord::Action(r) => action(r),
        TeamRecord::Dream(r) => dream(r),
        TeamRecord::Meeting(r) => meeting(r),
        TeamRecord::Synonym(r) => synonym(r),
        TeamRecord::Round(r) => round(r),
        TeamRecord::Advice(r) => advice(r),
        TeamRecord::Reply(r) => reply(r),
        TeamRecord::Lesson(r) => lesson(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_calendar_are_refused() {
        assert!(date("2026-02-29").is_err());
        assert!(date("2028-02-29").is_ok());
        assert!(date("2026-13-01").is_err());
        assert!(date("2026-04-31").is_err());
        assert!(date("26-04-01").is_err());
        assert!(date("2026-4-011").is_err());
        assert!(date("2026-11-23").is_ok());
    }

    #[test]
    fn client_codes_must_be_short_plain_and_present() {
        assert!(client_code("").is_err());
        assert!(client_code("   ").is_err());
        assert!(client_code(" AB12").is_err());
        assert!(client_code("AB<script>").is_err());
        assert!(client_code(&"a".repeat(41)).is_err());
        assert!(client_code("WT-2026/014").is_ok());
        assert!(client_code("Cliënt 7").is_ok());
    }
}

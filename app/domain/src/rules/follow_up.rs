//! Follow-up across a client's dialogues (issue 18): which dialogue was *vorige keer*, what it
//! said and agreed, which of its agreements this dialogue still asks about (*Is het beter
//! geworden?*), and a solution-focused question to ask when client and worker see things
//! differently.
//!
//! Pure: the device runs these over the dialogues it holds; nothing here knows a screen.

use crate::dialogue::{
    Address, Agreement, Aspect, Attitude, Check, Dialogue, PartKey, Participant, Progress, Scale,
    Side, MIRROR_ANSWERS,
};

/// The dialogue before `current` with the same client: the latest one held before it (by day,
/// then by when it was last changed), deleted ones left out.
pub fn previous<'a>(
    dialogues: impl IntoIterator<Item = &'a Dialogue>,
    current: &Dialogue,
) -> Option<&'a Dialogue> {
    let key = |d: &Dialogue| (d.held_on.clone(), d.updated_at_ms);
    let now = key(current);
    dialogues
        .into_iter()
        .filter(|d| d.id != current.id && !d.deleted && d.client_code == current.client_code)
        .filter(|d| key(d) < now)
        .max_by_key(|d| key(d))
}

/// What *Vorige keer* shows: the day, what went well and what could be better (both sides'
/// keywords, each once, the client's first), and what was agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTime {
    pub dialogue_id: String,
    pub held_on: String,
    pub good: Vec<String>,
    pub better: Vec<String>,
    pub agreements: Vec<Agreement>,
}

impl LastTime {
    pub fn is_empty(&self) -> bool {
        self.good.is_empty() && self.better.is_empty() && self.agreements.is_empty()
    }
}

/// The words of one aspect: the client's, the others' of a family dialogue, the worker's.
fn words(d: &Dialogue, aspect: Aspect) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let parts = std::iter::once(d.part(PartKey::new(Side::Client, aspect)))
        .chain(d.others.iter().map(|p| p.part(aspect)))
        .chain(std::iter::once(d.part(PartKey::new(Side::Worker, aspect))));
    for part in parts {
        let text = part.text.trim();
        let from_text = (!text.is_empty()).then(|| text.to_owned());
        for w in part.keywords.iter().cloned().chain(from_text) {
            if !out.iter().any(|o| o.to_lowercase() == w.to_lowercase()) {
                out.push(w);
            }
        }
    }
    out
}

/// The summary of `previous` for the next dialogue.
pub fn last_time(previous: &Dialogue) -> LastTime {
    LastTime {
        dialogue_id: previous.id.clone(),
        held_on: previous.held_on.clone(),
        good: words(previous, Aspect::Good),
        better: words(previous, Aspect::Better),
        agreements: previous.agreements.clone(),
    }
}

/// Each agreement of last time with this dialogue's answer about it, if given (the latest
/// check for it when a merge kept two).
pub fn checks<'a>(
    last: &'a LastTime,
    current: &Dialogue,
) -> Vec<(&'a Agreement, Option<Progress>)> {
    last.agreements
        .iter()
        .map(|a| {
            let answer = current
                .checks
                .iter()
                .rev()
                .find(|c| c.agreement == a.id)
                .map(|c| c.progress);
            (a, answer)
        })
        .collect()
}

/// Records in `current` the answer about `agreement`: the one check for it, replaced.
pub fn answer(current: &mut Dialogue, agreement: &Agreement, progress: Option<Progress>) {
    current.checks.retain(|c| c.agreement != agreement.id);
    if let Some(progress) = progress {
        current.checks.push(Check {
            agreement: agreement.id.clone(),
            what: agreement.what.clone(),
            progress,
        });
    }
}

/// A *wat kan beter* becoming an agreement: its words, the client does it, no day yet.
pub fn agreement_from(id: String, better: &str) -> Agreement {
    Agreement {
        id,
        what: better.trim().to_owned(),
        ..Agreement::default()
    }
}

/// What the worker reads when client and worker see one thing quite differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What they differ on, in words: *Onze band*, *Voel je je begrepen?* …
    pub about: &'static str,
    /// What each answered, as a person reads it: `7`, or `🙁 Niet zo`.
    pub client: String,
    pub worker: String,
    /// A solution-focused question to ask the client.
    pub question: &'static str,
}

/// How far apart two 0–10 scores are before the app suggests a question.
pub const SCALE_GAP: u8 = 3;
/// How far apart two mirror answers (1–3) are: *niet zo* against *ja*.
pub const MIRROR_GAP: u8 = 2;

/// The question for a gap: when the client sees it better than the worker, ask what the
/// client sees; when worse, ask what would make it one step better.
fn question(client_higher: bool, address: Address) -> &'static str {
    match (client_higher, address) {
        (true, Address::Je) => "Wat zie jij dat ik niet zie?",
        (true, Address::U) => "Wat ziet u dat ik niet zie?",
        (false, Address::Je) => "Wat zou er anders zijn als het een stapje beter gaat?",
        (false, Address::U) => "Wat zou er voor u anders zijn als het een stapje beter gaat?",
    }
}

/// Every place where client and worker differ a lot (scales by [`SCALE_GAP`], the mirror by
/// [`MIRROR_GAP`]), in the order of the form.
pub fn prompts(d: &Dialogue) -> Vec<Prompt> {
    let mut out = Vec::new();
    let mut gap =
        |about: &'static str, c: Option<u8>, w: Option<u8>, min: u8, words: fn(u8) -> String| {
            if let (Some(c), Some(w)) = (c, w) {
                if c.abs_diff(w) >= min {
                    out.push(Prompt {
                        about,
                        client: words(c),
                        worker: words(w),
                        question: question(c > w, d.address),
                    });
                }
            }
        };
    for s in Scale::ALL {
        gap(
            s.label(),
            d.scales.client.get(s),
            d.scales.worker.get(s),
            SCALE_GAP,
            |n| n.to_string(),
        );
    }
    for a in Attitude::ALL {
        gap(
            a.client_question(d.address),
            d.mirror.client.get(a),
            d.mirror.worker.get(a),
            MIRROR_GAP,
            mirror_words,
        );
    }
    out
}

/// A mirror answer as a person reads it: `🙁 Niet zo`, `😐 Een beetje`, `🙂 Ja`.
pub fn mirror_words(n: u8) -> String {
    MIRROR_ANSWERS.into_iter().find(|x| x.0 == n).map_or_else(
        || n.to_string(),
        |(_, face, words)| format!("{face} {words}"),
    )
}

/// The address for a new dialogue with a client: as last time, *je* for a first one.
pub fn address_for_new(previous: Option<&Dialogue>) -> Address {
    previous.map_or(Address::Je, |p| p.address)
}

/// Who takes part in a new dialogue with a client: as last time (a family dialogue stays
/// one), without their answers; nobody for a first one.
pub fn others_for_new(previous: Option<&Dialogue>) -> Vec<Participant> {
    previous.map_or_else(Vec::new, |p| {
        p.others
            .iter()
            .filter(|o| o.relation.is_some())
            .map(|o| Participant {
                slot: o.slot,
                relation: o.relation,
                ..Participant::default()
            })
            .collect()
    })
}

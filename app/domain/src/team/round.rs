//! A **dialoogronde** (seed 001, STAP 1 and STAP 3): a team lead invites the team to hold a
//! dialogue about the werkalliantie with a client in a period; afterwards the team talks about
//! it on the STAP 3 questions and records what it concludes and agrees, and plans the next round.
//! One record per round; its STAP 3 answers are fields of it, so they merge one by one.

use serde::{Deserialize, Serialize};

use super::is_zero;
use crate::merge::{record_common, Conflict, Record, Value};
use crate::pdf::Block;

/// The invitation of STAP 1 in the seed's words, as a new round starts with it.
pub const INVITATION: &str = "Nodig jouw teamleden uit om met een cliënt een dialoog aan te gaan \
over de werkalliantie. Vraag samen: Hoe ervaart de cliënt jouw begeleiding? Hoe ervaart de \
hulpverlener de begeleiding? Schrijf of teken allebei wat goed gaat en wat beter kan.";

/// A question of STAP 3, *Terugkoppeling van de ervaring*, as the team talks about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamQuestion {
    Learned,
    ViewOfClient,
    Alliance,
    Process,
    Structural,
}

impl TeamQuestion {
    pub const ALL: [TeamQuestion; 5] = [
        TeamQuestion::Learned,
        TeamQuestion::ViewOfClient,
        TeamQuestion::Alliance,
        TeamQuestion::Process,
        TeamQuestion::Structural,
    ];

    /// The question in the seed's words.
    pub fn label(self) -> &'static str {
        match self {
            TeamQuestion::Learned => "Wat leren we uit de dialoog met cliënten?",
            TeamQuestion::ViewOfClient => "Hoe beïnvloedt het gesprek jouw kijk op de cliënt?",
            TeamQuestion::Alliance => {
                "Hoe beïnvloedt het gesprek hoe jij in de werkalliantie staat?"
            }
            TeamQuestion::Process => {
                "Zal het hulpverleningsproces er in de toekomst anders uitzien?"
            }
            TeamQuestion::Structural => {
                "Hoe zou het zijn om dit soort gesprek op structurele basis te voeren?"
            }
        }
    }

    /// Its field name in a [`Round`] (`stap3.learned`, …).
    pub fn field(self) -> &'static str {
        match self {
            TeamQuestion::Learned => "stap3.learned",
            TeamQuestion::ViewOfClient => "stap3.view_of_client",
            TeamQuestion::Alliance => "stap3.alliance",
            TeamQuestion::Process => "stap3.process",
            TeamQuestion::Structural => "stap3.structural",
        }
    }

    /// The worker's own reflection question it gathers (the fifth is the team's alone).
    pub fn reflection(self) -> Option<crate::dialogue::Question> {
        use crate::dialogue::Question;
        match self {
            TeamQuestion::Learned => Some(Question::Learned),
            TeamQuestion::ViewOfClient => Some(Question::ViewOfClient),
            TeamQuestion::Alliance => Some(Question::Alliance),
            TeamQuestion::Process => Some(Question::Process),
            TeamQuestion::Structural => None,
        }
    }
}

/// How often the team wants to hold these dialogues: the answer to the last STAP 3 question
/// that plans the next round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhythm {
    Month,
    Quarter,
    HalfYear,
    Year,
    /// Not again for now.
    None,
}

impl Rhythm {
    pub const ALL: [Rhythm; 5] = [
        Rhythm::Month,
        Rhythm::Quarter,
        Rhythm::HalfYear,
        Rhythm::Year,
        Rhythm::None,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Rhythm::Month => "maand",
            Rhythm::Quarter => "kwartaal",
            Rhythm::HalfYear => "halfjaar",
            Rhythm::Year => "jaar",
            Rhythm::None => "geen",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Rhythm> {
        Rhythm::ALL.into_iter().find(|r| r.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rhythm::Month => "Elke maand",
            Rhythm::Quarter => "Elk kwartaal",
            Rhythm::HalfYear => "Elk half jaar",
            Rhythm::Year => "Eén keer per jaar",
            Rhythm::None => "Voorlopig niet",
        }
    }

    /// Months from the start of one round to the start of the next.
    fn months(self) -> Option<u32> {
        match self {
            Rhythm::Month => Some(1),
            Rhythm::Quarter => Some(3),
            Rhythm::HalfYear => Some(6),
            Rhythm::Year => Some(12),
            Rhythm::None => None,
        }
    }
}

/// A dialoogronde. A team lead starts it and records its STAP 3 meeting; a member changes only
/// whether her own count is shown ([`crate::rules::authorship::round`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Round {
    pub id: String,
    pub title: String,
    /// The period, `YYYY-MM-DD`, both inclusive.
    pub starts_on: String,
    pub ends_on: String,
    /// What the team lead asks, in her words (a new round starts with [`INVITATION`]).
    pub invitation: String,
    /// Who takes part (user ids).
    pub participants: Vec<String>,
    /// Members who chose to show the team how many dialogues they held in the round.
    pub shown: Vec<String>,
    /// The day of the STAP 3 meeting (`YYYY-MM-DD`; empty: not planned yet).
    pub meeting_on: String,
    /// What the team concludes per STAP 3 question, in the order of [`TeamQuestion::ALL`].
    pub conclusions: Conclusions,
    /// What the team agrees (*wat spreken we af*).
    pub agreed: String,
    /// The answer to the last question as a rhythm ([`Rhythm::slug`]; empty: not chosen).
    pub rhythm: String,
    /// The round planned after this one (its id; empty: none yet).
    pub next_id: String,
    /// The leerpunten the team picked up in its STAP 3 meeting (their ids).
    pub lessons: Vec<String>,
    /// When the team lead started it (ms since the epoch). Never changes.
    #[serde(skip_serializing_if = "is_zero")]
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// The team's conclusion on each STAP 3 question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conclusions {
    pub learned: String,
    pub view_of_client: String,
    pub alliance: String,
    pub process: String,
    pub structural: String,
}

impl Conclusions {
    pub fn get(&self, q: TeamQuestion) -> &str {
        match q {
            TeamQuestion::Learned => &self.learned,
            TeamQuestion::ViewOfClient => &self.view_of_client,
            TeamQuestion::Alliance => &self.alliance,
            TeamQuestion::Process => &self.process,
            TeamQuestion::Structural => &self.structural,
        }
    }

    pub fn get_mut(&mut self, q: TeamQuestion) -> &mut String {
        match q {
            TeamQuestion::Learned => &mut self.learned,
            TeamQuestion::ViewOfClient => &mut self.view_of_client,
            TeamQuestion::Alliance => &mut self.alliance,
            TeamQuestion::Process => &mut self.process,
            TeamQuestion::Structural => &mut self.structural,
        }
    }
}

/// Where a round stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundPhase {
    /// Its period has not begun.
    Planned,
    /// Within its period: the team holds dialogues.
    Running,
    /// Its period is over; the STAP 3 meeting has no conclusions yet.
    ToDiscuss,
    /// The team recorded what it concludes or agrees.
    Discussed,
}

impl RoundPhase {
    pub fn label(self) -> &'static str {
        match self {
            RoundPhase::Planned => "Gepland",
            RoundPhase::Running => "Loopt",
            RoundPhase::ToDiscuss => "Nog bespreken",
            RoundPhase::Discussed => "Besproken",
        }
    }
}

/// The fields of a [`Round`] that merge on their own.
pub const ROUND_FIELDS: [&str; 17] = [
    "title",
    "starts_on",
    "ends_on",
    "invitation",
    "participants",
    "shown",
    "meeting_on",
    "stap3.learned",
    "stap3.view_of_client",
    "stap3.alliance",
    "stap3.process",
    "stap3.structural",
    "agreed",
    "rhythm",
    "next_id",
    "lessons",
    "deleted",
];

impl Round {
    /// A new round as a team lead starts it: the seed's invitation, the whole team taking part.
    pub fn new(id: String, starts_on: &str, ends_on: &str, team: &[String], now_ms: i64) -> Self {
        Round {
            id,
            title: String::new(),
            starts_on: starts_on.to_owned(),
            ends_on: ends_on.to_owned(),
            invitation: INVITATION.to_owned(),
            participants: team.to_vec(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            ..Round::default()
        }
    }

    /// Its title, or *Dialoogronde* when none was given.
    pub fn name(&self) -> &str {
        match self.title.trim() {
            "" => "Dialoogronde",
            t => t,
        }
    }

    pub fn phase(&self, today: &str) -> RoundPhase {
        if today < self.starts_on.as_str() {
            RoundPhase::Planned
        } else if today <= self.ends_on.as_str() {
            RoundPhase::Running
        } else if self.is_discussed() {
            RoundPhase::Discussed
        } else {
            RoundPhase::ToDiscuss
        }
    }

    /// Whether the team recorded anything of its STAP 3 meeting.
    pub fn is_discussed(&self) -> bool {
        TeamQuestion::ALL
            .iter()
            .any(|q| !self.conclusions.get(*q).trim().is_empty())
            || !self.agreed.trim().is_empty()
    }

    /// Whether a dialogue of `owner` held on `held_on` counts for this round.
    pub fn counts(&self, owner: &str, held_on: &str) -> bool {
        self.participants.iter().any(|p| p == owner)
            && held_on >= self.starts_on.as_str()
            && held_on <= self.ends_on.as_str()
    }

    /// The next round as the answer to the last STAP 3 question plans it: it starts the rhythm's
    /// months after this one started (but after this one ended), lasts as long, with the same
    /// people and invitation. `None` for *Voorlopig niet*, no rhythm or dates that do not parse.
    pub fn plan_next(&self, id: String, now_ms: i64) -> Option<Round> {
        let months = Rhythm::from_slug(&self.rhythm)?.months()?;
        let start = day_number(&self.starts_on)?;
        let end = day_number(&self.ends_on)?;
        let length = end.checked_sub(start)?;
        let mut next_start = day_number(&add_months(&self.starts_on, months)?)?;
        if next_start <= end {
            next_start = end + 1;
        }
        Some(Round {
            id,
            title: String::new(),
            starts_on: date_of(next_start),
            ends_on: date_of(next_start + length),
            invitation: self.invitation.clone(),
            participants: self.participants.clone(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            ..Round::default()
        })
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), or `None`.
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1..=9999).contains(&y) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number of [`day_number`].
pub fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The `YYYY-MM-DD` (UTC) of a moment in ms since the epoch.
pub fn date_of_ms(ms: i64) -> String {
    date_of(ms.div_euclid(86_400_000))
}

/// "1 dialoog", "3 dialogen".
pub fn dialogues_count(n: u32) -> String {
    if n == 1 {
        "1 dialoog".to_owned()
    } else {
        format!("{n} dialogen")
    }
}

/// `date` plus `months`, the day kept (or the month's last day when it has fewer).
fn add_months(date: &str, months: u32) -> Option<String> {
    let mut parts = date.splitn(3, '-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let index = y * 12 + (m - 1) + months;
    let (y, m) = (index / 12, index % 12 + 1);
    let last = (28..=31).rev().find(|d| {
        day_number(&format!("{y:04}-{m:02}-{d:02}"))
            .is_some_and(|n| date_of(n) == format!("{y:04}-{m:02}-{d:02}"))
    })?;
    Some(format!("{y:04}-{m:02}-{:02}", d.min(last)))
}

impl Record for Round {
    fn fields() -> &'static [&'static str] {
        &ROUND_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        if let Some(q) = TeamQuestion::ALL.into_iter().find(|q| q.field() == name) {
            return Some(Value::Text(self.conclusions.get(q).to_owned()));
        }
        Some(match name {
            "title" => Value::Text(self.title.clone()),
            "starts_on" => Value::Text(self.starts_on.clone()),
            "ends_on" => Value::Text(self.ends_on.clone()),
            "invitation" => Value::Text(self.invitation.clone()),
            "participants" => Value::Words(self.participants.clone()),
            "shown" => Value::Words(self.shown.clone()),
            "meeting_on" => Value::Text(self.meeting_on.clone()),
            "agreed" => Value::Text(self.agreed.clone()),
            "rhythm" => Value::Text(self.rhythm.clone()),
            "next_id" => Value::Text(self.next_id.clone()),
            "lessons" => Value::Words(self.lessons.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        if let Some(q) = TeamQuestion::ALL.into_iter().find(|q| q.field() == name) {
            return match value {
                Value::Text(v) => {
                    *self.conclusions.get_mut(q) = v;
                    true
                }
                _ => false,
            };
        }
        match (name, value) {
            ("title", Value::Text(v)) => self.title = v,
            ("starts_on", Value::Text(v)) => self.starts_on = v,
            ("ends_on", Value::Text(v)) => self.ends_on = v,
            ("invitation", Value::Text(v)) => self.invitation = v,
            ("participants", Value::Words(v)) => self.participants = v,
            ("shown", Value::Words(v)) => self.shown = v,
            ("meeting_on", Value::Text(v)) => self.meeting_on = v,
            ("agreed", Value::Text(v)) => self.agreed = v,
            ("rhythm", Value::Text(v)) => self.rhythm = v,
            ("next_id", Value::Text(v)) => self.next_id = v,
            ("lessons", Value::Words(v)) => self.lessons = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

/// How far the team is in a round, counted for the team — never a ranking. Only members who
/// chose to show theirs ([`Round::shown`]) are named with their count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundProgress {
    /// Dialogues held in the period by those taking part.
    pub held: u32,
    /// Of those, how many the client agreed to share with the team.
    pub shared: u32,
    /// How many of those taking part held at least one.
    pub with_dialogue: u32,
    /// How many take part.
    pub participants: u32,
    /// (name, dialogues held) of those who chose to show theirs, by name.
    pub shown: Vec<(String, u32)>,
}

/// One dialogue as a round counts it.
pub struct RoundDialogue<'a> {
    pub owner: &'a str,
    pub held_on: &'a str,
    pub shared: bool,
}

/// The progress of `round` over `dialogues` (any of the team; deleted ones left out by the
/// caller); `name` gives a member's name for the shown counts.
pub fn progress<'a>(
    round: &Round,
    dialogues: impl IntoIterator<Item = RoundDialogue<'a>>,
    name: impl Fn(&str) -> Option<String>,
) -> RoundProgress {
    let mut per: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    let mut out = RoundProgress {
        participants: round.participants.len() as u32,
        ..RoundProgress::default()
    };
    for d in dialogues {
        if round.counts(d.owner, d.held_on) {
            out.held += 1;
            out.shared += u32::from(d.shared);
            *per.entry(d.owner).or_default() += 1;
        }
    }
    out.with_dialogue = per.len() as u32;
    let mut shown: Vec<(String, u32)> = round
        .shown
        .iter()
        .filter(|u| round.participants.contains(u))
        .filter_map(|u| Some((name(u)?, per.get(u.as_str()).copied().unwrap_or(0))))
        .collect();
    shown.sort();
    out.shown = shown;
    out
}

fn day(iso: &str) -> String {
    // `YYYY-MM-DD` as `DD-MM-YYYY`, as Dutch paper reads it.
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_owned(),
    }
}

/// The blocks of a round's STAP 3 record ([`record_pdf`]).
pub fn record_blocks(
    team_name: &str,
    round: &Round,
    progress: Option<&RoundProgress>,
    lessons: &[String],
) -> Vec<Block> {
    let mut out = vec![
        Block::Title(format!("Teamoverleg: {}", round.name())),
        Block::Note(format!(
            "{team_name} · dialoogronde van {} tot en met {}",
            day(&round.starts_on),
            day(&round.ends_on)
        )),
    ];
    if !round.meeting_on.is_empty() {
        out.push(Block::Note(format!(
            "Besproken op {}",
            day(&round.meeting_on)
        )));
    }
    out.push(Block::Heading("De uitnodiging".into()));
    out.push(Block::Text(round.invitation.clone()));
    if let Some(progress) = progress {
        out.push(Block::Heading("Hoe ver kwam het team?".into()));
        out.push(Block::Item(format!(
            "{} gevoerd, {} gedeeld met het team.",
            dialogues_count(progress.held),
            progress.shared
        )));
        out.push(Block::Item(format!(
            "{} van de {} collega's {} er een.",
            progress.with_dialogue,
            progress.participants,
            if progress.with_dialogue == 1 {
                "voerde"
            } else {
                "voerden"
            }
        )));
    }
    for q in TeamQuestion::ALL {
        out.push(Block::Heading(q.label().into()));
        let text = round.conclusions.get(q).trim();
        out.push(if text.is_empty() {
            Block::Note("Niets opgeschreven.".into())
        } else {
            Block::Text(text.to_owned())
        });
    }
    if let Some(rhythm) = Rhythm::from_slug(&round.rhythm) {
        out.push(Block::Item(format!("Hoe vaak: {}", rhythm.label())));
    }
    if !lessons.is_empty() {
        out.push(Block::Heading("Leerpunten die we bespraken".into()));
        out.extend(lessons.iter().map(|l| Block::Item(l.clone())));
    }
    out.push(Block::Heading("Wat spreken we af?".into()));
    out.push(if round.agreed.trim().is_empty() {
        Block::Note("Niets opgeschreven.".into())
    } else {
        Block::Text(round.agreed.trim().to_owned())
    });
    out
}

/// The STAP 3 record of a round as PDF bytes: the team's own words — the period, the
/// invitation, how far the team came (when known), the conclusions per question, what it agrees
/// and how often, and what it learned from the leerpunten it picked up (never who wrote them).
/// No client data: what workers shared stays on the screen. Made on the device, so it prints
/// offline too.
pub fn record_pdf(
    team_name: &str,
    round: &Round,
    progress: Option<&RoundProgress>,
    lessons: &[String],
) -> Vec<u8> {
    crate::pdf::document(
        &format!("Teamoverleg {}", round.name()),
        &record_blocks(team_name, round, progress, lessons),
    )
}

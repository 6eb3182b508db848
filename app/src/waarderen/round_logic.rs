//! What the screens of a dialoogronde (issue 19) decide, as plain functions: the start screen's
//! line, *Hoe ver is het team?*, the worker's own count, the lead's form, showing one's count,
//! and what the STAP 3 meeting puts beside each question. No Leptos, no browser; tested natively
//! in `tests/it/rounds.rs`.

use werkzaam_domain::rules::validate::{self, Invalid};
use werkzaam_domain::team::{
    dialogues_count, Round, RoundPhase, RoundProgress, TeamData, TeamQuestion,
};

use crate::state::{ListedDialogue, RoundNotice};

/// Where the device keeps, per user, how far the team was in a round when last heard (counts
/// and the names of those who show theirs: no client data).
pub fn round_progress_key(user_id: &str) -> String {
    format!("werkzaam.ronde.{user_id}")
}

/// A round's progress as last heard from the server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KnownProgress {
    pub round_id: String,
    /// When it was heard (ms since the epoch).
    pub at_ms: i64,
    pub progress: RoundProgress,
}

/// How many dialogues on this device (the worker's own, not deleted) count for `round`.
pub fn own_count(round: &Round, dialogues: &[ListedDialogue]) -> u32 {
    dialogues
        .iter()
        .filter(|l| !l.record.deleted)
        .filter(|l| l.record.held_on >= round.starts_on && l.record.held_on <= round.ends_on)
        .count() as u32
}

/// "Van 1 december tot en met 31 december 2026" in the words of [`crate::ui::words::date_nl`].
pub fn period_nl(round: &Round) -> String {
    format!(
        "Van {} tot en met {}",
        crate::ui::words::date_nl(&round.starts_on),
        crate::ui::words::date_nl(&round.ends_on)
    )
}

/// The lines of *Hoe ver is het team?*: counted for the team, never per worker (those who chose
/// to show their count are listed after, by name).
pub fn progress_lines(p: &RoundProgress) -> Vec<String> {
    let mut out = vec![
        format!("Het team voerde {}.", dialogues_count(p.held)),
        format!(
            "{} van de {} {} al een dialoog.",
            p.with_dialogue,
            p.participants,
            match (p.participants, p.with_dialogue) {
                (1, _) => "collega voerde",
                (_, 1) => "collega's voerde",
                _ => "collega's voerden",
            }
        ),
    ];
    if p.held > 0 {
        out.push(format!("{} gedeeld met het team.", p.shared));
    }
    out
}

/// The start screen's line about the round that matters `today`, with the team's progress when
/// known and the worker's own count (only for her to see).
pub fn round_notice(
    team: &TeamData,
    today: &str,
    known: Option<&KnownProgress>,
    dialogues: &[ListedDialogue],
) -> Option<RoundNotice> {
    let round = team.current_round(today)?;
    let line = match round.phase(today) {
        RoundPhase::Planned => {
            format!("Begint op {}.", crate::ui::words::date_nl(&round.starts_on))
        }
        RoundPhase::Running => {
            let mut line = format!("Tot en met {}.", crate::ui::words::date_nl(&round.ends_on));
            if let Some(k) = known.filter(|k| k.round_id == round.id) {
                line.push_str(&format!(" Het team: {}.", dialogues_count(k.progress.held)));
            }
            line.push_str(&format!(
                " Jij: {}.",
                dialogues_count(own_count(round, dialogues))
            ));
            line
        }
        RoundPhase::ToDiscuss | RoundPhase::Discussed => {
            "De ronde is klaar. Nu het teamoverleg: wat leren we ervan?".to_owned()
        }
    };
    Some(RoundNotice {
        id: round.id.clone(),
        title: round.name().to_owned(),
        line,
    })
}

/// What a team lead fills in for a round: a new one, or one she changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundFields {
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub invitation: String,
    pub participants: Vec<String>,
}

impl RoundFields {
    /// The fields of a round as it is, to change them.
    pub fn of(round: &Round) -> Self {
        RoundFields {
            title: round.title.clone(),
            starts_on: round.starts_on.clone(),
            ends_on: round.ends_on.clone(),
            invitation: round.invitation.clone(),
            participants: round.participants.clone(),
        }
    }

    /// The round it makes, or what is wrong (in Dutch).
    pub fn to_round(&self, id: String, now_ms: i64) -> Result<Round, Invalid> {
        self.apply(&Round::new(id, "", "", &[], now_ms))
    }

    /// `round` with these fields and everything else (what the team concluded, who shows her
    /// count) as it was; or what is wrong, and `round` stays as it is.
    pub fn apply(&self, round: &Round) -> Result<Round, Invalid> {
        let mut out = round.clone();
        out.title = self.title.trim().to_owned();
        out.starts_on = self.starts_on.clone();
        out.ends_on = self.ends_on.clone();
        out.invitation = self.invitation.trim().to_owned();
        out.participants = self.participants.clone();
        validate::round(&out)?;
        Ok(out)
    }
}

/// `round` with `user` shown or not in [`Round::shown`].
pub fn with_shown(round: &Round, user: &str, show: bool) -> Round {
    let mut out = round.clone();
    out.shown.retain(|u| u != user);
    if show {
        out.shown.push(user.to_owned());
    }
    out
}

/// The reflections colleagues shared on the worker's question that `question` gathers, from the
/// agenda of the round's period: (client, day, text).
pub fn shared_reflections(
    agenda: &werkzaam_domain::review::Agenda,
    question: TeamQuestion,
) -> Vec<&(String, String, String)> {
    let Some(label) = question.reflection().map(|q| q.label()) else {
        return Vec::new();
    };
    agenda
        .reflections
        .iter()
        .filter(|r| r.question == label)
        .flat_map(|r| r.answers.iter())
        .collect()
}

/// The words clients used in the shared dialogues of the agenda (*Cliënt: wat gaat goed*), each
/// counted once per dialogue, most heard first.
pub fn client_words(agenda: &werkzaam_domain::review::Agenda, max: usize) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for d in &agenda.dialogues {
        let mut seen: Vec<String> = Vec::new();
        for part in d
            .parts
            .iter()
            .filter(|p| p.label.starts_with("Cliënt: wat gaat goed"))
        {
            for word in &part.keywords {
                let key = word.trim().to_lowercase();
                if !key.is_empty() && !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        for key in seen {
            match counts.iter_mut().find(|(w, _)| *w == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(max);
    counts
}

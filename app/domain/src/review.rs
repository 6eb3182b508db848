//! The team lead's review (issue 6): the alerts on a client's scales (a drop, a low score, and
//! client and worker far apart — the *divergence* no FIT tool shows), the trend over dialogues,
//! the keywords the team hears most, the team's dialogues per month, and de-identification
//! for exports. Pure functions over dialogues **as the team may see them** (the output of
//! [`crate::rules::consent::shared_view`]): what consent does not cover is not there to count.
//!
//! Over 600 lines: one set of rules over one input (the shared dialogues), whose parts share
//! their helpers (scores per scale, the pseudonyms); it splits per view (alerts, trend, agenda)
//! when issue 19 adds the STAP 3 meeting's rules here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dialogue::{Dialogue, Mirror, PartKey, Question, Scale, ScaleSet};
use crate::rules::vocabulary::normalize;

/// When an alert is raised; a setting per team with these defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The client's score fell this many points or more since the dialogue before.
    pub drop: u8,
    /// Any score this low or lower.
    pub low: u8,
    /// Client and worker this many points or more apart on one item.
    pub divergence: u8,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            drop: 2,
            low: 4,
            divergence: 3,
        }
    }
}

impl Thresholds {
    /// Refuses settings that make no sense on a scale of 0 to 10 (with a Dutch message).
    pub fn check(&self) -> Result<(), String> {
        if !(1..=10).contains(&self.drop) || !(1..=10).contains(&self.divergence) {
            return Err("Een daling en een verschil zijn 1 tot 10 punten.".into());
        }
        if self.low > 9 {
            return Err("Een lage score is 0 tot 9.".into());
        }
        Ok(())
    }
}

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// The client's score fell by `drop` or more since the dialogue before.
    Drop,
    /// A score of `low` or lower (client or worker).
    Low,
    /// Client and worker `divergence` or more points apart.
    Divergence,
    /// The client's score rose by `drop` or more since the dialogue before: what improves is a
    /// signal too (issue 19, *successen vieren*).
    Rise,
}

/// One alert on one dialogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub client_code: String,
    pub dialogue_id: String,
    pub held_on: String,
    /// The scale's slug ([`Scale::slug`]).
    pub scale: String,
    /// Whose score: the client's, or for `Low` possibly the worker's.
    pub side: String,
    /// The score now.
    pub score: u8,
    /// The score it is compared with: the client's before (`Drop`), the worker's
    /// (`Divergence`), or the threshold (`Low`).
    pub other: u8,
}

fn scale_label(slug: &str) -> &'static str {
    Scale::ALL
        .into_iter()
        .find(|s| s.slug() == slug)
        .map_or("", Scale::label)
}

impl Alert {
    /// What the team lead reads.
    pub fn message(&self) -> String {
        let scale = scale_label(&self.scale);
        match self.kind {
            AlertKind::Drop => format!(
                "‘{scale}’: de cliënt gaf {} en nu {} (−{}).",
                self.other,
                self.score,
                self.other.saturating_sub(self.score)
            ),
            AlertKind::Low => format!(
                "‘{scale}’: {} gaf een {}.",
                if self.side == "worker" {
                    "de hulpverlener"
                } else {
                    "de cliënt"
                },
                self.score
            ),
            AlertKind::Divergence => format!(
                "‘{scale}’: cliënt {} en hulpverlener {} liggen ver uit elkaar.",
                self.score, self.other
            ),
            AlertKind::Rise => format!(
                "‘{scale}’: de cliënt gaf {} en nu {} (+{}).",
                self.other,
                self.score,
                self.score.saturating_sub(self.other)
            ),
        }
    }

    /// A short name for the kind.
    pub fn title(&self) -> &'static str {
        match self.kind {
            AlertKind::Drop => "Daling",
            AlertKind::Low => "Lage score",
            AlertKind::Divergence => "Verschil cliënt en hulpverlener",
            AlertKind::Rise => "Beter",
        }
    }
}

/// Oldest first, then by id: the order of a client's dialogues over time.
fn in_time_order<'a>(dialogues: impl IntoIterator<Item = &'a Dialogue>) -> Vec<&'a Dialogue> {
    let mut out: Vec<&Dialogue> = dialogues.into_iter().collect();
    out.sort_by_cached_key(|d| format!("{}\u{0}{:020}{}", d.held_on, d.updated_at_ms.max(0), d.id));
    out
}

/// The alerts on `dialogues` (any clients, any order), per client in time order. A drop compares
/// the client's score with the latest earlier dialogue of the same client that has that score;
/// a missing score raises nothing.
pub fn alerts(dialogues: &[Dialogue], t: &Thresholds) -> Vec<Alert> {
    let mut by_client: BTreeMap<&str, Vec<&Dialogue>> = BTreeMap::new();
    for d in dialogues {
        by_client.entry(&d.client_code).or_default().push(d);
    }
    let mut out = Vec::new();
    for (code, list) in by_client {
        let mut before: BTreeMap<&str, u8> = BTreeMap::new();
        for d in in_time_order(list) {
            let alert = |kind, scale: Scale, side: &str, score, other| Alert {
                kind,
                client_code: code.to_owned(),
                dialogue_id: d.id.clone(),
                held_on: d.held_on.clone(),
                scale: scale.slug().to_owned(),
                side: side.to_owned(),
                score,
                other,
            };
            for scale in Scale::ALL {
                let client = d.scales.client.get(scale);
                let worker = d.scales.worker.get(scale);
                if let (Some(now), Some(was)) = (client, before.get(scale.slug())) {
                    if *was >= now.saturating_add(t.drop) {
                        out.push(alert(AlertKind::Drop, scale, "client", now, *was));
                    } else if now >= was.saturating_add(t.drop) {
                        out.push(alert(AlertKind::Rise, scale, "client", now, *was));
                    }
                }
                for (side, score) in [("client", client), ("worker", worker)] {
                    if let Some(score) = score.filter(|s| *s <= t.low) {
                        out.push(alert(AlertKind::Low, scale, side, score, t.low));
                    }
                }
                if let (Some(c), Some(w)) = (client, worker) {
                    if c.abs_diff(w) >= t.divergence {
                        out.push(alert(AlertKind::Divergence, scale, "client", c, w));
                    }
                }
                if let Some(now) = client {
                    before.insert(scale.slug(), now);
                }
            }
        }
    }
    out
}

/// One dialogue on a client's trend line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub dialogue_id: String,
    pub held_on: String,
    pub client: ScaleSet,
    pub worker: ScaleSet,
}

/// A client's scales over their dialogues, oldest first (dialogues without any score left out).
pub fn trend(dialogues: &[&Dialogue]) -> Vec<TrendPoint> {
    in_time_order(dialogues.iter().copied())
        .into_iter()
        .filter(|d| {
            Scale::ALL
                .into_iter()
                .any(|s| d.scales.client.get(s).is_some() || d.scales.worker.get(s).is_some())
        })
        .map(|d| TrendPoint {
            dialogue_id: d.id.clone(),
            held_on: d.held_on.clone(),
            client: d.scales.client.clone(),
            worker: d.scales.worker.clone(),
        })
        .collect()
}

/// The attitude mirror (seed 003) of a client's dialogues over time, oldest first, with the day
/// it was held; dialogues without a mirror answer left out.
pub fn mirror_trend(dialogues: &[&Dialogue]) -> Vec<(String, Mirror)> {
    in_time_order(dialogues.iter().copied())
        .into_iter()
        .filter(|d| !d.mirror.client.is_empty() || !d.mirror.worker.is_empty())
        .map(|d| (d.held_on.clone(), d.mirror.clone()))
        .collect()
}

/// The keywords of one part across dialogues, as the team hears them: compared normalised, a
/// dialogue counts a word once; most heard first, then alphabetically.
pub fn keyword_counts(dialogues: &[&Dialogue], key: PartKey) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in dialogues {
        let mut seen: Vec<String> = Vec::new();
        for k in &d.part(key).keywords {
            let word = normalize(k);
            if !word.is_empty() && !seen.contains(&word) {
                *counts.entry(word.clone()).or_default() += 1;
                seen.push(word);
            }
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by_cached_key(|(w, n)| (usize::MAX - n, w.clone()));
    out
}

/// How many dialogues the team held per month (`YYYY-MM`), oldest first: whether the dialogue
/// becomes structural, as STAP 3 asks. Counted for the team, never per worker (issue 19: trust
/// by design — a worker's own count is hers to show, in a dialoogronde). Input: held_on per
/// dialogue.
pub fn per_month<'a>(held: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for day in held {
        if day.len() < 7 {
            continue;
        }
        *out.entry(day[..7].to_owned()).or_default() += 1;
    }
    out.into_iter().collect()
}

/// One reflection answer, for reading grouped per question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionAnswer {
    pub dialogue_id: String,
    pub client_code: String,
    pub held_on: String,
    pub text: String,
}

/// The STAP 3 reflections of `dialogues` held on or after `since` (`YYYY-MM-DD`, empty: all),
/// grouped per question in the order of the form, newest first; empty answers left out.
pub fn reflections(dialogues: &[&Dialogue], since: &str) -> Vec<(Question, Vec<ReflectionAnswer>)> {
    let mut recent: Vec<&Dialogue> = in_time_order(dialogues.iter().copied())
        .into_iter()
        .filter(|d| d.held_on.as_str() >= since)
        .collect();
    recent.reverse();
    Question::ALL
        .into_iter()
        .map(|q| {
            let answers = recent
                .iter()
                .filter(|d| !d.reflection.get(q).trim().is_empty())
                .map(|d| ReflectionAnswer {
                    dialogue_id: d.id.clone(),
                    client_code: d.client_code.clone(),
                    held_on: d.held_on.clone(),
                    text: d.reflection.get(q).trim().to_owned(),
                })
                .collect();
            (q, answers)
        })
        .collect()
}

/// Client codes replaced for a de-identified export: `Cliënt A`, `Cliënt B`, … in the order
/// given (`Cliënt AA` after `Cliënt Z`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pseudonyms {
    map: BTreeMap<String, String>,
}

impl Pseudonyms {
    pub fn new<'a>(codes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut map = BTreeMap::new();
        for code in codes {
            if !map.contains_key(code) {
                let n = map.len();
                map.insert(code.to_owned(), format!("Cliënt {}", letters(n)));
            }
        }
        Pseudonyms { map }
    }

    /// The pseudonym of `code` (or `Cliënt ?` for one not given).
    pub fn of(&self, code: &str) -> String {
        self.map
            .get(code)
            .cloned()
            .unwrap_or_else(|| "Cliënt ?".to_owned())
    }

    /// Free text made fit for a de-identified export: every client code replaced by its
    /// pseudonym, and what looks like a name, address, date of birth, number or e-mail address
    /// replaced by a flag such as `[mogelijk een naam]`.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // Longest codes first, so a code that contains another is replaced whole.
        let mut codes: Vec<(&String, &String)> = self.map.iter().collect();
        codes.sort_by_cached_key(|(c, _)| usize::MAX - c.len());
        for (code, alias) in codes {
            out = out.replace(code.as_str(), alias);
        }
        for w in crate::rules::privacy::warnings(&out) {
            let flag = match w.kind {
                crate::rules::privacy::Kind::Name => "[mogelijk een naam]",
                crate::rules::privacy::Kind::Address => "[mogelijk een adres]",
                crate::rules::privacy::Kind::BirthDate => "[mogelijk een geboortedatum]",
                crate::rules::privacy::Kind::Number => "[mogelijk een nummer]",
                crate::rules::privacy::Kind::Email => "[mogelijk een e-mailadres]",
            };
            out = out.replace(&w.excerpt, flag);
        }
        out
    }
}

fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One shared dialogue on the meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDialogue {
    pub dialogue_id: String,
    /// The client code, or its pseudonym in a de-identified agenda.
    pub client: String,
    pub worker_name: String,
    pub held_on: String,
    /// Keywords and text per part, in the order of [`Dialogue::every_part`] (empty when
    /// consent does not cover the answers).
    pub parts: Vec<AgendaPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaPart {
    /// "Cliënt: wat gaat goed", …
    pub label: String,
    pub keywords: Vec<String>,
    pub text: String,
}

/// An open action of the team (issue 5) on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaAction {
    pub what: String,
    pub owners: Vec<String>,
    pub due: String,
    pub status: String,
    pub overdue: bool,
}

/// The agenda of a team meeting (STAP 3) for a period: the shared dialogues, the alerts, the
/// reflections and the open actions. What the page shows and what the CSV and PDF carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub team_name: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// Client codes replaced by pseudonyms, free text with names flagged.
    pub deidentified: bool,
    pub dialogues: Vec<AgendaDialogue>,
    pub alerts: Vec<AgendaAlert>,
    pub reflections: Vec<AgendaReflections>,
    pub actions: Vec<AgendaAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaAlert {
    pub client: String,
    pub held_on: String,
    pub title: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaReflections {
    pub question: String,
    /// (client, held_on, text)
    pub answers: Vec<(String, String, String)>,
}

/// What goes into an agenda: the shared dialogues (as the team may see them) with their
/// worker's name, the team's actions, names for user ids, and today.
pub struct AgendaInput<'a> {
    pub team_name: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub deidentify: bool,
    pub thresholds: Thresholds,
    pub dialogues: &'a [(Dialogue, String)],
    pub actions: &'a [crate::team::Action],
    pub name: &'a dyn Fn(&str) -> String,
    pub today: &'a str,
}

fn part_label(key: PartKey) -> String {
    let who = match key.side {
        crate::dialogue::Side::Client => "Cliënt",
        crate::dialogue::Side::Worker => "Hulpverlener",
    };
    let what = match key.aspect {
        crate::dialogue::Aspect::Good => "wat gaat goed",
        crate::dialogue::Aspect::Better => "wat kan beter",
    };
    format!("{who}: {what}")
}

/// "Cliënt: wat gaat goed", …, "Ouder: wat kan beter" for a participant of a family dialogue.
fn part_at_label(d: &Dialogue, at: crate::dialogue::PartAt) -> String {
    match at.place() {
        crate::dialogue::family::Place::Main(key) => part_label(key),
        crate::dialogue::family::Place::Other(slot) => {
            let what = match at.aspect {
                crate::dialogue::Aspect::Good => "wat gaat goed",
                crate::dialogue::Aspect::Better => "wat kan beter",
            };
            format!("{}: {what}", d.other_name(slot))
        }
    }
}

/// Builds the agenda of `input.from ..= input.to`. Alerts look at each client's whole history
/// (a drop needs the dialogue before) but only those raised in the period are listed.
pub fn agenda(input: &AgendaInput<'_>) -> Agenda {
    let in_period = |day: &str| day >= input.from && day <= input.to;
    let mut listed: Vec<&(Dialogue, String)> = input
        .dialogues
        .iter()
        .filter(|(d, _)| in_period(&d.held_on))
        .collect();
    listed.sort_by_cached_key(|(d, _)| format!("{}\u{0}{}", d.held_on, d.id));
    let pseudonyms = Pseudonyms::new(listed.iter().map(|(d, _)| d.client_code.as_str()));
    let client = |code: &str| {
        if input.deidentify {
            pseudonyms.of(code)
        } else {
            code.to_owned()
        }
    };
    let free = |text: &str| {
        if input.deidentify {
            pseudonyms.text(text)
        } else {
            text.to_owned()
        }
    };
    let dialogues = listed
        .iter()
        .map(|(d, worker)| AgendaDialogue {
            dialogue_id: if input.deidentify {
                String::new()
            } else {
                d.id.clone()
            },
            client: client(&d.client_code),
            worker_name: worker.clone(),
            held_on: d.held_on.clone(),
            parts: d
                .every_part()
                .map(|(at, part)| AgendaPart {
                    label: part_at_label(d, at),
                    keywords: part.keywords.iter().map(|k| free(k)).collect(),
                    text: free(&part.text),
                })
                .collect(),
        })
        .collect();
    let all: Vec<Dialogue> = input.dialogues.iter().map(|(d, _)| d.clone()).collect();
    let mut raised: Vec<Alert> = alerts(&all, &input.thresholds)
        .into_iter()
        .filter(|a| in_period(&a.held_on))
        .collect();
    raised.sort_by_cached_key(|a| format!("{}\u{0}{}", a.held_on, a.client_code));
    let alerts = raised
        .iter()
        .map(|a| AgendaAlert {
            client: client(&a.client_code),
            held_on: a.held_on.clone(),
            title: a.title().to_owned(),
            message: a.message(),
        })
        .collect();
    let shown: Vec<&Dialogue> = listed.iter().map(|(d, _)| d).collect();
    let reflections = reflections(&shown, input.from)
        .into_iter()
        .map(|(q, answers)| AgendaReflections {
            question: q.label().to_owned(),
            answers: answers
                .into_iter()
                .map(|r| (client(&r.client_code), r.held_on, free(&r.text)))
                .collect(),
        })
        .collect();
    let mut open: Vec<&crate::team::Action> = input
        .actions
        .iter()
        .filter(|a| !a.deleted && a.status != crate::team::ActionStatus::Klaar)
        .collect();
    open.sort_by_cached_key(|a| format!("{}{}\u{0}{}", u8::from(a.due.is_empty()), a.due, a.id));
    let actions = open
        .into_iter()
        .map(|a| AgendaAction {
            what: free(&a.what),
            owners: a.owners.iter().map(|o| (input.name)(o)).collect(),
            due: a.due.clone(),
            status: a.status.label().to_owned(),
            overdue: a.overdue(input.today),
        })
        .collect();
    Agenda {
        team_name: input.team_name.to_owned(),
        from: input.from.to_owned(),
        to: input.to.to_owned(),
        deidentified: input.deidentify,
        dialogues,
        alerts,
        reflections,
        actions,
    }
}

/// A dialogue of a client, as the trend page links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDialogueRef {
    pub dialogue_id: String,
    pub held_on: String,
    pub worker_name: String,
}

/// One client's trend and alerts, for the team lead (only shared dialogues).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientReview {
    pub client_code: String,
    pub points: Vec<TrendPoint>,
    /// Newest first.
    pub alerts: Vec<Alert>,
    pub dialogues: Vec<ClientDialogueRef>,
    pub thresholds: Thresholds,
}

/// The keywords of one part, most heard first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordList {
    pub label: String,
    pub words: Vec<(String, usize)>,
}

/// What the team learns since a day: reflections per question, the keywords heard most (client
/// and worker apart) and the team's shared dialogues per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamLearning {
    pub since: String,
    pub reflections: Vec<AgendaReflections>,
    pub keywords: Vec<KeywordList>,
    /// (`YYYY-MM`, shared dialogues of the team), oldest first.
    pub per_month: Vec<(String, usize)>,
}

/// Builds [`TeamLearning`] from the shared dialogues (with their worker's name).
pub fn learning(dialogues: &[(Dialogue, String)], since: &str) -> TeamLearning {
    let recent: Vec<&Dialogue> = dialogues
        .iter()
        .map(|(d, _)| d)
        .filter(|d| d.held_on.as_str() >= since)
        .collect();
    let months = per_month(recent.iter().map(|d| d.held_on.as_str()));
    TeamLearning {
        since: since.to_owned(),
        reflections: reflections(&recent, since)
            .into_iter()
            .map(|(q, answers)| AgendaReflections {
                question: q.label().to_owned(),
                answers: answers
                    .into_iter()
                    .map(|r| (r.client_code, r.held_on, r.text))
                    .collect(),
            })
            .collect(),
        keywords: PartKey::ALL
            .into_iter()
            .map(|key| KeywordList {
                label: part_label(key),
                words: keyword_counts(&recent, key).into_iter().take(15).collect(),
            })
            .collect(),
        per_month: months,
    }
}

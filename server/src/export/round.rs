//! A dialoogronde's STAP 3 meeting as a PDF (issue 19): the team's own record — the period,
//! the invitation, how far the team came, what it concludes per question, what it agrees and
//! how often it wants to do this. No client data: what workers shared stays on the screen.

use werkzaam_domain::pdf::{self, Block};
use werkzaam_domain::team::{Rhythm, Round, RoundProgress, TeamQuestion};

fn day(iso: &str) -> String {
    // `YYYY-MM-DD` as `DD-MM-YYYY`, as Dutch paper reads it.
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_owned(),
    }
}

/// The blocks of the record.
pub fn round_blocks(team_name: &str, round: &Round, progress: &RoundProgress) -> Vec<Block> {
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
    out.push(Block::Heading("Hoe ver kwam het team?".into()));
    let held = match progress.held {
        1 => "1 dialoog".to_owned(),
        n => format!("{n} dialogen"),
    };
    out.push(Block::Item(format!(
        "{held} gevoerd, {} gedeeld met het team.",
        progress.shared
    )));
    out.push(Block::Item(format!(
        "{} van {} collega's voerden er een.",
        progress.with_dialogue, progress.participants
    )));
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
    out.push(Block::Heading("Wat spreken we af?".into()));
    out.push(if round.agreed.trim().is_empty() {
        Block::Note("Niets opgeschreven.".into())
    } else {
        Block::Text(round.agreed.trim().to_owned())
    });
    out
}

/// The record as PDF bytes.
pub fn round_pdf(team_name: &str, round: &Round, progress: &RoundProgress) -> Vec<u8> {
    pdf::document(
        &format!("Teamoverleg {}", round.name()),
        &round_blocks(team_name, round, progress),
    )
}

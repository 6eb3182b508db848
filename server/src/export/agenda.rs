//! The meeting's agenda as a file: CSV for a spreadsheet, PDF to print or share.

use werkzaam_domain::review::{Agenda, AgendaPart};

use werkzaam_domain::pdf::{self, Block};

/// A part of a dialogue on one line: its keywords, then its text; `None` when it is empty.
fn part_text(p: &AgendaPart) -> Option<String> {
    if p.keywords.is_empty() && p.text.trim().is_empty() {
        return None;
    }
    let mut text = p.keywords.join(", ");
    if !p.text.trim().is_empty() {
        if !text.is_empty() {
            text.push_str(" — ");
        }
        text.push_str(p.text.trim());
    }
    Some(text)
}

/// The agenda as CSV (`;`, with a byte-order mark): one row per dialogue part, alert,
/// reflection and action.
pub fn agenda_to_csv(agenda: &Agenda) -> String {
    let mut rows: Vec<[String; 6]> = vec![[
        "onderdeel".into(),
        "cliënt".into(),
        "datum".into(),
        "wie".into(),
        "vraag of soort".into(),
        "tekst".into(),
    ]];
    for d in &agenda.dialogues {
        for p in &d.parts {
            let Some(text) = part_text(p) else { continue };
            rows.push([
                "dialoog".into(),
                d.client.clone(),
                d.held_on.clone(),
                d.worker_name.clone(),
                p.label.clone(),
                text,
            ]);
        }
    }
    for a in &agenda.alerts {
        rows.push([
            "signaal".into(),
            a.client.clone(),
            a.held_on.clone(),
            String::new(),
            a.title.clone(),
            a.message.clone(),
        ]);
    }
    for r in &agenda.reflections {
        for (client, day, text) in &r.answers {
            rows.push([
                "reflectie".into(),
                client.clone(),
                day.clone(),
                String::new(),
                r.question.clone(),
                text.clone(),
            ]);
        }
    }
    for a in &agenda.actions {
        rows.push([
            "actie".into(),
            String::new(),
            a.due.clone(),
            a.owners.join(", "),
            if a.overdue {
                format!("{} (te laat)", a.status)
            } else {
                a.status.clone()
            },
            a.what.clone(),
        ]);
    }
    werkzaam_domain::csv::document(rows)
}

/// The agenda as a PDF: the same content as the printable page.
pub fn agenda_to_pdf(agenda: &Agenda) -> Vec<u8> {
    let title = format!(
        "Teamoverleg {} — {} tot en met {}",
        agenda.team_name, agenda.from, agenda.to
    );
    let mut blocks = vec![Block::Title(title.clone())];
    if agenda.deidentified {
        blocks.push(Block::Note(
            "Cliënten als A, B, C: zonder cliëntcodes, en wat op een naam lijkt is weggelaten. Het blijft vertrouwelijk."
                .into(),
        ));
    }
    blocks.push(Block::Heading(format!(
        "Signalen ({})",
        agenda.alerts.len()
    )));
    if agenda.alerts.is_empty() {
        blocks.push(Block::Note("Geen signalen in deze periode.".into()));
    }
    for a in &agenda.alerts {
        blocks.push(Block::Item(format!(
            "{} · {} · {}: {}",
            a.client, a.held_on, a.title, a.message
        )));
    }
    blocks.push(Block::Heading(format!(
        "Gedeelde dialogen ({})",
        agenda.dialogues.len()
    )));
    for d in &agenda.dialogues {
        blocks.push(Block::Text(format!(
            "{} — {} — {}",
            d.client, d.held_on, d.worker_name
        )));
        for p in &d.parts {
            let Some(text) = part_text(p) else { continue };
            blocks.push(Block::Item(format!("{}: {text}", p.label)));
        }
        blocks.push(Block::Space);
    }
    blocks.push(Block::Heading("Reflecties (STAP 3)".into()));
    for r in &agenda.reflections {
        blocks.push(Block::Text(r.question.clone()));
        if r.answers.is_empty() {
            blocks.push(Block::Note("(nog niets)".into()));
        }
        for (client, day, text) in &r.answers {
            blocks.push(Block::Item(format!("{client} · {day}: {text}")));
        }
    }
    blocks.push(Block::Heading(format!(
        "Open acties ({})",
        agenda.actions.len()
    )));
    for a in &agenda.actions {
        let due = if a.due.is_empty() {
            "geen datum".to_owned()
        } else {
            a.due.clone()
        };
        let late = if a.overdue { " — te laat" } else { "" };
        blocks.push(Block::Item(format!(
            "{} — {} — {due} — {}{late}",
            a.what,
            a.owners.join(", "),
            a.status
        )));
    }
    pdf::document(&title, &blocks)
}

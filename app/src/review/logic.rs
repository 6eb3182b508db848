//! What the team lead's screens (issue 6) decide, as plain functions: the filter over the shared
//! dialogues, and the read-only parts built as escaped HTML (alerts, the list, a client's page,
//! what the team learns, the agenda). No Leptos, no browser; tested natively in `tests/it`.

use werkzaam_domain::review::{Agenda, Alert, ClientReview, TeamLearning};
use werkzaam_domain::rules::consent;
use werkzaam_domain::rules::vocabulary::Counted;
use werkzaam_protocol::team::TeamDialogue;

use crate::ui::words::date_nl;
use crate::waarderen::logic::elements_chart_svg;
use werkzaam_domain::markup::escape;
use werkzaam_protocol::admin::AccountChange;

/// What the team lead filters the shared dialogues by; empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFilter {
    pub worker: String,
    pub client: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// Words to find in the client code, keywords, texts, strengths and reflection.
    pub search: String,
}

fn searchable(item: &TeamDialogue) -> String {
    let d = &item.dialogue;
    let mut out = vec![d.client_code.clone(), item.worker_name.clone()];
    for (_, part) in d.every_part() {
        out.extend(part.keywords.iter().cloned());
        out.push(part.text.clone());
    }
    for q in werkzaam_domain::dialogue::Question::ALL {
        out.push(d.reflection.get(q).to_owned());
    }
    for domain in werkzaam_domain::dialogue::Domain::ALL {
        out.push(d.strengths.get(domain).to_owned());
    }
    out.join("\n").to_lowercase()
}

/// The shared dialogues that pass `f`, in the order given.
pub fn filter_team<'a>(items: &'a [TeamDialogue], f: &TeamFilter) -> Vec<&'a TeamDialogue> {
    let client = f.client.trim().to_lowercase();
    let words: Vec<String> = f.search.split_whitespace().map(str::to_lowercase).collect();
    items
        .iter()
        .filter(|i| f.worker.is_empty() || i.worker_name == f.worker)
        .filter(|i| client.is_empty() || i.dialogue.client_code.to_lowercase().contains(&client))
        .filter(|i| f.from.is_empty() || i.dialogue.held_on >= f.from)
        .filter(|i| f.to.is_empty() || i.dialogue.held_on <= f.to)
        .filter(|i| {
            if words.is_empty() {
                return true;
            }
            let text = searchable(i);
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// The workers who shared something, once each, alphabetically.
pub fn workers(items: &[TeamDialogue]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().map(|i| i.worker_name.clone()).collect();
    out.sort();
    out.dedup();
    out
}

fn client_link(code: &str) -> String {
    format!(
        "<a href=\"/team/client/{}\" data-testid=\"client-link\">{}</a>",
        escape(&crate::urls::encode(code)),
        escape(code)
    )
}

/// The alerts as a list: each with its client (a link to the trend), day, kind and message.
pub fn alerts_html(alerts: &[Alert], with_client: bool) -> String {
    if alerts.is_empty() {
        return "<p class=\"muted\">Geen signalen.</p>".into();
    }
    let items: String = alerts
        .iter()
        .map(|a| {
            let client = if with_client {
                format!("{} · ", client_link(&a.client_code))
            } else {
                String::new()
            };
            format!(
                "<li class=\"alert-item\" data-testid=\"alert\" data-kind=\"{}\">{client}{} · <strong>{}</strong><br>{}</li>",
                escape(match a.kind {
                    werkzaam_domain::review::AlertKind::Drop => "drop",
                    werkzaam_domain::review::AlertKind::Low => "low",
                    werkzaam_domain::review::AlertKind::Divergence => "divergence",
                    werkzaam_domain::review::AlertKind::Rise => "rise",
                }),
                escape(&date_nl(&a.held_on)),
                escape(a.title()),
                escape(&a.message())
            )
        })
        .collect();
    format!("<ul class=\"plain alerts\">{items}</ul>")
}

/// The shared dialogues as cards: client (a link to the trend), worker, day, what is shared.
pub fn team_list_html(items: &[&TeamDialogue]) -> String {
    if items.is_empty() {
        return "<p class=\"muted\">Geen gedeelde dialogen die hierbij passen.</p>".into();
    }
    items
        .iter()
        .map(|item| {
            let covered = consent::covered(&item.dialogue);
            let shared: Vec<&str> = [
                (covered.answers, "antwoorden"),
                (covered.media, "tekeningen en foto's"),
                (covered.reflection, "reflectie"),
            ]
            .into_iter()
            .filter_map(|(on, label)| on.then_some(label))
            .collect();
            format!(
                "<li class=\"card\" data-testid=\"team-dialogue\"><a class=\"card-link\" href=\"/team/dialoog/{}\">\
                 <div class=\"card-head\"><strong class=\"code\">{}</strong><span class=\"muted\">{}</span></div>\
                 <p class=\"muted\">{}</p><p>Gedeeld: {}</p></a></li>",
                escape(&item.dialogue.id),
                escape(&item.dialogue.client_code),
                escape(&item.worker_name),
                escape(&date_nl(&item.dialogue.held_on)),
                escape(&shared.join(", ")),
            )
        })
        .collect()
}

/// A client's page below the chart: the alerts and the dialogues.
pub fn client_html(review: &ClientReview) -> String {
    let dialogues: String = review
        .dialogues
        .iter()
        .map(|d| {
            format!(
                "<li><a href=\"/team/dialoog/{}\">{}</a> · {}</li>",
                escape(&d.dialogue_id),
                escape(&date_nl(&d.held_on)),
                escape(&d.worker_name)
            )
        })
        .collect();
    let t = &review.thresholds;
    format!(
        "<section class=\"card\"><h2>Signalen</h2>{}<p class=\"hint\">Een signaal bij een daling van {} of meer, \
         een score van {} of lager, of {} of meer punten verschil tussen cliënt en hulpverlener.</p></section>\
         <section class=\"card\"><h2>Dialogen</h2><ul class=\"plain\">{dialogues}</ul></section>",
        alerts_html(&review.alerts, false),
        t.drop,
        t.low,
        t.divergence
    )
}

fn as_counted(words: &[(String, usize)]) -> Vec<Counted> {
    words
        .iter()
        .map(|(w, n)| Counted {
            name: w.clone(),
            stories: *n,
            variants: Vec::new(),
        })
        .collect()
}

/// What the team learns: the keywords heard most (a chart per part), the reflections per
/// question, and the team's dialogues per month.
pub fn learning_html(l: &TeamLearning) -> String {
    let mut out = String::from("<section class=\"card\"><h2>Woorden die het vaakst vallen</h2>");
    for list in &l.keywords {
        out.push_str(&format!("<h3>{}</h3>", escape(&list.label)));
        if list.words.is_empty() {
            out.push_str("<p class=\"muted\">(nog geen)</p>");
        } else {
            out.push_str(&format!(
                "<div class=\"chart-box\" data-testid=\"keywords\">{}</div>",
                elements_chart_svg(&as_counted(&list.words), 8)
            ));
        }
    }
    out.push_str("</section><section class=\"card\"><h2>Reflecties (STAP 3)</h2>");
    for r in &l.reflections {
        out.push_str(&format!("<h3>{}</h3>", escape(&r.question)));
        if r.answers.is_empty() {
            out.push_str("<p class=\"muted\">(nog niets)</p>");
        }
        for (client, day, text) in &r.answers {
            out.push_str(&format!(
                "<p class=\"reflection\">{}<br><span class=\"small muted\">{} · {}</span></p>",
                escape(text),
                escape(client),
                escape(&date_nl(day))
            ));
        }
    }
    out.push_str(
        "</section><section class=\"card\" data-testid=\"per-month\"><h2>Gedeelde dialogen \
         van het team per maand</h2><p class=\"small muted\">Voor het team geteld, niet per \
         medewerker. Wie haar eigen aantal wil laten zien, doet dat in een dialoogronde.</p>",
    );
    if l.per_month.is_empty() {
        out.push_str("<p class=\"muted\">(nog geen)</p>");
    } else {
        out.push_str(
            "<table class=\"months\"><thead><tr><th>Maand</th><th>Dialogen</th></tr></thead><tbody>",
        );
        for (month, n) in &l.per_month {
            out.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>", escape(month)));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
    out
}

/// The meeting's agenda as a page to read and print.
pub fn agenda_html(a: &Agenda) -> String {
    let mut out = format!(
        "<h2>Teamoverleg {} · {} tot en met {}</h2>",
        escape(&a.team_name),
        escape(&date_nl(&a.from)),
        escape(&date_nl(&a.to))
    );
    if a.deidentified {
        out.push_str("<p class=\"notice\">Cliënten als A, B, C: zonder cliëntcodes, en wat op een naam lijkt is weggelaten. Het blijft vertrouwelijk.</p>");
    }
    out.push_str(&format!(
        "<section class=\"card\"><h3>Signalen ({})</h3><ul class=\"plain\">",
        a.alerts.len()
    ));
    for al in &a.alerts {
        out.push_str(&format!(
            "<li data-testid=\"agenda-alert\">{} · {} · <strong>{}</strong>: {}</li>",
            escape(&al.client),
            escape(&date_nl(&al.held_on)),
            escape(&al.title),
            escape(&al.message)
        ));
    }
    out.push_str(&format!(
        "</ul></section><section class=\"card\"><h3>Gedeelde dialogen ({})</h3>",
        a.dialogues.len()
    ));
    for d in &a.dialogues {
        out.push_str(&format!(
            "<div class=\"agenda-dialogue\" data-testid=\"agenda-dialogue\"><strong>{}</strong> · {} · {}<ul>",
            escape(&d.client),
            escape(&date_nl(&d.held_on)),
            escape(&d.worker_name)
        ));
        for p in &d.parts {
            if p.keywords.is_empty() && p.text.trim().is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<li><em>{}</em>: {}{}</li>",
                escape(&p.label),
                escape(&p.keywords.join(", ")),
                if p.text.trim().is_empty() {
                    String::new()
                } else {
                    format!(" — {}", escape(p.text.trim()))
                }
            ));
        }
        out.push_str("</ul></div>");
    }
    out.push_str("</section><section class=\"card\"><h3>Reflecties (STAP 3)</h3>");
    for r in &a.reflections {
        out.push_str(&format!("<h4>{}</h4><ul>", escape(&r.question)));
        for (client, day, text) in &r.answers {
            out.push_str(&format!(
                "<li>{} <span class=\"small muted\">({} · {})</span></li>",
                escape(text),
                escape(client),
                escape(&date_nl(day))
            ));
        }
        if r.answers.is_empty() {
            out.push_str("<li class=\"muted\">(nog niets)</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "</section><section class=\"card\"><h3>Open acties ({})</h3><ul>",
        a.actions.len()
    ));
    for ac in &a.actions {
        out.push_str(&format!(
            "<li>{} — {} — {} — {}{}</li>",
            escape(&ac.what),
            escape(&ac.owners.join(", ")),
            escape(&ac.status),
            escape(&if ac.due.is_empty() {
                "geen datum".to_owned()
            } else {
                date_nl(&ac.due)
            }),
            if ac.overdue {
                " <span class=\"badge problem\">Te laat</span>"
            } else {
                ""
            }
        ));
    }
    out.push_str("</ul></section>");
    out
}

/// The query of an agenda and its exports.
pub fn agenda_query(from: &str, to: &str, anonymous: bool) -> String {
    format!(
        "van={}&tot={}{}",
        crate::urls::encode(from),
        crate::urls::encode(to),
        if anonymous { "&anoniem=ja" } else { "" }
    )
}

/// An administrator's account change in the lead's team, in plain Dutch: "Beheer maakte een
/// account voor Piet (teamleider)".
pub fn account_change_sentence(change: &AccountChange) -> String {
    let role = change.what.strip_prefix("account ").unwrap_or(&change.what);
    match (change.action.as_str(), role) {
        ("aanmaken", role) => format!(
            "{} maakte een account voor {} ({role})",
            change.by_name, change.account_name
        ),
        (_, "uitgeschakeld") => {
            format!(
                "{} zette het account van {} uit",
                change.by_name, change.account_name
            )
        }
        (_, "ingeschakeld") => format!(
            "{} zette het account van {} weer aan",
            change.by_name, change.account_name
        ),
        (_, other) => format!(
            "{} wijzigde het account van {} ({other})",
            change.by_name, change.account_name
        ),
    }
}

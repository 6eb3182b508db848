//! What the screens of *Waarderen van wat werkt* (issue 5) decide, as plain functions: names of
//! colleagues, the bar chart of werkzame elementen, the
//! action board's groups and the new records the forms make. No Leptos, no browser; tested
//! natively in `tests/it`.

use werkzaam_domain::markup::escape;
use werkzaam_domain::rules::vocabulary::Counted;
use werkzaam_domain::team::{
    Action, ActionStatus, Dream, Meeting, Story, SynonymMerge, TeamQuestion,
};
use werkzaam_domain::{rules::validate, rules::validate::Invalid};
use werkzaam_protocol::team::TeamMember;

/// A colleague's name by user id ("een collega" when this device does not know them).
pub fn name_of(colleagues: &[TeamMember], user_id: &str) -> String {
    colleagues
        .iter()
        .find(|c| c.user_id == user_id)
        .map_or_else(|| "een collega".to_owned(), |c| c.display_name.clone())
}

/// The werkzame elementen as a horizontal bar chart (SVG): one bar per element, the most named
/// first, at most `max` bars, each with its name and in how many stories it was named. Readable
/// on a phone, a projected laptop and on paper; drawn here, no chart library.
pub fn elements_chart_svg(counted: &[Counted], max: usize) -> String {
    let shown = &counted[..counted.len().min(max)];
    let top = shown.iter().map(|c| c.stories).max().unwrap_or(1).max(1);
    let (row, width) = (44.0, 360.0);
    let height = row * shown.len().max(1) as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-label=\"Werkzame elementen, geteld in verhalen\">"
    );
    for (i, c) in shown.iter().enumerate() {
        let y = i as f64 * row;
        let bar = ((width - 40.0) * c.stories as f64 / top as f64).max(6.0);
        svg.push_str(&format!(
            "<g data-element=\"{name}\"><text x=\"0\" y=\"{ty}\" class=\"chart-label\">{name}</text>\
             <rect x=\"0\" y=\"{ry}\" width=\"{bar:.1}\" height=\"16\" rx=\"4\" class=\"chart-bar\"/>\
             <text x=\"{nx:.1}\" y=\"{ny}\" class=\"chart-count\">{count}</text></g>",
            name = escape(&c.name),
            ty = y + 15.0,
            ry = y + 21.0,
            nx = bar + 6.0,
            ny = y + 34.0,
            count = c.stories,
        ));
    }
    if shown.is_empty() {
        svg.push_str(
            "<text x=\"0\" y=\"26\" class=\"chart-label\">Nog geen werkzame elementen.</text>",
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A new story: the interviewer writes it on `held_on`.
pub fn new_story(id: String, interviewer_id: &str, held_on: String, now_ms: i64) -> Story {
    Story {
        id,
        interviewer_id: interviewer_id.to_owned(),
        held_on,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
        ..Story::default()
    }
}

/// The interview the other way round (*elkaars ervaringen*, issue 19): right after `first`, its
/// storyteller interviews its interviewer — a new, empty story of the same day.
pub fn swapped_story(first: &Story, id: String, now_ms: i64) -> Story {
    Story {
        storyteller_id: first.interviewer_id.clone(),
        ..new_story(id, &first.storyteller_id, first.held_on.clone(), now_ms)
    }
}

/// What the "Nieuwe teambijeenkomst" form holds.
pub fn new_meeting(
    id: String,
    held_on: &str,
    title: &str,
    now_ms: i64,
) -> Result<Meeting, Invalid> {
    let meeting = Meeting {
        id,
        held_on: held_on.trim().to_owned(),
        title: if title.trim().is_empty() {
            "Teambijeenkomst".to_owned()
        } else {
            title.trim().to_owned()
        },
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
        ..Meeting::default()
    };
    validate::meeting(&meeting)?;
    Ok(meeting)
}

/// A new statement of the groepsdroom.
pub fn new_dream(
    id: String,
    meeting_id: &str,
    author_id: &str,
    text: &str,
    drawing: String,
    now_ms: i64,
) -> Result<Dream, Invalid> {
    let dream = Dream {
        id,
        meeting_id: meeting_id.to_owned(),
        author_id: author_id.to_owned(),
        text: text.trim().to_owned(),
        drawing,
        updated_at_ms: now_ms,
        ..Dream::default()
    };
    validate::dream(&dream)?;
    Ok(dream)
}

/// What the "Nieuwe actie" form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionForm {
    pub what: String,
    pub owners: Vec<String>,
    pub due: String,
    pub serves: String,
}

impl ActionForm {
    /// The new action, or what to fix first.
    pub fn to_action(&self, id: String, meeting_id: &str, now_ms: i64) -> Result<Action, Invalid> {
        let action = Action {
            id,
            what: self.what.trim().to_owned(),
            owners: self.owners.clone(),
            due: self.due.trim().to_owned(),
            serves: (!self.serves.is_empty()).then(|| self.serves.clone()),
            meeting_id: meeting_id.to_owned(),
            updated_at_ms: now_ms,
            ..Action::default()
        };
        validate::action(&action)?;
        Ok(action)
    }
}

/// A merge of werkzame elementen the team lead chose: `variants` count as `name` from now on.
pub fn new_synonym(
    id: String,
    variants: &[String],
    name: &str,
    now_ms: i64,
) -> Result<SynonymMerge, Invalid> {
    let name = name.trim().to_owned();
    let merge = SynonymMerge {
        id,
        variants: variants
            .iter()
            .filter(|v| {
                werkzaam_domain::rules::vocabulary::normalize(v)
                    != werkzaam_domain::rules::vocabulary::normalize(&name)
            })
            .cloned()
            .collect(),
        name,
        updated_at_ms: now_ms,
        ..SynonymMerge::default()
    };
    validate::synonym(&merge)?;
    Ok(merge)
}

/// The action board, as its screen shows it: the user's own open actions first, then each other
/// colleague's, then what is done (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardView {
    pub groups: Vec<(String, Vec<Action>)>,
    pub done: Vec<Action>,
}

pub fn board_view(actions: &[&Action], me: &str, colleagues: &[TeamMember]) -> BoardView {
    let mut owners: Vec<String> = vec![me.to_owned()];
    for c in colleagues {
        if !owners.contains(&c.user_id) {
            owners.push(c.user_id.clone());
        }
    }
    for a in actions {
        for o in &a.owners {
            if !owners.contains(o) {
                owners.push(o.clone());
            }
        }
    }
    let owned: Vec<Action> = actions.iter().map(|a| (*a).clone()).collect();
    let groups = werkzaam_domain::team::board(&owned, &owners)
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(owner, list)| (owner, list.into_iter().cloned().collect()))
        .collect();
    let mut done: Vec<Action> = owned
        .into_iter()
        .filter(|a| a.status == ActionStatus::Klaar)
        .collect();
    done.sort_by_cached_key(|a| format!("{:020}{}", a.updated_at_ms.max(0), a.id));
    done.reverse();
    BoardView { groups, done }
}

/// How many open actions `me` has, and how many of them are overdue on `today`.
pub fn my_open_actions(actions: &[&Action], me: &str, today: &str) -> (usize, usize) {
    let mine: Vec<&&Action> = actions
        .iter()
        .filter(|a| a.status != ActionStatus::Klaar && a.owners.iter().any(|o| o == me))
        .collect();
    let late = mine.iter().filter(|a| a.overdue(today)).count();
    (mine.len(), late)
}

/// What a person calls a field of a story, an action or a dream statement (for "Er zijn twee
/// versies").
pub fn team_field_label(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["title"] => "Titel".into(),
        ["storyteller_id"] => "Wie vertelt".into(),
        ["interviewer_id"] => "Wie interviewt".into(),
        ["held_on"] => "Datum".into(),
        ["quotes"] => "Citaten".into(),
        ["elements"] => "Werkzame elementen".into(),
        ["answer", q, what] => {
            let question = werkzaam_domain::team::leidraad_question(q).unwrap_or(q);
            if *what == "keywords" {
                format!("{question} (trefwoorden)")
            } else {
                question.to_owned()
            }
        }
        ["what"] => "Wat".into(),
        ["owners"] => "Wie".into(),
        ["due"] => "Wanneer".into(),
        ["status"] => "Status".into(),
        ["serves"] => "Hoort bij de droom".into(),
        ["text"] => "Tekst".into(),
        ["cluster"] => "Groep".into(),
        ["deleted"] => "Verwijderd op een ander apparaat, hier nog gewijzigd".into(),
        ["starts_on"] => "Begint op".into(),
        ["ends_on"] => "Tot en met".into(),
        ["invitation"] => "Uitnodiging".into(),
        ["participants"] => "Wie doen er mee".into(),
        ["shown"] => "Wie laat het aantal zien".into(),
        ["meeting_on"] => "Datum van het teamoverleg".into(),
        ["agreed"] => "Wat spreken we af".into(),
        ["rhythm"] => "Hoe vaak".into(),
        ["next_id"] => "Volgende ronde".into(),
        ["lessons"] => "Leerpunten in het overleg".into(),
        ["helpful"] => "Antwoorden die hielpen".into(),
        ["what_happened"] => "Dit ging niet zo goed".into(),
        ["learned"] => "Dit leer ik ervan".into(),
        ["anonymous"] => "Zonder naam".into(),
        ["stap3", _] => TeamQuestion::ALL
            .into_iter()
            .find(|q| q.field() == field)
            .map_or_else(|| field.to_owned(), |q| q.label().to_owned()),
        _ => field.to_owned(),
    }
}

fn chips_html(words: &[String]) -> String {
    if words.is_empty() {
        return String::new();
    }
    let items: String = words
        .iter()
        .map(|w| format!("<li class=\"chip\">{}</li>", escape(w)))
        .collect();
    format!("<ul class=\"chips\">{items}</ul>")
}

/// A story as the team reads it (read-only): elements, citaten and the answers, as HTML.
pub fn story_html(story: &Story) -> String {
    let mut out = String::from("<section class=\"card\"><h2>Werkzame elementen</h2>");
    out.push_str(&chips_html(&story.elements));
    for q in &story.quotes {
        out.push_str(&format!(
            "<blockquote class=\"quote\">“{}”</blockquote>",
            escape(q)
        ));
    }
    out.push_str("</section>");
    for (slug, question) in werkzaam_domain::team::LEIDRAAD {
        let Some(a) = story.answer(slug) else {
            continue;
        };
        if a.text.trim().is_empty() && a.keywords.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<section class=\"card\"><h2>{}</h2><p class=\"part-text\">{}</p>{}</section>",
            escape(question),
            escape(&a.text),
            chips_html(&a.keywords)
        ));
    }
    out
}

/// A session's summary as HTML (the page to print, or save as PDF): stories, the elements chart,
/// the groepsdroom by group and the actions. `name` turns a user id into a name.
pub fn summary_html(
    summary: &werkzaam_domain::team::SessionSummary<'_>,
    name: &dyn Fn(&str) -> String,
) -> String {
    let list = |items: Vec<String>| -> String {
        if items.is_empty() {
            "<p class=\"muted\">(geen)</p>".to_owned()
        } else {
            format!("<ul>{}</ul>", items.concat())
        }
    };
    let stories = summary
        .stories
        .iter()
        .map(|s| {
            format!(
                "<li>{} — {}</li>",
                escape(&s.title),
                escape(&name(&s.storyteller_id))
            )
        })
        .collect();
    let dreams = summary
        .dreams
        .iter()
        .map(|d| {
            let group = if d.cluster.is_empty() {
                String::new()
            } else {
                format!("<strong>{}:</strong> ", escape(&d.cluster))
            };
            let text = if d.text.is_empty() {
                "(tekening)"
            } else {
                &d.text
            };
            format!("<li>{group}{}</li>", escape(text))
        })
        .collect();
    let actions = summary
        .actions
        .iter()
        .map(|a| {
            let who: Vec<String> = a.owners.iter().map(|o| name(o)).collect();
            let due = if a.due.is_empty() {
                "geen datum".to_owned()
            } else {
                crate::ui::words::date_nl(&a.due)
            };
            format!(
                "<li>{} — {} — {} — {}</li>",
                escape(&a.what),
                escape(&who.join(", ")),
                escape(&due),
                a.status.label()
            )
        })
        .collect();
    format!(
        "<h2>Verhalen</h2>{}<h2>Werkzame elementen</h2><div class=\"chart-box\">{}</div>\
         <h2>Groepsdroom</h2>{}<h2>Acties</h2>{}",
        list(stories),
        elements_chart_svg(&summary.elements, 12),
        list(dreams),
        list(actions)
    )
}

/// The stories as a list of cards linking to each (read-only HTML): title, who told it and when,
/// the first elements, and how many compliments it got.
pub fn story_cards_html(stories: &[&Story], name: &dyn Fn(&str) -> String) -> String {
    stories
        .iter()
        .map(|s| {
            let title = if s.title.is_empty() { "(zonder titel)" } else { &s.title };
            let quote = s
                .quotes
                .first()
                .map(|q| format!("<span class=\"small\">“{}”</span>", escape(q)))
                .unwrap_or_default();
            let hearts = match s.compliments.len() {
                0 => String::new(),
                n => format!("<span class=\"badge sent\">♥ {n}</span>"),
            };
            let elements: Vec<String> = s.elements.iter().take(4).cloned().collect();
            format!(
                "<li><a class=\"card card-link\" href=\"/samen/verhaal/{}\" data-testid=\"story-card\">\
                 <strong>{}</strong><span class=\"small\">{} · {}</span>{quote}{}{hearts}</a></li>",
                escape(&s.id),
                escape(title),
                escape(&name(&s.storyteller_id)),
                escape(&crate::ui::words::date_nl(&s.held_on)),
                chips_html(&elements).replace("<ul class=\"chips\">", "<ul class=\"chips\" aria-label=\"Werkzame elementen\">"),
            )
        })
        .collect()
}

/// Where the server serves attachment `hash` of dialogue `dialogue_id`.
/// The hint above the werkzame elementen of a session, singular or plural.
pub fn stories_since_label(n: usize) -> String {
    let stories = if n == 1 { "verhaal" } else { "verhalen" };
    format!("Uit {n} {stories} sinds de vorige bijeenkomst. Hoe langer de balk, hoe vaker genoemd.")
}

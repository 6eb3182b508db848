//! *Verloop* (issue 18, item 4): on a client's page, the worker's own view of how the support
//! goes over her dialogues with this client — the scales as a chart, what stands out, and the
//! attitude mirror over time (seed 003). Computed on the device from the dialogues it holds, so
//! it shows offline and needs no sharing: it is her own work. The team lead's view of shared
//! dialogues is `review/`; the same rules (`werkzaam_domain::review`) and chart draw both.
//!
//! Seed 003: no one should feel judged. What stands out is called *Om samen naar te kijken*, in
//! the words of the rule that found it, beside what the client said — a reason for a question at
//! the next visit, not a score of the worker.

use leptos::prelude::*;
use werkzaam_domain::chart::trend_svg;
use werkzaam_domain::dialogue::{Attitude, Mirror, MirrorSet, MIRROR_ANSWERS};
use werkzaam_domain::review::{alerts, mirror_trend, trend, AlertKind, Thresholds};
use werkzaam_domain::Dialogue;

use crate::state::ListedDialogue;
use crate::ui::words::date_nl;

/// What *Verloop* shows for one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// The chart of the scales (SVG), when any dialogue has a score.
    pub chart: Option<String>,
    /// What stands out: (day, short name, sentence), oldest first.
    pub notes: Vec<(String, &'static str, String)>,
    /// What got better — the client's score rose (day, sentence), oldest first: a reason to
    /// celebrate (*successen vieren*, seed 003) and to tell it as a success story.
    pub better: Vec<(String, String)>,
    /// The mirror per dialogue: (day, the client's answers, the worker's).
    pub mirror: Vec<(String, String, String)>,
}

/// Where the device keeps the team's alert thresholds for user `user_id` (from `/api/ik`).
pub fn thresholds_key(user_id: &str) -> String {
    format!("werkzaam.drempels.{user_id}")
}

/// The team's alert thresholds as last heard from the server (`/api/ik`'s answer, kept as it
/// came); the defaults before that.
#[cfg(feature = "hydrate")]
pub fn team_thresholds(user_id: &str) -> Thresholds {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(thresholds_key(user_id))
        .ok()
        .and_then(|answer| {
            serde_json::from_str::<werkzaam_protocol::account::TeamThresholds>(&answer).ok()
        })
        .map(|t| t.thresholds)
        .unwrap_or_default()
}

/// On the server no device keeps them: the defaults.
#[cfg(not(feature = "hydrate"))]
pub fn team_thresholds(_user_id: &str) -> Thresholds {
    Thresholds::default()
}

/// The course of the client `code` over the worker's dialogues in `list` (not deleted); what
/// stands out by the team's `thresholds`.
pub fn course(list: &[ListedDialogue], code: &str, thresholds: &Thresholds) -> Course {
    let own: Vec<Dialogue> = list
        .iter()
        .map(|l| &l.record)
        .filter(|d| d.client_code == code && !d.deleted)
        .cloned()
        .collect();
    let refs: Vec<&Dialogue> = own.iter().collect();
    let points = trend(&refs);
    let chart = (!points.is_empty()).then(|| trend_svg(&format!("Cliënt {code}"), &points));
    let found = alerts(&own, thresholds);
    let (rises, others): (Vec<_>, Vec<_>) = found.iter().partition(|a| a.kind == AlertKind::Rise);
    let notes = others
        .iter()
        .map(|a| (date_nl(&a.held_on), a.title(), a.message()))
        .collect();
    let better = rises
        .iter()
        .map(|a| (date_nl(&a.held_on), a.message()))
        .collect();
    let mirror = mirror_trend(&refs)
        .into_iter()
        .map(|(day, Mirror { client, worker })| (date_nl(&day), faces(&client), faces(&worker)))
        .collect();
    Course {
        chart,
        notes,
        better,
        mirror,
    }
}

/// `👂 🙂 ⏳ 😐 🚶 —`: each question's pictogram and the answer's face (a dash when skipped).
pub fn faces(set: &MirrorSet) -> String {
    Attitude::ALL
        .into_iter()
        .map(|a| {
            let face = set
                .get(a)
                .and_then(|v| MIRROR_ANSWERS.iter().find(|(n, _, _)| *n == v))
                .map_or("—", |(_, face, _)| *face);
            format!("{} {face}", a.pictogram())
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// *Verloop* on a client's page.
#[component]
pub fn ClientCourse(course: Course, celebrated: RwSignal<bool>) -> impl IntoView {
    let Course {
        chart,
        notes,
        better,
        mirror,
    } = course;
    if chart.is_none() && notes.is_empty() && mirror.is_empty() {
        return view! {
            <section class="card" data-testid="course">
                <h2>"Verloop"</h2>
                <p class="muted">"Het verloop verschijnt hier zodra er cijfers of gezichtjes zijn ingevuld."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" data-testid="course">
            <h2>"Verloop"</h2>
            <p class="hint">"Alleen voor jou, uit je eigen dialogen op dit apparaat."</p>
            {chart.map(|svg| view! { <div class="trend" data-testid="own-trend" inner_html=svg></div> })}
            {(!better.is_empty()).then(|| view! {
                <div class="better" data-testid="better">
                    <h3>"Wat beter gaat"</h3>
                    <ul class="plain alerts">
                        {better.into_iter().map(|(day, text)| view! {
                            <li class="alert-item" data-kind="rise">{day} " · " <strong>"Beter"</strong><br/>{text}</li>
                        }).collect_view()}
                    </ul>
                    <Show when=move || celebrated.get() fallback=move || view! {
                        <button type="button" class="primary wide" data-testid="celebrate" on:click=move |_| celebrated.set(true)>"🎉 Vier het"</button>
                    }>
                        <p class="notice ok" role="status" data-testid="celebrated">"🎉 Zo, dat heb je goed aangepakt! Hoe is je dat gelukt? Vertel het je team."</p>
                    </Show>
                    <a class="button wide" href="/samen?succes=1" data-testid="tell-success">"Vertel dit als succesverhaal"</a>
                </div>
            })}
            <h3>"Om samen naar te kijken"</h3>
            {if notes.is_empty() {
                view! { <p class="muted">"Niets dat opvalt."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain alerts">
                        {notes.into_iter().map(|(day, title, text)| view! {
                            <li class="alert-item" data-testid="own-note">{day} " · " <strong>{title}</strong><br/>{text}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!mirror.is_empty()).then(|| view! {
                <h3>"Hoe ging het gesprek?"</h3>
                <ul class="plain" data-testid="own-mirror">
                    {mirror.into_iter().map(|(day, client, worker)| view! {
                        <li>{day} <br/> "Cliënt: " {client} <br/> "Jij: " {worker}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

//! *Voor de cliënt* (issue 18, item 6): one page the client keeps — what goes well and what we
//! will do — in short B1 sentences with pictograms, in *je* or *u*, to show on the screen or to
//! print. It is printed from the screen (the browser's print), not written to a file: a file in
//! the phone's downloads would hold client words outside the encrypted store.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use werkzaam_domain::dialogue::{Address, Party};
use werkzaam_domain::rules::vocabulary::normalize;
use werkzaam_domain::Dialogue;

use crate::actions;
use crate::state::use_app;
use crate::ui::words::date_nl;

/// What the page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keepsake {
    pub title: String,
    /// What goes well, in the client's words first, then the worker's (each word once).
    pub good: Vec<String>,
    /// What we will do: (who, what, when) in the client's address.
    pub doing: Vec<(String, String, Option<String>)>,
    pub closing: &'static str,
}

/// Who does it, as the client reads it.
fn who(party: Party, address: Address) -> &'static str {
    match (party, address) {
        (Party::Client, Address::Je) => "Jij",
        (Party::Client, Address::U) => "U",
        (Party::Worker, Address::Je) => "Je hulpverlener",
        (Party::Worker, Address::U) => "Uw hulpverlener",
        (Party::Network, Address::Je) => "Iemand uit je omgeving",
        (Party::Network, Address::U) => "Iemand uit uw omgeving",
    }
}

/// The keepsake of dialogue `d`.
pub fn keepsake(d: &Dialogue) -> Keepsake {
    let mut good: Vec<String> = Vec::new();
    // The client's words first, then the others' of a family dialogue, then the worker's.
    let words = d
        .client
        .good
        .keywords
        .iter()
        .chain(d.others.iter().flat_map(|p| &p.good.keywords))
        .chain(&d.worker.good.keywords);
    for word in words {
        let word = word.trim();
        if !word.is_empty() && !good.iter().any(|g| normalize(g) == normalize(word)) {
            good.push(word.to_owned());
        }
    }
    let doing = d
        .agreements
        .iter()
        .map(|a| {
            (
                who(a.who, d.address).to_owned(),
                a.what.clone(),
                (!a.when.is_empty()).then(|| format!("vóór {}", date_nl(&a.when))),
            )
        })
        .collect();
    Keepsake {
        title: format!("Ons gesprek van {}", date_nl(&d.held_on)),
        good,
        doing,
        closing: "Bewaar dit blad. Volgende keer kijken we samen: is het beter geworden?",
    }
}

/// `/dialoog/:id/voor-de-client`: the keepsake, large, with *Afdrukken*.
#[component]
pub fn KeepsakePage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    move || {
        let id = id();
        let found = ctx.dialogues.with(|list| {
            list.as_ref()
                .and_then(|l| l.iter().find(|d| d.record.id == id && !d.record.deleted))
                .map(|d| d.record.clone())
        });
        let Some(d) = found else {
            return view! { <p class="notice warn">"Deze dialoog staat niet op dit apparaat."</p> }
                .into_any();
        };
        let k = keepsake(&d);
        let nothing_yet = k.good.is_empty() && k.doing.is_empty();
        view! {
            <p class="crumbs no-print"><a href=format!("/dialoog/{}/overzicht", d.id)>"← Terug naar de dialoog"</a></p>
            <article class="keepsake" data-testid="keepsake">
                <h1>{k.title}</h1>
                <h2>"😊 Wat gaat goed"</h2>
                {if k.good.is_empty() {
                    view! { <p class="muted">"Nog niets opgeschreven."</p> }.into_any()
                } else {
                    view! { <ul class="keepsake-list">{k.good.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul> }.into_any()
                }}
                <h2>"🤝 Wat gaan we doen"</h2>
                {if k.doing.is_empty() {
                    view! { <p class="muted">"Nog geen afspraken."</p> }.into_any()
                } else {
                    view! {
                        <ul class="keepsake-list">
                            {k.doing.into_iter().map(|(who, what, when)| view! {
                                <li><strong>{who}</strong> ": " {what} {when.map(|w| format!(" ({w})"))}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="keepsake-closing">{k.closing}</p>
            </article>
            {nothing_yet.then(|| view! {
                <p class="hint no-print">"Schrijf eerst op wat goed gaat of maak een afspraak."</p>
            })}
            <button type="button" class="primary wide no-print" on:click=move |_| actions::print_page()>
                "Afdrukken"
            </button>
        }
        .into_any()
    }
}

//! The dialogue's other sections: strengths, the quick scales, the reflection on the STAP 3
//! questions and the client's consent; each field bound by name.

use leptos::prelude::*;
use werkzaam_domain::dialogue::{ConsentDecision, Domain, Question, Scale, Side};
use werkzaam_domain::merge::Value;
use werkzaam_domain::Dialogue;

use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::dialogues::logic::consent_summary;
use crate::ui::PrivacyNotes;

/// A text area bound to one text field of the dialogue, by its name in [`merge::FIELDS`].
#[component]
pub(super) fn FieldText(
    autosave: Autosave,
    field: String,
    label: &'static str,
    rows: u32,
    /// What the team may read (the reflection): privacy notes under it while typing.
    #[prop(optional)]
    warn: bool,
) -> impl IntoView {
    let doc = autosave.doc;
    let id = field.replace('.', "-");
    let read = field.clone();
    let value = move || {
        doc.with(|d| match werkzaam_domain::dialogue::get(d, &read) {
            Some(Value::Text(text)) => text,
            _ => String::new(),
        })
    };
    view! {
        <label for=id.clone()>{label}</label>
        <textarea
            id=id
            rows=rows.to_string()
            prop:value=value.clone()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                autosave.edit(|d| {
                    werkzaam_domain::dialogue::set(d, &field, Value::Text(text));
                });
            }
            on:change=move |_| autosave.flush()
        ></textarea>
        {warn.then(|| view! { <PrivacyNotes text=Signal::derive(value)/> })}
    }
    .into_any()
}

#[component]
pub(super) fn StrengthsEditor(autosave: Autosave) -> impl IntoView {
    view! {
        <section class="card form">
            <p class="hint">"Wat lukt er, wie of wat helpt? Vul in wat past; alles mag leeg blijven."</p>
            {Domain::ALL
                .into_iter()
                .map(|domain| {
                    view! {
                        <FieldText autosave field=format!("strengths.{}", domain.slug()) label=domain.label() rows=2/>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// Four 0–10 sliders for one side; untouched means skipped.
#[component]
pub fn ScaleSliders(autosave: Autosave, side: Side) -> impl IntoView {
    let doc = autosave.doc;
    let who = match side {
        Side::Client => "client",
        Side::Worker => "worker",
    };
    Scale::ALL
        .into_iter()
        .map(|scale| {
            let id = format!("scale-{who}-{}", scale.slug());
            let value = move || doc.with(|d| d.scales.side(side).get(scale));
            view! {
                <div class="scale">
                    <label for=id.clone()>
                        <span class="picto" aria-hidden="true">{scale.pictogram()}</span>
                        {scale.label()}
                        <output>{move || value().map_or("—".to_owned(), |v| v.to_string())}</output>
                    </label>
                    <input
                        id=id
                        type="range"
                        min="0"
                        max="10"
                        step="1"
                        class:unset=move || value().is_none()
                        prop:value=move || value().unwrap_or(5).to_string()
                        on:input=move |ev| {
                            let v = event_target_value(&ev).parse::<u8>().ok().filter(|v| *v <= 10);
                            autosave.edit(|d| d.scales.side_mut(side).set(scale, v));
                        }
                        on:change=move |_| autosave.flush()
                    />
                    <Show when=move || value().is_some()>
                        <button
                            type="button"
                            class="link"
                            on:click=move |_| autosave.edit_now(|d| d.scales.side_mut(side).set(scale, None))
                        >
                            "Overslaan"
                        </button>
                    </Show>
                </div>
            }
        })
        .collect_view()
}

/// One side's quick scales, folded: they may be skipped.
#[component]
pub(super) fn ScalesEditor(autosave: Autosave, side: Side) -> impl IntoView {
    view! {
        <section class="card">
            <details>
                <summary>"Hoeveel? Korte schalen (mag je overslaan)"</summary>
                <p class="hint">"0 = helemaal niet goed, 10 = heel goed. Zo zie je later hoe het verandert."</p>
                <ScaleSliders autosave side/>
            </details>
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn ReflectionEditor(autosave: Autosave) -> impl IntoView {
    view! {
        <section class="card form">
            <p class="hint">"Voor jezelf en, als je dat deelt, voor het team. Elke vraag mag je overslaan."</p>
            {Question::ALL
                .into_iter()
                .map(|q| {
                    view! {
                        <FieldText autosave field=format!("reflection.{}", q.slug()) label=q.label() rows=3 warn=true/>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn ConsentEditor(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let decision = move || doc.with(|d| d.consent.decision);
    let set_decision = move |value: ConsentDecision| {
        let today = actions::today();
        autosave.edit_now(|d| crate::dialogues::guide::decide(d, value, today));
    };
    let check = move |label: &'static str,
                      testid: &'static str,
                      get: fn(&Dialogue) -> bool,
                      set: fn(&mut Dialogue, bool)| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || doc.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        autosave.edit_now(|d| set(d, on));
                    }
                />
                {label}
            </label>
        }
    };
    view! {
        <section class="card form" data-testid="consent">
            <p class="hint">
                "Zonder ‘ja’ van de cliënt ziet niemand anders iets van deze dialoog. Vraag het de cliënt zelf."
            </p>
            <fieldset class="toggle" aria-label="Toestemming van de cliënt">
                {[
                    (ConsentDecision::NotAsked, "Nog niet gevraagd"),
                    (ConsentDecision::Yes, "Ja"),
                    (ConsentDecision::No, "Nee"),
                ]
                    .into_iter()
                    .map(|(value, label)| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (decision() == value).to_string()
                                on:click=move |_| set_decision(value)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Show when=move || decision() != ConsentDecision::NotAsked>
                <label for="consent_on">"Datum van het besluit"</label>
                <input
                    id="consent_on"
                    type="date"
                    prop:value=move || doc.with(|d| d.consent.recorded_on.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if werkzaam_domain::rules::validate::date(&v).is_ok() {
                            autosave.edit_now(|d| d.consent.recorded_on = v);
                        }
                    }
                />
            </Show>
            <Show when=move || decision() == ConsentDecision::Yes>
                <p class="label">"Wat mag het team zien?"</p>
                {check("Antwoorden: trefwoorden, teksten, krachten en schalen", "consent-answers", |d| d.consent.answers, |d, on| d.consent.answers = on)}
                {check("Tekeningen en foto's", "consent-media", |d| d.consent.media, |d, on| d.consent.media = on)}
                {check("Mijn reflectie", "consent-reflection", |d| d.consent.reflection, |d, on| d.consent.reflection = on)}
            </Show>
            <p class="muted" data-testid="consent-summary">
                {move || doc.with(consent_summary)}
            </p>
        </section>
    }
    .into_any()
}

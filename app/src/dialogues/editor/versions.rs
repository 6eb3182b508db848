//! "Er zijn twee versies": a field two devices changed differently, each version with "Deze
//! houden".

use leptos::prelude::*;
use werkzaam_domain::merge;

use crate::dialogues::autosave::Autosave;
use crate::dialogues::conflicts::conflict_choices;

/// "Er zijn twee versies": fields changed differently on two devices, each version with a
/// button to keep it.
#[component]
pub(super) fn ConflictPanel(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let keep = Callback::new(move |(field, value): (String, merge::Value)| {
        autosave.edit_now(move |d| {
            merge::resolve(d, &field, value);
        });
    });
    view! { <ConflictList choices=Signal::derive(move || doc.with(conflict_choices)) keep/> }
}

/// "Er zijn twee versies": every field changed differently on two devices, each version with
/// "Deze houden". Shown for dialogues, stories and actions alike.
#[component]
pub fn ConflictList(
    choices: Signal<Vec<crate::dialogues::conflicts::ConflictChoice>>,
    keep: Callback<(String, merge::Value)>,
) -> impl IntoView {
    view! {
        <Show when=move || choices.with(|c| !c.is_empty())>
            <section class="card conflicts" role="alert" data-testid="conflicts">
                <h2>"Er zijn twee versies"</h2>
                <p class="hint">
                    "Op twee apparaten is hetzelfde anders ingevuld. Beide versies zijn bewaard. Kies per onderdeel welke blijft."
                </p>
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|choice| {
                            let field = choice.field.clone();
                            view! {
                                <div class="conflict" data-testid="conflict" data-field=field.clone()>
                                    <h3>{choice.label.clone()}</h3>
                                    <ul class="versions">
                                        {choice
                                            .versions
                                            .into_iter()
                                            .map(|(label, value, now)| {
                                                let field = field.clone();
                                                view! {
                                                    <li class="version" data-testid="version">
                                                        <span class="muted">{if now { "Nu ingevuld" } else { "Andere versie" }}</span>
                                                        <p class="version-text">{label}</p>
                                                        <button
                                                            type="button"
                                                            class="button secondary"
                                                            on:click=move |_| keep.run((field.clone(), value.clone()))
                                                        >
                                                            "Deze houden"
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </section>
        </Show>
    }
    .into_any()
}

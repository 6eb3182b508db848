//! Family dialogues in the editor (issue 18, item 7): who else takes part (*Wie praten er
//! mee?*, in *Voorbereiden*), and whose answers the client's question shows (*Wie is aan het
//! woord?*, in the editor and in client mode). Each participant answers the client's question;
//! the scales, the mirror and the consent stay the client's.

use leptos::prelude::*;
use werkzaam_domain::dialogue::{Aspect, PartAt, Relation, Voice, MAX_OTHERS};

use crate::dialogues::autosave::Autosave;
use crate::dialogues::editor::PartEditor;

/// The participants as the page names them: (slot, name).
fn names(autosave: Autosave) -> Memo<Vec<(u8, String)>> {
    let doc = autosave.doc;
    Memo::new(move |_| {
        doc.with(|d| {
            d.others
                .iter()
                .map(|p| (p.slot, d.other_name(p.slot)))
                .collect()
        })
    })
}

/// *Wie praten er mee?*: add an ouder, kind, partner, mantelzorger… (no names), or take one
/// away — after a question when they already said something.
#[component]
pub fn OthersEditor(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let names = names(autosave);
    let full = move || doc.with(|d| d.others.len() >= usize::from(MAX_OTHERS));
    // The participant whose answers would go with them, waiting for *Ja, weghalen*.
    let asking = RwSignal::new(None::<u8>);
    let remove = move |slot: u8| {
        let said = doc.with_untracked(|d| {
            d.other(slot)
                .is_some_and(|p| !p.good.is_empty() || !p.better.is_empty())
        });
        if said {
            asking.set(Some(slot));
        } else {
            autosave.edit_now(|d| d.remove_other(slot));
        }
    };
    view! {
        <section class="card" data-testid="others" aria-labelledby="others-label">
            <h3 id="others-label">"Wie praten er mee?"</h3>
            <p class="hint">
                "Een gesprek met het gezin: ook een ouder, kind of mantelzorger vertelt wat goed gaat en wat beter kan. Schrijf geen namen op."
            </p>
            <ul class="others">
                <li>"Cliënt"</li>
                <For each=move || names.get() key=|(slot, name)| (*slot, name.clone()) let:item>
                    <li data-testid="other">
                        <span>{item.1.clone()}</span>
                        <button
                            type="button"
                            class="link"
                            aria-label=format!("{} weghalen", item.1)
                            on:click=move |_| remove(item.0)
                        >
                            "Weghalen"
                        </button>
                    </li>
                </For>
            </ul>
            {move || {
                asking
                    .get()
                    .map(|slot| {
                        let name = doc.with_untracked(|d| d.other_name(slot));
                        view! {
                            <div class="notice warn" role="alert" data-testid="remove-other">
                                <p>{format!("{name} weghalen? Wat {name} vertelde en tekende, gaat dan ook weg.")}</p>
                                <div class="actions">
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| {
                                            asking.set(None);
                                            autosave.edit_now(|d| d.remove_other(slot));
                                        }
                                    >
                                        "Ja, weghalen"
                                    </button>
                                    <button type="button" class="primary" on:click=move |_| asking.set(None)>
                                        "Nee, bewaren"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <Show
                when=move || !full()
                fallback=|| view! { <p class="small">{format!("Hoogstens {MAX_OTHERS} mensen naast de cliënt.")}</p> }
            >
                <p class="small">"Erbij:"</p>
                <div class="toggle relations">
                    {Relation::ALL
                        .into_iter()
                        .map(|r| {
                            view! {
                                <button
                                    type="button"
                                    data-testid=format!("add-{}", r.key())
                                    on:click=move |_| {
                                        autosave.edit_now(|d| {
                                            d.add_other(r);
                                        })
                                    }
                                >
                                    {format!("+\u{a0}{}", r.label())}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
        </section>
    }
    .into_any()
}

/// *Wie is aan het woord?*: the client or one of the others; `voice` says whose answers show.
/// Nothing while the client is alone with the worker.
#[component]
pub fn SpeakerChoice(autosave: Autosave, voice: RwSignal<Voice>) -> impl IntoView {
    let names = names(autosave);
    // Someone taken away (here or on another device): back to the client.
    Effect::new(move |_| {
        if let Voice::Other(slot) = voice.get() {
            if !names.with(|n| n.iter().any(|(s, _)| *s == slot)) {
                voice.set(Voice::Client);
            }
        }
    });
    move || {
        let list = names.get();
        (!list.is_empty()).then(|| {
            let button = move |who: Voice, name: String| {
                view! {
                    <button
                        type="button"
                        aria-pressed=move || (voice.get() == who).to_string()
                        on:click=move |_| voice.set(who)
                    >
                        {name}
                    </button>
                }
            };
            view! {
                <div class="speakers" data-testid="speakers">
                    <p class="small" id="speakers-label">"Wie is aan het woord?"</p>
                    <div class="toggle" role="group" aria-labelledby="speakers-label">
                        {button(Voice::Client, "Cliënt".to_owned())}
                        {list
                            .into_iter()
                            .map(|(slot, name)| button(Voice::Other(slot), name))
                            .collect_view()}
                    </div>
                </div>
            }
        })
    }
}

/// The two parts (*wat gaat goed*, *wat kan beter*) of whoever `voice` names.
#[component]
pub fn VoiceParts(
    autosave: Autosave,
    voice: RwSignal<Voice>,
    #[prop(default = false)] for_client: bool,
    /// Only this part (client mode shows one question per screen).
    #[prop(optional)]
    only: Option<Aspect>,
) -> impl IntoView {
    move || {
        let who = voice.get();
        [Aspect::Good, Aspect::Better]
            .into_iter()
            .filter(|a| only.is_none_or(|o| o == *a))
            .map(|a| view! { <PartEditor autosave key=PartAt::new(who, a) for_client/> })
            .collect_view()
    }
}

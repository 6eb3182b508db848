//! Client mode ("geef het apparaat aan de cliënt"): full screen, one question at a time, a big
//! sheet to draw on, pictogram keywords, the attitude mirror in faces and the question whether
//! the team may read along; *je* or *u* as the worker chose. No menus and no way to other
//! clients' data. Going back to the worker's view takes a long press and the worker's PIN.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::time::Duration;
use werkzaam_domain::dialogue::{Aspect, Side, Voice};

use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::dialogues::editor::{
    load_into, Loaded, MirrorQuestions, SaveIndicator, ScaleSliders, SpeakerChoice, VoiceParts,
};
use crate::dialogues::guide::{ClientWords, CLIENT_STEPS};
use crate::state::use_app;

/// How long the worker holds the button to leave client mode.
const HOLD: Duration = Duration::from_millis(1200);

#[component]
pub fn ClientModePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let loaded = load_into(id);
    view! {
        <div class="client-mode" data-testid="client-mode-screen">
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Loaded::Missing(message) => {
                    view! { <p class="notice warn">{message}</p> <LeaveClientMode id=None/> }.into_any()
                }
                Loaded::Found(autosave) => view! { <ClientSteps autosave/> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn ClientSteps(autosave: Autosave) -> impl IntoView {
    let step = RwSignal::new(0usize);
    let id = autosave.doc.with_untracked(|d| d.id.clone());
    let on_hidden = window_event_listener(leptos::ev::visibilitychange, move |_| autosave.flush());
    on_cleanup(move || {
        on_hidden.remove();
        autosave.flush();
    });
    let ctx = crate::state::use_app();
    let words = move || ClientWords {
        address: autosave.doc.with(|d| d.address),
        variant: ctx.who.with(|w| w.variant()),
    };
    const LAST: usize = CLIENT_STEPS - 1;
    // In a family dialogue the two questions are answered by each in turn.
    let voice = RwSignal::new(Voice::Client);
    let someone_else = move || matches!(voice.get(), Voice::Other(_)) && step.get() < 2;
    view! {
        <p class="client-question" data-testid="client-question">{move || words().question_for(someone_else())}</p>
        <div class="row read-row">
            <p class="steps" aria-label="Stap">
                {move || format!("Stap {} van {}", step.get() + 1, LAST + 1)}
            </p>
            <button
                type="button"
                class="secondary read-aloud"
                data-testid="read-aloud"
                on:click=move |_| {
                    let other = matches!(voice.get_untracked(), Voice::Other(_));
                    actions::read_aloud(&words().spoken_by(step.get_untracked(), other))
                }
            >
                "🔊 Voorlezen"
            </button>
        </div>
        {move || match step.get() {
            0 => {
                view! {
                    <div class="client-step">
                        <h1>{move || words().heading(0)}</h1>
                        <SpeakerChoice autosave voice/>
                        <VoiceParts autosave voice for_client=true only=Aspect::Good/>
                    </div>
                }
                    .into_any()
            }
            1 => {
                view! {
                    <div class="client-step">
                        <h1>{move || words().heading(1)}</h1>
                        <SpeakerChoice autosave voice/>
                        <VoiceParts autosave voice for_client=true only=Aspect::Better/>
                    </div>
                }
                    .into_any()
            }
            2 => {
                view! {
                    <div class="client-step">
                        <h1>{move || words().heading(2)}</h1>
                        <p class="hint">"0 = helemaal niet goed, 10 = heel goed."</p>
                        <ScaleSliders autosave side=Side::Client/>
                    </div>
                }
                    .into_any()
            }
            3 => {
                view! {
                    <div class="client-step" data-testid="client-mirror-step">
                        <h1>{move || words().heading(3)}</h1>
                        <MirrorQuestions autosave side=Side::Client/>
                    </div>
                }
                    .into_any()
            }
            4 => view! { <ClientConsent autosave/> }.into_any(),
            _ => {
                view! {
                    <div class="client-step done">
                        <h1>{move || words().heading(5)}</h1>
                        <p>{move || words().give_back()}</p>
                    </div>
                }
                    .into_any()
            }
        }}
        <div class="client-nav">
            <button
                type="button"
                class="secondary big"
                disabled=move || step.get() == 0
                on:click=move |_| step.update(|s| *s = s.saturating_sub(1))
            >
                "← Terug"
            </button>
            <button
                type="button"
                class="primary big"
                data-testid="client-next"
                disabled=move || { step.get() >= LAST }
                on:click=move |_| step.update(|s| *s = (*s + 1).min(LAST))
            >
                "Verder →"
            </button>
        </div>
        <SaveIndicator autosave/>
        <LeaveClientMode id=Some(id)/>
    }
    .into_any()
}

/// *Mag het team meelezen?* asked of the client, in short sentences: the choice waits for the
/// worker's confirmation (it shares nothing by itself).
#[component]
fn ClientConsent(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let ctx = crate::state::use_app();
    let words = move || ClientWords {
        address: doc.with(|d| d.address),
        variant: ctx.who.with(|w| w.variant()),
    };
    view! {
        <div class="client-step" data-testid="client-consent">
            <h1>{move || words().heading(4)}</h1>
            {move || words().consent_text().into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            <div class="choices">
                {move || {
                    words()
                        .consent_choices()
                        .into_iter()
                        .map(|(value, icon, label)| {
                            view! {
                                <button
                                    type="button"
                                    class="choice big"
                                    aria-pressed=move || doc.with(|d| d.client_consent == value).to_string()
                                    on:click=move |_| autosave.edit_now(|d| d.client_consent = value)
                                >
                                    <span aria-hidden="true">{icon}</span>
                                    " "
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </div>
    }
    .into_any()
}

/// The worker's way back: hold the button, then type the PIN.
#[component]
fn LeaveClientMode(id: Option<String>) -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let holding = StoredValue::new_local(None::<TimeoutHandle>);
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let press = move |_| {
        let handle = set_timeout_with_handle(
            move || {
                asking.try_set(true);
            },
            HOLD,
        )
        .ok();
        holding.set_value(handle);
    };
    let release = move |_| {
        if let Some(Some(handle)) = holding.try_update_value(|h| h.take()) {
            handle.clear();
        }
    };
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let id = id.clone();
        actions::check_pin(ctx, pin.get_untracked(), move |result| {
            busy.try_set(false);
            pin.try_set(String::new());
            match result {
                Ok(()) => {
                    actions::set_client_mode(None);
                    let to = id
                        .as_ref()
                        .map_or("/".to_owned(), |id| format!("/dialoog/{id}?stap=client"));
                    navigate(&to, Default::default());
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    view! {
        <div class="leave">
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="link hold"
                            data-testid="leave-client-mode"
                            on:pointerdown=press
                            on:pointerup=release
                            on:pointerleave=release
                            on:pointercancel=release
                            on:contextmenu=|ev| ev.prevent_default()
                        >
                            "Hulpverlener: houd ingedrukt om terug te gaan"
                        </button>
                    }
                }
            >
                <form class="card form" on:submit=submit.clone()>
                    <label for="pin">"Pincode van de hulpverlener"</label>
                    <input id="pin" type="password" inputmode="numeric" autocomplete="off" bind:value=pin/>
                    {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>"Terug naar mijn scherm"</button>
                        <button type="button" class="secondary" on:click=move |_| asking.set(false)>
                            "Annuleren"
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
    .into_any()
}

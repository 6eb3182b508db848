//! The werkalliantie-dialoog being held, as a guided conversation in steps (issue 18; which
//! steps, and their guidance, in [`crate::dialogues::guide`]): prepare, the client's and the
//! worker's view (keywords, text, drawings, photos, quick scales, the attitude mirror),
//! strengths, agreements, sharing, and the reflection after the visit. Everything saves itself.
//!
//! Here: loading, the page and its frame (the step bar, *Vorige*/*Volgende*, the guidance,
//! basics, client mode, delete); the parts in [`parts`], the other sections in [`sections`],
//! what the guided dialogue adds in [`steps`], a conflict's versions in [`versions`].

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use werkzaam_domain::dialogue::{PartKey, Setting, Side, Status, Voice};
use werkzaam_domain::drawing;

use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::dialogues::guide::{self, Step};
use crate::dialogues::paper::PaperSheet;
use crate::state::{use_app, Who};
use crate::ui::words::SaveState;

mod family;
mod parts;
mod sections;
mod steps;
mod versions;

pub use family::{SpeakerChoice, VoiceParts};
pub use parts::PartEditor;
pub use sections::ScaleSliders;
use sections::{ConsentEditor, ReflectionEditor, ScalesEditor, StrengthsEditor};
pub use steps::MirrorQuestions;
pub use versions::ConflictList;
use versions::ConflictPanel;

/// Loading a dialogue from the device, or why it cannot be shown.
#[derive(Clone)]
pub enum Loaded {
    Loading,
    Found(Autosave),
    Missing(String),
}

/// Reads dialogue `id` from the device into an [`Autosave`].
pub fn load_into(id: String) -> RwSignal<Loaded, LocalStorage> {
    let ctx = use_app();
    let loaded = RwSignal::new_local(Loaded::Loading);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if !matches!(ctx.who.get(), Who::LoggedIn(_)) || !ctx.ready.get() {
            return false;
        }
        let id = id.clone();
        actions::load_dialogue(ctx, id, move |result| {
            loaded.try_set(match result {
                Ok(Some(d)) => Loaded::Found(Autosave::new(ctx, d)),
                Ok(None) => Loaded::Missing("Deze dialoog staat niet op dit apparaat.".into()),
                Err(message) => Loaded::Missing(message),
            });
        });
        true
    });
    loaded
}

#[component]
pub fn SaveIndicator(autosave: Autosave) -> impl IntoView {
    // Shown with every editor of a dialogue: an update writes what is typed first.
    crate::ui::flush_before_update(move || autosave.flush());
    view! {
        <p
            class=move || match autosave.state.get() {
                SaveState::Failed(_) => "save-state error",
                SaveState::Saved => "save-state ok",
                _ => "save-state",
            }
            role="status"
            data-testid="save-state"
        >
            {move || use_app().who.with(|w| w.variant().words(&autosave.state.get().label()))}
        </p>
    }
    .into_any()
}

#[component]
pub fn DialogueEditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let loaded = load_into(id);
    view! {
        {move || match loaded.get() {
            Loaded::Loading => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Loaded::Missing(message) => view! { <p class="notice warn">{message}</p> }.into_any(),
            Loaded::Found(autosave) => view! { <DialogueEditor autosave/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn DialogueEditor(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let id = doc.with_untracked(|d| d.id.clone());
    // Write at once when the app goes to the background (a phone put away).
    let on_hidden = window_event_listener(leptos::ev::visibilitychange, move |_| autosave.flush());
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| autosave.flush());
    on_cleanup(move || {
        on_hidden.remove();
        on_hide.remove();
        autosave.flush();
    });
    // A pull brought a newer copy (merged on the server): show it.
    let ctx = use_app();
    let watched = id.clone();
    Effect::new(move |_| {
        let stored = ctx.dialogues.with(|list| {
            list.as_ref()
                .and_then(|l| l.iter().find(|x| x.record.id == watched))
                .map(|x| x.record.clone())
        });
        if let Some(stored) = stored {
            autosave.take_newer(&stored);
        }
    });
    let query = use_query_map();
    let step = Memo::new(move |_| {
        let path = doc.with(|d| d.path);
        query.with(|q| guide::current(path, q.get_str("stap")))
    });
    let code = move || doc.with(|d| d.client_code.clone());
    view! {
        <div class="editor" data-testid="editor">
            <p class="crumbs">
                <a href=move || format!("/client/{}", code())>"← Cliënt " {code}</a>
            </p>
            <h1>"Dialoog met " {code}</h1>
            <SaveIndicator autosave/>
            <ConflictPanel autosave/>
            <StepBar autosave step/>
            <h2 class="step-title" data-testid="step-title">{move || step.get().title()}</h2>
            <Guide step/>
            {move || step_view(autosave, step.get())}
            <StepNav autosave step/>
        </div>
    }
    .into_any()
}

/// What one step shows.
fn step_view(autosave: Autosave, step: Step) -> AnyView {
    match step {
        Step::Prepare => view! {
            <steps::LastTimeCard autosave/>
            <Basics autosave/>
            <family::OthersEditor autosave/>
            <steps::PathChoice autosave/>
            <PaperSheet autosave/>
            <DeleteDialogue autosave/>
        }
        .into_any(),
        Step::Client => {
            let voice = RwSignal::new(Voice::Client);
            view! {
                <ClientModeStart autosave/>
                <section class="card">
                    <SpeakerChoice autosave voice/>
                    <p class="hint">
                        {move || match voice.get() {
                            Voice::Other(slot) => format!(
                                "{} antwoordt op dezelfde vraag: met woorden of een tekening.",
                                autosave.doc.with(|d| d.other_name(slot)),
                            ),
                            _ => "De cliënt antwoordt: met woorden, een tekening of een foto van een collage."
                                .to_owned(),
                        }}
                    </p>
                    <VoiceParts autosave voice/>
                </section>
                <ScalesEditor autosave side=Side::Client/>
            }
            .into_any()
        }
        Step::Worker => view! {
            <section class="card">
                <p class="hint">"Jij antwoordt, ook met trefwoorden of een tekening."</p>
                <PartEditor autosave key=PartKey::ALL[2]/>
                <PartEditor autosave key=PartKey::ALL[3]/>
            </section>
            <ScalesEditor autosave side=Side::Worker/>
            <steps::WorkerMirror autosave/>
        }
        .into_any(),
        Step::Strengths => view! { <StrengthsEditor autosave/> }.into_any(),
        Step::Agreements => {
            let keepsake = format!(
                "/dialoog/{}/voor-de-client",
                autosave.doc.with_untracked(|d| d.id.clone())
            );
            view! {
                <steps::AgreementsEditor autosave/>
                <a class="button wide" data-testid="keepsake-link" href=keepsake>"📄 Voor de cliënt: om te bewaren"</a>
            }
            .into_any()
        }
        Step::Sheet => view! {
            <steps::SheetEditor autosave/>
            <PaperSheet autosave/>
        }
        .into_any(),
        Step::Share => view! {
            <steps::ClientChoice autosave/>
            <ConsentEditor autosave/>
        }
        .into_any(),
        Step::Reflect => view! { <ReflectionEditor autosave/> }.into_any(),
    }
}

/// The steps of the way the dialogue is held, each a tap away; a tick where something is
/// filled in. The reflection comes after a gap: it is not part of the visit.
#[component]
fn StepBar(autosave: Autosave, step: Memo<Step>) -> impl IntoView {
    let doc = autosave.doc;
    let go = go_to(autosave);
    let path = Memo::new(move |_| doc.with(|d| d.path));
    move || {
        let path = path.get();
        let current = step.get();
        let list = guide::steps(path);
        let at = list.iter().position(|s| *s == current).unwrap_or(0);
        let go = go.clone();
        view! {
            <nav class="stepbar" aria-label="Stappen">
                <p class="steps">{format!("Stap {} van {}", at + 1, list.len())}</p>
                <ol>
                    {list
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let s = *s;
                            let go = go.clone();
                            let filled = move || doc.with(|d| guide::filled(d, s));
                            view! {
                                <li class:after=!s.during_visit()>
                                    <button
                                        type="button"
                                        aria-label=s.short()
                                        aria-current=(s == current).then_some("step")
                                        class:done=filled
                                        on:click=move |_| go(s)
                                    >
                                        {move || if filled() { "✓".to_owned() } else { (i + 1).to_string() }}
                                    </button>
                                    <span class="step-name" aria-hidden="true">{s.tiny()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    }
}

/// A function that writes what is typed and opens step `s`.
fn go_to(autosave: Autosave) -> impl Fn(Step) + Clone + 'static {
    let navigate = use_navigate();
    let id = autosave.doc.with_untracked(|d| d.id.clone());
    move |s: Step| {
        autosave.flush();
        navigate(
            &format!("/dialoog/{id}?stap={}", s.slug()),
            Default::default(),
        );
    }
}

/// *Vorige* and *Volgende* under each step.
#[component]
fn StepNav(autosave: Autosave, step: Memo<Step>) -> impl IntoView {
    let doc = autosave.doc;
    let go = go_to(autosave);
    let overview = format!(
        "/dialoog/{}/overzicht",
        doc.with_untracked(|d| d.id.clone())
    );
    let path = Memo::new(move |_| doc.with(|d| d.path));
    move || {
        let (before, after) = guide::neighbours(path.get(), step.get());
        let back = before.map(|s| {
            let go = go.clone();
            view! {
                <button type="button" class="secondary big" on:click=move |_| go(s)>"← Vorige"</button>
            }
        });
        let next = match after {
            Some(s) => {
                let go = go.clone();
                let label = if s.during_visit() {
                    format!("Volgende: {} →", s.short())
                } else {
                    "Klaar, na het gesprek →".to_owned()
                };
                view! {
                    <button type="button" class="primary big" data-testid="next-step" on:click=move |_| go(s)>
                        {label}
                    </button>
                }
                .into_any()
            }
            None => view! {
                <a class="button primary big" href=overview.clone()>"Naast elkaar bekijken"</a>
            }
            .into_any(),
        };
        view! { <div class="step-nav">{back} {next}</div> }
    }
}

/// The step's guidance, folded: one tap opens it.
#[component]
fn Guide(step: Memo<Step>) -> impl IntoView {
    let ctx = use_app();
    view! {
        <details class="guide" data-testid="guide">
            <summary>"💡 Tips voor deze stap"</summary>
            <ul>{move || {
                let variant = ctx.who.with(|w| w.variant());
                step.get().guide().iter().map(|line| view! { <li>{variant.words(line)}</li> }).collect_view()
            }}</ul>
        </details>
    }
    .into_any()
}

/// "Dialoog verwijderen", after a second tap: the dialogue becomes a tombstone that hides it on
/// every device of the worker.
#[component]
fn DeleteDialogue(autosave: Autosave) -> impl IntoView {
    let asking = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move |_| {
        let code = autosave.doc.with_untracked(|d| d.client_code.clone());
        autosave.edit_now(|d| d.deleted = true);
        navigate(&format!("/client/{code}"), Default::default());
    };
    view! {
        <section class="card delete" data-testid="delete-dialogue">
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button type="button" class="button secondary wide" on:click=move |_| asking.set(true)>
                            "Dialoog verwijderen"
                        </button>
                    }
                }
            >
                <p>"Deze dialoog verwijderen, ook op je andere apparaten?"</p>
                <div class="row">
                    <button type="button" class="button secondary" on:click=move |_| asking.set(false)>
                        "Nee, bewaren"
                    </button>
                    <button type="button" class="button danger" on:click=delete.clone()>
                        "Ja, verwijderen"
                    </button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn Basics(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    view! {
        <section class="card form basics">
            <label for="held_on">"Datum"</label>
            <input
                id="held_on"
                type="date"
                prop:value=move || doc.with(|d| d.held_on.clone())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if werkzaam_domain::rules::validate::date(&v).is_ok() {
                        autosave.edit_now(|d| d.held_on = v);
                    }
                }
            />
            <label for="setting">"Waar"</label>
            <select
                id="setting"
                prop:value=move || doc.with(|d| d.setting.key())
                on:change=move |ev| {
                    if let Some(s) = Setting::from_key(&event_target_value(&ev)) {
                        autosave.edit_now(|d| d.setting = s);
                    }
                }
            >
                {Setting::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.key()>{s.label()}</option> })
                    .collect_view()}
            </select>
            <steps::AddressChoice autosave/>
            <label for="nickname">"Geheugensteun (geen naam)"</label>
            <input
                id="nickname"
                autocomplete="off"
                maxlength="40"
                prop:value=move || doc.with(|d| d.nickname.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    autosave.edit(|d| d.nickname = v);
                }
                on:change=move |_| autosave.flush()
            />
            <fieldset class="toggle" aria-label="Status">
                {[Status::Draft, Status::Done]
                    .into_iter()
                    .map(|s| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || doc.with(|d| d.status == s).to_string()
                                on:click=move |_| autosave.edit_now(|d| d.status = s)
                            >
                                {s.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
    }
    .into_any()
}

/// "Apparaat aan de cliënt geven": asks for a PIN the first time, then starts client mode.
/// Hands the device to the client: the worker's PIN (the one of the vault) brings it back.
#[component]
fn ClientModeStart(autosave: Autosave) -> impl IntoView {
    let navigate = use_navigate();
    let id = autosave.doc.with_untracked(|d| d.id.clone());
    let start = move |_| {
        autosave.flush();
        actions::set_client_mode(Some(&id));
        navigate(&format!("/dialoog/{id}/client"), Default::default());
    };
    view! {
        <button type="button" class="primary wide handover" on:click=start data-testid="client-mode">
            {move || use_app().who.with(|w| w.variant().words("🤲 Apparaat aan de cliënt geven"))}
        </button>
        <p class="hint">"Terug naar je eigen scherm gaat met je pincode."</p>
    }
    .into_any()
}

/// Whether the sheet is open, and with which drawing to go on with (`None`: a new sheet).
#[derive(Debug, Clone, PartialEq)]
enum PadTarget {
    Closed,
    Open { initial: Option<drawing::Drawing> },
}

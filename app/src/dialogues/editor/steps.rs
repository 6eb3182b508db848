//! The pieces the guided dialogue adds (issue 18): *je* or *u*, the way of holding it, *Vorige
//! keer* with *Is het beter geworden?*, the agreements, the attitude mirror, a question for a
//! gap between client and worker, the photo of the paper sheet, and the client's choice about
//! sharing waiting for the worker.

use leptos::prelude::*;
use werkzaam_domain::dialogue::{Address, Agreement, Attitude, Party, Path, Side, MIRROR_ANSWERS};
use werkzaam_domain::rules::follow_up;
use werkzaam_domain::Dialogue;

use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::dialogues::{guide, paper};
use crate::state::use_app;
use crate::ui::media::{MediaSource, MediaThumb};
use crate::ui::words::date_nl;

/// *je* or *u*: how client mode speaks to this client.
#[component]
pub(super) fn AddressChoice(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    view! {
        <p class="label" id="address-label">"Hoe spreek je de cliënt aan?"</p>
        <fieldset class="toggle" aria-labelledby="address-label">
            {[(Address::Je, "je"), (Address::U, "u")]
                .into_iter()
                .map(|(a, label)| {
                    view! {
                        <button
                            type="button"
                            aria-pressed=move || doc.with(|d| d.address == a).to_string()
                            on:click=move |_| autosave.edit_now(|d| d.address = a)
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The way of holding the dialogue: every step, the two questions only, or the paper sheet.
#[component]
pub(super) fn PathChoice(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    view! {
        <section class="card" aria-labelledby="path-label">
            <h3 id="path-label">"Hoe doe je het gesprek?"</h3>
            <div class="choices">
                {Path::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button
                                type="button"
                                class="choice"
                                aria-pressed=move || doc.with(|d| d.path == p).to_string()
                                on:click=move |_| autosave.edit_now(|d| d.path = p)
                            >
                                {p.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
    .into_any()
}

/// The dialogue before this one with the same client, from the device.
fn last_time(doc: RwSignal<Dialogue>) -> Memo<Option<follow_up::LastTime>> {
    let ctx = use_app();
    Memo::new(move |_| {
        doc.with(|current| {
            ctx.dialogues.with(|list| {
                let list = list.as_ref()?;
                follow_up::previous(list.iter().map(|l| &l.record), current)
                    .map(follow_up::last_time)
            })
        })
    })
}

/// *Vorige keer*: what went well, what could be better and what was agreed; for each agreement
/// *Is het beter geworden?*
#[component]
pub(super) fn LastTimeCard(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let last = last_time(doc);
    move || {
        let last = last.get().filter(|l| !l.is_empty())?;
        let words = |title: &'static str, list: Vec<String>| {
            (!list.is_empty()).then(|| {
                view! {
                    <p class="label">{title}</p>
                    <ul class="chips">{list.into_iter().map(|w| view! { <li class="chip">{w}</li> }).collect_view()}</ul>
                }
            })
        };
        let agreements = last.agreements.clone();
        Some(
            view! {
                <section class="card last-time" data-testid="last-time">
                    <h3>"Vorige keer (" {date_nl(&last.held_on)} ")"</h3>
                    {words("Wat ging goed", last.good.clone())}
                    {words("Wat kon beter", last.better.clone())}
                    {(!agreements.is_empty())
                        .then(|| {
                            view! {
                                <p class="label">"Afspraken: is het beter geworden?"</p>
                                {agreements
                                    .into_iter()
                                    .map(|a| view! { <CheckRow autosave agreement=a/> })
                                    .collect_view()}
                            }
                        })}
                </section>
            }
            .into_any(),
        )
    }
}

#[component]
fn CheckRow(autosave: Autosave, agreement: Agreement) -> impl IntoView {
    let doc = autosave.doc;
    let id = agreement.id.clone();
    let answer = Memo::new(move |_| {
        doc.with(|d| {
            d.checks
                .iter()
                .rev()
                .find(|c| c.agreement == id)
                .map(|c| c.progress)
        })
    });
    let what = agreement.what.clone();
    let who = agreement.who.label();
    view! {
        <div class="check-row" data-testid="check">
            <p>{what} <span class="muted">" · " {who}</span></p>
            <div class="toggle" role="group" aria-label="Is het beter geworden?">
                {werkzaam_domain::dialogue::Progress::ALL
                    .into_iter()
                    .map(|p| {
                        let agreement = agreement.clone();
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (answer.get() == Some(p)).to_string()
                                on:click=move |_| {
                                    let next = (answer.get_untracked() != Some(p)).then_some(p);
                                    autosave.edit_now(|d| follow_up::answer(d, &agreement, next));
                                }
                            >
                                <span aria-hidden="true">{p.pictogram()}</span>
                                " "
                                {p.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
    .into_any()
}

/// *Afspraken*: wat, wie, wanneer; a *wat kan beter* becomes one with a tap.
#[component]
pub(super) fn AgreementsEditor(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let what = RwSignal::new(String::new());
    let who = RwSignal::new(Party::Client);
    let when = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let list = Memo::new(move |_| doc.with(|d| d.agreements.clone()));
    let suggestions = Memo::new(move |_| doc.with(guide::agreement_suggestions));
    let add = move |text: String| {
        let agreement = Agreement {
            id: actions::new_id(),
            what: text.trim().to_owned(),
            who: who.get_untracked(),
            when: when.get_untracked(),
        };
        let mut next = doc.get_untracked();
        next.agreements.push(agreement.clone());
        match werkzaam_domain::rules::validate::dialogue(&next) {
            Ok(()) => {
                error.set(None);
                what.set(String::new());
                when.set(String::new());
                autosave.edit_now(|d| d.agreements.push(agreement));
            }
            Err(e) => error.set(Some(e.message)),
        }
    };
    let remove = move |id: String| autosave.edit_now(|d| d.agreements.retain(|a| a.id != id));
    view! {
        <ul class="agreements" data-testid="agreements">
            <For each=move || list.get() key=|a| a.clone() let:a>
                <li class="agreement" data-testid="agreement">
                    <p class="what">{a.what.clone()}</p>
                    <p class="muted">
                        {a.who.label()}
                        {(!a.when.is_empty()).then(|| format!(" · vóór {}", date_nl(&a.when)))}
                    </p>
                    <button
                        type="button"
                        class="link"
                        on:click={
                            let id = a.id.clone();
                            move |_| remove(id.clone())
                        }
                    >
                        "Verwijderen"
                    </button>
                </li>
            </For>
        </ul>
        <Show when=move || !suggestions.get().is_empty()>
            <p class="label">"Van ‘wat kan beter’ een afspraak maken:"</p>
            <div class="quick-words">
                {move || {
                    suggestions
                        .get()
                        .into_iter()
                        .map(|word| {
                            view! {
                                <button type="button" class="quick" on:click=move |_| what.set(word.clone())>
                                    "➕ "
                                    {word.clone()}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </Show>
        <div class="card form">
            <label for="agreement-what">"Wat gaan we doen?"</label>
            <textarea id="agreement-what" rows="2" maxlength="300" bind:value=what></textarea>
            <p class="label" id="agreement-who">"Wie doet het?"</p>
            <fieldset class="toggle" aria-labelledby="agreement-who">
                {Party::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (who.get() == p).to_string()
                                on:click=move |_| who.set(p)
                            >
                                {p.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label for="agreement-when">"Wanneer? (mag leeg)"</label>
            <input id="agreement-when" type="date" bind:value=when/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="button" class="primary wide" on:click=move |_| add(what.get_untracked())>
                "Afspraak toevoegen"
            </button>
        </div>
    }
    .into_any()
}

/// The attitude mirror (seed 003) for one side: three questions, each with three faces.
#[component]
pub fn MirrorQuestions(autosave: Autosave, side: Side) -> impl IntoView {
    let doc = autosave.doc;
    Attitude::ALL
        .into_iter()
        .map(|a| {
            let question = move || {
                doc.with(|d| match side {
                    Side::Client => a.client_question(d.address),
                    Side::Worker => a.worker_question(),
                })
            };
            let value = move || doc.with(|d| d.mirror.side(side).get(a));
            view! {
                <div class="mirror-question" data-testid=format!("mirror-{}", a.slug())>
                    <p class="label">
                        <span class="picto" aria-hidden="true">{a.pictogram()}</span>
                        " "
                        {question}
                    </p>
                    <div class="faces" role="group" aria-label=question>
                        {MIRROR_ANSWERS
                            .into_iter()
                            .map(|(n, face, words)| {
                                view! {
                                    <button
                                        type="button"
                                        class="face"
                                        aria-label=words
                                        aria-pressed=move || (value() == Some(n)).to_string()
                                        on:click=move |_| {
                                            let next = (value() != Some(n)).then_some(n);
                                            autosave.edit_now(|d| d.mirror.side_mut(side).set(a, next));
                                        }
                                    >
                                        <span aria-hidden="true">{face}</span>
                                        <span class="face-words">{words}</span>
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// The worker's own answers to the mirror, beside what the client answered in client mode.
#[component]
pub(super) fn WorkerMirror(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let client = move || {
        doc.with(|d| {
            Attitude::ALL
                .into_iter()
                .filter_map(|a| {
                    let n = d.mirror.client.get(a)?;
                    Some(format!(
                        "{} {}",
                        a.client_question(d.address),
                        follow_up::mirror_words(n)
                    ))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" data-testid="worker-mirror">
            <h3>"Hoe ging het gesprek?"</h3>
            <p class="hint">"Hoe denk jij dat de cliënt het gesprek ervaart? Daarna zie je wat de cliënt zelf koos."</p>
            <MirrorQuestions autosave side=Side::Worker/>
            <Show when=move || !client().is_empty()>
                <p class="label">"De cliënt koos:"</p>
                <ul class="plain" data-testid="client-mirror">
                    {move || client().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </Show>
            <GapPrompts autosave/>
        </section>
    }
    .into_any()
}

/// When client and worker see something quite differently: a solution-focused question.
#[component]
fn GapPrompts(autosave: Autosave) -> impl IntoView {
    let prompts = Memo::new(move |_| autosave.doc.with(follow_up::prompts));
    move || {
        let list = prompts.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice info" data-testid="gap-prompt">
                    <p>"Jullie zien dit verschillend. Vraag eens:"</p>
                    <ul class="plain">
                        {list
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <li>
                                        <strong>{p.question}</strong>
                                        <span class="muted">
                                            {format!(" ({}: cliënt {}, jij {})", p.about, p.client, p.worker)}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// *Foto van het blad*: photos of the filled paper sheet.
#[component]
pub(super) fn SheetEditor(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let error = RwSignal::new(None::<String>);
    // A sheet's photo whose code is another dialogue's: said, not refused (the worker decides).
    let other_sheet = RwSignal::new(None::<String>);
    let photos = Memo::new(move |_| doc.with(|d| d.sheet.clone()));
    let id = doc.with_untracked(|d| d.id.clone());
    let own = werkzaam_paper::SheetCode::of(&id);
    let chosen = move |ev: leptos::ev::Event| {
        error.set(None);
        other_sheet.set(None);
        actions::photo_with_grey(ev, move |result| match result {
            Ok(None) => {}
            Ok(Some((blob, grey))) => {
                super::parts::add_photo(autosave, error, |d| &mut d.sheet, blob);
                leptos::task::spawn_local(async move {
                    if let Ok(Some((code, _))) = crate::dialogues::paper::read_code(grey).await {
                        if code != own {
                            other_sheet.try_set(Some(paper::other_sheet_message(code, own)));
                        }
                    }
                });
            }
            Err(message) => {
                error.try_set(Some(message));
            }
        });
    };
    view! {
        <div class="thumbs" data-testid="sheet">
            {move || {
                photos
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| {
                        view! {
                            <div class="media-item" data-testid="media-item">
                                <MediaThumb media=m source=MediaSource::Device(id.clone())/>
                                <button
                                    type="button"
                                    class="link"
                                    on:click=move |_| {
                                        autosave.edit_now(|d| {
                                            if i < d.sheet.len() {
                                                d.sheet.remove(i);
                                            }
                                        })
                                    }
                                >
                                    "Weghalen"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
        {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        {move || other_sheet.get().map(|m| view! { <p class="notice warn" role="alert" data-testid="other-sheet">{m}</p> })}
        <label class="button primary wide" for="sheet-photo">"📷 Foto van het blad maken"</label>
        <input
            id="sheet-photo"
            class="sr-only"
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="sheet-photo-input"
            on:change=chosen
        />
    }
    .into_any()
}

/// The client's choice about sharing from client mode, for the worker to confirm.
#[component]
pub(super) fn ClientChoice(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    move || {
        let said = doc.with(guide::client_choice)?;
        Some(view! {
            <div class="notice info" data-testid="client-choice">
                <p>{said}</p>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        let today = actions::today();
                        autosave.edit_now(|d| {
                            let value = d.client_consent;
                            guide::decide(d, value, today);
                        });
                    }
                >
                    "Bevestigen"
                </button>
            </div>
        })
    }
}

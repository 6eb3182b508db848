//! The worker's screens: the clients and their history, a new dialogue, a dialogue side by side
//! (with what the team sees of it), and erasing a client.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use werkzaam_domain::dialogue::{Attitude, Domain, Question, Scale, Side};
use werkzaam_domain::Dialogue;

use crate::actions;
use crate::dialogues::logic::{clients, consent_summary, history, neighbours, NewDialogueForm};
use crate::state::{use_app, ListedDialogue, Who};
use crate::ui::media::{MediaSource, SideBySide};
use crate::ui::words::{date_nl, delivery_badge, snippet};

use crate::ui::Loading;

/// The worker's clients on this device, and a new dialogue.
#[component]
pub fn DialoguesPage() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if ctx.who.get() == Who::LoggedOut {
            navigate("/inloggen", Default::default());
        } else if ctx.who.get().is_admin() {
            navigate("/beheer", Default::default());
        }
    });
    view! {
        <h1>"Werkalliantie-dialogen"</h1>
        {move || match ctx.who.get() {
            Who::LoggedIn(_) => {
                view! {
                    <NewDialogue code=String::new()/>
                    {move || ctx.round.get().map(|r| view! {
                        <a class="card card-link round-notice" href=format!("/ronde/{}", r.id) data-testid="round-notice">
                            <strong>{r.title}</strong>
                            <span class="small">{r.line}</span>
                        </a>
                    })}
                    <ClientList/>
                    <p class="muted small storage" data-testid="storage-info">
                        {move || ctx.storage_info.get()}
                    </p>
                }
                    .into_any()
            }
            _ => view! { <Loading/> }.into_any(),
        }}
    }
    .into_any()
}

/// Starts a dialogue: client code (or a known one), nickname, date; then opens it.
#[component]
fn NewDialogue(code: String) -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let fixed_code = !code.is_empty();
    let client_code = RwSignal::new(code);
    let nickname = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let known_codes = move || {
        ctx.dialogues
            .get()
            .map(|list| {
                clients(&list)
                    .into_iter()
                    .map(|c| c.code)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };

    let start = move |_| {
        held_on.set(actions::today());
        error.set(None);
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = NewDialogueForm {
            client_code: client_code.get_untracked(),
            nickname: nickname.get_untracked(),
            held_on: held_on.get_untracked(),
        };
        let made = ctx.dialogues.with_untracked(|list| {
            let earlier = list.iter().flatten().map(|l| &l.record);
            form.to_dialogue(actions::new_id(), actions::now_ms(), earlier)
        });
        let dialogue = match made {
            Ok(d) => d,
            Err(invalid) => {
                error.set(Some(invalid.message));
                return;
            }
        };
        busy.set(true);
        let id = dialogue.id.clone();
        let navigate = navigate.clone();
        actions::save_dialogue(ctx, dialogue, Vec::new(), move |result| {
            busy.set(false);
            match result {
                Ok(()) => {
                    open.set(false);
                    navigate(&format!("/dialoog/{id}"), Default::default());
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };

    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button type="button" class="primary wide" on:click=start disabled=move || !ctx.ready.get()>
                        "+ Nieuwe dialoog"
                    </button>
                    <a class="button wide" href="/blad">"📷 Foto van een blad"</a>
                }
            }
        >
            <form class="card form" method="post" on:submit=submit.clone() novalidate=true>
                <fieldset disabled=move || !ctx.ready.get()>
                <h2>"Nieuwe dialoog"</h2>
                <label for="client_code">"Cliëntcode"</label>
                <p class="hint" id="client_code_hint">"Geen naam: gebruik de code uit jullie registratie."</p>
                <input
                    id="client_code"
                    name="client_code"
                    autocomplete="off"
                    list="known_codes"
                    readonly=fixed_code
                    aria-describedby="client_code_hint"
                    bind:value=client_code
                />
                <datalist id="known_codes">
                    {move || known_codes().into_iter().map(|c| view! { <option value=c></option> }).collect_view()}
                </datalist>
                <label for="new_nickname">"Geheugensteun (mag leeg, geen naam)"</label>
                <input id="new_nickname" name="nickname" autocomplete="off" maxlength="40" bind:value=nickname/>
                <label for="new_held_on">"Datum van het gesprek"</label>
                <input id="new_held_on" name="held_on" type="date" bind:value=held_on/>
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        "Beginnen"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>
                        "Annuleren"
                    </button>
                </div>
                </fieldset>
            </form>
        </Show>
    }
    .into_any()
}

#[component]
fn ClientList() -> impl IntoView {
    let ctx = use_app();
    view! {
        <h2 class="section">"Cliënten op dit apparaat"</h2>
        {move || match ctx.dialogues.get() {
            None => view! { <Loading/> }.into_any(),
            Some(list) if list.is_empty() => {
                view! {
                    <p class="muted" data-testid="empty">
                        "Nog geen dialogen. Begin met ‘Nieuwe dialoog’."
                    </p>
                }
                    .into_any()
            }
            Some(list) => {
                view! {
                    <ul class="cards" data-testid="clients">
                        {clients(&list)
                            .into_iter()
                            .map(|c| {
                                let (badge, badge_class) = delivery_badge(c.all_delivered, c.problem, c.conflict);
                                view! {
                                    <li class="card" data-testid="client">
                                        <a class="card-link" href=format!("/client/{}", c.code)>
                                            <div class="card-head">
                                                <strong class="code">{c.code.clone()}</strong>
                                                <span class=badge_class>{badge}</span>
                                            </div>
                                            {(!c.nickname.is_empty()).then(|| view! { <p>{c.nickname.clone()}</p> })}
                                            <p class="muted">
                                                {format!(
                                                    "{} · laatst {}",
                                                    if c.count == 1 { "1 dialoog".to_owned() } else { format!("{} dialogen", c.count) },
                                                    date_nl(&c.last_held_on)
                                                )}
                                            </p>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
    .into_any()
}

/// One client's dialogues over time.
#[component]
pub fn ClientPage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let inzage_problem = RwSignal::new(None::<String>);
    // Outside the list below, which is made again at every sync.
    let celebrated = RwSignal::new(false);
    view! {
        <p class="crumbs"><a href="/">"← Alle cliënten"</a></p>
        <h1>"Cliënt " {code}</h1>
        {move || {
            let code = code();
            match ctx.dialogues.get() {
                None => view! { <Loading/> }.into_any(),
                Some(list) => {
                    let items: Vec<ListedDialogue> = history(&list, &code).into_iter().cloned().collect();
                    let course = crate::dialogues::course::course(
                        &list,
                        &code,
                        &ctx.who.with(|w| {
                            w.profile()
                                .map(|p| crate::dialogues::course::team_thresholds(&p.user_id))
                                .unwrap_or_default()
                        }),
                    );
                    view! {
                        <NewDialogue code=code.clone()/>
                        <ul class="cards" data-testid="history">
                            {items
                                .into_iter()
                                .map(|d| view! { <DialogueCard dialogue=d/> })
                                .collect_view()}
                        </ul>
                        <crate::dialogues::course::ClientCourse course celebrated/>
                    }
                        .into_any()
                }
            }
        }}
        <p class="actions">
            <button type="button" class="secondary" data-testid="inzage"
                on:click=move |_| actions::download_from_server(
                    format!("/api/clienten/{}/inzage", crate::urls::encode(&code())),
                    "inzage.json",
                    move |r| if let Err(m) = r { inzage_problem.try_set(Some(m)); },
                )>
                "Alles van deze cliënt downloaden (inzage)"
            </button>
            {move || inzage_problem.get().map(|m| view! { <p class="notice warn" role="alert">{m}</p> })}
        </p>
        // Outside the list, so its outcome stays when the list changes.
        {move || view! { <ClientErasure code=code()/> }}
    }
    .into_any()
}

/// "Alles van deze cliënt wissen" (AVG): asks for the client code once more, then erases on the
/// server, on this device and (at their next sync) on the worker's other devices.
#[component]
fn ClientErasure(code: String) -> impl IntoView {
    let ctx = use_app();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<String, String>>);
    let code = StoredValue::new(code);
    let matches = move || typed.with(|t| code.with_value(|c| t.trim() == c));
    let erase = move |_| {
        busy.set(true);
        actions::erase_client(ctx, code.get_value(), move |outcome| {
            busy.try_set(false);
            if outcome.is_ok() {
                open.try_set(false);
            }
            result.try_set(Some(outcome));
        });
    };
    view! {
        <section class="card erase" data-testid="erase-client">
            <h2>"Gegevens van deze cliënt wissen"</h2>
            <p class="hint">
                "Wist alle dialogen met deze cliënt, ook tekeningen en foto's: op dit apparaat, op de server en op je andere apparaten. Dit kun je niet terugdraaien."
            </p>
            {move || {
                result
                    .get()
                    .map(|r| match r {
                        Ok(message) => view! { <p class="notice ok" role="status">{message}</p> }.into_any(),
                        Err(message) => view! { <p class="notice error" role="alert">{message}</p> }.into_any(),
                    })
            }}
            <Show
                when=move || open.get()
                fallback=move || {
                    view! {
                        <button type="button" class="button danger wide" on:click=move |_| open.set(true)>
                            "Alles van deze cliënt wissen"
                        </button>
                    }
                }
            >
                <label for="erase-code">"Typ de cliëntcode " <strong>{code.get_value()}</strong> " om te bevestigen"</label>
                <input
                    id="erase-code"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <div class="row">
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>
                        "Annuleren"
                    </button>
                    <button
                        type="button"
                        class="button danger"
                        disabled=move || !matches() || busy.get()
                        on:click=erase
                    >
                        "Definitief wissen"
                    </button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn DialogueCard(dialogue: ListedDialogue) -> impl IntoView {
    let ListedDialogue {
        record,
        delivered,
        problem,
    } = dialogue;
    let (badge, badge_class) = delivery_badge(delivered, problem, !record.conflicts.is_empty());
    let words: Vec<String> = [
        record.client.good.keywords.clone(),
        record.client.better.keywords.clone(),
    ]
    .concat();
    view! {
        <li class="card" data-testid="dialogue">
            <div class="card-head">
                <strong>{date_nl(&record.held_on)}</strong>
                <span class=badge_class>{badge}</span>
            </div>
            <p class="muted">{format!("{} · {}", record.setting.label(), record.status.label())}</p>
            {(!words.is_empty()).then(|| view! { <p>{snippet(&words.join(", "), 120)}</p> })}
            <div class="actions">
                <a class="button secondary" href=format!("/dialoog/{}/overzicht", record.id)>"Bekijken"</a>
                <a class="button primary" href=resume_url(&record)>"Verder werken"</a>
            </div>
        </li>
    }
    .into_any()
}

/// A dialogue read-only, both perspectives side by side, with the client's previous and next
/// dialogue one tap away.
#[component]
pub fn DialogueOverviewPage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        {move || {
            let id = id();
            match ctx.dialogues.get() {
                None => view! { <Loading/> }.into_any(),
                Some(list) => {
                    let Some(found) = list.iter().find(|d| d.record.id == id).cloned() else {
                        return view! { <p class="notice warn">"Deze dialoog staat niet op dit apparaat."</p> }
                            .into_any();
                    };
                    let (older, newer) = neighbours(&list, &id);
                    let older = older.map(|d| (d.id.clone(), date_nl(&d.held_on)));
                    let newer = newer.map(|d| (d.id.clone(), date_nl(&d.held_on)));
                    let d = found.record;
                    view! {
                        <p class="crumbs">
                            <a href=format!("/client/{}", d.client_code)>"← Cliënt " {d.client_code.clone()}</a>
                        </p>
                        <h1>{format!("Dialoog van {}", date_nl(&d.held_on))}</h1>
                        <p class="muted">{format!("{} · {}", d.setting.label(), d.status.label())}</p>
                        <nav class="prev-next" aria-label="Andere dialogen met deze cliënt">
                            {older.map(|(oid, date)| view! {
                                <a class="button secondary" data-testid="previous" href=format!("/dialoog/{oid}/overzicht")>{format!("← Vorige ({date})")}</a>
                            })}
                            {newer.map(|(nid, date)| view! {
                                <a class="button secondary" href=format!("/dialoog/{nid}/overzicht")>{format!("Volgende ({date}) →")}</a>
                            })}
                        </nav>
                        <SideBySide dialogue=d.clone() source=MediaSource::Device(d.id.clone())/>
                        <DialogueExtras dialogue=d.clone() answers=true reflection=true/>
                        <p class="muted">{consent_summary(&d)}</p>
                        <a class="button wide" data-testid="keepsake-link" href=format!("/dialoog/{}/voor-de-client", d.id)>"📄 Voor de cliënt: om te bewaren"</a>
                        <a class="button primary wide" href=resume_url(&d)>"Verder werken"</a>
                    }
                        .into_any()
                }
            }
        }}
    }
    .into_any()
}

/// *Verder werken*: the dialogue at the step to go on with.
fn resume_url(d: &Dialogue) -> String {
    format!(
        "/dialoog/{}?stap={}",
        d.id,
        crate::dialogues::guide::resume(d).slug()
    )
}

/// Strengths, scales and reflection, read-only, as far as they are filled in (and shared).
#[component]
pub fn DialogueExtras(dialogue: Dialogue, answers: bool, reflection: bool) -> impl IntoView {
    let strengths: Vec<(&'static str, String)> = Domain::ALL
        .into_iter()
        .map(|dm| (dm.label(), dialogue.strengths.get(dm).to_owned()))
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    let scales: Vec<String> = [(Side::Client, "Cliënt"), (Side::Worker, "Hulpverlener")]
        .into_iter()
        .flat_map(|(side, who)| {
            let set = dialogue.scales.side(side).clone();
            Scale::ALL.into_iter().filter_map(move |sc| {
                set.get(sc)
                    .map(|v| format!("{who} · {} {}: {v}", sc.pictogram(), sc.label()))
            })
        })
        .collect();
    let reflections: Vec<(&'static str, String)> = Question::ALL
        .into_iter()
        .map(|q| (q.label(), dialogue.reflection.get(q).to_owned()))
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    let agreements: Vec<String> = dialogue
        .agreements
        .iter()
        .map(|a| {
            let when = if a.when.is_empty() {
                String::new()
            } else {
                format!(", vóór {}", date_nl(&a.when))
            };
            format!("{} ({}{when})", a.what, a.who.label())
        })
        .collect();
    let checks: Vec<String> = dialogue
        .checks
        .iter()
        .map(|c| {
            format!(
                "{} {}: {}",
                c.progress.pictogram(),
                c.what,
                c.progress.label()
            )
        })
        .collect();
    let mirror: Vec<String> = Attitude::ALL
        .into_iter()
        .filter_map(|a| {
            let face = |n: Option<u8>| {
                n.map_or(
                    "—".to_owned(),
                    werkzaam_domain::rules::follow_up::mirror_words,
                )
            };
            let (c, w) = (dialogue.mirror.client.get(a), dialogue.mirror.worker.get(a));
            (c.is_some() || w.is_some()).then(|| {
                format!(
                    "{} {}: cliënt {}, hulpverlener {}",
                    a.pictogram(),
                    a.worker_question(),
                    face(c),
                    face(w)
                )
            })
        })
        .collect();
    view! {
        {(answers && !checks.is_empty()).then(|| view! {
            <h3>"Is het beter geworden?"</h3>
            <ul class="plain" data-testid="checks">{checks.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        {(answers && !agreements.is_empty()).then(|| view! {
            <h3>"Afspraken"</h3>
            <ul class="plain" data-testid="agreements-read">{agreements.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        {(answers && !mirror.is_empty()).then(|| view! {
            <h3>"Hoe ging het gesprek?"</h3>
            <ul class="plain" data-testid="mirror-read">{mirror.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        {(answers && !strengths.is_empty()).then(|| view! {
            <h3>"Krachten"</h3>
            <dl class="pairs" data-testid="strengths">
                {strengths.into_iter().map(|(k, v)| view! { <dt>{k}</dt> <dd>{v}</dd> }).collect_view()}
            </dl>
        })}
        {(answers && !scales.is_empty()).then(|| view! {
            <h3>"Schalen"</h3>
            <ul class="plain">{scales.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        {(reflection && !reflections.is_empty()).then(|| view! {
            <h3>"Reflectie"</h3>
            <dl class="pairs" data-testid="reflection">
                {reflections.into_iter().map(|(k, v)| view! { <dt>{k}</dt> <dd>{v}</dd> }).collect_view()}
            </dl>
        })}
    }
    .into_any()
}

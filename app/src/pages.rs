//! The screens: the worker's dialogues, logging in, and the team lead's overview.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use werkzaam_sync::{Role, TeamOverview};

use crate::actions;
use crate::ctx::{use_app, ListedDialogue, Who};
use crate::logic::{date_nl, snippet, DialogueForm};

#[component]
fn Loading() -> impl IntoView {
    view! { <p class="muted" data-testid="loading">"Even laden…"</p> }
}

/// The worker's werkalliantie-dialogen on this device, and a new one.
#[component]
pub fn DialoguesPage() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if ctx.who.get() == Who::LoggedOut {
            navigate("/inloggen", Default::default());
        }
    });
    view! {
        <h1>"Werkalliantie-dialogen"</h1>
        {move || match ctx.who.get() {
            Who::LoggedIn(_) => view! { <NewDialogue/> <DialogueList/> }.into_any(),
            _ => view! { <Loading/> }.into_any(),
        }}
    }
}

#[component]
fn NewDialogue() -> impl IntoView {
    let ctx = use_app();
    let open = RwSignal::new(false);
    let client_code = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let client_keywords = RwSignal::new(String::new());
    let worker_keywords = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let start = move |_| {
        held_on.set(actions::today());
        saved.set(false);
        error.set(None);
        open.set(true);
    };
    let cancel = move |_| {
        open.set(false);
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let form = DialogueForm {
            client_code: client_code.get_untracked(),
            held_on: held_on.get_untracked(),
            client_keywords: client_keywords.get_untracked(),
            worker_keywords: worker_keywords.get_untracked(),
        };
        actions::save_dialogue(ctx, form, move |result| {
            busy.set(false);
            match result {
                Ok(()) => {
                    for field in [client_code, client_keywords, worker_keywords] {
                        field.set(String::new());
                    }
                    error.set(None);
                    open.set(false);
                    saved.set(true);
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
                    <Show when=move || saved.get()>
                        <p class="notice ok" role="status">"Opgeslagen op dit apparaat."</p>
                    </Show>
                    <button type="button" class="primary wide" on:click=start disabled=move || !ctx.ready.get()>
                        "+ Nieuwe dialoog"
                    </button>
                }
            }
        >
            <form class="card form" method="post" on:submit=submit novalidate=true>
                <fieldset disabled=move || !ctx.ready.get()>
                <h2>"Nieuwe dialoog"</h2>
                <label for="client_code">"Cliëntcode"</label>
                <p class="hint" id="client_code_hint">"Geen naam: gebruik de code uit jullie registratie."</p>
                <input
                    id="client_code"
                    name="client_code"
                    autocomplete="off"
                    aria-describedby="client_code_hint"
                    bind:value=client_code
                />
                <label for="held_on">"Datum van het gesprek"</label>
                <input id="held_on" name="held_on" type="date" bind:value=held_on/>
                <label for="client_keywords">"Hoe ervaart de cliënt de begeleiding?"</label>
                <p class="hint">"Trefwoorden van de cliënt: wat gaat goed, wat kan beter?"</p>
                <textarea id="client_keywords" name="client_keywords" rows="3" bind:value=client_keywords></textarea>
                <label for="worker_keywords">"Hoe ervaar jij de begeleiding?"</label>
                <p class="hint">"Jouw trefwoorden: wat gaat goed, wat kan beter?"</p>
                <textarea id="worker_keywords" name="worker_keywords" rows="3" bind:value=worker_keywords></textarea>
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        "Opslaan"
                    </button>
                    <button type="button" class="secondary" on:click=cancel>
                        "Annuleren"
                    </button>
                </div>
                </fieldset>
            </form>
        </Show>
    }
}

#[component]
fn DialogueList() -> impl IntoView {
    let ctx = use_app();
    view! {
        <h2 class="section">"Op dit apparaat"</h2>
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
                    <ul class="cards" data-testid="dialogues">
                        {list.into_iter().map(|d| view! { <DialogueCard dialogue=d/> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn DialogueCard(dialogue: ListedDialogue) -> impl IntoView {
    let ListedDialogue { record, delivered } = dialogue;
    let (badge, badge_class) = if delivered {
        ("Verzonden", "badge sent")
    } else {
        ("Nog niet verzonden", "badge unsent")
    };
    view! {
        <li class="card" data-testid="dialogue">
            <div class="card-head">
                <strong class="code">{record.client_code.clone()}</strong>
                <span class=badge_class>{badge}</span>
            </div>
            <p class="muted">{date_nl(&record.held_on)}</p>
            <p>
                <span class="label">"Cliënt: "</span>
                {snippet(&record.client_keywords, 120)}
            </p>
            <p>
                <span class="label">"Ik: "</span>
                {snippet(&record.worker_keywords, 120)}
            </p>
        </li>
    }
}

/// Logging in (online only); afterwards the app also starts offline.
#[component]
pub fn LoginPage() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        actions::login(
            ctx,
            email.get_untracked(),
            password.get_untracked(),
            move |result| {
                busy.set(false);
                match result {
                    Ok(()) => {
                        password.set(String::new());
                        let to = if ctx.who.get_untracked().is_team_lead() {
                            "/team"
                        } else {
                            "/"
                        };
                        navigate(to, Default::default());
                    }
                    Err(message) => error.set(Some(message)),
                }
            },
        );
    };
    view! {
        <h1>"Inloggen"</h1>
        {move || {
            ctx.who
                .get()
                .profile()
                .map(|p| {
                    view! {
                        <p class="notice">
                            "Je bent ingelogd als " {p.display_name.clone()}
                            ". Log hier opnieuw in als de app daarom vraagt."
                        </p>
                    }
                })
        }}
        <Show when=move || ctx.online.get() == Some(false)>
            <p class="notice warn">"Je bent offline. Inloggen kan alleen met internet."</p>
        </Show>
        <form class="card form" method="post" on:submit=submit>
            <fieldset disabled=move || !ctx.ready.get()>
            <label for="email">"E-mailadres"</label>
            <input id="email" name="email" type="email" autocomplete="username" inputmode="email" bind:value=email/>
            <label for="password">"Wachtwoord"</label>
            <input id="password" name="password" type="password" autocomplete="current-password" bind:value=password/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" disabled=move || busy.get()>
                "Inloggen"
            </button>
            </fieldset>
        </form>
    }
}

#[derive(Debug, Clone)]
enum TeamState {
    Loading,
    Loaded(TeamOverview),
    Failed(String),
}

/// The team lead's overview of what the team's workers synced.
#[component]
pub fn TeamPage() -> impl IntoView {
    let ctx = use_app();
    let state = RwSignal::new(TeamState::Loading);
    let load = move || {
        state.set(TeamState::Loading);
        actions::load_team(move |result| {
            state.set(match result {
                Ok(overview) => TeamState::Loaded(overview),
                Err(message) => TeamState::Failed(message),
            })
        });
    };
    Effect::new(move |_| {
        if ctx.who.get().is_team_lead() {
            load();
        }
    });
    view! {
        <h1>"Teamoverzicht"</h1>
        {move || match ctx.who.get() {
            Who::Unknown => view! { <Loading/> }.into_any(),
            Who::LoggedOut => {
                view! { <p class="notice">"Log in als teamleider om het teamoverzicht te zien."</p> }
                    .into_any()
            }
            Who::LoggedIn(p) if p.role != Role::Teamleider => {
                view! { <p class="notice">"Het teamoverzicht is alleen voor teamleiders."</p> }
                    .into_any()
            }
            Who::LoggedIn(_) => view! { <TeamList state load/> }.into_any(),
        }}
    }
}

#[component]
fn TeamList(
    state: RwSignal<TeamState>,
    load: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| load()>"Vernieuwen"</button>
        {move || match state.get() {
            TeamState::Loading => view! { <Loading/> }.into_any(),
            TeamState::Failed(message) => {
                view! { <p class="notice warn" role="alert">{message}</p> }.into_any()
            }
            TeamState::Loaded(overview) if overview.dialogues.is_empty() => {
                view! {
                    <p class="muted">{overview.team_name} ": nog geen gedeelde dialogen."</p>
                }
                    .into_any()
            }
            TeamState::Loaded(overview) => {
                view! {
                    <p class="muted">{overview.team_name}</p>
                    <ul class="cards" data-testid="team-dialogues">
                        {overview
                            .dialogues
                            .into_iter()
                            .map(|item| {
                                view! {
                                    <li class="card" data-testid="team-dialogue">
                                        <div class="card-head">
                                            <strong class="code">{item.dialogue.client_code.clone()}</strong>
                                            <span class="muted">{item.worker_name.clone()}</span>
                                        </div>
                                        <p class="muted">{date_nl(&item.dialogue.held_on)}</p>
                                        <p>
                                            <span class="label">"Cliënt: "</span>
                                            {item.dialogue.client_keywords.clone()}
                                        </p>
                                        <p>
                                            <span class="label">"Medewerker: "</span>
                                            {item.dialogue.worker_keywords.clone()}
                                        </p>
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
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Niet gevonden"</h1>
        <p>"Deze pagina bestaat niet. " <a href="/">"Naar je dialogen"</a></p>
    }
}

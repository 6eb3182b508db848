//! Logging in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::actions;
use crate::state::use_app;

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
                        } else if ctx.who.get_untracked().is_admin() {
                            "/beheer"
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
        {move || ctx.notice.get().map(|m| view! { <p class="notice ok" role="status" data-testid="logout-notice">{m}</p> })}
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
    .into_any()
}

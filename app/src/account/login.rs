//! Logging in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::actions;
use crate::state::use_app;

/// What the server's login screen held when the app took its place (`crate::replace`): the
/// screen works before the app runs (`boot.js` starts the app at the first touch), so what was
/// typed, and a tap on *Inloggen* before the app ran, go on in the app.
/// (No `Debug`: it holds a password.)
#[derive(Default)]
pub struct Carried {
    pub email: String,
    pub password: String,
    pub submit: bool,
    /// The field that had the focus (`email`, `password`): the app's gets it.
    pub focus: Option<String>,
}

thread_local! {
    static CARRIED: std::cell::RefCell<Option<Carried>> = const { std::cell::RefCell::new(None) };
}

/// Keeps what the server's login screen holds (if this page is one) for the [`LoginPage`] about
/// to replace it.
#[cfg(feature = "hydrate")]
pub fn carry_over() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if !matches!(
        document.query_selector("form[data-before-app]"),
        Ok(Some(_))
    ) {
        return;
    }
    let value = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let submit = js_sys::Reflect::get(&js_sys::global(), &"werkzaamSubmitOnStart".into())
        .is_ok_and(|v| v.is_truthy());
    let focus = document
        .active_element()
        .map(|e| e.id())
        .filter(|id| id == "email" || id == "password");
    CARRIED.with_borrow_mut(|c| {
        *c = Some(Carried {
            email: value("email"),
            password: value("password"),
            submit,
            focus,
        })
    });
}

/// Logging in (online only); afterwards the app also starts offline.
#[component]
pub fn LoginPage() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let carried = CARRIED.with_borrow_mut(Option::take);
    // In place of the server's login screen, which worked before the app ran: usable at once.
    let before_app = carried.is_some();
    let carried = carried.unwrap_or_default();
    let email = RwSignal::new(carried.email);
    let password = RwSignal::new(carried.password);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The field the worker was typing in keeps the focus (and what comes next goes in it).
    let email_field = NodeRef::<leptos::html::Input>::new();
    let password_field = NodeRef::<leptos::html::Input>::new();
    if let Some(focus) = carried.focus.clone() {
        Effect::new(move |_| {
            let field = match focus.as_str() {
                "password" => password_field.get(),
                _ => email_field.get(),
            };
            if let Some(field) = field {
                let _ = field.focus();
            }
        });
    }
    let send = move || {
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
    let submit = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send();
        }
    };
    if carried.submit {
        // "Inloggen" was tapped before the app ran: log in as soon as it can.
        let sent = StoredValue::new(false);
        Effect::new(move |_| {
            if ctx.ready.get() && !sent.get_value() {
                sent.set_value(true);
                send();
            }
        });
    }
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
        // The server's render is opened by `boot.js` before the app runs (see `Carried`);
        // otherwise the form waits until the app has started.
        <form class="card form" method="post" on:submit=submit data-before-app="">
            <fieldset disabled=move || !before_app && !ctx.ready.get()>
            <label for="email">"E-mailadres"</label>
            <input id="email" name="email" type="email" autocomplete="username" inputmode="email" bind:value=email node_ref=email_field/>
            <label for="password">"Wachtwoord"</label>
            <input id="password" name="password" type="password" autocomplete="current-password" bind:value=password node_ref=password_field/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" disabled=move || busy.get()>
                "Inloggen"
            </button>
            </fieldset>
        </form>
    }
    .into_any()
}

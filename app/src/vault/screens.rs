//! The screens of the device vault: choose a PIN, unlock with it, or log in online when the
//! PIN is forgotten or tried wrong too often. [`VaultGate`] shows one of them instead of the
//! pages (and the menus) while the vault is not open; the rules are in [`crate::vault::rules`].

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::actions;
use crate::state::{use_app, Who};
use crate::vault::before_app;
use crate::vault::rules::VaultState;
use werkzaam_domain::Role;

/// The pages, or a vault screen while the device's data is locked. The login page always
/// shows (it holds no one's data, and an online login is a way in).
#[component]
pub fn VaultGate(children: ChildrenFn) -> impl IntoView {
    let ctx = use_app();
    let location = use_location();
    let shows = move || {
        // What the next start opens with follows who is logged in and the vault (decision 18;
        // here, where both are read anyway, rather than in an effect of its own: first-screen
        // bytes).
        before_app::note(&ctx.who.get(), ctx.vault.get());
        // After the unlock screen before the app, its place until the vault is read.
        let reading = match ctx.who.get() {
            Who::Unknown => true,
            Who::LoggedIn(ref p) => {
                p.role != Role::Beheerder && ctx.vault.get() == VaultState::Unknown
            }
            Who::LoggedOut => false,
        };
        if reading && before_app::was_shown() && location.pathname.get() != "/inloggen" {
            return false;
        }
        ctx.vault.get().shows_pages()
            || ctx.who.get().profile().is_none()
            || ctx.who.get().is_admin()
            || location.pathname.get() == "/inloggen"
    };
    view! {
        <Show when=shows fallback=|| view! { <VaultScreen/> }>
            {children()}
        </Show>
    }
}

#[component]
fn VaultScreen() -> impl IntoView {
    let ctx = use_app();
    let name = move || {
        ctx.who
            .get()
            .profile()
            .map(|p| p.display_name.clone())
            .or_else(before_app::shown_name)
            .unwrap_or_default()
    };
    // The unlock screen is made anew only when it comes or goes: after the unlock screen
    // before the app, the app's own shows while the vault is read and stays (with what was
    // typed, and the cursor) once it is read locked.
    let unlock = Memo::new(move |_| match ctx.vault.get() {
        VaultState::Checking | VaultState::Unknown => {
            before_app::was_shown() && ctx.storage_problem.get().is_none()
        }
        VaultState::Locked | VaultState::Open => true,
        _ => false,
    });
    view! {
        <header class="topbar">
            <span class="brand">"Werkzaam"</span>
            <span class="who">{name}</span>
        </header>
        <main class="page vault" data-testid="vault">
            // Only `unlock` is read while the unlock screen shows: the vault's other changes
            // leave it as it is.
            {move || if unlock.get() {
                view! { <Unlock/> }.into_any()
            } else {
                match ctx.vault.get() {
                    VaultState::NeedsPin if actions::logged_in_here() => {
                        view! { <PinChoice first=true/> }.into_any()
                    }
                    VaultState::NeedsPin => view! { <PinElsewhere/> }.into_any(),
                    VaultState::NeedsNewPin => view! { <PinChoice first=false/> }.into_any(),
                    VaultState::LockedUntilLogin => view! { <LoginNeeded/> }.into_any(),
                    _ => view! {
                        <p class="muted" data-testid="vault-checking">"Even laden…"</p>
                        {move || ctx.storage_problem.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                    }
                    .into_any(),
                }
            }}
        </main>
    }
}

/// Choose a PIN: on a new device (`first`), or after an online login opened the vault.
#[component]
fn PinChoice(first: bool) -> impl IntoView {
    let ctx = use_app();
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = pin.get_untracked();
        if let Some(problem) = crate::vault::rules::pin_problem(&chosen) {
            error.set(Some(problem.into()));
            return;
        }
        if chosen != again.get_untracked() {
            error.set(Some(
                "De twee pincodes zijn niet gelijk. Typ ze nog een keer.".into(),
            ));
            again.set(String::new());
            return;
        }
        busy.set(true);
        error.set(None);
        actions::choose_pin(ctx, chosen, move |result| {
            busy.try_set(false);
            pin.try_set(String::new());
            again.try_set(String::new());
            if let Err(message) = result {
                error.try_set(Some(message));
            }
        });
    };
    view! {
        <h1>{if first { "Kies je pincode" } else { "Kies een nieuwe pincode" }}</h1>
        <p class="lead">
            "Met je pincode open je Werkzaam op dit apparaat. Alles wat je hier bewaart, is "
            "versleuteld: zonder je pincode kan niemand het lezen, ook niet als je telefoon kwijt is."
        </p>
        <form class="card form" on:submit=submit data-testid="pin-choice">
            <label for="new-pin">"Pincode (minstens 6 cijfers)"</label>
            <input id="new-pin" class="pin" type="password" inputmode="numeric" autocomplete="new-password" bind:value=pin/>
            <label for="new-pin-again">"Nog een keer dezelfde pincode"</label>
            <input id="new-pin-again" class="pin" type="password" inputmode="numeric" autocomplete="new-password" bind:value=again/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" disabled=move || busy.get()>
                {move || if busy.get() { "Even geduld…" } else { "Pincode instellen" }}
            </button>
        </form>
        <p class="hint">
            "Na 5 minuten zonder aanraken, of als je de app een minuut wegzet, vraagt Werkzaam "
            "opnieuw om je pincode. Pincode vergeten? Dan log je online in met je wachtwoord."
        </p>
    }
}

/// A tab opened after a login in another tab, before the PIN was chosen there: it waits for that
/// PIN (the vault must be made where the login's key is) and then asks for it.
#[component]
fn PinElsewhere() -> impl IntoView {
    let ctx = use_app();
    let look = leptos::prelude::set_interval_with_handle(
        move || actions::recheck_vault(ctx),
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(look) = look {
            look.clear();
        }
    });
    view! {
        <h1>"Kies eerst je pincode"</h1>
        <p class="lead" data-testid="pin-elsewhere">
            "Je bent in een ander tabblad ingelogd. Kies daar je pincode. Daarna open je "
            "Werkzaam hier met dezelfde pincode."
        </p>
        <p><a class="button wide" href="/inloggen">"Hier inloggen"</a></p>
    }
}

#[component]
fn Unlock() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        actions::unlock(ctx, pin.get_untracked(), move |result| {
            busy.try_set(false);
            pin.try_set(String::new());
            if let Err(message) = result {
                error.try_set((!message.is_empty()).then_some(message));
            }
        });
    };
    let forgot = move |_| {
        ctx.new_pin_after_login.set(true);
        navigate("/inloggen", Default::default());
    };
    // Until the vault is read (after the unlock screen before the app) the PIN waits.
    let reading = move || matches!(ctx.vault.get(), VaultState::Checking | VaultState::Unknown);
    view! {
        <h1>"Werkzaam is vergrendeld"</h1>
        <form class="card form" on:submit=submit data-testid="unlock">
            <label for="unlock-pin">"Je pincode"</label>
            <input id="unlock-pin" class="pin" type="password" inputmode="numeric" autocomplete="current-password" bind:value=pin/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" disabled=move || busy.get() || reading()>
                {move || if busy.get() { "Bezig met openen…" } else { "Ontgrendelen" }}
            </button>
        </form>
        <button type="button" class="link" on:click=forgot data-testid="forgot-pin">
            "Pincode vergeten? Log in met je wachtwoord"
        </button>
    }
}

#[component]
fn LoginNeeded() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let login = move |_| {
        ctx.new_pin_after_login.set(true);
        navigate("/inloggen", Default::default());
    };
    view! {
        <h1>"Log opnieuw in"</h1>
        <p class="notice warn" role="alert" data-testid="locked-until-login">
            "Er is te vaak een verkeerde pincode ingevoerd. Op dit apparaat staan nog gegevens die "
            "niet verzonden zijn; die zijn bewaard. Log online in met je wachtwoord en kies daarna "
            "een nieuwe pincode."
        </p>
        <button type="button" class="primary wide" on:click=login>"Inloggen met wachtwoord"</button>
    }
}

//! Parts every page shows: the top bar and the sync bar.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::actions;
use crate::state::{use_app, Who};
use crate::ui::words::{connection_label, delivery_label};

/// The top bar: the name of the app, who is logged in, and the way around.
#[component]
pub fn Header() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let on_logout = move |_| {
        let navigate = navigate.clone();
        actions::logout(ctx, move |message| {
            ctx.notice.set(Some(message));
            navigate("/inloggen", Default::default());
        });
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Werkzaam"</a>
            {move || {
                ctx.who
                    .get()
                    .profile()
                    .map(|p| {
                        view! {
                            <a class="who" href="/account" data-testid="who" aria-label="Mijn account">
                                {p.display_name.clone()}
                                <small>{p.team_name.clone()}</small>
                            </a>
                        }
                    })
            }}
        </header>
        <Show when=move || matches!(ctx.who.get(), Who::LoggedIn(_))>
            <nav class="tabs" aria-label="Hoofdmenu">
                <Show
                    when=move || ctx.who.get().is_admin()
                    fallback=|| view! {
                        <A href="/" exact=true>"Dialogen"</A>
                        <A href="/samen">"Samen leren"</A>
                    }
                >
                    <A href="/beheer">"Beheer"</A>
                </Show>
                <Show when=move || ctx.who.get().is_team_lead()>
                    <A href="/team">"Team"</A>
                </Show>
                <button type="button" class="link" on:click=on_logout.clone()>
                    "Uitloggen"
                </button>
            </nav>
        </Show>
    }
}

/// Always in view: online or offline, whether everything has been sent and when it last was,
/// and warnings (a sync problem, changes waiting for days, storage).
#[component]
pub fn SyncBar() -> impl IntoView {
    let ctx = use_app();
    // An administrator keeps nothing on the device: no sync bar.
    let logged_in = move || matches!(ctx.who.get(), Who::LoggedIn(_)) && !ctx.who.get().is_admin();
    let state = move || match (ctx.online.get(), ctx.pending.get()) {
        (Some(false), _) => "offline",
        (_, Some(n)) if n > 0 => "pending",
        (Some(true), Some(0)) => "done",
        _ => "unknown",
    };
    view! {
        <div class="syncbar" data-state=state role="status" aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            <span class="sync-text">
                <Show when=logged_in>
                    <span class="sync-line" data-testid="delivery">{move || delivery_label(ctx.pending.get(), ctx.uploads.get())}</span>
                </Show>
                <span class="sync-line small">
                    <span data-testid="connection">{move || connection_label(ctx.online.get())}</span>
                    <Show when=logged_in>
                        {move || {
                            let all_sent = ctx.pending.get() == Some(0) && ctx.uploads.get().unwrap_or(0) == 0;
                            ctx.last_synced
                                .get()
                                .filter(|_| all_sent)
                                .map(|label| view! { " · " <span data-testid="last-sync">{label}</span> })
                        }}
                    </Show>
                </span>
            </span>
            <Show when=move || {
                logged_in() && ctx.online.get() == Some(true) && !ctx.syncing.get()
            }>
                <button type="button" class="small" on:click=move |_| actions::sync_now(ctx)>
                    {move || if ctx.pending.get().unwrap_or(0) > 0 { "Nu verzenden" } else { "Nu synchroniseren" }}
                </button>
            </Show>
        </div>
        <Show when=move || ctx.update_ready.get()>
            <p class="notice update" role="status" data-testid="update">
                <span>"Er is een nieuwe versie van Werkzaam."</span>
                <button type="button" class="primary" on:click=move |_| actions::apply_update()>
                    "Nu vernieuwen"
                </button>
            </p>
        </Show>
        {move || {
            ctx.problem
                .get()
                .map(|problem| {
                    view! {
                        <p class="notice warn" role="alert" data-testid="sync-problem">
                            {problem.message}
                            {problem
                                .needs_login
                                .then(|| view! { " " <a href="/inloggen">"Opnieuw inloggen"</a> })}
                        </p>
                    }
                })
        }}
        {move || {
            let reasons = ctx.set_aside.get();
            reasons.first().cloned().map(|first| {
                view! {
                    <p class="notice warn" role="alert" data-testid="set-aside">
                        {crate::ui::words::set_aside_label(reasons.len(), &first)}
                    </p>
                }
            })
        }}
        {move || {
            ctx.unsent_warning
                .get()
                .map(|message| {
                    view! { <p class="notice warn" role="alert" data-testid="unsent-warning">{message}</p> }
                })
        }}
        {move || {
            ctx.storage_problem
                .get()
                .map(|message| {
                    view! { <p class="notice error" role="alert">{message}</p> }
                })
        }}
    }
}

/// In client mode the device stays on the client's screen: the menus and the sync bar are
/// hidden, and any other address (a link, the back button, a reload) leads back to it.
#[component]
pub fn ClientModeGuard(children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let ctx = use_app();
    let locked = RwSignal::new(false);
    Effect::new(move |_| {
        let path = location.pathname.get();
        let _ready = ctx.ready.get();
        match actions::client_mode() {
            Some(id) => {
                let home = format!("/dialoog/{id}/client");
                locked.set(true);
                if path != home {
                    navigate(
                        &home,
                        leptos_router::NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
            }
            None => locked.set(false),
        }
    });
    view! { <Show when=move || !locked.get()>{children()}</Show> }
}

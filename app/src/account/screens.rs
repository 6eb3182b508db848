//! *Mijn account* (issue 7): where the user is logged in (and ending those sessions), changing
//! the password, and who looked at the dialogues the user wrote. Online.

use leptos::prelude::*;
use werkzaam_protocol::{account::SessionInfo, admin::AccessEvent};

use crate::actions;
use crate::state::use_app;
use werkzaam_domain::markup::escape;

/// What an access event reads as: who, when, what, which client.
pub fn access_html(events: &[AccessEvent], name: &dyn Fn(&str) -> String) -> String {
    if events.is_empty() {
        return "<p class=\"muted\">Nog niemand anders heeft je dialogen bekeken.</p>".into();
    }
    let items: String = events
        .iter()
        .map(|e| {
            format!(
                "<li data-testid=\"access\">{} · {} {}{}<br><span class=\"small muted\">{}</span></li>",
                escape(&name(&e.user_id)),
                escape(&e.action),
                escape(&e.what),
                e.client_code
                    .as_deref()
                    .map(|c| format!(" · cliënt {}", escape(c)))
                    .unwrap_or_default(),
                escape(&actions::local_time(e.at_ms))
            )
        })
        .collect();
    format!("<ul class=\"plain alerts\">{items}</ul>")
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let ctx = use_app();
    crate::waarderen::interview::require_login(ctx);
    actions::load_colleagues(ctx);
    let sessions = RwSignal::new(None::<Result<Vec<SessionInfo>, String>>);
    let access = RwSignal::new(None::<Result<Vec<AccessEvent>, String>>);
    let load = move || {
        actions::fetch_json("/api/sessies".into(), move |r| {
            sessions.try_set(Some(r));
        });
        actions::fetch_json("/api/toegang".into(), move |r| {
            access.try_set(Some(r));
        });
    };
    Effect::new(move |_| {
        if ctx.can_reach_server() {
            load();
        }
    });
    let end = move |id: String| {
        actions::send(
            crate::urls::Method::Delete,
            format!("/api/sessies/{id}"),
            "{}".into(),
            move |_| load(),
        );
    };
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            serde_json::json!({ "current": current.get_untracked(), "new": new.get_untracked() });
        actions::send(
            crate::urls::Method::Post,
            "/api/wachtwoord".into(),
            body.to_string(),
            move |r| {
                message.try_set(Some(match r {
                    Ok(()) => {
                        current.try_set(String::new());
                        new.try_set(String::new());
                        load();
                        (
                            true,
                            "Je wachtwoord is gewijzigd. Je andere sessies zijn beëindigd.".into(),
                        )
                    }
                    Err(m) => (false, m),
                }));
            },
        );
    };
    // Read in the browser after hydration (the server renders the default).
    let idle = RwSignal::new(5u32);
    Effect::new(move |_| {
        if ctx.ready.get() {
            idle.set(actions::idle_minutes());
        }
    });
    let on_idle = move |ev: leptos::ev::Event| {
        if let Ok(minutes) = event_target_value(&ev).parse::<u32>() {
            actions::set_idle_minutes(minutes);
            idle.set(minutes);
        }
    };
    view! {
        <h1>"Mijn account"</h1>
        <section class="card form" data-testid="locking">
            <h2>"Vergrendelen"</h2>
            <label for="idle-minutes">"Vraag om mijn pincode na zoveel minuten zonder aanraken"</label>
            <select id="idle-minutes" on:change=on_idle prop:value=move || idle.get().to_string()>
                {[1u32, 2, 5, 10, 15, 30].into_iter().map(|m| view! {
                    <option value=m.to_string()>{format!("{m} {}", if m == 1 { "minuut" } else { "minuten" })}</option>
                }).collect_view()}
            </select>
            <p class="hint">"Ook als je de app een minuut wegzet, vraagt Werkzaam je pincode. Alles op dit apparaat is versleuteld."</p>
            <button type="button" class="secondary wide" on:click=move |_| actions::lock(ctx) data-testid="lock-now">
                "Nu vergrendelen"
            </button>
        </section>
        <section class="card" data-testid="sessions">
            <h2>"Waar ben je ingelogd?"</h2>
            {move || match sessions.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="notice warn" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain alerts">
                        {list.into_iter().map(|s| {
                            let id = s.id.clone();
                            view! {
                                <li data-testid="session">
                                    {format!("Ingelogd {} · laatst gebruikt {}", actions::local_time(s.created_at_ms), actions::local_time(s.last_seen_at_ms))}
                                    {if s.current {
                                        view! { " " <span class="badge sent">"dit apparaat"</span> }.into_any()
                                    } else {
                                        view! { " " <button type="button" class="link" on:click=move |_| end(id.clone())>"Beëindigen"</button> }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <p class="hint">"Een sessie eindigt na 3 dagen zonder gebruik, en uiterlijk 30 dagen na het inloggen. Wat je nog niet verzond, blijft op je apparaat."</p>
        </section>
        <form class="card form" on:submit=change novalidate=true>
            <h2>"Wachtwoord wijzigen"</h2>
            <label for="pw-current">"Huidig wachtwoord"</label>
            <input id="pw-current" type="password" autocomplete="current-password" bind:value=current/>
            <label for="pw-new">"Nieuw wachtwoord (minstens 8 tekens; een zin mag)"</label>
            <input id="pw-new" type="password" autocomplete="new-password" bind:value=new/>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice ok" } else { "notice error" } role="status">{m}</p> })}
            <button type="submit" class="primary">"Wijzigen"</button>
        </form>
        <section class="card" data-testid="access-log">
            <h2>"Wie keek mee?"</h2>
            <p class="hint">"Wie je dialogen bekeek of exporteerde (bijvoorbeeld je teamleider, met toestemming van de cliënt)."</p>
            {move || match access.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="notice warn" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) => view! { <div inner_html=access_html(&list, &|id| ctx.name_of(id))></div> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

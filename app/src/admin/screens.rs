//! *Beheer* (issue 7): the administrator's page — accounts (add, disable, enable), teams (add),
//! the retention period (AVG), and the whole access log (the latest entries, and a CSV
//! download). Online only; no client
//! content reaches this page (the server refuses an administrator every content route).

use leptos::prelude::*;
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;
use werkzaam_protocol::admin::{AdminTeam, AdminUser, LoggedAccess, Retention};

use crate::actions;
use crate::state::use_app;

type Loaded<T> = RwSignal<Option<Result<Vec<T>, String>>>;

#[component]
pub fn AdminPage() -> impl IntoView {
    let ctx = use_app();
    crate::waarderen::interview::require_login(ctx);
    let users: Loaded<AdminUser> = RwSignal::new(None);
    let teams: Loaded<AdminTeam> = RwSignal::new(None);
    let log: Loaded<LoggedAccess> = RwSignal::new(None);
    let message = RwSignal::new(None::<(bool, String)>);
    let load = move || {
        actions::fetch_json("/api/beheer/gebruikers".into(), move |r| {
            users.try_set(Some(r));
        });
        actions::fetch_json("/api/beheer/teams".into(), move |r| {
            teams.try_set(Some(r));
        });
        actions::fetch_json("/api/beheer/toegang?dagen=30".into(), move |r| {
            log.try_set(Some(r));
        });
    };
    Effect::new(move |_| {
        if ctx.ready.get() && ctx.who.get().profile().is_some() {
            load();
        }
    });
    let done = move |ok_text: String| {
        move |r: Result<(), String>| {
            message.try_set(Some(match r {
                Ok(()) => (true, ok_text),
                Err(m) => (false, m),
            }));
            load();
        }
    };
    let switch = move |user: AdminUser| {
        let (verb, text) = if user.disabled {
            (
                "inschakelen",
                format!("{} kan weer inloggen.", user.display_name),
            )
        } else {
            (
                "uitschakelen",
                format!(
                    "{} is uitgeschakeld: alle sessies zijn beëindigd.",
                    user.display_name
                ),
            )
        };
        actions::send(
            crate::urls::Method::Post,
            format!("/api/beheer/gebruikers/{}/{verb}", user.id),
            "{}".into(),
            done(text),
        );
    };

    let team_name = RwSignal::new(String::new());
    let team_variant = RwSignal::new(Variant::NlNl.code().to_owned());
    let add_team = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = team_name.get_untracked();
        let body = serde_json::json!({ "name": name, "variant": team_variant.get_untracked() })
            .to_string();
        team_name.set(String::new());
        actions::send(
            crate::urls::Method::Post,
            "/api/beheer/teams".into(),
            body,
            done(format!("Team {name} is aangemaakt.")),
        );
    };

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let role = RwSignal::new("medewerker".to_owned());
    let password = RwSignal::new(String::new());
    let add_user = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = serde_json::json!({
            "display_name": name.get_untracked(),
            "email": email.get_untracked(),
            "team_id": team.get_untracked(),
            "role": role.get_untracked(),
            "password": password.get_untracked(),
        })
        .to_string();
        let who = name.get_untracked();
        actions::send(
            crate::urls::Method::Post,
            "/api/beheer/gebruikers".into(),
            body,
            move |r: Result<(), String>| {
                if r.is_ok() {
                    name.try_set(String::new());
                    email.try_set(String::new());
                    password.try_set(String::new());
                }
                done(format!(
                    "Account voor {who} is aangemaakt. Geef het eerste wachtwoord persoonlijk door."
                ))(r);
            },
        );
    };
    let team_options = move || {
        teams.with(|t| match t {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        })
    };
    // The first team is chosen once the teams are read.
    Effect::new(move |_| {
        if team.get_untracked().is_empty() {
            if let Some(first) = team_options().first() {
                team.set(first.id.clone());
            }
        }
    });

    // The retention period (AVG): read once, changed after a confirmation.
    let retention = RwSignal::new(String::from("geen"));
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if ctx.ready.get() && ctx.who.get().is_admin() {
            actions::fetch_json(
                "/api/beheer/bewaartermijn".into(),
                move |r: Result<Retention, String>| {
                    if let Ok(r) = r {
                        retention.try_set(r.years.map_or("geen".into(), |y| y.to_string()));
                    }
                },
            );
        }
    });
    let save_retention = move |_| {
        confirming.set(false);
        let years = retention.get_untracked().parse::<u32>().ok();
        actions::put_json(
            "/api/beheer/bewaartermijn".into(),
            Retention {
                years,
                erased: None,
            },
            move |r: Result<Retention, String>| {
                message.try_set(Some(match r {
                    Ok(Retention {
                        years: Some(y),
                        erased,
                    }) => (
                        true,
                        format!(
                            "Bewaartermijn: {y} jaar. Nu gewist: {} {}.",
                            erased.unwrap_or(0),
                            if erased == Some(1) {
                                "dialoog"
                            } else {
                                "dialogen"
                            }
                        ),
                    ),
                    Ok(_) => (
                        true,
                        "Geen bewaartermijn: er wordt niets automatisch gewist.".into(),
                    ),
                    Err(m) => (false, m),
                }));
            },
        );
    };
    // A client's AVG request: inzage (a download) or erasure (after a confirmation).
    let avg_team = RwSignal::new(String::new());
    let avg_code = RwSignal::new(String::new());
    let avg_ref = RwSignal::new(String::new());
    let avg_confirm = RwSignal::new(false);
    Effect::new(move |_| {
        if avg_team.get_untracked().is_empty() {
            if let Some(first) = team_options().first() {
                avg_team.set(first.id.clone());
            }
        }
    });
    let inzage_href = move || {
        format!(
            "/api/beheer/avg/inzage?team={}&code={}&kenmerk={}",
            crate::urls::encode(&avg_team.get()),
            crate::urls::encode(avg_code.get().trim()),
            crate::urls::encode(avg_ref.get().trim())
        )
    };
    let avg_erase = move |_| {
        avg_confirm.set(false);
        let body = serde_json::json!({
            "team": avg_team.get_untracked(),
            "code": avg_code.get_untracked().trim(),
            "kenmerk": avg_ref.get_untracked().trim(),
        });
        actions::post_json(
            "/api/beheer/avg/wissen".into(),
            body,
            move |r: Result<werkzaam_protocol::sync::ErasureReport, String>| {
                message.try_set(Some(match r {
                    Ok(report) => (true, crate::dialogues::logic::admin_erasure_label(&report)),
                    Err(m) => (false, m),
                }));
                load();
            },
        );
    };
    view! {
        <h1>"Beheer"</h1>
        <p class="lead">"Accounts, teams en het toegangslog. Cliëntgegevens zie je hier niet."</p>
        {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice ok" } else { "notice error" } role="status" data-testid="admin-message">{m}</p> })}
        <section class="card" data-testid="admin-users">
            <h2>"Accounts"</h2>
            {move || match users.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="notice warn" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain alerts">
                        {list.into_iter().map(|u| {
                            let label = if u.disabled { "Inschakelen" } else { "Uitschakelen" };
                            let line = format!("{} · {} · {} · {}", u.display_name, u.email, u.team_name, u.role.label());
                            let disabled = u.disabled;
                            let me = ctx.who.get_untracked().profile().is_some_and(|p| p.user_id == u.id);
                            view! {
                                <li data-testid="admin-user">
                                    {line}
                                    {disabled.then(|| view! { " " <span class="badge warn">"uitgeschakeld"</span> })}
                                    {(!me).then(|| view! {
                                        " "
                                        <button type="button" class="link" on:click=move |_| switch(u.clone())>{label}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
        <form class="card form" on:submit=add_user data-testid="admin-new-user">
            <h2>"Nieuw account"</h2>
            <label for="nu-name">"Naam"</label>
            <input id="nu-name" bind:value=name autocomplete="off"/>
            <label for="nu-email">"E-mailadres"</label>
            <input id="nu-email" type="email" inputmode="email" autocomplete="off" bind:value=email/>
            <label for="nu-team">"Team"</label>
            <select id="nu-team" on:change=move |ev| team.set(event_target_value(&ev)) prop:value=move || team.get()>
                {move || team_options().into_iter().map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> }).collect_view()}
            </select>
            <label for="nu-role">"Rol"</label>
            <select id="nu-role" on:change=move |ev| role.set(event_target_value(&ev)) prop:value=move || role.get()>
                {[Role::Medewerker, Role::Teamleider, Role::Beheerder].into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
            </select>
            <label for="nu-password">"Eerste wachtwoord (minstens 8 tekens)"</label>
            <input id="nu-password" type="password" autocomplete="new-password" bind:value=password/>
            <button type="submit" class="primary wide">"Account aanmaken"</button>
        </form>
        <section class="card" data-testid="admin-teams">
            <h2>"Teams"</h2>
            <ul class="plain">
                {move || team_options().into_iter().map(|t| {
                    let other = match t.variant { Variant::NlNl => Variant::NlBe, Variant::NlBe => Variant::NlNl };
                    let (id, name) = (t.id.clone(), t.name.clone());
                    let switch = move |_| {
                        let body = serde_json::json!({ "variant": other.code() }).to_string();
                        actions::send(
                            crate::urls::Method::Put,
                            format!("/api/beheer/teams/{}", crate::urls::encode(&id)),
                            body,
                            done(format!("{name} spreekt nu: {}.", other.label())),
                        );
                    };
                    view! {
                        <li data-testid="admin-team">
                            {format!("{} · {} {} · {}", t.name, t.members, if t.members == 1 { "account" } else { "accounts" }, t.variant.label())}
                            " "
                            <button type="button" class="link" on:click=switch>{format!("Wordt {}", other.label())}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form" on:submit=add_team>
                <label for="nt-name">"Nieuw team"</label>
                <input id="nt-name" bind:value=team_name autocomplete="off"/>
                <label for="nt-variant">"Taal van het team"</label>
                <select id="nt-variant" bind:value=team_variant>
                    {Variant::ALL.into_iter().map(|v| view! { <option value=v.code()>{v.label()}</option> }).collect_view()}
                </select>
                <button type="submit" class="secondary wide">"Team aanmaken"</button>
            </form>
        </section>
        <section class="card form" data-testid="admin-retention">
            <h2>"Bewaartermijn"</h2>
            <label for="retention">"Dialogen bewaren"</label>
            <select id="retention" on:change=move |ev| { retention.set(event_target_value(&ev)); confirming.set(false); } prop:value=move || retention.get()>
                <option value="geen">"Zonder einde (niets automatisch wissen)"</option>
                {[1u32, 2, 3, 5, 7, 10, 15, 20].into_iter().map(|y| view! {
                    <option value=y.to_string()>{format!("{y} jaar")}</option>
                }).collect_view()}
            </select>
            <p class="hint">"Dialogen die langer geleden gehouden zijn, worden overal gewist: op de server en op de apparaten van de medewerkers."</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary wide" on:click=move |_| confirming.set(true)>"Bewaartermijn instellen"</button>
                }
            >
                <p class="notice warn" role="alert">"Oudere dialogen worden nu en daarna steeds gewist. Dat kan niet ongedaan worden."</p>
                <button type="button" class="primary wide" on:click=save_retention data-testid="retention-confirm">"Ja, instellen"</button>
            </Show>
        </section>
        <section class="card form" data-testid="admin-avg">
            <h2>"Verzoek van een cliënt (AVG)"</h2>
            <p class="hint">"Inzage of wissen van alles over één cliëntcode van een team, op verzoek van de cliënt. Het kenmerk van het verzoek komt in het toegangslog."</p>
            <label for="avg-team">"Team"</label>
            <select id="avg-team" on:change=move |ev| avg_team.set(event_target_value(&ev)) prop:value=move || avg_team.get()>
                {move || team_options().into_iter().map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> }).collect_view()}
            </select>
            <label for="avg-code">"Cliëntcode"</label>
            <input id="avg-code" bind:value=avg_code autocomplete="off"/>
            <label for="avg-ref">"Kenmerk van het verzoek"</label>
            <input id="avg-ref" bind:value=avg_ref autocomplete="off"/>
            <button type="button" class="secondary wide" data-testid="avg-inzage"
                on:click=move |_| actions::download_from_server(inzage_href(), "inzage.json", move |r| {
                    if let Err(m) = r {
                        message.try_set(Some((false, m)));
                    }
                })>"Inzage downloaden"</button>
            <Show
                when=move || avg_confirm.get()
                fallback=move || view! {
                    <button type="button" class="secondary wide" on:click=move |_| avg_confirm.set(true)>"Alles van deze cliënt wissen"</button>
                }
            >
                <p class="notice warn" role="alert">{move || format!("Alles van cliënt {} wordt gewist, op de server en op de apparaten. Dat kan niet ongedaan worden.", avg_code.get().trim())}</p>
                <button type="button" class="primary wide" on:click=avg_erase data-testid="avg-erase-confirm">"Ja, definitief wissen"</button>
            </Show>
        </section>
        <section class="card" data-testid="admin-log">
            <h2>"Toegangslog"</h2>
            <p class="hint">"Wie wat bekeek, exporteerde, aanmaakte, wijzigde of verwijderde (laatste 30 dagen, nieuwste eerst)."</p>
            <button type="button" class="secondary wide" data-testid="log-csv"
                on:click=move |_| actions::download_from_server("/api/beheer/toegang.csv?dagen=365".into(), "toegangslog.csv", move |r| {
                    if let Err(m) = r {
                        message.try_set(Some((false, m)));
                    }
                })>
                "Toegangslog downloaden (CSV, 1 jaar)"
            </button>
            {move || match log.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="notice warn" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"Nog niets gelogd."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain alerts">
                        {list.into_iter().take(50).map(|e| view! {
                            <li data-testid="log-entry">
                                {format!("{} ({}) · {} {}{}", e.user_name, e.event.role, e.event.action, e.event.what,
                                    e.event.client_code.map(|c| format!(" · cliënt {c}")).unwrap_or_default())}
                                <br/>
                                <small class="muted">{actions::local_time(e.event.at_ms)}</small>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

//! The team lead's screens (issue 6), online: the overview with filters and alerts, a client's
//! trend, what the team learns, and the meeting's agenda with its exports. The server computes
//! and logs; these pages ask, and show what comes back (read-only parts as escaped HTML from
//! [`crate::review::logic`]).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use werkzaam_domain::review::{Agenda, ClientReview, TeamLearning, Thresholds};
use werkzaam_protocol::team::TeamOverview;

use crate::actions;
use crate::dialogues::logic::consent_summary;
use crate::dialogues::screens::DialogueExtras;
use crate::review::logic::{
    agenda_html, agenda_query, alerts_html, client_html, filter_team, learning_html,
    team_list_html, workers, TeamFilter,
};
use crate::state::{use_app, AppCtx, Who};
use crate::ui::media::{MediaSource, SideBySide};
use crate::ui::words::date_nl;
use crate::ui::Loading;
use crate::urls::trend_svg_url;
use werkzaam_protocol::team::TeamDialogue;

/// Whether to show a lead's page: "Even laden…", not for workers, or the page.
fn lead_gate(ctx: AppCtx) -> Option<AnyView> {
    match ctx.who.get() {
        Who::Unknown => Some(view! { <p class="muted">"Even laden…"</p> }.into_any()),
        Who::LoggedOut => {
            Some(view! { <p class="notice">"Log in als teamleider om dit te zien."</p> }.into_any())
        }
        w if !w.is_team_lead() => Some(
            view! { <p class="notice">"Het teamoverzicht is alleen voor teamleiders."</p> }
                .into_any(),
        ),
        _ => None,
    }
}

fn sub_nav() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label="Team">
            <a href="/team">"Overzicht"</a>
            <a href="/team/leren">"Wat leren we"</a>
            <a href="/team/agenda">"Teamoverleg"</a>
        </nav>
    }
}

/// The team lead's overview: alerts first, then the shared dialogues, filtered.
#[component]
pub fn TeamPage() -> impl IntoView {
    let ctx = use_app();
    let state = RwSignal::new(None::<Result<TeamOverview, String>>);
    let filter = RwSignal::new(TeamFilter::default());
    let page = RwSignal::new(0usize);
    let load = move || {
        state.set(None);
        page.set(0);
        actions::fetch_json("/api/team/dialogen".into(), move |r| {
            state.try_set(Some(r));
        });
    };
    // The next page of the list, added to what is shown (the alerts are over every page).
    let load_more = move |_| {
        let next = page.get_untracked() + 1;
        actions::fetch_json(
            format!("/api/team/dialogen?pagina={next}"),
            move |r: Result<TeamOverview, String>| match r {
                Ok(more) => {
                    page.try_set(next);
                    state.try_update(|s| {
                        if let Some(Ok(o)) = s {
                            o.dialogues.extend(more.dialogues);
                            o.more = more.more;
                        }
                    });
                }
                Err(m) => {
                    state.try_set(Some(Err(m)));
                }
            },
        );
    };
    Effect::new(move |_| {
        if ctx.who.get().is_team_lead() && ctx.can_reach_server() {
            load();
        }
    });
    let field = move |f: fn(&mut TeamFilter) -> &mut String| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|x| *f(x) = v);
        }
    };
    view! {
        <h1>"Teamoverzicht"</h1>
        {move || lead_gate(ctx).unwrap_or_else(|| view! {
            {sub_nav()}
            <button type="button" class="secondary" on:click=move |_| load()>"Vernieuwen"</button>
            {move || match state.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="notice warn" role="alert">{message}</p> }.into_any(),
                Some(Ok(overview)) if overview.dialogues.is_empty() => view! {
                    <p class="muted">{overview.team_name} ": nog geen gedeelde dialogen."</p>
                }.into_any(),
                Some(Ok(overview)) => {
                    let names = workers(&overview.dialogues);
                    let overview = StoredValue::new(overview);
                    view! {
                        <p class="muted">{overview.with_value(|o| o.team_name.clone())}</p>
                        <section class="card" data-testid="alerts">
                            <h2>"Signalen"</h2>
                            <div inner_html=overview.with_value(|o| alerts_html(&o.alerts, true))></div>
                        </section>
                        <details class="card filters">
                            <summary><h2>"Zoeken en filteren"</h2></summary>
                            <div class="form">
                                <label for="f-search">"Zoek in woorden en teksten"</label>
                                <input id="f-search" type="search" autocomplete="off" on:input=field(|f| &mut f.search)/>
                                <label for="f-worker">"Medewerker"</label>
                                <select id="f-worker" on:change=field(|f| &mut f.worker)>
                                    <option value="">"Iedereen"</option>
                                    {names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                                </select>
                                <label for="f-client">"Cliëntcode"</label>
                                <input id="f-client" autocomplete="off" on:input=field(|f| &mut f.client)/>
                                <div class="row">
                                    <div><label for="f-from">"Vanaf"</label><input id="f-from" type="date" on:input=field(|f| &mut f.from)/></div>
                                    <div><label for="f-to">"Tot en met"</label><input id="f-to" type="date" on:input=field(|f| &mut f.to)/></div>
                                </div>
                            </div>
                        </details>
                        <ul class="cards" data-testid="team-dialogues" inner_html=move || {
                            let f = filter.get();
                            overview.with_value(|o| team_list_html(&filter_team(&o.dialogues, &f)))
                        }></ul>
                        {overview.with_value(|o| o.more).then(|| view! {
                            <p class="muted small">{overview.with_value(|o| crate::ui::words::shown_of_label(o.dialogues.len(), o.total))}</p>
                            <button type="button" class="secondary wide" data-testid="team-more" on:click=load_more>"Meer laden"</button>
                        })}
                    }.into_any()
                }
            }}
            <ThresholdsForm/>
            <AccountChanges/>
        }.into_any())}
    }
    .into_any()
}

/// "Accounts in je team": who an administrator added to the team (or switched off), and when,
/// so a lead notices an account they did not ask for.
#[component]
fn AccountChanges() -> impl IntoView {
    let ctx = use_app();
    let list = RwSignal::new(None::<Vec<werkzaam_protocol::admin::AccountChange>>);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !ctx.can_reach_server() {
            return done.unwrap_or(false);
        }
        actions::fetch_json(
            "/api/team/accounts".into(),
            move |r: Result<Vec<werkzaam_protocol::admin::AccountChange>, String>| {
                list.try_set(r.ok());
            },
        );
        true
    });
    view! {
        <details class="card" data-testid="account-changes">
            <summary><h2>"Accounts in je team"</h2></summary>
            {move || match list.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(l) if l.is_empty() => view! {
                    <p class="muted">"Er zijn nog geen accounts door beheer gemaakt of gewijzigd."</p>
                }.into_any(),
                Some(l) => view! {
                    <ul class="plain">
                        {l.into_iter().map(|c| view! {
                            <li>{crate::review::logic::account_change_sentence(&c)} " " <span class="small muted">{actions::local_time(c.at_ms)}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </details>
    }
}

/// "Signalen instellen": the team's thresholds.
#[component]
fn ThresholdsForm() -> impl IntoView {
    let ctx = use_app();
    let t = RwSignal::new(None::<Thresholds>);
    let message = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !ctx.can_reach_server() {
            return done.unwrap_or(false);
        }
        actions::fetch_json(
            "/api/team/instellingen".into(),
            move |r: Result<Thresholds, String>| {
                t.try_set(r.ok());
            },
        );
        true
    });
    let number = move |f: fn(&mut Thresholds) -> &mut u8| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev)
                .trim()
                .parse::<u8>()
                .unwrap_or(u8::MAX);
            t.update(|x| {
                if let Some(x) = x {
                    *f(x) = v;
                }
            });
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = t.get_untracked() else {
            return;
        };
        actions::put_json(
            "/api/team/instellingen".into(),
            value,
            move |r: Result<Thresholds, String>| {
                message.try_set(Some(match r {
                    Ok(_) => (
                        true,
                        "Opgeslagen. Nieuwe signalen volgen deze grenzen.".into(),
                    ),
                    Err(m) => (false, m),
                }));
            },
        );
    };
    view! {
        <details class="card">
            <summary><h2>"Signalen instellen"</h2></summary>
            {move || t.get().map(|v| view! {
                <form class="form" on:submit=save novalidate=true>
                    <label for="t-drop">"Daling van de cliënt sinds de vorige dialoog (punten)"</label>
                    <input id="t-drop" type="number" min="1" max="10" prop:value=v.drop.to_string() on:input=number(|x| &mut x.drop)/>
                    <label for="t-low">"Lage score: deze of lager"</label>
                    <input id="t-low" type="number" min="0" max="9" prop:value=v.low.to_string() on:input=number(|x| &mut x.low)/>
                    <label for="t-div">"Verschil cliënt en hulpverlener (punten)"</label>
                    <input id="t-div" type="number" min="1" max="10" prop:value=v.divergence.to_string() on:input=number(|x| &mut x.divergence)/>
                    {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice ok" } else { "notice error" } role="status">{m}</p> })}
                    <button type="submit" class="secondary">"Opslaan"</button>
                </form>
            })}
        </details>
    }
}

/// One client's trend over the dialogues: the chart (SVG from the server), alerts, dialogues.
#[component]
pub fn ClientTrendPage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let state = RwSignal::new(None::<Result<ClientReview, String>>);
    let url = format!("/api/team/clienten/{}", crate::urls::encode(&code));
    let img = RwSignal::new(None::<String>);
    let chart_code = code.clone();
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if !ctx.who.get().is_team_lead() || !ctx.can_reach_server() {
            return false;
        }
        actions::fetch_json(url.clone(), move |r| {
            state.try_set(Some(r));
        });
        // The chart comes with the request key (an `<img src>` request would carry only the
        // cookie), then shows from an object URL.
        actions::server_picture(trend_svg_url(&chart_code), move |r| {
            img.try_set(r.ok());
        });
        true
    });
    let alt =
        format!("Verloop van de scores van cliënt {code}: cliënt en hulpverlener per dialoog");
    view! {
        <p class="crumbs no-print"><a href="/team">"← Teamoverzicht"</a></p>
        <h1>{format!("Cliënt {code}")}</h1>
        {move || lead_gate(ctx).unwrap_or_else(|| match state.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(Err(message)) => view! { <p class="notice warn" role="alert">{message}</p> }.into_any(),
            Some(Ok(review)) => view! {
                <section class="card">
                    <h2>"Verloop van de scores"</h2>
                    <img class="trend" src=move || img.get().unwrap_or_default() alt=alt.clone() data-testid="trend"/>
                </section>
                <div data-testid="client-review" inner_html=client_html(&review)></div>
            }.into_any(),
        })}
    }
    .into_any()
}

/// What the team learns since a chosen day.
#[component]
pub fn TeamLearningPage() -> impl IntoView {
    let ctx = use_app();
    let since = RwSignal::new(String::new());
    let state = RwSignal::new(None::<Result<TeamLearning, String>>);
    let load = move || {
        state.set(None);
        let url = format!("/api/team/leren?sinds={}", since.get_untracked());
        actions::fetch_json(url, move |r| {
            state.try_set(Some(r));
        });
    };
    Effect::new(move |_| {
        if ctx.who.get().is_team_lead() && ctx.can_reach_server() {
            load();
        }
    });
    view! {
        <h1>"Wat leren we?"</h1>
        {move || lead_gate(ctx).unwrap_or_else(|| view! {
            {sub_nav()}
            <form class="card form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(); }>
                <label for="since">"Sinds (leeg: alles)"</label>
                <input id="since" type="date" bind:value=since/>
                <button type="submit" class="secondary">"Tonen"</button>
            </form>
            {move || match state.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="notice warn" role="alert">{message}</p> }.into_any(),
                Some(Ok(l)) => view! { <div data-testid="learning" inner_html=learning_html(&l)></div> }.into_any(),
            }}
        }.into_any())}
    }
    .into_any()
}

/// The meeting's agenda for a period: to read, print, and download as CSV or PDF.
#[component]
pub fn AgendaPage() -> impl IntoView {
    let ctx = use_app();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let state = RwSignal::new(None::<Result<Agenda, String>>);
    let load = move || {
        state.set(None);
        let url = format!(
            "/api/team/agenda?{}",
            agenda_query(
                &from.get_untracked(),
                &to.get_untracked(),
                anonymous.get_untracked()
            )
        );
        actions::fetch_json(url, move |r| {
            state.try_set(Some(r));
        });
    };
    Effect::new(move |_| {
        if ctx.who.get().is_team_lead() && ctx.can_reach_server() && from.get_untracked().is_empty()
        {
            from.set(actions::days_ago(28));
            to.set(actions::today());
            load();
        }
    });
    let export = move |ext: &'static str| {
        move || {
            format!(
                "/api/team/agenda.{ext}?{}",
                agenda_query(&from.get(), &to.get(), anonymous.get())
            )
        }
    };
    view! {
        <h1 class="no-print">"Teamoverleg voorbereiden"</h1>
        {move || lead_gate(ctx).unwrap_or_else(|| view! {
            {sub_nav()}
            <form class="card form no-print" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(); }>
                <div class="row">
                    <div><label for="a-from">"Van"</label><input id="a-from" type="date" bind:value=from/></div>
                    <div><label for="a-to">"Tot en met"</label><input id="a-to" type="date" bind:value=to/></div>
                </div>
                <label class="check"><input type="checkbox" bind:checked=anonymous/>"Cliënten als A, B, C (zonder cliëntcodes; blijft vertrouwelijk)"</label>
                <button type="submit" class="primary wide" data-testid="show-agenda">"Agenda tonen"</button>
            </form>
            <div class="actions no-print">
                <button type="button" class="secondary" on:click=move |_| actions::print_page()>"Afdrukken"</button>
                <button type="button" class="secondary" data-testid="agenda-csv"
                    on:click=move |_| actions::download_from_server(export("csv")(), "agenda.csv", move |r| {
                        if let Err(m) = r { state.try_set(Some(Err(m))); }
                    })>"CSV"</button>
                <button type="button" class="secondary" data-testid="agenda-pdf"
                    on:click=move |_| actions::download_from_server(export("pdf")(), "agenda.pdf", move |r| {
                        if let Err(m) = r { state.try_set(Some(Err(m))); }
                    })>"PDF"</button>
            </div>
            {move || match state.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="notice warn" role="alert">{message}</p> }.into_any(),
                Some(Ok(a)) => view! { <div class="agenda" data-testid="agenda" inner_html=agenda_html(&a)></div> }.into_any(),
            }}
        }.into_any())}
    }
    .into_any()
}

/// One shared dialogue of the team: only what the client's consent covers.
#[component]
pub fn TeamDialoguePage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let state = RwSignal::new(None::<Result<TeamDialogue, String>>);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if !ctx.who.get().is_team_lead() || !ctx.can_reach_server() {
            return false;
        }
        actions::load_team_dialogue(id.clone(), move |r| {
            state.try_set(Some(r));
        });
        true
    });
    view! {
        <p class="crumbs"><a href="/team">"← Teamoverzicht"</a></p>
        {move || match state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(message)) => view! { <p class="notice warn" role="alert">{message}</p> }.into_any(),
            Some(Ok(item)) => {
                let covered = werkzaam_domain::rules::consent::covered(&item.dialogue);
                let d = item.dialogue;
                let source = MediaSource::Server {
                    dialogue_id: d.id.clone(),
                    received: item.received_media,
                };
                view! {
                    <h1>{format!("Cliënt {}", d.client_code)}</h1>
                    <p class="muted">
                        {format!("{} · {} · {}", item.worker_name, date_nl(&d.held_on), d.setting.label())}
                    </p>
                    <p class="notice">{consent_summary(&d).replace("Het team ziet", "Gedeeld met het team:")}</p>
                    <p><a class="button secondary" href=format!("/team/client/{}", crate::urls::encode(&d.client_code)) data-testid="client-trend-link">
                        "Verloop van deze cliënt →"
                    </a></p>
                    <SideBySide dialogue=d.clone() source answers=covered.answers media=covered.media/>
                    <DialogueExtras dialogue=d answers=covered.answers reflection=covered.reflection/>
                }
                    .into_any()
            }
        }}
    }
    .into_any()
}

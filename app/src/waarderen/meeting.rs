//! The **teambijeenkomst** (issue 5) as one guided flow — 1. verhalen en werkzame elementen,
//! 2. groepsdroom, 3. acties, 4. samenvatting (printable, CSV) — and the team's **action
//! board**, where an owner sets the status from the phone, offline too.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use werkzaam_domain::team::{
    summary_csv, Action, ActionStatus, Dream, Meeting, TeamData, TeamRecord,
};
use werkzaam_domain::{drawing, drawing::Drawing};

use crate::actions;
use crate::dialogues::conflicts::record_conflict_choices;
use crate::dialogues::editor::ConflictList;
use crate::state::use_app;
use crate::ui::drawing_pad::DrawingPad;
use crate::ui::words::date_nl;
use crate::ui::PrivacyNotes;
use crate::waarderen::interview::{my_id, require_login};
use crate::waarderen::logic::{
    board_view, elements_chart_svg, new_dream, new_meeting, new_synonym, story_cards_html,
    summary_html, team_field_label, ActionForm,
};
use werkzaam_domain::merge;

/// The team's sessions, newest first; a team lead opens a new one.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let navigate = use_navigate();
    let held_on = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if ctx.ready.get() {
            held_on.set(actions::today());
        }
    });
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match new_meeting(
            actions::new_id(),
            &held_on.get_untracked(),
            &title.get_untracked(),
            actions::now_ms(),
        ) {
            Ok(meeting) => {
                let id = meeting.id.clone();
                let navigate = navigate.clone();
                actions::save_team_record(ctx, TeamRecord::Meeting(meeting), move |r| match r {
                    Ok(()) => navigate(&format!("/bijeenkomst/{id}"), Default::default()),
                    Err(m) => {
                        error.try_set(Some(m));
                    }
                });
            }
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        <h1>"Teambijeenkomsten"</h1>
        <Show when=move || ctx.who.get().is_team_lead()>
            <form class="card form" on:submit=open.clone() novalidate=true>
                <h2>"Nieuwe teambijeenkomst"</h2>
                <label for="meeting-date">"Datum"</label>
                <input id="meeting-date" type="date" bind:value=held_on/>
                <label for="meeting-title">"Titel (mag leeg)"</label>
                <input id="meeting-title" maxlength="200" autocomplete="off" bind:value=title placeholder="Teambijeenkomst"/>
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                <button type="submit" class="primary wide" data-testid="open-meeting">"Bijeenkomst beginnen"</button>
            </form>
        </Show>
        {move || {
            let meetings: Vec<Meeting> = ctx.team.with(|t| t.as_ref().map(|t| t.live_meetings().into_iter().cloned().collect()).unwrap_or_default());
            if meetings.is_empty() {
                view! { <p class="muted">"Nog geen teambijeenkomsten. Een teamleider begint er een."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards plain">
                        {meetings.into_iter().map(|m| view! {
                            <li><a class="card card-link" href=format!("/bijeenkomst/{}", m.id) data-testid="meeting-card">
                                <strong>{m.title.clone()}</strong>
                                <span class="small">{date_nl(&m.held_on)}</span>
                            </a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
    .into_any()
}

const STEPS: [&str; 4] = ["Verhalen", "Droom", "Acties", "Samenvatting"];

/// One session, step by step.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let step = RwSignal::new(0usize);
    let meeting = Memo::new(move |_| {
        ctx.team.with(|t| {
            t.as_ref().map(|t| {
                t.meetings
                    .iter()
                    .find(|m| m.id == id && !m.deleted)
                    .cloned()
            })
        })
    });
    view! {
        <div class="meeting">
        <p class="crumbs no-print"><a href="/bijeenkomsten">"← Teambijeenkomsten"</a></p>
        {move || match meeting.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(None) => view! { <p class="notice warn">"Deze bijeenkomst staat niet op dit apparaat."</p> }.into_any(),
            Some(Some(m)) => {
                let meeting = StoredValue::new(m.clone());
                view! {
                    <h1>{m.title.clone()}</h1>
                    <p class="muted">{date_nl(&m.held_on)}</p>
                    <nav class="steps-nav no-print" aria-label="Stappen">
                        {STEPS.iter().enumerate().map(|(i, label)| view! {
                            <button type="button" class="step" aria-pressed=move || (step.get() == i).to_string()
                                data-testid=format!("step-{}", i + 1) on:click=move |_| step.set(i)>
                                <span class="step-no">{i + 1}</span>{*label}
                            </button>
                        }).collect_view()}
                    </nav>
                    {move || match step.get() {
                        0 => view! { <StoriesStep meeting/> }.into_any(),
                        1 => view! { <DreamStep meeting/> }.into_any(),
                        2 => view! { <ActionsStep meeting/> }.into_any(),
                        _ => view! { <SummaryStep meeting/> }.into_any(),
                    }}
                    <div class="actions no-print">
                        <Show when=move || step.get() != 0>
                            <button type="button" class="secondary" on:click=move |_| step.update(|s| *s -= 1)>"← Vorige"</button>
                        </Show>
                        <Show when=move || step.get() != 3>
                            <button type="button" class="primary" data-testid="next-step" on:click=move |_| step.update(|s| *s += 1)>"Volgende →"</button>
                        </Show>
                    </div>
                }.into_any()
            }
        }}
        </div>
    }
    .into_any()
}

fn with_team<T: Default>(ctx: crate::state::AppCtx, f: impl FnOnce(&TeamData) -> T) -> T {
    ctx.team.with(|t| t.as_ref().map(f).unwrap_or_default())
}

/// Step 1: the stories since the session before, and their werkzame elementen counted.
#[component]
fn StoriesStep(meeting: StoredValue<Meeting>) -> impl IntoView {
    let ctx = use_app();
    let picked = RwSignal::new(Vec::<String>::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let counted =
        Memo::new(move |_| with_team(ctx, |t| t.elements(&t.stories_for(&meeting.get_value()))));
    let story_count = move || with_team(ctx, |t| t.stories_for(&meeting.get_value()).len());
    let merge = move |_| {
        let variants = picked.get_untracked();
        if variants.len() < 2 && name.get_untracked().trim().is_empty() {
            error.set(Some(
                "Kies twee of meer elementen die hetzelfde betekenen.".into(),
            ));
            return;
        }
        let target = if name.get_untracked().trim().is_empty() {
            variants[0].clone()
        } else {
            name.get_untracked()
        };
        match new_synonym(actions::new_id(), &variants, &target, actions::now_ms()) {
            Ok(m) => actions::save_team_record(ctx, TeamRecord::Synonym(m), move |r| match r {
                Ok(()) => {
                    picked.try_set(Vec::new());
                    name.try_set(String::new());
                    error.try_set(None);
                }
                Err(m) => {
                    error.try_set(Some(m));
                }
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <section class="card" data-testid="elements-chart">
            <h2>"Werkzame elementen"</h2>
            <p class="hint">{move || crate::waarderen::logic::stories_since_label(story_count())}</p>
            <div class="chart-box" inner_html=move || counted.with(|c| elements_chart_svg(c, 12))></div>
            <Show when=move || ctx.who.get().is_team_lead() && counted.with(|c| c.len() > 1)>
                <details class="merge">
                    <summary>"Woorden samenvoegen"</summary>
                    <p class="hint">"Kies elementen die hetzelfde betekenen. Wat mensen schreven blijft staan; ze tellen voortaan samen."</p>
                    <ul class="plain">
                        {move || counted.get().into_iter().map(|c| {
                            let n = c.name.clone();
                            let n2 = c.name.clone();
                            view! {
                                <li><label class="check">
                                    <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&n))
                                        on:change=move |ev| { let on = event_target_checked(&ev); let n = n2.clone(); picked.update(|p| if on { p.push(n) } else { p.retain(|x| *x != n) }); }/>
                                    {format!("{} ({})", c.name, c.stories)}
                                </label></li>
                            }
                        }).collect_view()}
                    </ul>
                    <label for="merge-name">"Samen heten ze"</label>
                    <input id="merge-name" autocomplete="off" bind:value=name placeholder=move || picked.with(|p| p.first().cloned().unwrap_or_default())/>
                    {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                    <button type="button" class="secondary" on:click=merge data-testid="merge">"Samenvoegen"</button>
                    <ul class="plain">
                        {move || with_team(ctx, |t| t.synonyms.iter().filter(|m| !m.deleted).cloned().collect::<Vec<_>>())
                            .into_iter()
                            .map(|m| {
                                let label = format!("{} → {}", m.variants.join(", "), m.name);
                                let stored = StoredValue::new(m);
                                let undo = move |_| {
                                    let mut m = stored.get_value();
                                    m.deleted = true;
                                    m.updated_at_ms = actions::now_ms();
                                    actions::save_team_record(ctx, TeamRecord::Synonym(m), |_| {});
                                };
                                view! {
                                    <li data-testid="synonym">{label} " "
                                        <button type="button" class="link" on:click=undo>"Ongedaan maken"</button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </details>
            </Show>
        </section>
        <h2 class="section">"Verhalen"</h2>
        <ul
            class="cards plain"
            inner_html=move || {
                with_team(ctx, |t| story_cards_html(&t.stories_for(&meeting.get_value()), &|id| ctx.name_of(id)))
            }
        ></ul>
    }
    .into_any()
}

/// Step 2: the groepsdroom — every member adds statements (or a drawing); the team groups them.
#[component]
fn DreamStep(meeting: StoredValue<Meeting>) -> impl IntoView {
    let ctx = use_app();
    let text = RwSignal::new(String::new());
    let sketch = RwSignal::new(None::<Drawing>);
    let drawing_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let meeting_id = meeting.with_value(|m| m.id.clone());
    let dreams = {
        let meeting_id = meeting_id.clone();
        Memo::new(move |_| {
            with_team(ctx, |t| {
                t.dreams_for(&meeting_id)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let clusters = move || {
        let mut c: Vec<String> = dreams.with(|d| {
            d.iter()
                .map(|d| d.cluster.clone())
                .filter(|c| !c.is_empty())
                .collect()
        });
        c.dedup();
        c
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let drawing = sketch
            .get_untracked()
            .map(|d| drawing::to_text(&d))
            .unwrap_or_default();
        match new_dream(
            actions::new_id(),
            &meeting.with_value(|m| m.id.clone()),
            &my_id(ctx).unwrap_or_default(),
            &text.get_untracked(),
            drawing,
            actions::now_ms(),
        ) {
            Ok(d) => actions::save_team_record(ctx, TeamRecord::Dream(d), move |r| match r {
                Ok(()) => {
                    text.try_set(String::new());
                    sketch.try_set(None);
                    error.try_set(None);
                }
                Err(m) => {
                    error.try_set(Some(m));
                }
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    let on_change = Callback::new(move |d: Drawing| sketch.set(Some(d)));
    let on_close = Callback::new(move |_| drawing_open.set(false));
    view! {
        <section class="card form">
            <h2>"Groepsdroom"</h2>
            <p class="hint">"Hoe ziet ons werk eruit als alles wat werkt vaker gebeurt? Schrijf het op alsof het al zo is."</p>
            <form on:submit=add novalidate=true>
                <label for="dream-text">"Jouw droom"</label>
                <textarea id="dream-text" rows="3" maxlength="200" bind:value=text placeholder="Elke cliënt weet wat hij zelf kan…"></textarea>
                <PrivacyNotes text=Signal::derive(move || text.get())/>
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| drawing_open.set(true)>
                        {move || if sketch.with(Option::is_some) { "✎ Tekening aanpassen" } else { "✎ Erbij tekenen" }}
                    </button>
                    <button type="submit" class="primary" data-testid="add-dream">"Toevoegen"</button>
                </div>
                {move || sketch.get().map(|d| view! { <div class="thumb" inner_html=drawing::to_svg(&d)></div> })}
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            </form>
        </section>
        {move || drawing_open.get().then(|| view! { <DrawingPad initial=sketch.get_untracked() on_change on_close title="Teken de droom"/> })}
        <datalist id="clusters">{move || clusters().into_iter().map(|c| view! { <option value=c></option> }).collect_view()}</datalist>
        <ul class="cards plain dreams" data-testid="dreams">
            {move || dreams.get().into_iter().map(|d| view! { <DreamCard dream=d/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn DreamCard(dream: Dream) -> impl IntoView {
    let ctx = use_app();
    let cluster = RwSignal::new(dream.cluster.clone());
    let stored = StoredValue::new(dream.clone());
    let set_cluster = move |_| {
        let mut d = stored.get_value();
        d.cluster = cluster.get_untracked().trim().to_owned();
        d.updated_at_ms = actions::now_ms();
        actions::save_team_record(ctx, TeamRecord::Dream(d), |_| {});
    };
    let svg = (!dream.drawing.is_empty())
        .then(|| drawing::from_text(&dream.drawing).ok())
        .flatten()
        .map(|d| drawing::to_svg(&d));
    view! {
        <li class="card dream" data-testid="dream">
            {(!dream.cluster.is_empty()).then(|| view! { <span class="label">{dream.cluster.clone()}</span> })}
            <p class="dream-text">{dream.text.clone()}</p>
            {svg.map(|s| view! { <div class="thumb" inner_html=s></div> })}
            <p class="small muted">{ctx.name_of(&dream.author_id)}</p>
            <div class="keyword-add no-print">
                <input list="clusters" autocomplete="off" placeholder="Groep, bijv. Samenwerken" bind:value=cluster aria-label="Groep"/>
                <button type="button" class="secondary" on:click=set_cluster>"Groeperen"</button>
            </div>
        </li>
    }
}

/// Step 3: concrete actions — wat, wie, wanneer — each serving a dream statement.
#[component]
fn ActionsStep(meeting: StoredValue<Meeting>) -> impl IntoView {
    let ctx = use_app();
    let form = RwSignal::new(ActionForm::default());
    let error = RwSignal::new(None::<String>);
    let meeting_id = meeting.with_value(|m| m.id.clone());
    let dreams = {
        let meeting_id = meeting_id.clone();
        move || {
            with_team(ctx, |t| {
                t.dreams_for(&meeting_id)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let agreed = {
        let meeting_id = meeting_id.clone();
        move || {
            with_team(ctx, |t| {
                t.live_actions()
                    .into_iter()
                    .filter(|a| a.meeting_id == meeting_id)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_action(
            actions::new_id(),
            &meeting.with_value(|m| m.id.clone()),
            actions::now_ms(),
        ) {
            Ok(a) => actions::save_team_record(ctx, TeamRecord::Action(a), move |r| match r {
                Ok(()) => {
                    form.try_set(ActionForm::default());
                    error.try_set(None);
                }
                Err(m) => {
                    error.try_set(Some(m));
                }
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <form class="card form" on:submit=add novalidate=true>
            <h2>"Nieuwe actie"</h2>
            <label for="action-what">"Wat gaan we doen?"</label>
            <input id="action-what" maxlength="200" autocomplete="off"
                prop:value=move || form.with(|f| f.what.clone())
                on:input=move |ev| form.update(|f| f.what = event_target_value(&ev))/>
            <fieldset class="owners">
                <legend>"Wie doet het?"</legend>
                {move || ctx.colleagues.get().into_iter().map(|c| {
                    let id = c.user_id.clone();
                    let id2 = c.user_id.clone();
                    view! {
                        <label class="check"><input type="checkbox" data-testid="owner"
                            prop:checked=move || form.with(|f| f.owners.contains(&id))
                            on:change=move |ev| { let on = event_target_checked(&ev); let id = id2.clone(); form.update(|f| if on { f.owners.push(id) } else { f.owners.retain(|x| *x != id) }); }/>
                            {c.display_name.clone()}</label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="action-due">"Wanneer klaar?"</label>
            <input id="action-due" type="date" prop:value=move || form.with(|f| f.due.clone())
                on:input=move |ev| form.update(|f| f.due = event_target_value(&ev))/>
            <label for="action-serves">"Voor welk deel van de droom?"</label>
            <select id="action-serves" prop:value=move || form.with(|f| f.serves.clone())
                on:change=move |ev| form.update(|f| f.serves = event_target_value(&ev))>
                <option value="">"(geen)"</option>
                {move || dreams().into_iter().map(|d| view! { <option value=d.id.clone()>{if d.text.is_empty() { "(tekening)".to_string() } else { d.text.clone() }}</option> }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" data-testid="add-action">"Actie toevoegen"</button>
        </form>
        <ul class="cards plain" data-testid="meeting-actions">
            {move || agreed().into_iter().map(|a| view! { <ActionCard action=a/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Step 4: the summary — printable (and so a PDF) and as CSV.
#[component]
fn SummaryStep(meeting: StoredValue<Meeting>) -> impl IntoView {
    let ctx = use_app();
    let download = move |_| {
        let m = meeting.get_value();
        let csv = ctx.team.with_untracked(|t| {
            t.as_ref()
                .map(|t| summary_csv(&t.summary(&m), &|id| ctx.name_of(id)))
                .unwrap_or_default()
        });
        actions::download(
            &format!("teambijeenkomst-{}.csv", m.held_on),
            "text/csv;charset=utf-8",
            &csv,
        );
    };
    view! {
        <div class="actions no-print">
            <button type="button" class="primary" on:click=move |_| actions::print_page() data-testid="print">"Afdrukken of PDF"</button>
            <button type="button" class="secondary" on:click=download data-testid="download-csv">"CSV downloaden"</button>
        </div>
        <section
            class="card summary"
            data-testid="summary"
            inner_html=move || {
                with_team(ctx, |t| summary_html(&t.summary(&meeting.get_value()), &|id| ctx.name_of(id)))
            }
        ></section>
    }
    .into_any()
}

/// One action with its status buttons: the owner (or anyone in the team) sets it, offline too.
#[component]
pub fn ActionCard(action: Action) -> impl IntoView {
    let ctx = use_app();
    let today = actions::today();
    let late = action.overdue(&today);
    let stored = StoredValue::new(action.clone());
    let error = RwSignal::new(None::<String>);
    let set_status = move |status: ActionStatus| {
        let mut a = stored.get_value();
        if a.status == status {
            return;
        }
        a.status = status;
        a.updated_at_ms = actions::now_ms();
        actions::save_team_record(ctx, TeamRecord::Action(a), move |r| {
            error.try_set(r.err());
        });
    };
    let owners = action
        .owners
        .iter()
        .map(|o| ctx.name_of(o))
        .collect::<Vec<_>>()
        .join(", ");
    let status = action.status;
    let choices = record_conflict_choices(&action, team_field_label);
    let keep = Callback::new(move |(field, value): (String, merge::Value)| {
        let mut a = stored.get_value();
        merge::resolve(&mut a, &field, value);
        a.updated_at_ms = actions::now_ms();
        actions::save_team_record(ctx, TeamRecord::Action(a), move |r| {
            error.try_set(r.err());
        });
    });
    view! {
        <li class=if late { "card action late" } else { "card action" } data-testid="action" data-status=action.status.label()>
            <p class="action-what">{action.what.clone()}</p>
            <p class="small">
                {owners}
                {(!action.due.is_empty()).then(|| format!(" · vóór {}", date_nl(&action.due)))}
                {late.then(|| view! { " " <span class="badge problem">"Te laat"</span> })}
            </p>
            <div class="toggle status" role="group" aria-label="Status">
                {[ActionStatus::Open, ActionStatus::Bezig, ActionStatus::Klaar].into_iter().map(|s| view! {
                    <button type="button" aria-pressed=(status == s).to_string() on:click=move |_| set_status(s)>{s.label()}</button>
                }).collect_view()}
            </div>
            <ConflictList choices=Signal::stored(choices) keep/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        </li>
    }
}

/// The action board: the user's own open actions first, then each colleague's; overdue ones
/// stand out; what is done below.
#[component]
pub fn ActionsPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let view_now = Memo::new(move |_| {
        let me = my_id(ctx).unwrap_or_default();
        let colleagues = ctx.colleagues.get();
        with_team(ctx, |t| {
            Some(board_view(&t.live_actions(), &me, &colleagues))
        })
    });
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        <h1>"Acties"</h1>
        {move || match view_now.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(board) => {
                let me = my_id(ctx).unwrap_or_default();
                view! {
                    {board.groups.is_empty().then(|| view! { <p class="muted">"Geen open acties."</p> })}
                    {board.groups.into_iter().map(|(owner, list)| view! {
                        <h2 class="section">{if owner == me { "Jouw acties".to_string() } else { ctx.name_of(&owner) }}</h2>
                        <ul class="cards plain" data-testid="board-group">
                            {list.into_iter().map(|a| view! { <ActionCard action=a/> }).collect_view()}
                        </ul>
                    }).collect_view()}
                    {(!board.done.is_empty()).then(|| view! {
                        <h2 class="section">"Klaar"</h2>
                        <ul class="cards plain" data-testid="board-done">
                            {board.done.into_iter().map(|a| view! { <ActionCard action=a/> }).collect_view()}
                        </ul>
                    })}
                }.into_any()
            }
        }}
    }
    .into_any()
}

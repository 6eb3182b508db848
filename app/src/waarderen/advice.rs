//! Learning from each other (issue 19, seed 003): *Hoe zou jij dat aanpakken?* — a short question
//! to the team, answered by colleagues, an answer marked *Dit hielp me* — and the **leerpunten**
//! (*dit ging niet zo goed, dit leer ik ervan*), shared with or without one's name. Team records:
//! written offline too, synced, seen by the team only. Every text warns when it looks like it
//! names a client.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use werkzaam_domain::merge;
use werkzaam_domain::team::{Advice, TeamRecord};

use crate::actions;
use crate::dialogues::conflicts::record_conflict_choices;
use crate::dialogues::editor::ConflictList;
use crate::state::{use_app, AppCtx};
use crate::ui::words::date_nl;
use crate::ui::PrivacyNotes;
use crate::waarderen::advice_logic::{
    lesson_by, new_advice, new_lesson, new_reply, replies_count, with_helpful,
};
use crate::waarderen::interview::{my_id, require_login};
use crate::waarderen::logic::{name_of, team_field_label};

fn save(
    ctx: AppCtx,
    record: TeamRecord,
    error: RwSignal<Option<String>>,
    done: impl FnOnce() + 'static,
) {
    actions::save_team_record(ctx, record, move |r| match r {
        Ok(()) => {
            error.try_set(None);
            done();
        }
        Err(m) => {
            error.try_set(Some(m));
        }
    });
}

/// The day of a moment (ms since the epoch), in words.
fn day_of(ms: i64) -> String {
    date_nl(&werkzaam_domain::team::date_of_ms(ms))
}

/// The team's questions, the newest first, and a new one.
#[component]
pub fn AdvicePage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let me = my_id(ctx).unwrap_or_default();
        match new_advice(
            actions::new_id(),
            &me,
            &text.get_untracked(),
            actions::now_ms(),
        ) {
            Ok(a) => save(ctx, TeamRecord::Advice(a), error, move || {
                text.set(String::new())
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        <h1>"Vraag het een collega"</h1>
        <form class="card form" on:submit=ask novalidate=true>
            <label for="advice-text">"Hoe zou jij dat aanpakken?"</label>
            <p class="hint">"Beschrijf de situatie kort, zonder namen of andere gegevens van de cliënt. Alleen je team ziet het."</p>
            <textarea id="advice-text" rows="4" data-testid="advice-text" placeholder="Ik kom in zo'n vreemde situatie…" bind:value=text></textarea>
            <PrivacyNotes text/>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" data-testid="ask">"Vraag stellen"</button>
        </form>
        {move || {
            let list: Vec<(Advice, usize)> = ctx.team.with(|t| t.as_ref().map(|t| {
                t.live_advice().into_iter().map(|a| (a.clone(), t.replies_to(&a.id).len())).collect()
            }).unwrap_or_default());
            if list.is_empty() {
                view! { <p class="muted">"Nog geen vragen. Stel de eerste: een collega weet misschien raad."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards plain" data-testid="advice-list">
                        {list.into_iter().map(|(a, n)| {
                            let who = ctx.colleagues.with(|c| name_of(c, &a.author_id));
                            view! {
                                <li><a class="card card-link" href=format!("/advies/{}", a.id) data-testid="advice-card">
                                    <strong>{a.text.clone()}</strong>
                                    <span class="small">{who}" · "{day_of(a.created_at_ms)}" · "{replies_count(n)}</span>
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
    .into_any()
}

/// One question: its answers (*Dit hielp me* for the asker), and a new answer.
#[component]
pub fn AdviceThreadPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let advice = Memo::new(move |_| {
        let id = id.get();
        ctx.team.with(|t| {
            t.as_ref()
                .map(|t| t.advice.iter().find(|a| a.id == id && !a.deleted).cloned())
        })
    });
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let answer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let me = my_id(ctx).unwrap_or_default();
        match new_reply(
            actions::new_id(),
            &id.get_untracked(),
            &me,
            &text.get_untracked(),
            actions::now_ms(),
        ) {
            Ok(r) => save(ctx, TeamRecord::Reply(r), error, move || {
                text.set(String::new())
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <p class="crumbs"><a href="/advies">"← Vragen aan het team"</a></p>
        {move || match advice.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(None) => view! { <p class="notice warn">"Deze vraag staat niet op dit apparaat."</p> }.into_any(),
            Some(Some(a)) => {
                let me = my_id(ctx).unwrap_or_default();
                let mine = a.author_id == me;
                let stored = StoredValue::new(a.clone());
                let replies = ctx.team.with(|t| t.as_ref().map(|t| t.replies_to(&a.id).into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default());
                let choices = record_conflict_choices(&a, team_field_label);
                let keep = Callback::new(move |(field, value): (String, merge::Value)| {
                    let mut a = stored.get_value();
                    merge::resolve(&mut a, &field, value);
                    a.updated_at_ms = actions::now_ms();
                    save(ctx, TeamRecord::Advice(a), error, || ());
                });
                view! {
                    <h1 class="question">{a.text.clone()}</h1>
                    <p class="muted">{ctx.colleagues.with(|c| name_of(c, &a.author_id))}" · "{day_of(a.created_at_ms)}</p>
                    <ConflictList choices=Signal::stored(choices) keep/>
                    <h2 class="section">{replies_count(replies.len())}</h2>
                    <ul class="cards plain" data-testid="replies">
                        {replies.into_iter().map(|r| {
                            let helpful = a.helpful.contains(&r.id);
                            let rid = r.id.clone();
                            let mark = move |_| {
                                let mut updated = with_helpful(&stored.get_value(), &rid, !helpful);
                                updated.updated_at_ms = actions::now_ms();
                                save(ctx, TeamRecord::Advice(updated), error, || ());
                            };
                            view! {
                                <li class=if helpful { "card reply helpful" } else { "card reply" } data-testid="reply">
                                    <p class="pre">{r.text.clone()}</p>
                                    <p class="small muted">{ctx.colleagues.with(|c| name_of(c, &r.author_id))}" · "{day_of(r.created_at_ms)}</p>
                                    {helpful.then(|| view! { <p class="badge ok" data-testid="helped">"✓ Dit hielp"</p> })}
                                    {mine.then(|| view! {
                                        <button type="button" class="secondary" data-testid="mark-helpful" aria-pressed=helpful.to_string() on:click=mark>
                                            {if helpful { "Niet meer markeren" } else { "Dit hielp me" }}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(!mine).then(|| view! {
                        <form class="card form" on:submit=answer novalidate=true>
                            <label for="reply-text">"Hoe zou jij het aanpakken?"</label>
                            <textarea id="reply-text" rows="4" data-testid="reply-text" bind:value=text></textarea>
                            <PrivacyNotes text/>
                            <button type="submit" class="primary wide" data-testid="send-reply">"Antwoorden"</button>
                        </form>
                    })}
                    {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                }.into_any()
            }
        }}
    }
    .into_any()
}

/// The leerpunten: a new one (*dit ging niet zo goed, dit leer ik ervan*), with or without one's
/// name, and the team's.
#[component]
pub fn LessonsPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let what = RwSignal::new(String::new());
    let learned = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let write = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let me = my_id(ctx).unwrap_or_default();
        match new_lesson(
            actions::new_id(),
            &me,
            &what.get_untracked(),
            &learned.get_untracked(),
            anonymous.get_untracked(),
            actions::now_ms(),
        ) {
            Ok(l) => save(ctx, TeamRecord::Lesson(l), error, move || {
                what.set(String::new());
                learned.set(String::new());
                anonymous.set(false);
            }),
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        <h1>"Leerpunten"</h1>
        <p class="hint">"Niet elk gesprek loopt goed. Dat hoort erbij. Je wordt er niet op afgerekend: samen leren we ervan."</p>
        <form class="card form" on:submit=write novalidate=true>
            <label for="lesson-what">"Dit ging niet zo goed"</label>
            <textarea id="lesson-what" rows="3" data-testid="lesson-what" bind:value=what></textarea>
            <PrivacyNotes text=what/>
            <label for="lesson-learned">"Dit leer ik ervan"</label>
            <textarea id="lesson-learned" rows="3" data-testid="lesson-learned" bind:value=learned></textarea>
            <PrivacyNotes text=learned/>
            <p class="hint">"Schrijf geen gegevens van de cliënt op."</p>
            <label class="check">
                <input type="checkbox" data-testid="lesson-anonymous" prop:checked=move || anonymous.get()
                    on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                "Deel zonder mijn naam"
            </label>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary wide" data-testid="save-lesson">"Leerpunt delen"</button>
        </form>
        {move || {
            let me = my_id(ctx).unwrap_or_default();
            let list = ctx.team.with(|t| t.as_ref().map(|t| t.live_lessons().into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default());
            if list.is_empty() {
                view! { <p class="muted">"Nog geen leerpunten."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards plain" data-testid="lessons">
                        {list.into_iter().map(|l| {
                            let by = ctx.colleagues.with(|c| lesson_by(&l, &me, c));
                            view! {
                                <li class="card lesson" data-testid="lesson">
                                    {(!l.what_happened.is_empty()).then(|| view! { <p><strong>"Ging niet zo goed: "</strong>{l.what_happened.clone()}</p> })}
                                    {(!l.learned.is_empty()).then(|| view! { <p><strong>"Ik leer: "</strong>{l.learned.clone()}</p> })}
                                    <p class="small muted">{by}" · "{day_of(l.created_at_ms)}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
    .into_any()
}

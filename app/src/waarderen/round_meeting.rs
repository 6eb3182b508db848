//! The team's **STAP 3 meeting** about a dialoogronde (issue 19, seed 001), for the team lead:
//! question by question what colleagues shared (the consented agenda of the round's period), the
//! clients' words beside the team's werkzame elementen, what the team concludes; then what it
//! agrees, the next round planned from the last answer, and the record to print or keep as PDF.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use werkzaam_domain::review::Agenda;
use werkzaam_domain::team::{record_pdf, Rhythm, Round, TeamQuestion, TeamRecord};

use crate::actions;
use crate::state::use_app;
use crate::ui::words::date_nl;
use crate::ui::PrivacyNotes;
use crate::waarderen::interview::{my_id, require_login};
use crate::waarderen::round_logic::{client_words, period_nl, shared_reflections, KnownProgress};
use crate::waarderen::rounds::{find_round, planned_next, save_round};

/// The STAP 3 questions, then what is agreed and the next round.
const MEETING_STEPS: usize = TeamQuestion::ALL.len() + 1;

/// The team's STAP 3 meeting about a round, question by question (team lead): what workers
/// shared (by consent) and what the team concludes; then what it agrees and the next round.
#[component]
pub fn RoundMeetingPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let round_id = id.clone();
    let round = Memo::new(move |_| find_round(ctx, &round_id));
    let step = RwSignal::new(0usize);
    let agenda = RwSignal::new(None::<Result<Agenda, String>>);
    let error = RwSignal::new(None::<String>);
    // What was shared in the round's period (the lead's agenda, as consent allows).
    Effect::new(move |_| {
        let Some(Some(r)) = round.get() else { return };
        if !ctx.who.get().is_team_lead()
            || !ctx.can_reach_server()
            || agenda.get_untracked().is_some()
        {
            return;
        }
        let url = format!(
            "/api/team/agenda?van={}&tot={}",
            crate::urls::encode(&r.starts_on),
            crate::urls::encode(&r.ends_on)
        );
        actions::fetch_json(url, move |a| {
            agenda.try_set(Some(a));
        });
    });
    view! {
        <div class="round-meeting">
        <p class="crumbs no-print"><a href=format!("/ronde/{id}")>"← Dialoogronde"</a></p>
        {move || {
            if !ctx.who.get().is_team_lead() {
                return view! { <p class="notice warn">"Het teamoverleg leidt de teamleider. Wat het team afsprak, staat bij de ronde."</p> }.into_any();
            }
            match round.get() {
                None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                Some(None) => view! { <p class="notice warn">"Deze dialoogronde staat niet op dit apparaat."</p> }.into_any(),
                Some(Some(r)) => {
                    let stored = StoredValue::new(r.clone());
                    view! {
                        <h1>"Teamoverleg: " {r.name().to_owned()}</h1>
                        <p class="muted">{period_nl(&r)}</p>
                        <nav class="steps-nav no-print" aria-label="Vragen">
                            {(0..MEETING_STEPS).map(|i| view! {
                                <button type="button" class="step" aria-pressed=move || (step.get() == i).to_string()
                                    data-testid=format!("stap3-{}", i + 1) on:click=move |_| step.set(i)>
                                    <span class="step-no">{i + 1}</span>
                                </button>
                            }).collect_view()}
                        </nav>
                        {move || match TeamQuestion::ALL.get(step.get()).copied() {
                            Some(q) => view! { <QuestionStep round=stored question=q agenda error/> }.into_any(),
                            None => view! { <AgreeStep round=stored error/> }.into_any(),
                        }}
                        {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                        <div class="actions no-print">
                            <Show when=move || step.get() != 0>
                                <button type="button" class="secondary" on:click=move |_| step.update(|s| *s -= 1)>"← Vorige"</button>
                            </Show>
                            <Show when=move || step.get() + 1 != MEETING_STEPS>
                                <button type="button" class="primary" data-testid="next-question" on:click=move |_| step.update(|s| *s += 1)>"Volgende →"</button>
                            </Show>
                        </div>
                    }.into_any()
                }
            }
        }}
        </div>
    }
    .into_any()
}

/// Writes what is typed also when the text area never loses focus: the page hidden (a phone
/// locked mid-sentence), the step or page left, a new version taking over.
fn save_when_leaving(save: impl Fn() + Copy + Send + Sync + 'static) {
    crate::ui::flush_before_update(save);
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| save());
    on_cleanup(move || {
        hidden.remove();
        save();
    });
}

/// One STAP 3 question: what colleagues shared about it, and the team's conclusion.
#[component]
fn QuestionStep(
    round: StoredValue<Round>,
    question: TeamQuestion,
    agenda: RwSignal<Option<Result<Agenda, String>>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_app();
    let text = RwSignal::new(round.with_value(|r| r.conclusions.get(question).to_owned()));
    let save = move || {
        let (Some(mut r), Some(typed)) = (round.try_get_value(), text.try_get_untracked()) else {
            return;
        };
        if r.conclusions.get(question) == typed {
            return;
        }
        *r.conclusions.get_mut(question) = typed;
        round.set_value(r.clone());
        save_round(ctx, r, error);
    };
    save_when_leaving(save);
    let elements = move || {
        ctx.team.with(|t| {
            t.as_ref()
                .map(|t| {
                    let stories = t.live_stories();
                    t.elements(&stories)
                        .into_iter()
                        .take(8)
                        .map(|c| (c.name, c.stories))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card stap3 form" data-testid="stap3-question">
            <h2 class="big">{question.label()}</h2>
            {question.reflection().is_some().then(|| view! {
                <h3>"Wat collega's deelden"</h3>
                {move || match agenda.get() {
                    None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
                    Some(Err(_)) => view! { <p class="muted">"Wat collega's deelden, zie je als je online bent."</p> }.into_any(),
                    Some(Ok(a)) => {
                        let answers: Vec<(String, String, String)> = shared_reflections(&a, question).into_iter().cloned().collect();
                        if answers.is_empty() {
                            view! { <p class="muted">"Hierover deelde nog niemand iets in deze ronde."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="quotes" data-testid="shared-reflections">
                                    {answers.into_iter().map(|(client, day, text)| view! {
                                        <li><q>{text}</q><span class="small muted">{client}", "{date_nl(&day)}</span></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                }}
            })}
            {(question == TeamQuestion::Learned).then(|| view! {
                <div class="side-by-side">
                    <div data-testid="client-words">
                        <h3>"Woorden van cliënten"</h3>
                        {move || match agenda.get() {
                            Some(Ok(a)) => {
                                let words = client_words(&a, 10);
                                if words.is_empty() {
                                    view! { <p class="muted small">"Nog geen gedeelde woorden."</p> }.into_any()
                                } else {
                                    view! { <ul class="chips">{words.into_iter().map(|(w, n)| view! { <li>{w}" · "{n}</li> }).collect_view()}</ul> }.into_any()
                                }
                            }
                            _ => view! { <p class="muted small">"—"</p> }.into_any(),
                        }}
                    </div>
                    <div data-testid="team-elements">
                        <h3>"Onze werkzame elementen"</h3>
                        {move || {
                            let list = elements();
                            if list.is_empty() {
                                view! { <p class="muted small">"Nog geen verhalen met werkzame elementen."</p> }.into_any()
                            } else {
                                view! { <ul class="chips">{list.into_iter().map(|(w, n)| view! { <li>{w}" · "{n}</li> }).collect_view()}</ul> }.into_any()
                            }
                        }}
                    </div>
                </div>
            })}
            {(question == TeamQuestion::Learned).then(|| view! { <LessonsPick round error/> })}
            <label for="conclusion">"Wat concluderen we?"</label>
            <textarea id="conclusion" rows="5" data-testid="conclusion" bind:value=text on:change=move |_| save()></textarea>
            <PrivacyNotes text/>
            {(question == TeamQuestion::Structural).then(|| view! { <RhythmChoice round error/> })}
        </section>
    }
}

/// The team's leerpunten since the round began (and those already picked): the meeting picks
/// them up to talk about, without who wrote them.
#[component]
fn LessonsPick(round: StoredValue<Round>, error: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = use_app();
    let picked = RwSignal::new(round.with_value(|r| r.lessons.clone()));
    let since = round.with_value(|r| r.starts_on.clone());
    view! {
        <div data-testid="lessons-pick">
            <h3>"Leerpunten van het team"</h3>
            {move || {
                let list: Vec<(String, String)> = ctx.team.with(|t| t.as_ref().map(|t| {
                    t.live_lessons()
                        .into_iter()
                        .filter(|l| {
                            let day = werkzaam_domain::team::date_of_ms(l.created_at_ms);
                            day >= since || picked.with(|p| p.contains(&l.id))
                        })
                        .map(|l| (l.id.clone(), if l.learned.is_empty() { l.what_happened.clone() } else { l.learned.clone() }))
                        .collect()
                }).unwrap_or_default());
                if list.is_empty() {
                    return view! { <p class="muted small">"Nog geen leerpunten in deze ronde."</p> }.into_any();
                }
                view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|(id, text)| {
                            let on = picked.with(|p| p.contains(&id));
                            let toggle = move |_| {
                                let mut r = round.get_value();
                                r.lessons.retain(|x| *x != id);
                                if !on {
                                    r.lessons.push(id.clone());
                                }
                                picked.set(r.lessons.clone());
                                round.set_value(r.clone());
                                save_round(ctx, r, error);
                            };
                            view! {
                                <li class="pick" data-testid="lesson-pick">
                                    <span>{text}</span>
                                    <button type="button" class="secondary" aria-pressed=on.to_string() on:click=toggle>
                                        {if on { "✓ Besproken" } else { "Bespreken" }}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// The answer to the last question as a rhythm: it plans the next round.
#[component]
fn RhythmChoice(round: StoredValue<Round>, error: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = use_app();
    let chosen = RwSignal::new(round.with_value(|r| r.rhythm.clone()));
    view! {
        <fieldset class="toggle rhythm" data-testid="rhythm">
            <legend>"Hoe vaak willen we dit doen?"</legend>
            {Rhythm::ALL.into_iter().map(|h| view! {
                <button type="button" aria-pressed=move || (chosen.get() == h.slug()).to_string()
                    on:click=move |_| {
                        chosen.set(h.slug().to_owned());
                        let mut r = round.get_value();
                        r.rhythm = h.slug().to_owned();
                        round.set_value(r.clone());
                        save_round(ctx, r, error);
                    }>{h.label()}</button>
            }).collect_view()}
        </fieldset>
    }
}

/// What the team agrees, the meeting's day, the next round planned, and the record to print.
#[component]
fn AgreeStep(round: StoredValue<Round>, error: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = use_app();
    let agreed = RwSignal::new(round.with_value(|r| r.agreed.clone()));
    let meeting_on = RwSignal::new(round.with_value(|r| {
        if r.meeting_on.is_empty() {
            actions::today()
        } else {
            r.meeting_on.clone()
        }
    }));
    let next_id = RwSignal::new(round.with_value(|r| planned_next(ctx, r)));
    let save = move || {
        let (Some(mut r), Some(typed), Some(day)) = (
            round.try_get_value(),
            agreed.try_get_untracked(),
            meeting_on.try_get_untracked(),
        ) else {
            return;
        };
        if r.agreed == typed && r.meeting_on == day {
            return;
        }
        r.agreed = typed;
        r.meeting_on = day;
        round.set_value(r.clone());
        save_round(ctx, r, error);
    };
    save_when_leaving(save);
    let plan = move |_| {
        let mut r = round.get_value();
        r.agreed = agreed.get_untracked();
        r.meeting_on = meeting_on.get_untracked();
        let Some(next) = r.plan_next(actions::new_id(), actions::now_ms()) else {
            error.set(Some(
                "Kies eerst bij de laatste vraag hoe vaak jullie dit willen doen.".into(),
            ));
            return;
        };
        r.next_id = next.id.clone();
        round.set_value(r.clone());
        next_id.set(next.id.clone());
        actions::save_team_record(ctx, TeamRecord::Round(next), move |res| {
            if let Err(m) = res {
                error.try_set(Some(m));
            }
        });
        save_round(ctx, r, error);
    };
    // The record as PDF, made on the device from what it holds (offline too).
    let download_pdf = move |_| {
        let r = round.get_value();
        let team = ctx
            .who
            .with_untracked(|w| w.profile().map(|p| p.team_name.clone()))
            .unwrap_or_default();
        let known = my_id(ctx)
            .and_then(|me| {
                actions::read_local::<KnownProgress>(
                    &crate::waarderen::round_logic::round_progress_key(&me),
                )
            })
            .filter(|k| k.round_id == r.id);
        let lessons = ctx
            .team
            .with_untracked(|t| t.as_ref().map(|t| t.picked_lessons(&r)).unwrap_or_default());
        let bytes = record_pdf(&team, &r, known.as_ref().map(|k| &k.progress), &lessons);
        actions::download_bytes(
            &format!("teamoverleg-{}.pdf", r.starts_on),
            "application/pdf",
            &bytes,
        );
    };
    view! {
        <section class="card stap3 form" data-testid="agree-step">
            <h2 class="big">"Wat spreken we af?"</h2>
            <label for="meeting-on">"Datum van het teamoverleg"</label>
            <input id="meeting-on" type="date" bind:value=meeting_on on:change=move |_| save()/>
            <label for="agreed">"Afspraken"</label>
            <textarea id="agreed" rows="5" data-testid="agreed" bind:value=agreed on:change=move |_| save()></textarea>
            <PrivacyNotes text=agreed/>
        </section>
        <section class="card" data-testid="next-round">
            <h2>"De volgende ronde"</h2>
            {move || {
                let next = next_id.get();
                if next.is_empty() {
                    let rhythm = round.with_value(|r| Rhythm::from_slug(&r.rhythm));
                    match rhythm {
                        Some(Rhythm::None) => view! { <p class="muted">"Jullie kozen: voorlopig niet."</p> }.into_any(),
                        _ => view! {
                            <p class="hint">"Gepland naar jullie antwoord op de laatste vraag: even lang, met dezelfde mensen."</p>
                            <button type="button" class="primary wide" data-testid="plan-next" on:click=plan>"Volgende ronde plannen"</button>
                        }.into_any(),
                    }
                } else {
                    let planned = find_round(ctx, &next).flatten();
                    view! {
                        <p data-testid="next-planned">{planned.map(|n| period_nl(&n)).unwrap_or_default()}</p>
                        <a class="button wide" href=format!("/ronde/{next}")>"Naar de volgende ronde"</a>
                    }.into_any()
                }
            }}
        </section>
        <div class="actions no-print">
            <button type="button" class="secondary" on:click=move |_| actions::print_page()>"Afdrukken"</button>
            <button type="button" class="secondary" data-testid="round-pdf" on:click=download_pdf>"PDF downloaden"</button>
        </div>
    }
}

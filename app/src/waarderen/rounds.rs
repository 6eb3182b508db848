//! The **dialoogronde** (issue 19, seed 001): STAP 1 — a team lead invites the team to hold a
//! dialogue with a client in a period, and everyone sees how far the team is (counted for the
//! team; a worker's own count only if she shows it) — and STAP 3, the team's meeting about it,
//! guided question by question, with what the team concludes and agrees, and the next round.
//! A round is a team record: made and changed on the device, offline too, and synced.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use werkzaam_domain::merge;
use werkzaam_domain::review::Agenda;
use werkzaam_domain::team::{
    date_of, day_number, record_pdf, Rhythm, Round, RoundPhase, TeamQuestion, TeamRecord,
    INVITATION,
};

use crate::actions;
use crate::dialogues::conflicts::record_conflict_choices;
use crate::dialogues::editor::ConflictList;
use crate::state::{use_app, AppCtx};
use crate::ui::words::date_nl;
use crate::waarderen::interview::{my_id, require_login, PrivacyNotes};
use crate::waarderen::logic::{
    client_words, dialogues_count, own_count, period_nl, progress_lines, shared_reflections,
    team_field_label, with_shown, KnownProgress, NewRoundForm,
};

fn find_round(ctx: AppCtx, id: &str) -> Option<Option<Round>> {
    ctx.team.with(|t| {
        t.as_ref()
            .map(|t| t.rounds.iter().find(|r| r.id == id && !r.deleted).cloned())
    })
}

/// Saves `round` (stamped now); `error` shows what went wrong.
fn save_round(ctx: AppCtx, mut round: Round, error: RwSignal<Option<String>>) {
    round.updated_at_ms = actions::now_ms();
    actions::save_team_record(ctx, TeamRecord::Round(round), move |r| {
        error.try_set(r.err());
    });
}

/// The team's rounds, the latest first; a team lead starts a new one.
#[component]
pub fn RoundsPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let today = actions::today();
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        <h1>"Dialoogrondes"</h1>
        <p class="hint">"In een ronde voert iedereen in het team een dialoog over de werkalliantie met een cliënt. Daarna praten jullie samen over wat je leerde."</p>
        <Show when=move || ctx.who.get().is_team_lead()>
            <NewRoundForm/>
        </Show>
        {move || {
            let rounds: Vec<Round> = ctx.team.with(|t| t.as_ref().map(|t| t.live_rounds().into_iter().cloned().collect()).unwrap_or_default());
            if rounds.is_empty() {
                view! { <p class="muted">"Nog geen dialoogrondes. Een teamleider begint er een."</p> }.into_any()
            } else {
                let today = today.clone();
                view! {
                    <ul class="cards plain" data-testid="rounds">
                        {rounds.into_iter().map(|r| view! {
                            <li><a class="card card-link" href=format!("/ronde/{}", r.id) data-testid="round-card">
                                <strong>{r.name().to_owned()}</strong>
                                <span class="small">{period_nl(&r)}" · "{r.phase(&today).label()}</span>
                            </a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
    .into_any()
}

/// A team lead's form for a new round: the period, the invitation in the seed's words, who
/// takes part (the whole team unless chosen otherwise).
#[component]
fn NewRoundForm() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let starts_on = RwSignal::new(String::new());
    let ends_on = RwSignal::new(String::new());
    let invitation = RwSignal::new(INVITATION.to_owned());
    let left_out = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        let today = actions::today();
        ends_on.set(
            day_number(&today)
                .map(|n| date_of(n + 27))
                .unwrap_or_default(),
        );
        starts_on.set(today);
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let out = left_out.get_untracked();
        let participants: Vec<String> = ctx.colleagues.with_untracked(|c| {
            c.iter()
                .map(|m| m.user_id.clone())
                .filter(|id| !out.contains(id))
                .collect()
        });
        let form = NewRoundForm {
            title: title.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
            invitation: invitation.get_untracked(),
            participants,
        };
        match form.to_round(actions::new_id(), actions::now_ms()) {
            Ok(round) => {
                let id = round.id.clone();
                let navigate = navigate.clone();
                actions::save_team_record(ctx, TeamRecord::Round(round), move |r| match r {
                    Ok(()) => navigate(&format!("/ronde/{id}"), Default::default()),
                    Err(m) => {
                        error.try_set(Some(m));
                    }
                });
            }
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="primary wide" data-testid="new-round" on:click=start>"+ Nieuwe dialoogronde"</button>
        }>
            <form class="card form" on:submit=submit.clone() novalidate=true>
                <h2>"Nieuwe dialoogronde"</h2>
                <label for="round-title">"Naam (mag leeg)"</label>
                <input id="round-title" maxlength="200" autocomplete="off" placeholder="Dialoogronde" bind:value=title/>
                <div class="row">
                    <div><label for="round-from">"Van"</label><input id="round-from" type="date" bind:value=starts_on/></div>
                    <div><label for="round-to">"Tot en met"</label><input id="round-to" type="date" bind:value=ends_on/></div>
                </div>
                <label for="round-invitation">"De uitnodiging (STAP 1)"</label>
                <textarea id="round-invitation" rows="6" bind:value=invitation></textarea>
                <PrivacyNotes text=invitation/>
                <fieldset class="people">
                    <legend>"Wie doen er mee?"</legend>
                    {move || ctx.colleagues.get().into_iter().map(|m| {
                        let id = m.user_id.clone();
                        let id2 = id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid="round-person"
                                    prop:checked=move || !left_out.with(|l| l.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        left_out.update(|l| {
                                            l.retain(|x| *x != id2);
                                            if !on { l.push(id2.clone()); }
                                        });
                                    }/>
                                {m.display_name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" data-testid="start-round">"Ronde beginnen"</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>"Annuleren"</button>
                </div>
            </form>
        </Show>
    }
}

/// One round: the invitation, how far the team is, the worker's own count (hers to show or
/// not), and the STAP 3 meeting — guided for the team lead, read by everyone once held.
#[component]
pub fn RoundPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    let params = use_params_map();
    // The address can change to another round (*Naar de volgende ronde*) on this page.
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let round = Memo::new(move |_| find_round(ctx, &id.get()));
    let progress = RwSignal::new(None::<Result<KnownProgress, String>>);
    let error = RwSignal::new(None::<String>);
    // How far the team is: asked when online, kept for offline.
    Effect::new(move |_| {
        let progress_id = id.get();
        progress.set(None);
        let Some(me) = my_id(ctx) else { return };
        let key = crate::waarderen::logic::round_progress_key(&me);
        if let Some(known) =
            actions::read_local::<KnownProgress>(&key).filter(|k| k.round_id == progress_id)
        {
            progress.set(Some(Ok(known)));
        }
        // A round the server has not stored yet (made here, not synced) has no progress there.
        let stored = round.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref())
                .is_some_and(|r| r.version > 0)
        });
        if !stored || !ctx.can_reach_server() {
            return;
        }
        let rid = progress_id.clone();
        actions::fetch_json(
            format!("/api/team/rondes/{}/voortgang", crate::urls::encode(&rid)),
            move |r| match r {
                Ok(p) => {
                    let known = KnownProgress {
                        round_id: rid,
                        at_ms: actions::now_ms(),
                        progress: p,
                    };
                    actions::keep_local(&key, &known);
                    // Only for the round still on the page.
                    if id.try_get_untracked().as_ref() == Some(&known.round_id) {
                        progress.try_set(Some(Ok(known)));
                    }
                }
                Err(m) => {
                    if progress.get_untracked().is_none() {
                        progress.try_set(Some(Err(m)));
                    }
                }
            },
        );
    });
    view! {
        <div class="round">
        <p class="crumbs no-print"><a href="/rondes">"← Dialoogrondes"</a></p>
        {move || match round.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(None) => view! { <p class="notice warn">"Deze dialoogronde staat niet op dit apparaat."</p> }.into_any(),
            Some(Some(r)) => {
                let today = actions::today();
                let phase = r.phase(&today);
                let me = my_id(ctx).unwrap_or_default();
                let taking_part = r.participants.contains(&me);
                let shown = r.shown.contains(&me);
                let mine = ctx.dialogues.with(|d| own_count(&r, d.as_deref().unwrap_or(&[])));
                let stored = StoredValue::new(r.clone());
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let me = my_id(ctx).unwrap_or_default();
                    save_round(ctx, with_shown(&stored.get_value(), &me, on), error);
                };
                let is_lead = ctx.who.get().is_team_lead();
                let choices = record_conflict_choices(&r, team_field_label);
                let keep = Callback::new(move |(field, value): (String, merge::Value)| {
                    let mut r = stored.get_value();
                    merge::resolve(&mut r, &field, value);
                    save_round(ctx, r, error);
                });
                view! {
                    <h1>{r.name().to_owned()}</h1>
                    <p class="muted">{period_nl(&r)}" · "<span data-testid="round-phase">{phase.label()}</span></p>
                    <ConflictList choices=Signal::stored(choices) keep/>
                    <section class="card invitation" data-testid="invitation">
                        <h2>"De uitnodiging"</h2>
                        <p class="big">{r.invitation.clone()}</p>
                    </section>
                    <section class="card" data-testid="round-progress">
                        <h2>"Hoe ver is het team?"</h2>
                        {move || match progress.get() {
                            None if stored.with_value(|r| r.version == 0) => view! { <p class="muted">"Dit zie je zodra de ronde verzonden is."</p> }.into_any(),
                            None => view! { <p class="muted">"Even kijken…"</p> }.into_any(),
                            Some(Err(_)) => view! { <p class="muted">"Dit zie je als je online bent."</p> }.into_any(),
                            Some(Ok(k)) => view! {
                                <ul class="plain-list">
                                    {progress_lines(&k.progress).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                </ul>
                                {(!k.progress.shown.is_empty()).then(|| view! {
                                    <p class="small">"Laten zien hoeveel ze voerden: "
                                        {k.progress.shown.iter().map(|(n, c)| format!("{n} ({c})")).collect::<Vec<_>>().join(", ")}
                                    </p>
                                })}
                            }.into_any(),
                        }}
                    </section>
                    {taking_part.then(|| view! {
                        <section class="card" data-testid="round-mine">
                            <h2>"Jij"</h2>
                            <p>"Jij voerde " {dialogues_count(mine)} " in deze ronde."</p>
                            <label class="check big-check">
                                <input type="checkbox" data-testid="show-mine" prop:checked=shown on:change=toggle/>
                                "Laat het team zien hoeveel dialogen ik voerde"
                            </label>
                            <p class="hint">"Niemand anders ziet jouw aantal, tenzij je dit aanzet."</p>
                            {(phase == RoundPhase::Running).then(|| view! {
                                <a class="button primary wide" href="/">"Een dialoog voeren"</a>
                            })}
                        </section>
                    })}
                    {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                    {(is_lead && phase != RoundPhase::Planned).then(|| view! {
                        <a class="button primary wide" href=format!("/ronde/{}/overleg", stored.with_value(|r| r.id.clone())) data-testid="open-stap3">"Teamoverleg (STAP 3)"</a>
                    })}
                    {stored.with_value(Round::is_discussed).then(|| view! { <RoundRecord round=stored/> })}
                }.into_any()
            }
        }}
        </div>
    }
    .into_any()
}

/// What the team concluded and agreed: the team's history, read by every member.
#[component]
fn RoundRecord(round: StoredValue<Round>) -> impl IntoView {
    let r = round.get_value();
    let next = r.next_id.clone();
    view! {
        <section class="card" data-testid="round-record">
            <h2>"Wat we concludeerden"</h2>
            {(!r.meeting_on.is_empty()).then(|| view! { <p class="muted">"Teamoverleg van " {date_nl(&r.meeting_on)}</p> })}
            {TeamQuestion::ALL.into_iter().filter(|q| !r.conclusions.get(*q).trim().is_empty()).map(|q| view! {
                <h3>{q.label()}</h3>
                <p class="pre">{r.conclusions.get(q).to_owned()}</p>
            }).collect_view()}
            {(!r.agreed.trim().is_empty()).then(|| view! {
                <h3>"Wat spreken we af?"</h3>
                <p class="pre">{r.agreed.clone()}</p>
            })}
            {Rhythm::from_slug(&r.rhythm).map(|h| view! { <p><strong>"Hoe vaak: "</strong>{h.label()}</p> })}
            {(!next.is_empty()).then(|| view! { <a class="button wide" href=format!("/ronde/{next}") data-testid="to-next-round">"Naar de volgende ronde"</a> })}
        </section>
    }
}

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
    let save = move |_| {
        let mut r = round.get_value();
        if r.conclusions.get(question) == text.get_untracked() {
            return;
        }
        *r.conclusions.get_mut(question) = text.get_untracked();
        round.set_value(r.clone());
        save_round(ctx, r, error);
    };
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
            <label for="conclusion">"Wat concluderen we?"</label>
            <textarea id="conclusion" rows="5" data-testid="conclusion" bind:value=text on:change=save></textarea>
            <PrivacyNotes text/>
            {(question == TeamQuestion::Structural).then(|| view! { <RhythmChoice round error/> })}
        </section>
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
    let next_id = RwSignal::new(round.with_value(|r| r.next_id.clone()));
    let save = move || {
        let mut r = round.get_value();
        r.agreed = agreed.get_untracked();
        r.meeting_on = meeting_on.get_untracked();
        round.set_value(r.clone());
        save_round(ctx, r, error);
    };
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
                actions::read_local::<KnownProgress>(&crate::waarderen::logic::round_progress_key(
                    &me,
                ))
            })
            .filter(|k| k.round_id == r.id);
        let bytes = record_pdf(&team, &r, known.as_ref().map(|k| &k.progress));
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

//! The **dialoogronde** (issue 19, seed 001): STAP 1 — a team lead invites the team to hold a
//! dialogue with a client in a period, and everyone sees how far the team is (counted for the
//! team; a worker's own count only if she shows it) — and STAP 3, the team's meeting about it,
//! guided question by question, with what the team concludes and agrees, and the next round.
//! A round is a team record: made and changed on the device, offline too, and synced.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use werkzaam_domain::merge;
use werkzaam_domain::team::{
    date_of, day_number, dialogues_count, Rhythm, Round, RoundPhase, TeamQuestion, TeamRecord,
    INVITATION,
};

use crate::actions;
use crate::dialogues::conflicts::record_conflict_choices;
use crate::dialogues::editor::ConflictList;
use crate::state::{use_app, AppCtx};
use crate::ui::words::date_nl;
use crate::ui::PrivacyNotes;
use crate::waarderen::interview::{my_id, require_login};
use crate::waarderen::logic::team_field_label;
use crate::waarderen::round_logic::{
    own_count, period_nl, progress_lines, with_shown, KnownProgress, RoundFields,
};

pub(super) fn find_round(ctx: AppCtx, id: &str) -> Option<Option<Round>> {
    ctx.team.with(|t| {
        t.as_ref()
            .map(|t| t.rounds.iter().find(|r| r.id == id && !r.deleted).cloned())
    })
}

/// The id of the round planned after `round`, or empty: none planned, or the lead took it away
/// again (then she may plan one anew).
pub(super) fn planned_next(ctx: AppCtx, round: &Round) -> String {
    Some(round.next_id.clone())
        .filter(|n| find_round(ctx, n).flatten().is_some())
        .unwrap_or_default()
}

/// Saves `round` (stamped now); `error` shows what went wrong.
pub(super) fn save_round(ctx: AppCtx, mut round: Round, error: RwSignal<Option<String>>) {
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
            <NewRound/>
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

/// A team lead's button for a new round, and the form it opens.
#[component]
fn NewRound() -> impl IntoView {
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let saved =
        Callback::new(move |id: String| navigate(&format!("/ronde/{id}"), Default::default()));
    let cancel = Callback::new(move |()| open.set(false));
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="primary wide" data-testid="new-round" on:click=move |_| open.set(true)>"+ Nieuwe dialoogronde"</button>
        }>
            <RoundForm saved cancel/>
        </Show>
    }
}

/// A team lead's form for a round — a new one (`existing` none), or one she changes (its
/// period, invitation or people: a colleague who joined the team later is added here) or
/// takes away. The period, the invitation in the seed's words, who takes part (the whole team
/// unless chosen otherwise). `saved` gets the round's id.
#[component]
fn RoundForm(
    #[prop(optional)] existing: Option<Round>,
    saved: Callback<String>,
    cancel: Callback<()>,
    #[prop(optional)] removed: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = use_app();
    let fields = existing.as_ref().map(RoundFields::of).unwrap_or_else(|| {
        let today = actions::today();
        RoundFields {
            ends_on: day_number(&today)
                .map(|n| date_of(n + 27))
                .unwrap_or_default(),
            starts_on: today,
            invitation: INVITATION.to_owned(),
            ..RoundFields::default()
        }
    });
    let editing = existing.is_some();
    let existing = StoredValue::new(existing);
    let title = RwSignal::new(fields.title);
    let starts_on = RwSignal::new(fields.starts_on);
    let ends_on = RwSignal::new(fields.ends_on);
    let invitation = RwSignal::new(fields.invitation);
    // A new round: the whole team (as far as it is known when saving) unless chosen otherwise.
    let picked = RwSignal::new(editing.then_some(fields.participants));
    let error = RwSignal::new(None::<String>);
    let confirm_remove = RwSignal::new(false);
    let everyone = move || -> Vec<String> {
        ctx.colleagues.with_untracked(|c| {
            c.iter()
                .filter(|m| !m.disabled)
                .map(|m| m.user_id.clone())
                .collect()
        })
    };
    let store = move |round: Round| {
        let id = round.id.clone();
        let gone = round.deleted;
        actions::save_team_record(ctx, TeamRecord::Round(round), move |r| match r {
            Ok(()) => match removed.filter(|_| gone) {
                Some(removed) => removed.run(()),
                None => saved.run(id),
            },
            Err(m) => {
                error.try_set(Some(m));
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = RoundFields {
            title: title.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
            invitation: invitation.get_untracked(),
            participants: picked.get_untracked().unwrap_or_else(everyone),
        };
        let made = match existing.get_value() {
            Some(r) => form.apply(&r).map(|mut r| {
                r.updated_at_ms = actions::now_ms();
                r
            }),
            None => form.to_round(actions::new_id(), actions::now_ms()),
        };
        match made {
            Ok(round) => {
                error.set(None);
                store(round);
            }
            Err(invalid) => error.set(Some(invalid.message)),
        }
    };
    let remove = move |_| {
        if let Some(mut r) = existing.get_value() {
            r.deleted = true;
            r.updated_at_ms = actions::now_ms();
            store(r);
        }
    };
    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="round-form">
            <h2>{if editing { "Ronde aanpassen" } else { "Nieuwe dialoogronde" }}</h2>
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
                {move || ctx.colleagues.get().into_iter().filter(|m| !m.disabled).map(|m| {
                    let id = m.user_id.clone();
                    let id2 = id.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid="round-person"
                                prop:checked=move || picked.with(|p| p.as_ref().is_none_or(|l| l.contains(&id)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut list = picked.get_untracked().unwrap_or_else(everyone);
                                    list.retain(|x| *x != id2);
                                    if on { list.push(id2.clone()); }
                                    picked.set(Some(list));
                                }/>
                            {m.display_name.clone()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-round">{if editing { "Opslaan" } else { "Ronde beginnen" }}</button>
                <button type="button" class="secondary" on:click=move |_| cancel.run(())>"Annuleren"</button>
            </div>
            {editing.then(|| view! {
                <Show when=move || confirm_remove.get() fallback=move || view! {
                    <button type="button" class="link" data-testid="remove-round" on:click=move |_| confirm_remove.set(true)>"Ronde weghalen"</button>
                }>
                    <div class="notice warn" role="alert">
                        <p>"De ronde weghalen? Ze verdwijnt voor het hele team, met wat jullie erover concludeerden. De dialogen zelf blijven."</p>
                        <div class="actions">
                            <button type="button" class="secondary" data-testid="confirm-remove-round" on:click=remove>"Ja, weghalen"</button>
                            <button type="button" class="primary" on:click=move |_| confirm_remove.set(false)>"Nee, bewaren"</button>
                        </div>
                    </div>
                </Show>
            })}
        </form>
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
    let editing = RwSignal::new(false);
    let navigate = use_navigate();
    // Made here, not in the view below: a saved change re-renders the view (the round changed),
    // and a callback made in there would be gone before the save reports back.
    let removed = Callback::new(move |()| navigate("/rondes", Default::default()));
    let edited = Callback::new(move |_: String| editing.set(false));
    let cancel = Callback::new(move |()| editing.set(false));
    // How far the team is: asked when online, kept for offline.
    Effect::new(move |_| {
        let progress_id = id.get();
        progress.set(None);
        let Some(me) = my_id(ctx) else { return };
        let key = crate::waarderen::round_logic::round_progress_key(&me);
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
        // The form reads the round once, when opened: a sync that brings a colleague's change
        // of the round meanwhile does not wipe what the lead is typing (the merge keeps both).
        {move || editing.get().then(|| round.get_untracked().flatten().map(|r| view! {
            <h1>{r.name().to_owned()}</h1>
            <RoundForm existing=r saved=edited cancel removed/>
        }))}
        {move || match round.get() {
            _ if editing.get() => ().into_any(),
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
                    <p class="muted">{period_nl(&r)}" · "<span data-testid="round-phase">{phase.label()}</span>
                        {is_lead.then(|| view! { " " <button type="button" class="link" data-testid="edit-round" on:click=move |_| editing.set(true)>"Aanpassen"</button> })}
                    </p>
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
    let ctx = use_app();
    let r = round.get_value();
    let next = planned_next(ctx, &r);
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
            {move || {
                let lessons = ctx.team.with(|t| t.as_ref().map(|t| t.picked_lessons(&round.get_value())).unwrap_or_default());
                (!lessons.is_empty()).then(|| view! {
                    <h3>"Leerpunten die we bespraken"</h3>
                    <ul data-testid="record-lessons">{lessons.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                })
            }}
            {(!next.is_empty()).then(|| view! { <a class="button wide" href=format!("/ronde/{next}") data-testid="to-next-round">"Naar de volgende ronde"</a> })}
        </section>
    }
}

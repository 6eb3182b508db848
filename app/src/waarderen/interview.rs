//! The screens of the **waarderend interview** (issue 5): *Samen leren* (the team's stories, a
//! new interview, the way to the action board and the team sessions), the interview itself
//! (guided by the leidraad, written while listening, offline) and a story with its compliments.
//!
//! Over 600 lines: the three screens of one flow and the draft they share; issue 18's guided
//! steps split the interview screen when they come to it.

use leptos::html::Textarea;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::time::Duration;
use werkzaam_domain::rules::vocabulary::{count, suggest};
use werkzaam_domain::team::{Compliment, Story, TeamRecord, LEIDRAAD};
use werkzaam_domain::{merge, merge::Value};

use crate::actions;
use crate::dialogues::conflicts::record_conflict_choices;
use crate::dialogues::editor::ConflictList;
use crate::state::{use_app, AppCtx, Who};
use crate::ui::words::{add_keywords, date_nl, SaveState};
use crate::ui::PrivacyNotes;
use crate::waarderen::listen::ListenMode;
use crate::waarderen::logic::{
    my_open_actions, new_story, story_cards_html, story_html, swapped_story, team_field_label,
};

/// The user's id, when logged in.
pub fn my_id(ctx: AppCtx) -> Option<String> {
    ctx.who.get().profile().map(|p| p.user_id.clone())
}

/// Sends a logged-out visitor to the login page.
pub fn require_login(ctx: AppCtx) {
    let navigate = use_navigate();
    Effect::new(move |_| {
        if ctx.who.get() == Who::LoggedOut {
            navigate("/inloggen", Default::default());
        }
    });
}

/// *Samen leren*: the team's stories, a new interview, the actions and the team sessions.
#[component]
pub fn LearningPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    actions::load_colleagues(ctx);
    // *Vertel dit als succesverhaal* (a client's score rose): the interview opens with the
    // worker as the one who tells.
    let success =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("succes").is_some());
    let counts = move || {
        let me = my_id(ctx).unwrap_or_default();
        ctx.team
            .with(|t| {
                t.as_ref()
                    .map(|t| my_open_actions(&t.live_actions(), &me, &actions::today()))
            })
            .unwrap_or((0, 0))
    };
    view! {
        <h1>"Samen leren"</h1>
        <p class="hint">"Vertel elkaar wat werkt. Interview een collega over een begeleiding waar hij of zij trots op is."</p>
        <NewInterview success/>
        <Compliments/>
        <div class="cards two">
            <a class="card card-link" href="/acties" data-testid="to-actions">
                <strong>"Acties"</strong>
                <span class="small">
                    {move || {
                        let (open, late) = counts();
                        match (open, late) {
                            (0, _) => "Je hebt geen open acties.".to_string(),
                            (n, 0) => format!("{n} open voor jou"),
                            (n, l) => format!("{n} open voor jou, {l} te laat"),
                        }
                    }}
                </span>
            </a>
            <a class="card card-link" href="/bijeenkomsten" data-testid="to-meetings">
                <strong>"Teambijeenkomst"</strong>
                <span class="small">"Elementen, groepsdroom, acties"</span>
            </a>
            <a class="card card-link" href="/rondes" data-testid="to-rounds">
                <strong>"Dialoogrondes"</strong>
                <span class="small">"Samen dialogen voeren en erover praten"</span>
            </a>
            <a class="card card-link" href="/advies" data-testid="to-advice">
                <strong>"Vraag het een collega"</strong>
                <span class="small">"Hoe zou jij dat aanpakken?"</span>
            </a>
            <a class="card card-link" href="/leerpunten" data-testid="to-lessons">
                <strong>"Leerpunten"</strong>
                <span class="small">"Dit ging niet zo goed, dit leer ik ervan"</span>
            </a>
        </div>
        <h2 class="section">"Verhalen van het team"</h2>
        {move || match ctx.team.with(|t| t.as_ref().map(|t| t.live_stories().is_empty())) {
            None => Some(view! { <p class="muted">"Even laden…"</p> }),
            Some(true) => Some(view! { <p class="muted">"Nog geen verhalen. Begin met een interview."</p> }),
            Some(false) => None,
        }}
        <ul
            class="cards plain"
            data-testid="stories"
            inner_html=move || {
                ctx.team.with(|t| {
                    t.as_ref()
                        .map(|t| story_cards_html(&t.live_stories(), &|id| ctx.name_of(id)))
                        .unwrap_or_default()
                })
            }
        ></ul>
    }
    .into_any()
}

/// "Nieuw interview": whom you interview and a few words for the story; then the leidraad.
#[component]
fn NewInterview(success: bool) -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    let open = RwSignal::new(success);
    // The other one: who tells (the worker interviews), or who interviews (the worker tells).
    let storyteller = RwSignal::new(String::new());
    let telling = RwSignal::new(success);
    let title = RwSignal::new(if success {
        "Het gaat beter met een cliënt".to_owned()
    } else {
        String::new()
    });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = ctx.who.get_untracked().profile().map(|p| p.user_id.clone()) else {
            return;
        };
        let other = storyteller.get_untracked();
        if other.is_empty() {
            error.set(Some(if telling.get_untracked() {
                "Kies de collega die jou interviewt.".into()
            } else {
                "Kies de collega die het verhaal vertelt.".into()
            }));
            return;
        }
        let mut story = if telling.get_untracked() {
            let mut s = new_story(
                actions::new_id(),
                &other,
                actions::today(),
                actions::now_ms(),
            );
            s.storyteller_id = me.clone();
            s
        } else {
            let mut s = new_story(actions::new_id(), &me, actions::today(), actions::now_ms());
            s.storyteller_id = other;
            s
        };
        story.title = title.get_untracked().trim().to_owned();
        let id = story.id.clone();
        let navigate = navigate.clone();
        actions::save_team_record(ctx, TeamRecord::Story(story), move |result| match result {
            Ok(()) => navigate(&format!("/verhaal/{id}"), Default::default()),
            Err(message) => {
                error.try_set(Some(message));
            }
        });
    };
    let others = move || {
        let me = my_id(ctx).unwrap_or_default();
        ctx.colleagues
            .get()
            .into_iter()
            .filter(|c| c.user_id != me && !c.disabled)
            .collect::<Vec<_>>()
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="primary wide" data-testid="new-interview" disabled=move || !ctx.ready.get()
                    on:click=move |_| { error.set(None); open.set(true); }>
                    "+ Nieuw interview"
                </button>
            }
        >
            <form class="card form" on:submit=submit.clone() novalidate=true>
                <h2>"Nieuw interview"</h2>
                <label class="check">
                    <input type="checkbox" data-testid="i-tell" prop:checked=move || telling.get()
                        on:change=move |ev| telling.set(event_target_checked(&ev))/>
                    "Ik vertel zelf een succesverhaal"
                </label>
                <label for="storyteller">{move || if telling.get() { "Wie interviewt jou?" } else { "Wie vertelt het verhaal?" }}</label>
                <select id="storyteller" bind:value=storyteller>
                    <option value="">"Kies een collega"</option>
                    {move || others().into_iter().map(|c| view! { <option value=c.user_id.clone()>{c.display_name.clone()}</option> }).collect_view()}
                </select>
                <Show when=move || others().is_empty()>
                    <p class="hint">"Je collega's verschijnen hier zodra je één keer online bent geweest."</p>
                </Show>
                <label for="story_title">"Waar gaat het over? (een paar woorden, geen namen)"</label>
                <input id="story_title" autocomplete="off" maxlength="200" bind:value=title/>
                <PrivacyNotes text=Signal::derive(move || title.get())/>
                {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary">"Interview beginnen"</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>"Annuleren"</button>
                </div>
            </form>
        </Show>
    }
    .into_any()
}

/// *Complimenten voor jou*: what colleagues said about the worker's stories, the newest first,
/// with *Vier het* (seed 003: *je moet leren om je successen te vieren*).
#[component]
fn Compliments() -> impl IntoView {
    let ctx = use_app();
    let celebrated = RwSignal::new(false);
    let mine = move || {
        let me = my_id(ctx).unwrap_or_default();
        let mut out: Vec<(i64, String, String)> = ctx.team.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.live_stories()
                        .into_iter()
                        .filter(|s| s.storyteller_id == me)
                        .flat_map(|s| s.compliments.iter())
                        .filter(|c| c.author_id != me)
                        .map(|c| (c.at_ms, ctx.name_of(&c.author_id), c.text.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
        out.sort_by_key(|c| std::cmp::Reverse(c.0));
        out.truncate(3);
        out
    };
    view! {
        <Show when=move || !mine().is_empty()>
            <section class="card better" data-testid="compliments-for-me">
                <h2>"Complimenten voor jou"</h2>
                <ul class="plain-list">
                    {move || mine().into_iter().map(|(_, who, text)| view! { <li><strong>{who}": "</strong>{text}</li> }).collect_view()}
                </ul>
                <Show when=move || celebrated.get() fallback=move || view! {
                    <button type="button" class="primary wide" data-testid="celebrate" on:click=move |_| celebrated.set(true)>"🎉 Vier het"</button>
                }>
                    <p class="notice ok" role="status" data-testid="celebrated">"🎉 Goed gedaan! Neem even de tijd om hiervan te genieten."</p>
                </Show>
            </section>
        </Show>
    }
}

fn stored_untracked(ctx: AppCtx, id: &str) -> Option<Story> {
    ctx.team.with_untracked(|t| {
        t.as_ref()
            .and_then(|t| t.stories.iter().find(|s| s.id == id).cloned())
    })
}

/// Saving a story while it is written: after a typing pause, at once for chips.
#[derive(Clone, Copy)]
struct StoryDraft {
    ctx: StoredValue<AppCtx>,
    doc: RwSignal<Story>,
    state: RwSignal<SaveState>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl StoryDraft {
    fn edit(self, f: impl FnOnce(&mut Story)) {
        self.doc.update(f);
        self.state.set(SaveState::Unsaved);
        self.timer.update_value(|t| {
            if let Some(old) = t.take() {
                old.clear();
            }
            *t = set_timeout_with_handle(move || self.flush(), Duration::from_millis(500)).ok();
        });
    }

    fn edit_now(self, f: impl FnOnce(&mut Story)) {
        self.doc.update(f);
        self.state.set(SaveState::Unsaved);
        self.flush();
    }

    /// Writes the story if something is not written yet.
    fn flush(self) {
        self.timer.try_update_value(|t| t.take().map(|h| h.clear()));
        if self.state.try_get_untracked() == Some(SaveState::Unsaved) {
            self.save();
        }
    }

    fn save(self) {
        let (Some(ctx), Some(mut story)) = (self.ctx.try_get_value(), self.doc.try_get_untracked())
        else {
            return;
        };
        story.updated_at_ms = actions::now_ms().max(story.updated_at_ms);
        story.title = story.title.trim().to_owned();
        self.state.try_set(SaveState::Saving);
        let state = self.state;
        actions::save_team_record(ctx, TeamRecord::Story(story), move |result| {
            state.try_set(match result {
                Ok(()) => SaveState::Saved,
                Err(message) => SaveState::Failed(message),
            });
        });
    }
}

/// The interview: the leidraad's questions one under the other, each with its answer, keywords
/// and the words to mark as *citaat*; then the werkzame elementen, with the team's words as
/// suggestions.
#[component]
pub fn StoryEditorPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    let params = use_params_map();
    // The address can change to another story on this page (*Nu andersom*): a new editor then.
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || view! { <StoryEditorOf id=id.get()/> }
}

/// The interview of the story `id`.
#[component]
fn StoryEditorOf(id: String) -> impl IntoView {
    let ctx = use_app();
    let id = StoredValue::new(id);
    let stored = move || {
        ctx.team.with(|t| {
            t.as_ref().map(|t| {
                id.with_value(|id| {
                    t.stories
                        .iter()
                        .find(|s| s.id == *id && !s.deleted)
                        .cloned()
                })
            })
        })
    };
    // Whether the story is here at all; the editor is made once, not again on every save.
    let found = Memo::new(move |_| stored().map(|s| s.is_some()));
    view! {
        {move || match found.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(false) => view! { <p class="notice warn">"Dit verhaal staat niet op dit apparaat."</p> }.into_any(),
            Some(true) => {
                let story = id.with_value(|id| stored_untracked(ctx, id)).unwrap_or_default();
                let draft = StoryDraft {
                    ctx: StoredValue::new(ctx),
                    doc: RwSignal::new(story),
                    state: RwSignal::new(SaveState::Saved),
                    timer: StoredValue::new_local(None),
                };
                // A pull brought a newer copy (a colleague's edit or compliment, merged on the
                // server): show it, unless something typed here is not written yet.
                Effect::new(move |_| {
                    if let Some(Some(newer)) = stored() {
                        let idle = draft.state.get_untracked() == SaveState::Saved;
                        if idle && newer.version > draft.doc.with_untracked(|d| d.version) {
                            draft.doc.set(newer);
                        }
                    }
                });
                view! { <StoryEditor draft/> }.into_any()
            }
        }}
    }
    .into_any()
}

#[component]
fn StoryEditor(draft: StoryDraft) -> impl IntoView {
    let ctx = use_app();
    crate::ui::flush_before_update(move || draft.flush());
    let doc = draft.doc;
    let on_hidden = window_event_listener(leptos::ev::visibilitychange, move |_| draft.flush());
    on_cleanup(move || {
        on_hidden.remove();
        draft.flush();
    });
    let id = doc.with_untracked(|s| s.id.clone());
    let teller = move || ctx.name_of(&doc.with(|s| s.storyteller_id.clone()));
    let keep = Callback::new(move |(field, value): (String, Value)| {
        draft.edit_now(move |s| {
            merge::resolve(s, &field, value);
        });
    });
    let choices =
        Signal::derive(move || doc.with(|s| record_conflict_choices(s, team_field_label)));
    let listening = RwSignal::new(None::<usize>);
    let swap_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    // The same two, the other way round, in the same sitting.
    let swap = Callback::new(move |_: ()| {
        draft.flush();
        let next = swapped_story(&doc.get_untracked(), actions::new_id(), actions::now_ms());
        let to = format!("/verhaal/{}", next.id);
        let navigate = navigate.clone();
        actions::save_team_record(ctx, TeamRecord::Story(next), move |r| match r {
            Ok(()) => navigate(&to, Default::default()),
            Err(m) => {
                swap_error.try_set(Some(m));
            }
        });
    });
    view! {
        <div class="editor" data-testid="story-editor">
            <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
            <h1>{move || {
                let (teller_id, asker_id) = doc.with(|s| (s.storyteller_id.clone(), s.interviewer_id.clone()));
                if my_id(ctx).is_some_and(|me| me == teller_id) {
                    format!("{} interviewt jou", ctx.name_of(&asker_id))
                } else {
                    format!("Interview met {}", teller())
                }
            }}</h1>
            <p class="hint">"Stel de vragen, luister, en schrijf kort op wat je hoort. Geen namen of adressen van cliënten."</p>
            <p class=move || match draft.state.get() {
                    SaveState::Failed(_) => "save-state error",
                    SaveState::Saved => "save-state ok",
                    _ => "save-state",
                } role="status" data-testid="save-state">
                {move || use_app().who.with(|w| w.variant().words(&draft.state.get().label()))}
            </p>
            <ConflictList choices keep/>
            <Show when=move || listening.get().is_some()>
                <ListenMode step=listening/>
            </Show>
            <div class:hidden=move || listening.get().is_some()>
            <button type="button" class="secondary wide" data-testid="listen" on:click=move |_| listening.set(Some(0))>
                "👂 Eerst luisteren, daarna schrijven"
            </button>
            <section class="card form">
                <label for="story-title">"Titel"</label>
                <input id="story-title" autocomplete="off" maxlength="200"
                    prop:value=move || doc.with(|s| s.title.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.edit(|s| s.title = v); }/>
                <PrivacyNotes text=Signal::derive(move || doc.with(|s| s.title.clone()))/>
            </section>
            {LEIDRAAD.iter().map(|(slug, question)| view! { <AnswerEditor draft slug question/> }).collect_view()}
            <Quotes draft/>
            <ElementsEditor draft/>
            <p class="actions">
                <a class="button primary wide" href=format!("/samen/verhaal/{id}") on:click=move |_| draft.flush() data-testid="story-done">"Klaar"</a>
            </p>
            <Show when=move || doc.with(|s| my_id(ctx).is_some_and(|me| s.interviewer_id == me && !s.storyteller_id.is_empty()))>
                <section class="card">
                    <h2>"Nu andersom"</h2>
                    <p class="hint">{move || format!("Waarderend interviewen gaat over elkaars ervaringen: laat {} nu jou interviewen.", teller())}</p>
                    <button type="button" class="secondary wide" data-testid="swap-interview" on:click=move |_| swap.run(())>"Nu interviewt " {teller} " jou"</button>
                    {move || swap_error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                </section>
            </Show>
            </div>
        </div>
    }
    .into_any()
}

/// Text selected in a text area, if any.
fn selected_in(area: NodeRef<Textarea>) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let el = area.get_untracked()?;
        let (start, end) = (el.selection_start().ok()??, el.selection_end().ok()??);
        let units: Vec<u16> = el.value().encode_utf16().collect();
        let picked = units.get(start as usize..end as usize)?;
        let text = String::from_utf16_lossy(picked).trim().to_owned();
        (!text.is_empty()).then_some(text)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = area;
        None
    }
}

#[component]
fn AnswerEditor(draft: StoryDraft, slug: &'static str, question: &'static str) -> impl IntoView {
    let doc = draft.doc;
    let area = NodeRef::<Textarea>::new();
    let text = Signal::derive(move || {
        doc.with(|s| s.answer(slug).map(|a| a.text.clone()).unwrap_or_default())
    });
    let keywords = Signal::derive(move || {
        doc.with(|s| {
            s.answer(slug)
                .map(|a| a.keywords.clone())
                .unwrap_or_default()
        })
    });
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let set_answer = move |s: &mut Story, f: &dyn Fn(&mut werkzaam_domain::team::Answer)| {
        if let Some(a) = s.answers.iter_mut().find(|a| a.question == slug) {
            f(a);
        } else {
            let mut a = werkzaam_domain::team::Answer {
                question: slug.into(),
                ..Default::default()
            };
            f(&mut a);
            s.answers.push(a);
        }
    };
    let add = move || {
        let mut next = keywords.get_untracked();
        match add_keywords(&mut next, &typed.get_untracked()) {
            Ok(_) => {
                typed.set(String::new());
                error.set(None);
                draft.edit_now(|s| set_answer(s, &|a| a.keywords = next.clone()));
            }
            Err(m) => error.set(Some(m)),
        }
    };
    let mark_quote = move |_| {
        let quote = selected_in(area).unwrap_or_else(|| text.get_untracked().trim().to_owned());
        if quote.is_empty() {
            error.set(Some(
                "Schrijf eerst iets op, of kies de woorden die een citaat zijn.".into(),
            ));
            return;
        }
        error.set(None);
        draft.edit_now(|s| {
            if !s.quotes.contains(&quote) {
                s.quotes.push(quote);
            }
        });
    };
    view! {
        <section class="card part" data-testid=format!("answer-{slug}")>
            <h2><label for=format!("answer-{slug}-text")>{question}</label></h2>
            <textarea id=format!("answer-{slug}-text") rows="4" node_ref=area
                prop:value=move || text.get()
                on:input=move |ev| { let v = event_target_value(&ev); draft.edit(|s| set_answer(s, &|a| a.text = v.clone())); }
            ></textarea>
            <PrivacyNotes text/>
            <button type="button" class="secondary quote-mark" on:click=mark_quote data-testid="mark-quote">
                "❝ Markeren als citaat"
            </button>
            <ul class="chips" aria-label="Trefwoorden">
                {move || keywords.get().into_iter().map(|k| {
                    let word = k.clone();
                    view! {
                        <li class="chip">{k.clone()}
                            <button type="button" class="chip-remove" aria-label=format!("Verwijder {k}")
                                on:click=move |_| { let w = word.clone(); draft.edit_now(|s| set_answer(s, &|a| a.keywords.retain(|x| *x != w))); }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="keyword-add">
                <input placeholder="Typ een woord" autocomplete="off" enterkeyhint="done" bind:value=typed
                    aria-label=format!("Trefwoord bij ‘{question}’")
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add(); }/>
                <button type="button" class="secondary" on:click=move |_| add()>"Toevoegen"</button>
            </div>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        </section>
    }
}

#[component]
fn Quotes(draft: StoryDraft) -> impl IntoView {
    let doc = draft.doc;
    view! {
        <section class="card" data-testid="quotes">
            <h2>"Citaten"</h2>
            <Show when=move || doc.with(|s| s.quotes.is_empty())>
                <p class="hint">"Kies in een antwoord de eigen woorden van je collega en tik op ‘Markeren als citaat’."</p>
            </Show>
            <ul class="plain quotes">
                {move || doc.with(|s| s.quotes.clone()).into_iter().map(|q| {
                    let gone = q.clone();
                    view! {
                        <li data-testid="quote"><blockquote>{format!("“{q}”")}</blockquote>
                            <button type="button" class="link" on:click=move |_| { let g = gone.clone(); draft.edit_now(|s| s.quotes.retain(|x| *x != g)); }>"Weghalen"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The werkzame elementen of the story, with the team's words as suggestions while typing.
#[component]
fn ElementsEditor(draft: StoryDraft) -> impl IntoView {
    let ctx = use_app();
    let doc = draft.doc;
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let vocabulary = Memo::new(move |_| {
        ctx.team.with(|t| {
            t.as_ref()
                .map(|t| {
                    count(
                        t.live_stories().iter().map(|s| s.elements.as_slice()),
                        &t.vocabulary(),
                    )
                })
                .unwrap_or_default()
        })
    });
    let add_word = move |word: String| {
        let mut next = doc.with_untracked(|s| s.elements.clone());
        match add_keywords(&mut next, &word) {
            Ok(_) => {
                typed.set(String::new());
                error.set(None);
                draft.edit_now(|s| s.elements = next);
            }
            Err(m) => error.set(Some(m)),
        }
    };
    let suggestions = move || {
        let chosen = doc.with(|s| s.elements.clone());
        vocabulary.with(|v| suggest(v, &typed.get(), &chosen, 5))
    };
    view! {
        <section class="card part" data-testid="elements">
            <h2>"Werkzame elementen"</h2>
            <p class="hint">"Wat maakte het verschil? Bedenk het samen met je collega."</p>
            <ul class="chips">
                {move || doc.with(|s| s.elements.clone()).into_iter().map(|e| {
                    let gone = e.clone();
                    view! {
                        <li class="chip" data-testid="element">{e.clone()}
                            <button type="button" class="chip-remove" aria-label=format!("Verwijder {e}")
                                on:click=move |_| { let g = gone.clone(); draft.edit_now(|s| s.elements.retain(|x| *x != g)); }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="keyword-add">
                <input placeholder="Bijvoorbeeld: echt luisteren" autocomplete="off" enterkeyhint="done" bind:value=typed
                    aria-label="Werkzaam element" data-testid="element-input"
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add_word(typed.get_untracked()); }/>
                <button type="button" class="secondary" on:click=move |_| add_word(typed.get_untracked())>"Toevoegen"</button>
            </div>
            <div class="quick-words" aria-label="Woorden van het team">
                {move || suggestions().into_iter().map(|s| {
                    let word = s.clone();
                    view! { <button type="button" class="quick" data-testid="suggestion" on:click=move |_| add_word(word.clone())>{s}</button> }
                }).collect_view()}
            </div>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        </section>
    }
}

/// A story as the team reads it, with its compliments; a colleague can leave one.
#[component]
pub fn StoryPage() -> impl IntoView {
    let ctx = use_app();
    require_login(ctx);
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let story = Memo::new(move |_| {
        ctx.team.with(|t| {
            t.as_ref()
                .map(|t| t.stories.iter().find(|s| s.id == id && !s.deleted).cloned())
        })
    });
    // Kept here, so a compliment being typed survives the story changing underneath.
    let compliment = RwSignal::new(String::new());
    view! {
        <p class="crumbs"><a href="/samen">"← Samen leren"</a></p>
        {move || match story.get() {
            None => view! { <p class="muted">"Even laden…"</p> }.into_any(),
            Some(None) => view! { <p class="notice warn">"Dit verhaal staat niet op dit apparaat."</p> }.into_any(),
            Some(Some(s)) => view! { <StoryView story=s compliment/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn StoryView(story: Story, compliment: RwSignal<String>) -> impl IntoView {
    let ctx = use_app();
    let me = my_id(ctx).unwrap_or_default();
    let can_edit = me == story.interviewer_id || me == story.storyteller_id;
    let edit_href = format!("/verhaal/{}", story.id);
    let teller = ctx.name_of(&story.storyteller_id);
    let asker = ctx.name_of(&story.interviewer_id);
    let stored = StoredValue::new(story.clone());
    let error = RwSignal::new(None::<String>);
    let give = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = compliment.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some("Schrijf eerst je compliment.".into()));
            return;
        }
        let mut s = stored.get_value();
        s.compliments.push(Compliment {
            author_id: my_id(ctx).unwrap_or_default(),
            text,
            at_ms: actions::now_ms(),
        });
        s.updated_at_ms = actions::now_ms();
        actions::save_team_record(ctx, TeamRecord::Story(s), move |r| match r {
            Ok(()) => {
                compliment.try_set(String::new());
                error.try_set(None);
            }
            Err(m) => {
                error.try_set(Some(m));
            }
        });
    };
    view! {
        <article class="story" data-testid="story">
            <h1>{if story.title.is_empty() { "(zonder titel)".to_string() } else { story.title.clone() }}</h1>
            <p class="muted">{format!("{teller} vertelde, {asker} vroeg · {}", date_nl(&story.held_on))}</p>
            {(!story.conflicts.is_empty()).then(|| view! {
                <p class="notice warn" data-testid="story-conflict">"Er zijn twee versies van een deel van dit verhaal. Kies bij ‘Bewerken’ welke blijft."</p>
            })}
            {can_edit.then(|| view! { <p><a class="button secondary" href=edit_href>"Bewerken"</a></p> })}
            <div inner_html=story_html(&story)></div>
            <section class="card" data-testid="compliments">
                <h2>"Complimenten"</h2>
                {if story.compliments.is_empty() {
                    view! { <p class="muted">"Nog geen complimenten. Wat vond jij sterk aan dit verhaal?"</p> }.into_any()
                } else {
                    story.compliments.iter().map(|c| view! {
                        <p class="compliment" data-testid="compliment">"♥ " {c.text.clone()} <span class="small muted">{format!(" — {}", ctx.name_of(&c.author_id))}</span></p>
                    }).collect_view().into_any()
                }}
                <form class="form" on:submit=give novalidate=true>
                    <label for="compliment">"Jouw compliment"</label>
                    <input id="compliment" maxlength="200" autocomplete="off" bind:value=compliment placeholder="Knap hoe je…"/>
                    {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                    <button type="submit" class="primary">"Compliment geven"</button>
                </form>
            </section>
        </article>
    }
    .into_any()
}

//! One part of a perspective (wat goed gaat, wat beter kan): keyword chips, text, drawings and
//! photos.

use leptos::prelude::*;
use werkzaam_domain::dialogue::{MediaKind, MediaRef, PartAt};
use werkzaam_domain::drawing;
use werkzaam_domain::hash::content_hash;

use super::*;
use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::state::{use_app, LocalBlob};
use crate::ui::drawing_pad::DrawingPad;
use crate::ui::media::{MediaSource, MediaThumb};
use crate::ui::words::add_keywords;

/// One part: keywords as chips, a short text, drawings and photos.
#[component]
pub fn PartEditor(
    autosave: Autosave,
    /// The client's, the worker's or a participant's part.
    #[prop(into)]
    key: PartAt,
    /// Larger controls and the pictogram keywords (client mode).
    #[prop(default = false)]
    for_client: bool,
) -> impl IntoView {
    let ctx = use_app();
    let doc = autosave.doc;
    let slug = key.slug();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pad = RwSignal::new(PadTarget::Closed);
    // Which of the part's media the open sheet writes to; `None` until its first stroke.
    let pad_index = StoredValue::new(None::<usize>);
    let title = match key.aspect {
        werkzaam_domain::dialogue::Aspect::Good => "Wat gaat goed?",
        werkzaam_domain::dialogue::Aspect::Better => "Wat kan beter?",
    };
    let keywords = Memo::new(move |_| doc.with(|d| d.part_at(key).keywords.clone()));
    let media = Memo::new(move |_| doc.with(|d| d.part_at(key).media.clone()));

    let add_typed = move || {
        let text = typed.get_untracked();
        let mut next = doc.with_untracked(|d| d.part_at(key).keywords.clone());
        match add_keywords(&mut next, &text) {
            Ok(_) => {
                error.set(None);
                typed.set(String::new());
                autosave.edit_now(|d| d.part_at_mut(key).keywords = next);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let add_word = move |word: &'static str| {
        let mut next = doc.with_untracked(|d| d.part_at(key).keywords.clone());
        match add_keywords(&mut next, word) {
            Ok(_) => autosave.edit_now(|d| d.part_at_mut(key).keywords = next),
            Err(message) => error.set(Some(message)),
        }
    };
    let remove_word = move |word: String| {
        autosave.edit_now(|d| d.part_at_mut(key).keywords.retain(|k| *k != word));
    };

    // A changed drawing: a new blob, and the part points at it (one transaction).
    let drawing_changed = Callback::new(move |drawing: drawing::Drawing| {
        let bytes = drawing::encode(&drawing);
        let blob = LocalBlob {
            hash: content_hash(&bytes),
            content_type: MediaKind::Drawing.content_type().into(),
            bytes,
        };
        let media_ref = MediaRef {
            kind: MediaKind::Drawing,
            hash: blob.hash.clone(),
            bytes: blob.bytes.len() as u64,
        };
        if pad.get_untracked() == PadTarget::Closed {
            return;
        }
        let new_index = pad_index
            .get_value()
            .unwrap_or_else(|| doc.with_untracked(|d| d.part_at(key).media.len()));
        pad_index.set_value(Some(new_index));
        autosave.edit_with_blob(
            blob,
            move |d| {
                let list = &mut d.part_at_mut(key).media;
                if new_index < list.len() {
                    list[new_index] = media_ref;
                } else {
                    list.push(media_ref);
                }
            },
            |_| {},
        );
    });
    let close_pad = Callback::new(move |_| {
        pad.set(PadTarget::Closed);
        autosave.flush();
    });

    let edit_drawing = move |index: usize, hash: String| {
        actions::load_blob(ctx, hash, move |blob| {
            let initial = blob.and_then(|b| drawing::decode(&b.bytes).ok());
            if initial.is_some() {
                pad_index.try_set_value(Some(index));
                pad.try_set(PadTarget::Open { initial });
            } else {
                error.try_set(Some("Deze tekening staat niet op dit apparaat.".into()));
            }
        });
    };
    let remove_media = move |index: usize| {
        autosave.edit_now(|d| {
            let list = &mut d.part_at_mut(key).media;
            if index < list.len() {
                list.remove(index);
            }
        });
    };
    let photo_chosen = photo_into(autosave, error, move |d| &mut d.part_at_mut(key).media);

    let input_id = format!("kw-{slug}");
    let text_id = format!("text-{slug}");
    let photo_id = format!("photo-{slug}");
    view! {
        <div class="part" data-testid=format!("part-{slug}")>
            <h3>{title}</h3>
            <ul class="chips" aria-label="Trefwoorden">
                <For each=move || keywords.get() key=|k| k.clone() let:word>
                    <li class="chip" data-testid="chip">
                        {word.clone()}
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=format!("Verwijder {word}")
                            on:click={
                                let word = word.clone();
                                move |_| remove_word(word.clone())
                            }
                        >
                            "×"
                        </button>
                    </li>
                </For>
            </ul>
            {for_client
                .then(|| {
                    view! {
                        <div class="quick-words" aria-label="Kies een plaatje">
                            {crate::dialogues::logic::QUICK_KEYWORDS
                                .iter()
                                .map(|(icon, word)| {
                                    view! {
                                        <button type="button" class="quick" on:click=move |_| add_word(word)>
                                            <span aria-hidden="true">{*icon}</span>
                                            {*word}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })}
            <div class="keyword-add">
                <label class="sr-only" for=input_id.clone()>{format!("Trefwoord bij ‘{title}’")}</label>
                <input
                    id=input_id
                    data-testid="keyword-input"
                    placeholder="Typ een woord"
                    autocomplete="off"
                    enterkeyhint="done"
                    bind:value=typed
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add_typed();
                        }
                    }
                />
                <button type="button" class="secondary" on:click=move |_| add_typed()>"Toevoegen"</button>
            </div>
            {(!for_client)
                .then(|| {
                    view! {
                        <label class="small" for=text_id.clone()>"Toelichting (mag kort)"</label>
                        <textarea
                            id=text_id.clone()
                            rows="2"
                            prop:value=move || doc.with(|d| d.part_at(key).text.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                autosave.edit(|d| d.part_at_mut(key).text = v);
                            }
                            on:change=move |_| autosave.flush()
                        ></textarea>
                    }
                })}
            <div class="thumbs">
                {move || {
                    media
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, m)| {
                            let is_drawing = m.kind == MediaKind::Drawing;
                            let hash = m.hash.clone();
                            view! {
                                <div class="media-item" data-testid="media-item">
                                    <MediaThumb media=m source=MediaSource::Device(doc.with_untracked(|d| d.id.clone()))/>
                                    <div class="media-actions">
                                        {is_drawing
                                            .then(|| {
                                                let hash = hash.clone();
                                                view! {
                                                    <button type="button" class="link" on:click=move |_| edit_drawing(i, hash.clone())>
                                                        "Verder tekenen"
                                                    </button>
                                                }
                                            })}
                                        <button type="button" class="link" on:click=move |_| remove_media(i)>
                                            "Weghalen"
                                        </button>
                                    </div>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <div class="media-add">
                <button
                    type="button"
                    class=if for_client { "primary big" } else { "secondary" }
                    data-testid="draw-button"
                    on:click=move |_| {
                        pad_index.set_value(None);
                        pad.set(PadTarget::Open { initial: None });
                    }
                >
                    "✏️ Tekenen"
                </button>
                <label class=if for_client { "button secondary big" } else { "button secondary" } for=photo_id.clone()>
                    "📷 Foto"
                </label>
                <input
                    id=photo_id
                    class="sr-only"
                    type="file"
                    accept="image/*"
                    capture="environment"
                    data-testid="photo-input"
                    on:change=photo_chosen
                />
            </div>
            {(!for_client)
                .then(|| {
                    view! {
                        <p class="hint">
                            "Een foto van een tekening of collage wordt op dit apparaat verkleind; hoogstens 8 MB."
                        </p>
                    }
                })}
            {move || match pad.get() {
                PadTarget::Closed => None,
                PadTarget::Open { initial } => {
                    Some(view! { <DrawingPad initial on_change=drawing_changed on_close=close_pad title=title/> })
                }
            }}
        </div>
    }
    .into_any()
}

/// What a photo chosen in a file input does: downscaled, it goes into the list `list` picks
/// from the dialogue ([`add_photo`]). For a part; the sheet reads its code too (`steps.rs`).
pub(super) fn photo_into(
    autosave: Autosave,
    error: RwSignal<Option<String>>,
    list: impl Fn(&mut werkzaam_domain::Dialogue) -> &mut Vec<MediaRef> + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev: leptos::ev::Event| {
        error.set(None);
        actions::photo_from_input(ev, move |result| match result {
            Ok(None) => {}
            Ok(Some(blob)) => add_photo(autosave, error, list, blob),
            Err(message) => {
                error.try_set(Some(message));
            }
        });
    }
}

/// Puts the photo `blob` into the list `list` picks from the dialogue, with its bytes, in one
/// write; if that write fails, nothing half-saved stays (the photo leaves the list again) and
/// `error` says why.
pub(super) fn add_photo(
    autosave: Autosave,
    error: RwSignal<Option<String>>,
    list: impl Fn(&mut werkzaam_domain::Dialogue) -> &mut Vec<MediaRef> + Copy + 'static,
    blob: LocalBlob,
) {
    let hash = blob.hash.clone();
    let media_ref = MediaRef {
        kind: MediaKind::Photo,
        hash: hash.clone(),
        bytes: blob.bytes.len() as u64,
    };
    let added = media_ref.clone();
    autosave.edit_with_blob(
        blob,
        move |d| list(d).push(media_ref),
        move |result| {
            if let Err(message) = result {
                autosave.forget_blob(&hash);
                autosave.edit_now(|d| list(d).retain(|m| *m != added));
                error.try_set(Some(message));
            }
        },
    );
}

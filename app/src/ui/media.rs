//! Showing a dialogue's drawings and photos, from the device or (for the team lead) from the
//! server, and a dialogue's two perspectives side by side.

use leptos::prelude::*;
use werkzaam_domain::dialogue::{Aspect, MediaKind, MediaRef, Part, PartKey, Side};
use werkzaam_domain::{drawing, Dialogue};

use crate::actions;
use crate::state::use_app;
use crate::urls::attachment_url;

/// Where a dialogue's attachments come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSource {
    /// This device's store (the worker's own dialogues); what another device of the worker
    /// made is fetched from the server once and kept. Holds the dialogue's id.
    Device(String),
    /// The server, for a shared dialogue; `received` lists what the server has.
    Server {
        dialogue_id: String,
        received: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Thumb {
    Loading,
    Svg(String),
    Img(String),
    Missing(&'static str),
}

fn drawing_svg(bytes: &[u8]) -> Thumb {
    match drawing::decode(bytes) {
        Ok(d) => Thumb::Svg(drawing::to_svg(&d)),
        Err(_) => Thumb::Missing("Tekening onleesbaar"),
    }
}

/// Reads a thumbnail's blob from the device. A blob that was just made may still be on its way
/// into the store (the dialogue shows it first): try again a few times before saying it is not
/// there.
fn load_device_thumb(
    ctx: crate::state::AppCtx,
    hash: String,
    dialogue_id: String,
    kind: MediaKind,
    thumb: RwSignal<Thumb>,
    object_url: StoredValue<Option<String>>,
    attempt: u32,
) {
    actions::load_blob(ctx, hash.clone(), move |blob| {
        let next = match (blob, kind) {
            (None, _) if attempt < 5 => {
                let _ = set_timeout_with_handle(
                    move || {
                        load_device_thumb(
                            ctx,
                            hash,
                            dialogue_id,
                            kind,
                            thumb,
                            object_url,
                            attempt + 1,
                        )
                    },
                    std::time::Duration::from_millis(200),
                );
                return;
            }
            (None, _) if attempt == 5 => {
                // Made on another device of this worker: fetch it once and keep it here.
                actions::fetch_own_blob(ctx, hash.clone(), dialogue_id.clone(), move |_| {
                    load_device_thumb(ctx, hash, dialogue_id, kind, thumb, object_url, 6)
                });
                return;
            }
            (None, _) => Thumb::Missing("Niet op dit apparaat"),
            (Some(b), MediaKind::Drawing) => drawing_svg(&b.bytes),
            (Some(b), MediaKind::Photo) => match actions::object_url(&b) {
                Some(url) => {
                    object_url.try_set_value(Some(url.clone()));
                    Thumb::Img(url)
                }
                None => Thumb::Missing("Foto onleesbaar"),
            },
        };
        thumb.try_set(next);
    });
}

/// One drawing or photo, small.
#[component]
pub fn MediaThumb(media: MediaRef, source: MediaSource) -> impl IntoView {
    let ctx = use_app();
    let thumb = RwSignal::new(Thumb::Loading);
    let object_url = StoredValue::new(None::<String>);
    let kind = media.kind;
    let hash = media.hash.clone();
    Effect::new(move |done: Option<()>| {
        if done.is_some() {
            return;
        }
        match &source {
            MediaSource::Device(dialogue_id) => {
                load_device_thumb(
                    ctx,
                    hash.clone(),
                    dialogue_id.clone(),
                    kind,
                    thumb,
                    object_url,
                    0,
                );
            }
            MediaSource::Server {
                dialogue_id,
                received,
            } => {
                if !received.contains(&hash) {
                    thumb.set(Thumb::Missing("Nog niet ontvangen"));
                } else if kind == MediaKind::Photo {
                    thumb.set(Thumb::Img(attachment_url(&hash, dialogue_id)));
                } else {
                    actions::load_team_attachment(hash.clone(), dialogue_id.clone(), move |r| {
                        thumb.try_set(match r {
                            Ok(bytes) => drawing_svg(&bytes),
                            Err(_) => Thumb::Missing("Niet te laden"),
                        });
                    });
                }
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some(url)) = object_url.try_get_value() {
            actions::revoke_object_url(&url);
        }
    });
    let label = match kind {
        MediaKind::Drawing => "Tekening",
        MediaKind::Photo => "Foto",
    };
    let hash = StoredValue::new(media.hash.clone());
    view! {
        {move || match thumb.get() {
            Thumb::Loading => view! { <div class="thumb loading">"…"</div> }.into_any(),
            Thumb::Svg(svg) => {
                view! { <div class="thumb drawing" role="img" aria-label=label data-testid="thumb-drawing" data-hash=hash.get_value() inner_html=svg></div> }
                    .into_any()
            }
            Thumb::Img(url) => {
                view! { <img class="thumb photo" src=url alt=label data-testid="thumb-photo" data-hash=hash.get_value()/> }.into_any()
            }
            Thumb::Missing(why) => view! { <div class="thumb missing">{why}</div> }.into_any(),
        }}
    }
    .into_any()
}

/// A part read-only: keywords as chips, the text, the attachments.
#[component]
pub fn PartView(part: Part, source: MediaSource, shared: bool) -> impl IntoView {
    if !shared {
        return view! { <p class="muted">"Niet gedeeld"</p> }.into_any();
    }
    if part.is_empty() {
        return view! { <p class="muted">"—"</p> }.into_any();
    }
    view! {
        <div class="part-view">
            <ul class="chips">
                {part.keywords.into_iter().map(|k| view! { <li class="chip">{k}</li> }).collect_view()}
            </ul>
            {(!part.text.is_empty()).then(|| view! { <p class="part-text">{part.text.clone()}</p> })}
            <div class="thumbs">
                {part
                    .media
                    .into_iter()
                    .map(|m| view! { <MediaThumb media=m source=source.clone()/> })
                    .collect_view()}
            </div>
        </div>
    }
    .into_any()
}

/// What of `part` may be shown: its words only with `answers`, its attachments only with
/// `media`.
fn visible(part: &Part, answers: bool, media: bool) -> Part {
    let mut part = part.clone();
    if !answers {
        part.keywords.clear();
        part.text.clear();
    }
    if !media {
        part.media.clear();
    }
    part
}

/// Both perspectives next to each other: per question, the client left and the worker right;
/// then, in a family dialogue, each participant's two answers.
#[component]
pub fn SideBySide(
    dialogue: Dialogue,
    source: MediaSource,
    /// Whether answers (words) and attachments may be shown; always true for the author.
    #[prop(default = true)]
    answers: bool,
    #[prop(default = true)] media: bool,
) -> impl IntoView {
    let shared = answers || media;
    view! {
        <div class="side-by-side" data-testid="side-by-side">
            {[Aspect::Good, Aspect::Better]
                .into_iter()
                .map(|aspect| {
                    let title = match aspect {
                        Aspect::Good => "Wat gaat goed?",
                        Aspect::Better => "Wat kan beter?",
                    };
                    let client = visible(dialogue.part(PartKey::new(Side::Client, aspect)), answers, media);
                    let worker = visible(dialogue.part(PartKey::new(Side::Worker, aspect)), answers, media);
                    view! {
                        <h3>{title}</h3>
                        <div class="columns">
                            <div class="column">
                                <p class="label">"Cliënt"</p>
                                <PartView part=client source=source.clone() shared/>
                            </div>
                            <div class="column">
                                <p class="label">"Hulpverlener"</p>
                                <PartView part=worker source=source.clone() shared/>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            {dialogue
                .others
                .iter()
                .map(|p| {
                    let name = dialogue.other_name(p.slot);
                    let good = visible(&p.good, answers, media);
                    let better = visible(&p.better, answers, media);
                    view! {
                        <h3 data-testid="other-view">{name}</h3>
                        <div class="columns">
                            <div class="column">
                                <p class="label">"Wat gaat goed?"</p>
                                <PartView part=good source=source.clone() shared/>
                            </div>
                            <div class="column">
                                <p class="label">"Wat kan beter?"</p>
                                <PartView part=better source=source.clone() shared/>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            {(media && answers && !dialogue.sheet.is_empty())
                .then(|| {
                    let sheet = Part {
                        media: dialogue.sheet.clone(),
                        ..Part::default()
                    };
                    view! {
                        <h3>"Foto van het blad"</h3>
                        <PartView part=sheet source=source.clone() shared/>
                    }
                })}
        </div>
    }
    .into_any()
}

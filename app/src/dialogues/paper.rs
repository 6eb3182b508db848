//! The dialogue on paper (issue 18, decision 21): the sheet printed for a dialogue (A4 or A3,
//! with its code), and *Foto van een blad*, where a photo of a filled sheet finds its dialogue by
//! the code — read from the sheet's QR code on the device, or typed. The sheet, the code and the
//! QR code are `werkzaam_paper`'s; its code is in the part `paper` of the wasm, loaded when a
//! sheet is printed, shown or read.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use werkzaam_domain::dialogue::{Address, MediaKind, MediaRef};
use werkzaam_domain::Dialogue;
use werkzaam_paper::{SheetCode, Side, Size};

use crate::actions;
use crate::dialogues::autosave::Autosave;
use crate::state::{use_app, GreyPhoto, ListedDialogue, LocalBlob, Who};
use crate::PartNotLoaded;

/// The worker's dialogues (not deleted) whose sheet has `code`: one, or none when the code is
/// mistyped or the dialogue is not on this device; two only by a rare chance (40 bits).
pub fn with_code(code: SheetCode, dialogues: &[ListedDialogue]) -> Vec<&Dialogue> {
    dialogues
        .iter()
        .map(|l| &l.record)
        .filter(|d| !d.deleted && SheetCode::of(&d.id) == code)
        .collect()
}

/// `dialogue` with the photo `blob` of its sheet added (once: the same photo twice stays one).
pub fn with_sheet_photo(mut dialogue: Dialogue, blob: &LocalBlob, now_ms: i64) -> Dialogue {
    if !dialogue.sheet.iter().any(|m| m.hash == blob.hash) {
        dialogue.sheet.push(MediaRef {
            kind: MediaKind::Photo,
            hash: blob.hash.clone(),
            bytes: blob.bytes.len() as u64,
        });
    }
    dialogue.updated_at_ms = now_ms.max(dialogue.updated_at_ms);
    dialogue
}

/// When the part `paper` cannot be loaded (offline before it was ever fetched).
const PART_MISSING: &str = "Het afdrukken is nog niet op dit apparaat. Maak even verbinding met \
    internet en probeer het opnieuw.";

/// What the worker reads when a photo in a dialogue's *Blad* step shows another dialogue's sheet.
pub fn other_sheet_message(read: SheetCode, own: SheetCode) -> String {
    format!(
        "Let op: op deze foto staat het blad met code {read}. Deze dialoog heeft code {own}. \
         Is het de goede foto? Anders tik je bij de foto op Weghalen."
    )
}

/// What the sheet of a dialogue is named as a file.
pub fn file_name(code: SheetCode, size: Size) -> String {
    format!("werkalliantie-blad-{code}-{}.pdf", size.name())
}

/// The two sheets of the dialogue with `id` as a PDF: in the part `paper`.
#[leptos::wasm_split::wasm_split(paper, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sheet_pdf(id: String, address: Address, size: Size) -> Result<Vec<u8>, PartNotLoaded> {
    Ok(werkzaam_paper::sheet::pdf(
        SheetCode::of(&id),
        address,
        size,
    ))
}

/// The client's sheet as SVG, to show before printing: in the part `paper`.
#[leptos::wasm_split::wasm_split(paper, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sheet_svg(id: String, address: Address) -> Result<String, PartNotLoaded> {
    Ok(werkzaam_paper::sheet::svg(
        SheetCode::of(&id),
        Side::Client,
        address,
    ))
}

/// *Op papier*: the sheet to print for this dialogue, its code, and a look at it first.
#[component]
pub fn PaperSheet(autosave: Autosave) -> impl IntoView {
    let doc = autosave.doc;
    let id = doc.with_untracked(|d| d.id.clone());
    let code = SheetCode::of(&id);
    let error = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<String>);
    let print = {
        let id = id.clone();
        move |size: Size| {
            let id = id.clone();
            let address = doc.with_untracked(|d| d.address);
            error.set(None);
            leptos::task::spawn_local(async move {
                match sheet_pdf(id, address, size).await {
                    Ok(bytes) => {
                        actions::download_bytes(&file_name(code, size), "application/pdf", &bytes)
                    }
                    Err(_) => {
                        error.try_set(Some(PART_MISSING.into()));
                    }
                }
            });
        }
    };
    let print_a3 = print.clone();
    let shown = RwSignal::new(false);
    let show = move |_| {
        shown.update(|s| *s = !*s);
        if shown.get_untracked() && preview.get_untracked().is_none() {
            let id = id.clone();
            let address = doc.with_untracked(|d| d.address);
            leptos::task::spawn_local(async move {
                if let Ok(svg) = sheet_svg(id, address).await {
                    preview.try_set(Some(svg));
                }
            });
        }
    };
    view! {
        <section class="card paper" data-testid="paper">
            <h3>"Op papier"</h3>
            <p class="hint">
                {move || use_app().who.with(|w| w.variant().words(
                    "Liever met een groot wit blad en wasco's? Druk het blad af: een blad voor de \
                     cliënt en een voor jou (een PDF). Na het gesprek maak je er een foto van.",
                ))}
            </p>
            <p class="paper-code">"Code van het blad: " <strong data-testid="sheet-code">{code.to_string()}</strong></p>
            <div class="row">
                <button type="button" on:click=move |_| print(Size::A4)>"A4 afdrukken"</button>
                <button type="button" on:click=move |_| print_a3(Size::A3)>"A3 afdrukken"</button>
            </div>
            {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="button" class="link" aria-expanded=move || shown.get().to_string() on:click=show>
                {move || if shown.get() { "Voorbeeld verbergen" } else { "Voorbeeld van het blad" }}
            </button>
            <Show when=move || shown.get()>
                <div class="sheet-preview" data-testid="sheet-preview" inner_html=move || preview.get().unwrap_or_default()></div>
            </Show>
        </section>
    }
}

/// Reads the sheet's code in `grey`: in the part `paper`.
#[leptos::wasm_split::wasm_split(paper, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn read_code(grey: GreyPhoto) -> Result<Option<(SheetCode, Side)>, PartNotLoaded> {
    Ok(werkzaam_paper::qr::read(
        grey.width,
        grey.height,
        &grey.pixels,
    ))
}

/// *Foto van een blad*: a photo of a filled sheet, its code read or typed, and the dialogue it
/// belongs to; the photo goes with that dialogue.
#[component]
pub fn SheetPhotoPage() -> impl IntoView {
    let ctx = use_app();
    let navigate = use_navigate();
    // A worker's page: logged out to the login, an administrator (no dialogues) to *Beheer*.
    let away = navigate.clone();
    Effect::new(move |_| match ctx.who.get() {
        Who::LoggedOut => away("/inloggen", Default::default()),
        who if who.is_admin() => away("/beheer", Default::default()),
        _ => {}
    });
    let photo = RwSignal::new(None::<(LocalBlob, String)>);
    // The code read from the photo or typed, and which sheet it is when read.
    let code = RwSignal::new(None::<SheetCode>);
    let side = RwSignal::new(None::<Side>);
    let unreadable = RwSignal::new(false);
    let reading = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    on_cleanup(move || {
        if let Some((_, url)) = photo.get_untracked() {
            actions::revoke_object_url(&url);
        }
    });
    let chosen = move |ev: leptos::ev::Event| {
        error.set(None);
        reading.set(true);
        actions::photo_with_grey(ev, move |result| match result {
            Ok(None) => {
                reading.try_set(false);
            }
            Ok(Some((blob, grey))) => {
                let url = actions::object_url(&blob).unwrap_or_default();
                if let Some(Some((_, old))) = photo.try_get_untracked() {
                    actions::revoke_object_url(&old);
                }
                photo.try_set(Some((blob, url)));
                code.try_set(None);
                side.try_set(None);
                leptos::task::spawn_local(async move {
                    let read = read_code(grey).await.ok().flatten();
                    reading.try_set(false);
                    unreadable.try_set(read.is_none());
                    if let Some((c, s)) = read {
                        code.try_set(Some(c));
                        side.try_set(Some(s));
                        typed.try_set(c.to_string());
                    }
                });
            }
            Err(message) => {
                reading.try_set(false);
                error.try_set(Some(message));
            }
        });
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match SheetCode::parse(&typed.get_untracked()) {
            Ok(c) => {
                error.set(None);
                side.set(None);
                code.set(Some(c));
            }
            Err(problem) => {
                code.set(None);
                error.set(Some(problem.message().into()));
            }
        }
    };
    let found = Memo::new(move |_| {
        let c = code.get()?;
        Some(ctx.dialogues.with(|list| {
            with_code(c, list.as_deref().unwrap_or(&[]))
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        }))
    });
    // The photo goes with the dialogue as the device holds it now (read again: another tab may
    // have changed it since the list was read).
    let add = move |id: String| {
        let Some((blob, _)) = photo.get_untracked() else {
            return;
        };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let navigate = navigate.clone();
        actions::load_dialogue(ctx, id.clone(), move |stored| {
            let dialogue = match stored {
                Ok(Some(d)) => d,
                Ok(None) => {
                    saving.try_set(false);
                    error.try_set(Some("Deze dialoog staat niet meer op dit apparaat.".into()));
                    return;
                }
                Err(message) => {
                    saving.try_set(false);
                    error.try_set(Some(message));
                    return;
                }
            };
            let updated = with_sheet_photo(dialogue, &blob, actions::now_ms());
            actions::save_dialogue(ctx, updated, vec![blob], move |result| {
                saving.try_set(false);
                match result {
                    Ok(()) => navigate(&format!("/dialoog/{id}/overzicht"), Default::default()),
                    Err(message) => {
                        error.try_set(Some(message));
                    }
                }
            });
        });
    };
    view! {
        <p class="crumbs"><a href="/">"← Dialogen"</a></p>
        <h1>"Foto van een blad"</h1>
        <p class="lead">
            "Maak een foto van een blad uit een gesprek. Werkzaam leest de code onder op het blad "
            "en zoekt de dialoog erbij. Ook zonder internet."
        </p>
        <label class="button primary wide" for="paper-photo">
            {move || if photo.with(Option::is_some) { "📷 Andere foto" } else { "📷 Foto maken of kiezen" }}
        </label>
        <input
            id="paper-photo"
            class="sr-only"
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="paper-photo-input"
            on:change=chosen
        />
        {move || reading.get().then(|| view! { <p class="muted" role="status">"De code lezen…"</p> })}
        {move || photo.get().map(|(_, url)| view! {
            <img class="paper-photo" src=url alt="De foto van het blad"/>
        })}
        {move || {
            (photo.with(Option::is_some) && !reading.get()).then(|| view! {
                {move || match (code.get(), side.get()) {
                    (Some(c), Some(s)) => view! {
                        <p class="notice info" data-testid="code-read">
                            "Code gelezen: " <strong>{c.to_string()}</strong> " (" {s.label()} ")"
                        </p>
                    }.into_any(),
                    _ => unreadable.get().then(|| view! {
                        <p class="notice warn" data-testid="code-unreadable">
                            "De code op deze foto is niet te lezen. Typ de code die onder op het blad staat."
                        </p>
                    }).into_any(),
                }}
                <form class="card form" on:submit=search>
                    <label for="paper-code">"Code van het blad"</label>
                    <input id="paper-code" autocomplete="off" autocapitalize="characters" bind:value=typed/>
                    <button type="submit" class="wide">"Zoeken"</button>
                </form>
            })
        }}
        {move || error.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        {move || found.get().map(|list| {
            if list.is_empty() {
                let c = code.get_untracked().map(|c| c.to_string()).unwrap_or_default();
                return view! {
                    <p class="notice warn" role="alert" data-testid="code-unknown">
                        "Er is geen dialoog met code " {c} " op dit apparaat. Kijk of de code goed "
                        "is. Het blad hoort bij een dialoog die op dit apparaat is begonnen."
                    </p>
                }.into_any();
            }
            list.into_iter().map(|d| {
                let label = format!("{} · {}", d.client_code, d.held_on);
                let nickname = d.nickname.clone();
                let id = d.id.clone();
                let add = add.clone();
                view! {
                    <div class="card" data-testid="code-match">
                        <p>"Dit blad hoort bij de dialoog met " <strong>{label}</strong>
                            {(!nickname.is_empty()).then(|| format!(" ({nickname})"))}
                        </p>
                        <button
                            type="button"
                            class="primary wide"
                            disabled=move || saving.get()
                            on:click=move |_| add(id.clone())
                        >
                            "Foto bij deze dialoog bewaren"
                        </button>
                    </div>
                }
            }).collect_view().into_any()
        })}
    }
}

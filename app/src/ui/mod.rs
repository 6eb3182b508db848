//! What every feature's screens share: the top and sync bars, the drawing sheet, showing
//! drawings and photos, the shared words and formats.

use leptos::prelude::*;

pub mod bars;
pub mod drawing_pad;
pub mod media;
pub mod words;

/// Calls `flush` when the app is about to reload into a new version ([`actions::FLUSH_EVENT`]),
/// for as long as the calling component lives: an editor writes what is typed.
pub fn flush_before_update(flush: impl Fn() + 'static) {
    let handle = window_event_listener_untyped(crate::actions::FLUSH_EVENT, move |_| flush());
    on_cleanup(move || handle.remove());
}

/// The privacy notes under a text the team will read, live while typing
/// ([`words::privacy_notes`]).
#[component]
pub fn PrivacyNotes(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let ctx = crate::state::use_app();
    view! {
        {move || {
            words::privacy_notes(&text.get(), ctx.who.with(|w| w.variant()))
                .into_iter()
                .map(|note| view! { <p class="notice warn small" data-testid="privacy-warning">{note}</p> })
                .collect_view()
        }}
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="muted" data-testid="loading">"Even laden…"</p> }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Pagina niet gevonden"</h1>
        <p>"Deze pagina bestaat niet (meer). Misschien is het adres verkeerd getypt."</p>
        <p><a class="button primary" href="/">"Naar je dialogen"</a></p>
    }
    .into_any()
}

//! What every feature's screens share: the top and sync bars, the drawing sheet, showing
//! drawings and photos, the shared words and formats.

use leptos::prelude::*;

pub mod bars;
pub mod drawing_pad;
pub mod media;
pub mod words;

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

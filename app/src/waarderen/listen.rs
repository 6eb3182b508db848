//! Listening first (issue 19, seed 000: *echt luisteren naar elkaars verhalen*): the leidraad of
//! the waarderend interview one question at a time, large, with nothing to type — the
//! interviewer listens and writes her notes afterwards in the interview itself.

use leptos::prelude::*;
use werkzaam_domain::team::LEIDRAAD;

/// The leidraad, large; `step` is the question shown, `None` when the interviewer goes to write.
#[component]
pub fn ListenMode(step: RwSignal<Option<usize>>) -> impl IntoView {
    let at = move || step.get().unwrap_or(0).min(LEIDRAAD.len() - 1);
    view! {
        <section class="card listen" data-testid="listen-mode">
            <p class="muted">{move || format!("Vraag {} van {}", at() + 1, LEIDRAAD.len())}</p>
            <h2 class="listen-question" data-testid="listen-question">{move || LEIDRAAD[at()].1}</h2>
            <p class="hint">"Luister. Vraag door: Hoe deed je dat? Wat zei de cliënt? Je schrijft het straks op."</p>
            <div class="actions">
                <Show when=move || at() != 0>
                    <button type="button" class="secondary" on:click=move |_| step.set(Some(at() - 1))>"← Vorige"</button>
                </Show>
                <Show when=move || at() + 1 != LEIDRAAD.len()>
                    <button type="button" class="primary" data-testid="listen-next" on:click=move |_| step.set(Some(at() + 1))>"Volgende vraag →"</button>
                </Show>
            </div>
            <button type="button" class="primary wide" data-testid="write-now" on:click=move |_| step.set(None)>"Nu opschrijven"</button>
        </section>
    }
}

//! Werkzaam's app: the pages and components (rendered on the server with feature `ssr`,
//! rendered in the browser with feature `hydrate` — the card's name for the browser build, which
//! renders client-side and does not hydrate, see `replace`), and, in the browser only, the
//! device layer that keeps everything in IndexedDB and syncs it.

#![recursion_limit = "256"]

pub mod account;
pub mod actions;
pub mod admin;
#[cfg(feature = "hydrate")]
pub mod device;
pub mod dialogues;
pub mod review;
pub mod state;
pub mod ui;
pub mod urls;
pub mod vault;
pub mod waarderen;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::{Lazy, LazyRoute};

use crate::account::login::LoginPage;
use crate::account::screens::AccountPage;
use crate::admin::screens::AdminPage;
use crate::dialogues::client_mode::ClientModePage;
use crate::dialogues::editor::DialogueEditorPage;
use crate::dialogues::keepsake::KeepsakePage;
use crate::dialogues::paper::SheetPhotoPage;
use crate::dialogues::screens::{ClientPage, DialogueOverviewPage, DialoguesPage};
use crate::review::screens::TeamDialoguePage;
use crate::review::screens::{AgendaPage, ClientTrendPage, TeamLearningPage, TeamPage};
use crate::state::AppCtx;
use crate::ui::bars::{ClientModeGuard, Header, SyncBar};
use crate::ui::NotFoundPage;
use crate::vault::screens::VaultGate;
use crate::waarderen::advice::{AdvicePage, AdviceThreadPage, LessonsPage};
use crate::waarderen::interview::{LearningPage, StoryEditorPage, StoryPage};
use crate::waarderen::meeting::{ActionsPage, MeetingPage, MeetingsPage};
use crate::waarderen::round_meeting::RoundMeetingPage;
use crate::waarderen::rounds::{RoundPage, RoundsPage};

/// The colour of the browser bar and the manifest.
pub const THEME_COLOR: &str = "#1d5c4d";

/// The app itself: the same on the server and in the browser.
#[component]
pub fn App() -> impl IntoView {
    let ctx = AppCtx::new();
    provide_context(ctx);
    // Runs once, in the browser only: read who is logged in, open the device store, start syncing.
    Effect::new(move |_| actions::start(ctx));
    view! {
        <Router>
            <VaultGate>
            <ClientModeGuard>
                <Header/>
                <SyncBar/>
            </ClientModeGuard>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=DialoguesPage/>
                    <Route path=path!("inloggen") view=LoginPage/>
                    <Route path=path!("client/:code") view={Lazy::<ClientRoute>::new()}/>
                    <Route path=path!("dialoog/:id") view={Lazy::<EditorRoute>::new()}/>
                    <Route path=path!("blad") view={Lazy::<SheetPhotoRoute>::new()}/>
                    <Route path=path!("dialoog/:id/overzicht") view={Lazy::<OverviewRoute>::new()}/>
                    <Route path=path!("dialoog/:id/client") view={Lazy::<ClientModeRoute>::new()}/>
                    <Route path=path!("dialoog/:id/voor-de-client") view={Lazy::<KeepsakeRoute>::new()}/>
                    <Route path=path!("team") view={Lazy::<TeamRoute>::new()}/>
                    <Route path=path!("team/dialoog/:id") view={Lazy::<TeamDialogueRoute>::new()}/>
                    <Route path=path!("team/client/:code") view={Lazy::<ClientTrendRoute>::new()}/>
                    <Route path=path!("team/leren") view={Lazy::<TeamLearningRoute>::new()}/>
                    <Route path=path!("team/agenda") view={Lazy::<AgendaRoute>::new()}/>
                    <Route path=path!("account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=path!("beheer") view={Lazy::<AdminRoute>::new()}/>
                    <Route path=path!("samen") view={Lazy::<LearningRoute>::new()}/>
                    <Route path=path!("samen/verhaal/:id") view={Lazy::<StoryRoute>::new()}/>
                    <Route path=path!("verhaal/:id") view={Lazy::<StoryEditorRoute>::new()}/>
                    <Route path=path!("acties") view={Lazy::<ActionsRoute>::new()}/>
                    <Route path=path!("bijeenkomsten") view={Lazy::<MeetingsRoute>::new()}/>
                    <Route path=path!("bijeenkomst/:id") view={Lazy::<MeetingRoute>::new()}/>
                    <Route path=path!("rondes") view={Lazy::<RoundsRoute>::new()}/>
                    <Route path=path!("ronde/:id") view={Lazy::<RoundRoute>::new()}/>
                    <Route path=path!("ronde/:id/overleg") view={Lazy::<RoundMeetingRoute>::new()}/>
                    <Route path=path!("advies") view={Lazy::<AdviceRoute>::new()}/>
                    <Route path=path!("advies/:id") view={Lazy::<AdviceThreadRoute>::new()}/>
                    <Route path=path!("leerpunten") view={Lazy::<LessonsRoute>::new()}/>
                </Routes>
            </main>
            </VaultGate>
        </Router>
    }
}

/// The `<head>` every page shares, as HTML; `entry` is how the app starts: `replace` for
/// server-rendered pages, `mount` for the offline shell (see `public/boot.js`). No inline script
/// or style anywhere: the Content-Security-Policy allows only the site's own files. The app's
/// module is preloaded, so it downloads next to `boot.js` instead of after it (on slow 4G each
/// request in a chain costs a round trip of its own); `boot.js` starts fetching the wasm before
/// it imports the module. (Preloading the wasm here too made Lighthouse count its download
/// into the largest paint, 1.4 → 2.4 s, though the page paints without it.)
fn head_html(build_id: &str, entry: &str) -> String {
    format!(
        r#"<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/><meta name="theme-color" content="{THEME_COLOR}"/><title>Werkzaam</title><link rel="manifest" href="/manifest.webmanifest"/><link rel="icon" href="/icons/icon-192.png"/><link rel="apple-touch-icon" href="/icons/icon-192.png"/><link rel="stylesheet" href="/style/werkzaam.css?v={build_id}"/><link rel="modulepreload" href="/pkg/werkzaam.js"/><script type="module" src="/boot.js?v={build_id}&amp;entry={entry}"></script>"#
    )
}

/// The server-rendered page around [`App`].
pub fn shell(build_id: String) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="nl">
            <head inner_html=head_html(&build_id, "replace")></head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page the service worker answers navigations with when there is no connection: the same
/// head, an empty body, and the app mounted client-side (so it fits every route).
pub fn offline_shell_html(build_id: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"nl\"><head>{}</head><body>{}</body></html>",
        head_html(build_id, "mount"),
        vault::before_app::SHELL_SCREEN
    )
}

/// Browser entry for server-rendered pages: the app renders itself in place of the server's
/// page (the same screen, so nothing moves) instead of hydrating it. Hydration code for every
/// view was 10 % of the first screen's wasm, and only a first visit ever used it: every later
/// start is the service worker's shell ([`mount`]). The server's forms wait for
/// `AppCtx::ready`, but for the login screen, which works before the app runs: what was typed
/// there, the focus and a tap on *Inloggen* are carried over ([`account::login::carry_over`]),
/// so replacing it loses nothing.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn replace() {
    account::login::carry_over();
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_text_content(None);
    }
    mount();
}

/// Browser entry for the offline shell.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// A page of the app that is not part of the first screen: its code is cut out of the main wasm
/// (`.ci/build-site` runs wasm-split) and loaded when the page is opened — from the service
/// worker's cache, which takes every part right after the first screen (compiling them all at
/// every start would block a cheap phone for seconds). A part that cannot be loaded (offline
/// before it was ever fetched) shows [`PartMissing`] instead of stopping the app.
macro_rules! lazy_pages {
    ($($part:ident: $route:ident, $split:ident, $page:ident;)*) => { $(
        #[derive(Debug)]
        struct $route;

        #[leptos::wasm_split::wasm_split(
            $part,
            wasm_split_path = ::leptos::wasm_split,
            fallible
        )]
        fn $split() -> Result<AnyView, PartNotLoaded> {
            Ok(view! { <$page/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $split().await.unwrap_or_else(|_| view! { <PartMissing/> }.into_any())
            }
        }
    )* };
}

lazy_pages! {
    dialogues: ClientRoute, client_page, ClientPage;
    dialogues: EditorRoute, dialogue_editor, DialogueEditorPage;
    dialogues: OverviewRoute, dialogue_overview, DialogueOverviewPage;
    dialogues: ClientModeRoute, client_mode, ClientModePage;
    dialogues: KeepsakeRoute, keepsake, KeepsakePage;
    paper: SheetPhotoRoute, sheet_photo, SheetPhotoPage;
    review: TeamRoute, team_overview, TeamPage;
    review: TeamDialogueRoute, team_dialogue, TeamDialoguePage;
    review: ClientTrendRoute, client_trend, ClientTrendPage;
    review: TeamLearningRoute, team_learning, TeamLearningPage;
    review: AgendaRoute, team_agenda, AgendaPage;
    account: AccountRoute, account, AccountPage;
    admin: AdminRoute, admin, AdminPage;
    waarderen: LearningRoute, samen_leren, LearningPage;
    waarderen: StoryRoute, story, StoryPage;
    waarderen: StoryEditorRoute, story_editor, StoryEditorPage;
    waarderen: ActionsRoute, actions_board, ActionsPage;
    waarderen: MeetingsRoute, meetings, MeetingsPage;
    waarderen: MeetingRoute, meeting, MeetingPage;
    waarderen: RoundsRoute, rounds, RoundsPage;
    waarderen: RoundRoute, round, RoundPage;
    waarderen: RoundMeetingRoute, round_meeting, RoundMeetingPage;
    waarderen: AdviceRoute, advice, AdvicePage;
    waarderen: AdviceThreadRoute, advice_thread, AdviceThreadPage;
    waarderen: LessonsRoute, lessons, LessonsPage;
}

/// A part of the app could not be loaded.
#[derive(Debug)]
pub struct PartNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for PartNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartNotLoaded
    }
}

/// Shown instead of a page whose code is not on this device yet.
#[component]
fn PartMissing() -> impl IntoView {
    view! {
        <h1>"Dit deel is nog niet op dit apparaat"</h1>
        <p class="notice warn" role="alert" data-testid="part-missing">
            "Maak even verbinding met internet en open de pagina opnieuw. Daarna werkt dit deel "
            "ook zonder internet. Je gegevens blijven bewaard."
        </p>
        <p><a class="button primary" href="/">"Naar je dialogen"</a></p>
    }
}

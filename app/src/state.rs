//! The app's shared state: signals every page reads. Set by the device layer in the browser;
//! on the server they keep their first values, which is what the first render shows.

use leptos::prelude::*;
use werkzaam_domain::team::TeamData;
use werkzaam_domain::{Dialogue, Role};
use werkzaam_protocol::{account::Profile, team::TeamMember};

/// Who uses the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// Not known yet (the server's render and the first browser render).
    Unknown,
    LoggedOut,
    LoggedIn(Profile),
}

impl Who {
    pub fn profile(&self) -> Option<&Profile> {
        match self {
            Who::LoggedIn(p) => Some(p),
            _ => None,
        }
    }

    pub fn is_team_lead(&self) -> bool {
        self.profile().is_some_and(|p| p.role == Role::Teamleider)
    }

    /// The Dutch of the user's team (nl-NL before anyone is logged in).
    pub fn variant(&self) -> werkzaam_domain::variant::Variant {
        self.profile().map(|p| p.variant).unwrap_or_default()
    }

    /// An administrator: no dialogues, no device data, only *Beheer*.
    pub fn is_admin(&self) -> bool {
        self.profile().is_some_and(|p| p.role == Role::Beheerder)
    }
}

/// Why the last sync did not get through: a Dutch sentence, and whether logging in again helps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProblem {
    pub message: String,
    pub needs_login: bool,
}

/// A dialogue in the worker's list, with whether the server has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDialogue {
    pub record: Dialogue,
    pub delivered: bool,
    /// The server refused its latest change (set aside; see the sync bar).
    pub problem: bool,
}

/// The start screen's line about a dialoogronde: where it links, its name, how far it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundNotice {
    pub id: String,
    pub title: String,
    pub line: String,
}

/// A drawing or photo on the device, addressed by the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalBlob {
    pub hash: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A photo's pixels in grey (0 black … 255 white), row by row: what the QR reader reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreyPhoto {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
pub struct AppCtx {
    /// The app runs in the browser. Until then forms stay disabled, so
    /// nothing typed is lost and nothing is submitted before the app can handle it.
    pub ready: RwSignal<bool>,
    pub who: RwSignal<Who>,
    /// `None` until the browser says.
    pub online: RwSignal<Option<bool>>,
    /// Undelivered changes; `None` until counted.
    pub pending: RwSignal<Option<usize>>,
    /// Why the last sync did not get through.
    pub problem: RwSignal<Option<SyncProblem>>,
    pub syncing: RwSignal<bool>,
    /// The worker's dialogues on this device, newest first; `None` until read.
    pub dialogues: RwSignal<Option<Vec<ListedDialogue>>>,
    /// A problem with the device's storage (it cannot be opened, or it is full).
    pub storage_problem: RwSignal<Option<String>>,
    /// Drawings and photos the server does not have yet; `None` until counted.
    pub uploads: RwSignal<Option<usize>>,
    /// When this device last synced everything, as the words the sync bar shows.
    pub last_synced: RwSignal<Option<String>>,
    /// A warning when changes have waited unsent for days.
    pub unsent_warning: RwSignal<Option<String>>,
    /// How much room the app uses on the device, and whether the browser keeps it.
    pub storage_info: RwSignal<Option<String>>,
    /// The server's reasons for changes it refused, which wait set aside on the device.
    pub set_aside: RwSignal<Vec<String>>,
    /// The team's stories, actions, groepsdroom, sessions, synonyms and rounds on this device;
    /// `None` until read.
    pub team: RwSignal<Option<TeamData>>,
    /// The dialoogronde the start screen shows (made in the part `device` from the team's
    /// records, so the first screen carries no round logic).
    pub round: RwSignal<Option<RoundNotice>>,
    /// The colleagues of the user's team (kept on the device for offline use).
    pub colleagues: RwSignal<Vec<TeamMember>>,
    /// A message for the next page (what logging out did with the device's data).
    pub notice: RwSignal<Option<String>>,
    /// The device vault: whether the pages may show, or which PIN screen instead.
    pub vault: RwSignal<crate::vault::rules::VaultState>,
    /// How long the last unlock with the PIN took (milliseconds), for the figures.
    pub unlock_ms: RwSignal<Option<f64>>,
    /// The next online login is to choose a new PIN (the PIN was forgotten).
    pub new_pin_after_login: RwSignal<bool>,
    /// A newer build of the app is installed and waits for "Nu vernieuwen".
    pub update_ready: RwSignal<bool>,
}

impl AppCtx {
    pub fn new() -> Self {
        AppCtx {
            ready: RwSignal::new(false),
            who: RwSignal::new(Who::Unknown),
            online: RwSignal::new(None),
            pending: RwSignal::new(None),
            problem: RwSignal::new(None),
            syncing: RwSignal::new(false),
            dialogues: RwSignal::new(None),
            storage_problem: RwSignal::new(None),
            uploads: RwSignal::new(None),
            last_synced: RwSignal::new(None),
            unsent_warning: RwSignal::new(None),
            storage_info: RwSignal::new(None),
            set_aside: RwSignal::new(Vec::new()),
            team: RwSignal::new(None),
            round: RwSignal::new(None),
            colleagues: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            vault: RwSignal::new(crate::vault::rules::VaultState::Unknown),
            unlock_ms: RwSignal::new(None),
            new_pin_after_login: RwSignal::new(false),
            update_ready: RwSignal::new(false),
        }
    }
}

impl Default for AppCtx {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

impl AppCtx {
    /// Whether the app may ask the server for client data now (tracked): in the browser, logged
    /// in, and — for anyone but an administrator, who has no vault — with the vault open, since
    /// the request key comes out of it (issue 15). A page that loads from the server waits for
    /// this, so a reload asks for the PIN before anything is fetched.
    pub fn can_reach_server(&self) -> bool {
        self.ready.get()
            && match self.who.get() {
                Who::LoggedIn(p) if p.role == werkzaam_domain::Role::Beheerder => true,
                Who::LoggedIn(_) => self.vault.get() == crate::vault::rules::VaultState::Open,
                _ => false,
            }
    }

    /// A colleague's name by user id ("een collega" when not known here); tracked, so a view
    /// shows the name once the colleagues are read.
    pub fn name_of(&self, user_id: &str) -> String {
        self.colleagues
            .with(|c| crate::waarderen::logic::name_of(c, user_id))
    }
}

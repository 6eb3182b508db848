//! Autosave for one dialogue being edited: every change is written to the device shortly after
//! it is made (at once for keywords, drawings and photos), one save at a time, newest last.
//! Nothing needs a save button; [`Autosave::state`] says whether it is safe.

use leptos::prelude::*;
use std::time::Duration;
use werkzaam_domain::Dialogue;

use crate::actions;
use crate::state::{AppCtx, LocalBlob};
use crate::ui::words::SaveState;

/// How long typing may pause before it is written.
const TYPING_PAUSE: Duration = Duration::from_millis(500);

type Done = Box<dyn FnOnce(Result<(), String>)>;

#[derive(Default)]
struct Inner {
    /// Changed since the last save began; a flush without changes writes nothing.
    dirty: bool,
    in_flight: bool,
    again: bool,
    blobs: Vec<LocalBlob>,
    waiting: Vec<Done>,
    timer: Option<TimeoutHandle>,
}

#[derive(Clone, Copy)]
pub struct Autosave {
    /// Kept behind a handle: `AppCtx` is many signals, `Autosave` is passed around by value.
    ctx: StoredValue<AppCtx>,
    pub doc: RwSignal<Dialogue>,
    pub state: RwSignal<SaveState>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl Autosave {
    pub fn new(ctx: AppCtx, doc: Dialogue) -> Self {
        Autosave {
            ctx: StoredValue::new(ctx),
            doc: RwSignal::new(doc),
            state: RwSignal::new(SaveState::Saved),
            inner: StoredValue::new_local(Inner::default()),
        }
    }

    /// Changes the dialogue and writes it after a short pause (typing).
    pub fn edit(self, f: impl FnOnce(&mut Dialogue)) {
        self.doc.update(f);
        self.state.set(SaveState::Unsaved);
        self.inner.update_value(|inner| {
            inner.dirty = true;
            if let Some(timer) = inner.timer.take() {
                timer.clear();
            }
            inner.timer = set_timeout_with_handle(move || self.flush(), TYPING_PAUSE).ok();
        });
    }

    /// Changes the dialogue and writes it now.
    pub fn edit_now(self, f: impl FnOnce(&mut Dialogue)) {
        self.doc.update(f);
        self.inner.update_value(|inner| inner.dirty = true);
        self.flush();
    }

    /// Changes the dialogue, adding a drawing or photo, and writes both now in one
    /// transaction. `on_done` hears whether it worked.
    pub fn edit_with_blob(
        self,
        blob: LocalBlob,
        f: impl FnOnce(&mut Dialogue),
        on_done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        self.doc.update(f);
        self.inner.update_value(|inner| {
            inner.dirty = true;
            inner.blobs.retain(|b| b.hash != blob.hash);
            inner.blobs.push(blob);
            inner.waiting.push(Box::new(on_done));
        });
        self.flush();
    }

    /// Drops a blob that is not part of the dialogue any more (a failed photo).
    pub fn forget_blob(self, hash: &str) {
        self.inner
            .try_update_value(|inner| inner.blobs.retain(|b| b.hash != hash));
    }

    /// Takes a newer copy of the dialogue that a pull stored on the device (the server's merge,
    /// perhaps with a conflict), unless something changed here is not written yet; that goes to
    /// the server first and is merged there.
    pub fn take_newer(self, stored: &Dialogue) -> bool {
        let busy = self
            .inner
            .try_with_value(|inner| inner.dirty || inner.in_flight || inner.timer.is_some())
            .unwrap_or(true);
        let newer = self
            .doc
            .try_with_untracked(|d| stored.id == d.id && stored.version > d.version)
            .unwrap_or(false);
        if busy || !newer {
            return false;
        }
        self.doc.set(stored.clone());
        true
    }

    /// Writes what is not written yet.
    pub fn flush(self) {
        let Some(ctx) = self.ctx.try_get_value() else {
            return;
        };
        let Some(start) = self.inner.try_update_value(|inner| {
            if let Some(timer) = inner.timer.take() {
                timer.clear();
            }
            if inner.in_flight {
                inner.again |= inner.dirty;
                return None;
            }
            if !inner.dirty {
                return None;
            }
            inner.dirty = false;
            inner.in_flight = true;
            Some((
                std::mem::take(&mut inner.blobs),
                std::mem::take(&mut inner.waiting),
            ))
        }) else {
            return;
        };
        let Some((blobs, waiting)) = start else {
            return;
        };
        let now = actions::now_ms();
        let Some(mut doc) = self.doc.try_get_untracked() else {
            return;
        };
        doc.updated_at_ms = now.max(doc.updated_at_ms);
        // What is typed keeps its spaces on screen; what is stored does not.
        doc.nickname = doc.nickname.trim().to_owned();
        self.doc
            .try_update_untracked(|d| d.updated_at_ms = doc.updated_at_ms);
        self.state.try_set(SaveState::Saving);
        let retry = blobs.clone();
        actions::save_dialogue(ctx, doc, blobs, move |result| {
            let again = self
                .inner
                .try_update_value(|inner| {
                    inner.in_flight = false;
                    if result.is_err() {
                        // Not written: the next flush tries again.
                        inner.dirty = true;
                        // Keep the blobs for the next try (unless the caller forgets them).
                        for blob in retry {
                            if !inner.blobs.iter().any(|b| b.hash == blob.hash) {
                                inner.blobs.push(blob);
                            }
                        }
                    }
                    std::mem::take(&mut inner.again)
                })
                .unwrap_or(false);
            match &result {
                Ok(()) if !again => {
                    self.state.try_set(SaveState::Saved);
                }
                Ok(()) => {}
                Err(message) => {
                    self.state.try_set(SaveState::Failed(message.clone()));
                }
            }
            for done in waiting {
                done(result.clone());
            }
            if again {
                self.flush();
            }
        });
    }
}

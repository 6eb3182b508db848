//! What of a dialogue may be shown to whom (geheimhoudingsplicht). Pure functions: the server
//! runs them on every answer about a dialogue, the app uses them to say what is shared.
//!
//! The rule: **the author sees everything; anyone else sees nothing** unless the client said
//! *ja* and then only the parts the consent names. Someone else's nickname for the client is
//! never shown.

use crate::dialogue::{
    ConsentDecision, Dialogue, Mirror, Part, Participant, Perspective, Reflection, Scales,
    Strengths,
};

/// Which parts the consent covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Covered {
    pub answers: bool,
    pub media: bool,
    pub reflection: bool,
}

impl Covered {
    pub fn anything(self) -> bool {
        self.answers || self.media || self.reflection
    }
}

/// What the consent of `dialogue` lets the team see.
pub fn covered(dialogue: &Dialogue) -> Covered {
    let c = &dialogue.consent;
    // A deleted dialogue is shown to no one, nor one that is deleted on one device and changed on
    // another until someone decides (sharing is never widened by a conflict).
    let maybe_deleted = dialogue.deleted || crate::merge::conflict(dialogue, "deleted").is_some();
    if c.decision != ConsentDecision::Yes || maybe_deleted {
        return Covered::default();
    }
    Covered {
        answers: c.answers,
        media: c.media,
        reflection: c.reflection,
    }
}

/// Whether the team may see anything of `dialogue` at all.
pub fn is_shared(dialogue: &Dialogue) -> bool {
    covered(dialogue).anything()
}

fn shared_part(part: &Part, covered: Covered) -> Part {
    Part {
        keywords: if covered.answers {
            part.keywords.clone()
        } else {
            Vec::new()
        },
        text: if covered.answers {
            part.text.clone()
        } else {
            String::new()
        },
        media: if covered.media {
            part.media.clone()
        } else {
            Vec::new()
        },
    }
}

fn shared_perspective(p: &Perspective, covered: Covered) -> Perspective {
    Perspective {
        good: shared_part(&p.good, covered),
        better: shared_part(&p.better, covered),
    }
}

/// The dialogue as someone other than its author may see it, or `None` when the consent covers
/// nothing. Parts the consent does not cover are empty; the consent itself is kept so the reader
/// knows what was shared.
pub fn shared_view(dialogue: &Dialogue) -> Option<Dialogue> {
    let covered = covered(dialogue);
    if !covered.anything() {
        return None;
    }
    Some(Dialogue {
        id: dialogue.id.clone(),
        client_code: dialogue.client_code.clone(),
        nickname: String::new(),
        held_on: dialogue.held_on.clone(),
        setting: dialogue.setting,
        status: dialogue.status,
        client: shared_perspective(&dialogue.client, covered),
        worker: shared_perspective(&dialogue.worker, covered),
        others: dialogue
            .others
            .iter()
            .map(|p| Participant {
                slot: p.slot,
                relation: p.relation,
                good: shared_part(&p.good, covered),
                better: shared_part(&p.better, covered),
            })
            .collect(),
        strengths: if covered.answers {
            dialogue.strengths.clone()
        } else {
            Strengths::default()
        },
        scales: if covered.answers {
            dialogue.scales.clone()
        } else {
            Scales::default()
        },
        reflection: if covered.reflection {
            dialogue.reflection.clone()
        } else {
            Reflection::default()
        },
        consent: dialogue.consent.clone(),
        path: dialogue.path,
        address: dialogue.address,
        // The sheet holds the answers in drawings and words: both must be covered.
        sheet: if covered.media && covered.answers {
            dialogue.sheet.clone()
        } else {
            Vec::new()
        },
        agreements: if covered.answers {
            dialogue.agreements.clone()
        } else {
            Vec::new()
        },
        checks: if covered.answers {
            dialogue.checks.clone()
        } else {
            Vec::new()
        },
        mirror: if covered.answers {
            dialogue.mirror.clone()
        } else {
            Mirror::default()
        },
        client_consent: dialogue.client_consent,
        updated_at_ms: dialogue.updated_at_ms,
        version: dialogue.version,
        deleted: false,
        // The other versions of a field may hold what the consent does not cover.
        conflicts: Vec::new(),
    })
}

/// Whether someone who is not the author may fetch the attachment `hash` of `dialogue`.
pub fn media_shared(dialogue: &Dialogue, hash: &str) -> bool {
    covered(dialogue).media && shared_view(dialogue).is_some_and(|view| view.refers_to(hash))
}

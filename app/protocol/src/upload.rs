//! Attachments travel in parts, so a photo cut off halfway goes on from where it stopped instead
//! of starting over (issue 4). The server keeps the parts it received; when the last one arrives
//! it joins them, checks the whole against its content hash and stores the attachment.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use werkzaam_domain::rules::validate::MAX_ATTACHMENT_BYTES;

/// The size of one part: small enough to get through a poor connection, large enough that a
/// photo takes a few requests.
pub const PART_BYTES: u64 = 256 * 1024;

/// How much of an attachment the server has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStatus {
    /// Bytes received from the start, without a gap.
    pub received: u64,
    /// The whole attachment is stored (checked against its hash).
    pub complete: bool,
}

/// The next part to send of an attachment of `total` bytes, of which the server has
/// `received`; `None` when everything was sent.
pub fn next_part(received: u64, total: u64) -> Option<Range<u64>> {
    (received < total).then(|| received..(received + PART_BYTES).min(total))
}

/// What the server does with a part starting at `offset`, `len` bytes long, of an attachment of
/// `total` bytes of which it has `received`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartDecision {
    /// The part follows on: store it.
    Append,
    /// Sent before (an answer that got lost): nothing to do.
    AlreadyHave,
    /// A part before it is missing: the sender goes on from `received`.
    Gap { received: u64 },
    /// Larger than an attachment may be.
    TooLarge,
    /// Not a part of this attachment; the Dutch reason.
    Invalid(String),
}

pub fn judge_part(received: u64, offset: u64, len: u64, total: u64) -> PartDecision {
    if total > MAX_ATTACHMENT_BYTES {
        return PartDecision::TooLarge;
    }
    if total == 0 || len == 0 {
        return PartDecision::Invalid("Een leeg deel van een bijlage kan niet.".into());
    }
    if len > PART_BYTES {
        return PartDecision::Invalid(format!(
            "Een deel van een bijlage is hoogstens {} kB.",
            PART_BYTES / 1024
        ));
    }
    if offset.checked_add(len).is_none_or(|end| end > total) {
        return PartDecision::Invalid("Dit deel valt buiten de bijlage.".into());
    }
    if offset < received {
        PartDecision::AlreadyHave
    } else if offset > received {
        PartDecision::Gap { received }
    } else {
        PartDecision::Append
    }
}

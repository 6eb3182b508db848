//! The werkalliantie-dialoog on paper (issue 18, decision 21). Seed 001 gives client and worker
//! *elk een groot wit blad* with *potloden, stiften, wasco's* and magazines for a collage: many
//! clients say more with a pencil than with a phone. Werkzaam prints that sheet for a dialogue
//! with a short code on it, and a photo of the filled sheet finds its dialogue again by that code:
//! read from the sheet's QR code on the device, or typed.
//!
//! - [`code`]: the code of a dialogue, typed codes, what the QR code holds;
//! - [`sheet`]: the sheet laid out once, drawn as PDF (A4 or A3) and as SVG;
//! - [`qr`]: the QR code made and read back from a photo's grey pixels.
//!
//! Pure: no I/O, no browser; the app hands in pixels and takes bytes.

pub mod code;
pub mod qr;
pub mod sheet;

pub use code::{CodeProblem, SheetCode, Side};
pub use sheet::Size;

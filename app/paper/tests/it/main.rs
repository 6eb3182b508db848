//! The paper sheet: codes, the printed sheet, and its QR code read back from a photo.

mod code;
mod qr;
mod sheet;

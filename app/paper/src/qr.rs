//! The sheet's QR code: made from the code (the `qrcode` crate) and read back from the grey
//! pixels of a photo (the `rqrr` crate), on the device, without a connection.

use qrcode::{Color, EcLevel, QrCode};

use crate::code::{SheetCode, Side};

/// A QR code's modules, row by row from the top left; `true` is dark. Without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Modules {
    /// The dark modules' (column, row), from the top left.
    pub fn dark_cells(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.dark
            .iter()
            .enumerate()
            .filter(|(_, dark)| **dark)
            .map(|(i, _)| ((i % self.width) as f64, (i / self.width) as f64))
    }
}

/// Modules of white around the code that a reader needs.
pub const QUIET: usize = 4;

/// The QR code of `code` on the sheet of `side` (error correction M: a fold or a pencil line
/// across it is still read).
pub fn encode(code: SheetCode, side: Side) -> Modules {
    let payload = code.payload(side);
    // A payload is 14 characters of the alphanumeric set: always fits in version 1.
    let qr = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::new(payload.as_bytes()))
        .expect("14 alphanumeric characters fit a QR code");
    Modules {
        width: qr.width(),
        dark: qr
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    }
}

/// The sheet's code and side in a photo of `width` × `height` grey pixels (0 black … 255
/// white, row by row), if a sheet's QR code can be read in it. Another QR code in the photo
/// (a leaflet on the table) is passed over.
pub fn read(width: usize, height: usize, grey: &[u8]) -> Option<(SheetCode, Side)> {
    if width == 0 || height == 0 || grey.len() < width * height {
        return None;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok())
        .find_map(|(_, text)| SheetCode::from_payload(&text))
}

/// Grey pixels from RGBA ones (a canvas's `getImageData`), weighted as the eye sees.
pub fn grey_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let luma = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
            (luma / 1000) as u8
        })
        .collect()
}

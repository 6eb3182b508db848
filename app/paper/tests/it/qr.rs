use werkzaam_paper::qr::{self, Modules, QUIET};
use werkzaam_paper::{SheetCode, Side};

/// A grey "photo" `w` × `h` of paper (light grey, with noise) with `codes` on it: each QR code at
/// its top left corner, `px` pixels a module, turned by `degrees` around its middle.
fn photo(w: usize, h: usize, codes: &[(&Modules, f64, f64, f64, f64)], noise: u8) -> Vec<u8> {
    let mut seed = 12345u32;
    let mut grey = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let jitter = ((seed >> 16) % (u32::from(noise) + 1)) as u8;
            let mut value = 225u8.saturating_sub(jitter);
            for (modules, left, top, px, degrees) in codes {
                let side = (modules.width + 2 * QUIET) as f64 * px;
                let (cx, cy) = (left + side / 2.0, top + side / 2.0);
                let (s, c) = (-degrees.to_radians()).sin_cos();
                // The point of the unturned code under this pixel.
                let (dx, dy) = (x as f64 - cx, y as f64 - cy);
                let (ux, uy) = (dx * c - dy * s + side / 2.0, dx * s + dy * c + side / 2.0);
                if ux < 0.0 || uy < 0.0 || ux >= side || uy >= side {
                    continue;
                }
                let (col, row) = ((ux / px) as usize, (uy / px) as usize);
                let dark = col >= QUIET
                    && row >= QUIET
                    && col < QUIET + modules.width
                    && row < QUIET + modules.width
                    && modules.dark[(row - QUIET) * modules.width + (col - QUIET)];
                value = if dark { 30 + jitter } else { 240 - jitter };
            }
            grey[y * w + x] = value;
        }
    }
    grey
}

#[test]
fn a_sheets_code_and_side_are_read_back_from_a_photo() {
    let code = SheetCode::of("0b5f2c1e-7d4a-4c1f-9a51-2d6c8e0f3b71");
    for side in Side::BOTH {
        let modules = qr::encode(code, side);
        assert_eq!(modules.width, 21, "version 1: large modules on paper");
        let grey = photo(400, 300, &[(&modules, 120.0, 60.0, 5.0, 0.0)], 20);
        assert_eq!(qr::read(400, 300, &grey), Some((code, side)));
    }
}

#[test]
fn a_turned_noisy_photo_with_another_qr_code_on_it_still_finds_the_sheet() {
    let code = SheetCode::of("d42");
    let sheet = qr::encode(code, Side::Client);
    // A leaflet's QR code lies beside the sheet: not a sheet's, so passed over.
    let leaflet = Modules {
        width: 21,
        dark: qrcode_of("https://ex.org"),
    };
    let grey = photo(
        640,
        420,
        &[
            (&leaflet, 20.0, 40.0, 5.0, 0.0),
            (&sheet, 330.0, 80.0, 6.0, 7.0),
        ],
        40,
    );
    assert_eq!(qr::read(640, 420, &grey), Some((code, Side::Client)));
}

#[test]
fn a_photo_without_a_sheets_code_reads_as_nothing() {
    let blank = photo(200, 150, &[], 30);
    assert_eq!(qr::read(200, 150, &blank), None);
    assert_eq!(qr::read(0, 0, &[]), None);
    assert_eq!(
        qr::read(200, 150, &blank[..100]),
        None,
        "too few pixels for the size"
    );
}

#[test]
fn grey_comes_from_rgba_as_the_eye_sees() {
    let rgba = [
        255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 128,
    ];
    assert_eq!(qr::grey_from_rgba(&rgba), vec![255, 0, 76, 149]);
}

/// Another program's QR code (a URL), of the same version as a sheet's.
fn qrcode_of(text: &str) -> Vec<bool> {
    let qr = qrcode::QrCode::with_version(text, qrcode::Version::Normal(1), qrcode::EcLevel::L)
        .expect("a short URL fits version 1");
    assert_eq!(qr.width(), 21);
    qr.to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect()
}

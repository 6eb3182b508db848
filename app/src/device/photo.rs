//! Photos of a paper drawing or collage: read from the camera or gallery, downscaled on the
//! device to at most [`crate::dialogues::logic::PHOTO_MAX_SIDE`] pixels, stored as JPEG. The original never
//! leaves the device.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use werkzaam_domain::hash::content_hash;
use werkzaam_domain::rules::validate::{attachment_too_large_message, MAX_ATTACHMENT_BYTES};

use crate::dialogues::logic::{fit_within, PHOTO_MAX_SIDE};
use crate::state::{GreyPhoto, LocalBlob};

const UNREADABLE: &str = "Deze foto kan niet gelezen worden. Kies een foto (JPEG, PNG of HEIC).";

/// The first file of an `<input type=file>` change event, as a downscaled JPEG.
pub async fn from_input(event: web_sys::Event) -> Result<Option<LocalBlob>, String> {
    Ok(chosen(event, false).await?.map(|(blob, _)| blob))
}

/// [`from_input`], with the downscaled photo's pixels in grey (to read a sheet's QR code).
pub async fn from_input_with_grey(
    event: web_sys::Event,
) -> Result<Option<(LocalBlob, GreyPhoto)>, String> {
    Ok(chosen(event, true)
        .await?
        .and_then(|(blob, grey)| grey.map(|grey| (blob, grey))))
}

/// The file chosen in the input of `event`, downscaled (with its grey pixels when `grey`);
/// `None` when none was chosen. The input is emptied, so the same file can be chosen again.
async fn chosen(
    event: web_sys::Event,
    grey: bool,
) -> Result<Option<(LocalBlob, Option<GreyPhoto>)>, String> {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Ok(None);
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let result = downscale(&file, grey).await;
    input.set_value("");
    result.map(Some)
}

/// The photo in `file` as a JPEG of at most [`PHOTO_MAX_SIDE`] pixels a side, and its pixels in
/// grey when `grey` is asked.
async fn downscale(
    file: &web_sys::File,
    grey: bool,
) -> Result<(LocalBlob, Option<GreyPhoto>), String> {
    let window = web_sys::window().ok_or(UNREADABLE)?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| UNREADABLE.to_string())?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| UNREADABLE.to_string())?
        .unchecked_into();
    let (w, h) = fit_within(bitmap.width(), bitmap.height(), PHOTO_MAX_SIDE);
    let document = window.document().ok_or(UNREADABLE)?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| UNREADABLE.to_string())?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(UNREADABLE)?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|_| UNREADABLE.to_string())?;
    bitmap.close();
    let grey = if grey {
        let data = context
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .map_err(|_| UNREADABLE.to_string())?;
        Some(GreyPhoto {
            width: w as usize,
            height: h as usize,
            pixels: werkzaam_paper::qr::grey_from_rgba(&data.data()),
        })
    } else {
        None
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(0.85),
        );
    });
    let blob = JsFuture::from(promise)
        .await
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok())
        .ok_or(UNREADABLE)?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| UNREADABLE.to_string())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(attachment_too_large_message());
    }
    let blob = LocalBlob {
        hash: content_hash(&bytes),
        content_type: "image/jpeg".into(),
        bytes,
    };
    Ok((blob, grey))
}

/// An object URL showing `bytes` (revoke it with [`revoke`] when the image goes).
pub fn object_url(bytes: &[u8], content_type: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Offers text as a file to download (an export), through a link clicked at once.
pub fn download(file_name: &str, content_type: &str, contents: &str) {
    download_bytes(file_name, content_type, contents.as_bytes());
}

/// Offers bytes as a file to download, through a link clicked at once.
pub fn download_bytes(file_name: &str, content_type: &str, bytes: &[u8]) {
    let Some(url) = object_url(bytes, content_type) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
    }
    // Give the browser a moment to start the download before the address goes.
    let revoke_later = Closure::once_into_js(move || revoke(&url));
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke_later.unchecked_ref(),
            10_000,
        );
    }
}

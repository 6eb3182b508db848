//! What only works online (the team lead's and the administrator's pages, exports, pictures):
//! each says so in Dutch when the device is offline, then asks [`super::net`].

use super::*;
use crate::urls::Method;

/// A file from the server (an export), offered as a download (online only).
pub async fn download_from_server(url: &str, fallback_name: &str) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online gedownload worden.".into());
    }
    let (bytes, content_type, name) = net::file(url).await.map_err(|e| e.message())?;
    photo::download_bytes(
        name.as_deref().unwrap_or(fallback_name),
        &content_type,
        &bytes,
    );
    Ok(())
}

/// A picture from the server (a trend chart) as an object URL for an `<img>` (online only).
pub async fn server_picture(url: &str) -> Result<String, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online geladen worden.".into());
    }
    let (bytes, content_type, _) = net::file(url).await.map_err(|e| e.message())?;
    photo::object_url(&bytes, &content_type)
        .ok_or_else(|| "De afbeelding kon niet getoond worden.".into())
}

/// JSON from the server for the team lead's pages (online only).
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online geladen worden.".into());
    }
    net::get_json(url).await.map_err(|e| e.message())
}

/// `method` `url` with a JSON body; only whether it worked (online only).
pub async fn send(method: Method, url: &str, body: &str) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online.".into());
    }
    net::send(method, url, body).await.map_err(|e| e.message())
}

/// `body` as JSON with `method`, and the JSON answer (online only).
pub async fn json_request<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<T, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online opgeslagen worden.".into());
    }
    net::json_request(method, url, body)
        .await
        .map_err(|e| e.message())
}

pub async fn team_dialogue(id: String) -> Result<TeamDialogue, String> {
    if !navigator_online() {
        return Err(
            "Je bent offline. Gedeelde dialogen kunnen alleen online geladen worden.".into(),
        );
    }
    net::team_dialogue(&id).await.map_err(|e| e.message())
}

pub async fn team_attachment(hash: String, dialogue_id: String) -> Result<Vec<u8>, String> {
    net::attachment(&hash, &dialogue_id)
        .await
        .map_err(|e| e.message())
}

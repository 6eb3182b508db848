//! Just enough HTTP/1.1 client for JSON over one keep-alive loopback connection: for tests that
//! talk to real server processes (`instances.rs`) and for the load script (`examples/load.rs`,
//! which includes this file).

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Connection {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    /// The session cookie (`name=value`) sent with every request once logged in.
    pub cookie: String,
    /// The request key the login handed out, sent as `X-Werkzaam-Sleutel` (as the app does).
    pub key: String,
}

impl Connection {
    pub async fn open(addr: std::net::SocketAddr) -> Connection {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (r, w) = stream.into_split();
        Connection {
            reader: BufReader::new(r),
            writer: w,
            cookie: String::new(),
            key: String::new(),
        }
    }

    /// POSTs `body` (JSON) to `path`; returns the status, the body and a `Set-Cookie` if any.
    pub async fn post(&mut self, path: &str, body: &str) -> (u16, String, Option<String>) {
        let (status, body, cookie, _) = self.send("POST", path, body).await;
        (status, body, cookie)
    }

    /// GETs `path`; returns the status and the body.
    pub async fn get(&mut self, path: &str) -> (u16, String) {
        let (status, body, _, _) = self.send("GET", path, "").await;
        (status, body)
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
    ) -> (u16, String, Option<String>, Option<String>) {
        let key = if self.key.is_empty() {
            String::new()
        } else {
            format!("X-Werkzaam-Sleutel: {}\r\n", self.key)
        };
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nCookie: {}\r\n{key}\r\n{body}",
            body.len(),
            self.cookie
        );
        self.writer.write_all(request.as_bytes()).await.unwrap();
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line).await.unwrap();
        let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0usize;
        let mut cookie = None;
        let mut key = None;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap(),
                "set-cookie" => cookie = Some(value.trim().split(';').next().unwrap().to_owned()),
                "x-werkzaam-sleutel" => key = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).await.unwrap();
        (status, String::from_utf8(body).unwrap(), cookie, key)
    }

    /// Logs in; the session cookie goes with every later request. Returns the status.
    pub async fn login(&mut self, email: &str, password: &str) -> u16 {
        let body = serde_json::json!({ "email": email, "password": password }).to_string();
        let (status, _, cookie, key) = self.send("POST", "/api/inloggen", &body).await;
        if let (Some(cookie), Some(key), 200) = (cookie, key, status) {
            self.cookie = cookie;
            self.key = key;
        }
        status
    }
}

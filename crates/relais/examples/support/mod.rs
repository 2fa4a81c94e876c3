//! What the benchmarks in this directory share: starting a process that
//! logs its address, WebSocket connections, percentiles.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub mod deployment;

use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub fn text(value: Value) -> Message {
    Message::Text(value.to_string().into())
}

pub fn spawn(command: &mut Command) -> (Child, String) {
    let mut child = command.env("RUST_LOG", "info").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split("addr=").nth(1).map(|rest| rest.split_whitespace().next().unwrap().to_owned()))
        .expect("the server logged its address");
    std::thread::spawn(move || lines.for_each(drop));
    (child, format!("http://{addr}"))
}

pub async fn connect(url: &str, headers: &[(&'static str, String)]) -> Socket {
    let mut request = url.replace("http://", "ws://").into_client_request().unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(*name, value.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    values[((values.len() - 1) as f64 * p / 100.0).round() as usize]
}

/// The shipped directory with the home line open around the clock, so that a
/// run at any hour measures the same thing; returns its path.
pub fn open_around_the_clock(dir: &std::path::Path) -> std::path::PathBuf {
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/helplines.toml")).unwrap();
    let directory = dir.join("helplines.toml");
    std::fs::write(&directory, shipped.replace("hours = \"mon-sun 09:00-23:00\"", "hours = \"24/7\"")).unwrap();
    directory
}

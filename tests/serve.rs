//! `congkhai serve` as the editorial board uses it: pages served over HTTP, saved
//! edits rebuilt and announced to open pages, broken edits shown without taking the
//! site down, nothing outside the built site reachable.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

/// A running `serve` on an ephemeral port, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congkhai"))
            .args(["--root"])
            .arg(site.root())
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("first line");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// Opens the live-reload event stream; events arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET /__congkhai/su-kien HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(stream);
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if line.starts_with("event:") && tx.send(line).is_err() {
                    return;
                }
            }
        });
        // Let the server register the client before anything changes.
        std::thread::sleep(Duration::from_millis(200));
        rx
    }

    /// Polls `path` until `predicate` holds on its body (files events take a moment).
    fn wait_for(&self, path: &str, predicate: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, _, body) = self.get(path);
            if predicate(&body) {
                return body;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "timed out waiting on {path}; last body:\n{body}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn expect_reload(events: &mpsc::Receiver<String>) {
    let event = events.recv_timeout(Duration::from_secs(20)).expect("a reload event");
    assert_eq!(event, "event: reload");
}

#[test]
fn serves_pages_with_utf8_types_live_reload_and_a_404() {
    let site = Site::valid();
    let server = Server::start(&site);
    let (status, head, body) = server.get("/ke-hoach/ke-hoach-2026/");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/html; charset=utf-8"));
    assert!(body.contains("12/KH-UBND"));
    assert!(body.contains("/__congkhai/su-kien"), "live reload injected in serve mode");
    let (status, head, _) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css; charset=utf-8"));
    let (status, _, body) = server.get("/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(body.contains("Không tìm thấy trang"));
    // Links point at the preview server, not at the configured production URL.
    let (_, _, home) = server.get("/");
    assert!(home.contains("href=/ke-hoach/") || home.contains("href=\"/ke-hoach/\""), "{home}");
}

#[test]
fn path_traversal_attempts_get_404() {
    let site = Site::valid();
    site.write("bi-mat.txt", "không được lộ");
    let server = Server::start(&site);
    for path in [
        "/../bi-mat.txt",
        "/%2e%2e/bi-mat.txt",
        "/ke-hoach/%2E%2E/%2E%2E/config.toml",
        "/..%2fconfig.toml",
        "/config.toml",
        "/content/gioi-thieu.md",
        "/%5c..%5cconfig.toml",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("không được lộ") && !body.contains("editorial_board"), "{path}");
    }
}

#[test]
fn editing_a_plan_reloads_pages_with_the_new_text() {
    let site = Site::valid();
    let server = Server::start(&site);
    let events = server.events();
    let file = "content/ke-hoach/bao-cao-2025.md";
    let text = site.read(file).replace("Đạt phần lớn chỉ tiêu.", "Đạt toàn bộ chỉ tiêu đề ra.");
    site.write(file, &text);
    expect_reload(&events);
    server.wait_for("/ke-hoach/bao-cao-2025/", |b| b.contains("Đạt toàn bộ chỉ tiêu đề ra."));
    // The section list is unaffected by a body edit but still served.
    let (status, _, _) = server.get("/ke-hoach/");
    assert_eq!(status, 200);
}

#[test]
fn the_search_index_catches_up_after_the_page_reloads() {
    let site = Site::valid();
    let server = Server::start(&site);
    let events = server.events();
    let file = "content/ke-hoach/bao-cao-2025.md";
    let text = site.read(file).replace("Đạt phần lớn chỉ tiêu.", "Đạt phần lớn chỉ tiêu. Từ khóa quokkaxanh.");
    site.write(file, &text);
    expect_reload(&events);
    let (_, _, manifest) = server.get("/tim-kiem/chi-muc.json");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest is JSON");
    let shards = manifest["term_shards"].as_u64().expect("term_shards") as usize;
    let shard = congkhai::search::term_shard("quokkaxanh", shards);
    server.wait_for(&format!("/tim-kiem/tu-{shard}.json"), |b| b.contains("\"quokkaxanh\""));
}

#[test]
fn editing_a_template_rerenders_without_touching_content() {
    let site = Site::valid();
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Mẫu mới {{ page.title }}</h1>{% endblock content %}",
    );
    expect_reload(&events);
    server.wait_for("/gioi-thieu/", |b| b.contains("Mẫu mới Giới thiệu"));
}

#[test]
fn editing_the_config_rebuilds_everything() {
    let site = Site::valid();
    let server = Server::start(&site);
    let events = server.events();
    let config = site.read("config.toml").replace("0255 111 222", "0255 999 888");
    site.write("config.toml", &config);
    expect_reload(&events);
    server.wait_for("/ke-hoach/ke-hoach-2026/", |b| b.contains("0255 999 888"));
}

#[test]
fn a_broken_edit_shows_the_error_over_the_last_good_site_until_fixed() {
    let site = Site::valid();
    let server = Server::start(&site);
    let events = server.events();
    let file = "content/ke-hoach/bao-cao-2025.md";
    let good = site.read(file);
    site.write(file, &good.replace("summary = ", "summry = "));
    expect_reload(&events);
    let body = server.wait_for("/ke-hoach/bao-cao-2025/", |b| b.contains("congkhai-loi"));
    assert!(body.contains("content/ke-hoach/bao-cao-2025.md:9:1"), "error located");
    assert!(body.contains("summary"), "hint shown");
    assert!(body.contains("Đạt phần lớn chỉ tiêu."), "old content still served");
    site.write(file, &good.replace("Đạt phần lớn", "Đã sửa: đạt phần lớn"));
    expect_reload(&events);
    let body = server.wait_for("/ke-hoach/bao-cao-2025/", |b| b.contains("Đã sửa: đạt phần lớn"));
    assert!(!body.contains("congkhai-loi"), "error box cleared");
}

#[test]
fn build_output_never_contains_live_reload() {
    let site = Site::valid();
    site.build();
    for (path, bytes) in common::snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__congkhai"), "{path} has serve-only code");
    }
}

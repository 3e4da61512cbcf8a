//! `congkhai serve`: the editorial board's live preview. Builds the site in memory,
//! serves it over HTTP (loopback unless asked otherwise), watches the site's files,
//! rebuilds on each save and tells every open page to reload (Server-Sent Events).
//!
//! A broken edit keeps the last good site online and shows the errors, located and
//! with hints, in the terminal and on top of every page (injected server-side, so it
//! shows even without JavaScript); fixing it clears them. Live reload and the error
//! box exist only here, never in `build` output.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::Diagnostic;
use crate::incremental::{Change, Workspace};
use crate::markdown::escape_text;
use crate::render::Source;
use crate::site::BuildOptions;

/// What `serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: String,
    pub port: u16,
    pub open: bool,
}

/// Where the live-reload script listens.
const EVENTS_PATH: &str = "/__congkhai/su-kien";

/// A file the server can answer with.
#[derive(Clone)]
enum Served {
    Bytes(Arc<Vec<u8>>),
    File(PathBuf),
}

/// What is being served right now.
struct State {
    generation: u64,
    files: BTreeMap<String, Served>,
    /// Problems of the latest rebuild; the previous good site stays online meanwhile.
    errors: Vec<Diagnostic>,
}

type Clients = Arc<Mutex<Vec<Sender<u64>>>>;

/// Runs the preview server until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let listener = TcpListener::bind((options.interface.as_str(), options.port))
        .map_err(|e| format!("không mở được cổng {}:{}: {e}", options.interface, options.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    let base_url = format!("http://{host}:{}/", address.port());

    let mut build_options = options.build.clone();
    build_options.base_url = Some(base_url.clone());
    // File events carry absolute paths: compare them with an absolute root.
    if let Ok(root) = build_options.root.canonicalize() {
        build_options.root = root;
    }
    let started = Instant::now();
    let mut workspace = Workspace::new(build_options.clone());
    let state = Arc::new(RwLock::new(State { generation: 0, files: BTreeMap::new(), errors: Vec::new() }));
    let outcome = workspace.full_rebuild();
    report_rebuild(&state, &workspace, outcome, started);

    let clients: Clients = Arc::new(Mutex::new(Vec::new()));
    {
        let state = Arc::clone(&state);
        let clients = Arc::clone(&clients);
        std::thread::spawn(move || accept_loop(listener, state, clients));
    }
    println!("Đang phục vụ tại {base_url} (Ctrl+C để dừng)");
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&base_url);
    }

    let (events_tx, events_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = events_tx.send(event);
        }
    })
    .map_err(|e| format!("không theo dõi được thư mục: {e}"))?;
    let root = build_options.root.clone();
    let mut watched = HashSet::new();
    watch_site(&mut watcher, &root, &workspace.watched_dirs(), &mut watched);

    loop {
        let changes = next_changes(&events_rx, &root, &workspace);
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        let outcome = workspace.apply(&changes);
        report_rebuild(&state, &workspace, outcome, started);
        if watch_site(&mut watcher, &root, &workspace.watched_dirs(), &mut watched) {
            let started = Instant::now();
            let outcome = workspace.full_rebuild();
            report_rebuild(&state, &workspace, outcome, started);
        }
        let generation = state.read().map(|s| s.generation).unwrap_or(0);
        if let Ok(mut clients) = clients.lock() {
            clients.retain(|client| client.send(generation).is_ok());
        }
        // The browser has reloaded the edited page; now bring the search index up to date.
        if workspace.has_deferred() {
            let started = Instant::now();
            match workspace.finish_deferred() {
                Ok(count) => {
                    if let Ok(mut state) = state.write() {
                        state.files = served_files(&workspace);
                    }
                    eprintln!("Đã cập nhật chỉ mục tìm kiếm ({count} tệp) trong {} ms.", started.elapsed().as_millis());
                }
                Err(errors) => {
                    for d in &errors {
                        eprintln!("{d}");
                    }
                }
            }
        }
    }
}

/// Watches the site's config and source folders (not `public/`, `target/` or `.git`).
/// Returns whether a folder that appeared since the last call is now watched (files
/// written into it before the watch began must then be read by another rebuild).
fn watch_site(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    dirs: &[PathBuf],
    watched: &mut HashSet<PathBuf>,
) -> bool {
    if watched.insert(root.to_path_buf()) {
        let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    }
    let mut added = false;
    for dir in dirs {
        if dir.is_dir() && watched.insert(dir.clone()) {
            added |= watcher.watch(dir, RecursiveMode::Recursive).is_ok();
        }
    }
    added
}

/// Waits for file events and gathers them until the file system has been quiet for a
/// moment, so that an editor's save-as-temp-then-rename is one change.
fn next_changes(events: &Receiver<notify::Event>, root: &Path, workspace: &Workspace) -> Vec<Change> {
    const QUIET: Duration = Duration::from_millis(30);
    const MAX_WAIT: Duration = Duration::from_millis(400);
    let mut paths = Vec::new();
    let Ok(first) = events.recv() else {
        std::thread::sleep(Duration::from_secs(1));
        return Vec::new();
    };
    collect_paths(&first, &mut paths);
    let started = Instant::now();
    while started.elapsed() < MAX_WAIT {
        match events.recv_timeout(QUIET) {
            Ok(event) => collect_paths(&event, &mut paths),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    paths.into_iter().filter_map(|p| workspace.classify(root, &p)).collect()
}

fn collect_paths(event: &notify::Event, paths: &mut Vec<PathBuf>) {
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    paths.extend(event.paths.iter().cloned());
}

/// Publishes a rebuild's outcome: new files on success, errors otherwise.
fn report_rebuild(
    state: &RwLock<State>,
    workspace: &Workspace,
    outcome: Result<crate::incremental::Stats, Vec<Diagnostic>>,
    started: Instant,
) {
    let Ok(mut state) = state.write() else { return };
    state.generation += 1;
    match outcome {
        Ok(stats) => {
            state.errors = stats.warnings.clone();
            state.errors.retain(Diagnostic::is_error);
            for d in &stats.warnings {
                eprintln!("{d}");
            }
            state.files = served_files(workspace);
            eprintln!(
                "Đã dựng lại {} trang trong {} ms ({}).",
                stats.rendered,
                started.elapsed().as_millis(),
                stats.what
            );
        }
        Err(errors) => {
            for d in &errors {
                eprintln!("{d}");
            }
            eprintln!("Có lỗi: vẫn đang phục vụ bản dựng tốt gần nhất. Sửa lỗi rồi lưu lại để dựng lại.");
            state.errors = errors;
        }
    }
}

fn served_files(workspace: &Workspace) -> BTreeMap<String, Served> {
    let mut files = BTreeMap::new();
    for (path, source) in workspace.copies() {
        let served = match source {
            Source::File(p) => Served::File(p),
            Source::Builtin(bytes) => Served::Bytes(Arc::new(bytes.to_vec())),
        };
        files.insert(path, served);
    }
    for (path, bytes) in workspace.outputs() {
        files.insert(path.clone(), Served::Bytes(Arc::clone(bytes)));
    }
    files
}

fn accept_loop(listener: TcpListener, state: Arc<RwLock<State>>, clients: Clients) {
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        let clients = Arc::clone(&clients);
        std::thread::spawn(move || {
            let _ = handle(stream, &state, &clients);
        });
    }
}

fn handle(mut stream: TcpStream, state: &RwLock<State>, clients: &Clients) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    // Skip the headers.
    loop {
        let mut line = String::new();
        let n = reader.by_ref().take(8192).read_line(&mut line)?;
        if n == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, 405, "text/plain; charset=utf-8", b"Method Not Allowed", method == "HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        return event_stream(stream, clients);
    }
    let head = method == "HEAD";
    let Some(relative) = safe_relative_path(path) else {
        return not_found(&mut stream, state, head);
    };
    let guard = state.read().map_err(|_| std::io::Error::other("state poisoned"))?;
    let lookup = |p: &str| guard.files.get(p).cloned();
    let (found, name) = if relative.is_empty() || relative.ends_with('/') {
        let index = format!("{relative}index.html");
        (lookup(&index), index)
    } else if let Some(file) = lookup(&relative) {
        (Some(file), relative.clone())
    } else if lookup(&format!("{relative}/index.html")).is_some() {
        drop(guard);
        let location = format!("/{relative}/");
        let header = format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(header.as_bytes());
    } else {
        (None, relative.clone())
    };
    let errors = guard.errors.clone();
    drop(guard);
    match found {
        Some(file) => {
            let bytes = match file {
                Served::Bytes(b) => b.as_ref().clone(),
                Served::File(p) => match std::fs::read(&p) {
                    Ok(b) => b,
                    Err(_) => return not_found(&mut stream, state, head),
                },
            };
            let content_type = content_type(&name);
            let body = if name.ends_with(".html") { inject(&bytes, &errors) } else { bytes };
            respond(&mut stream, 200, content_type, &body, head)
        }
        None => not_found(&mut stream, state, head),
    }
}

/// The request path as a path inside the site, or `None` if it tries to leave it
/// (`..`, encoded dots, backslashes, NUL). Files are only ever looked up in the map
/// of built files, never joined to a disk path.
fn safe_relative_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut relative = parts.join("/");
    if decoded.ends_with('/') && !relative.is_empty() {
        relative.push('/');
    }
    Some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(stream: &mut TcpStream, state: &RwLock<State>, head: bool) -> std::io::Result<()> {
    let (page, errors) = match state.read() {
        Ok(s) => (s.files.get("404.html").cloned(), s.errors.clone()),
        Err(_) => (None, Vec::new()),
    };
    let body = match page {
        Some(Served::Bytes(b)) => inject(&b, &errors),
        _ => b"404 - Khong tim thay trang".to_vec(),
    };
    respond(stream, 404, "text/html; charset=utf-8", &body, head)
}

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Content types with an explicit UTF-8 charset for text.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page, and the error box while the latest
/// edit is broken.
fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut out = String::with_capacity(text.len() + 512);
    let body_open = text.find("<body").and_then(|i| text[i..].find('>').map(|j| i + j + 1));
    match (body_open, errors.is_empty()) {
        (Some(at), false) => {
            out.push_str(&text[..at]);
            out.push_str(&error_box(errors));
            out.push_str(&text[at..]);
        }
        _ => out.push_str(&text),
    }
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload()}});}})();</script>"
    );
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    out.into_bytes()
}

fn error_box(errors: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div id=\"congkhai-loi\" role=\"alert\" style=\"background:#fff3f3;color:#1b1b1b;border:4px solid #b3261e;padding:1rem;margin:0;font:16px/1.5 system-ui,sans-serif\"><p style=\"margin:0 0 .5rem;font-weight:700\">Bản sửa gần nhất có lỗi — đang hiển thị bản dựng tốt trước đó. Sửa lỗi rồi lưu lại:</p><ul style=\"margin:0;padding-left:1.25rem\">",
    );
    for d in errors.iter().take(50) {
        html.push_str("<li><code>");
        html.push_str(&escape_text(&format!("{}:{}:{}", d.path, d.line, d.col)));
        html.push_str("</code> ");
        html.push_str(&escape_text(&d.message));
        if let Some(hint) = &d.hint {
            html.push_str("<br><small>Gợi ý: ");
            html.push_str(&escape_text(hint));
            html.push_str("</small>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></div>");
    html
}

/// Keeps a Server-Sent Events connection open and sends `reload` after each rebuild.
fn event_stream(mut stream: TcpStream, clients: &Clients) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: congkhai\n\n",
    )?;
    stream.flush()?;
    let (tx, rx) = mpsc::channel();
    if let Ok(mut clients) = clients.lock() {
        clients.push(tx);
    }
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(generation) => {
                stream.write_all(format!("event: reload\ndata: {generation}\n\n").as_bytes())?;
                stream.flush()?;
            }
            Err(RecvTimeoutError::Timeout) => {
                stream.write_all(b": ping\n\n")?;
                stream.flush()?;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(command).arg(url).spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_never_leave_the_site() {
        assert_eq!(safe_relative_path("/ke-hoach/a/").as_deref(), Some("ke-hoach/a/"));
        assert_eq!(safe_relative_path("/").as_deref(), Some(""));
        assert_eq!(safe_relative_path("/../etc/passwd"), None);
        assert_eq!(safe_relative_path("/%2e%2e/config.toml"), None);
        assert_eq!(safe_relative_path("/a/..%2F..%2Fb"), None);
        assert_eq!(safe_relative_path("/a%5c..%5cb"), None);
        assert_eq!(safe_relative_path("/t%E1%BB%87p.pdf").as_deref(), Some("tệp.pdf"));
    }

    #[test]
    fn injection_adds_reload_and_errors_only_when_broken() {
        let page = b"<!doctype html><html lang=vi><body><p>x";
        let clean = String::from_utf8(inject(page, &[])).unwrap_or_default();
        assert!(clean.contains(EVENTS_PATH) && !clean.contains("congkhai-loi"));
        let errors = [Diagnostic::error("content/a.md", 3, 1, "khóa <lạ>").with_hint("dùng `title`")];
        let broken = String::from_utf8(inject(page, &errors)).unwrap_or_default();
        assert!(broken.contains("content/a.md:3:1") && broken.contains("khóa &lt;lạ&gt;"), "{broken}");
    }

    #[test]
    fn text_types_declare_utf8() {
        for name in ["a.html", "a.css", "a.json", "a.csv", "a.js", "a.xml"] {
            assert!(content_type(name).ends_with("charset=utf-8"), "{name}");
        }
    }
}

//! `congkhai citations [--format json|text] FILE...`: runs the citation engine on
//! plain-text or Markdown files and prints what it found, per file: the documents
//! with their mentions' positions, the unresolved mentions and the warnings.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::text::LineIndex;
use super::{CitingContext, Extraction, extract};
use crate::diagnostics::Diagnostic;

/// Output format of `congkhai citations`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CitationsFormat {
    /// One JSON object per file (an array when there are several files).
    #[default]
    Json,
    /// One line per document, for people at a terminal.
    Text,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    documents: Vec<DocumentReport>,
    unresolved: Vec<MentionReport>,
    warnings: Vec<WarningReport>,
}

#[derive(Serialize)]
struct DocumentReport {
    #[serde(rename = "type")]
    doc_type: String,
    number: String,
    date: Option<String>,
    issuer: Option<String>,
    title: Option<String>,
    scheme: super::Scheme,
    level: &'static str,
    mentions: usize,
    /// 1-based line and column of each mention.
    spans: Vec<[usize; 2]>,
}

#[derive(Serialize)]
struct MentionReport {
    text: String,
    line: usize,
    col: usize,
}

#[derive(Serialize)]
struct WarningReport {
    kind: super::WarningKind,
    line: usize,
    col: usize,
    message: String,
    hint: String,
}

/// Runs the command; returns the exit code: 0 on success, 2 when a file could not
/// be read (the others are still reported).
pub fn run_citations(files: &[PathBuf], format: CitationsFormat) -> i32 {
    let mut reports = Vec::new();
    let mut failed = false;
    for path in files {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let text = if is_markdown(path) { blank_front_matter(&text) } else { text.into_owned() };
                let extraction = extract(&text, &CitingContext::default());
                reports.push(report(&path.display().to_string(), &text, &extraction));
            }
            Err(error) => {
                eprintln!("congkhai citations: không đọc được tệp {}: {error}", path.display());
                failed = true;
            }
        }
    }
    let out = match format {
        CitationsFormat::Json => {
            let json = if reports.len() == 1 && files.len() == 1 {
                serde_json::to_string_pretty(&reports[0])
            } else {
                serde_json::to_string_pretty(&reports)
            };
            match json {
                Ok(json) => json + "\n",
                Err(error) => {
                    eprintln!("congkhai citations: {error}");
                    return 1;
                }
            }
        }
        CitationsFormat::Text => reports.iter().map(text_report).collect(),
    };
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if failed { 2 } else { 0 }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_lowercase().as_str(), "md" | "markdown"))
}

/// Replaces a `+++` (TOML) or `---` (YAML) front matter block with spaces, keeping
/// line breaks, so that the plan's own number is not taken for a citation and
/// positions stay right.
fn blank_front_matter(text: &str) -> String {
    let trimmed = text.trim_start_matches('\u{feff}');
    let offset = text.len() - trimmed.len();
    for fence in ["+++", "---"] {
        let Some(rest) = trimmed.strip_prefix(fence) else { continue };
        if !(rest.starts_with('\n') || rest.starts_with("\r\n")) {
            continue;
        }
        let body_start = offset + fence.len();
        let mut pos = body_start;
        for line in text[body_start..].split_inclusive('\n') {
            if pos > body_start && line.trim_end() == fence {
                let end = pos + line.len();
                let blanked: String =
                    text[..end].chars().map(|c| if c == '\n' || c == '\r' { c } else { ' ' }).collect();
                return blanked + &text[end..];
            }
            pos += line.len();
        }
    }
    text.to_string()
}

fn report(file: &str, text: &str, extraction: &Extraction) -> FileReport {
    let lines = LineIndex::new(text);
    let mut spans: Vec<Vec<[usize; 2]>> = vec![Vec::new(); extraction.documents.len()];
    let mut unresolved = Vec::new();
    for m in &extraction.mentions {
        let (line, col) = lines.line_col(m.span.start);
        match m.document.and_then(|d| spans.get_mut(d)) {
            Some(list) => list.push([line, col]),
            None => unresolved.push(MentionReport {
                text: super::text::collapse_space(text.get(m.span.clone()).unwrap_or("")),
                line,
                col,
            }),
        }
    }
    let documents = extraction
        .documents
        .iter()
        .zip(spans)
        .map(|(d, spans)| DocumentReport {
            doc_type: d.doc_type.clone(),
            number: d.number.canonical().to_string(),
            date: d.date.map(|d| d.iso()),
            issuer: d.issuer.clone(),
            title: d.subject.clone(),
            scheme: d.number.scheme(),
            level: d.level.label(),
            mentions: d.mentions,
            spans,
        })
        .collect();
    let warnings = extraction
        .warnings
        .iter()
        .map(|w| {
            let (line, col) = lines.line_col(w.span.start);
            WarningReport { kind: w.kind, line, col, message: w.message.clone(), hint: w.hint.clone() }
        })
        .collect();
    FileReport { file: file.to_string(), documents, unresolved, warnings }
}

fn text_report(report: &FileReport) -> String {
    let mut out = format!("{}: {} văn bản, {} cảnh báo\n", report.file, report.documents.len(), report.warnings.len());
    for d in &report.documents {
        let mut line = format!("  {} {}", d.doc_type, d.number);
        if let Some(date) = d.date.as_deref().and_then(crate::date::Date::parse) {
            line.push_str(&format!(" ngày {date}"));
        }
        if let Some(issuer) = &d.issuer {
            line.push_str(&format!(" của {issuer}"));
        }
        let places: Vec<String> = d.spans.iter().map(|[l, c]| format!("{l}:{c}")).collect();
        line.push_str(&format!(" — {} lần: {}\n", d.mentions, places.join(", ")));
        out.push_str(&line);
    }
    for m in &report.unresolved {
        out.push_str(&format!("  chưa xác định: “{}” tại {}:{}\n", m.text, m.line, m.col));
    }
    for w in &report.warnings {
        let d = Diagnostic::warning(&report.file, w.line, w.col, &w.message).with_hint(&w.hint);
        out.push_str(&format!("{d}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_file_exits_with_2() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("a.txt");
        std::fs::write(&good, "Theo Nghị quyết số 57-NQ/TW ngày 22/12/2024.").expect("write");
        assert_eq!(run_citations(std::slice::from_ref(&good), CitationsFormat::Json), 0);
        assert_eq!(run_citations(&[good.clone(), dir.path().join("missing.txt")], CitationsFormat::Text), 2);
    }

    #[test]
    fn a_report_gives_line_and_column_of_each_mention() {
        let text = "Mở đầu\nTheo Nghị quyết số 57-NQ/TW ngày 22/12/2024; Nghị quyết số 57.";
        let r = report("a.txt", text, &extract(text, &CitingContext::default()));
        assert_eq!(r.documents.len(), 1);
        assert_eq!(r.documents[0].spans, [[2, 6], [2, 46]]);
        assert_eq!(r.documents[0].date.as_deref(), Some("2024-12-22"));
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["documents"][0]["number"], "57-NQ/TW");
        assert_eq!(json["documents"][0]["mentions"], 2);
    }

    #[test]
    fn front_matter_is_blanked_keeping_lines() {
        let text = "+++\nnumber = \"121/KH-UBND\"\n+++\nTheo Nghị quyết số 57-NQ/TW.\n";
        let blanked = blank_front_matter(text);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
        assert!(!blanked.contains("121/KH-UBND"));
        assert!(blanked.contains("57-NQ/TW"));
        let extraction = extract(&blanked, &CitingContext::default());
        assert_eq!(extraction.documents.len(), 1);
    }
}

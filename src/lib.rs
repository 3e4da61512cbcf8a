//! congkhai turns a Vietnamese commune's plans (Markdown with TOML front matter), its
//! indicator file and its register of legal documents into a static transparency
//! site.
//!
//! The pipeline runs one way, each stage in its own module:
//! `load` (files → data, with located diagnostics) → `analyse` (citations, progress)
//! → `render` (pure: site → pages) → `output` (staging folder, minify, atomic swap).

pub mod analyse;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod incremental;
pub mod init;
pub mod legal;
pub mod links;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod qr;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod toml_doc;
pub mod vi;

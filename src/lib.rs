//! congkhai turns a Vietnamese commune's plans (Markdown with TOML front matter), its
//! indicator file and its register of legal documents into a static transparency
//! site.
//!
//! The pipeline runs one way, each stage in its own module:
//! `load` (files → data, with located diagnostics) → `analyse` (citations, progress)
//! → `render` (pure: site → pages) → `output` (staging folder, minify, atomic swap).

pub mod date;
pub mod diagnostics;
pub mod legal;
pub mod vi;

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

#[cfg(not(target_env = "msvc"))]
#[doc(hidden)]
pub use tikv_jemallocator;

/// Makes jemalloc the global allocator of a binary built on this library (the command
/// line, the benchmark), with congkhai's options (see Cargo.toml for why jemalloc):
/// one arena per CPU, as many as the threads that build (by default it makes four per
/// CPU and spreads a build's memory over more arenas than there are threads), and freed
/// pages kept for a second before they go back to the system, since a build frees and
/// reuses memory in waves. The environment variable `_RJEM_MALLOC_CONF` still
/// overrides them. Nothing on MSVC targets, which jemalloc does not support.
#[macro_export]
macro_rules! use_jemalloc {
    () => {
        #[cfg(not(target_env = "msvc"))]
        #[global_allocator]
        static ALLOCATOR: $crate::tikv_jemallocator::Jemalloc = $crate::tikv_jemallocator::Jemalloc;

        /// jemalloc reads its options from this symbol when it starts.
        #[cfg(not(target_env = "msvc"))]
        #[unsafe(export_name = "_rjem_malloc_conf")]
        static MALLOC_CONF: &[u8; 40] = b"percpu_arena:percpu,dirty_decay_ms:1000\0";
    };
}

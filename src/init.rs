//! `congkhai init`: a new commune site that builds and checks clean at once: config,
//! one plan, a small indicator file, the board's guide and README in Vietnamese, and
//! ready-to-use CI for GitHub and GitLab.

use std::path::Path;

/// The files of a new site: (path inside the site, contents with `{commune}`,
/// `{province}` and `{xa}` placeholders).
const FILES: &[(&str, &str)] = &[
    ("config.toml", include_str!("init/config.toml")),
    ("README.md", include_str!("init/README.md")),
    ("content/_index.md", include_str!("init/_index.md")),
    ("content/ke-hoach/_index.md", include_str!("init/ke-hoach-index.md")),
    ("content/ke-hoach/ke-hoach-mau/index.md", include_str!("init/ke-hoach-mau.md")),
    ("content/chi-tieu.toml", include_str!("init/chi-tieu.toml")),
    ("content/huong-dan-cap-nhat.md", include_str!("../content/huong-dan-cap-nhat.md")),
    (".github/workflows/congkhai.yml", include_str!("../.ci/commune-site/github-workflow.yml")),
    (".gitlab-ci.yml", include_str!("../.ci/commune-site/gitlab-ci.yml")),
    (".gitignore", "/public\n/.public.*\n"),
];

/// Creates a site in `dir` for the commune and province given. Refuses a folder
/// that exists and is not empty.
pub fn init(dir: &Path, commune: &str, province: &str) -> Result<Vec<String>, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("không đọc được thư mục {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "thư mục {} đã có nội dung; congkhai init chỉ tạo trang trong thư mục mới hoặc thư mục trống (không ghi đè)",
                dir.display()
            ));
        }
    }
    let commune = commune.trim();
    let province = province.trim();
    if commune.is_empty() || province.is_empty() || [commune, province].iter().any(|s| s.contains(['"', '\\', '\n'])) {
        return Err("tên xã và tên tỉnh không được để trống hay chứa dấu ngoặc kép".to_string());
    }
    let xa = format!("xã {commune}");
    let mut written = Vec::new();
    for (path, template) in FILES {
        let text = template.replace("{commune}", commune).replace("{province}", province).replace("{xa}", &xa);
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("không tạo được thư mục {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("không ghi được {}: {e}", target.display()))?;
        written.push((*path).to_string());
    }
    Ok(written)
}

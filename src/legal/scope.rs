//! Where a document's number is unique: the whole country for central bodies, one
//! province or one commune for local ones (every People's Committee has its own
//! `…/KH-UBND` series). Read from the issuer phrase ("của UBND tỉnh Quảng Ngãi",
//! "của Đảng ủy xã"), else from the code, else from the citing plan's commune.
//! Also the issuing level used to group documents on the site.

use serde::{Serialize, Serializer};

use super::number::{DocumentNumber, Scheme};
use super::text::collapse_space;
use crate::vi;

/// The body whose numbering series a document belongs to. Names are slugs
/// ("quang-ngai"); an empty name means "this level, name not stated" and is
/// compatible with any name of the same level.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    National,
    Province(String),
    Commune(String),
    /// Districts, towns and bodies of other levels.
    Other(String),
    Unknown,
}

impl Scope {
    /// Whether two mentions with these scopes can be the same document.
    pub fn compatible(&self, other: &Scope) -> bool {
        use Scope::*;
        match (self, other) {
            (Unknown, _) | (_, Unknown) => true,
            (National, National) => true,
            (Province(a), Province(b)) | (Commune(a), Commune(b)) | (Other(a), Other(b)) => {
                a.is_empty() || b.is_empty() || a == b
            }
            _ => false,
        }
    }

    /// "trung-uong", "tinh:quang-ngai", "xa:binh-chuong", "khac:…", "": a stable
    /// string for keys, slugs and JSON.
    pub fn key(&self) -> String {
        match self {
            Scope::National => "trung-uong".to_string(),
            Scope::Province(n) => format!("tinh:{n}"),
            Scope::Commune(n) => format!("xa:{n}"),
            Scope::Other(n) => format!("khac:{n}"),
            Scope::Unknown => String::new(),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// The issuing level, for grouping documents on `/van-ban/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    CentralParty,
    CentralState,
    Province,
    Commune,
    Other,
}

impl Level {
    pub const ALL: [Level; 5] =
        [Level::CentralParty, Level::CentralState, Level::Province, Level::Commune, Level::Other];

    /// The heading shown on the site.
    pub fn label(self) -> &'static str {
        match self {
            Level::CentralParty => "Trung ương — Đảng",
            Level::CentralState => "Trung ương — Nhà nước",
            Level::Province => "Tỉnh",
            Level::Commune => "Xã",
            Level::Other => "Khác",
        }
    }

    /// Reads a level as the board writes it in the registry: the label, its slug
    /// ("trung-uong-dang") or an unaccented spelling ("trung uong nha nuoc").
    pub fn parse(text: &str) -> Option<Level> {
        let slug = vi::slugify(text);
        Level::ALL.into_iter().find(|l| vi::slugify(l.label()) == slug || l.slug() == slug)
    }

    pub fn slug(self) -> &'static str {
        match self {
            Level::CentralParty => "trung-uong-dang",
            Level::CentralState => "trung-uong-nha-nuoc",
            Level::Province => "tinh",
            Level::Commune => "xa",
            Level::Other => "khac",
        }
    }
}

/// The name after a level word ("Quảng Ngãi" in "UBND tỉnh Quảng Ngãi"): the
/// capitalised words that follow, at most four, as a slug.
fn name_after(words: &[&str], at: usize) -> String {
    let name: Vec<&str> =
        words[at..].iter().take(4).take_while(|w| w.chars().next().is_some_and(char::is_uppercase)).copied().collect();
    vi::slugify(&name.join(" "))
}

/// A place name from the context ("xã Bình Chương" → "binh-chuong").
pub fn place_slug(place: &str) -> String {
    let folded = vi::fold(place);
    let mut rest = folded.trim();
    for prefix in ["thi tran ", "xa ", "phuong ", "tinh ", "thanh pho ", "dac khu "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    vi::slugify(rest)
}

/// Centrally-run cities: "thành phố Hà Nội" is a province.
const PROVINCIAL_CITIES: &[&str] = &["ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue"];

/// The scope an issuer phrase names, if it names one.
pub fn of_issuer(issuer: &str, province: Option<&str>, commune: Option<&str>) -> Option<Scope> {
    let issuer = collapse_space(issuer);
    let words: Vec<&str> = issuer.split(' ').collect();
    let folded: Vec<String> = words.iter().map(|w| vi::fold(w)).collect();
    let has = |seq: &[&str]| folded.windows(seq.len()).position(|w| w.iter().zip(seq).all(|(a, b)| a == b));
    let ctx_province = || province.map(place_slug).unwrap_or_default();
    let ctx_commune = || commune.map(place_slug).unwrap_or_default();

    // Central bodies.
    for seq in [
        &["trung", "uong"][..],
        &["chinh", "phu"],
        &["quoc", "hoi"],
        &["bo", "chinh", "tri"],
        &["ban", "bi", "thu"],
        &["chu", "tich", "nuoc"],
    ] {
        if has(seq).is_some() {
            return Some(Scope::National);
        }
    }
    // "Bộ Nông nghiệp …" (a ministry), but not "Đảng bộ", "cán bộ".
    if folded.first().is_some_and(|w| w == "bo") && words.first().is_some_and(|w| w.starts_with('B')) {
        return Some(Scope::National);
    }
    // Towns and districts before communes: "thị xã" contains "xã".
    let district = words.iter().position(|w| w.to_lowercase() == "quận");
    if let Some(k) = has(&["thi", "xa"]).or_else(|| has(&["huyen"])).or(district) {
        let len = if folded[k] == "thi" { 2 } else { 1 };
        return Some(Scope::Other(name_after(&words, k + len)));
    }
    if let Some(k) = has(&["thanh", "pho"]) {
        let name = name_after(&words, k + 2);
        return Some(if PROVINCIAL_CITIES.contains(&name.as_str()) {
            Scope::Province(name)
        } else {
            Scope::Other(name)
        });
    }
    if let Some(k) = has(&["xa"]).or_else(|| has(&["phuong"])).or_else(|| has(&["thi", "tran"])) {
        let len = if folded[k] == "thi" { 2 } else { 1 };
        let name = name_after(&words, k + len);
        return Some(Scope::Commune(if name.is_empty() { ctx_commune() } else { name }));
    }
    if let Some(k) = has(&["tinh"]) {
        // "Tỉnh ủy" names no province; "tỉnh Quảng Ngãi" does.
        let name = if folded.get(k + 1).is_some_and(|w| w == "uy") { String::new() } else { name_after(&words, k + 1) };
        return Some(Scope::Province(if name.is_empty() { ctx_province() } else { name }));
    }
    None
}

/// The scope of a local document whose citation names no issuer: from its code
/// (TU is a provincial Party committee), else the citing plan's commune.
pub fn default_scope(number: &DocumentNumber, province: Option<&str>, commune: Option<&str>) -> Scope {
    if number.is_national() {
        return Scope::National;
    }
    let code = number.issuer_code().map(str::to_uppercase).unwrap_or_default();
    match code.as_str() {
        "TU" | "THU" => Scope::Province(province.map(place_slug).unwrap_or_default()),
        "HU" | "QU" => Scope::Other(String::new()),
        _ => match commune {
            Some(c) => Scope::Commune(place_slug(c)),
            None => Scope::Unknown,
        },
    }
}

/// The level a document is grouped under.
pub fn level_of(number: &DocumentNumber, scope: &Scope) -> Level {
    let party = number.scheme() == Scheme::Party;
    match scope {
        Scope::National => {
            if party {
                Level::CentralParty
            } else {
                Level::CentralState
            }
        }
        Scope::Province(_) => Level::Province,
        Scope::Commune(_) => Level::Commune,
        Scope::Other(_) | Scope::Unknown => Level::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(issuer: &str) -> Option<Scope> {
        of_issuer(issuer, Some("Quảng Ngãi"), Some("xã Bình Chương"))
    }

    #[test]
    fn issuer_phrases_name_their_scope() {
        assert_eq!(scope("UBND tỉnh Quảng Ngãi"), Some(Scope::Province("quang-ngai".into())));
        assert_eq!(scope("Ủy ban nhân dân tỉnh"), Some(Scope::Province("quang-ngai".into())));
        assert_eq!(scope("Ban Thường vụ Tỉnh ủy khóa XX"), Some(Scope::Province("quang-ngai".into())));
        assert_eq!(scope("UBND xã Bình Chương"), Some(Scope::Commune("binh-chuong".into())));
        assert_eq!(scope("Đảng ủy xã"), Some(Scope::Commune("binh-chuong".into())));
        assert_eq!(scope("Thủ tướng Chính phủ"), Some(Scope::National));
        assert_eq!(scope("Bộ Nông nghiệp và Phát triển nông thôn"), Some(Scope::National));
        assert_eq!(scope("Đại hội đại biểu Đảng bộ tỉnh Quảng Ngãi"), Some(Scope::Province("quang-ngai".into())));
        assert_eq!(
            scope("Ban Chỉ đạo của Ủy ban nhân dân tỉnh Quảng Ngãi về phát triển khoa học"),
            Some(Scope::Province("quang-ngai".into()))
        );
        assert_eq!(scope("UBND thị xã Đức Phổ"), Some(Scope::Other("duc-pho".into())));
        assert_eq!(scope("BCĐ phát triển KHCN,ĐMST,CĐS"), None);
    }

    #[test]
    fn scopes_of_one_level_without_a_name_are_compatible() {
        let p = Scope::Province("quang-ngai".into());
        assert!(p.compatible(&Scope::Province(String::new())));
        assert!(!p.compatible(&Scope::Province("ha-tinh".into())));
        assert!(!p.compatible(&Scope::Commune(String::new())));
        assert!(p.compatible(&Scope::Unknown));
    }

    #[test]
    fn levels_read_from_board_spelling() {
        assert_eq!(Level::parse("Trung ương — Đảng"), Some(Level::CentralParty));
        assert_eq!(Level::parse("trung uong nha nuoc"), Some(Level::CentralState));
        assert_eq!(Level::parse("xã"), Some(Level::Commune));
        assert_eq!(Level::parse("huyện"), None);
    }
}

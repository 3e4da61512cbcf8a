//! Tests of the engine, one behaviour each, on sentences of their own; property
//! tests that no input panics and that spans point at what was cited; and a
//! regression run on the sample corpus when it is present.

use proptest::prelude::*;

use super::*;

fn ex(text: &str) -> Extraction {
    extract(text, &CitingContext::default())
}

fn ex_with(text: &str, ctx: &CitingContext) -> Extraction {
    extract(text, ctx)
}

/// (number, ISO date, mentions) of each document.
fn found(text: &str) -> Vec<(String, Option<String>, usize)> {
    ex(text).documents.iter().map(|d| (d.number.to_string(), d.date.map(Date::iso), d.mentions)).collect()
}

fn numbers(text: &str) -> Vec<String> {
    ex(text).documents.iter().map(|d| d.number.to_string()).collect()
}

fn kinds(extraction: &Extraction) -> Vec<WarningKind> {
    extraction.warnings.iter().map(|w| w.kind).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::new(y, m, d)
}

// ---- Type words -------------------------------------------------------------

#[test]
fn every_type_word_is_recognised_with_a_matching_code() {
    let cases = [
        ("Luật số 20/2023/QH15", "Luật"),
        ("Bộ luật số 45/2019/QH14", "Bộ luật"),
        ("Pháp lệnh số 02/2022/UBTVQH15", "Pháp lệnh"),
        ("Nghị định số 45/2020/NĐ-CP", "Nghị định"),
        ("Nghị quyết số 57-NQ/TW", "Nghị quyết"),
        ("Quyết định số 749/QĐ-TTg", "Quyết định"),
        ("Chỉ thị số 34/CT-TTg", "Chỉ thị"),
        ("Thông tư số 01/2023/TT-BTTTT", "Thông tư"),
        ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "Thông tư liên tịch"),
        ("Kế hoạch số 121/KH-UBND", "Kế hoạch"),
        ("Kế hoạch hành động số 359-KH/TU", "Kế hoạch hành động"),
        ("Chương trình số 12/CTr-UBND", "Chương trình"),
        ("Chương trình hành động số 05-CTr/TU", "Chương trình hành động"),
        ("Đề án số 03/ĐA-UBND", "Đề án"),
        ("Hướng dẫn số 36-HD/VPTW", "Hướng dẫn"),
        ("Thông báo số 12/TB-UBND", "Thông báo"),
        ("Kết luận số 226-KL/TW", "Kết luận"),
        ("Quy định số 08-QĐi/TW", "Quy định"),
        ("Quy chế số 01/QC-UBND", "Quy chế"),
        ("Công văn số 438/UBND", "Công văn"),
        ("Văn bản số 3445/BNN-VPĐP", "Văn bản"),
        ("Báo cáo số 15/BC-UBND", "Báo cáo"),
        ("Tờ trình số 20/TTr-UBND", "Tờ trình"),
        ("Công điện số 1029/CĐ-TTg", "Công điện"),
        ("Phương án số 02/PA-UBND", "Phương án"),
        ("Dự án số 05/DA-UBND", "Dự án"),
        ("Biên bản số 03/BB-UBND", "Biên bản"),
        ("Hợp đồng số 07/HĐ-UBND", "Hợp đồng"),
        ("Thông cáo số 01/TC-VPCP", "Thông cáo"),
        ("Bản ghi nhớ số 02/BGN-UBND", "Bản ghi nhớ"),
        ("Bản thỏa thuận số 04/BTT-UBND", "Bản thỏa thuận"),
        ("Giấy ủy quyền số 06/GUQ-UBND", "Giấy ủy quyền"),
        ("Giấy mời số 08/GM-UBND", "Giấy mời"),
        ("Giấy giới thiệu số 09/GGT-UBND", "Giấy giới thiệu"),
        ("Giấy nghỉ phép số 10/GNP-UBND", "Giấy nghỉ phép"),
        ("Phiếu gửi số 11/PG-UBND", "Phiếu gửi"),
        ("Phiếu chuyển số 12/PC-UBND", "Phiếu chuyển"),
        ("Phiếu báo số 13/PB-UBND", "Phiếu báo"),
        ("Thông tri số 05-TT/TW", "Thông tri"),
    ];
    for (sentence, type_name) in cases {
        let text = format!("Căn cứ {sentence} ngày 05/3/2025 của cơ quan có thẩm quyền;");
        let e = ex(&text);
        assert_eq!(e.documents.len(), 1, "{sentence}");
        assert_eq!(e.documents[0].doc_type, type_name, "{sentence}");
        assert_eq!(e.documents[0].date, date(2025, 3, 5), "{sentence}");
        assert!(
            !kinds(&e).iter().any(|k| matches!(k, WarningKind::TypeMismatch | WarningKind::MissingTypeCode)),
            "{sentence}: {:?}",
            e.warnings
        );
        let span = &e.mentions[0].span;
        assert!(text[span.clone()].starts_with(sentence.split(" số").next().unwrap_or("")), "{sentence}");
    }
}

#[test]
fn type_words_match_in_any_case() {
    let e = ex(
        "THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ; theo kế hoạch số 13-KH/ĐU ngày 24/9/2025",
    );
    let types: Vec<&str> = e.documents.iter().map(|d| d.doc_type.as_str()).collect();
    assert_eq!(types, ["Nghị quyết", "Kế hoạch"]);
    assert_eq!(e.documents[0].date, date(2024, 12, 22));
}

#[test]
fn so_is_optional() {
    assert_eq!(
        found("theo Kế hoạch 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương"),
        [("02-KH/BCĐTW".to_string(), Some("2025-06-19".to_string()), 1)]
    );
}

#[test]
fn a_type_less_citation_takes_its_type_from_the_code() {
    let e = ex(
        "Các văn bản của UBND tỉnh: Số 119/KH-UBND ngày 09/10/2020 thực hiện Chương trình; số 906/QĐ-UBND ngày 11/7/2022 về Kế hoạch.",
    );
    let types: Vec<&str> = e.documents.iter().map(|d| d.doc_type.as_str()).collect();
    assert_eq!(types, ["Kế hoạch", "Quyết định"]);
}

#[test]
fn a_number_glued_to_so_and_an_abbreviated_type_are_read() {
    let e = ex("theo Kế hoạch số45/KH-UBND ngày 12/3/2025; QĐ số 123/QĐ-UBND ngày 5/3/2025");
    let got: Vec<(&str, &str)> = e.documents.iter().map(|d| (d.doc_type.as_str(), d.number.canonical())).collect();
    assert_eq!(got, [("Kế hoạch", "45/KH-UBND"), ("Quyết định", "123/QĐ-UBND")]);
    assert!(ex("tổng số45 hồ sơ").documents.is_empty());
}

#[test]
fn a_law_cited_by_name_before_its_number_is_a_law() {
    let e = ex("theo Luật Giao dịch điện tử số 20/2023/QH15 ngày 22/6/2023;");
    assert_eq!(e.documents[0].doc_type, "Luật");
    assert_eq!(e.documents[0].number.scheme(), Scheme::Legal);
    assert!(ex("theo Luật số 20/2023/QH15").mentions[0].span.start > 0);
}

#[test]
fn party_prose_puts_the_issuer_before_the_number() {
    let e = ex("Quyết định của Bộ Chính trị số 31-QĐ/TW, ngày 01-10-1997 về việc ban hành quy chế");
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].doc_type, "Quyết định");
    assert_eq!(e.documents[0].issuer.as_deref(), Some("Bộ Chính trị"));
    assert_eq!(e.documents[0].date, date(1997, 10, 1));
}

// ---- Number shapes ------------------------------------------------------------

#[test]
fn every_number_shape_is_found() {
    let cases = [
        ("Nghị quyết số 57-NQ/TW", "57-NQ/TW", Scheme::Party),
        ("Quyết định số 749/QĐ-TTg", "749/QĐ-TTg", Scheme::Administrative),
        ("Nghị định số 45/2020/NĐ-CP", "45/2020/NĐ-CP", Scheme::Legal),
        ("Luật số 20/2023/QH15", "20/2023/QH15", Scheme::Legal),
        ("Công văn số 438/UBND", "438/UBND", Scheme::OfficialLetter),
        ("Văn bản số 3445/BNN-VPĐP", "3445/BNN-VPĐP", Scheme::OfficialLetter),
        ("Quyết định số 02/BCĐ", "02/BCĐ", Scheme::OfficialLetter),
        ("Kế hoạch số 05-KH/TU", "05-KH/TU", Scheme::Party),
    ];
    for (sentence, number, scheme) in cases {
        let e = ex(&format!("Thực hiện {sentence} ngày 5/3/2025."));
        assert_eq!(e.documents.len(), 1, "{sentence}");
        assert_eq!(e.documents[0].number.canonical(), number);
        assert_eq!(e.documents[0].number.scheme(), scheme, "{sentence}");
    }
}

#[test]
fn a_stray_space_after_the_hyphen_is_removed_and_reported() {
    let e = ex("Kế hoạch hành động số 359- KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy");
    assert_eq!(e.documents[0].number.canonical(), "359-KH/TU");
    assert_eq!(kinds(&e), [WarningKind::SpaceInNumber]);
}

#[test]
fn a_stray_space_after_the_slash_is_removed() {
    assert_eq!(numbers("theo Nghị định số 45/ 2020/NĐ-CP ngày 08/4/2020"), ["45/2020/NĐ-CP"]);
}

#[test]
fn a_space_standing_for_a_hyphen_is_read_as_one() {
    let e = ex("Kế hoạch số 21/KH UBND ngày 14/8/2025 về Chuyển đổi số");
    assert_eq!(e.documents[0].number.canonical(), "21/KH-UBND");
    assert_eq!(kinds(&e), [WarningKind::SpaceInNumber]);
    assert!(e.warnings[0].message.contains("dấu cách thay cho dấu gạch nối"));
}

#[test]
fn numbers_broken_across_lines_are_joined_without_a_warning() {
    let e = ex(
        "theo Nghị quyết số 57-\n\nNQ/TW ngày 22/12/2024 của Bộ Chính trị; Quyết định số 01/QĐ-\n\nBCĐ ngày 17/9/2025",
    );
    assert_eq!(e.documents.iter().map(|d| d.number.to_string()).collect::<Vec<_>>(), ["57-NQ/TW", "01/QĐ-BCĐ"]);
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn unicode_dashes_are_unified() {
    assert_eq!(numbers("Nghị quyết số 57–NQ/TW ngày 22/12/2024"), ["57-NQ/TW"]);
}

// ---- Dates --------------------------------------------------------------------

#[test]
fn dates_are_read_in_every_form() {
    for (written, iso) in [
        ("ngày 22/12/2024", "2024-12-22"),
        ("ngày 5/3/2025", "2025-03-05"),
        ("ngày 19 tháng 6 năm 2025", "2025-06-19"),
        ("ngày 04-10-2025", "2025-10-04"),
        ("ngày 05.3.2025", "2025-03-05"),
        (", ngày 10/9/2025", "2025-09-10"),
        ("ngày\n\n06/01/2022", "2022-01-06"),
    ] {
        let text = format!("theo Kế hoạch số 41/KH-UBND{} {written} của UBND tỉnh", "");
        let e = ex(&text);
        assert_eq!(e.documents[0].date.map(Date::iso).as_deref(), Some(iso), "{written}");
    }
}

#[test]
fn a_date_may_follow_the_issuer() {
    let e = ex("theo Nghị quyết số 57-NQ/TW của Bộ Chính trị ngày 22/12/2024 về đột phá");
    assert_eq!(e.documents[0].date, date(2024, 12, 22));
    assert_eq!(e.documents[0].issuer.as_deref(), Some("Bộ Chính trị"));
}

#[test]
fn an_impossible_date_is_a_warning_not_a_crash() {
    let e = ex("theo Kế hoạch số 41/KH-UBND ngày 31/4/2025 của UBND tỉnh");
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].date, None);
    assert_eq!(kinds(&e), [WarningKind::ImpossibleDate]);
    assert!(e.warnings[0].message.contains("31/4/2025"));
}

#[test]
fn markdown_emphasis_and_links_do_not_hide_the_date() {
    let e = ex(
        "Theo **Nghị quyết số 57-NQ/TW** ngày 22/12/2024 và [Kế hoạch số 41/KH-UBND](https://example.vn/41) ngày 10/9/2025 của UBND tỉnh.",
    );
    let got: Vec<(String, Option<Date>)> = e.documents.iter().map(|d| (d.number.to_string(), d.date)).collect();
    assert_eq!(got, [("57-NQ/TW".to_string(), date(2024, 12, 22)), ("41/KH-UBND".to_string(), date(2025, 9, 10))]);
    assert_eq!(e.documents[1].issuer.as_deref(), Some("UBND tỉnh"));
}

// ---- Issuers --------------------------------------------------------------------

#[test]
fn the_issuer_ends_before_the_subject() {
    let e = ex(
        "Căn cứ Kế hoạch số 41/KH-UBND ngày 10 tháng 9 năm 2025 của Ủy ban \n\nnhân dân tỉnh Quảng Ngãi ban hành Kế hoạch chuyển đổi số",
    );
    assert_eq!(e.documents[0].issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Quảng Ngãi"));
}

#[test]
fn a_trailing_issuer_is_shared_by_a_list_of_citations() {
    let e = ex(
        "Quyết định số 06/QĐ-TTg ngày 06/01/2022, Quyết định số 206/QĐ-TTg ngày 28/02/2022 và Quyết định số 422/QĐ-TTg ngày 04/4/2022 của Thủ tướng Chính phủ;",
    );
    let issuers: Vec<Option<&str>> = e.documents.iter().map(|d| d.issuer.as_deref()).collect();
    assert_eq!(issuers, [Some("Thủ tướng Chính phủ"); 3]);
}

#[test]
fn a_trailing_issuer_is_not_shared_across_different_issuer_codes() {
    let e = ex(
        "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020, Thông tư số 01/2023/TT-BTTTT ngày 05/3/2023 của Bộ Thông tin và Truyền thông;",
    );
    assert_eq!(e.documents[0].issuer, None);
}

#[test]
fn list_items_take_the_heading_issuer() {
    let e = ex(
        "- Các văn bản của UBND tỉnh: Số 119/KH-UBND ngày 09/10/2020 thực hiện Chương trình; số 169/KH-UBND ngày 09/12/2021 về Chính quyền số; số 327/QĐ-UBND ngày 26/5/2025 của Chủ tịch UBND tỉnh ban hành Kế hoạch; Kế hoạch số 50/KH-UBND ngày 27/09/2025 triển khai.",
    );
    let issuers: Vec<Option<&str>> = e.documents.iter().map(|d| d.issuer.as_deref()).collect();
    assert_eq!(issuers, [Some("UBND tỉnh"), Some("UBND tỉnh"), Some("Chủ tịch UBND tỉnh"), None]);
}

#[test]
fn issuer_names_with_and_keep_both_parts() {
    let e = ex(
        "Văn bản số 3445/BNN-VPĐP ngày 29/5/2023 của Bộ Nông nghiệp và Phát triển nông thôn về triển khai xây dựng mô hình",
    );
    assert_eq!(e.documents[0].issuer.as_deref(), Some("Bộ Nông nghiệp và Phát triển nông thôn"));
}

// ---- Subjects -------------------------------------------------------------------

#[test]
fn the_subject_runs_to_the_end_of_its_clause() {
    let e = ex(
        "theo Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công \n\nnghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Kế hoạch số 41/KH-UBND",
    );
    assert_eq!(
        e.documents[0].subject.as_deref(),
        Some("về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")
    );
}

#[test]
fn the_subject_stops_where_a_sibling_citation_starts() {
    let e = ex(
        "Kế hoạch số 43/KH-UBND ngày 14/10/2025 về thực hiện phong trào Bình dân học vụ số, Công văn số 438/UBND ngày 13/10/2025 về việc tổ chức.",
    );
    assert_eq!(e.documents[0].subject.as_deref(), Some("về thực hiện phong trào Bình dân học vụ số"));
    assert_eq!(e.documents[1].subject.as_deref(), Some("về việc tổ chức"));
}

// ---- Short forms and nicknames --------------------------------------------------

#[test]
fn a_later_number_without_date_joins_the_full_citation() {
    assert_eq!(
        found("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị. Quán triệt Nghị quyết số 57-NQ/TW."),
        [("57-NQ/TW".to_string(), Some("2024-12-22".to_string()), 2)]
    );
}

#[test]
fn a_number_without_date_before_the_full_citation_joins_it_too() {
    assert_eq!(
        found(
            "KẾ HOẠCH thực hiện Kế hoạch 02-KH/BCĐTW. Căn cứ Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương;"
        ),
        [("02-KH/BCĐTW".to_string(), Some("2025-06-19".to_string()), 2)]
    );
}

#[test]
fn a_short_form_with_so_resolves_to_the_unique_document() {
    let e = ex(
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị. Kế hoạch về thực hiện Nghị quyết số 57; Quyết định số 57/QĐ-UBND ngày 1/2/2025.",
    );
    assert_eq!(e.documents[0].mentions, 2);
    let short = e.mentions.iter().find(|m| m.kind == MentionKind::ShortForm).expect("short form");
    assert_eq!(short.document, Some(0));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn a_short_form_between_two_candidates_is_left_unresolved() {
    let e =
        ex("Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025; Kế hoạch số 02/KH-BCĐ ngày 15/5/2025; thực hiện Kế hoạch số 02.");
    let short = e.mentions.iter().find(|m| m.kind == MentionKind::ShortForm).expect("short form");
    assert_eq!(short.document, None);
    assert_eq!(kinds(&e), [WarningKind::AmbiguousShortForm]);
    assert!(e.documents.iter().all(|d| d.mentions == 1));
}

#[test]
fn a_nickname_without_an_alias_is_reported_not_counted() {
    let e = ex("Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ. Triển khai Đề án 06; Nghị quyết 57.");
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].mentions, 1);
    let unresolved: Vec<_> = e.mentions.iter().filter(|m| m.document.is_none()).collect();
    assert_eq!(unresolved.len(), 2);
    assert_eq!(kinds(&e), [WarningKind::UnresolvedShortForm, WarningKind::UnresolvedShortForm]);
    assert!(e.warnings[0].hint.contains("[[aliases]]"));
}

#[test]
fn a_nickname_with_an_in_text_candidate_suggests_the_alias() {
    let e = ex("Nghị quyết số 57-NQ/TW ngày 22/12/2024. Thực hiện Nghị quyết 57 của Bộ Chính trị.");
    assert_eq!(e.documents[0].mentions, 1);
    assert!(e.warnings[0].hint.contains("number = \"57-NQ/TW\", date = 2024-12-22"), "{}", e.warnings[0].hint);
}

#[test]
fn an_alias_resolves_a_nickname() {
    let aliases = [Alias::new("Đề án 06", "06/QĐ-TTg", date(2022, 1, 6)).expect("alias")];
    let ctx = CitingContext { aliases: &aliases, ..CitingContext::default() };
    let e = ex_with(
        "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ; triển khai Đề án 06 và đề án 06.",
        &ctx,
    );
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].mentions, 3);
    assert!(e.warnings.is_empty());
    // Cited only by its nickname, the document still appears.
    let e = ex_with("Tiếp tục triển khai Đề án 06 trên địa bàn xã.", &ctx);
    assert_eq!(e.documents.len(), 1);
    assert!(e.documents[0].from_alias);
    assert_eq!(e.documents[0].number.canonical(), "06/QĐ-TTg");
    assert_eq!(e.mentions[0].kind, MentionKind::Alias);
}

#[test]
fn two_aliases_for_one_name_are_never_guessed_between() {
    let aliases = [
        Alias::new("Đề án 06", "06/QĐ-TTg", date(2022, 1, 6)).expect("alias"),
        Alias::new("Đề án 06", "06/ĐA-UBND", None).expect("alias"),
    ];
    let ctx = CitingContext { aliases: &aliases, ..CitingContext::default() };
    let e = ex_with("Triển khai Đề án 06.", &ctx);
    assert!(e.documents.is_empty());
    assert_eq!(e.mentions[0].document, None);
    assert_eq!(kinds(&e), [WarningKind::AmbiguousShortForm]);
}

// ---- No false positives -----------------------------------------------------------

#[test]
fn counts_dates_periods_and_self_references_are_not_citations() {
    for text in [
        "Đã giải quyết 82 nhóm thủ tục và 1.707 hồ sơ.",
        "Từ ngày 01/7/2025 đến ngày 31/12/2025.",
        "Các nhiệm vụ được giao tại Kế hoạch này.",
        "Chỉ tiêu tại Phụ lục 01 kèm theo.",
        "giai đoạn 2021-2025, định hướng đến năm 2030",
        "hoàn thành trong Quý IV/2025",
        "(Kèm theo Kế hoạch số       /KH-UBND ngày     /01/2026 của UBND xã)",
        "Xây dựng ban hành Kế hoạch 5 năm về chuyển đổi số; Kế hoạch 3 tháng cuối năm 2025.",
        "Tổng số hồ sơ là 1.707 hồ sơ, đạt 74,07 %.",
        "chuyển 2 đổi số; tốc độ trên 01 Gbps/s; mạng 4G, 5G",
        "Điền theo Mẫu số 01/TKN và Phụ lục số 02/PL.",
        "2026-02-02T10:32:49+0700",
    ] {
        let e = ex(text);
        assert!(e.documents.is_empty(), "{text}: {:?}", e.documents);
        assert!(e.mentions.is_empty(), "{text}: {:?}", e.mentions);
    }
}

// ---- Identity ------------------------------------------------------------------------

#[test]
fn one_number_with_two_dates_is_two_documents_and_a_warning() {
    let e =
        ex("Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND tỉnh. Kế hoạch số 43/KH-UBND ngày 14/10/2025 về thực hiện.");
    assert_eq!(e.documents.len(), 2);
    assert_eq!(kinds(&e), [WarningKind::DateConflict]);
    assert!(e.warnings[0].message.contains("dòng 1"));
}

#[test]
fn the_same_date_written_two_ways_is_one_document() {
    assert_eq!(
        found(
            "kế hoạch số 13-KH/ĐU ngày 24/9/2025 của Đảng ủy xã; Kế hoạch số 13-KH/ĐU ngày 24/09/2025 của Đảng ủy xã Bình Chương"
        ),
        [("13-KH/ĐU".to_string(), Some("2025-09-24".to_string()), 2)]
    );
}

#[test]
fn an_undated_mention_between_two_dated_documents_is_not_guessed() {
    let e = ex(
        "Kế hoạch số 43/KH-UBND ngày 10/9/2025; Kế hoạch số 43/KH-UBND ngày 14/10/2025; theo Kế hoạch số 43/KH-UBND.",
    );
    assert_eq!(e.mentions[2].document, None);
    assert!(kinds(&e).contains(&WarningKind::AmbiguousCitation));
}

#[test]
fn swapped_separators_are_one_document_and_one_warning_naming_both_places() {
    let e = ex("Kế hoạch số 231-KH/UBND ngày 5/3/2025 của UBND xã;\nthực hiện Kế hoạch số 231/KH-UBND ngày 5/3/2025.");
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].number.canonical(), "231/KH-UBND");
    assert_eq!(kinds(&e), [WarningKind::SwappedSeparators]);
    let message = &e.warnings[0].message;
    assert!(message.contains("231-KH/UBND") && message.contains("231/KH-UBND"), "{message}");
    assert!(message.contains("dòng 1") && message.contains("dòng 2"), "{message}");
}

#[test]
fn party_style_for_a_state_issuer_is_reported() {
    let e = ex("Kế hoạch số 231-KH/UBND ngày 5/3/2025 của UBND xã.");
    assert_eq!(kinds(&e), [WarningKind::SeparatorStyle]);
}

#[test]
fn local_codes_are_scoped_by_the_issuer() {
    let ctx =
        CitingContext {
            jurisdiction: Some("xã Bình Chương"), province: Some("Quảng Ngãi"), ..Default::default()
        };
    let e = ex_with(
        "Kế hoạch số 41/KH-UBND ngày 10/9/2025 của UBND tỉnh Quảng Ngãi; Kế hoạch số 20/KH-UBND ngày 13/8/2025",
        &ctx,
    );
    assert_eq!(e.documents[0].scope, Scope::Province("quang-ngai".into()));
    assert!(e.documents[0].scope_stated);
    assert_eq!(e.documents[0].level, Level::Province);
    assert_eq!(e.documents[1].scope, Scope::Commune("binh-chuong".into()));
    assert!(!e.documents[1].scope_stated);
    assert_eq!(e.documents[1].level, Level::Commune);
}

#[test]
fn national_codes_are_national_whatever_the_issuer_phrase() {
    let e = ex("Quyết định số 749/QĐ-TTg ngày 03/6/2020; Nghị quyết số 57-NQ/TW ngày 22/12/2024");
    assert_eq!(e.documents[0].level, Level::CentralState);
    assert_eq!(e.documents[1].level, Level::CentralParty);
}

// ---- Warnings ------------------------------------------------------------------------

#[test]
fn a_type_word_contradicting_the_code_is_reported() {
    let e = ex("Quyết định 19/KH-UBND ngày 13/8/2025 về triển khai phong trào thi đua");
    assert_eq!(e.documents[0].doc_type, "Quyết định");
    assert_eq!(kinds(&e), [WarningKind::TypeMismatch]);
    assert!(e.warnings[0].hint.contains("Kế hoạch số 19/KH-UBND"));
}

#[test]
fn a_number_without_type_code_is_kept_as_written_and_reported() {
    let e = ex("Quyết định số 02/BCĐ ngày 17/9/2025 của BCĐ phát triển KHCN,ĐMST,CĐS về Thành lập Tổ giúp việc");
    assert_eq!(e.documents[0].number.canonical(), "02/BCĐ");
    assert_eq!(kinds(&e), [WarningKind::MissingTypeCode]);
}

#[test]
fn a_citation_dated_after_the_plan_is_reported() {
    let ctx = CitingContext { date: date(2025, 1, 10), ..Default::default() };
    let e = ex_with(
        "Căn cứ Kế hoạch số 121/KH-UBND ngày 31/12/2025 của UBND tỉnh; Nghị quyết số 57-NQ/TW ngày 22/12/2024",
        &ctx,
    );
    assert_eq!(kinds(&e), [WarningKind::CitedAfterPlan]);
    let w = &e.warnings[0];
    assert!(w.message.contains("31/12/2025") && w.message.contains("10/01/2025"), "{}", w.message);
}

#[test]
fn warnings_are_in_vietnamese_with_a_hint() {
    let e = ex("Quyết định 19/KH-UBND ngày 31/4/2025; Kế hoạch số 21/KH UBND ngày 14/8/2025; Đề án 06");
    assert!(e.warnings.len() >= 3);
    for w in &e.warnings {
        assert!(!w.message.is_empty() && !w.hint.is_empty());
        assert!(
            w.message.chars().any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".contains(c)),
            "{}",
            w.message
        );
    }
}

// ---- Spans -------------------------------------------------------------------------

#[test]
fn a_span_covers_the_type_word_through_the_number() {
    let text = "Căn cứ Kế hoạch hành động số 359- KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy";
    let e = ex(text);
    assert_eq!(&text[e.mentions[0].span.clone()], "Kế hoạch hành động số 359- KH/TU");
    assert_eq!(&text[e.mentions[0].symbol.clone()], "359- KH/TU");
}

#[test]
fn decomposed_text_is_scanned_and_spans_point_into_the_original() {
    // "Nghị quyết" with the tone marks as combining characters.
    let text =
        "Theo Nghi\u{0323} quye\u{0302}\u{0301}t so\u{0302}\u{0301} 57-NQ/TW nga\u{0300}y 22/12/2024 của Bộ Chính trị";
    let e = ex(text);
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].doc_type, "Nghị quyết");
    let span = e.mentions[0].span.clone();
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    assert!(text[span].starts_with("Nghi\u{0323}"));
    assert_eq!(&text[e.mentions[0].symbol.clone()], "57-NQ/TW");
    assert_eq!(e.documents[0].date, date(2024, 12, 22));
}

#[test]
fn mentions_are_in_text_order_and_documents_in_first_mention_order() {
    let e =
        ex("Kế hoạch số 41/KH-UBND ngày 10/9/2025; Nghị quyết số 57-NQ/TW ngày 22/12/2024; Kế hoạch số 41/KH-UBND.");
    let starts: Vec<usize> = e.mentions.iter().map(|m| m.span.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
    let docs: Vec<Option<usize>> = e.mentions.iter().map(|m| m.document).collect();
    assert_eq!(docs, [Some(0), Some(1), Some(0)]);
}

// ---- Passages -------------------------------------------------------------------------

#[test]
fn a_passage_is_the_clause_around_a_mention() {
    let text =
        "I. CĂN CỨ\n- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá;\n- Kế hoạch số 41/KH-UBND.";
    let e = ex(text);
    let p = passage(text, e.mentions[0].span.clone());
    assert_eq!(&text[p], "- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá;");
    let p = passage(text, e.mentions[1].span.clone());
    assert_eq!(&text[p], "- Kế hoạch số 41/KH-UBND.");
}

#[test]
fn a_passage_stops_at_sentences_and_blank_lines() {
    let text = "Mở đầu.\n\nThực hiện Kế hoạch số 41/KH-UBND ngày 10/9/2025 của UBND tỉnh. Câu sau.";
    let e = ex(text);
    let p = passage(text, e.mentions[0].span.clone());
    assert_eq!(&text[p], "Thực hiện Kế hoạch số 41/KH-UBND ngày 10/9/2025 của UBND tỉnh.");
}

#[test]
fn a_long_passage_is_capped_around_the_mention() {
    let filler = "chữ ".repeat(300);
    let text = format!("{filler}theo Kế hoạch số 41/KH-UBND {filler}");
    let e = ex(&text);
    let span = e.mentions[0].span.clone();
    let p = passage(&text, span.clone());
    assert!(p.start <= span.start && p.end >= span.end);
    assert!(text[p.clone()].chars().count() <= 420, "{}", text[p].chars().count());
}

// ---- Register -------------------------------------------------------------------------

fn plan(text: &str, commune: &'static str) -> Extraction {
    let ctx = CitingContext { jurisdiction: Some(commune), province: Some("Quảng Ngãi"), ..Default::default() };
    extract(text, &ctx)
}

#[test]
fn the_register_merges_one_document_cited_by_several_plans() {
    let a = plan("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học.", "xã A");
    let b = plan("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024; Nghị quyết số 57-NQ/TW.", "xã B");
    let inputs = [RegisterInput { plan: 0, extraction: &a }, RegisterInput { plan: 1, extraction: &b }];
    let (register, warnings) = build_register(&inputs, &RegistryFile::default());
    assert!(warnings.is_empty());
    assert_eq!(register.documents.len(), 1);
    let d = &register.documents[0];
    assert_eq!(d.slug, "57-nq-tw-2024-12-22");
    assert_eq!(d.citations.len(), 3);
    assert_eq!(d.plans, [0, 1]);
    assert_eq!(d.title.as_deref(), Some("về đột phá phát triển khoa học"));
    assert_eq!(d.level_label, "Trung ương — Đảng");
    assert_eq!(register.document_of(1, 1), Some(0));
    assert_eq!(register.document_of(1, 5), None);
}

#[test]
fn the_register_keeps_local_numbers_of_different_bodies_apart() {
    let province = plan("Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND tỉnh Quảng Ngãi", "xã A");
    let commune = plan("Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND xã", "xã A");
    let inputs = [RegisterInput { plan: 0, extraction: &province }, RegisterInput { plan: 1, extraction: &commune }];
    let (register, _) = build_register(&inputs, &RegistryFile::default());
    assert_eq!(register.documents.len(), 2);
    let slugs: Vec<&str> = register.documents.iter().map(|d| d.slug.as_str()).collect();
    assert_eq!(slugs, ["43-kh-ubnd-2025-09-10", "43-kh-ubnd-2025-09-10-xa-a"]);
    assert_eq!(register.documents[0].level, Level::Province);
    assert_eq!(register.documents[1].level, Level::Commune);
}

#[test]
fn an_issuer_less_local_citation_joins_the_one_stated_document_with_its_date() {
    let stated = plan("Kế hoạch số 41/KH-UBND ngày 10/9/2025 của UBND tỉnh Quảng Ngãi", "xã A");
    let bare = plan("theo Kế hoạch số 41/KH-UBND ngày 10/9/2025", "xã B");
    let inputs = [RegisterInput { plan: 0, extraction: &bare }, RegisterInput { plan: 1, extraction: &stated }];
    let (register, _) = build_register(&inputs, &RegistryFile::default());
    assert_eq!(register.documents.len(), 1);
    assert_eq!(register.documents[0].level, Level::Province);
}

#[test]
fn register_slugs_and_order_do_not_depend_on_plan_order() {
    let texts = [
        "Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND tỉnh; Nghị quyết số 57-NQ/TW ngày 22/12/2024 về đột phá.",
        "Kế hoạch số 43/KH-UBND ngày 14/10/2025 của UBND xã về phong trào; Nghị quyết số 57-NQ/TW ngày 22/12/2024 về khoa học.",
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020; Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND xã.",
    ];
    let extractions: Vec<Extraction> = texts.iter().map(|t| plan(t, "xã A")).collect();
    let run = |order: &[usize]| {
        let inputs: Vec<RegisterInput> =
            order.iter().map(|&i| RegisterInput { plan: i, extraction: &extractions[i] }).collect();
        let (register, _) = build_register(&inputs, &RegistryFile::default());
        register.documents.iter().map(|d| (d.slug.clone(), d.title.clone(), d.citations.clone())).collect::<Vec<_>>()
    };
    let forward = run(&[0, 1, 2]);
    assert_eq!(forward, run(&[2, 1, 0]));
    assert_eq!(forward, run(&[1, 2, 0]));
    let slugs: std::collections::HashSet<&String> = forward.iter().map(|(s, _, _)| s).collect();
    assert_eq!(slugs.len(), forward.len());
}

#[test]
fn the_registry_overrides_extracted_values() {
    let a = plan("Nghị quyết số 57-NQ/TW ngày 22/12/2024 về đột phá.", "xã A");
    let (registry, diagnostics) = load_registry(
        "content/van-ban.toml",
        "[[documents]]\nnumber = \"57-NQ/TW\"\ntitle = \"Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia\"\nurl = \"https://example.vn/57\"\nstatus = \"còn hiệu lực\"\n",
    );
    assert!(diagnostics.is_empty());
    let (register, warnings) = build_register(&[RegisterInput { plan: 0, extraction: &a }], &registry);
    assert!(warnings.is_empty(), "{warnings:?}");
    let d = &register.documents[0];
    assert!(d.title_from_registry);
    assert!(d.title.as_deref().is_some_and(|t| t.starts_with("Về đột phá phát triển")));
    assert_eq!(d.url.as_deref(), Some("https://example.vn/57"));
    assert_eq!(d.status, Some(Status::InForce));
    assert_eq!(d.registry_line, Some(2));
}

#[test]
fn an_uncited_registry_entry_is_listed_with_a_warning() {
    let (registry, _) =
        load_registry("content/van-ban.toml", "[[documents]]\nnumber = \"45/2020/NĐ-CP\"\ndate = 2020-04-08\n");
    let (register, warnings) = build_register(&[], &registry);
    assert_eq!(register.documents.len(), 1);
    assert!(register.documents[0].citations.is_empty());
    assert_eq!(register.documents[0].level, Level::CentralState);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].place, WarningPlace::Registry { path: "content/van-ban.toml".into(), line: 2, col: 10 });
}

#[test]
fn warnings_become_located_diagnostics() {
    let text = "Mở đầu\nQuyết định 19/KH-UBND ngày 13/8/2025";
    let e = ex(text);
    let d = e.warnings[0].diagnostic("content/ke-hoach.md", text);
    assert_eq!((d.line, d.col), (2, 1));
    assert!(d.hint.is_some());
    let (registry, _) = load_registry("content/van-ban.toml", "[[documents]]\nnumber = \"12/QĐ-TTg\"\n");
    let (_, warnings) = build_register(&[], &registry);
    let d = warnings[0].diagnostic(|_| None);
    assert_eq!((d.path.as_str(), d.line, d.col), ("content/van-ban.toml", 2, 10));
}

#[test]
fn a_registry_entry_matching_two_documents_asks_for_a_date() {
    let a =
        plan("Kế hoạch số 43/KH-UBND ngày 10/9/2025 của UBND tỉnh; Kế hoạch số 43/KH-UBND ngày 14/10/2025.", "xã A");
    let (registry, _) = load_registry("van-ban.toml", "[[documents]]\nnumber = \"43/KH-UBND\"\ntitle = \"X\"\n");
    let (register, warnings) = build_register(&[RegisterInput { plan: 0, extraction: &a }], &registry);
    assert!(register.documents.iter().all(|d| !d.title_from_registry));
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].hint.contains("date"));
    let (registry, _) =
        load_registry("van-ban.toml", "[[documents]]\nnumber = \"43/KH-UBND\"\ndate = 2025-10-14\ntitle = \"X\"\n");
    let (register, warnings) = build_register(&[RegisterInput { plan: 0, extraction: &a }], &registry);
    assert!(warnings.is_empty());
    assert_eq!(register.documents.iter().filter(|d| d.title_from_registry).count(), 1);
}

#[test]
fn the_register_is_linear_in_corpus_size() {
    // 20 000 plans citing 2 000 distinct documents: quadratic merging would take
    // minutes; this must take well under a few seconds even in a debug build.
    let extractions: Vec<Extraction> = (0..2_000)
        .map(|i| {
            plan(
                &format!(
                    "Kế hoạch số {i}/KH-UBND ngày 10/9/2025 của UBND tỉnh; Nghị quyết số {i}-NQ/TW ngày 22/12/2024."
                ),
                "xã A",
            )
        })
        .collect();
    let inputs: Vec<RegisterInput> =
        (0..20_000).map(|p| RegisterInput { plan: p, extraction: &extractions[p % extractions.len()] }).collect();
    let started = std::time::Instant::now();
    let (register, _) = build_register(&inputs, &RegistryFile::default());
    assert_eq!(register.documents.len(), 4_000);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

// ---- Properties -------------------------------------------------------------------------

fn check_spans(text: &str, e: &Extraction) -> Result<(), TestCaseError> {
    for m in &e.mentions {
        for r in [&m.span, &m.symbol] {
            prop_assert!(r.start <= r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        prop_assert!(m.span.start <= m.symbol.start && m.symbol.end <= m.span.end);
        let symbol = &text[m.symbol.clone()];
        prop_assert!(text[m.span.clone()].contains(symbol));
        prop_assert!(symbol.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(d) = m.document {
            prop_assert!(d < e.documents.len());
        }
        let p = passage(text, m.span.clone());
        prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        prop_assert!(p.start <= m.span.start && p.end >= m.span.end);
    }
    for w in &e.warnings {
        prop_assert!(
            w.span.end <= text.len() && text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end)
        );
    }
    Ok(())
}

/// Pieces that exercise every branch of the scanner.
fn tricky_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("số ".to_string()),
        Just("Số: ".to_string()),
        Just("Nghị quyết ".to_string()),
        Just("Kế hoạch hành động ".to_string()),
        Just("Quyết định ".to_string()),
        Just("Đề án ".to_string()),
        Just(" ngày ".to_string()),
        Just(" tháng ".to_string()),
        Just(" năm ".to_string()),
        Just(" của UBND tỉnh ".to_string()),
        Just(" của Ban Chỉ đạo về phát triển ".to_string()),
        Just(" về ".to_string()),
        Just("/".to_string()),
        Just("-".to_string()),
        Just("–".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("KH".to_string()),
        Just("UBND".to_string()),
        Just("NQ".to_string()),
        Just("TW".to_string()),
        Just("Đ".to_string()),
        Just("TTg".to_string()),
        Just("\u{0301}".to_string()),
        Just("\u{00A0}".to_string()),
        Just("2025".to_string()),
        "[0-9]{1,6}",
        "\\PC{0,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let e = ex(&text);
        check_spans(&text, &e)?;
    }

    #[test]
    fn arbitrary_bytes_as_text_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let e = ex(&text);
        check_spans(&text, &e)?;
    }

    #[test]
    fn citation_like_noise_never_panics_and_spans_hold(pieces in proptest::collection::vec(tricky_piece(), 0..60)) {
        let text: String = pieces.concat();
        let aliases = [Alias::new("Đề án 06", "06/QĐ-TTg", Date::new(2022, 1, 6)).expect("alias")];
        let ctx = CitingContext {
            jurisdiction: Some("xã A"),
            province: Some("Quảng Ngãi"),
            date: Date::new(2025, 1, 1),
            aliases: &aliases,
        };
        let e = extract(&text, &ctx);
        check_spans(&text, &e)?;
        let (register, _) = build_register(&[RegisterInput { plan: 0, extraction: &e }], &RegistryFile::default());
        for (k, m) in e.mentions.iter().enumerate() {
            prop_assert_eq!(register.document_of(0, k).is_some(), m.document.is_some());
        }
    }

    #[test]
    fn decomposed_text_finds_what_composed_text_finds(pieces in proptest::collection::vec(tricky_piece(), 0..40)) {
        use unicode_normalization::UnicodeNormalization;
        let composed: String = pieces.concat().nfc().collect();
        let decomposed: String = composed.nfd().collect();
        let a = ex(&composed);
        let b = ex(&decomposed);
        check_spans(&decomposed, &b)?;
        let docs = |e: &Extraction| e.documents.iter().map(|d| (d.number.to_string(), d.date, d.mentions)).collect::<Vec<_>>();
        prop_assert_eq!(docs(&a), docs(&b));
        for (m, n) in a.mentions.iter().zip(&b.mentions) {
            let left: String = composed[m.span.clone()].nfc().collect();
            let right: String = decomposed[n.span.clone()].nfc().collect();
            prop_assert_eq!(left, right);
        }
    }

    #[test]
    fn a_found_symbol_parses_back_to_its_number(ordinal in 1u32..99999, code in "(KH|QĐ|NQ|CT|TB)", issuer in "(UBND|TU|ĐU|TTg|CP|BCĐ)") {
        let text = format!("Căn cứ văn bản số {ordinal}/{code}-{issuer} ngày 5/3/2025.");
        let e = ex(&text);
        prop_assert_eq!(e.documents.len(), 1);
        let number = &e.documents[0].number;
        let parsed = DocumentNumber::parse(number.canonical());
        prop_assert_eq!(parsed.as_ref(), Some(number));
    }
}

#[test]
fn huge_inputs_of_digits_slashes_and_so_stay_fast() {
    for piece in ["số ", "1/", "12-", "số 1/KH ", "Kế hoạch số 1 ", "9", "/", "Đề án 06 "] {
        let text = piece.repeat(200_000);
        let started = std::time::Instant::now();
        let e = ex(&text);
        check_spans(&text, &e).expect("spans");
        assert!(started.elapsed().as_secs() < 30, "{piece}: {:?}", started.elapsed());
    }
}

#[test]
fn a_lone_so_and_empty_text_give_nothing() {
    for text in ["", "số", "Số:", "số /", "/", "-", "Kế hoạch số", "ngày 22/12/2024"] {
        let e = ex(text);
        assert!(e.documents.is_empty() && e.mentions.is_empty(), "{text}");
    }
}

// ---- The sample corpus ----------------------------------------------------------------------

/// Runs the engine on the hand-checked sample texts next to the crate, when they are
/// there, and compares documents, dates and mention counts with the gold lists.
#[test]
fn sample_corpus_matches_the_gold_lists() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut checked = 0;
    let mut paths: Vec<std::path::PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for gold_path in paths.iter().filter(|p| p.to_string_lossy().ends_with(".gold.json")) {
        let stem = gold_path.file_name().and_then(|n| n.to_str()).and_then(|n| n.split('.').next()).unwrap_or("");
        let Some(text_path) = paths.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{stem}_")) && n.ends_with(".txt"))
        }) else {
            continue;
        };
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(gold_path).expect("gold")).expect("gold json");
        let text = std::fs::read_to_string(text_path).expect("text");
        let e = ex(&text);
        let mut expected: Vec<(String, Option<String>, u64)> = gold["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (
                    d["number"].as_str().unwrap_or("").to_string(),
                    d["date"].as_str().map(str::to_string),
                    d["mentions"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let mut actual: Vec<(String, Option<String>, u64)> =
            e.documents.iter().map(|d| (d.number.to_string(), d.date.map(Date::iso), d.mentions as u64)).collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "{}", text_path.display());
        checked += 1;
    }
    assert!(checked > 0 || !dir.exists());
}

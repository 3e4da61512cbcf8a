//! Building a valid fixture site: what a reader sees on each page, links under a
//! sub-path base URL, overrides, determinism.

mod common;

use common::{Site, hrefs, snapshot, visible_text};

#[test]
fn plan_page_shows_its_official_information() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("ke-hoach/ke-hoach-2026/index.html");
    for expected in [
        "Kế hoạch Chuyển đổi số năm 2026",
        "Số, ký hiệu 12/KH-UBND",
        "Ngày ban hành 15/01/2026",
        "Cơ quan ban hành Ủy ban nhân dân xã Thử Nghiệm",
        "Người ký Trần Văn Bình (Chủ tịch)",
        "Trạng thái Ban hành",
        "Trích yếu Chuyển đổi số xã Thử Nghiệm năm 2026",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
}

#[test]
fn plan_page_links_its_signed_pdf_which_is_copied() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    let link = hrefs(&html).into_iter().find(|h| h.ends_with(".pdf")).expect("attachment link");
    assert_eq!(link, "/cds/ke-hoach/ke-hoach-2026/ke-hoach-da-ky.pdf");
    assert!(site.public().join("ke-hoach/ke-hoach-2026/ke-hoach-da-ky.pdf").is_file());
    assert!(visible_text(&html).contains("Tải tệp ke-hoach-da-ky.pdf"));
}

#[test]
fn long_plan_gets_a_table_of_contents_linking_to_its_headings() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    let text = visible_text(&html);
    assert!(text.contains("Mục lục I. Mục tiêu 1. Mục tiêu chung 2. Mục tiêu cụ thể II. Nhiệm vụ"), "{text}");
    assert!(hrefs(&html).contains(&"#i-muc-tieu".to_string()));
    assert!(html.contains("id=i-muc-tieu") || html.contains("id=\"i-muc-tieu\""));
    assert!(html.contains("id=1-muc-tieu-chung") || html.contains("id=\"1-muc-tieu-chung\""));
}

#[test]
fn plans_are_listed_newest_first_and_drafts_left_out() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("ke-hoach/index.html");
    let newer = text.find("Kế hoạch Chuyển đổi số năm 2026").expect("2026 plan listed");
    let older = text.find("Báo cáo kết quả năm 2025").expect("2025 report listed");
    assert!(newer < older, "{text}");
    assert!(!text.contains("Dự thảo chưa công bố"));
    assert!(!site.public().join("ke-hoach/du-thao").exists());
}

#[test]
fn every_internal_link_works_under_a_base_url_sub_path() {
    let site = Site::valid();
    site.build();
    for (path, bytes) in snapshot(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for href in hrefs(&html) {
            if href.starts_with("http")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
                || href.starts_with('#')
            {
                continue;
            }
            let rest =
                href.strip_prefix("/cds/").unwrap_or_else(|| panic!("{path}: link {href} lacks the /cds/ base path"));
            let file = rest.split('#').next().unwrap_or("");
            let file =
                if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
            assert!(site.public().join(&file).is_file(), "{path}: {href} → missing {file}");
        }
    }
}

#[test]
fn base_url_flag_overrides_config() {
    let site = Site::valid();
    let run = site.run(&["build", "--base-url", "https://khac.example.vn/"]);
    assert!(run.ok(), "{}", run.stderr);
    let html = site.read("public/index.html");
    assert!(hrefs(&html).iter().any(|h| h == "/ke-hoach/"), "{html}");
    assert!(html.contains("https://khac.example.vn/"));
}

#[test]
fn markdown_links_to_other_content_files_resolve() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    assert!(hrefs(&html).contains(&"/cds/ke-hoach/bao-cao-2025/#ket-qua".to_string()));
}

#[test]
fn footnotes_and_tables_render() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    assert!(html.contains("scope=\"col\"") || html.contains("scope=col"), "table headers get scope");
    assert!(visible_text(&html).contains("Theo hướng dẫn của tỉnh."));
}

#[test]
fn sitemap_robots_and_not_found_page_are_written() {
    let site = Site::valid();
    site.build();
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://thunghiem.example.gov.vn/cds/ke-hoach/ke-hoach-2026/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<lastmod>2026-01-15</lastmod>"));
    assert!(site.read("public/robots.txt").contains("Sitemap: https://thunghiem.example.gov.vn/cds/sitemap.xml"));
    assert!(site.text_of("404.html").contains("Không tìm thấy trang"));
}

#[test]
fn footer_shows_the_editorial_board_contact() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("index.html");
    for expected in [
        "Ban biên tập Trang thông tin điện tử xã Thử Nghiệm",
        "Thôn Một, xã Thử Nghiệm",
        "0255 111 222",
        "bbt@thunghiem.example.gov.vn",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

#[test]
fn static_files_are_copied() {
    let site = Site::valid();
    site.build();
    assert_eq!(site.read("public/ghi-chu.txt"), "tệp tĩnh\n");
    assert!(site.public().join("style.css").is_file(), "theme static file");
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = Site::valid();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Mẫu riêng: {{ page.title }}</h1>{% endblock content %}",
    );
    site.build();
    assert!(site.text_of("gioi-thieu/index.html").contains("Mẫu riêng: Giới thiệu"));
    assert!(
        site.text_of("ke-hoach/ke-hoach-2026/index.html").contains("Thông tin văn bản"),
        "plan keeps the theme's template"
    );
}

#[test]
fn templates_are_compacted_and_minify_html_runs_on_request() {
    let site = Site::valid();
    site.build();
    let compact = site.read("public/gioi-thieu/index.html");
    let layout = &compact[..compact.find("<main").expect("main")];
    assert!(!layout.contains('\n'), "the layout's line breaks are gone: {layout}");
    assert!(layout.contains("<label for=tim-nhanh-o class=an>Tìm trên trang</label> <input"), "{layout}");
    let text = visible_text(&compact);

    let run = site.run(&["build", "--minify"]);
    assert!(run.ok(), "{}", run.stderr);
    let minified = site.read("public/gioi-thieu/index.html");
    assert!(!minified.contains("\n<"), "minified output has no line-leading tags");
    assert!(minified.len() < compact.len());
    assert_eq!(visible_text(&minified), text, "minifying changes no visible text");

    // The old flag still works (scripts written for earlier versions).
    let run = site.run(&["build", "--no-minify"]);
    assert!(run.ok(), "{}", run.stderr);
    assert_eq!(site.read("public/gioi-thieu/index.html"), compact);
}

#[test]
fn same_input_gives_byte_identical_output_whatever_the_file_order() {
    let first = Site::valid();
    first.build();
    let second = Site::from_fixture("valid", None);
    // Recreate the content files in reverse order so directory listings differ.
    std::fs::remove_dir_all(second.root().join("content")).expect("rm");
    common::copy_tree(&common::fixture("valid").join("content"), &second.root().join("content"), true);
    second.build();
    let a = snapshot(&first.public());
    let b = snapshot(&second.public());
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
    // And building again in place changes nothing.
    first.build();
    assert!(snapshot(&first.public()) == a, "rebuild changed the output");
}

#[test]
fn output_dir_flag_writes_elsewhere_and_refuses_sources() {
    let site = Site::valid();
    let out = site.root().join("dau-ra");
    let run = site.run(&["build", "--output-dir", out.to_str().expect("utf-8")]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    let run = site.run(&["build", "--output-dir", site.root().join("content").to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(site.root().join("content/_index.md").is_file(), "content survived");
}

#[test]
fn rebuilding_over_the_previous_output_gives_exactly_a_fresh_build() {
    let site = Site::valid();
    site.build();
    let intro = site.read("content/gioi-thieu.md");
    site.write("content/gioi-thieu.md", &intro.replace("\n\n", "\n\nĐoạn mới thêm vào.\n\n"));
    site.build();
    // The third build starts from the first one's files, kept aside by the second.
    std::fs::remove_file(site.root().join("content/gioi-thieu.md")).expect("rm");
    site.build();
    assert!(!site.public().join("gioi-thieu").exists(), "the removed page is gone");
    let fresh = site.root().join("tuoi");
    let run = site.run(&["build", "--output-dir", fresh.to_str().expect("utf-8")]);
    assert!(run.ok(), "{}", run.stderr);
    let rebuilt = snapshot(&site.public());
    assert!(rebuilt == snapshot(&fresh), "a rebuild differs from a fresh build");
    let beside: Vec<String> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert_eq!(beside, vec![".public.old"], "only the kept previous output beside public/");
    let ignore = site.read(".public.old/.gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "git ignores the kept output: {ignore:?}");
}

//! Indicators and tasks on the built site: the appendix with honest bars, the
//! dashboard counts, filters, agency pages, open data, and one changed figure
//! flowing through every page.

mod common;

use common::{Site, attribute, hrefs, visible_text};

#[test]
fn plan_page_summarises_progress_and_links_its_appendix() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    let text = visible_text(&html);
    assert!(text.contains("Chỉ tiêu và tiến độ thực hiện"), "{text}");
    assert!(text.contains("Chỉ tiêu (4) 1 Đạt 1 Đúng tiến độ 1 Chậm tiến độ 1 Chưa có số liệu"), "{text}");
    assert!(hrefs(&html).contains(&"/cds/ke-hoach/ke-hoach-2026/chi-tieu/".to_string()));
}

#[test]
fn plan_appendix_shows_every_indicator_with_target_agency_bar_and_status() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/chi-tieu/index.html");
    let text = visible_text(&html);
    for expected in [
        "1 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình 80% 62,5% / mục tiêu 80%",
        "Đúng tiến độ Văn phòng HĐND và UBND",
        "2 Tỷ lệ người dân có tài khoản định danh điện tử mức 2 ≥ 85% 90% / mục tiêu ≥ 85% Đạt",
        "3 Tỷ lệ hồ sơ quá hạn ≤ 1% 4,5% / mục tiêu ≤ 1% Chậm tiến độ",
        "4 Đảm bảo mạng nội bộ hoạt động thông suốt Hoàn thành Chưa có số liệu / mục tiêu Hoàn thành Chưa có số liệu",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let valuetexts = attribute(&html, "aria-valuetext");
    assert!(valuetexts.contains(&"62,5% / mục tiêu 80%".to_string()), "{valuetexts:?}");
    let roles = attribute(&html, "role");
    assert!(roles.iter().any(|r| r == "meter"), "indicators are meters");
    assert!(roles.iter().any(|r| r == "progressbar"), "tasks are progress bars");
    assert!(text.contains("Ban hành quy chế vận hành hệ thống thông tin"));
}

#[test]
fn no_data_is_never_shown_as_zero() {
    let site = Site::valid();
    site.build();
    let page = site.text_of("chi-tieu/ct-04/index.html");
    assert!(page.contains("Chưa có số liệu"));
    assert!(!page.contains("0% / mục tiêu"), "{page}");
    let html = site.read("public/ke-hoach/ke-hoach-2026/chi-tieu/index.html");
    let meters = attribute(&html, "role").iter().filter(|r| *r == "meter").count();
    assert_eq!(meters, 3, "the indicator without data has no meter");
}

#[test]
fn dashboard_counts_add_up() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("index.html");
    for expected in [
        "Chỉ tiêu (4) 1 Đạt 1 Đúng tiến độ 1 Chậm tiến độ 1 Chưa có số liệu",
        "1/3 chỉ tiêu có số liệu đã đạt",
        "Nhiệm vụ (3) 1 Hoàn thành 0 Đang thực hiện 1 Quá hạn 1 Thường xuyên",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        text.contains(
            "Nhiệm vụ quá hạn (1) Ban hành quy chế vận hành hệ thống thông tin — hạn 31/05/2026, quá hạn 30 ngày"
        ),
        "{text}"
    );
}

#[test]
fn status_filters_are_pages_that_work_without_javascript() {
    let site = Site::valid();
    site.build();
    let met = site.text_of("chi-tieu/trang-thai/dat/index.html");
    assert!(met.contains("Tỷ lệ người dân có tài khoản định danh điện tử mức 2"));
    assert!(!met.contains("Tỷ lệ hồ sơ quá hạn"));
    let overdue = site.text_of("nhiem-vu/trang-thai/qua-han/index.html");
    assert!(overdue.contains("Ban hành quy chế vận hành hệ thống thông tin"));
    assert!(!overdue.contains("Tập huấn kỹ năng số cho cán bộ"));
}

#[test]
fn agency_page_lists_what_it_answers_for() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("co-quan/phong-van-hoa-xa-hoi/index.html");
    assert!(text.contains("Tỷ lệ người dân có tài khoản định danh điện tử mức 2"));
    assert!(text.contains("Tập huấn kỹ năng số cho cán bộ"));
    assert!(!text.contains("Tỷ lệ hồ sơ quá hạn"), "not its indicator");
    let index = site.read("public/co-quan/index.html");
    assert!(hrefs(&index).contains(&"/cds/co-quan/van-phong-hdnd-va-ubnd/".to_string()));
}

#[test]
fn indicator_page_has_chart_with_text_table_and_sources() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/chi-tieu/ct-01/index.html");
    assert!(html.contains("<svg"), "chart");
    let text = visible_text(&html);
    for expected in ["31/12/2025 (mốc cơ sở) 40%", "31/03/2026 55% 12/BC-UBND", "30/06/2026 62,5% 30/BC-UBND"] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(text.contains("vượt lộ trình"), "explains the status: {text}");
}

#[test]
fn open_data_csv_has_bom_and_matches_the_toml() {
    let site = Site::valid();
    site.build();
    let bytes = std::fs::read(site.public().join("du-lieu/chi-tieu.csv")).expect("csv");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert!(csv.lines().any(|l| l.contains("ct-01") && l.contains("2026-06-30") && l.contains("62.5")), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&site.read("public/du-lieu/nhiem-vu.json")).expect("tasks json");
    assert!(json.to_string().contains("nv-03"));
    assert!(site.text_of("du-lieu/index.html").contains("Giấy phép"));
}

#[test]
fn one_changed_figure_flows_through_pages_rollups_and_open_data() {
    let site = Site::valid();
    site.build();
    let toml = site.read("content/chi-tieu.toml").replace("value = \"62,5%\"", "value = \"81%\"");
    site.write("content/chi-tieu.toml", &toml);
    site.build();
    assert!(site.text_of("chi-tieu/ct-01/index.html").contains("81% / mục tiêu 80%"));
    let home = site.text_of("index.html");
    assert!(home.contains("Chỉ tiêu (4) 2 Đạt 0 Đúng tiến độ 1 Chậm tiến độ 1 Chưa có số liệu"), "{home}");
    assert!(site.text_of("ke-hoach/ke-hoach-2026/chi-tieu/index.html").contains("81% / mục tiêu 80% Đạt"));
    let csv = site.read("public/du-lieu/chi-tieu.csv");
    assert!(csv.lines().any(|l| l.contains("ct-01") && l.contains("2026-06-30") && l.contains(",81")), "{csv}");
}

#[test]
fn today_flag_moves_the_report_date() {
    let site = Site::valid();
    let run = site.run(&["build", "--today", "2026-07-15"]);
    assert!(run.ok(), "{}", run.stderr);
    let text = site.text_of("index.html");
    assert!(text.contains("Số liệu tính đến ngày 15/07/2026"), "{text}");
}

#[test]
fn bad_indicator_file_is_reported_at_its_line() {
    let site = Site::valid();
    site.build();
    let toml = site
        .read("content/chi-tieu.toml")
        .replace("lead = \"vp\"\nbaseline", "lead = \"Phòng Kinh tế\"\nbaseline")
        .replace("date = 2026-06-30\nvalue = \"90%\"", "date = 2026-07-30\nvalue = \"90%\"");
    site.write("content/chi-tieu.toml", &toml);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    assert!(
        errors.iter().any(|l| l.starts_with("content/chi-tieu.toml:56:9:") && l.contains("Phòng Kinh tế")),
        "{}",
        run.stderr
    );
    assert!(errors.iter().any(|l| l.starts_with("content/chi-tieu.toml:47:8:")), "{}", run.stderr);
}

#[test]
fn long_lists_are_split_into_pages_linked_both_ways() {
    let site = Site::valid();
    let mut extra = String::new();
    for n in 0..150 {
        extra.push_str(&format!(
            "\n[[indicators]]\nid = \"them-{n:03}\"\ntt = {}\ngroup = \"g1\"\nname = \"Chỉ tiêu bổ sung số {n:03}\"\ntarget = \"100%\"\nlead = \"vp\"\n",
            n + 10
        ));
    }
    for n in 0..110 {
        // The last five are the most overdue, so the home page lists them; they sit on
        // the second page of the task list.
        let month = if n >= 105 { 3 } else { 5 };
        extra.push_str(&format!(
            "\n[[tasks]]\nid = \"them-nv-{n:03}\"\nplan = \"ke-hoach-2026\"\nname = \"Nhiệm vụ bổ sung số {n:03}\"\nlead = \"vp\"\ndeadline = \"trong tháng {month}/2026\"\n"
        ));
    }
    for n in 0..100 {
        extra.push_str(&format!("\n[[agencies]]\nid = \"cq-{n:03}\"\nname = \"Tổ công tác số {n:03}\"\n"));
    }
    let toml = site.read("content/chi-tieu.toml") + &extra;
    site.write("content/chi-tieu.toml", &toml);
    let run = site.build();
    assert!(run.ok(), "{:?}", run.errors());
    // 102 agencies: the list continues on a second page.
    assert!(site.text_of("co-quan/trang/2/index.html").contains("Trang 2/2"));
    // Every link, including links to tasks on the second page of the task list, resolves.
    let check = site.run(&["check"]);
    assert!(check.ok(), "{:?}", check.errors());
    let home = hrefs(&site.read("public/index.html"));
    assert!(home.contains(&"/cds/nhiem-vu/trang/2/#nv-them-nv-109".to_string()), "{home:?}");
    assert!(attribute(&site.read("public/nhiem-vu/trang/2/index.html"), "id").contains(&"nv-them-nv-109".to_string()));

    let first = site.read("public/chi-tieu/index.html");
    let second = site.read("public/chi-tieu/trang/2/index.html");
    let (first_text, second_text) = (visible_text(&first), visible_text(&second));
    // 154 indicators: 100 on the first page, 54 on the second, none twice.
    assert!(first_text.contains("Trang 1/2"), "{first_text}");
    assert!(second_text.contains("Trang 2/2"), "{second_text}");
    let on_first = (0..150).filter(|n| first_text.contains(&format!("Chỉ tiêu bổ sung số {n:03}"))).count();
    let on_second = (0..150).filter(|n| second_text.contains(&format!("Chỉ tiêu bổ sung số {n:03}"))).count();
    assert_eq!(on_first + on_second, 150);
    assert_eq!(on_first, 96, "4 fixture indicators + 96 added fill the first page");
    assert!(hrefs(&first).contains(&"/cds/chi-tieu/trang/2/".to_string()));
    assert!(hrefs(&second).contains(&"/cds/chi-tieu/".to_string()));
    assert!(!site.public().join("chi-tieu/trang/3").exists());
}

#[test]
fn the_home_page_shows_the_latest_plans_and_links_the_rest() {
    let site = Site::valid();
    let mut extra = String::new();
    for n in 1..=16 {
        site.write(
            &format!("content/ke-hoach/ke-hoach-xa-{n:02}.md"),
            &format!(
                "+++\ntitle = \"Kế hoạch thử số {n:02}\"\nnumber = \"{}/KH-UBND\"\ndate = 2026-03-{n:02}\nissuer = \"Ủy ban nhân dân xã Thử Nghiệm\"\nkind = \"Kế hoạch\"\nstatus = \"ban hành\"\nyear = 2026\nsummary = \"Kế hoạch thử {n:02}\"\n+++\nNội dung.\n",
                200 + n
            ),
        );
        extra.push_str(&format!(
            "\n[[groups]]\nid = \"nhom-{n:02}\"\nnumber = \"I\"\nname = \"Nhóm {n:02}\"\nplan = \"ke-hoach-xa-{n:02}\"\ndeadline = \"năm 2026\"\n\n[[indicators]]\nid = \"xa-{n:02}\"\ntt = 1\ngroup = \"nhom-{n:02}\"\nname = \"Chỉ tiêu của kế hoạch {n:02}\"\ntarget = \"100%\"\nlead = \"vp\"\n"
        ));
    }
    let toml = site.read("content/chi-tieu.toml") + &extra;
    site.write("content/chi-tieu.toml", &toml);
    let run = site.build();
    assert!(run.ok(), "{:?}", run.errors());
    let home = site.text_of("index.html");
    // 17 plans have indicators; the 15 issued last are shown, newest first.
    assert!(home.contains("15 kế hoạch ban hành gần nhất trong số 17 kế hoạch có chỉ tiêu"), "{home}");
    let first = home.find("Kế hoạch thử số 16").expect("newest plan shown");
    let later = home.find("Kế hoạch thử số 15").expect("next plan shown");
    assert!(first < later, "newest first");
    assert!(home.contains("Kế hoạch thử số 02"));
    assert!(!home.contains("Kế hoạch thử số 01"), "the oldest plans are left to the full list");
    assert!(hrefs(&site.read("public/index.html")).contains(&"/cds/ke-hoach/".to_string()));
}

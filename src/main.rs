//! The `congkhai` command line: parses flags, calls the library, prints diagnostics
//! and sets the exit code (0: done/publishable, 1: problems in the site, 2: could not
//! run at all).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use congkhai::date::Date;
use congkhai::diagnostics::{Diagnostic, Severity};
use congkhai::legal::cli::{CitationsFormat, run_citations};
use congkhai::site::{self, BuildOptions, Report};

congkhai::use_jemalloc!();

#[derive(Parser)]
#[command(name = "congkhai", version, about = "Dựng trang công khai kế hoạch, chỉ tiêu và văn bản của xã")]
struct Cli {
    /// Thư mục của trang (chứa config.toml và content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Dựng toàn bộ trang vào thư mục xuất (mặc định public/), chỉ thay khi mọi thứ đều đúng
    Build {
        /// Thư mục xuất
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        /// Địa chỉ trang khi đăng (thay base_url trong config.toml)
        #[arg(long, short = 'u')]
        base_url: Option<String>,
        /// Rút gọn thêm HTML bằng minify-html (ít hơn khoảng 4% byte khi chưa nén, dựng chậm hơn khoảng 1,6 lần)
        #[arg(long)]
        minify: bool,
        /// (Giữ cho các kịch bản cũ: nay là mặc định)
        #[arg(long, hide = true)]
        no_minify: bool,
        /// Kiểm tra luôn mọi liên kết trong trang và mục #neo như lệnh check, trong cùng một lượt dựng
        #[arg(long)]
        check: bool,
        /// Coi cảnh báo là lỗi (khi đó không thay thư mục xuất)
        #[arg(long)]
        strict: bool,
        /// Cách in lỗi và cảnh báo
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        common: Common,
        /// In thời gian của từng bước
        #[arg(long)]
        timings: bool,
    },
    /// Kiểm tra toàn bộ trang (nội dung, mẫu giao diện, liên kết) mà không ghi gì
    Check {
        /// Coi cảnh báo là lỗi
        #[arg(long)]
        strict: bool,
        /// Cách in kết quả
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Địa chỉ trang khi đăng (thay base_url trong config.toml)
        #[arg(long, short = 'u')]
        base_url: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Tạo trang mới cho một xã: cấu hình, một kế hoạch mẫu, tệp chỉ tiêu, hướng dẫn và CI
    Init {
        /// Thư mục sẽ tạo (phải mới hoặc trống)
        dir: PathBuf,
        /// Tên xã (không kèm chữ "xã")
        #[arg(long, default_value = "Bình Chương")]
        commune: String,
        /// Tên tỉnh (không kèm chữ "tỉnh")
        #[arg(long, default_value = "Quảng Ngãi")]
        province: String,
    },
    /// Tìm các văn bản được viện dẫn trong tệp văn bản thuần hoặc Markdown
    Citations {
        /// Định dạng kết quả
        #[arg(long, value_enum, default_value_t = CitationsFormat::Json)]
        format: CitationsFormat,
        /// Các tệp cần quét
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Xem trước: dựng trang trong bộ nhớ, phục vụ qua HTTP và tự tải lại khi lưu tệp
    Serve {
        /// Địa chỉ lắng nghe (mặc định chỉ máy này)
        #[arg(long, short = 'i', default_value = "127.0.0.1")]
        interface: String,
        /// Cổng (0: chọn cổng trống bất kỳ)
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Mở trình duyệt sau khi dựng xong
        #[arg(long, short = 'O')]
        open: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Ngày báo cáo (YYYY-MM-DD) để tính tiến độ; mặc định lấy report_date trong config.toml
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Dựng cả các trang nháp (draft = true)
    #[arg(long)]
    drafts: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Dạng đọc được: path:line:col: error: message
    Human,
    /// JSON cho các hệ thống CI khác
    Json,
    /// Chú thích GitHub Actions (::error file=…,line=…,col=…::…)
    Github,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" không phải ngày hợp lệ (viết YYYY-MM-DD, ví dụ 2026-10-31)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { output_dir, base_url, minify, no_minify, check, strict, format, common, timings } => {
            let mut options = options(&cli.root, &common);
            options.output_dir = output_dir;
            options.base_url = base_url;
            options.minify = minify && !no_minify;
            options.check_links = check;
            options.strict = strict;
            if let Some(code) = cannot_run(&options) {
                return code;
            }
            let report = site::build(&options);
            print_diagnostics(&report, format);
            if timings {
                eprintln!("{}", report.timings.report());
            }
            if report.publishable(strict) {
                eprintln!("Đã dựng {} tệp vào {}", report.files, options.output_dir().display());
                ExitCode::SUCCESS
            } else {
                let problems = if report.ok() {
                    format!("{} cảnh báo, coi là lỗi vì có --strict", report.diagnostics.len())
                } else {
                    summary(&report)
                };
                eprintln!("{problems}; thư mục {} giữ nguyên như trước.", options.output_dir().display());
                ExitCode::from(1)
            }
        }
        Command::Init { dir, commune, province } => match congkhai::init::init(&dir, &commune, &province) {
            Ok(files) => {
                for file in &files {
                    println!("  đã tạo {}", dir.join(file).display());
                }
                println!(
                    "Đã tạo trang cho xã {commune}. Tiếp theo: điền thông tin Ban biên tập trong config.toml, rồi chạy
  congkhai --root {} serve",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Citations { format, files } => ExitCode::from(run_citations(&files, format).clamp(0, 255) as u8),
        Command::Serve { interface, port, open, common } => {
            let options = options(&cli.root, &common);
            if let Some(code) = cannot_run(&options) {
                return code;
            }
            let serve_options = congkhai::serve::ServeOptions { build: options, interface, port, open };
            match congkhai::serve::serve(serve_options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { strict, format, base_url, common } => {
            let mut options = options(&cli.root, &common);
            options.base_url = base_url;
            if let Some(code) = cannot_run(&options) {
                return code;
            }
            let report = site::check(&options);
            print_diagnostics(&report, format);
            if format != Format::Json {
                eprintln!("{}", summary(&report));
            }
            if report.publishable(strict) { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
    }
}

fn options(root: &std::path::Path, common: &Common) -> BuildOptions {
    let mut options = BuildOptions::new(root);
    options.today = common.today;
    options.drafts = common.drafts;
    options.source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok());
    options
}

/// Exit code 2 when there is no site to work on at all.
fn cannot_run(options: &BuildOptions) -> Option<ExitCode> {
    if options.root.join("config.toml").is_file() {
        return None;
    }
    let d = Diagnostic::error(
        "config.toml",
        1,
        1,
        format!("không tìm thấy config.toml trong {}", options.root.display()),
    )
    .with_hint(
        "chạy lệnh trong thư mục của trang, dùng --root <thư mục>, hoặc tạo trang mới bằng `congkhai init <thư mục>`",
    );
    eprintln!("{d}");
    Some(ExitCode::from(2))
}

/// The diagnostics as asked: human-readable lines on stderr, one JSON report on stdout,
/// or GitHub Actions annotations on stdout.
/// A closed stdout (`congkhai check --format github | head`) is not an error: what was
/// asked for still decides the exit code.
fn print_diagnostics(report: &Report, format: Format) {
    use std::io::Write as _;
    let text = match format {
        Format::Human => return print_human(&report.diagnostics),
        Format::Json => json_report(report) + "\n",
        Format::Github => report.diagnostics.iter().map(|d| github_annotation(d) + "\n").collect(),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Prints every diagnostic to stderr in one write: stderr is unbuffered, and a province's
/// thousands of warnings written piece by piece were 40,000 system calls (6,000 lines
/// at 1,000 plans) on the build's last, single-threaded step.
fn print_human(diagnostics: &[Diagnostic]) {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let mut text = String::new();
    for d in diagnostics {
        let _ = writeln!(text, "{d}");
    }
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn summary(report: &Report) -> String {
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = report.diagnostics.len() - errors;
    match (errors, warnings) {
        (0, 0) => format!("Không có lỗi ({} tệp đã kiểm tra).", report.files),
        (0, w) => format!("Không có lỗi, {w} cảnh báo."),
        (e, 0) => format!("{e} lỗi"),
        (e, w) => format!("{e} lỗi, {w} cảnh báo"),
    }
}

fn json_report(report: &Report) -> String {
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let value = serde_json::json!({
        "ok": report.ok(),
        "errors": errors,
        "warnings": report.diagnostics.len() - errors,
        "diagnostics": report.diagnostics,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `::error file=…,line=…,col=…,title=…::message` (GitHub Actions workflow command).
fn github_annotation(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(" — gợi ý: ");
        message.push_str(hint);
    }
    format!(
        "::{level} file={},line={},col={},title=congkhai::{}",
        escape_property(&d.path),
        d.line,
        d.col,
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

//! Calendar dates without time zones: what plans, measurements and deadlines speak
//! in. Parsing from the forms the board writes (`2026-01-31`, `31/01/2026`) and
//! formatting the Vietnamese way (`31/01/2026`).

use std::fmt;

use serde::{Serialize, Serializer};

/// A valid Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The last day of the given month.
    pub fn end_of_month(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01. Inverse of [`Date::to_days`].
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day of a Unix timestamp in seconds (UTC+7, the time zone of Vietnam), as
    /// given by `SOURCE_DATE_EPOCH`.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        Date::from_days((seconds + 7 * 3600).div_euclid(86_400))
    }

    /// `2026-01-31`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `31/01/2026`, as dates are written on Vietnamese official pages.
    pub fn vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// Parses `2026-01-31` (ISO, as TOML writes dates) or `31/01/2026`, `31/1/2026`,
    /// `31-01-2026`, `31.01.2026` (the Vietnamese order).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let numbers: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
        if parts[0].len() == 4 && text.as_bytes()[4] == b'-' {
            Date::new(numbers[0] as i32, numbers[1], numbers[2])
        } else if parts[2].len() == 4 {
            Date::new(numbers[2] as i32, numbers[1], numbers[0])
        } else {
            None
        }
    }

    /// The date of a TOML date or date-time value (the time part is ignored).
    pub fn from_toml(datetime: &toml::value::Datetime) -> Option<Date> {
        let date = datetime.date?;
        Date::new(i32::from(date.year), u32::from(date.month), u32::from(date.day))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vi())
    }
}

/// Dates serialise as ISO strings (open data, JSON, templates sort them correctly).
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::parse("31/4/2025").is_none());
    }

    #[test]
    fn parses_both_orders() {
        assert_eq!(Date::parse("2024-12-22"), Date::new(2024, 12, 22));
        assert_eq!(Date::parse("22/12/2024"), Date::new(2024, 12, 22));
        assert_eq!(Date::parse("5/3/2025"), Date::new(2025, 3, 5));
        assert_eq!(Date::parse("05.3.2025"), Date::new(2025, 3, 5));
        assert_eq!(Date::parse("04-10-2025"), Date::new(2025, 10, 4));
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_454, 100_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).map(Date::to_days), Some(0));
        assert_eq!(Date::from_unix_seconds(1_767_200_400).iso(), "2026-01-01");
    }

    #[test]
    fn formats_vietnamese_way() {
        assert_eq!(Date::new(2026, 1, 5).map(Date::vi).as_deref(), Some("05/01/2026"));
    }
}

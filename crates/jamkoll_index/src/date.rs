//! Calendar dates as the records carry them (ISO 8601), without a date-time dependency.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date. Parsed from ISO 8601 (`2024-03-18`, also `20240318` and a date-time such
/// as `2024-03-18T10:15:00`, whose time is dropped: reviews aggregate by day at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoDate {
    year: i32,
    month: u8,
    day: u8,
}

/// A string that is not an ISO 8601 date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotADate;

impl IsoDate {
    /// A date from its parts, when they name a real day.
    pub fn new(year: i32, month: u8, day: u8) -> Option<IsoDate> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(IsoDate { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Option<IsoDate> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        IsoDate::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl FromStr for IsoDate {
    type Err = NotADate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let date_part = s.split(['T', ' ']).next().unwrap_or(s);
        let digits: String = date_part.chars().filter(|c| *c != '-').collect();
        let dashed_ok = match date_part.len() {
            10 => date_part.as_bytes()[4] == b'-' && date_part.as_bytes()[7] == b'-',
            8 => !date_part.contains('-'),
            _ => false,
        };
        if !dashed_ok || digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NotADate);
        }
        let year = digits[0..4].parse().map_err(|_| NotADate)?;
        let month = digits[4..6].parse().map_err(|_| NotADate)?;
        let day = digits[6..8].parse().map_err(|_| NotADate)?;
        IsoDate::new(year, month, day).ok_or(NotADate)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom("expected an ISO 8601 date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_forms_and_rejects_others() {
        for ok in [
            "2024-03-18",
            "20240318",
            "2024-03-18T10:15:00Z",
            "2024-02-29",
        ] {
            assert!(ok.parse::<IsoDate>().is_ok(), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "18/3/2024",
            "2024-13-01",
            "2024-3-18",
            "",
            "811228-9874",
        ] {
            assert!(bad.parse::<IsoDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2024-12-31", "1899-07-04"] {
            let d: IsoDate = s.parse().unwrap();
            assert_eq!(
                IsoDate::from_days_since_epoch(d.days_since_epoch()),
                Some(d)
            );
        }
        assert_eq!(
            "1970-01-02".parse::<IsoDate>().unwrap().days_since_epoch(),
            1
        );
    }
}

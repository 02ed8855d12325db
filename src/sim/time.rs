//! Virtual time. The simulated cluster has its own clock; nothing in `sim` reads the host's.
//!
//! `Time` is milliseconds since the Unix epoch, so timestamps print as real RFC 3339 instants
//! (`2025-01-01T00:00:00Z`), and `Duration` is a span in milliseconds. Kubernetes serialises
//! timestamps to the second, and so do we.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An instant on the virtual clock (milliseconds since 1970-01-01T00:00:00Z).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

/// A span of virtual time in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub i64);

/// Where every simulated session starts: 2025-01-01T00:00:00Z.
pub const SESSION_START: Time = Time(1_735_689_600_000);

impl Duration {
    pub const ZERO: Duration = Duration(0);
    pub const fn millis(ms: i64) -> Self {
        Duration(ms)
    }
    pub const fn seconds(s: i64) -> Self {
        Duration(s * 1000)
    }
    pub const fn minutes(m: i64) -> Self {
        Duration(m * 60_000)
    }
    pub const fn as_millis(self) -> i64 {
        self.0
    }
    /// Whole seconds, rounded toward zero.
    pub const fn as_secs(self) -> i64 {
        self.0 / 1000
    }

    /// Parses Go-style durations as kubectl and `sim wait` take them: `30s`, `5m`, `1m30s`,
    /// `1h`, `250ms`, `1.5s`. A bare number is seconds.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err(format!("invalid duration {text:?}"));
        }
        if let Ok(n) = s.parse::<i64>() {
            return n
                .checked_mul(1000)
                .map(Duration)
                .ok_or_else(|| format!("invalid duration {text:?}"));
        }
        let invalid = || format!("time: invalid duration {text:?}");
        let mut total: i64 = 0;
        let mut rest = s;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| format!("time: missing unit in duration {text:?}"))?;
            let (whole, fraction) = rest[..num_len]
                .split_once('.')
                .unwrap_or((&rest[..num_len], ""));
            if (whole.is_empty() && fraction.is_empty()) || fraction.contains('.') {
                return Err(invalid());
            }
            rest = &rest[num_len..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(rest.len());
            let per_unit: i128 = match &rest[..unit_len] {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                unit => return Err(format!("time: unknown unit {unit:?} in duration {text:?}")),
            };
            rest = &rest[unit_len..];
            // In whole milliseconds, the fraction rounded half up, as Go's integer
            // arithmetic would give them (Go keeps nanoseconds; the clock here ticks in ms).
            let whole: i128 = if whole.is_empty() {
                0
            } else {
                whole.parse::<i64>().map_err(|_| invalid())?.into()
            };
            let fraction = &fraction[..fraction.len().min(18)];
            let denominator = 10i128.pow(fraction.len() as u32);
            let numerator: i128 = fraction.parse::<i64>().map_or(0, i128::from);
            let add =
                whole * per_unit + (2 * numerator * per_unit + denominator) / (2 * denominator);
            if add > 1_000_000_000_000_000 {
                return Err(invalid());
            }
            total = total.checked_add(add as i64).ok_or_else(invalid)?;
        }
        Ok(Duration(total))
    }
}

impl fmt::Display for Duration {
    /// Go's `time.Duration` String for whole seconds: `1m30s`, `10s`, `0s`, `1h0m0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms % 1000 != 0 {
            return write!(f, "{}.{:03}s", ms / 1000, (ms % 1000).abs());
        }
        let s = ms / 1000;
        let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
        if h > 0 {
            write!(f, "{h}h{m}m{sec}s")
        } else if m > 0 {
            write!(f, "{m}m{sec}s")
        } else {
            write!(f, "{sec}s")
        }
    }
}

impl std::ops::Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(d.0))
    }
}

impl std::ops::Sub<Duration> for Time {
    type Output = Time;
    fn sub(self, d: Duration) -> Time {
        Time(self.0.saturating_sub(d.0))
    }
}

impl std::ops::Sub<Time> for Time {
    type Output = Duration;
    fn sub(self, other: Time) -> Duration {
        Duration(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Sub for Duration {
    type Output = Duration;
    fn sub(self, o: Duration) -> Duration {
        Duration(self.0.saturating_sub(o.0))
    }
}

impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, o: Duration) -> Duration {
        Duration(self.0.saturating_add(o.0))
    }
}

/// `duration.HumanDuration` (apimachinery), as kubectl prints ages: `45s`, `2m5s`, `12m`,
/// `3h20m`, `2d4h`, `400d`, `3y10d`.
pub fn human_duration(d: Duration) -> String {
    // `int(d.Seconds())`: towards zero, so up to two seconds ahead is "0s", not `<invalid>`.
    let secs = d.0 / 1000;
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Days since the epoch to a proleptic Gregorian (year, month, day) (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Time {
    pub fn from_secs(s: i64) -> Time {
        Time(s * 1000)
    }

    /// RFC 3339 at second precision, as Kubernetes serialises `metav1.Time`.
    pub fn rfc3339(self) -> String {
        let secs = self.0.div_euclid(1000);
        let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, mo, d) = civil_from_days(days);
        format!(
            "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
            sod / 3600,
            (sod % 3600) / 60,
            sod % 60
        )
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    pub fn parse_rfc3339(s: &str) -> Result<Time, String> {
        let bad = || format!("parsing time {s:?}: not RFC 3339");
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
            s.get(r)
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|t| t.parse().ok())
                .ok_or_else(bad)
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return Err(bad());
        }
        let mut rest = &s[19..];
        let mut millis = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(frac.len());
            if n == 0 {
                return Err(bad());
            }
            let digits = &frac[..n.min(3)];
            millis =
                digits.parse::<i64>().map_err(|_| bad())? * 10_i64.pow(3 - digits.len() as u32);
            rest = &frac[n..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                let oh: i64 = rest[1..3].parse().map_err(|_| bad())?;
                let om: i64 = rest[4..6].parse().map_err(|_| bad())?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(bad()),
        };
        let days = days_from_civil(y, mo as u32, d as u32);
        let secs = days * 86_400 + h * 3600 + mi * 60 + se - offset;
        Ok(Time(secs * 1000 + millis))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        for s in [
            "2025-01-01T00:00:00Z",
            "2016-01-01T00:01:09Z",
            "2000-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z",
        ] {
            assert_eq!(Time::parse_rfc3339(s).unwrap().rfc3339(), s);
        }
        assert_eq!(SESSION_START.rfc3339(), "2025-01-01T00:00:00Z");
        assert_eq!(
            Time::parse_rfc3339("2025-01-01T01:00:00+01:00").unwrap(),
            SESSION_START
        );
        assert!(Time::parse_rfc3339("2025-13-01T00:00:00Z").is_err());
        assert!(Time::parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn human_durations_match_kubectl() {
        let cases = [
            (0, "0s"),
            (119, "119s"),
            (120, "2m"),
            (125, "2m5s"),
            (599, "9m59s"),
            (600, "10m"),
            (10_799, "179m"),
            (10_800, "3h"),
            (12_000, "3h20m"),
            (28_800, "8h"),
            (172_799, "47h"),
            (172_800, "2d"),
            (190_800, "2d5h"),
            (691_200, "8d"),
            (63_072_000, "2y"),
            (64_000_000, "2y10d"),
            (252_288_000, "8y"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(Duration::seconds(secs)), want, "{secs}");
        }
        assert_eq!(human_duration(Duration::seconds(-1)), "0s");
        assert_eq!(human_duration(Duration::seconds(-5)), "<invalid>");
        assert_eq!(human_duration(Duration::millis(-1999)), "0s");
        assert_eq!(human_duration(Duration::millis(-2000)), "<invalid>");
        assert_eq!(human_duration(Duration::seconds(-30)), "<invalid>");
    }

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(Duration::parse("30s"), Ok(Duration::seconds(30)));
        assert_eq!(Duration::parse("1m30s"), Ok(Duration::seconds(90)));
        assert_eq!(Duration::parse("5m"), Ok(Duration::minutes(5)));
        assert_eq!(Duration::parse("1h"), Ok(Duration::minutes(60)));
        assert_eq!(Duration::parse("250ms"), Ok(Duration::millis(250)));
        assert_eq!(Duration::parse("1.5s"), Ok(Duration::millis(1500)));
        assert_eq!(Duration::parse("42"), Ok(Duration::seconds(42)));
        assert_eq!(Duration::parse(".5s"), Ok(Duration::millis(500)));
        assert_eq!(Duration::parse("2.s"), Ok(Duration::seconds(2)));
        assert_eq!(Duration::parse("1.0005s"), Ok(Duration::millis(1001)));
        assert_eq!(Duration::parse("0.1h1.25m"), Ok(Duration::millis(435_000)));
        assert_eq!(
            Duration::parse("1.33333333333333333333333m"),
            Ok(Duration::millis(80_000))
        );
        for bad in [
            "",
            "s",
            "5x",
            "-",
            "1e400s",
            "99999999999999999999",
            ".s",
            "1.2.3s",
            "99999999999999999s",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Duration::seconds(90).to_string(), "1m30s");
        assert_eq!(Duration::seconds(3600).to_string(), "1h0m0s");
    }
}

//! Small helpers the simulators need: a seeded PRNG, each upstream's date formats (the `time`
//! crate), base64 (the `base64` crate), query pairs, JWT-shaped tokens.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::Deserialize;
use std::time::{SystemTime, UNIX_EPOCH};
use time::format_description::well_known::Iso8601;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// SplitMix64: deterministic, seedable, good enough for demo data and fault dice.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `p` (0.0 ..= 1.0).
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Standard base64 with padding (what JobDiva and RefAssured carry files as).
pub fn base64_encode(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Standard base64 (whitespace ignored, as a lenient server would). `None` when it does not decode.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD.decode(clean).ok()
}

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn now_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

fn at(t: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn format(t: OffsetDateTime, f: &[BorrowedFormatItem<'_>]) -> String {
    t.format(f).unwrap_or_default()
}

/// `2026-11-02T14:05:00Z` (RefAssured, A).
pub fn iso_z(t: i64) -> String {
    format(
        at(t),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
}

/// `2026-05-06T11:45:55` (JobDiva BI responses).
pub fn jobdiva_bi(t: i64) -> String {
    format(
        at(t),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    )
}

/// `2026-05-06T11:45:55.123+0000` (JobDiva's Spring error bodies).
pub fn jobdiva_timestamp(ms: u128) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format(
        t,
        format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]+0000"
        ),
    )
}

/// `06-05-2026 11:45:55` (JobDiva's `apierror` bodies: day first, 12-hour clock).
pub fn jobdiva_apierror_time(t: i64) -> String {
    format(
        at(t),
        format_description!("[day]-[month]-[year] [hour repr:12]:[minute]:[second]"),
    )
}

/// `2001-02-02 21:05:06 UTC` (Staffing Referrals).
pub fn sr_time(t: i64) -> String {
    format(
        at(t),
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC"),
    )
}

/// An ISO-8601 date-time with offset (Staffing Referrals' `since`); without an offset it is
/// read as UTC, and a bare date as its midnight UTC.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.trim();
    OffsetDateTime::parse(s, &Iso8601::PARSING)
        .ok()
        .or_else(|| {
            PrimitiveDateTime::parse(s, &Iso8601::PARSING)
                .ok()
                .map(PrimitiveDateTime::assume_utc)
        })
        .or_else(|| {
            Date::parse(s, &Iso8601::PARSING)
                .ok()
                .map(|d| d.midnight().assume_utc())
        })
        .map(OffsetDateTime::unix_timestamp)
}

/// A JWT-shaped token (`header.payload.signature`, HS512 header, `sub`, `exp`, `typ`). The
/// signature is random: the simulator recognises its own tokens by lookup, not by verifying.
pub fn jwt(subject: &str, exp: i64, kind: &str, rng: &mut Rng) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS512"}"#);
    let payload = serde_json::json!({ "sub": subject, "exp": exp, "iat": now_unix(), "typ": kind });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let sig: Vec<u8> = (0..32).map(|_| rng.next_u64() as u8).collect();
    format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(sig))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn base64_is_lenient_about_whitespace_and_rejects_garbage() {
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode("Zm9v\nYmFy").unwrap(), b"foobar");
        assert!(base64_decode("not base64!").is_none());
    }

    #[test]
    fn formats_each_upstream_s_dates() {
        let t = datetime!(2026-11-22 15:09 UTC).unix_timestamp();
        assert_eq!(iso_z(t), "2026-11-22T15:09:00Z");
        assert_eq!(jobdiva_bi(t), "2026-11-22T15:09:00");
        assert_eq!(jobdiva_apierror_time(t), "22-11-2026 03:09:00");
        assert_eq!(
            jobdiva_timestamp(t as u128 * 1000 + 7),
            "2026-11-22T15:09:00.007+0000"
        );
        assert_eq!(sr_time(0), "1970-01-01 00:00:00 UTC");
    }

    #[test]
    fn parses_the_documented_since() {
        let denver = parse_iso8601("2017-07-04T12:00:00-07:00").unwrap();
        assert_eq!(iso_z(denver), "2017-07-04T19:00:00Z");
        assert_eq!(
            parse_iso8601("2017-07-04"),
            Some(datetime!(2017-07-04 0:00 UTC).unix_timestamp())
        );
        assert_eq!(
            parse_iso8601("2017-07-04T12:00Z"),
            Some(datetime!(2017-07-04 12:00 UTC).unix_timestamp())
        );
        assert_eq!(
            parse_iso8601("2017-07-04T12:00:00.123+01:30"),
            Some(datetime!(2017-07-04 10:30 UTC).unix_timestamp())
        );
        assert!(parse_iso8601("yesterday").is_none());
        assert!(parse_iso8601("2017-13-04").is_none());
    }

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(
            (0..10).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..10).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
        assert!(!Rng::new(1).chance(0.0));
        assert!(Rng::new(1).chance(1.0));
    }
}

/// Query or form pairs in order, repeated names kept (`userFieldsName=a&userFieldsName=b`):
/// axum's `Query` extractor and `form_urlencoded` decode them.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(q: &str) -> Self {
        Params(form_urlencoded::parse(q.as_bytes()).into_owned().collect())
    }
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }
    /// Non-empty value.
    pub fn text(&self, k: &str) -> Option<String> {
        self.get(k)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    }
    pub fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

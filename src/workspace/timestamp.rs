//! Reading the timestamps of a stored workspace. A workspace of 100,000 members holds 100,000
//! of them, and chrono's general RFC 3339 parser was a tenth of loading one; the form chrono
//! writes for a whole second in UTC (`2025-03-01T09:00:00Z`) is therefore read directly, and
//! every other form goes through chrono exactly as its own `Deserialize` does, so what is
//! accepted and what it means are unchanged.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

/// `#[serde(deserialize_with)]` for a `DateTime<Utc>`.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <Cow<'de, str>>::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// `#[serde(default, deserialize_with)]` for an `Option<DateTime<Utc>>`.
pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match <Option<Cow<'de, str>>>::deserialize(d)? {
        Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
        None => Ok(None),
    }
}

/// What chrono's `Deserialize for DateTime<Utc>` does, with a direct path for whole seconds
/// in UTC.
fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match whole_second_utc(text.as_bytes()) {
        Some(at) => Ok(at),
        None => text
            .parse::<DateTime<FixedOffset>>()
            .map(|at| at.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` naming a valid date and time, or `None` (the caller then asks
/// chrono, which also reads leap seconds, fractions and offsets).
fn whole_second_utc(text: &[u8]) -> Option<DateTime<Utc>> {
    let [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1, b'Z'] =
        *text
    else {
        return None;
    };
    let digit = |c: u8| char::from(c).to_digit(10);
    let two = |a: u8, b: u8| digit(a)?.checked_mul(10)?.checked_add(digit(b)?);
    let year = two(y0, y1)?.checked_mul(100)?.checked_add(two(y2, y3)?)?;
    let year = i32::try_from(year).ok()?;
    NaiveDate::from_ymd_opt(year, two(mo0, mo1)?, two(d0, d1)?)?
        .and_hms_opt(two(h0, h1)?, two(mi0, mi1)?, two(s0, s1)?)
        .map(|at| at.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What chrono's own `Deserialize` makes of `text`.
    fn chrono_reads(text: &str) -> Option<DateTime<Utc>> {
        serde_json::from_value::<DateTime<Utc>>(serde_json::Value::from(text)).ok()
    }

    fn ours(text: &str) -> Option<DateTime<Utc>> {
        parse(text).ok()
    }

    #[test]
    fn u5_reads_what_chrono_reads_for_edge_cases() {
        for text in [
            "2025-03-01T09:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z",
            "2025-02-29T12:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-03-01T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2025-03-01T09:00:00.5Z",
            "2025-03-01T09:00:00+02:00",
            "2025-03-01t09:00:00z",
            "2025-03-01 09:00:00Z",
            "2025-+3-01T09:00:00Z",
            "２025-03-01T09:00:00Z",
            "",
        ] {
            assert_eq!(ours(text), chrono_reads(text), "{text:?}");
        }
    }

    proptest! {
        /// U-5: every timestamp chrono writes reads back to itself, through the direct path
        /// or chrono's.
        #[test]
        fn u5_timestamps_round_trip(seconds in -62_000_000_000i64..253_000_000_000, nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000]) {
            let Some(at) = DateTime::<Utc>::from_timestamp(seconds, nanos) else { return Ok(()); };
            let text = serde_json::to_value(at).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let text = text.as_str().unwrap_or_default().to_owned();
            prop_assert_eq!(ours(&text), Some(at));
        }

        /// U-5: on any 20-character text shaped like a timestamp, the direct path agrees with
        /// chrono.
        #[test]
        fn u5_direct_path_agrees_with_chrono(text in "[0-9+-]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z") {
            prop_assert_eq!(ours(&text), chrono_reads(&text));
        }
    }
}

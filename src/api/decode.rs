//! Decoding answers with serde: `decode` names the endpoint and the path of the field that was
//! wrong (`requests[0].externalCandidateId: missing field`), and the `deserialize_with`
//! helpers below carry the upstreams' quirks (ids as strings or numbers, JobDiva's all-string
//! BI values with `"Null"`, flags as `"0"`/`"1"`), so every wire type stays a plain struct.

use super::error::ApiError;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use std::fmt;

/// How much of a bad value a message quotes.
const QUOTE_MAX: usize = 160;

/// A message no longer than [`QUOTE_MAX`] characters (a decode error may quote a whole body).
pub fn short(text: &str) -> String {
    let mut s: String = text.chars().take(QUOTE_MAX).collect();
    if text.chars().nth(QUOTE_MAX).is_some() {
        s.push('…');
    }
    s
}

/// Decode a JSON body into `T`; the error names the endpoint and where in the body it failed.
pub fn decode<T: DeserializeOwned>(endpoint: &'static str, text: &str) -> Result<T, ApiError> {
    decode_seed(endpoint, text, std::marker::PhantomData::<T>)
}

/// The value under `key` of the body's object (`{"requests": [...]}`); other keys are skipped.
pub fn decode_field<T: DeserializeOwned>(endpoint: &'static str, text: &str, key: &'static str) -> Result<T, ApiError> {
    decode_seed(endpoint, text, Field::<T> { key, value: std::marker::PhantomData })
}

/// One pass of serde_json, at full speed. A failure names the field from where serde_json
/// stopped (the key of the member it was reading), so no path has to be tracked on the bodies
/// that decode: serde_path_to_error did that on every body, at half the throughput and 35 KB.
fn decode_seed<T, S: for<'de> DeserializeSeed<'de, Value = T>>(endpoint: &'static str, text: &str, seed: S) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    // Trailing text after the value is a broken body too.
    seed.deserialize(&mut *de).and_then(|v| de.end().map(|()| v)).map_err(|e| {
        let detail = if e.is_syntax() || e.is_eof() {
            format!("not valid JSON ({e})")
        } else {
            let message = e.to_string();
            // "missing field `ID`" names its field already.
            match key_before(text, e.line(), e.column()) {
                Some(key) if !message.contains("field `") => format!("{key}: {message}"),
                _ => message,
            }
        };
        ApiError::Decode { endpoint, detail: short(&detail) }
    })
}

/// The key of the object member whose value ends at `line`:`column` (serde_json's 1-based
/// position, in bytes): the last `"key":` before it. `None` when there is none.
fn key_before(text: &str, line: usize, column: usize) -> Option<&str> {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    // Walk back over `"key"` `:` pairs: the first colon whose previous non-blank is a quote.
    let mut rest = before;
    while let Some(colon) = rest.rfind(':') {
        let head = rest[..colon].trim_end();
        if let Some(inner) = head.strip_suffix('"') {
            if let Some(open) = inner.rfind('"') {
                let key = &inner[open + 1..];
                if !key.is_empty() && !key.contains(['{', '}', ',', '[', ']']) {
                    return Some(key);
                }
            }
        }
        rest = &rest[..colon];
    }
    None
}

struct Field<T> {
    key: &'static str,
    value: std::marker::PhantomData<T>,
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Field<T> {}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Field<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Field<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with \"{}\"", self.key)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut found = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == self.key && found.is_none() {
                found = Some(map.next_value()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| de::Error::missing_field(self.key))
    }
}

/// What a lenient scalar turned out to be.
enum Scalar {
    Text(String),
    Whole(i128),
    Fraction(f64),
    Bool(bool),
    Null,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Whole(v.into()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Whole(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(if v.fract() == 0.0 && v.abs() < 1e18 { Scalar::Whole(v as i128) } else { Scalar::Fraction(v) })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// Text as the upstreams send it: a string, or a number or flag written out; `None` for null,
/// empty, and JobDiva's literal `"Null"`. Its own visitor (not [`Scalar`]): it is most of every
/// record, and a string is taken as it comes.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TextVisitor;
    fn blank(t: &str) -> bool {
        t == "Null" || t.trim().is_empty()
    }
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok((!blank(v)).then(|| v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok((!blank(&v)).then_some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            match ScalarVisitor.visit_f64::<E>(v)? {
                Scalar::Whole(n) => Ok(Some(n.to_string())),
                _ => Err(E::custom("expected text, got a fraction")),
            }
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(TextVisitor)
        }
    }
    d.deserialize_any(TextVisitor)
}

/// [`opt_text`], with `""` for nothing.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_text(d).map(Option::unwrap_or_default)
}

fn whole<E: de::Error>(s: Scalar) -> Result<Option<u64>, E> {
    match s {
        Scalar::Whole(n) => u64::try_from(n).map(Some).map_err(|_| E::custom(format!("expected an id, got {n}"))),
        Scalar::Text(t) if t.trim().is_empty() || t == "Null" => Ok(None),
        Scalar::Text(t) => t.trim().parse().map(Some).map_err(|_| E::custom(format!("expected an id, got \"{}\"", short(&t)))),
        Scalar::Null => Ok(None),
        Scalar::Fraction(x) => Err(E::custom(format!("expected an id, got {x}"))),
        Scalar::Bool(b) => Err(E::custom(format!("expected an id, got {b}"))),
    }
}

/// A numeric id sent as a number or a string (JobDiva ids exceed 2^53: serde_json reads the
/// number exactly from the text, where JavaScript would round it).
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    whole(scalar(d)?)?.ok_or_else(|| de::Error::custom("expected an id, got nothing"))
}

/// [`id`], or nothing.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    whole(scalar(d)?)
}

/// A count; null or missing is 0.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    whole(scalar(d)?).map(|n| n.unwrap_or(0).min(u64::from(u32::MAX)) as u32)
}

/// A number sent as a number or a numeric string; null, empty or `"Null"` is nothing.
pub fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match scalar(d)? {
        Scalar::Whole(n) => Ok(Some(n as f64)),
        Scalar::Fraction(x) => Ok(Some(x)),
        Scalar::Text(t) if t.trim().is_empty() || t == "Null" => Ok(None),
        Scalar::Text(t) => t.trim().parse().map(Some).map_err(|_| de::Error::custom(format!("expected a number, got \"{}\"", short(&t)))),
        Scalar::Null => Ok(None),
        Scalar::Bool(b) => Err(de::Error::custom(format!("expected a number, got {b}"))),
    }
}

/// A flag: `true`, `1`, `"1"`, `"Y"`, `"true"`; anything else (null included) is false.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Bool(b) => b,
        Scalar::Whole(n) => n != 0,
        Scalar::Text(t) => matches!(t.trim().to_ascii_lowercase().as_str(), "1" | "y" | "yes" | "true"),
        _ => false,
    })
}

/// An object of text values (Staffing Referrals' `properties`): `null`, `{}`, or values of any
/// kind; a non-text value is written out, a nested list or object is left out.
pub fn text_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Loose(Option<String>);
    impl<'de> Deserialize<'de> for Loose {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Loose;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a value")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
                    Ok(Loose(Some(v.to_owned())))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
                    Ok(Loose(Some(v.to_string())))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
                    Ok(Loose(Some(v.to_string())))
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
                    Ok(Loose((v.fract() == 0.0 && v.abs() < 1e18).then(|| (v as i64).to_string())))
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
                    Ok(Loose(Some(v.to_string())))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
                    Ok(Loose(None))
                }
                fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                    while a.next_element::<de::IgnoredAny>()?.is_some() {}
                    Ok(Loose(None))
                }
                fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                    while a.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                    Ok(Loose(None))
                }
            }
            d.deserialize_any(V)
        }
    }
    // Straight into the map (not a map of `Loose` filtered into a second one).
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object or null")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            let mut out = Self::Value::new();
            while let Some((k, Loose(v))) = a.next_entry::<String, Loose>()? {
                if let Some(v) = v {
                    out.push((k, v));
                }
            }
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(MapVisitor)
        }
    }
    d.deserialize_option(MapVisitor)
}

/// A list that may be sent as null.
pub fn list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

use serde::Deserialize;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(rename = "ID", deserialize_with = "id")]
        id: u64,
        #[serde(rename = "NAME", default, deserialize_with = "opt_text")]
        name: Option<String>,
        #[serde(rename = "FLAG", default, deserialize_with = "flag")]
        flag: bool,
        #[serde(rename = "N", default, deserialize_with = "count")]
        n: u32,
    }

    #[test]
    fn quirks_decode_as_plain_values() {
        let r: Row = decode("x", r#"{"ID": "5000000101", "NAME": "Null", "FLAG": "1", "N": null}"#).unwrap();
        assert_eq!(r, Row { id: 5_000_000_101, name: None, flag: true, n: 0 });
        let big: Row = decode("x", r#"{"ID": 9007199254740993}"#).unwrap();
        assert_eq!(big.id, 9_007_199_254_740_993, "above 2^53, read exactly from the text");
        let named: Row = decode("x", r#"{"ID": 1, "NAME": 42}"#).unwrap();
        assert_eq!(named.name.as_deref(), Some("42"));
    }

    #[test]
    fn errors_name_the_endpoint_and_the_field() {
        let e = decode::<Vec<Row>>("CandidateDetail", r#"[{"ID": 1}, {"ID": "x1"}]"#).unwrap_err().to_string();
        assert!(e.contains("CandidateDetail") && e.contains("ID: ") && e.contains("x1"), "{e}");
        // The member being read, also when it is nested, with other members before and after.
        let nested = decode::<Vec<Row>>("x", "[{\"ID\": 1, \"NAME\": \"a: b\"},\n {\"NAME\": \"c\", \"N\": \"many\", \"FLAG\": 1}]").unwrap_err().to_string();
        assert!(nested.contains("N: "), "{nested}");
        let m = decode::<Row>("x", r#"{"NAME": "a"}"#).unwrap_err().to_string();
        assert!(m.contains("missing field `ID`"), "{m}");
        let broken = decode::<Row>("x", r#"{"ID": "12"#).unwrap_err().to_string();
        assert!(broken.contains("not valid JSON"), "{broken}");
        let trailing = decode::<Row>("x", r#"{"ID": 1} junk"#).unwrap_err().to_string();
        assert!(trailing.contains("not valid JSON"), "{trailing}");
        let long = format!(r#"{{"ID": "{}"}}"#, "x".repeat(100_000));
        let e = decode::<Row>("x", &long).unwrap_err().to_string();
        assert!(e.chars().count() < 300, "a bad value is quoted short: {} chars", e.chars().count());
    }
}

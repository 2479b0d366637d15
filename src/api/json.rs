//! Decoding. In the browser: `JSON.parse` + serde-wasm-bindgen (no serde_json in the bundle);
//! natively (tests): serde_json. Both drive the same serde types, so native tests cover the
//! decoders the app runs.

use super::error::ApiError;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Parse `text` as JSON into `T`; errors name the endpoint.
pub fn decode<T: DeserializeOwned>(endpoint: &'static str, text: &str) -> Result<T, ApiError> {
    let detail = |e: String| ApiError::Decode { endpoint, detail: e };
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).map_err(|_| detail(not_json(text)))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| detail(e.to_string()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|e| if e.is_syntax() || e.is_eof() { detail(not_json(text)) } else { detail(e.to_string()) })
    }
}

fn not_json(text: &str) -> String {
    if text.trim().is_empty() {
        "the body is empty".into()
    } else if text.trim_start().starts_with('<') {
        "an HTML page instead of JSON".into()
    } else {
        "the body is not valid JSON (cut short?)".into()
    }
}

/// Any JSON value, owned. Numbers are f64, as in JavaScript.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn parse(text: &str) -> Result<Json, ApiError> {
        decode("response", text)
    }
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// A scalar as text (numbers without a trailing `.0`).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Json::Str(s) => Some(s.clone()),
            Json::Num(n) if n.fract() == 0.0 && n.abs() < 9.007e15 => Some(format!("{n:.0}")),
            Json::Num(n) => Some(n.to_string()),
            Json::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }
}

impl fmt::Display for Json {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn esc(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("\"")?;
            for c in s.chars() {
                match c {
                    '"' => f.write_str("\\\"")?,
                    '\\' => f.write_str("\\\\")?,
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                    c => write!(f, "{c}")?,
                }
            }
            f.write_str("\"")
        }
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Num(_) => f.write_str(&self.as_text().unwrap_or_default()),
            Json::Str(s) => esc(s, f),
            Json::Arr(a) => {
                f.write_str("[")?;
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Json::Obj(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    esc(k, f)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
                Json::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Num(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Num(n as f64))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Json::Num(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
                Ok(Json::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, Json>()? {
                    v.push((k, x));
                }
                Ok(Json::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A row of scalar values keyed by name: JobDiva's BI rows (UPPERCASE, every value a string)
/// and search rows (spaced keys). Accessors treat `""` and `"Null"` as absent and name the
/// endpoint and field in errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub endpoint: &'static str,
    pub fields: Vec<(String, Json)>,
}

impl Row {
    pub fn from_json(endpoint: &'static str, v: Json) -> Result<Row, ApiError> {
        match v {
            Json::Obj(fields) => Ok(Row { endpoint, fields }),
            other => Err(ApiError::Decode { endpoint, detail: format!("expected a row object, got {other}") }),
        }
    }

    fn raw(&self, key: &str) -> Option<&Json> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Present and not empty / `"Null"`.
    pub fn text(&self, key: &str) -> Option<String> {
        let t = self.raw(key)?.as_text()?;
        let t = t.trim();
        (!t.is_empty() && t != "Null" && t != "null").then(|| t.to_string())
    }

    pub fn text_or_empty(&self, key: &str) -> String {
        self.text(key).unwrap_or_default()
    }

    /// A 64-bit id (JobDiva sends them as strings in BI rows, as numbers in search rows).
    pub fn id(&self, key: &str) -> Result<u64, ApiError> {
        let t = self.text(key).ok_or_else(|| ApiError::Decode { endpoint: self.endpoint, detail: format!("field {key} is missing") })?;
        t.parse::<u64>().map_err(|_| ApiError::Decode { endpoint: self.endpoint, detail: format!("field {key}: expected a whole number, got {t:?}") })
    }

    pub fn opt_id(&self, key: &str) -> Option<u64> {
        self.text(key).and_then(|t| t.parse().ok())
    }

    /// `"1"`/`"0"`, `"true"`/`"false"`, `"Y"`/`"N"`.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.text(key).as_deref().map(str::to_ascii_lowercase).as_deref(), Some("1" | "true" | "y" | "yes"))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(k, _)| k.as_str())
    }
}

/// The rows of a JSON array, each checked to be an object.
pub fn rows(endpoint: &'static str, v: Json) -> Result<Vec<Row>, ApiError> {
    match v {
        Json::Arr(items) => items.into_iter().map(|r| Row::from_json(endpoint, r)).collect(),
        other => Err(ApiError::Decode { endpoint, detail: format!("expected an array, got {}", kind(&other)) }),
    }
}

pub fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "an array",
        Json::Obj(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_any_value() {
        let v = Json::parse(r#"{"a": [1, 2.5, "x\"y", null, true], "b": {"c": 5000000101}}"#).unwrap();
        assert_eq!(v.to_string(), r#"{"a":[1,2.5,"x\"y",null,true],"b":{"c":5000000101}}"#);
        assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Json::as_text).as_deref(), Some("5000000101"));
    }

    #[test]
    fn hostile_bodies_are_decode_errors_not_panics() {
        for (body, want) in [("", "empty"), ("<html>502</html>", "HTML"), ("{\"data\": [{\"ID\": \"12", "not valid JSON")] {
            match Json::parse(body) {
                Err(ApiError::Decode { detail, .. }) => assert!(detail.contains(want), "{detail}"),
                other => panic!("{other:?}"),
            }
        }
        assert!(rows("X", Json::parse("{\"a\":1}").unwrap()).is_err());
        assert!(rows("X", Json::parse("[1]").unwrap()).is_err());
        // Huge numbers stay numbers (as f64), never a panic.
        assert!(matches!(Json::parse("123456789012345678901234567890").unwrap(), Json::Num(_)));
    }

    #[test]
    fn row_accessors() {
        let r = Row::from_json("CandidateDetail", Json::parse(r#"{"ID": "5000000101", "ADDRESS2": "Null", "FAX": "", "N": 7, "ACTIVEFLAG": "1", "BAD": "12x"}"#).unwrap()).unwrap();
        assert_eq!(r.id("ID").unwrap(), 5_000_000_101);
        assert_eq!(r.text("ADDRESS2"), None);
        assert_eq!(r.text("FAX"), None);
        assert_eq!(r.id("N").unwrap(), 7);
        assert!(r.flag("ACTIVEFLAG"));
        let e = r.id("BAD").unwrap_err().to_string();
        assert!(e.contains("CandidateDetail") && e.contains("BAD"), "{e}");
        assert!(r.id("MISSING").unwrap_err().to_string().contains("MISSING"));
    }
}

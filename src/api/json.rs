//! JSON for the three clients, with no serde in the bundle: a small parser (the same code in
//! the browser and in native tests), a writer for request bodies, and [`FromJson`] decoders
//! that name the field that was wrong. Numbers are f64, as in JavaScript.

use super::error::ApiError;
use crate::domain::number::number_text;
use std::fmt;

/// Parse `text` as JSON into `T`; errors name the endpoint and the field.
pub fn decode<T: FromJson>(endpoint: &'static str, text: &str) -> Result<T, ApiError> {
    T::from_json(&Json::parse_as(endpoint, text)?).map_err(|detail| ApiError::Decode { endpoint, detail })
}

/// `T` from the field `key` of the object `text` (RefAssured's `{"requests": [...]}` envelopes).
pub fn decode_field<T: FromJson>(endpoint: &'static str, text: &str, key: &str) -> Result<T, ApiError> {
    let v = Json::parse_as(endpoint, text)?;
    Fields::of(&v).and_then(|f| f.req(key)).map_err(|detail| ApiError::Decode { endpoint, detail })
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
        Json::parse_as("response", text)
    }

    /// [`Json::parse`], the error naming `endpoint`.
    pub fn parse_as(endpoint: &'static str, text: &str) -> Result<Json, ApiError> {
        let mut p = Parser { s: text.as_bytes(), i: 0, depth: 0 };
        let v = p.value().and_then(|v| {
            p.ws();
            if p.i == p.s.len() {
                Some(v)
            } else {
                None
            }
        });
        v.ok_or_else(|| ApiError::Decode { endpoint, detail: not_json(text) })
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// A scalar as text (whole numbers without a trailing `.0`).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Json::Str(s) => Some(s.clone()),
            Json::Num(n) => Some(number_text(*n)),
            Json::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
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

/// A JSON object from its fields; `None` values are left out.
pub fn object<const N: usize>(fields: [(&str, Option<Json>); N]) -> Json {
    Json::Obj(fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect())
}

/// `Some` unless empty (for fields the upstream wants absent rather than `""`).
pub fn non_empty(s: &str) -> Option<Json> {
    (!s.is_empty()).then(|| Json::from(s))
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}
impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::Str(s.clone())
    }
}
impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Num(n as f64)
    }
}
impl From<u32> for Json {
    fn from(n: u32) -> Json {
        Json::Num(f64::from(n))
    }
}
impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Num(n as f64)
    }
}
impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(v: Vec<T>) -> Json {
        Json::Arr(v.into_iter().map(Into::into).collect())
    }
}

/// The recursive-descent parser behind [`Json::parse`]: RFC 8259, nesting at most 128 deep
/// (a hostile body is an error, never a stack overflow).
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: u32,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, lit: &[u8]) -> Option<()> {
        self.s[self.i..].starts_with(lit).then(|| self.i += lit.len())
    }
    fn value(&mut self) -> Option<Json> {
        self.ws();
        match *self.s.get(self.i)? {
            b'{' => self.nested(b'}', |p| {
                let k = p.string()?;
                p.ws();
                p.eat(b":")?;
                Some((k, p.value()?))
            })
            .map(Json::Obj),
            b'[' => self.nested(b']', Parser::value).map(Json::Arr),
            b'"' => self.string().map(Json::Str),
            b't' => self.eat(b"true").map(|_| Json::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Json::Bool(false)),
            b'n' => self.eat(b"null").map(|_| Json::Null),
            _ => self.number().map(Json::Num),
        }
    }
    /// `[` or `{` items separated by commas up to `close`.
    fn nested<T>(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.depth += 1;
        if self.depth > 128 {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        self.ws();
        if self.eat(&[close]).is_none() {
            loop {
                self.ws();
                out.push(item(self)?);
                self.ws();
                match *self.s.get(self.i)? {
                    b',' => self.i += 1,
                    c if c == close => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(out)
    }
    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }
    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            // A surrogate pair is one character; a lone surrogate is U+FFFD.
                            let pair = (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u");
                            let lo = if pair { std::str::from_utf8(self.s.get(self.i + 2..self.i + 6)?).ok().and_then(|h| u32::from_str_radix(h, 16).ok()) } else { None };
                            let code = match lo {
                                Some(lo @ 0xDC00..=0xDFFF) => {
                                    self.i += 6;
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                _ => hi,
                            };
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return None,
                c => out.push(c),
            }
        }
    }
    /// Digits into a u64 mantissa and a power of ten (no float parsing in the bundle); more
    /// than 18 significant digits are rounded away, as any f64 would.
    fn number(&mut self) -> Option<f64> {
        let negative = self.eat(b"-").is_some();
        let (mut mantissa, mut exp, mut significant) = (0u64, 0i32, 0u32);
        let mut digits = |p: &mut Self, fraction: bool| {
            let start = p.i;
            while let Some(d @ b'0'..=b'9') = p.s.get(p.i).copied() {
                p.i += 1;
                if significant < 18 {
                    if mantissa > 0 || d != b'0' {
                        significant += 1;
                    }
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    exp -= i32::from(fraction);
                } else {
                    exp += i32::from(!fraction);
                }
            }
            p.i > start
        };
        if !digits(self, false) || (self.eat(b".").is_some() && !digits(self, true)) {
            return None;
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let neg = self.eat(b"-").is_some();
            if !neg {
                let _ = self.eat(b"+");
            }
            let start = self.i;
            let mut e: i32 = 0;
            while let Some(d @ b'0'..=b'9') = self.s.get(self.i).copied() {
                self.i += 1;
                e = e.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            }
            if self.i == start {
                return None;
            }
            exp = exp.saturating_add(if neg { -e } else { e });
        }
        // Powers of ten up to 10^22 are exact, so a short decimal divided by one is correctly
        // rounded (`0.3` is the f64 nearest 0.3, as in JavaScript).
        let m = mantissa as f64;
        let v = if (-22..0).contains(&exp) { m / 10f64.powi(-exp) } else { m * 10f64.powi(exp.clamp(-400, 400)) };
        Some(if negative { -v } else { v })
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
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Num(n) if n.is_finite() => f.write_str(&number_text(*n)),
            Json::Num(_) => f.write_str("null"),
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

/// A model decoded from JSON; the error says what was wrong, and where (field names and array
/// indexes, outermost first).
pub trait FromJson: Sized {
    fn from_json(v: &Json) -> Result<Self, String>;
}

fn wrong(expected: &str, got: &Json) -> String {
    format!("expected {expected}, got {}", kind(got))
}

impl FromJson for Json {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(v.clone())
    }
}
impl FromJson for String {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Str(s) => Ok(s.clone()),
            other => Err(wrong("a string", other)),
        }
    }
}
impl FromJson for bool {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Bool(b) => Ok(*b),
            other => Err(wrong("true or false", other)),
        }
    }
}
impl FromJson for f64 {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Num(n) => Ok(*n),
            other => Err(wrong("a number", other)),
        }
    }
}
impl FromJson for u64 {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Num(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(n) => Ok(*n as u64),
            other => Err(wrong("a whole number", other)),
        }
    }
}
impl FromJson for u32 {
    fn from_json(v: &Json) -> Result<Self, String> {
        u64::from_json(v).and_then(|n| u32::try_from(n).map_err(|_| wrong("a smaller whole number", v)))
    }
}
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Arr(items) => items.iter().enumerate().map(|(i, x)| T::from_json(x).map_err(|e| format!("[{i}]: {e}"))).collect(),
            other => Err(wrong("an array", other)),
        }
    }
}

/// An object's fields, read by name.
#[derive(Clone, Copy)]
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    pub fn of(v: &'a Json) -> Result<Self, String> {
        match v {
            Json::Obj(m) => Ok(Fields(m)),
            other => Err(wrong("an object", other)),
        }
    }
    fn find(&self, key: &str, any_case: bool) -> Option<&'a Json> {
        self.0.iter().find(|(k, _)| if any_case { k.eq_ignore_ascii_case(key) } else { k == key }).map(|(_, v)| v)
    }
    fn read<T: FromJson>(&self, key: &str, v: &Json) -> Result<T, String> {
        T::from_json(v).map_err(|e| format!("{key}: {e}"))
    }
    /// A field that must be there.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, String> {
        self.find(key, false).map_or_else(|| Err(format!("missing field `{key}`")), |v| self.read(key, v))
    }
    /// [`Fields::req`], the key in any letter case.
    pub fn req_any_case<T: FromJson>(&self, key: &str) -> Result<T, String> {
        self.find(key, true).map_or_else(|| Err(format!("missing field `{key}`")), |v| self.read(key, v))
    }
    /// A field that may be missing or null (then the default).
    pub fn opt<T: FromJson + Default>(&self, key: &str) -> Result<T, String> {
        self.opt_in(key, false)
    }
    /// [`Fields::opt`], the key in any letter case (`PersonFirst`, `personFirst`, `personfirst`).
    pub fn opt_any_case<T: FromJson + Default>(&self, key: &str) -> Result<T, String> {
        self.opt_in(key, true)
    }
    fn opt_in<T: FromJson + Default>(&self, key: &str, any_case: bool) -> Result<T, String> {
        match self.find(key, any_case) {
            None | Some(Json::Null) => Ok(T::default()),
            Some(v) => self.read(key, v),
        }
    }
    /// A scalar as text, whether sent as `"10"`, `10` or `true`; missing or null → `None`.
    pub fn scalar_text(&self, key: &str) -> Option<String> {
        self.find(key, false).and_then(Json::as_text)
    }
    /// An id the documents show both as `"12345"` and `12345`.
    pub fn id_text(&self, key: &str) -> Result<String, String> {
        match self.find(key, false) {
            Some(v @ (Json::Str(_) | Json::Num(_))) => Ok(v.as_text().unwrap_or_default()),
            Some(other) => Err(format!("{key}: {}", wrong("a string or a number", other))),
            None => Err(format!("missing field `{key}`")),
        }
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
        t.parse::<u64>().map_err(|_| ApiError::Decode { endpoint: self.endpoint, detail: format!("field {key}: expected a whole number, got “{t}”") })
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
    fn numbers_strings_and_nesting() {
        for (text, want) in [("0", 0.0), ("-12", -12.0), ("0.3", 0.3), ("4.5", 4.5), ("1e3", 1000.0), ("2.5E-2", 0.025), ("5000000101", 5_000_000_101.0)] {
            assert_eq!(Json::parse(text).unwrap(), Json::Num(want), "{text}");
        }
        for bad in ["01x", "-", "1.", ".5", "1e", "+1", "tru", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "\"\\x\"", "[1] 2", "\"a\nb\""] {
            assert!(Json::parse(bad).is_err(), "{bad}");
        }
        let s = Json::parse(r#""tab\tquote\" \u00e9 \ud83d\ude00 \/""#).unwrap();
        assert_eq!(s, Json::Str("tab\tquote\" é 😀 /".into()));
        assert_eq!(Json::parse(&s.to_string()).unwrap(), s, "what is written parses back");
        assert_eq!(Json::parse(r#""\ud800\u0041 \udc00""#).unwrap(), Json::Str("\u{fffd}A \u{fffd}".into()), "lone surrogates");
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(Json::parse(&deep).is_err(), "nesting is bounded");
        assert!(Json::parse(&("[".repeat(100) + &"]".repeat(100))).is_ok());
    }

    // proptest builds natively only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever arrives, parsing answers: a value or a refusal, never a panic.
        #[test]
        fn any_text_parses_or_is_refused(text in "[\\[\\]{}\",:0-9eE.+\\-a-z\\\\ \u{e9}\u{1F600}]{0,40}") {
            let _ = Json::parse(&text);
        }

        /// What the writer writes parses back the same (numbers aside: see `number_text`).
        #[test]
        fn written_json_parses_back(text in "[\\[\\]{}\",:a-z\\\\ \u{e9}\u{1F600}]{0,40}") {
            if let Ok(v) = Json::parse(&text) {
                proptest::prop_assert_eq!(Json::parse(&v.to_string()).ok(), Some(v));
            }
        }
    }

    #[test]
    fn fields_name_what_is_wrong() {
        let v = Json::parse(r#"{"a": 1, "B": "x", "n": null, "list": [1, "two"]}"#).unwrap();
        let f = Fields::of(&v).unwrap();
        assert_eq!(f.req::<u64>("a"), Ok(1));
        assert_eq!(f.req::<String>("a"), Err("a: expected a string, got a number".into()));
        assert_eq!(f.req::<String>("b"), Err("missing field `b`".into()));
        assert_eq!(f.opt_any_case::<String>("b"), Ok("x".into()));
        assert_eq!(f.opt::<String>("n"), Ok(String::new()));
        assert_eq!(f.opt::<Option<u64>>("missing"), Ok(None));
        assert_eq!(f.req::<Vec<u64>>("list"), Err("list: [1]: expected a whole number, got a string".into()));
        assert_eq!((f.id_text("a"), f.id_text("B")), (Ok("1".into()), Ok("x".into())));
        assert!(u64::from_json(&Json::Num(1.5)).is_err() && u64::from_json(&Json::Num(-1.0)).is_err());
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

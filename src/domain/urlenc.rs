//! `application/x-www-form-urlencoded` decoding of query strings and fragments.

/// Decode `a=1&b=x%20y` into pairs. `+` is a space; a malformed `%` escape is kept literally;
/// invalid UTF-8 is replaced rather than rejected (the caller validates the values it needs).
pub fn parse_pairs(input: &str) -> Vec<(String, String)> {
    let input = input.trim_start_matches(['?', '#']);
    input
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decode one component.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encode one component (unreserved characters stay as they are).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Re-encode pairs as `a=1&b=2`.
pub fn join_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_plus_and_escapes() {
        let p = parse_pairs("?candidateId=42&userEmail=a%40b.com&name=Jo+Ann&flag");
        assert_eq!(
            p,
            vec![
                ("candidateId".into(), "42".into()),
                ("userEmail".into(), "a@b.com".into()),
                ("name".into(), "Jo Ann".into()),
                ("flag".into(), "".into()),
            ]
        );
    }

    #[test]
    fn malformed_escapes_are_kept_literally() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%41"), "A");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn encode_round_trips() {
        let s = "key with spaces/&=?#é";
        assert_eq!(decode(&encode(s)), s);
        let pairs = vec![("a b".to_string(), "c&d".to_string())];
        assert_eq!(parse_pairs(&join_pairs(&pairs)), pairs);
    }
}

//! `application/x-www-form-urlencoded` pairs of the tab's address (query and fragment), through
//! the `form_urlencoded` crate (`+` is a space; a malformed `%` escape is kept literally;
//! invalid UTF-8 is replaced, and the caller validates the values it needs).

/// Decode `?a=1&b=x%20y` (or `#…`) into pairs.
pub fn parse_pairs(input: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(input.trim_start_matches(['?', '#']).as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Re-encode pairs as `a=1&b=2`.
pub fn join_pairs(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
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
        let v = |s: &str| parse_pairs(&format!("k={s}"))[0].1.clone();
        assert_eq!(v("100%"), "100%");
        assert_eq!(v("%zz"), "%zz");
        assert_eq!(v("%4"), "%4");
        assert_eq!(v("%41"), "A");
        assert_eq!(v("%ff"), "\u{fffd}");
    }

    #[test]
    fn encode_round_trips() {
        let pairs = vec![("a b".to_string(), "c&d/=?#é".to_string())];
        assert_eq!(parse_pairs(&join_pairs(&pairs)), pairs);
    }
}

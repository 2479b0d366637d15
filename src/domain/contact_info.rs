//! Emails, phones and names as the duplicate check compares them, and JobDiva's phone format.

/// Trimmed and lower-cased; `None` when it is not an address at all. The one rule for
/// "is this an email" everywhere in the tab.
pub fn normalise_email(raw: &str) -> Option<String> {
    let e = fold_case(raw.trim());
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !e.contains(char::is_whitespace);
    ok.then_some(e)
}

/// Digits only, extension dropped, a leading US `1` dropped from 11 digits. `None` below 7
/// digits (not a phone number anyone could match on).
pub fn normalise_phone(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    let main = ["ext", " x", "#"].iter().filter_map(|m| lower.find(m)).min().map_or(lower.as_str(), |i| &lower[..i]);
    let mut d: String = main.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 11 && d.starts_with('1') {
        d.remove(0);
    }
    (d.len() >= 7).then_some(d)
}

/// Trimmed, case-folded, inner runs of white space collapsed.
pub fn normalise_name(raw: &str) -> String {
    fold_case(&raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Lower case for comparing names and emails: Unicode's mapping, right for every script.
pub fn fold_case(s: &str) -> String {
    s.to_lowercase()
}

/// The searches that find a phone however JobDiva stores it. JobDiva matches phone digits as a
/// prefix, so a US number stored with its country code (`+1 312-555-0147`, digits
/// `13125550147`) is missed by `3125550147`: both forms are searched.
pub fn phone_search_forms(normalised: &str) -> Vec<String> {
    if normalised.len() == 10 && normalised.bytes().all(|b| b.is_ascii_digit()) {
        vec![normalised.to_string(), format!("1{normalised}")]
    } else {
        vec![normalised.to_string()]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneKind {
    Work,
    Home,
    Cell,
    Fax,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub kind: PhoneKind,
    /// As JobDiva holds it.
    pub number: String,
    pub ext: Option<String>,
}

/// Parse JobDiva's `"Work Phone: 2125551234 ext()"`. Empty text → `None`; an unknown label is
/// kept as `Other`; a bare number is accepted.
pub fn parse_jobdiva_phone(raw: &str) -> Option<Phone> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let (label, rest) = match raw.split_once(':') {
        Some((l, r)) if !l.chars().any(|c| c.is_ascii_digit()) => (l.trim().to_ascii_lowercase(), r.trim()),
        _ => (String::new(), raw),
    };
    let kind = match label.as_str() {
        "work phone" | "work" => PhoneKind::Work,
        "home phone" | "home" => PhoneKind::Home,
        "cell phone" | "cell" | "mobile" => PhoneKind::Cell,
        "fax" => PhoneKind::Fax,
        _ => PhoneKind::Other,
    };
    let (number, ext) = match rest.find("ext(") {
        Some(i) => {
            let ext = rest[i + 4..].trim_end_matches(')').trim().to_string();
            (rest[..i].trim().to_string(), Some(ext).filter(|e| !e.is_empty()))
        }
        None => (rest.to_string(), None),
    };
    (!number.is_empty()).then_some(Phone { kind, number, ext })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_folding_is_unicodes_for_every_script() {
        assert_eq!(normalise_name("  ÉMILE   Zoë  ŁUKASZ Ђорђе ΣΩΚΡΆΤΗΣ ԱՐԱՄ ᏣᎳᎩ ĞÜLŞEN "), "émile zoë łukasz ђорђе σωκράτης արամ ꮳꮃꭹ ğülşen");
        assert_eq!(normalise_email(" Ana.PÉREZ@Example.COM ").as_deref(), Some("ana.pérez@example.com"));
        assert_eq!(normalise_name("ǄEMAL"), normalise_name("ǆemal"), "digraphs");
    }

    #[test]
    fn phone_forms_cover_a_stored_country_code() {
        assert_eq!(phone_search_forms("3125550147"), vec!["3125550147", "13125550147"]);
        assert_eq!(phone_search_forms("442079460958"), vec!["442079460958"]);
    }

    #[test]
    fn emails() {
        assert_eq!(normalise_email(" Maria.Gonzalez@Mail.Example ").as_deref(), Some("maria.gonzalez@mail.example"));
        assert_eq!(normalise_email("nope"), None);
        assert_eq!(normalise_email("a b@c.com"), None);
        assert_eq!(normalise_email("@c.com"), None);
        assert_eq!(normalise_email("a@.com"), None);
        assert_eq!(normalise_email("a@c."), None);
    }

    #[test]
    fn phones() {
        for v in ["+1 (646) 555-0199", "646.555.0199", "16465550199", "646 555 0199 ext 12", "(646) 555-0199 x12", "6465550199#3"] {
            assert_eq!(normalise_phone(v).as_deref(), Some("6465550199"), "{v}");
        }
        assert_eq!(normalise_phone("555-12"), None);
        assert_eq!(normalise_phone("+44 20 7946 0958").as_deref(), Some("442079460958"));
    }

    #[test]
    fn names() {
        assert_eq!(normalise_name("  Mary   Ann\tSmith "), "mary ann smith");
    }

    #[test]
    fn jobdiva_phones() {
        assert_eq!(
            parse_jobdiva_phone("Work Phone: 2125551234 ext()"),
            Some(Phone { kind: PhoneKind::Work, number: "2125551234".into(), ext: None })
        );
        assert_eq!(
            parse_jobdiva_phone("Cell Phone: (303) 555-0142 ext(12)"),
            Some(Phone { kind: PhoneKind::Cell, number: "(303) 555-0142".into(), ext: Some("12".into()) })
        );
        assert_eq!(parse_jobdiva_phone("Fax: 1 ext()").map(|p| p.kind), Some(PhoneKind::Fax));
        assert_eq!(parse_jobdiva_phone("Pager: 5551234 ext()").map(|p| p.kind), Some(PhoneKind::Other));
        assert_eq!(parse_jobdiva_phone("2125551234").map(|p| p.number), Some("2125551234".into()));
        assert_eq!(parse_jobdiva_phone(""), None);
        assert_eq!(parse_jobdiva_phone("Work Phone:  ext()"), None);
    }
}

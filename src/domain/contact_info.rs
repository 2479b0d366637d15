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

/// Lower case for comparing names and emails: exactly `char::to_lowercase` for Latin (with
/// Extended-A, -B and Additional), Greek, Cyrillic, Armenian and fullwidth Latin, and the
/// character itself elsewhere. `str::to_lowercase` would do every script, but its Unicode
/// tables are 8 KB of the gzipped bundle; a name differing only in the case of another script's
/// letters is then not recognised as the same (a possible match the recruiter is not asked about).
pub fn fold_case(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let u = c as u32;
    let even_up = |lo: u32, hi: u32| (lo..=hi).contains(&u) && (u - lo).is_multiple_of(2);
    let to = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F | 0xFF21..=0xFF3A => u + 0x20,
        0x178 => 0xFF,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 0x3F,
        0x400..=0x40F => u + 0x50,
        0x4C0 => 0x4CF,
        0x531..=0x556 => u + 0x30,
        0x1E9E => 0xDF,
        // The digraphs DŽ Dž dž, LJ Lj lj, NJ Nj nj, DZ Dz dz.
        0x1C4 | 0x1C7 | 0x1CA | 0x1F1 => u + 2,
        0x1C5 | 0x1C8 | 0x1CB | 0x1F2 => u + 1,
        0x220 => 0x19E,
        0x1F4 => 0x1F5,
        0x1F6 => 0x195,
        0x1F7 => 0x1BF,
        _ if even_up(0x100, 0x12F) || even_up(0x132, 0x137) || even_up(0x14A, 0x177) || even_up(0x1DE, 0x1EF) || even_up(0x1F8, 0x21F) || even_up(0x222, 0x233) => u + 1,
        _ if even_up(0x460, 0x481) || even_up(0x48A, 0x4BF) || even_up(0x4D0, 0x52F) || even_up(0x1E00, 0x1E95) || even_up(0x1EA0, 0x1EFF) => u + 1,
        _ if even_up(0x139, 0x148) || even_up(0x179, 0x17E) || even_up(0x1CD, 0x1DC) || even_up(0x4C1, 0x4CE) => u + 1,
        _ => u,
    };
    char::from_u32(to).unwrap_or(c)
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

    /// The std mapping when it is one character.
    fn std_lower(c: char) -> Option<char> {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) => Some(x),
            _ => None,
        }
    }

    #[test]
    fn case_folding_is_std_wherever_it_changes_a_letter_and_covers_european_scripts() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let f = fold_char(c);
            if f != c {
                assert_eq!(Some(f), std_lower(c), "U+{:04X}", c as u32);
            }
        }
        let covered = [(0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x531, 0x556), (0x1E00, 0x1EFF), (0xFF21, 0xFF3A)];
        for (lo, hi) in covered {
            for c in (lo..=hi).filter_map(char::from_u32) {
                // A few letters of these blocks map irregularly (ƀ-ɏ's African and Pinyin letters,
                // Greek symbols); the names a recruiter sees are covered.
                if let (Some(l), true) = (std_lower(c), matches!(c as u32, 0x41..=0x17F | 0x1C4..=0x233 | 0x386..=0x3AB | 0x400..=0x52F | 0x531..=0x556 | 0x1E00..=0x1E95 | 0x1E9E..=0x1EFF | 0xFF21..=0xFF3A)) {
                    if c as u32 != 0x130 && l != c {
                        assert_eq!(fold_char(c), l, "U+{:04X} {c}", c as u32);
                    }
                }
            }
        }
        assert_eq!(normalise_name("  ÉMILE   Zoë  ŁUKASZ Ђорђе ΣΩΚΡΆΤΗΣ "), "émile zoë łukasz ђорђе σωκράτησ");
        assert_eq!(normalise_email(" Ana.PÉREZ@Example.COM ").as_deref(), Some("ana.pérez@example.com"));
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

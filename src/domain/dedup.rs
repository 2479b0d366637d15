//! The duplicate check behind every opt-in: "we will only create net new records where they do
//! not already exist in your ATS using a duplicate check", and existing profiles are never
//! updated except by adding notes.
//!
//! JobDiva's search is a case-insensitive *prefix* match that silently ignores names and emails
//! of two characters or fewer, so its hits are candidates for a match, never the match itself:
//! every hit is post-filtered here exactly.

use super::ats::{CandidateSummary, ContactSummary};
use super::contact_info::{normalise_email, normalise_name, normalise_phone, Phone};

/// The person who opted in, as the duplicate check compares them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub first: String,
    pub last: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

impl Person {
    pub fn new(first: &str, last: &str, email: &str, phone: &str, company: &str) -> Self {
        Person {
            first: first.trim().to_string(),
            last: last.trim().to_string(),
            email: normalise_email(email),
            phone: normalise_phone(phone),
            company: Some(company.trim().to_string()).filter(|c| !c.is_empty()),
        }
    }
    pub fn name(&self) -> String {
        normalise_name(&format!("{} {}", self.first, self.last))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKey {
    Email,
    Phone,
}

impl MatchKey {
    pub fn label(self) -> &'static str {
        match self {
            MatchKey::Email => "email",
            MatchKey::Phone => "phone",
        }
    }
}

/// A JobDiva record the decision points at, with what was compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: u64,
    pub name: String,
    /// What matched, as JobDiva holds it (the profile's email or phone).
    pub matched_value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The same email or phone: add a note to this profile, change nothing else.
    Match { key: MatchKey, profile: Evidence },
    /// Only the name agrees: a recruiter decides (never merged, never duplicated silently).
    PossibleMatch { profiles: Vec<Evidence> },
    /// No one: create the record.
    New,
}

fn emails(c: &CandidateSummary) -> Vec<&String> {
    c.email.iter().chain(c.alt_email.iter()).collect()
}

fn phone_match<'a>(want: &str, phones: &'a [Phone]) -> Option<&'a Phone> {
    phones.iter().find(|p| normalise_phone(&p.number).as_deref() == Some(want))
}

fn full(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_string()
}

/// Decide for a talent opt-in from JobDiva's search hits (any searches, any order, duplicates
/// allowed). Email beats phone beats name; the lowest id wins among equals (stable).
pub fn decide_candidate(person: &Person, hits: &[CandidateSummary]) -> Decision {
    let mut sorted: Vec<&CandidateSummary> = hits.iter().collect();
    sorted.sort_by_key(|c| c.id);
    sorted.dedup_by_key(|c| c.id);
    if let Some(want) = &person.email {
        if let Some((c, e)) = sorted.iter().find_map(|c| emails(c).into_iter().find(|e| normalise_email(e).as_deref() == Some(want)).map(|e| (c, e))) {
            return Decision::Match { key: MatchKey::Email, profile: Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: e.clone() } };
        }
    }
    if let Some(want) = &person.phone {
        if let Some((c, p)) = sorted.iter().find_map(|c| phone_match(want, &c.phones).map(|p| (c, p))) {
            return Decision::Match { key: MatchKey::Phone, profile: Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: p.number.clone() } };
        }
    }
    let name = person.name();
    let same_name: Vec<Evidence> = sorted
        .iter()
        .filter(|c| !name.is_empty() && normalise_name(&full(&c.first_name, &c.last_name)) == name)
        .map(|c| Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: String::new() })
        .collect();
    if same_name.is_empty() { Decision::New } else { Decision::PossibleMatch { profiles: same_name } }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SalesDecision {
    /// An existing contact by email or phone: a contact note only.
    Match { key: MatchKey, contact: Evidence },
    /// Same name at the same company: a recruiter decides.
    PossibleMatch { contacts: Vec<Evidence> },
    /// The company is in JobDiva: a new contact there.
    NewContact { company: String },
    /// The company is not: a new lead.
    NewLead,
}

/// Decide for a sales opt-in from `SearchContacts` hits. `company_known`: JobDiva holds a company
/// of exactly this name (compared case-insensitively, as JobDiva upper-cases them).
pub fn decide_contact(person: &Person, hits: &[ContactSummary], company_known: bool) -> SalesDecision {
    let mut sorted: Vec<&ContactSummary> = hits.iter().collect();
    sorted.sort_by_key(|c| c.id);
    sorted.dedup_by_key(|c| c.id);
    if let Some(want) = &person.email {
        if let Some((c, e)) = sorted.iter().find_map(|c| c.email.iter().chain(c.alt_email.iter()).find(|e| normalise_email(e).as_deref() == Some(want)).map(|e| (c, e))) {
            return SalesDecision::Match { key: MatchKey::Email, contact: Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: e.clone() } };
        }
    }
    if let Some(want) = &person.phone {
        if let Some((c, p)) = sorted.iter().find_map(|c| phone_match(want, &c.phones).map(|p| (c, p))) {
            return SalesDecision::Match { key: MatchKey::Phone, contact: Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: p.number.clone() } };
        }
    }
    let name = person.name();
    let company = person.company.as_deref().map(normalise_name);
    let same: Vec<Evidence> = sorted
        .iter()
        .filter(|c| !name.is_empty() && normalise_name(&full(&c.first_name, &c.last_name)) == name && company.as_deref() == Some(normalise_name(&c.company).as_str()))
        .map(|c| Evidence { id: c.id, name: full(&c.first_name, &c.last_name), matched_value: c.company.clone() })
        .collect();
    if !same.is_empty() {
        return SalesDecision::PossibleMatch { contacts: same };
    }
    match (&person.company, company_known) {
        (Some(c), true) => SalesDecision::NewContact { company: c.clone() },
        _ => SalesDecision::NewLead,
    }
}

/// Whether a JobDiva company list (from contacts' "company name") holds this company.
pub fn company_in(company: &str, known: &[String]) -> bool {
    let want = normalise_name(company);
    !want.is_empty() && known.iter().any(|k| normalise_name(k) == want)
}

/// "Jane Smith - Charge Nurse at Mercy", degrading when the title or company is missing.
pub fn headline(name: &str, title: &str, company: &str) -> String {
    match role(title.trim(), company.trim()) {
        r if r.is_empty() => name.to_string(),
        r => format!("{name} - {r}"),
    }
}

/// "Charge Nurse at Mercy", "Charge Nurse", "Mercy" or "", from what is given.
pub fn role(title: &str, company: &str) -> String {
    [title, company].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" at ")
}

/// The longest email subject the tab asks RefAssured to send.
pub const SUBJECT_MAX_CHARS: usize = 200;

/// One line (a control character, a line break above all, becomes a space) of at most
/// [`SUBJECT_MAX_CHARS`]: names and titles come from reference-givers.
fn subject_line(s: String) -> String {
    let line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if line.chars().count() <= SUBJECT_MAX_CHARS {
        line
    } else {
        line.chars().take(SUBJECT_MAX_CHARS - 1).chain(std::iter::once('…')).collect()
    }
}

pub fn talent_subject(name: &str, title: &str, company: &str) -> String {
    subject_line(format!("New Candidate Opt-In! {}", headline(name, title, company)))
}

pub fn sales_subject(name: &str, title: &str, company: &str) -> String {
    subject_line(format!("New Sales Opt-In! {}", headline(name, title, company)))
}

/// A URL from a template with `{id}`.
pub fn record_link(template: &str, id: u64) -> String {
    template.replace("{id}", &id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact_info::PhoneKind;

    fn cand(id: u64, first: &str, last: &str, email: &str, phones: &[&str]) -> CandidateSummary {
        CandidateSummary {
            id,
            first_name: first.into(),
            last_name: last.into(),
            email: Some(email.to_string()).filter(|e| !e.is_empty()),
            phones: phones.iter().map(|p| Phone { kind: PhoneKind::Cell, number: p.to_string(), ext: None }).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn exact_email_wins_over_prefix_hits() {
        // JobDiva's prefix search for "maria.g" returns both; only one is the same address.
        let hits = [cand(2, "Maria", "Gomez", "maria.gomez@mail.example", &[]), cand(1, "Maria", "Gonzalez", "maria.gonzalez@mail.example", &[])];
        let p = Person::new("Maria", "Gonzalez", " Maria.Gonzalez@Mail.Example ", "", "");
        assert_eq!(decide_candidate(&p, &hits), Decision::Match { key: MatchKey::Email, profile: Evidence { id: 1, name: "Maria Gonzalez".into(), matched_value: "maria.gonzalez@mail.example".into() } });
    }

    #[test]
    fn phone_in_another_format_matches() {
        let hits = [cand(7, "Kevin", "Osei", "kevin.osei@work.example", &["6465550199"])];
        let p = Person::new("Kevin", "Osei", "k.osei@newjob.example", "+1 (646) 555-0199", "");
        assert!(matches!(decide_candidate(&p, &hits), Decision::Match { key: MatchKey::Phone, profile } if profile.id == 7));
    }

    #[test]
    fn a_name_alone_is_only_a_possible_match() {
        let hits = [cand(3, "Laura", "Chen", "laura.chen@old.example", &["5125550177"]), cand(4, "Laura", "Chenoweth", "lc@x.example", &[])];
        let p = Person::new("laura", " CHEN", "laura.chen@new.example", "4155550101", "");
        assert_eq!(decide_candidate(&p, &hits), Decision::PossibleMatch { profiles: vec![Evidence { id: 3, name: "Laura Chen".into(), matched_value: String::new() }] });
    }

    #[test]
    fn short_names_ignored_by_jobdiva_do_not_match_everyone() {
        // "Bo Li": JobDiva ignores both names and returns everyone; none is Bo Li.
        let everyone = [cand(1, "Bob", "Lin", "bob@x.example", &[]), cand(2, "Ava", "Johnson", "ava@x.example", &[])];
        let p = Person::new("Bo", "Li", "bo.li@mail.example", "", "");
        assert_eq!(decide_candidate(&p, &everyone), Decision::New);
        assert_eq!(decide_candidate(&p, &[]), Decision::New);
    }

    #[test]
    fn sales_decisions() {
        let contacts = [ContactSummary { id: 9, first_name: "Paul".into(), last_name: "Buyer".into(), company: "MERCY GENERAL HOSPITAL".into(), email: Some("paul.buyer@mercy.example".into()), ..Default::default() }];
        let p = Person::new("Paul", "Buyer", "PAUL.BUYER@mercy.example", "", "Mercy General Hospital");
        assert!(matches!(decide_contact(&p, &contacts, true), SalesDecision::Match { key: MatchKey::Email, contact } if contact.id == 9));
        let same_name = Person::new("Paul", "Buyer", "paul@other.example", "", "mercy general hospital");
        assert!(matches!(decide_contact(&same_name, &contacts, true), SalesDecision::PossibleMatch { .. }));
        let new = Person::new("Nadia", "Staffing", "nadia@summit.example", "", "Summit Health");
        assert_eq!(decide_contact(&new, &contacts, true), SalesDecision::NewContact { company: "Summit Health".into() });
        assert_eq!(decide_contact(&new, &contacts, false), SalesDecision::NewLead);
        let no_company = Person::new("Gary", "Prospect", "gary@x.example", "", "");
        assert_eq!(decide_contact(&no_company, &[], true), SalesDecision::NewLead);
        assert!(company_in("Summit  Health", &["SUMMIT HEALTH".into()]));
        assert!(!company_in("Summit", &["SUMMIT HEALTH".into()]));
    }

    #[test]
    fn subjects_degrade_gracefully() {
        assert_eq!(talent_subject("Priscilla Newcomb", "Travel Nurse", "Harbor Medical Center"), "New Candidate Opt-In! Priscilla Newcomb - Travel Nurse at Harbor Medical Center");
        assert_eq!(talent_subject("Quinn Abara", "", "Cedar Valley Hospital"), "New Candidate Opt-In! Quinn Abara - Cedar Valley Hospital");
        assert_eq!(talent_subject("Bo Li", " ", ""), "New Candidate Opt-In! Bo Li");
        assert_eq!(sales_subject("Gary Prospect", "COO", ""), "New Sales Opt-In! Gary Prospect - COO");
        assert_eq!(record_link("http://127.0.0.1:8788/?candidateId={id}", 5), "http://127.0.0.1:8788/?candidateId=5");
    }

    #[test]
    fn subjects_are_one_bounded_line_whatever_a_reference_giver_typed() {
        let long = talent_subject("Ann Lee", &"x".repeat(102_591), "Mercy");
        assert_eq!(long.chars().count(), SUBJECT_MAX_CHARS);
        assert!(long.starts_with("New Candidate Opt-In! Ann Lee - xxx") && long.ends_with('…'));
        let injected = sales_subject("Gary\r\nBcc: all@agency.example", "COO\n", "");
        assert!(!injected.contains(['\r', '\n']), "{injected:?}");
        assert!(injected.starts_with("New Sales Opt-In! Gary  Bcc: all@agency.example"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::domain::contact_info::PhoneKind;
    use proptest::prelude::*;

    fn email() -> impl Strategy<Value = String> {
        ("[a-z][a-z0-9.]{2,12}", "[a-z]{2,10}", prop_oneof!["com", "org", "example"]).prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
    }
    fn phone() -> impl Strategy<Value = String> {
        "[2-9][0-9]{2}[2-9][0-9]{6}"
    }
    /// The same email as people type it.
    fn email_variant(e: &str, style: u8) -> String {
        match style % 4 {
            0 => e.to_uppercase(),
            1 => format!("  {e} "),
            2 => e.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect(),
            _ => e.to_string(),
        }
    }
    /// The same US phone number as people type it.
    fn phone_variant(d: &str, style: u8) -> String {
        let (a, b, c) = (&d[0..3], &d[3..6], &d[6..]);
        match style % 6 {
            0 => format!("({a}) {b}-{c}"),
            1 => format!("+1 {a} {b} {c}"),
            2 => format!("1{a}{b}{c}"),
            3 => format!("{a}.{b}.{c}"),
            4 => format!("{a}-{b}-{c} ext. 42"),
            _ => d.to_string(),
        }
    }
    fn profile(id: u64, email: &str, phone: &str) -> CandidateSummary {
        CandidateSummary {
            id,
            first_name: "Sam".into(),
            last_name: "Profile".into(),
            email: Some(email.into()),
            phones: vec![Phone { kind: PhoneKind::Work, number: phone.into(), ext: None }],
            ..Default::default()
        }
    }

    proptest! {
        #[test]
        fn formatting_variants_of_an_email_always_match(e in email(), style in 0u8..4) {
            let hits = [profile(1, &e, "2125550000")];
            let p = Person::new("X", "Y", &email_variant(&e, style), "", "");
            let email_match = matches!(decide_candidate(&p, &hits), Decision::Match { key: MatchKey::Email, .. });
            prop_assert!(email_match);
        }

        #[test]
        fn formatting_variants_of_a_phone_always_match(d in phone(), style in 0u8..6) {
            let hits = [profile(1, "someone@else.example", &phone_variant(&d, style.wrapping_add(1)))];
            let p = Person::new("X", "Y", "other@x.example", &phone_variant(&d, style), "");
            let phone_match = matches!(decide_candidate(&p, &hits), Decision::Match { key: MatchKey::Phone, .. });
            prop_assert!(phone_match);
        }

        #[test]
        fn different_people_never_match(e1 in email(), e2 in email(), d1 in phone(), d2 in phone()) {
            prop_assume!(e1 != e2 && d1 != d2);
            let hits = [profile(1, &e1, &d1)];
            let p = Person::new("Other", "Person", &e2, &d2, "");
            prop_assert_eq!(decide_candidate(&p, &hits), Decision::New);
        }

        #[test]
        fn normalisation_is_idempotent(raw in "[ -~]{0,30}") {
            if let Some(n) = normalise_email(&raw) { prop_assert_eq!(normalise_email(&n), Some(n.clone())); }
            if let Some(n) = normalise_phone(&raw) { prop_assert_eq!(normalise_phone(&n), Some(n.clone())); }
            let n = normalise_name(&raw);
            prop_assert_eq!(normalise_name(&n), n.clone());
        }
    }
}

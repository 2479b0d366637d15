//! The simulators' state, and the deterministic demo data it starts from.
//!
//! Shapes here are the sandbox's own; what goes on the wire is built in each simulator module
//! from the documents, field by field.

use crate::util::Rng;
use std::collections::{BTreeMap, HashMap};

/// The reference day of the demo data: seeded times are before it.
/// The moment the seeded history leads up to: the start of today (UTC). The seeded dates are
/// relative to it, so the world is as old as the day the sandbox runs (a fixed date would age:
/// "referred within the last 90 days" and token lifetimes are checked against the real clock),
/// and the seed repeats within a day.
pub fn epoch() -> i64 {
    let now = crate::util::now_unix();
    now - now.rem_euclid(86_400)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Demo,
    Large,
}

// ---------- JobDiva ----------

#[derive(Clone, Debug, Default)]
pub struct Candidate {
    pub id: u64,
    pub first: String,
    pub middle: String,
    pub last: String,
    pub email: String,
    pub alt_email: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub work_phone: String,
    pub work_ext: String,
    pub home_phone: String,
    pub cell_phone: String,
    pub fax: String,
    pub title: String,
    pub narrative: String,
    pub resume_source: Option<u64>,
    pub linkedin: String,
    pub created: i64,
    pub updated: i64,
    /// Made through `createCandidate` (for inspection).
    pub created_by_api: bool,
    pub userfields: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct CandidateNote {
    pub id: u64,
    pub candidate_id: u64,
    pub note: String,
    pub recruiter_id: Option<u64>,
    pub action: Option<String>,
    pub action_date: Option<String>,
    pub created: i64,
}

#[derive(Clone, Debug)]
pub struct Attachment {
    pub id: u64,
    pub candidate_id: u64,
    pub name: String,
    pub filename: String,
    pub size: usize,
    pub attachment_type: i64,
    pub description: String,
    pub created: i64,
}

#[derive(Clone, Debug)]
pub struct Company {
    pub id: u64,
    /// JobDiva keeps company names upper-cased.
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct Contact {
    pub id: u64,
    pub first: String,
    pub last: String,
    pub company: String,
    pub title: String,
    pub department: String,
    pub email: String,
    pub alt_email: String,
    pub phones: Vec<(String, String, String)>, // (number, ext, type)
    pub address1: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub contact_type: String,
    pub owner_ids: Vec<u64>,
    pub created_by_api: bool,
}

#[derive(Clone, Debug)]
pub struct ContactNote {
    pub id: u64,
    pub contact_id: u64,
    pub note: String,
    pub recruiter_id: Option<u64>,
    pub created: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Lead {
    pub id: u64,
    pub first: String,
    pub last: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub title: String,
    pub note: String,
    pub owner_id: Option<u64>,
    pub created: i64,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub first: String,
    pub last: String,
    pub email: String,
    pub title: String,
    pub division: String,
    pub active: bool,
    pub recruiter: bool,
    pub sales: bool,
    pub created: i64,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub title: String,
    pub status: String,
    pub company_id: u64,
    pub company_name: String,
    pub city: String,
    pub state: String,
    pub start: i64,
    pub position_type: String,
    pub description_html: String,
}

#[derive(Clone, Debug)]
pub struct Submittal {
    pub id: u64,
    pub candidate_id: u64,
    pub job_id: u64,
    pub user_id: u64,
    pub contact_id: u64,
    pub created: i64,
    pub submitted: i64,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub notes: String,
}

#[derive(Clone, Debug)]
pub struct UserField {
    pub id: u64,
    pub name: String,
    pub kind: String,
    pub size: u32,
    pub field_for: String,
    pub mandatory: bool,
    pub tab: String,
}

#[derive(Clone, Debug, Default)]
pub struct JobDiva {
    pub candidates: Vec<Candidate>,
    pub notes: Vec<CandidateNote>,
    pub attachments: Vec<Attachment>,
    pub companies: Vec<Company>,
    pub contacts: Vec<Contact>,
    pub contact_notes: Vec<ContactNote>,
    pub leads: Vec<Lead>,
    pub users: Vec<User>,
    pub jobs: Vec<Job>,
    pub submittals: Vec<Submittal>,
    pub resume_sources: Vec<(u64, String)>,
    pub userfields: Vec<UserField>,
    /// token → (expiry, is_refresh)
    pub tokens: HashMap<String, (i64, bool)>,
    pub next_id: u64,
}

impl JobDiva {
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
    pub fn candidate(&self, id: u64) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.id == id)
    }
}

// ---------- RefAssured ----------

#[derive(Clone, Debug)]
pub struct Alert {
    pub level: &'static str,
    pub code: &'static str,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Answer {
    pub question: String,
    pub answer: String,
    pub rating: Option<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct Push {
    pub at: i64,
    /// Empty while unconfirmed.
    pub ats_record_id: String,
    /// Sent, but its answer was lost: why (a person checks the ATS).
    pub unconfirmed: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub id: u64,
    pub request_id: u64,
    pub first: String,
    pub last: String,
    pub email: String,
    pub mobile: String,
    pub relationship: &'static str,
    pub title: String,
    pub company: String,
    pub status: &'static str,
    pub sent_at: Option<i64>,
    pub opened_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub reminders: u32,
    pub score: Option<u8>,
    pub alerts: Vec<Alert>,
    pub answers: Vec<Answer>,
    pub note_push: Option<Push>,
    pub attachment_push: Option<Push>,
}

#[derive(Clone, Debug)]
pub struct RefRequest {
    pub id: u64,
    pub external_candidate_id: String,
    pub first: String,
    pub last: String,
    pub email: String,
    pub mobile: String,
    pub job_title: String,
    pub survey_id: u64,
    pub owner_email: String,
    pub owner_name: String,
    pub source: String,
    pub status: &'static str,
    pub created: i64,
    pub required: u32,
    pub references: Vec<Reference>,
}

#[derive(Clone, Debug, Default)]
pub struct OptInPerson {
    pub first: String,
    pub last: String,
    pub email: String,
    pub mobile: String,
    pub title: String,
    pub company: String,
}

#[derive(Clone, Debug)]
pub struct OptOutcome {
    pub action: String,
    pub ats_record_id: String,
    pub notified: Vec<String>,
    pub resolved_at: i64,
}

#[derive(Clone, Debug)]
pub struct OptIn {
    pub id: u64,
    pub kind: &'static str,
    pub reference_id: u64,
    pub request_id: u64,
    pub external_candidate_id: String,
    pub person: OptInPerson,
    pub opted_in_at: i64,
    pub requestor_email: String,
    pub requestor_name: String,
    pub recipients: Vec<String>,
    pub claim: Option<(String, i64)>,
    pub outcome: Option<OptOutcome>,
    /// Waiting for a person (a JobDiva write whose outcome is unknown): the reason and when.
    pub attention: Option<(String, i64)>,
    /// What the seed meant it to exercise (inspection only, never on the wire).
    pub scenario: &'static str,
}

#[derive(Clone, Debug)]
pub struct Email {
    pub id: u64,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub link: String,
    pub sent_at: i64,
}

#[derive(Clone, Debug, Default)]
pub struct RefAssured {
    pub requests: Vec<RefRequest>,
    pub opt_ins: Vec<OptIn>,
    pub outbox: Vec<Email>,
    pub surveys: Vec<(u64, String)>,
    /// key → active?
    pub keys: HashMap<String, bool>,
    /// (key scope, Idempotency-Key) → (status, content type, body)
    pub idempotent: HashMap<(String, String), (u16, String, Vec<u8>)>,
    /// Keys whose first request is still being processed.
    pub in_progress: std::collections::HashSet<(String, String)>,
    pub next_id: u64,
    /// The referral program's sync records (crate::program).
    pub program: crate::program::Program,
}

impl RefAssured {
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
    pub fn reference_mut(&mut self, id: u64) -> Option<&mut Reference> {
        self.requests
            .iter_mut()
            .flat_map(|r| r.references.iter_mut())
            .find(|r| r.id == id)
    }
}

// ---------- Staffing Referrals ----------

#[derive(Clone, Debug, Default)]
pub struct SrUser {
    pub id: u64,
    pub ats_id: Option<String>,
    pub status: String,
    pub source: Option<String>,
    pub email: String,
    pub first: String,
    pub last: String,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub is_accepted: bool,
    pub campaign_id: Option<u64>,
    pub role: &'static str,
    pub recruiter_id: Option<u64>,
    pub is_public_recruiter: bool,
    pub properties: BTreeMap<String, String>,
    pub created: i64,
    pub updated: i64,
    pub slug: String,
}

#[derive(Clone, Debug)]
pub struct Referral {
    pub id: u64,
    pub ats_id: Option<String>,
    /// The display form: Lead, Contacted, Placed, Awaiting Payment, Paid, Ineligible.
    pub status: String,
    pub source: Option<String>,
    pub created: i64,
    pub updated: i64,
    pub is_manual: bool,
    pub is_referral_lead: bool,
    pub has_resume: bool,
    pub previous_referral_ids: String,
    pub campaign_id: u64,
    pub applicant_id: u64,
    pub ambassador_id: u64,
    pub recruiter_id: u64,
    pub opportunity: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Campaign {
    pub id: u64,
    pub name: String,
    pub status: String,
    pub minimum_term: Option<u32>,
    pub minimum_term_units: Option<String>,
    pub applicant_bonus: String,
    pub ambassador_bonus: String,
    pub is_bonus_per_hour: bool,
    pub location: String,
    pub minimum_requirements: String,
}

#[derive(Clone, Debug)]
pub struct PropertyType {
    pub id: u64,
    pub kind: String,
    pub name: String,
    pub is_required: Option<bool>,
    pub is_for_ambassador: bool,
    pub is_for_applicant: bool,
    pub placeholder: Option<String>,
    pub options: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct WebhookDelivery {
    pub referral_id: u64,
    pub attempt: u32,
    pub at_millis: u128,
    pub status: Option<u16>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Staffing {
    pub users: Vec<SrUser>,
    pub referrals: Vec<Referral>,
    pub campaigns: Vec<Campaign>,
    pub property_types: Vec<PropertyType>,
    pub invites_sent: Vec<(u64, Option<String>)>,
    pub access_emails: Vec<String>,
    pub deliveries: Vec<WebhookDelivery>,
    pub default_recruiter: Option<u64>,
    pub next_id: u64,
}

impl Staffing {
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
    /// Users are only ever appended with increasing ids, so they stay sorted by id.
    pub fn user(&self, id: u64) -> Option<&SrUser> {
        self.users
            .binary_search_by_key(&id, |u| u.id)
            .ok()
            .map(|i| &self.users[i])
    }
}

#[derive(Clone, Debug, Default)]
pub struct World {
    pub jobdiva: JobDiva,
    pub refassured: RefAssured,
    pub staffing: Staffing,
    /// The JobDiva token the RefAssured relay holds, with its expiry.
    pub refassured_relay_token: Option<(String, i64)>,
}

// ---------- seed ----------

const FIRST: &[&str] = &[
    "Ava", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Sofia", "Ethan", "Amara", "Lucas", "Priya",
    "Daniel", "Chloe", "Kenji", "Grace", "Omar", "Hannah", "Diego", "Leah", "Samuel", "Nora",
    "Elijah", "Zoe", "Isaac",
];
const LAST: &[&str] = &[
    "Johnson",
    "Williams",
    "Brown",
    "Okafor",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Nguyen",
    "Patel",
    "Kim",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Lee",
    "Walker",
    "Hall",
    "Young",
    "Allen",
];
const PLACES: &[(&str, &str, &str, &str)] = &[
    ("New York", "NY", "10001", "212"),
    ("Denver", "CO", "80202", "303"),
    ("Austin", "TX", "78701", "512"),
    ("Seattle", "WA", "98101", "206"),
    ("Chicago", "IL", "60601", "312"),
    ("Phoenix", "AZ", "85004", "602"),
];
const TITLES: &[&str] = &[
    "Registered Nurse",
    "ICU Nurse",
    "Travel Nurse",
    "Surgical Technologist",
    "Respiratory Therapist",
    "Software Engineer",
    "Data Analyst",
    "Project Manager",
    "Physical Therapist",
    "Medical Assistant",
];
const COMPANIES: &[&str] = &[
    "Mercy General Hospital",
    "Summit Health",
    "Northwind Clinics",
    "Bluebird Care",
    "Acme Analytics",
    "Harbor Medical Center",
    "Cedar Valley Hospital",
];

pub const RECRUITER_ID: u64 = 301;
pub const RECRUITER_EMAIL: &str = "rachel.recruiter@agency.example";
pub const REFASSURED_SOURCE_ID: u64 = 17;
/// The resume source the referral program's sync suggests for the candidates it creates.
pub const STAFFING_REFERRALS_SOURCE_ID: u64 = 12;
/// The first demo candidate; the mock JobDiva page opens it.
pub const FIRST_CANDIDATE: u64 = 5_000_000_101;
pub const DEMO_CANDIDATES: u64 = 40;

fn phone(area: &str, rng: &mut Rng) -> String {
    format!("{area}555{:04}", 100 + rng.below(9800))
}

impl World {
    pub fn seed(seed: u64, scale: Scale) -> World {
        World::seed_with(seed, scale, Bulk::default())
    }

    /// The seed plus `bulk` opt-ins and referrals of distinct people (for the fault runs),
    /// added last in their upstream so that no other id moves.
    pub fn seed_with(seed: u64, scale: Scale, bulk: Bulk) -> World {
        let mut rng = Rng::new(seed);
        let mut w = World::default();
        seed_jobdiva(&mut w.jobdiva, &mut rng, scale);
        seed_refassured(&mut w, &mut rng, scale);
        seed_staffing(&mut w, scale, bulk.referrals);
        seed_bulk_opt_ins(&mut w, bulk.opt_ins);
        w
    }
}

/// How many bulk records a seed adds (`--opt-ins`, `--referrals`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Bulk {
    pub opt_ins: usize,
    pub referrals: usize,
}

/// Three letters for `k`, fixed width ("Abc"), so that no bulk name is a prefix of another
/// (JobDiva searches names by prefix).
fn tag3(k: usize) -> String {
    [k / 676, (k / 26) % 26, k % 26]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let c = (b'a' + (*d % 26) as u8) as char;
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// First id of the JobDiva candidates that bulk opt-ins meet again.
pub const BULK_MATCH_CANDIDATE: u64 = 7_000_000_000;

/// `n` pending opt-ins of distinct people, none of whose names, emails or phones is a prefix of
/// another's (JobDiva searches by prefix): every fifth talent opt-in is already in JobDiva by
/// email (a note only), every tenth is a sales opt-in at an unknown company (a lead), the rest
/// are new candidates.
/// Every seeded reference as (reference id, request id, the request's candidate): the opt-ins
/// are spread over them.
fn reference_slots(ra: &RefAssured) -> Vec<(u64, u64, String)> {
    ra.requests
        .iter()
        .flat_map(|q| {
            q.references
                .iter()
                .map(move |r| (r.id, q.id, q.external_candidate_id.clone()))
        })
        .collect()
}

fn seed_bulk_opt_ins(w: &mut World, n: usize) {
    if n == 0 {
        return;
    }
    let t0 = epoch();
    let refs = reference_slots(&w.refassured);
    for k in 0..n {
        let tag = tag3(k);
        let first = FIRST[k % FIRST.len()].to_string();
        let last = format!("{}-{tag}", LAST[(k / FIRST.len()) % LAST.len()]);
        let email = format!("optin{k:05}@bulk.example");
        let mobile = format!("9078{k:06}");
        let sales = k % 10 == 9;
        if !sales && k % 5 == 0 {
            w.jobdiva.candidates.push(Candidate {
                id: BULK_MATCH_CANDIDATE + k as u64,
                first: first.clone(),
                last: last.clone(),
                email: email.clone(),
                city: "Anchorage".into(),
                state: "AK".into(),
                zip: "99501".into(),
                country: "US".into(),
                title: "Registered Nurse".into(),
                created: t0 - 200 * 86_400,
                updated: t0 - 100 * 86_400,
                ..Default::default()
            });
        }
        let (reference_id, request_id, ext) = refs[k % refs.len()].clone();
        let ra = &mut w.refassured;
        let id = ra.id();
        ra.opt_ins.push(OptIn {
            id,
            kind: if sales { "sales" } else { "talent" },
            reference_id,
            request_id,
            external_candidate_id: ext,
            person: OptInPerson {
                first,
                last,
                email,
                mobile,
                title: if sales {
                    "Director of Nursing"
                } else {
                    "Staff Nurse"
                }
                .into(),
                company: if sales {
                    format!("Bulk Care {tag}")
                } else {
                    "Northern Lights Clinic".into()
                },
            },
            opted_in_at: t0 - 86_400 - k as i64 * 60,
            requestor_email: RECRUITER_EMAIL.into(),
            requestor_name: "Rachel Recruiter".into(),
            recipients: vec!["leads@agency.example".into()],
            claim: None,
            outcome: None,
            attention: None,
            scenario: if sales {
                "bulk_sales"
            } else if k % 5 == 0 {
                "bulk_match"
            } else {
                "bulk_new"
            },
        });
    }
}

fn seed_jobdiva(jd: &mut JobDiva, rng: &mut Rng, scale: Scale) {
    let t0 = epoch();
    jd.next_id = 900_000;
    jd.users = vec![
        (
            RECRUITER_ID,
            "Rachel",
            "Recruiter",
            RECRUITER_EMAIL,
            "Senior Recruiter",
            true,
            false,
        ),
        (
            302,
            "Tom",
            "Teamlead",
            "tom.teamlead@agency.example",
            "Team Lead",
            true,
            true,
        ),
        (
            303,
            "Sara",
            "Sales",
            "sara.sales@agency.example",
            "Account Manager",
            false,
            true,
        ),
        (
            304,
            "Api",
            "User",
            "api@refassured.com",
            "API User",
            false,
            false,
        ),
        (
            305,
            "Ivan",
            "Inactive",
            "ivan.inactive@agency.example",
            "Recruiter",
            true,
            false,
        ),
    ]
    .into_iter()
    .map(|(id, f, l, e, t, r, s)| User {
        id,
        first: f.into(),
        last: l.into(),
        email: e.into(),
        title: t.into(),
        division: "Healthcare".into(),
        active: id != 305,
        recruiter: r,
        sales: s,
        created: t0 - 400 * 86_400,
    })
    .collect();
    jd.resume_sources = vec![
        (3, "Indeed".into()),
        (9, "LinkedIn".into()),
        (REFASSURED_SOURCE_ID, "RefAssured".into()),
        (STAFFING_REFERRALS_SOURCE_ID, "Staffing Referrals".into()),
    ];
    jd.userfields = vec![
        UserField {
            id: 1,
            name: "Shift Preference".into(),
            kind: "Text".into(),
            size: 50,
            field_for: "Candidate".into(),
            mandatory: false,
            tab: "General".into(),
        },
        UserField {
            id: 2,
            name: "License State".into(),
            kind: "Text".into(),
            size: 2,
            field_for: "Candidate".into(),
            mandatory: false,
            tab: "Compliance".into(),
        },
    ];
    jd.companies = COMPANIES
        .iter()
        .enumerate()
        .map(|(i, n)| Company {
            id: 700 + i as u64,
            name: n.to_uppercase(),
        })
        .collect();

    // Candidates: ids above 2^32, as in JobDiva.
    let total = match scale {
        Scale::Demo => DEMO_CANDIDATES,
        Scale::Large => 100_000,
    };
    for i in 0..total {
        let id = FIRST_CANDIDATE + i;
        let (first, last) = (
            FIRST[(i as usize) % FIRST.len()],
            LAST[(i as usize * 7 + i as usize / 24) % LAST.len()],
        );
        let (city, state, zip, area) = *rng.pick(PLACES);
        let created = t0 - (30 + rng.below(700) as i64) * 86_400;
        let mut c = Candidate {
            id,
            first: first.into(),
            last: last.into(),
            middle: if i % 5 == 0 {
                "J".into()
            } else {
                String::new()
            },
            email: format!(
                "{}.{}{}@mail.example",
                first.to_lowercase(),
                last.to_lowercase(),
                if i >= 24 {
                    i.to_string()
                } else {
                    String::new()
                }
            ),
            address1: format!("{} Main St", 10 + rng.below(980)),
            city: city.into(),
            state: state.into(),
            zip: zip.into(),
            country: "US".into(),
            cell_phone: phone(area, rng),
            work_phone: if i % 3 == 0 {
                phone(area, rng)
            } else {
                String::new()
            },
            title: rng.pick(TITLES).to_string(),
            created,
            updated: created + rng.below(20) as i64 * 86_400,
            ..Default::default()
        };
        if i % 4 == 0 {
            c.userfields
                .insert("Shift Preference".into(), "Nights".into());
        }
        if i % 7 == 0 {
            c.alt_email = format!("{}{}@alt.example", first.to_lowercase(), i);
        }
        jd.candidates.push(c);
    }
    // People the opt-in scenarios will meet again (see seed_refassured).
    let specials = [
        (
            "Maria",
            "Gonzalez",
            "maria.gonzalez@mail.example",
            "3035550142",
            "",
        ),
        ("Kevin", "Osei", "kevin.osei@work.example", "", "6465550199"),
        ("Laura", "Chen", "laura.chen@old.example", "5125550177", ""),
        // JobDiva ignores names of two characters or fewer in its search: only the full-name
        // quick search finds this one (issue 11: "Li Wu").
        ("Li", "Wu", "li.wu@old.example", "2065550111", ""),
        // Stored with the country code: digits 13125550147, which a search for 3125550147 misses.
        ("Dana", "Okafor", "dana@old.example", "+1 312-555-0147", ""),
    ];
    for (k, (f, l, e, cell, work)) in specials.into_iter().enumerate() {
        let id = FIRST_CANDIDATE + total + k as u64;
        jd.candidates.push(Candidate {
            id,
            first: f.into(),
            last: l.into(),
            email: e.into(),
            cell_phone: cell.into(),
            work_phone: work.into(),
            city: "Denver".into(),
            state: "CO".into(),
            zip: "80202".into(),
            country: "US".into(),
            title: "Registered Nurse".into(),
            created: t0 - 90 * 86_400,
            updated: t0 - 80 * 86_400,
            ..Default::default()
        });
    }

    // Contacts at existing companies (sales side).
    let contacts = [
        (
            "Paul",
            "Buyer",
            "MERCY GENERAL HOSPITAL",
            "Director of Nursing",
            "paul.buyer@mercy.example",
            "3035550110",
        ),
        (
            "Erin",
            "Hiring",
            "SUMMIT HEALTH",
            "HR Manager",
            "erin.hiring@summit.example",
            "2065550120",
        ),
        (
            "Victor",
            "Vendor",
            "ACME ANALYTICS",
            "VP Engineering",
            "victor@acme.example",
            "5125550130",
        ),
    ];
    for (f, l, co, t, e, p) in contacts {
        let id = jd.id();
        jd.contacts.push(Contact {
            id,
            first: f.into(),
            last: l.into(),
            company: co.into(),
            title: t.into(),
            email: e.into(),
            phones: vec![(p.into(), String::new(), "Work Phone".into())],
            city: "Denver".into(),
            state: "CO".into(),
            country: "US".into(),
            contact_type: "Client".into(),
            owner_ids: vec![303],
            ..Default::default()
        });
    }

    // Jobs and submittals for the demo candidates.
    for k in 0..8u64 {
        let company = &jd.companies[(k as usize) % jd.companies.len()];
        let (city, state, _, _) = PLACES[(k as usize) % PLACES.len()];
        let title = TITLES[(k as usize) % TITLES.len()];
        jd.jobs.push(Job {
            id: 81_000 + k,
            title: title.into(),
            status: if k == 7 { "CLOSED".into() } else { "OPEN".into() },
            company_id: company.id,
            company_name: company.name.clone(),
            city: city.into(),
            state: state.into(),
            start: t0 + (k as i64 + 2) * 7 * 86_400,
            position_type: if k % 2 == 0 { "Contract".into() } else { "Direct Placement".into() },
            description_html: format!(
                "<p><strong>{title}</strong> at {}.</p><ul><li>Day &amp; night shifts</li><li>13-week assignment</li></ul>",
                company.name
            ),
        });
    }
    let demo = match scale {
        Scale::Demo => total,
        Scale::Large => DEMO_CANDIDATES,
    };
    for i in 0..demo {
        for s in 0..(i % 3) {
            let job = &jd.jobs[((i + s) as usize) % jd.jobs.len()];
            let created = t0 - (20 - s as i64) * 86_400;
            let (job_id, contact) = (job.id, 0);
            let id = jd.id();
            jd.submittals.push(Submittal {
                id,
                candidate_id: FIRST_CANDIDATE + i,
                job_id,
                user_id: RECRUITER_ID,
                contact_id: contact,
                created,
                submitted: created + 3600,
                start: (s == 0).then_some(created + 14 * 86_400),
                end: None,
                notes: if s == 0 {
                    String::new()
                } else {
                    "Strong ICU background".into()
                },
            });
        }
        // Status back's demo: a linked applicant (ats_id, every third) with a submittal and no
        // start yet (a Lead that the rules move to Contacted), and one already started whose
        // referral is Awaiting Payment (left alone). Fixed ids: nothing else's id shifts.
        if i % 3 == 0 && i < DEMO_CANDIDATES {
            let job = &jd.jobs[(i as usize) % jd.jobs.len()];
            let created = t0 - 10 * 86_400;
            jd.submittals.push(Submittal {
                id: 90_000 + i,
                candidate_id: FIRST_CANDIDATE + i,
                job_id: job.id,
                user_id: RECRUITER_ID,
                contact_id: 0,
                created,
                submitted: created + 3600,
                start: (i % 6 == 3).then_some(created + 5 * 86_400),
                end: None,
                notes: String::new(),
            });
        }
    }
}

fn reference(
    rng: &mut Rng,
    id: u64,
    request_id: u64,
    status: &'static str,
    requested: i64,
    relationship: &'static str,
) -> Reference {
    let (first, last) = (*rng.pick(FIRST), *rng.pick(LAST));
    let sent = (status != "pending").then_some(requested + 3600);
    let opened =
        matches!(status, "opened" | "completed" | "declined").then(|| requested + 5 * 3600);
    let submitted = (status == "completed").then(|| requested + 30 * 3600);
    let score = (status == "completed").then(|| 60 + rng.below(40) as u8);
    let answers = if status == "completed" {
        vec![
            Answer {
                question: "How long did you work with the candidate, and in what capacity?".into(),
                answer: format!("Two years; I was {first}'s charge nurse on the ICU."),
                rating: None,
            },
            Answer {
                question: "Rate the candidate's clinical skills.".into(),
                answer: "Excellent assessments, calm under pressure.".into(),
                rating: Some(5),
            },
            Answer {
                question: "Rate the candidate's reliability.".into(),
                answer: "Never missed a shift <b>ever</b> & always on time.".into(),
                rating: Some(4),
            },
            Answer {
                question: "Would you rehire this candidate?".into(),
                answer: "Yes, without hesitation.".into(),
                rating: None,
            },
        ]
    } else {
        Vec::new()
    };
    Reference {
        id,
        request_id,
        first: first.into(),
        last: last.into(),
        email: format!(
            "{}.{}@{}.example",
            first.to_lowercase(),
            last.to_lowercase(),
            rng.pick(&["mercy", "summit", "bluebird"])
        ),
        mobile: format!("1303555{:04}", rng.below(9999)),
        relationship,
        title: rng
            .pick(&[
                "Charge Nurse",
                "Nurse Manager",
                "Director of Nursing",
                "Staff Nurse",
            ])
            .to_string(),
        company: rng.pick(COMPANIES).to_string(),
        status,
        sent_at: sent,
        opened_at: opened,
        submitted_at: submitted,
        reminders: if status == "sent" {
            2
        } else {
            u32::from(status == "opened")
        },
        score,
        alerts: Vec::new(),
        answers,
        note_push: None,
        attachment_push: None,
    }
}

/// In `--scale large`: this candidate has 50 reference requests with 200 references.
pub const BIG_CANDIDATE: u64 = FIRST_CANDIDATE + 1000;

fn seed_refassured(w: &mut World, rng: &mut Rng, scale: Scale) {
    let ra = &mut w.refassured;
    ra.next_id = 40_000;
    ra.keys.insert(crate::DEMO_API_KEY.into(), true);
    ra.keys.insert("revoked-api-key".into(), false);
    ra.surveys = vec![
        (2, "Clinical reference".into()),
        (3, "Professional reference".into()),
        (5, "Leadership reference".into()),
    ];
    let t0 = epoch();
    let statuses: [&[&'static str]; 6] = [
        &["completed", "completed", "opened"],
        &["completed", "completed", "completed"],
        &["sent", "pending"],
        &["declined", "completed", "sent"],
        &["cancelled", "cancelled"],
        &["opened"],
    ];
    let relationships = ["manager", "peer", "direct_report", "colleague", "other"];
    for i in 0..DEMO_CANDIDATES {
        // About a quarter of the candidates have no reference checks (the empty state).
        if i % 4 == 3 {
            continue;
        }
        let cand = w.jobdiva.candidates[i as usize].clone();
        let n_requests = if i == 0 { 2 } else { 1 + (i % 2) };
        for r in 0..n_requests {
            let shape = statuses[((i + r * 3) % 6) as usize];
            let request_id = ra.id();
            let created = t0 - ((i as i64 % 9) + 1 + r as i64 * 10) * 86_400;
            let mut refs = Vec::new();
            for (k, st) in shape.iter().enumerate() {
                let id = ra.id();
                refs.push(reference(
                    rng,
                    id,
                    request_id,
                    st,
                    created,
                    relationships[(k + i as usize) % 5],
                ));
            }
            let status = if shape.iter().all(|s| *s == "cancelled") {
                "cancelled"
            } else if shape.iter().filter(|s| **s == "completed").count() >= 2 {
                "completed"
            } else {
                "in_progress"
            };
            ra.requests.push(RefRequest {
                id: request_id,
                external_candidate_id: cand.id.to_string(),
                first: cand.first.clone(),
                last: cand.last.clone(),
                email: cand.email.clone(),
                mobile: format!("1{}", cand.cell_phone),
                job_title: cand.title.clone(),
                survey_id: 2,
                owner_email: RECRUITER_EMAIL.into(),
                owner_name: "Rachel Recruiter".into(),
                source: "JobDiva".into(),
                status,
                created,
                required: shape.len().min(3) as u32,
                references: refs,
            });
        }
    }
    // Alerts on the first candidate's references: a fraud alert and a deliverability warning.
    if let Some(req) = ra
        .requests
        .iter_mut()
        .find(|r| r.external_candidate_id == FIRST_CANDIDATE.to_string())
    {
        req.references[1].alerts.push(Alert {
            level: "alert",
            code: "same_ip",
            message: "The candidate and this reference submitted from the same IP address.".into(),
        });
        req.references[2].alerts.push(Alert {
            level: "warning",
            code: "email_undeliverable",
            message: "Emails to this reference bounced; check the address.".into(),
        });
    }

    if scale == Scale::Large {
        let cand = w
            .jobdiva
            .candidates
            .iter()
            .find(|c| c.id == BIG_CANDIDATE)
            .cloned()
            .unwrap_or_default();
        for r in 0..50u64 {
            let request_id = ra.id();
            let created = t0 - (r as i64 + 1) * 86_400;
            let refs = (0..4)
                .map(|k| {
                    let id = ra.id();
                    reference(
                        rng,
                        id,
                        request_id,
                        ["completed", "sent", "opened", "completed"][k],
                        created,
                        relationships[k % 5],
                    )
                })
                .collect();
            ra.requests.push(RefRequest {
                id: request_id,
                external_candidate_id: BIG_CANDIDATE.to_string(),
                first: cand.first.clone(),
                last: cand.last.clone(),
                email: cand.email.clone(),
                mobile: format!("1{}", cand.cell_phone),
                job_title: cand.title.clone(),
                survey_id: 2,
                owner_email: RECRUITER_EMAIL.into(),
                owner_name: "Rachel Recruiter".into(),
                source: "JobDiva".into(),
                status: "in_progress",
                created,
                required: 4,
                references: refs,
            });
        }
    }

    // Opt-ins, one per scenario, on references of the first candidates.
    let scenarios: [(&'static str, &'static str, OptInPerson); 11] = [
        (
            "talent",
            "email_match",
            OptInPerson {
                first: "Maria".into(),
                last: "Gonzalez".into(),
                email: " Maria.Gonzalez@Mail.Example ".into(),
                mobile: "+1 720 555 0100".into(),
                title: "Charge Nurse".into(),
                company: "Mercy General Hospital".into(),
            },
        ),
        (
            "talent",
            "phone_match",
            OptInPerson {
                first: "Kevin".into(),
                last: "Osei".into(),
                email: "k.osei@newjob.example".into(),
                mobile: "+1 (646) 555-0199".into(),
                title: "ICU Nurse".into(),
                company: "Summit Health".into(),
            },
        ),
        (
            "talent",
            "name_only",
            OptInPerson {
                first: "Laura".into(),
                last: "Chen".into(),
                email: "laura.chen@new.example".into(),
                mobile: "4155550101".into(),
                title: "Nurse Manager".into(),
                company: "Bluebird Care".into(),
            },
        ),
        (
            "talent",
            "new",
            OptInPerson {
                first: "Priscilla".into(),
                last: "Newcomb".into(),
                email: "priscilla.newcomb@mail.example".into(),
                mobile: "(303) 555-0188".into(),
                title: "Travel Nurse".into(),
                company: "Harbor Medical Center".into(),
            },
        ),
        (
            "talent",
            "new_short_name",
            OptInPerson {
                first: "Bo".into(),
                last: "Li".into(),
                email: "bo.li@mail.example".into(),
                mobile: "".into(),
                title: "".into(),
                company: "".into(),
            },
        ),
        (
            "talent",
            "new_no_title",
            OptInPerson {
                first: "Quinn".into(),
                last: "Abara".into(),
                email: "quinn.abara@mail.example".into(),
                mobile: "3125550166".into(),
                title: "".into(),
                company: "Cedar Valley Hospital".into(),
            },
        ),
        (
            "sales",
            "contact_match",
            OptInPerson {
                first: "Paul".into(),
                last: "Buyer".into(),
                email: "PAUL.BUYER@mercy.example".into(),
                mobile: "".into(),
                title: "Director of Nursing".into(),
                company: "Mercy General Hospital".into(),
            },
        ),
        (
            "sales",
            "new_contact",
            OptInPerson {
                first: "Nadia".into(),
                last: "Staffing".into(),
                email: "nadia@summit.example".into(),
                mobile: "206-555-0175".into(),
                title: "Talent Acquisition Lead".into(),
                company: "Summit Health".into(),
            },
        ),
        (
            "sales",
            "new_lead",
            OptInPerson {
                first: "Gary".into(),
                last: "Prospect".into(),
                email: "gary@unknownco.example".into(),
                mobile: "6025550144".into(),
                title: "COO".into(),
                company: "Unknown Co Staffing".into(),
            },
        ),
        (
            "talent",
            "short_name_only",
            OptInPerson {
                first: "Li".into(),
                last: "Wu".into(),
                email: "li.wu@new.example".into(),
                mobile: "7735550123".into(),
                title: "Staff Nurse".into(),
                company: "Lakeside Clinic".into(),
            },
        ),
        (
            "talent",
            "country_code_phone",
            OptInPerson {
                first: "Dana".into(),
                last: "Okafor".into(),
                email: "dana.okafor@new.example".into(),
                mobile: "(312) 555-0147".into(),
                title: "Surgical Nurse".into(),
                company: "Northside Hospital".into(),
            },
        ),
    ];
    let refs = reference_slots(ra);
    for (k, (kind, scenario, person)) in scenarios.into_iter().enumerate() {
        let (reference_id, request_id, ext) = refs[k % refs.len()].clone();
        let id = ra.id();
        ra.opt_ins.push(OptIn {
            id,
            kind,
            reference_id,
            request_id,
            external_candidate_id: ext,
            person,
            opted_in_at: t0 - (k as i64 + 1) * 3600,
            requestor_email: RECRUITER_EMAIL.into(),
            requestor_name: "Rachel Recruiter".into(),
            recipients: vec![
                "tom.teamlead@agency.example".into(),
                "leads@agency.example".into(),
            ],
            claim: None,
            outcome: None,
            attention: None,
            scenario,
        });
    }
}

fn seed_staffing(w: &mut World, scale: Scale, bulk_referrals: usize) {
    let sr = &mut w.staffing;
    let t0 = epoch();
    sr.next_id = 100;
    sr.campaigns = vec![
        Campaign {
            id: 48,
            name: "Sandbox Campaign".into(),
            status: "Live".into(),
            minimum_term: Some(2),
            minimum_term_units: Some("weeks".into()),
            applicant_bonus: "$500".into(),
            ambassador_bonus: "$42".into(),
            is_bonus_per_hour: false,
            location: "L.A.".into(),
            minimum_requirements: "Must be an RN in California".into(),
        },
        Campaign {
            id: 49,
            name: "Employee Referral Program".into(),
            status: "Live".into(),
            minimum_term: None,
            minimum_term_units: None,
            applicant_bonus: "$250".into(),
            ambassador_bonus: "$1,000".into(),
            is_bonus_per_hour: false,
            location: "Nationwide".into(),
            minimum_requirements: "".into(),
        },
    ];
    sr.property_types = vec![
        PropertyType {
            id: 56,
            kind: "Text".into(),
            name: "Job Title".into(),
            is_required: Some(true),
            is_for_ambassador: false,
            is_for_applicant: true,
            placeholder: Some("e.g. Nurse, Doctor, etc.".into()),
            options: None,
        },
        PropertyType {
            id: 57,
            kind: "Yesno".into(),
            name: "Professional".into(),
            is_required: None,
            is_for_ambassador: true,
            is_for_applicant: true,
            placeholder: None,
            options: None,
        },
        PropertyType {
            id: 58,
            kind: "Select".into(),
            name: "Years Experience".into(),
            is_required: Some(true),
            is_for_ambassador: true,
            is_for_applicant: true,
            placeholder: None,
            options: Some(vec!["One".into(), "Two".into(), "Three".into()]),
        },
    ];
    let user = |sr: &mut Staffing,
                role: &'static str,
                first: &str,
                last: &str,
                email: String,
                ats: Option<String>,
                phone: Option<String>,
                recruiter: Option<u64>| {
        let id = sr.id();
        let slug = format!(
            "{}{}{}",
            first.chars().next().unwrap_or('x').to_ascii_lowercase(),
            last.to_lowercase(),
            id
        );
        sr.users.push(SrUser {
            id,
            ats_id: ats,
            status: "Active".into(),
            source: None,
            email,
            first: first.into(),
            last: last.into(),
            phone,
            job_title: None,
            is_accepted: role != "applicant" && id % 3 != 0,
            campaign_id: (role != "admin").then_some(48),
            role,
            recruiter_id: recruiter,
            is_public_recruiter: role == "recruiter",
            properties: if role == "ambassador" || role == "applicant" {
                BTreeMap::from([("Healthcare Professional".to_string(), "yes".to_string())])
            } else {
                BTreeMap::new()
            },
            created: t0 - 200 * 86_400 + id as i64 * 60,
            updated: t0 - 100 * 86_400 + id as i64 * 60,
            slug,
        });
        id
    };
    user(
        sr,
        "admin",
        "Anne",
        "Admin",
        "anne.admin@agency.example".into(),
        Some("302".into()),
        None,
        None,
    );
    user(
        sr,
        "admin",
        "Owen",
        "Owner",
        "owen.owner@agency.example".into(),
        None,
        None,
        None,
    );
    let rachel = user(
        sr,
        "recruiter",
        "Rachel",
        "Recruiter",
        RECRUITER_EMAIL.into(),
        Some(RECRUITER_ID.to_string()),
        None,
        None,
    );
    let rob = user(
        sr,
        "recruiter",
        "Rob",
        "Recruiter",
        "rob.recruiter@agency.example".into(),
        None,
        Some("303-555-0001".into()),
        None,
    );
    let _rita = user(
        sr,
        "recruiter",
        "Rita",
        "Recruiter",
        "rita.recruiter@agency.example".into(),
        None,
        None,
        None,
    );
    sr.default_recruiter = Some(rachel);
    let mut ambassadors = Vec::new();
    for k in 0..10 {
        let (f, l) = (
            FIRST[(k * 5 + 3) % FIRST.len()],
            LAST[(k * 3 + 11) % LAST.len()],
        );
        let recruiter = if k % 2 == 0 { rachel } else { rob };
        ambassadors.push(user(
            sr,
            "ambassador",
            f,
            l,
            format!(
                "{}.{}.amb{k}@mail.example",
                f.to_lowercase(),
                l.to_lowercase()
            ),
            (k % 3 == 0).then(|| format!("amb-{k}")),
            None,
            Some(recruiter),
        ));
    }
    let statuses = [
        "Lead",
        "Contacted",
        "Placed",
        "Awaiting Payment",
        "Paid",
        "Ineligible",
    ];
    // Applicants matching JobDiva candidates: by ats_id, by email only, by phone only.
    let cands: Vec<Candidate> = w
        .jobdiva
        .candidates
        .iter()
        .take(DEMO_CANDIDATES as usize)
        .cloned()
        .collect();
    for (i, c) in cands.iter().enumerate() {
        if i % 5 == 4 {
            continue; // no referral: the "no referral" state
        }
        let (ats, email, phone) = match i % 3 {
            0 => (Some(c.id.to_string()), c.email.clone(), None),
            1 => (None, c.email.to_uppercase(), None),
            _ => (
                None,
                format!("someone{i}@other.example"),
                Some(format!(
                    "({}) {}-{}",
                    &c.cell_phone[0..3],
                    &c.cell_phone[3..6],
                    &c.cell_phone[6..]
                )),
            ),
        };
        let recruiter = if i % 2 == 0 { rachel } else { rob };
        let applicant = user(
            sr,
            "applicant",
            &c.first,
            &c.last,
            email,
            ats,
            phone,
            Some(recruiter),
        );
        // Every sixth is a direct applicant: the ambassador is the recruiter.
        let ambassador = if i % 6 == 5 {
            recruiter
        } else {
            ambassadors[i % ambassadors.len()]
        };
        let id = sr.id();
        let created = t0 - (60 - i as i64) * 86_400;
        sr.referrals.push(Referral {
            id,
            ats_id: (i % 3 == 0).then(|| c.id.to_string()),
            status: statuses[i % statuses.len()].into(),
            source: None,
            created,
            updated: created + 86_400 * (i as i64 % 5),
            is_manual: false,
            is_referral_lead: ambassador != recruiter && i % 2 == 0,
            has_resume: i % 4 == 0,
            previous_referral_ids: String::new(),
            campaign_id: if i % 7 == 0 { 49 } else { 48 },
            applicant_id: applicant,
            ambassador_id: ambassador,
            recruiter_id: recruiter,
            opportunity: (i % 4 == 1).then(|| "ICU nights, 13 weeks".to_string()),
        });
    }
    // Applicants JobDiva does not have yet (the sync creates them), and one whose name alone
    // matches a JobDiva candidate (the sync waits for a person's decision).
    let name_only = &cands[7];
    let newcomers: [(&str, &str, String, Option<String>); 4] = [
        (
            "Imani",
            "Okonkwo",
            "imani.okonkwo@newmail.example".into(),
            Some("(415) 555-0191".into()),
        ),
        (
            "Tomasz",
            "Wielgosz",
            "t.wielgosz@newmail.example".into(),
            None,
        ),
        (
            "Li",
            "Wu",
            "li.wu.rn@newmail.example".into(),
            Some("+1 206 555 0134".into()),
        ),
        (
            name_only.first.as_str(),
            name_only.last.as_str(),
            "different.person@elsewhere.example".into(),
            None,
        ),
    ];
    for (k, (first, last, email, phone)) in newcomers.into_iter().enumerate() {
        let recruiter = if k % 2 == 0 { rachel } else { rob };
        let applicant = user(
            sr,
            "applicant",
            first,
            last,
            email,
            None,
            phone,
            Some(recruiter),
        );
        let id = sr.id();
        let created = t0 - (3 - k as i64) * 86_400;
        sr.referrals.push(Referral {
            id,
            ats_id: None,
            status: "Lead".into(),
            source: None,
            created,
            updated: created,
            is_manual: false,
            is_referral_lead: k % 2 == 0,
            has_resume: false,
            previous_referral_ids: String::new(),
            campaign_id: 48,
            applicant_id: applicant,
            ambassador_id: ambassadors[k % ambassadors.len()],
            recruiter_id: recruiter,
            opportunity: None,
        });
    }
    if scale == Scale::Large {
        // At least 40,000 referrals for pagination benchmarks.
        for k in 0..40_000u64 {
            let f = FIRST[(k as usize) % FIRST.len()];
            let l = LAST[(k as usize / 3) % LAST.len()];
            let recruiter = if k % 2 == 0 { rachel } else { rob };
            let applicant = user(
                sr,
                "applicant",
                f,
                l,
                format!("bulk{k}@mail.example"),
                None,
                Some(format!("5555{:06}", k)),
                Some(recruiter),
            );
            let id = sr.id();
            let created = t0 - (k as i64 % 700) * 86_400;
            sr.referrals.push(Referral {
                id,
                ats_id: None,
                status: statuses[(k as usize) % 6].into(),
                source: Some("Bulk".into()),
                created,
                updated: created,
                is_manual: true,
                is_referral_lead: false,
                has_resume: false,
                previous_referral_ids: String::new(),
                campaign_id: 48,
                applicant_id: applicant,
                ambassador_id: ambassadors[(k as usize) % ambassadors.len()],
                recruiter_id: recruiter,
                opportunity: None,
            });
        }
    }
    // Bulk referrals of distinct people (the sync's fault run): every fourth applicant is in
    // JobDiva by email already (a note), the others are new (created); every other referral is
    // an ambassador's referral lead.
    for k in 0..bulk_referrals {
        let tag = tag3(k);
        let first = FIRST[k % FIRST.len()];
        let last = format!("{}-{tag}", LAST[(k / FIRST.len() + 5) % LAST.len()]);
        let email = format!("referral{k:05}@bulk.example");
        if k % 4 == 0 {
            w.jobdiva.candidates.push(Candidate {
                id: BULK_MATCH_CANDIDATE + 100_000 + k as u64,
                first: first.into(),
                last: last.clone(),
                email: email.clone(),
                city: "Juneau".into(),
                state: "AK".into(),
                zip: "99801".into(),
                country: "US".into(),
                title: "Registered Nurse".into(),
                created: t0 - 300 * 86_400,
                updated: t0 - 200 * 86_400,
                ..Default::default()
            });
        }
        let recruiter = if k % 2 == 0 { rachel } else { rob };
        let applicant = user(
            sr,
            "applicant",
            first,
            &last,
            email,
            None,
            Some(format!("9079{k:06}")),
            Some(recruiter),
        );
        let id = sr.id();
        let created = t0 - 86_400 - k as i64 * 60;
        sr.referrals.push(Referral {
            id,
            ats_id: None,
            status: "Lead".into(),
            source: Some("Bulk".into()),
            created,
            updated: created,
            is_manual: k % 2 == 1,
            is_referral_lead: k % 2 == 0,
            has_resume: false,
            previous_referral_ids: String::new(),
            campaign_id: 48,
            applicant_id: applicant,
            ambassador_id: ambassadors[k % ambassadors.len()],
            recruiter_id: recruiter,
            opportunity: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo seed, and the same with bulk opt-ins and referrals added.
    fn plain_and_bulk(opt_ins: usize, referrals: usize) -> (World, World) {
        let bulk = Bulk { opt_ins, referrals };
        (
            World::seed(1, Scale::Demo),
            World::seed_with(1, Scale::Demo, bulk),
        )
    }

    #[test]
    fn bulk_opt_ins_are_distinct_people_and_move_no_other_id() {
        let (plain, bulk) = plain_and_bulk(700, 0);
        let extra = &bulk.refassured.opt_ins[plain.refassured.opt_ins.len()..];
        assert_eq!(extra.len(), 700);
        assert_eq!(
            format!("{:?}", plain.refassured.opt_ins),
            format!(
                "{:?}",
                &bulk.refassured.opt_ins[..plain.refassured.opt_ins.len()]
            ),
            "the scenarios keep their ids"
        );
        for (i, a) in extra.iter().enumerate() {
            for b in &extra[i + 1..] {
                let p = (&a.person, &b.person);
                assert!(
                    !p.1.last.starts_with(&p.0.last) && !p.0.last.starts_with(&p.1.last),
                    "{} / {}",
                    p.0.last,
                    p.1.last
                );
                assert!(!p.1.email.starts_with(&p.0.email) && !p.1.mobile.starts_with(&p.0.mobile));
            }
        }
        let matched = extra.iter().filter(|o| o.scenario == "bulk_match").count();
        let in_jobdiva = bulk
            .jobdiva
            .candidates
            .iter()
            .filter(|c| c.id >= BULK_MATCH_CANDIDATE)
            .count();
        assert_eq!((matched, in_jobdiva), (140, 140));
        assert_eq!(extra.iter().filter(|o| o.kind == "sales").count(), 70);
    }

    #[test]
    fn bulk_referrals_are_distinct_applicants_a_quarter_already_in_jobdiva() {
        let (plain, bulk) = plain_and_bulk(0, 500);
        assert_eq!(
            bulk.staffing.referrals.len(),
            plain.staffing.referrals.len() + 500
        );
        let extra = &bulk.staffing.referrals[plain.staffing.referrals.len()..];
        let emails: std::collections::BTreeSet<String> = extra
            .iter()
            .map(|r| {
                let u = bulk
                    .staffing
                    .users
                    .iter()
                    .find(|u| u.id == r.applicant_id)
                    .unwrap();
                u.email.clone()
            })
            .collect();
        assert_eq!(emails.len(), 500, "one applicant each");
        let in_jobdiva = bulk
            .jobdiva
            .candidates
            .iter()
            .filter(|c| emails.contains(&c.email))
            .count();
        assert_eq!(in_jobdiva, 125);
        assert_eq!(extra.iter().filter(|r| r.is_referral_lead).count(), 250);
    }

    #[test]
    fn seed_is_deterministic_and_covers_the_scenarios() {
        let a = World::seed(1, Scale::Demo);
        let b = World::seed(1, Scale::Demo);
        assert_eq!(
            format!("{:?}", a.refassured.requests),
            format!("{:?}", b.refassured.requests)
        );
        assert!(a.jobdiva.candidates.len() >= 40);
        assert!(a
            .jobdiva
            .candidates
            .iter()
            .all(|c| c.id > u64::from(u32::MAX)));
        let statuses: std::collections::BTreeSet<_> = a
            .staffing
            .referrals
            .iter()
            .map(|r| r.status.as_str())
            .collect();
        assert_eq!(statuses.len(), 6, "{statuses:?}");
        let roles: std::collections::BTreeSet<_> =
            a.staffing.users.iter().map(|u| u.role).collect();
        assert_eq!(roles.len(), 4);
        let ref_states: std::collections::BTreeSet<_> = a
            .refassured
            .requests
            .iter()
            .flat_map(|r| r.references.iter().map(|x| x.status))
            .collect();
        for s in [
            "pending",
            "sent",
            "opened",
            "completed",
            "declined",
            "cancelled",
        ] {
            assert!(ref_states.contains(s), "no reference in state {s}");
        }
        let kinds: Vec<_> = a.refassured.opt_ins.iter().map(|o| o.scenario).collect();
        for s in [
            "email_match",
            "phone_match",
            "name_only",
            "new",
            "contact_match",
            "new_contact",
            "new_lead",
            "short_name_only",
            "country_code_phone",
        ] {
            assert!(kinds.contains(&s), "no opt-in scenario {s}");
        }
    }
}

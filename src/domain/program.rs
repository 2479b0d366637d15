//! The referral program's rules (Staffing Referrals ↔ JobDiva), pure: how a referral is
//! classified, who its people are to the duplicate check, and the JobDiva notes the sync
//! writes. Native tests below.

use super::dedup::Person;
use super::referral::{Referral, SrUser};
use super::report_note::{for_jobdiva, NOTE_MAX_CHARS};

/// What kind of referral it is (the seed's "Common ATS Syncing Usage").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The ambassador is the recruiter: the person applied through the recruiter's link.
    Direct,
    /// Referred by an ambassador; `lead` when the ambassador named them explicitly
    /// (`is_referral_lead`), otherwise they applied through a link the ambassador shared.
    Ambassador { lead: bool },
}

pub fn kind(r: &Referral) -> Kind {
    if r.is_direct_applicant() || r.ambassador.is_none() {
        Kind::Direct
    } else {
        Kind::Ambassador { lead: r.is_referral_lead }
    }
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Direct => "Direct applicant",
            Kind::Ambassador { lead: true } => "Ambassador referral (named by the ambassador)",
            Kind::Ambassador { lead: false } => "Ambassador referral (applied through a shared link)",
        }
    }
}

/// A Staffing Referrals user as the duplicate check compares people.
pub fn person(u: &SrUser) -> Person {
    Person::new(u.first_name.as_deref().unwrap_or(""), u.last_name.as_deref().unwrap_or(""), u.email.as_deref().unwrap_or(""), u.phone.as_deref().unwrap_or(""), "")
}

/// The JobDiva candidate id Staffing Referrals holds for a user (`ats_id`), when it is one.
pub fn jobdiva_id(u: &SrUser) -> Option<u64> {
    u.ats_id.as_deref().map(str::trim).and_then(|a| a.parse().ok()).filter(|&id| id > 0)
}

/// Whether a user can be looked up at all: an email, a phone or a name.
pub fn searchable(p: &Person) -> bool {
    p.email.is_some() || p.phone.is_some() || !p.name().is_empty()
}

fn name_or(u: &Option<SrUser>, none: &str) -> String {
    u.as_ref().map(SrUser::full_name).filter(|n| !n.is_empty()).unwrap_or_else(|| none.to_string())
}

/// The campaign and its bonuses, as one clause.
fn campaign_clause(r: &Referral) -> String {
    match &r.campaign {
        Some(c) => {
            let per_hour = if c.is_bonus_per_hour == Some(true) { " per hour" } else { "" };
            let bonus = |b: &Option<String>| b.clone().filter(|b| !b.trim().is_empty()).unwrap_or_else(|| "none".into());
            format!("Campaign: {} (applicant bonus {}, ambassador bonus {}{per_hour}).", c.name, bonus(&c.applicant_bonus), bonus(&c.ambassador_bonus))
        }
        None => "Campaign: none.".into(),
    }
}

/// The note on the applicant's JobDiva record: who referred them, the campaign, the bonuses and
/// the Staffing Referrals referral id.
pub fn applicant_note(r: &Referral) -> String {
    let who = match kind(r) {
        Kind::Direct => format!("Applied directly through recruiter {}'s Staffing Referrals link.", name_or(&r.recruiter, "(unknown)")),
        Kind::Ambassador { lead } => format!(
            "Referred by ambassador {}{} ({}); recruiter {}.",
            name_or(&r.ambassador, "(unknown)"),
            r.ambassador.as_ref().and_then(|a| a.email.clone()).map(|e| format!(" <{e}>")).unwrap_or_default(),
            if lead { "named by the ambassador" } else { "applied through a link the ambassador shared" },
            name_or(&r.recruiter, "(unknown)"),
        ),
    };
    let line = format!("Staffing Referrals referral {} (status {}). {who} {}", r.id, r.status, campaign_clause(r));
    for_jobdiva(&line, NOTE_MAX_CHARS)
}

/// The credit note on the ambassador's JobDiva record.
pub fn ambassador_note(r: &Referral, applicant_jobdiva_id: u64) -> String {
    let line = format!(
        "Referral credit: referred {} (JobDiva candidate {applicant_jobdiva_id}) through Staffing Referrals, referral {}{}. {}",
        name_or(&Some(r.applicant.clone()), "an applicant"),
        r.id,
        if r.is_referral_lead { ", named by this ambassador" } else { ", through a link this ambassador shared" },
        campaign_clause(r),
    );
    for_jobdiva(&line, NOTE_MAX_CHARS)
}

/// Spreading invitations over days: the day (0 = the first) of the `k`-th invitation when at
/// most `per_day` go out a day (`0`: all on the first day).
pub fn invite_day(k: usize, per_day: usize) -> u32 {
    k.checked_div(per_day).unwrap_or(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::referral::Campaign;

    fn user(id: u64, first: &str, last: &str) -> SrUser {
        SrUser { id, first_name: Some(first.into()), last_name: Some(last.into()), ..Default::default() }
    }

    fn referral(ambassador: u64, recruiter: u64, lead: bool) -> Referral {
        Referral {
            id: 900,
            ats_id: None,
            status: "Lead".into(),
            created_at: None,
            updated_at: None,
            is_referral_lead: lead,
            campaign: Some(Campaign { name: "Nurses".into(), applicant_bonus: Some("$500".into()), ambassador_bonus: Some("$42".into()), ..Default::default() }),
            applicant: SrUser { email: Some("ann@x.example".into()), ..user(1, "Ann", "Lee") },
            ambassador: Some(SrUser { email: Some("amb@x.example".into()), ..user(ambassador, "Amb", "Assador") }),
            recruiter: Some(user(recruiter, "Rachel", "Recruiter")),
            opportunity: None,
        }
    }

    #[test]
    fn classifies_direct_applicants_and_ambassador_referrals() {
        assert_eq!(kind(&referral(5, 5, false)), Kind::Direct);
        assert_eq!(kind(&referral(6, 5, true)), Kind::Ambassador { lead: true });
        assert_eq!(kind(&referral(6, 5, false)), Kind::Ambassador { lead: false });
        let mut no_ambassador = referral(6, 5, false);
        no_ambassador.ambassador = None;
        assert_eq!(kind(&no_ambassador), Kind::Direct);
    }

    #[test]
    fn the_notes_say_who_referred_the_campaign_the_bonuses_and_the_referral_id() {
        let n = applicant_note(&referral(6, 5, true));
        for part in ["referral 900", "Amb Assador", "amb@x.example", "named by the ambassador", "Rachel Recruiter", "Nurses", "$500", "$42"] {
            assert!(n.contains(part), "{part} in {n}");
        }
        assert!(applicant_note(&referral(5, 5, false)).contains("Applied directly through recruiter Rachel Recruiter"));
        let a = ambassador_note(&referral(6, 5, true), 777);
        assert!(a.contains("Ann Lee (JobDiva candidate 777)") && a.contains("referral 900"), "{a}");
    }

    #[test]
    fn only_a_positive_whole_ats_id_is_a_jobdiva_id() {
        let with = |a: &str| SrUser { ats_id: Some(a.into()), ..Default::default() };
        assert_eq!(jobdiva_id(&with(" 5000000101 ")), Some(5_000_000_101));
        assert_eq!(jobdiva_id(&with("abc")), None);
        assert_eq!(jobdiva_id(&with("0")), None);
        assert_eq!(jobdiva_id(&SrUser::default()), None);
    }

    #[test]
    fn invitations_spread_n_a_day() {
        let days: Vec<u32> = (0..7).map(|k| invite_day(k, 3)).collect();
        assert_eq!(days, vec![0, 0, 0, 1, 1, 1, 2]);
        assert!((0..50).all(|k| invite_day(k, 0) == 0), "no limit: all the first day");
        assert_eq!(invite_day(4, 1), 4);
    }
}

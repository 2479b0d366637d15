//! Status back, JobDiva → Staffing Referrals: what a linked applicant's JobDiva activity says
//! about their referral, and the rule table that turns it into a proposed status.
//!
//! Defaults (docs and README): submitted to a job → Contacted; start date reached → Placed;
//! end date passed → no change. Never proposed: a move back (by the order Lead < Contacted <
//! Placed < Awaiting Payment < Paid), any change to a referral that is Awaiting Payment or Paid
//! (payment is the admin's), and any change to an Ineligible one (a person decided that).

use super::ats::Submittal;
use super::referral::status_key;
use serde::{Deserialize, Serialize};

/// What JobDiva shows of a candidate's progress, furthest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Activity {
    Submitted,
    Started,
    Ended,
}

impl Activity {
    pub const ALL: [Activity; 3] = [Activity::Submitted, Activity::Started, Activity::Ended];

    pub fn label(self) -> &'static str {
        match self {
            Activity::Submitted => "Submitted to a job",
            Activity::Started => "Start date reached",
            Activity::Ended => "End date passed",
        }
    }
}

/// The rule table: the status each activity proposes (`None`: no change). Kept with RefAssured
/// so that every admin sees the same table (docs/api/refassured.md, "Status rules").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    #[serde(default)]
    pub submitted: Option<String>,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default)]
    pub ended: Option<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { submitted: Some("contacted".into()), started: Some("placed".into()), ended: None }
    }
}

impl Rules {
    pub fn get(&self, a: Activity) -> Option<&'static str> {
        let v = match a {
            Activity::Submitted => &self.submitted,
            Activity::Started => &self.started,
            Activity::Ended => &self.ended,
        };
        v.as_deref().and_then(status_key)
    }

    pub fn set(&mut self, a: Activity, status: Option<&str>) {
        let v = status.and_then(status_key).map(str::to_string);
        match a {
            Activity::Submitted => self.submitted = v,
            Activity::Started => self.started = v,
            Activity::Ended => self.ended = v,
        }
    }
}

/// The furthest activity among a candidate's submittals, with its evidence ("job 81000, start
/// 2026-11-17"). Dates are JobDiva's ISO-like text; only the day (`yyyy-mm-dd`) is compared
/// with `today`, the same form.
pub fn activity(submittals: &[Submittal], today: &str) -> Option<(Activity, String)> {
    fn reached<'a>(d: &'a Option<String>, today: &str) -> Option<&'a str> {
        d.as_deref().map(day).filter(|d| !d.is_empty() && *d <= today)
    }
    let mut best: Option<(Activity, String)> = None;
    for s in submittals {
        let found = if let Some(d) = reached(&s.end, today) {
            (Activity::Ended, format!("job {}, ended {d}", s.job_id))
        } else if let Some(d) = reached(&s.start, today) {
            (Activity::Started, format!("job {}, started {d}", s.job_id))
        } else {
            let d = s.submitted.as_deref().map(day).unwrap_or("");
            (Activity::Submitted, if d.is_empty() { format!("job {}", s.job_id) } else { format!("job {}, submitted {d}", s.job_id) })
        };
        if best.as_ref().is_none_or(|b| found.0 > b.0) {
            best = Some(found);
        }
    }
    best
}

/// The date part of JobDiva's `2026-05-06T11:45:55` (or a bare date); "" for `Null`.
fn day(s: &str) -> &str {
    let s = s.trim();
    if s.eq_ignore_ascii_case("null") {
        return "";
    }
    s.split(['T', ' ']).next().unwrap_or("")
}

/// Progress order of the statuses a rule may move forward; `None` for Ineligible and unknowns.
fn rank(key: &str) -> Option<u8> {
    ["lead", "contacted", "placed", "awaiting_payment", "paid"].iter().position(|k| *k == key).map(|p| p as u8)
}

/// What the rules say about one linked referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Move `from` → `to` (status keys).
    Propose { from: &'static str, to: &'static str },
    /// Awaiting Payment, Paid or Ineligible: never changed automatically.
    Protected,
    /// Already there or further along, or no rule for the activity.
    Unchanged,
}

pub fn verdict(current_status: &str, activity: Activity, rules: &Rules) -> Verdict {
    let Some(from) = status_key(current_status) else { return Verdict::Unchanged };
    if matches!(from, "awaiting_payment" | "paid" | "ineligible") {
        return Verdict::Protected;
    }
    match rules.get(activity) {
        Some(to) if rank(to).zip(rank(from)).is_some_and(|(t, f)| t > f) || (to == "ineligible") => Verdict::Propose { from, to },
        _ => Verdict::Unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(job: u64, submitted: Option<&str>, start: Option<&str>, end: Option<&str>) -> Submittal {
        Submittal { id: job, candidate_id: Some(1), job_id: job, user_id: None, submitted: submitted.map(Into::into), start: start.map(Into::into), end: end.map(Into::into) }
    }

    #[test]
    fn the_furthest_activity_wins_and_future_dates_do_not_count() {
        let today = "2026-11-23";
        assert_eq!(activity(&[], today), None);
        let only = [sub(1, Some("2026-11-01T10:00:00"), Some("2026-12-01T00:00:00"), None)];
        assert_eq!(activity(&only, today), Some((Activity::Submitted, "job 1, submitted 2026-11-01".into())));
        let started = [only[0].clone(), sub(2, Some("Null"), Some("2026-11-23T09:00:00"), Some("2027-01-01"))];
        assert_eq!(activity(&started, today), Some((Activity::Started, "job 2, started 2026-11-23".into())));
        let ended = [started[1].clone(), sub(3, None, Some("2026-01-01"), Some("2026-03-01T00:00:00"))];
        assert_eq!(activity(&ended, today).unwrap().0, Activity::Ended);
        assert_eq!(activity(&[sub(4, Some("Null"), Some("Null"), None)], today), Some((Activity::Submitted, "job 4".into())));
    }

    #[test]
    fn rules_propose_forward_moves_only_and_never_touch_payment_or_ineligible() {
        let r = Rules::default();
        assert_eq!(verdict("Lead", Activity::Submitted, &r), Verdict::Propose { from: "lead", to: "contacted" });
        assert_eq!(verdict("Contacted", Activity::Started, &r), Verdict::Propose { from: "contacted", to: "placed" });
        assert_eq!(verdict("Placed", Activity::Submitted, &r), Verdict::Unchanged, "never back");
        assert_eq!(verdict("Contacted", Activity::Submitted, &r), Verdict::Unchanged, "already there");
        assert_eq!(verdict("Lead", Activity::Ended, &r), Verdict::Unchanged, "no rule by default");
        for s in ["Awaiting Payment", "awaiting_payment", "Paid", "Ineligible"] {
            assert_eq!(verdict(s, Activity::Started, &r), Verdict::Protected, "{s}");
        }
        let mut admin = Rules::default();
        admin.set(Activity::Ended, Some("Awaiting Payment"));
        admin.set(Activity::Submitted, None);
        assert_eq!(verdict("Placed", Activity::Ended, &admin), Verdict::Propose { from: "placed", to: "awaiting_payment" });
        assert_eq!(verdict("Lead", Activity::Submitted, &admin), Verdict::Unchanged);
        admin.set(Activity::Ended, Some("ineligible"));
        assert_eq!(verdict("Placed", Activity::Ended, &admin), Verdict::Propose { from: "placed", to: "ineligible" });
        assert_eq!(verdict("Someday", Activity::Started, &r), Verdict::Unchanged, "an unknown status is left alone");
    }

    #[test]
    fn rules_travel_as_status_keys() {
        let r: Rules = serde_json::from_str(r#"{"submitted":"contacted","started":null}"#).unwrap();
        assert_eq!(r.get(Activity::Submitted), Some("contacted"));
        assert_eq!(r.get(Activity::Started), None);
        assert_eq!(serde_json::to_string(&Rules::default()).unwrap(), r#"{"submitted":"contacted","started":"placed","ended":null}"#);
    }
}

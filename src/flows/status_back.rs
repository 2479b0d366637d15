//! Status back, JobDiva → Staffing Referrals, run from the admin console: for every referral
//! whose applicant is linked to a JobDiva candidate (the `ats_id` the sync writes back), read the
//! candidate's submittals and propose a status by the agency's rule table
//! (`domain::status_back`). Nothing is written by the review; the admin applies the proposals
//! they keep, one `Update Referral` at a time, each checked against the referral's status of
//! the moment, so a referral paid or changed since the review is never moved.

use crate::api::error::ApiError;
use crate::api::services::Services;
use crate::api::staffing_referrals::ReferralFilter;
use crate::domain::ats::Submittal;
use crate::domain::program::jobdiva_id;
use crate::domain::referral::{status_key, Referral, STATUSES};
use crate::domain::status_back::{activity, verdict, Activity, Rules, Verdict};
use std::collections::BTreeMap;

/// Referrals per Staffing Referrals page (the BI call for their candidates takes ≤ 100 ids).
pub const PAGE_SIZE: u32 = 100;

/// The rule table the agency saved, or the defaults.
pub async fn rules(s: &Services) -> Result<Rules, ApiError> {
    Ok(s.refassured.status_rules().await?.unwrap_or_default())
}

pub async fn save_rules(s: &Services, rules: &Rules, by: &str) -> Result<Rules, ApiError> {
    s.refassured.save_status_rules(rules, by).await
}

/// One proposed change, for the admin to keep or drop.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub referral_id: u64,
    pub applicant_id: u64,
    pub applicant: String,
    pub candidate_id: u64,
    pub activity: Activity,
    /// What JobDiva shows ("job 81000, started 2026-11-17").
    pub evidence: String,
    pub from: &'static str,
    pub to: &'static str,
}

/// What a review found, beyond its proposals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub referrals: u64,
    /// Linked to a JobDiva candidate.
    pub linked: u64,
    /// Awaiting Payment, Paid or Ineligible: left alone.
    pub protected: u64,
    /// No submittal in JobDiva yet.
    pub no_activity: u64,
    /// Already at (or past) what the rules say.
    pub unchanged: u64,
}

impl Tally {
    pub fn add(&mut self, o: Tally) {
        self.referrals += o.referrals;
        self.linked += o.linked;
        self.protected += o.protected;
        self.no_activity += o.no_activity;
        self.unchanged += o.unchanged;
    }
}

/// One page of the review: its proposals and tally, and the pages remaining after it.
pub async fn review_page(s: &Services, rules: &Rules, today: &str, page: u64) -> Result<(Vec<Proposal>, Tally, u64), ApiError> {
    let list = s.staffing.referrals(&ReferralFilter::default(), page, PAGE_SIZE).await?;
    let mut tally = Tally { referrals: list.data.len() as u64, ..Tally::default() };
    let mut open: Vec<(&Referral, u64)> = Vec::new();
    for r in &list.data {
        let Some(id) = jobdiva_id(&r.applicant) else { continue };
        tally.linked += 1;
        if matches!(status_key(&r.status), Some("awaiting_payment" | "paid" | "ineligible")) {
            tally.protected += 1;
        } else {
            open.push((r, id));
        }
    }
    let mut ids: Vec<u64> = open.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let by_candidate = submittals_by_candidate(s, &ids).await?;
    let mut proposals = Vec::new();
    for (r, id) in open {
        let Some((act, evidence)) = by_candidate.get(&id).and_then(|subs| activity(subs, today)) else {
            tally.no_activity += 1;
            continue;
        };
        match verdict(&r.status, act, rules) {
            Verdict::Propose { from, to } => proposals.push(Proposal {
                referral_id: r.id,
                applicant_id: r.applicant.id,
                applicant: r.applicant.full_name(),
                candidate_id: id,
                activity: act,
                evidence,
                from,
                to,
            }),
            Verdict::Protected => tally.protected += 1,
            Verdict::Unchanged => tally.unchanged += 1,
        }
    }
    Ok((proposals, tally, list.num_pages_remaining))
}

/// One page of referrals: the JobDiva ids of linked applicants whose submittals show a start
/// date reached (people placed through the program, who make good ambassadors), and the pages
/// remaining.
pub async fn started_applicants(s: &Services, today: &str, page: u64) -> Result<(Vec<u64>, u64), ApiError> {
    let list = s.staffing.referrals(&ReferralFilter::default(), page, PAGE_SIZE).await?;
    let mut ids: Vec<u64> = list.data.iter().filter_map(|r| jobdiva_id(&r.applicant)).collect();
    ids.sort_unstable();
    ids.dedup();
    let by_candidate = submittals_by_candidate(s, &ids).await?;
    let started = ids.into_iter().filter(|id| by_candidate.get(id).and_then(|subs| activity(subs, today)).is_some_and(|(a, _)| a >= Activity::Started)).collect();
    Ok((started, list.num_pages_remaining))
}

/// The candidates' submittals, grouped by candidate. `CANDIDATEID` in the rows is not a
/// documented column (docs/api/jobdiva.md): when a batch's rows lack it, each candidate is
/// asked for alone, so no submittal is ever credited to the wrong person.
async fn submittals_by_candidate(s: &Services, ids: &[u64]) -> Result<BTreeMap<u64, Vec<Submittal>>, ApiError> {
    let mut out: BTreeMap<u64, Vec<Submittal>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = s.jobdiva.submittals(ids).await?;
    if ids.len() == 1 || rows.iter().all(|r| r.candidate_id.is_some()) {
        for r in rows {
            let id = r.candidate_id.unwrap_or(ids[0]);
            out.entry(id).or_default().push(r);
        }
        return Ok(out);
    }
    for &id in ids {
        let rows = s.jobdiva.submittals(&[id]).await?;
        if !rows.is_empty() {
            out.insert(id, rows);
        }
    }
    Ok(out)
}

/// What applying one proposal did.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    /// Staffing Referrals now shows `after` (its own label); it showed `before`.
    Changed { before: String, after: String },
    /// Not sent: the referral changed since the review, or is gone.
    Skipped(String),
}

/// Apply one proposal: read the referral's status now, and move it only if it is still what
/// the review saw (so a referral paid in the meantime is never moved back). `Update Referral`
/// sets a status, so a retry after a lost answer is harmless.
pub async fn apply(s: &Services, p: &Proposal) -> Result<Applied, ApiError> {
    let f = ReferralFilter { applicant_id: Some(p.applicant_id), ..Default::default() };
    let now = s.staffing.referrals(&f, 0, PAGE_SIZE).await?.data.into_iter().find(|r| r.id == p.referral_id);
    let Some(now) = now else {
        return Ok(Applied::Skipped("No longer in Staffing Referrals.".into()));
    };
    if status_key(&now.status) != Some(p.from) {
        return Ok(Applied::Skipped(format!("Now {}: changed since the review, so left as it is.", now.status)));
    }
    let after = s.staffing.update_referral_status(p.referral_id, p.to).await?;
    Ok(Applied::Changed { before: label(p.from).into(), after: after.status })
}

/// The shown label of a status key.
pub fn label(key: &str) -> &str {
    STATUSES.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| l)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The review and the apply over a scripted Staffing Referrals / JobDiva / RefAssured.
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::flows::testing::services;
    use serde_json::{json, Value};
    use std::cell::RefCell;
    use std::rc::Rc;

    const TODAY: &str = "2026-11-23";

    fn referral(id: u64, status: &str, ats: Option<&str>) -> Value {
        json!({"id": id, "status": status, "applicant": {"id": id + 1000, "first_name": "Ann", "last_name": format!("L{id}"), "ats_id": ats}})
    }

    fn page(rows: Vec<Value>) -> String {
        json!({"status": "success", "num_pages_remaining": 0, "num_records_total": rows.len(), "page_size": 100, "data": rows}).to_string()
    }

    fn submittal(candidate: Option<u64>, job: u64, start: Option<&str>) -> Value {
        let mut row = json!({"ID": job.to_string(), "JOBID": job.to_string(), "SUBMITTALDATE": "2026-10-01T09:00:00", "STARTDATE": start.unwrap_or("Null")});
        if let Some(c) = candidate {
            row["CANDIDATEID"] = json!(c.to_string());
        }
        row
    }

    fn bi(rows: Vec<Value>) -> String {
        json!({"message": "Query completed successfully", "data": rows}).to_string()
    }

    #[test]
    fn a_review_proposes_forward_moves_from_submittals_and_leaves_the_rest() {
        let referrals = vec![
            referral(1, "Lead", Some("501")),             // submitted → contacted
            referral(2, "Contacted", Some("502")),        // started → placed
            referral(3, "Paid", Some("503")),             // protected: no BI id asked for
            referral(4, "Placed", Some("504")),           // started: already placed
            referral(5, "Lead", Some("505")),             // no submittal
            referral(6, "Lead", None),                    // not linked
            referral(7, "Awaiting Payment", Some("507")), // protected
        ];
        let net = Scripted::new(move |c, _| match c.endpoint {
            "referrals" => Scripted::ok(&page(referrals.clone())),
            "CandidatesSubmittalsDetail" => {
                assert!(!c.url.contains("503") && !c.url.contains("507"), "protected referrals cost no BI id: {}", c.url);
                Scripted::ok(&bi(vec![submittal(Some(501), 1, None), submittal(Some(502), 2, Some("2026-11-20T00:00:00")), submittal(Some(504), 4, Some("2026-11-01T00:00:00"))]))
            }
            other => panic!("unexpected {other}"),
        });
        let (proposals, tally, remaining) = run(review_page(&services(&net), &Rules::default(), TODAY, 0)).unwrap();
        let moves: Vec<(u64, &str, &str)> = proposals.iter().map(|p| (p.referral_id, p.from, p.to)).collect();
        assert_eq!(moves, vec![(1, "lead", "contacted"), (2, "contacted", "placed")]);
        assert_eq!(proposals[1].evidence, "job 2, started 2026-11-20");
        assert_eq!(tally, Tally { referrals: 7, linked: 6, protected: 2, no_activity: 1, unchanged: 1 });
        assert_eq!(remaining, 0);
        assert_eq!(net.to("CandidatesSubmittalsDetail").len(), 1, "one BI call for the page");
        assert!(net.to("update referral").is_empty(), "a review writes nothing");
    }

    #[test]
    fn rows_without_a_candidate_id_are_asked_for_one_candidate_at_a_time() {
        let referrals = vec![referral(1, "Lead", Some("501")), referral(2, "Lead", Some("502"))];
        let net = Scripted::new(move |c, _| match c.endpoint {
            "referrals" => Scripted::ok(&page(referrals.clone())),
            // No CANDIDATEID column: only 502 has a submittal.
            "CandidatesSubmittalsDetail" if c.url.contains("501") && !c.url.contains("502") => Scripted::ok(&bi(vec![])),
            "CandidatesSubmittalsDetail" => Scripted::ok(&bi(vec![submittal(None, 9, None)])),
            other => panic!("unexpected {other}"),
        });
        let (proposals, tally, _) = run(review_page(&services(&net), &Rules::default(), TODAY, 0)).unwrap();
        assert_eq!(proposals.iter().map(|p| p.referral_id).collect::<Vec<_>>(), vec![2], "credited to 502 only");
        assert_eq!(tally.no_activity, 1);
        assert_eq!(net.to("CandidatesSubmittalsDetail").len(), 3, "the batch, then each alone");
    }

    fn proposal() -> Proposal {
        Proposal { referral_id: 1, applicant_id: 1001, applicant: "Ann L1".into(), candidate_id: 501, activity: Activity::Submitted, evidence: "job 1".into(), from: "lead", to: "contacted" }
    }

    fn apply_over(now: &'static str) -> (Result<Applied, ApiError>, Rc<Scripted>) {
        let updates = Rc::new(RefCell::new(0));
        let net = Scripted::new(move |c, _| match c.endpoint {
            "referrals" => {
                assert!(c.url.contains("applicant_id=1001"), "{}", c.url);
                Scripted::ok(&page(if now.is_empty() { vec![] } else { vec![referral(1, now, Some("501"))] }))
            }
            "update referral" => {
                *updates.borrow_mut() += 1;
                Scripted::ok(&json!({"status": "success", "data": referral(1, "Contacted", Some("501"))}).to_string())
            }
            other => panic!("unexpected {other}"),
        });
        (run(apply(&services(&net), &proposal())), net)
    }

    #[test]
    fn apply_moves_a_referral_still_where_the_review_saw_it() {
        let (r, net) = apply_over("Lead");
        assert_eq!(r.unwrap(), Applied::Changed { before: "Lead".into(), after: "Contacted".into() });
        let sent = net.to("update referral");
        assert_eq!(sent.len(), 1);
        assert!(matches!(&sent[0].body, crate::api::transport::Body::Form(f) if f == "status=contacted"));
        assert!(sent[0].url.ends_with("referrals/1"));
    }

    #[test]
    fn apply_never_moves_a_referral_changed_or_paid_since_the_review() {
        for now in ["Paid", "Awaiting Payment", "Placed"] {
            let (r, net) = apply_over(now);
            assert!(matches!(r.unwrap(), Applied::Skipped(why) if why.starts_with(&format!("Now {now}"))));
            assert!(net.to("update referral").is_empty(), "{now}: nothing sent");
        }
        let (gone, net) = apply_over("");
        assert_eq!(gone.unwrap(), Applied::Skipped("No longer in Staffing Referrals.".into()));
        assert!(net.to("update referral").is_empty());
    }

    #[test]
    fn rules_default_until_the_agency_saves_a_table() {
        let net = Scripted::new(|_, n| Scripted::ok(if n == 0 { r#"{"rules": null}"# } else { r#"{"rules": {"submitted": null, "started": "placed", "ended": "awaiting_payment"}}"# }));
        assert_eq!(run(rules(&services(&net))).unwrap(), Rules::default());
        let saved = run(rules(&services(&net))).unwrap();
        assert_eq!((saved.get(Activity::Submitted), saved.get(Activity::Ended)), (None, Some("awaiting_payment")));
    }
}

//! Staffing Referrals: referrals, users, campaigns, property types (the seed's shapes).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The six statuses a referral can be set to: the value sent, and the label shown.
pub const STATUSES: &[(&str, &str)] = &[
    ("lead", "Lead"),
    ("contacted", "Contacted"),
    ("placed", "Placed"),
    ("awaiting_payment", "Awaiting Payment"),
    ("paid", "Paid"),
    ("ineligible", "Ineligible"),
];

/// The value to send for a displayed status (`Awaiting Payment` → `awaiting_payment`).
pub fn status_key(shown: &str) -> Option<&'static str> {
    STATUSES.iter().find(|(k, d)| d.eq_ignore_ascii_case(shown) || k.eq_ignore_ascii_case(shown)).map(|(k, _)| *k)
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Campaign {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub applicant_bonus: Option<String>,
    #[serde(default)]
    pub ambassador_bonus: Option<String>,
    #[serde(default)]
    pub is_bonus_per_hour: Option<bool>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub minimum_requirements: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Opportunity {
    pub id: u64,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Referral {
    pub id: u64,
    #[serde(default)]
    pub ats_id: Option<String>,
    pub status: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub is_referral_lead: bool,
    #[serde(default)]
    pub campaign: Option<Campaign>,
    pub applicant: SrUser,
    #[serde(default)]
    pub ambassador: Option<SrUser>,
    #[serde(default)]
    pub recruiter: Option<SrUser>,
    #[serde(default)]
    pub opportunity: Option<Opportunity>,
}

impl Referral {
    /// "If the referral's ambassador is the same as the referral's recruiter, then this person
    /// applied directly."
    pub fn is_direct_applicant(&self) -> bool {
        match (&self.ambassador, &self.recruiter) {
            (Some(a), Some(r)) => a.id == r.id,
            _ => false,
        }
    }
}

/// A Staffing Referrals user: listed by `users`, and nested in a referral as its applicant,
/// ambassador or recruiter (with fewer fields there).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SrUser {
    pub id: u64,
    #[serde(default)]
    pub ats_id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub job_title: Option<String>,
    #[serde(default)]
    pub is_accepted: Option<bool>,
    #[serde(default, deserialize_with = "opt_id")]
    pub campaign_id: Option<u64>,
    #[serde(default)]
    pub role_name: Option<String>,
    #[serde(default)]
    pub recruiter_id: Option<u64>,
    #[serde(default)]
    pub recruiter_email: Option<String>,
    #[serde(default)]
    pub accept_url: Option<String>,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default)]
    pub apply_url: Option<String>,
    #[serde(default, deserialize_with = "properties")]
    pub properties: BTreeMap<String, String>,
}

impl SrUser {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name.as_deref().unwrap_or(""), self.last_name.as_deref().unwrap_or("")).trim().to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PropertyType {
    pub id: u64,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub is_required: Option<bool>,
    #[serde(default)]
    pub is_for_ambassador: bool,
    #[serde(default)]
    pub is_for_applicant: bool,
    #[serde(default)]
    pub placeholder: Option<String>,
    #[serde(default)]
    pub options: Option<Vec<String>>,
}

/// One page of a paginated list, with the six documented fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub num_records_returned: u64,
    pub num_records_total: u64,
    pub num_records_remaining: u64,
    pub num_pages_remaining: u64,
    pub page_index: u64,
    pub page_size: u64,
}

/// `properties` may be an object of strings, `{}`, `null`, or hold non-string values.
fn properties<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let v: Option<BTreeMap<String, crate::domain::referral::Scalar>> = Option::deserialize(d)?;
    Ok(v.unwrap_or_default().into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// The doc shows `campaign_id` both as `10` and as `"10"`.
fn opt_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v: Option<Scalar> = Option::deserialize(d)?;
    Ok(v.and_then(|s| s.0.parse().ok()))
}

/// Any scalar, as text.
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum V {
            S(String),
            U(u64),
            F(f64),
            B(bool),
            N(()),
        }
        Ok(Scalar(match V::deserialize(d)? {
            V::S(s) => s,
            V::U(n) => n.to_string(),
            V::F(f) => f.to_string(),
            V::B(b) => b.to_string(),
            V::N(()) => String::new(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for (k, d) in STATUSES {
            assert_eq!(status_key(d), Some(*k));
        }
        assert_eq!(status_key("hired"), None);
    }
}

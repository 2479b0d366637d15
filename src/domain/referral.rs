//! Staffing Referrals: referrals, users, campaigns, property types (the seed's shapes).
//! Plain data: decoding is `api::staffing_referrals`'.


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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Campaign {
    pub id: u64,
    pub name: String,
    pub status: Option<String>,
    pub minimum_term: Option<u64>,
    pub minimum_term_units: Option<String>,
    pub applicant_bonus: Option<String>,
    pub ambassador_bonus: Option<String>,
    pub is_bonus_per_hour: Option<bool>,
    pub location: Option<String>,
    pub minimum_requirements: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Opportunity {
    pub id: u64,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Referral {
    pub id: u64,
    pub ats_id: Option<String>,
    pub status: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub is_referral_lead: bool,
    pub campaign: Option<Campaign>,
    pub applicant: SrUser,
    pub ambassador: Option<SrUser>,
    pub recruiter: Option<SrUser>,
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SrUser {
    pub id: u64,
    pub ats_id: Option<String>,
    pub status: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub is_accepted: Option<bool>,
    pub campaign_id: Option<u64>,
    pub role_name: Option<String>,
    pub recruiter_id: Option<u64>,
    pub recruiter_email: Option<String>,
    pub accept_url: Option<String>,
    pub join_url: Option<String>,
    pub apply_url: Option<String>,
    /// The user's property values (`name → value`), in the order sent.
    pub properties: Vec<(String, String)>,
}

impl SrUser {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name.as_deref().unwrap_or(""), self.last_name.as_deref().unwrap_or("")).trim().to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PropertyType {
    pub id: u64,
    pub kind: String,
    pub name: String,
    pub is_required: Option<bool>,
    pub is_for_ambassador: bool,
    pub is_for_applicant: bool,
    pub placeholder: Option<String>,
    pub options: Vec<String>,
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

impl<T> Page<T> {
    /// The same page with each record turned into another.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        let Page { data, num_records_returned, num_records_total, num_records_remaining, num_pages_remaining, page_index, page_size } = self;
        Page { data: data.into_iter().map(f).collect(), num_records_returned, num_records_total, num_records_remaining, num_pages_remaining, page_index, page_size }
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

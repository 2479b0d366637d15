//! Staffing Referrals' wire format (the seed, docs/api/staffing-referrals.md): the envelope
//! (`status`, `message`, `data`, and on lists the six pagination fields), snake_case records,
//! `campaign_id` as `10` or `"10"`, `properties` of any shape, and form bodies with bracket
//! keys (`user[email]`). Turned into `domain::referral` records by `From`.

use crate::api::decode::{id, list, opt_id, opt_text, text, text_map};
use crate::domain::referral as model;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Envelope<T> {
    #[serde(deserialize_with = "text")]
    pub status: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub message: Option<String>,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default, deserialize_with = "opt_id")]
    pub num_records_returned: Option<u64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub num_records_total: Option<u64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub num_records_remaining: Option<u64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub num_pages_remaining: Option<u64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub page_index: Option<u64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub page_size: Option<u64>,
}

fn none<T>() -> Option<T> {
    None
}

#[derive(Deserialize)]
pub struct Campaign {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    pub minimum_term: Option<u64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub minimum_term_units: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub applicant_bonus: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub ambassador_bonus: Option<String>,
    #[serde(default)]
    pub is_bonus_per_hour: Option<bool>,
    #[serde(default, deserialize_with = "opt_text")]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub minimum_requirements: Option<String>,
}

#[derive(Deserialize)]
pub struct Opportunity {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "opt_text")]
    pub message: Option<String>,
}

#[derive(Deserialize)]
pub struct User {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "opt_text")]
    pub ats_id: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub job_title: Option<String>,
    #[serde(default)]
    pub is_accepted: Option<bool>,
    /// The doc shows it both as `10` and as `"10"`.
    #[serde(default, deserialize_with = "opt_id")]
    pub campaign_id: Option<u64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub role_name: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    pub recruiter_id: Option<u64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub recruiter_email: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub accept_url: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub join_url: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub apply_url: Option<String>,
    #[serde(default, deserialize_with = "text_map")]
    pub properties: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct Referral {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "opt_text")]
    pub ats_id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub status: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub is_referral_lead: Option<bool>,
    #[serde(default)]
    pub campaign: Option<Campaign>,
    pub applicant: User,
    #[serde(default)]
    pub ambassador: Option<User>,
    #[serde(default)]
    pub recruiter: Option<User>,
    #[serde(default)]
    pub opportunity: Option<Opportunity>,
}

#[derive(Deserialize)]
pub struct PropertyType {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(rename = "type", deserialize_with = "text")]
    pub kind: String,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(default)]
    pub is_required: Option<bool>,
    #[serde(default)]
    pub is_for_ambassador: Option<bool>,
    #[serde(default)]
    pub is_for_applicant: Option<bool>,
    #[serde(default, deserialize_with = "opt_text")]
    pub placeholder: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub options: Vec<String>,
}

/// Query of `GET referrals` (pagination included).
#[derive(Serialize, Default)]
pub struct ReferralQuery<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambassador_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_id: Option<u64>,
    pub page_index: u64,
    pub page_size: u32,
}

/// Query of `GET users` (pagination included).
#[derive(Serialize, Default)]
pub struct UserQuery<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ats_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_accepted: Option<bool>,
    pub page_index: u64,
    pub page_size: u32,
}

impl From<Campaign> for model::Campaign {
    fn from(c: Campaign) -> Self {
        model::Campaign {
            id: c.id,
            name: c.name,
            status: c.status,
            minimum_term: c.minimum_term,
            minimum_term_units: c.minimum_term_units,
            applicant_bonus: c.applicant_bonus,
            ambassador_bonus: c.ambassador_bonus,
            is_bonus_per_hour: c.is_bonus_per_hour,
            location: c.location,
            minimum_requirements: c.minimum_requirements,
        }
    }
}

impl From<User> for model::SrUser {
    fn from(u: User) -> Self {
        model::SrUser {
            id: u.id,
            ats_id: u.ats_id,
            status: u.status,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            phone: u.phone,
            job_title: u.job_title,
            is_accepted: u.is_accepted,
            campaign_id: u.campaign_id,
            role_name: u.role_name,
            recruiter_id: u.recruiter_id,
            recruiter_email: u.recruiter_email,
            accept_url: u.accept_url,
            join_url: u.join_url,
            apply_url: u.apply_url,
            properties: u.properties,
        }
    }
}

impl From<Referral> for model::Referral {
    fn from(r: Referral) -> Self {
        model::Referral {
            id: r.id,
            ats_id: r.ats_id,
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
            is_referral_lead: r.is_referral_lead.unwrap_or(false),
            campaign: r.campaign.map(Into::into),
            applicant: r.applicant.into(),
            ambassador: r.ambassador.map(Into::into),
            recruiter: r.recruiter.map(Into::into),
            opportunity: r.opportunity.map(|o| model::Opportunity { id: o.id, message: o.message }),
        }
    }
}

impl From<PropertyType> for model::PropertyType {
    fn from(p: PropertyType) -> Self {
        model::PropertyType {
            id: p.id,
            kind: p.kind,
            name: p.name,
            is_required: p.is_required,
            is_for_ambassador: p.is_for_ambassador.unwrap_or(false),
            is_for_applicant: p.is_for_applicant.unwrap_or(false),
            placeholder: p.placeholder,
            options: p.options,
        }
    }
}

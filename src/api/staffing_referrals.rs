//! Staffing Referrals client: every endpoint of the seed (docs/api/staffing-referrals.md).

use super::error::{ApiError, Upstream};
use super::json::{self, FromJson, Json};
use super::refassured::RefAssured;
use super::transport::{form, Call, Method, Transport};
use crate::domain::contact_info::normalise_phone;
use crate::domain::referral::*;

/// The largest page the API serves.
pub const MAX_PAGE: u32 = 1000;

#[derive(Clone, Debug, PartialEq)]
pub enum Access {
    /// Through RefAssured's relay with the API key.
    Relay(RefAssured),
    /// The agency's domain and its API token.
    Direct { base: String, token: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffingReferrals {
    pub access: Access,
    pub transport: Transport,
}

/// The envelope around every answer: `status`, `message`, `data`, and on lists the six
/// pagination fields.
#[derive(Debug)]
struct Envelope<T> {
    message: Option<String>,
    data: T,
    num_records_returned: Option<u64>,
    num_records_total: Option<u64>,
    num_records_remaining: Option<u64>,
    num_pages_remaining: Option<u64>,
    page_index: Option<u64>,
    page_size: Option<u64>,
}

/// The envelope's verdict: its fields and message, or the upstream's message as an error.
fn verdict<'a>(endpoint: &'static str, v: &'a Json) -> Result<(json::Fields<'a>, Option<String>), ApiError> {
    let dec = |detail| ApiError::Decode { endpoint, detail };
    let f = json::Fields::of(v).map_err(dec)?;
    let status: String = f.req("status").map_err(dec)?;
    let message: Option<String> = f.opt("message").map_err(dec)?;
    if status != "success" {
        return Err(ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 200, message: message.unwrap_or_else(|| "unknown error".into()) });
    }
    Ok((f, message))
}

fn open<T: FromJson>(endpoint: &'static str, text: &str) -> Result<Envelope<T>, ApiError> {
    let v = Json::parse_as(endpoint, text)?;
    let (f, message) = verdict(endpoint, &v)?;
    let read = || -> Result<Envelope<T>, String> {
        Ok(Envelope {
            data: f.opt::<Option<T>>("data")?.ok_or("success without data")?,
            message,
            num_records_returned: f.opt("num_records_returned")?,
            num_records_total: f.opt("num_records_total")?,
            num_records_remaining: f.opt("num_records_remaining")?,
            num_pages_remaining: f.opt("num_pages_remaining")?,
            page_index: f.opt("page_index")?,
            page_size: f.opt("page_size")?,
        })
    };
    read().map_err(|detail| ApiError::Decode { endpoint, detail })
}

fn page<T: FromJson>(endpoint: &'static str, text: &str) -> Result<Page<T>, ApiError> {
    let env: Envelope<Vec<T>> = open(endpoint, text)?;
    let n = env.data.len() as u64;
    let missing = |f: &str| ApiError::Decode { endpoint, detail: format!("pagination field {f} is missing") };
    Ok(Page {
        num_records_returned: env.num_records_returned.unwrap_or(n),
        num_records_total: env.num_records_total.ok_or_else(|| missing("num_records_total"))?,
        num_records_remaining: env.num_records_remaining.unwrap_or(0),
        num_pages_remaining: env.num_pages_remaining.ok_or_else(|| missing("num_pages_remaining"))?,
        page_index: env.page_index.unwrap_or(0),
        page_size: env.page_size.unwrap_or(n),
        data: env.data,
    })
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferralFilter {
    /// ISO-8601, e.g. `2017-07-04T12:00:00-07:00`.
    pub since: Option<String>,
    pub ambassador_id: Option<u64>,
    pub applicant_id: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserFilter {
    pub since: Option<String>,
    pub role_name: Option<String>,
    pub email: Option<String>,
    pub ats_id: Option<String>,
    pub is_accepted: bool,
}

/// Fields of a new referral, as bracket keys (`applicant[email]`, …).
pub type Fields<'a> = Vec<(&'a str, &'a str)>;

impl StaffingReferrals {
    pub fn relay(refassured: &RefAssured) -> Self {
        StaffingReferrals { transport: refassured.transport.clone(), access: Access::Relay(refassured.clone()) }
    }

    pub fn direct(base: &str, token: &str) -> Self {
        StaffingReferrals { access: Access::Direct { base: base.trim_end_matches('/').to_string(), token: token.to_string() }, transport: Transport::default() }
    }

    pub fn with_transport(&self, transport: Transport) -> Self {
        StaffingReferrals { transport, ..self.clone() }
    }

    fn call(&self, endpoint: &'static str, method: Method, path: &str) -> Call {
        match &self.access {
            Access::Relay(ra) => Call::new(Upstream::StaffingReferrals, endpoint, method, format!("{}/api/v1/{path}", ra.relay_base("staffingreferrals")))
                .header("x-api-key", ra.api_key.clone()),
            Access::Direct { base, token } => Call::new(Upstream::StaffingReferrals, endpoint, method, format!("{base}/api/v1/{path}")).header("Authorization", token.clone()),
        }
    }

    async fn data<T: FromJson>(&self, call: Call) -> Result<(Option<String>, T), ApiError> {
        let endpoint = call.endpoint;
        let r = self.transport.send(&call, false).await?;
        let env = open::<T>(endpoint, &r.text)?;
        Ok((env.message, env.data))
    }

    fn paged(path: &str, pairs: &mut Vec<(&str, String)>, page_index: u64, page_size: u32) -> String {
        pairs.push(("page_index", page_index.to_string()));
        pairs.push(("page_size", page_size.min(MAX_PAGE).to_string()));
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("{path}?{}", form(&refs))
    }

    pub async fn referrals(&self, f: &ReferralFilter, page_index: u64, page_size: u32) -> Result<Page<Referral>, ApiError> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(s) = &f.since {
            pairs.push(("since", s.clone()));
        }
        if let Some(a) = f.ambassador_id {
            pairs.push(("ambassador_id", a.to_string()));
        }
        if let Some(a) = f.applicant_id {
            pairs.push(("applicant_id", a.to_string()));
        }
        let call = self.call("referrals", Method::Get, &Self::paged("referrals", &mut pairs, page_index, page_size));
        let r = self.transport.send(&call, false).await?;
        page("referrals", &r.text)
    }

    /// Every referral: page 0, then the remaining pages `concurrency` at a time.
    pub async fn all_referrals(&self, f: &ReferralFilter, page_size: u32, concurrency: usize) -> Result<Vec<Referral>, ApiError> {
        let first = self.referrals(f, 0, page_size).await?;
        let size = first.page_size.max(1);
        let mut out = first.data;
        let pages: Vec<u64> = (1..=first.num_pages_remaining).collect();
        for wave in pages.chunks(concurrency.max(1)) {
            let results = futures::future::join_all(wave.iter().map(|&i| self.referrals(f, i, size as u32))).await;
            for p in results {
                out.extend(p?.data);
            }
        }
        Ok(out)
    }

    /// The applicant's active referral (`applicant_id`).
    pub async fn active_referral(&self, applicant_id: u64) -> Result<Option<Referral>, ApiError> {
        let f = ReferralFilter { applicant_id: Some(applicant_id), ..Default::default() };
        Ok(self.referrals(&f, 0, MAX_PAGE).await?.data.into_iter().next())
    }

    pub async fn update_referral_status(&self, id: u64, status_key: &str) -> Result<Referral, ApiError> {
        let call = self.call("update referral", Method::Post, &format!("referrals/{id}")).form(form(&[("status", status_key)]));
        // Setting a status twice leaves it set: safe to repeat.
        self.data(Call { idempotent: true, ..call }).await.map(|(_, d)| d)
    }

    /// Create a referral from bracket-key fields. Returns the referral and the upstream's
    /// message (set when no new referral was made, e.g. within 90 days).
    pub async fn create_referral(&self, fields: &Fields<'_>) -> Result<(Referral, Option<String>), ApiError> {
        let call = self.call("create referral", Method::Post, "referrals").form(form(fields));
        self.data(call).await.map(|(m, d)| (d, m))
    }

    pub async fn users(&self, f: &UserFilter, page_index: u64, page_size: u32) -> Result<Page<SrUser>, ApiError> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [("since", &f.since), ("role_name", &f.role_name), ("email", &f.email), ("ats_id", &f.ats_id)] {
            if let Some(v) = v {
                pairs.push((k, v.clone()));
            }
        }
        if f.is_accepted {
            pairs.push(("is_accepted", "true".into()));
        }
        let call = self.call("users", Method::Get, &Self::paged("users", &mut pairs, page_index, page_size));
        let r = self.transport.send(&call, false).await?;
        page("users", &r.text)
    }

    pub async fn user(&self, id: u64) -> Result<SrUser, ApiError> {
        self.data(self.call("user", Method::Get, &format!("users/{id}"))).await.map(|(_, d)| d)
    }

    pub async fn update_user(&self, id: u64, fields: &Fields<'_>) -> Result<SrUser, ApiError> {
        let call = self.call("update user", Method::Post, &format!("users/{id}")).form(form(fields));
        self.data(Call { idempotent: true, ..call }).await.map(|(_, d)| d)
    }

    pub async fn send_access_email(&self, email: &str) -> Result<String, ApiError> {
        let call = self.call("send access email", Method::Post, "users/send_access_email").form(form(&[("email", email)]));
        let r = self.transport.send(&call, false).await?;
        let v = Json::parse_as("send access email", &r.text)?;
        Ok(verdict("send access email", &v)?.1.unwrap_or_default())
    }

    /// Returns the upstream's message ("Moved 10 ambassadors and 2 referrals …") and the user.
    pub async fn deactivate_recruiter(&self, id: u64, new_recruiter_id: u64) -> Result<(String, SrUser), ApiError> {
        let call = self.call("deactivate recruiter", Method::Post, &format!("users/{id}/deactivate_recruiter")).form(form(&[("new_recruiter_id", &new_recruiter_id.to_string())]));
        self.data(call).await.map(|(m, d)| (m.unwrap_or_default(), d))
    }

    pub async fn invite(&self, fields: &Fields<'_>) -> Result<SrUser, ApiError> {
        let call = self.call("invite", Method::Post, "invite/invite").form(form(fields));
        self.data(call).await.map(|(_, d)| d)
    }

    pub async fn campaigns(&self) -> Result<Vec<Campaign>, ApiError> {
        self.data(self.call("campaigns", Method::Get, "campaigns")).await.map(|(_, d)| d)
    }

    pub async fn property_types(&self) -> Result<Vec<PropertyType>, ApiError> {
        self.data(self.call("property types", Method::Get, "property_types")).await.map(|(_, d)| d)
    }

    pub async fn update_property_type(&self, id: u64, fields: &Fields<'_>) -> Result<PropertyType, ApiError> {
        let call = self.call("update property type", Method::Post, &format!("property_types/{id}")).form(form(fields));
        self.data(Call { idempotent: true, ..call }).await.map(|(_, d)| d)
    }

    /// Find an applicant as Staffing Referrals matches people: by ats_id, then email, then phone.
    /// The API has no phone filter, so the phone step walks the applicants.
    pub async fn find_applicant(&self, ats_id: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Result<Option<(SrUser, MatchedBy)>, ApiError> {
        let applicants = |f: UserFilter| async move { self.users(&UserFilter { role_name: Some("applicant".into()), ..f }, 0, MAX_PAGE).await };
        if let Some(a) = ats_id.filter(|a| !a.is_empty()) {
            if let Some(u) = applicants(UserFilter { ats_id: Some(a.to_string()), ..Default::default() }).await?.data.into_iter().next() {
                return Ok(Some((u, MatchedBy::AtsId)));
            }
        }
        if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(u) = applicants(UserFilter { email: Some(e.to_string()), ..Default::default() }).await?.data.into_iter().next() {
                return Ok(Some((u, MatchedBy::Email)));
            }
        }
        if let Some(want) = phone.and_then(normalise_phone) {
            let mut index = 0;
            loop {
                let p = self.users(&UserFilter { role_name: Some("applicant".into()), ..Default::default() }, index, MAX_PAGE).await?;
                if let Some(u) = p.data.into_iter().find(|u| u.phone.as_deref().and_then(normalise_phone).as_deref() == Some(want.as_str())) {
                    return Ok(Some((u, MatchedBy::Phone)));
                }
                if p.num_pages_remaining == 0 {
                    break;
                }
                index += 1;
            }
        }
        Ok(None)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    AtsId,
    Email,
    Phone,
}

// The seed's shapes (docs/api/staffing-referrals.md).

impl FromJson for Campaign {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = json::Fields::of(v)?;
        Ok(Campaign {
            id: f.req("id")?,
            name: f.req("name")?,
            status: f.opt("status")?,
            applicant_bonus: f.opt("applicant_bonus")?,
            ambassador_bonus: f.opt("ambassador_bonus")?,
            is_bonus_per_hour: f.opt("is_bonus_per_hour")?,
            location: f.opt("location")?,
            minimum_requirements: f.opt("minimum_requirements")?,
        })
    }
}

impl FromJson for Opportunity {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = json::Fields::of(v)?;
        Ok(Opportunity { id: f.req("id")?, message: f.opt("message")? })
    }
}

impl FromJson for Referral {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = json::Fields::of(v)?;
        Ok(Referral {
            id: f.req("id")?,
            ats_id: f.opt("ats_id")?,
            status: f.req("status")?,
            created_at: f.opt("created_at")?,
            updated_at: f.opt("updated_at")?,
            is_referral_lead: f.opt("is_referral_lead")?,
            campaign: f.opt("campaign")?,
            applicant: f.req("applicant")?,
            ambassador: f.opt("ambassador")?,
            recruiter: f.opt("recruiter")?,
            opportunity: f.opt("opportunity")?,
        })
    }
}

impl FromJson for SrUser {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = json::Fields::of(v)?;
        // `properties` may be an object of strings, `{}`, `null`, or hold non-string values.
        let properties = match f.opt::<Option<Json>>("properties")? {
            Some(Json::Obj(m)) => m.iter().map(|(k, v)| (k.clone(), v.as_text().unwrap_or_default())).collect(),
            _ => Default::default(),
        };
        Ok(SrUser {
            id: f.req("id")?,
            ats_id: f.opt("ats_id")?,
            status: f.opt("status")?,
            email: f.opt("email")?,
            first_name: f.opt("first_name")?,
            last_name: f.opt("last_name")?,
            phone: f.opt("phone")?,
            job_title: f.opt("job_title")?,
            is_accepted: f.opt("is_accepted")?,
            // The doc shows `campaign_id` both as `10` and as `"10"`.
            campaign_id: f.scalar_text("campaign_id").and_then(|t| t.parse().ok()),
            role_name: f.opt("role_name")?,
            recruiter_id: f.opt("recruiter_id")?,
            recruiter_email: f.opt("recruiter_email")?,
            accept_url: f.opt("accept_url")?,
            join_url: f.opt("join_url")?,
            apply_url: f.opt("apply_url")?,
            properties,
        })
    }
}

impl FromJson for PropertyType {
    fn from_json(v: &Json) -> Result<Self, String> {
        let f = json::Fields::of(v)?;
        Ok(PropertyType {
            id: f.req("id")?,
            kind: f.req("type")?,
            name: f.req("name")?,
            is_required: f.opt("is_required")?,
            is_for_ambassador: f.opt("is_for_ambassador")?,
            is_for_applicant: f.opt("is_for_applicant")?,
            placeholder: f.opt("placeholder")?,
            options: f.opt("options")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed's own example, with its trailing commas removed (documentation typos).
    const EXAMPLE: &str = r#"{"status":"success","data":[{"id":10,"ats_id":"12345","status":"Lead","created_at":"2001-02-02 21:05:06 UTC",
        "updated_at":"2001-02-02 21:05:06 UTC","is_manual":false,"is_referral_lead":true,"has_resume":false,"previous_referral_ids":"",
        "campaign":{"id":48,"name":"Sandbox Campaign","status":"Live","minimum_term":null,"minimum_term_units":null,"applicant_bonus":"$500","ambassador_bonus":"$42"},
        "applicant":{"id":37,"ats_id":"abc123","status":"Active","email":"immanuel@windlervandervort.info","first_name":"Candy","last_name":"Date","phone":null,"job_title":null,"properties":{"Healthcare Professional":"yes"}},
        "ambassador":{"id":36,"ats_id":"xyz123","status":"Active","email":"bailey.wiza@mosciskimuller.co","first_name":"Pro","last_name":"Motor","phone":null,"properties":{"Healthcare Professional":"yes"}},
        "recruiter":{"id":35,"ats_id":"42","status":"Active","email":"rosalyn@leuschke.org","first_name":"Recruity","last_name":"Recruiter","phone":null},
        "opportunity":{"id":37,"message":"An Optional Opportunity."}}],
        "num_records_returned":1,"num_records_total":38798,"num_records_remaining":37798,"num_pages_remaining":38,"page_index":0,"page_size":1000}"#;

    #[test]
    fn the_documented_referral_decodes() {
        let p: Page<Referral> = page("referrals", EXAMPLE).unwrap();
        let r = &p.data[0];
        assert_eq!((r.id, r.status.as_str()), (10, "Lead"));
        assert_eq!(r.campaign.as_ref().unwrap().ambassador_bonus.as_deref(), Some("$42"));
        assert_eq!(r.applicant.properties.get("Healthcare Professional").map(String::as_str), Some("yes"));
        assert_eq!(r.opportunity.as_ref().unwrap().message.as_deref(), Some("An Optional Opportunity."));
        assert!(!r.is_direct_applicant());
        assert_eq!((p.num_records_total, p.num_pages_remaining, p.page_size), (38798, 38, 1000));
    }

    #[test]
    fn the_documented_update_response_decodes_with_null_properties() {
        let text = r#"{"status":"success","data":{"id":10,"ats_id":"12345","status":"Ineligible","applicant":{"id":37,"properties":null},
            "ambassador":{"id":35},"recruiter":{"id":35}}}"#;
        let r = open::<Referral>("update referral", text).unwrap().data;
        assert_eq!(r.status, "Ineligible");
        assert!(r.applicant.properties.is_empty());
        assert!(r.is_direct_applicant(), "ambassador = recruiter: a direct applicant");
    }

    #[test]
    fn users_decode_both_campaign_id_forms() {
        let text = r#"{"status":"success","data":{"id":149,"ats_id":"42","campaign_id":"10","status":"Active","email":"h@m.name",
            "first_name":"Recruity","last_name":"Recruiter","phone":null,"is_accepted":true,"role_name":"recruiter"}}"#;
        let u = open::<SrUser>("user", text).unwrap().data;
        assert_eq!(u.campaign_id, Some(10));
        let text2 = text.replace("\"campaign_id\":\"10\"", "\"campaign_id\":10");
        assert_eq!(open::<SrUser>("user", &text2).unwrap().data.campaign_id, Some(10));
    }

    #[test]
    fn errors_in_the_envelope() {
        let e = open::<Referral>("update referral", r#"{"status":"error","message":"Invalid status"}"#).unwrap_err();
        assert_eq!(e, ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 200, message: "Invalid status".into() });
        assert!(matches!(page::<Referral>("referrals", r#"{"status":"success","data":[]}"#), Err(ApiError::Decode { .. })), "pagination fields are required");
        assert!(matches!(open::<Referral>("x", "<html>"), Err(ApiError::Decode { .. })));
        let types: Vec<PropertyType> = open::<Vec<PropertyType>>("property types", r#"{"status":"success","data":[{"type":"Yesno","id":57,"name":"Professional","is_for_ambassador":true,"is_for_applicant":true}]}"#).unwrap().data;
        assert_eq!(types[0].is_required, None);
    }
}

//! Staffing Referrals client: every endpoint of the seed (docs/api/staffing-referrals.md).

pub mod wire;

use super::decode::decode;
use super::error::{ApiError, Upstream};
use super::refassured::RefAssured;
use super::transport::{query, Call, Method, Transport};
use crate::domain::contact_info::normalise_phone;
use crate::domain::referral::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wire::Envelope;

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

/// The envelope of an answer, its verdict read: `"status": "error"` is the upstream's refusal.
fn open<T: DeserializeOwned>(endpoint: &'static str, text: &str) -> Result<Envelope<T>, ApiError> {
    let env: Envelope<T> = decode(endpoint, text)?;
    if env.status != "success" {
        return Err(ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 200, message: env.message.unwrap_or_else(|| "unknown error".into()) });
    }
    Ok(env)
}

/// The envelope's `data`, which a success must carry.
fn data<T: DeserializeOwned>(endpoint: &'static str, text: &str) -> Result<(Option<String>, T), ApiError> {
    let env = open::<T>(endpoint, text)?;
    let data = env.data.ok_or(ApiError::Decode { endpoint, detail: "success without data".into() })?;
    Ok((env.message, data))
}

pub fn page<W: DeserializeOwned + Into<T>, T>(endpoint: &'static str, text: &str) -> Result<Page<T>, ApiError> {
    let env: Envelope<Vec<W>> = open(endpoint, text)?;
    let data: Vec<T> = env.data.ok_or(ApiError::Decode { endpoint, detail: "success without data".into() })?.into_iter().map(Into::into).collect();
    let n = data.len() as u64;
    let missing = |f: &str| ApiError::Decode { endpoint, detail: format!("pagination field {f} is missing") };
    Ok(Page {
        num_records_returned: env.num_records_returned.unwrap_or(n),
        num_records_total: env.num_records_total.ok_or_else(|| missing("num_records_total"))?,
        num_records_remaining: env.num_records_remaining.unwrap_or(0),
        num_pages_remaining: env.num_pages_remaining.ok_or_else(|| missing("num_pages_remaining"))?,
        page_index: env.page_index.unwrap_or(0),
        page_size: env.page_size.unwrap_or(n),
        data,
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

/// Fields of a form body, as bracket keys (`applicant[email]`, `user[first_name]`, …).
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

    async fn data<W: DeserializeOwned + Into<T>, T>(&self, call: Call) -> Result<(Option<String>, T), ApiError> {
        let endpoint = call.endpoint;
        let r = self.transport.send(&call, false).await?;
        data::<W>(endpoint, &r.text).map(|(m, d)| (m, d.into()))
    }

    fn post<B: Serialize + ?Sized>(&self, endpoint: &'static str, path: &str, body: &B) -> Call {
        self.call(endpoint, Method::Post, path).form(body)
    }

    pub async fn referrals(&self, f: &ReferralFilter, page_index: u64, page_size: u32) -> Result<Page<Referral>, ApiError> {
        let q = wire::ReferralQuery { since: f.since.as_deref(), ambassador_id: f.ambassador_id, applicant_id: f.applicant_id, page_index, page_size: page_size.min(MAX_PAGE) };
        let call = self.call("referrals", Method::Get, &format!("referrals?{}", query(&q)));
        let r = self.transport.send(&call, false).await?;
        page::<wire::Referral, _>("referrals", &r.text)
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
        // Setting a status twice leaves it set: safe to repeat.
        let call = self.post("update referral", &format!("referrals/{id}"), &[("status", status_key)]).repeatable();
        self.data::<wire::Referral, _>(call).await.map(|(_, d)| d)
    }

    /// Create a referral from bracket-key fields. Returns the referral and the upstream's
    /// message (set when no new referral was made, e.g. within 90 days).
    pub async fn create_referral(&self, fields: &Fields<'_>) -> Result<(Referral, Option<String>), ApiError> {
        self.data::<wire::Referral, _>(self.post("create referral", "referrals", fields)).await.map(|(m, d)| (d, m))
    }

    pub async fn users(&self, f: &UserFilter, page_index: u64, page_size: u32) -> Result<Page<SrUser>, ApiError> {
        let q = wire::UserQuery {
            since: f.since.as_deref(),
            role_name: f.role_name.as_deref(),
            email: f.email.as_deref(),
            ats_id: f.ats_id.as_deref(),
            is_accepted: f.is_accepted.then_some(true),
            page_index,
            page_size: page_size.min(MAX_PAGE),
        };
        let call = self.call("users", Method::Get, &format!("users?{}", query(&q)));
        let r = self.transport.send(&call, false).await?;
        page::<wire::User, _>("users", &r.text)
    }

    pub async fn user(&self, id: u64) -> Result<SrUser, ApiError> {
        self.data::<wire::User, _>(self.call("user", Method::Get, &format!("users/{id}"))).await.map(|(_, d)| d)
    }

    pub async fn update_user(&self, id: u64, fields: &Fields<'_>) -> Result<SrUser, ApiError> {
        let call = self.post("update user", &format!("users/{id}"), fields).repeatable();
        self.data::<wire::User, _>(call).await.map(|(_, d)| d)
    }

    pub async fn send_access_email(&self, email: &str) -> Result<String, ApiError> {
        let call = self.post("send access email", "users/send_access_email", &[("email", email)]);
        let r = self.transport.send(&call, false).await?;
        Ok(open::<serde::de::IgnoredAny>("send access email", &r.text)?.message.unwrap_or_default())
    }

    /// Returns the upstream's message ("Moved 10 ambassadors and 2 referrals …") and the user.
    pub async fn deactivate_recruiter(&self, id: u64, new_recruiter_id: u64) -> Result<(String, SrUser), ApiError> {
        let call = self.post("deactivate recruiter", &format!("users/{id}/deactivate_recruiter"), &[("new_recruiter_id", new_recruiter_id)]);
        self.data::<wire::User, _>(call).await.map(|(m, d)| (m.unwrap_or_default(), d))
    }

    pub async fn invite(&self, fields: &Fields<'_>) -> Result<SrUser, ApiError> {
        self.data::<wire::User, _>(self.post("invite", "invite/invite", fields)).await.map(|(_, d)| d)
    }

    pub async fn campaigns(&self) -> Result<Vec<Campaign>, ApiError> {
        let (_, list) = self.data::<Vec<wire::Campaign>, Vec<wire::Campaign>>(self.call("campaigns", Method::Get, "campaigns")).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    pub async fn property_types(&self) -> Result<Vec<PropertyType>, ApiError> {
        let (_, list) = self.data::<Vec<wire::PropertyType>, Vec<wire::PropertyType>>(self.call("property types", Method::Get, "property_types")).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    pub async fn update_property_type(&self, id: u64, fields: &Fields<'_>) -> Result<PropertyType, ApiError> {
        let call = self.post("update property type", &format!("property_types/{id}"), fields).repeatable();
        self.data::<wire::PropertyType, _>(call).await.map(|(_, d)| d)
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
            // Page 0, then the rest PHONE_WALK_AT_ONCE pages at a time (a program of 40,000
            // applicants is 40 pages: one after another, the tab's referral took 5.8 s to say
            // "no referral"). The first match in page order wins, as a walk one by one would.
            let all = UserFilter { role_name: Some("applicant".into()), ..Default::default() };
            let found = |p: Page<SrUser>| p.data.into_iter().find(|u| u.phone.as_deref().and_then(normalise_phone).as_deref() == Some(want.as_str()));
            // Four pages at once by `join!` (a fixed join: `join_all` over pages brought its
            // dynamic machinery in and grew both bundles by 2.4 KB gzip); page 0 comes alone, as
            // it says how many there are and in what size.
            let (mut next, mut size, mut last) = (0u64, MAX_PAGE, 0u64);
            loop {
                let page = |i: u64| {
                    let all = &all;
                    async move {
                        if i <= last {
                            Some(self.users(all, i, size).await)
                        } else {
                            None
                        }
                    }
                };
                let (a, b, c, d) = futures::join!(page(next), page(next + 1), page(next + 2), page(next + 3));
                for p in [a, b, c, d].into_iter().flatten() {
                    let p = p?;
                    if next == 0 {
                        (size, last) = (p.page_size.clamp(1, MAX_PAGE as u64) as u32, p.num_pages_remaining);
                    }
                    if let Some(u) = found(p) {
                        return Ok(Some((u, MatchedBy::Phone)));
                    }
                }
                next += if next == 0 { 1 } else { PHONE_WALK_AT_ONCE as u64 };
                if next > last {
                    break;
                }
            }
        }
        Ok(None)
    }
}

/// Pages of applicants fetched at once when looking for a phone (the API has no phone filter):
/// the arity of the `join!` in [`StaffingReferrals::find_applicant`].
pub const PHONE_WALK_AT_ONCE: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    AtsId,
    Email,
    Phone,
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
        let p: Page<Referral> = page::<wire::Referral, _>("referrals", EXAMPLE).unwrap();
        let r = &p.data[0];
        assert_eq!((r.id, r.status.as_str()), (10, "Lead"));
        assert_eq!(r.campaign.as_ref().unwrap().ambassador_bonus.as_deref(), Some("$42"));
        assert_eq!(r.applicant.properties, vec![("Healthcare Professional".to_string(), "yes".to_string())]);
        assert_eq!(r.opportunity.as_ref().unwrap().message.as_deref(), Some("An Optional Opportunity."));
        assert!(!r.is_direct_applicant());
        assert_eq!((p.num_records_total, p.num_pages_remaining, p.page_size), (38798, 38, 1000));
    }

    #[test]
    fn the_documented_update_response_decodes_with_null_properties() {
        let text = r#"{"status":"success","data":{"id":10,"ats_id":"12345","status":"Ineligible","applicant":{"id":37,"properties":null},
            "ambassador":{"id":35},"recruiter":{"id":35}}}"#;
        let r: Referral = data::<wire::Referral>("update referral", text).unwrap().1.into();
        assert_eq!(r.status, "Ineligible");
        assert!(r.applicant.properties.is_empty());
        assert!(r.is_direct_applicant(), "ambassador = recruiter: a direct applicant");
    }

    #[test]
    fn users_decode_both_campaign_id_forms() {
        let text = r#"{"status":"success","data":{"id":149,"ats_id":"42","campaign_id":"10","status":"Active","email":"h@m.name",
            "first_name":"Recruity","last_name":"Recruiter","phone":null,"is_accepted":true,"role_name":"recruiter"}}"#;
        let u: SrUser = data::<wire::User>("user", text).unwrap().1.into();
        assert_eq!(u.campaign_id, Some(10));
        let text2 = text.replace("\"campaign_id\":\"10\"", "\"campaign_id\":10");
        assert_eq!(data::<wire::User>("user", &text2).unwrap().1.campaign_id, Some(10));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_phone_walk_takes_pages_four_at_a_time_and_the_first_match_in_page_order() {
        use crate::api::scripted::{run, Scripted};
        use crate::api::transport::Transport;
        // Ten pages of two applicants; the phone is on pages 6 and 8 (the first wins).
        let net = Scripted::new(|c, _| {
            let i: u64 = c.url.split("page_index=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
            let user = |n: u64| {
                let phone = if n == 13 || n == 17 { "+1 (312) 555-0147" } else { "555-0000" };
                format!(r#"{{"id":{n},"role_name":"applicant","phone":"{phone}"}}"#)
            };
            Scripted::ok(&format!(r#"{{"status":"success","data":[{},{}],"num_pages_remaining":{},"num_records_total":20,"page_index":{i},"page_size":2}}"#, user(2 * i), user(2 * i + 1), 9 - i))
        });
        let sr = StaffingReferrals::direct("https://sr.example", "t").with_transport(Transport::over(net.clone()));
        let (u, by) = run(sr.find_applicant(None, None, Some("312-555-0147"))).unwrap().unwrap();
        assert_eq!((u.id, by), (13, MatchedBy::Phone));
        let pages: Vec<String> = net.calls().iter().map(|c| c.url.split("page_index=").nth(1).unwrap().split('&').next().unwrap().to_string()).collect();
        // Page 0 alone (it says how many there are), then 1-4 and 5-8 at once; never 9.
        assert_eq!(pages, ["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
        assert!(net.calls()[1..].iter().all(|c| c.url.contains("page_size=2")), "later pages in the size the first came in");
        // No match: every page once.
        let net2 = Scripted::new(|c, _| {
            let i: u64 = c.url.split("page_index=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
            Scripted::ok(&format!(r#"{{"status":"success","data":[{{"id":{i},"role_name":"applicant","phone":"555-0000"}}],"num_pages_remaining":{},"num_records_total":6,"page_index":{i},"page_size":1}}"#, 5 - i))
        });
        let sr = sr.with_transport(Transport::over(net2.clone()));
        assert_eq!(run(sr.find_applicant(None, None, Some("312-555-0147"))).unwrap(), None);
        assert_eq!(net2.calls().len(), 6);
    }

    #[test]
    fn errors_in_the_envelope() {
        let e = open::<wire::Referral>("update referral", r#"{"status":"error","message":"Invalid status"}"#).err().unwrap();
        assert_eq!(e, ApiError::Rejected { upstream: Upstream::StaffingReferrals, status: 200, message: "Invalid status".into() });
        assert!(matches!(page::<wire::Referral, Referral>("referrals", r#"{"status":"success","data":[]}"#), Err(ApiError::Decode { .. })), "pagination fields are required");
        assert!(matches!(open::<wire::Referral>("x", "<html>"), Err(ApiError::Decode { .. })));
        let types: Vec<wire::PropertyType> = data::<Vec<wire::PropertyType>>("property types", r#"{"status":"success","data":[{"type":"Yesno","id":57,"name":"Professional","is_for_ambassador":true,"is_for_applicant":true}]}"#).unwrap().1;
        assert_eq!(types[0].is_required, None);
    }
}

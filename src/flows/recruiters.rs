//! The program's recruiters and admins (`Get All Users` with `role_name`), and deactivating one
//! with the move of their ambassadors and leads to another (`Deactivate Recruiter`).

use crate::api::error::ApiError;
use crate::api::services::Services;
use crate::api::staffing_referrals::UserFilter;
use crate::domain::referral::SrUser;

/// Users per page when listing the team.
const PAGE_SIZE: u32 = 100;

/// Every recruiter, then every admin (admins may recruit too), each role page by page.
pub async fn team(s: &Services) -> Result<Vec<SrUser>, ApiError> {
    let mut out = Vec::new();
    for role in ["recruiter", "admin"] {
        let f = UserFilter { role_name: Some(role.into()), ..Default::default() };
        let mut page = 0;
        loop {
            let p = s.staffing.users(&f, page, PAGE_SIZE).await?;
            out.extend(p.data);
            if p.num_pages_remaining == 0 {
                break;
            }
            page += 1;
        }
    }
    Ok(out)
}

pub fn is_active(u: &SrUser) -> bool {
    u.status.as_deref().is_none_or(|s| s.eq_ignore_ascii_case("active"))
}

/// Deactivate `id`, moving their ambassadors and leads to `to`. Returns Staffing Referrals'
/// message ("Moved 10 ambassadors and 2 referrals to recruiter 42.").
pub async fn deactivate(s: &Services, id: u64, to: u64) -> Result<String, ApiError> {
    let (message, _) = s.staffing.deactivate_recruiter(id, to).await?;
    Ok(message)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::Body;
    use crate::flows::testing::services;
    use serde_json::json;

    #[test]
    fn the_team_is_every_page_of_recruiters_then_admins() {
        let net = Scripted::new(|c, _| {
            let (role, page) = (if c.url.contains("role_name=recruiter") { "recruiter" } else { "admin" }, if c.url.contains("page_index=1") { 1 } else { 0 });
            let remaining = if role == "recruiter" && page == 0 { 1 } else { 0 };
            Scripted::ok(&json!({"status": "success", "num_pages_remaining": remaining, "num_records_total": 3, "page_size": 100,
                "data": [{"id": 10 * (page + 1) + if role == "admin" { 5 } else { 0 }, "role_name": role, "status": "Active"}]}).to_string())
        });
        let ids: Vec<u64> = run(team(&services(&net))).unwrap().iter().map(|u| u.id).collect();
        assert_eq!(ids, vec![10, 20, 15]);
        assert_eq!(net.to("users").len(), 3);
    }

    #[test]
    fn deactivating_moves_to_the_chosen_recruiter_and_returns_the_message() {
        let net = Scripted::new(|c, _| {
            assert!(c.url.ends_with("users/149/deactivate_recruiter"));
            assert!(matches!(&c.body, Body::Form(f) if f == "new_recruiter_id=42"));
            Scripted::ok(r#"{"status":"success","message":"Moved 10 ambassadors and 2 referrals to recruiter 42.","data":{"id":149,"status":"Inactive"}}"#)
        });
        assert_eq!(run(deactivate(&services(&net), 149, 42)).unwrap(), "Moved 10 ambassadors and 2 referrals to recruiter 42.");
    }
}

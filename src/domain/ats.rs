//! JobDiva records as the tab uses them (built from JobDiva's rows in `api::jobdiva`).

use super::contact_info::Phone;
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
}

impl Address {
    /// "Denver, CO 80202" (what is known of it).
    pub fn locality(&self) -> String {
        let place = [self.city.as_str(), self.state.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
        [place.as_str(), self.zip.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
    }
}

/// A row of `searchCandidateProfile` / `quickCandidateProfileSearch`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CandidateSummary {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub alt_email: Option<String>,
    pub phones: Vec<Phone>,
    pub address: Address,
}

/// `CandidateDetail`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Candidate {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub alt_email: Option<String>,
    pub phones: Vec<Phone>,
    pub address: Address,
    pub title: Option<String>,
    pub updated: Option<String>,
    /// User fields asked for by name.
    pub user_fields: Vec<(String, String)>,
}

impl Candidate {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactSummary {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub title: String,
    pub email: Option<String>,
    pub alt_email: Option<String>,
    pub phones: Vec<Phone>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Submittal {
    pub id: u64,
    pub candidate_id: Option<u64>,
    pub job_id: u64,
    pub user_id: Option<u64>,
    pub submitted: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: u64,
    pub title: String,
    pub status: String,
    pub company: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// HTML as JobDiva holds it: never rendered as HTML by the tab.
    pub description_html: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub active: bool,
    pub recruiter: bool,
    pub sales: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResumeSource {
    pub id: u64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserField {
    pub id: u64,
    pub name: String,
    pub kind: String,
    pub field_for: String,
    pub mandatory: bool,
}

/// `createCandidate`'s body (the documented, inconsistent field names).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewCandidate {
    #[serde(rename = "firstName")]
    pub first_name: String,
    #[serde(rename = "lastName")]
    pub last_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cellphone: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub workphone: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub titleskillcertification: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub narrative: String,
    #[serde(rename = "resumeSource", skip_serializing_if = "Option::is_none")]
    pub resume_source: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewCandidateNote {
    pub candidateid: u64,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recruiterid: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewContactNote {
    pub contactid: u64,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recruiterid: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLead {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub title: String,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewContactPhone {
    pub phone: String,
    pub ext: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub action: u8,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewContact {
    pub company: String,
    pub firstname: String,
    pub lastname: String,
    pub title: String,
    pub email: String,
    pub phones: Vec<NewContactPhone>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewAttachment {
    pub candidateid: u64,
    pub name: String,
    pub filename: String,
    /// base64
    pub filecontent: String,
    pub attachmenttype: u32,
    pub description: String,
}

/// `searchCandidateProfile`'s body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CandidateQuery {
    #[serde(rename = "firstName", skip_serializing_if = "String::is_empty")]
    pub first_name: String,
    #[serde(rename = "lastName", skip_serializing_if = "String::is_empty")]
    pub last_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maxreturned: Option<u32>,
}

/// `SearchContacts`' query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactQuery {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_use_jobdivas_field_names() {
        let c = NewCandidate { first_name: "A".into(), last_name: "B".into(), resume_source: Some(17), ..Default::default() };
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"firstName":"A","lastName":"B","resumeSource":17}"#);
        let q = CandidateQuery { email: "a@b.co".into(), maxreturned: Some(50), ..Default::default() };
        assert_eq!(serde_json::to_string(&q).unwrap(), r#"{"email":"a@b.co","maxreturned":50}"#);
        let l = NewLead { first_name: "G".into(), owner_id: Some(3), ..Default::default() };
        assert!(serde_json::to_string(&l).unwrap().contains(r#""firstName":"G""#));
    }

    #[test]
    fn locality() {
        let a = Address { city: "Denver".into(), state: "CO".into(), zip: "80202".into(), ..Default::default() };
        assert_eq!(a.locality(), "Denver, CO 80202");
        assert_eq!(Address::default().locality(), "");
    }
}

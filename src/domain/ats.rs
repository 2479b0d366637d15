//! JobDiva records as the tab uses them (built from JobDiva's rows in `api::jobdiva`).

use super::contact_info::Phone;

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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewCandidate {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub cellphone: String,
    pub workphone: String,
    pub titleskillcertification: String,
    pub narrative: String,
    pub resume_source: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewCandidateNote {
    pub candidateid: u64,
    pub note: String,
    pub recruiterid: Option<u64>,
    pub action: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewContactNote {
    pub contactid: u64,
    pub note: String,
    pub recruiterid: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewLead {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub title: String,
    pub note: String,
    pub owner_id: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewContactPhone {
    pub phone: String,
    pub ext: String,
    pub kind: String,
    pub action: u8,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewContact {
    pub company: String,
    pub firstname: String,
    pub lastname: String,
    pub title: String,
    pub email: String,
    pub phones: Vec<NewContactPhone>,
}

#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CandidateQuery {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
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
    fn locality() {
        let a = Address { city: "Denver".into(), state: "CO".into(), zip: "80202".into(), ..Default::default() };
        assert_eq!(a.locality(), "Denver, CO 80202");
        assert_eq!(Address::default().locality(), "");
    }
}

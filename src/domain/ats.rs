//! JobDiva records as the tab uses them (built from JobDiva's rows in `api::jobdiva`; the
//! request bodies are wire types, `api::jobdiva::wire`).

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
    pub start: Option<String>,
    pub end: Option<String>,
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

/// Links to JobDiva records in emails and in the tab (deployment settings; `{id}` is replaced).
#[derive(Clone, Debug, PartialEq)]
pub struct Links {
    pub candidate: String,
    pub contact: String,
}

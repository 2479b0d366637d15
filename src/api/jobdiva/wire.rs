//! JobDiva's wire format (docs/api/jobdiva.md): BI rows with UPPERCASE keys whose values are all
//! strings (`"Null"` for nothing), search rows with spaced keys (`"first name"`), bare scalar
//! answers to creates, and the request bodies with their documented, inconsistent field names.
//! The quirks are serde attributes; [`super`] turns rows into `domain::ats` records.

use crate::api::decode::{flag, id, opt_id, opt_text, text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST apiv2/v2/login`.
#[derive(Serialize)]
pub struct Login<'a> {
    #[serde(rename = "clientId")]
    pub client_id: i64,
    #[serde(rename = "userName")]
    pub user_name: &'a str,
    pub password: &'a str,
}

/// `{"token", "refreshtoken"}` (login, refresh).
#[derive(Deserialize)]
pub struct TokenPair {
    #[serde(default, deserialize_with = "text")]
    pub token: String,
    #[serde(default, deserialize_with = "text")]
    pub refreshtoken: String,
}

/// The BI envelope: `{"message", "data": [rows]}`; only a `message` is a soft error.
#[derive(Deserialize)]
pub struct Bi<T> {
    #[serde(default, deserialize_with = "opt_text")]
    pub message: Option<String>,
    #[serde(default = "none")]
    pub data: Option<Vec<T>>,
}

fn none<T>() -> Option<T> {
    None
}

/// A create's bare scalar id (`5000000144` or `"5000000144"`).
#[derive(Deserialize)]
pub struct BareId(#[serde(deserialize_with = "id")] pub u64);

/// `true` (or `"true"`), a create's other bare answer.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum BareFlag {
    Bool(bool),
    Text(String),
}

/// A row of `searchCandidateProfile` / `quickCandidateProfileSearch`.
#[derive(Deserialize)]
pub struct ProfileRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(rename = "first name", default, deserialize_with = "text")]
    pub first_name: String,
    #[serde(rename = "last name", default, deserialize_with = "text")]
    pub last_name: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub email: Option<String>,
    #[serde(rename = "alternate email", default, deserialize_with = "opt_text")]
    pub alternate_email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub address1: String,
    #[serde(default, deserialize_with = "text")]
    pub address2: String,
    #[serde(default, deserialize_with = "text")]
    pub city: String,
    #[serde(default, deserialize_with = "text")]
    pub state: String,
    #[serde(default, deserialize_with = "text")]
    pub zipcode: String,
    #[serde(default, deserialize_with = "text")]
    pub country: String,
    #[serde(rename = "phone 1", default, deserialize_with = "opt_text")]
    pub phone1: Option<String>,
    #[serde(rename = "phone 2", default, deserialize_with = "opt_text")]
    pub phone2: Option<String>,
    #[serde(rename = "phone 3", default, deserialize_with = "opt_text")]
    pub phone3: Option<String>,
    #[serde(rename = "phone 4", default, deserialize_with = "opt_text")]
    pub phone4: Option<String>,
}

/// A row of `SearchContacts`.
#[derive(Deserialize)]
pub struct ContactRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(rename = "first name", default, deserialize_with = "text")]
    pub first_name: String,
    #[serde(rename = "last name", default, deserialize_with = "text")]
    pub last_name: String,
    #[serde(rename = "company name", default, deserialize_with = "text")]
    pub company: String,
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub email: Option<String>,
    #[serde(rename = "alternate email", default, deserialize_with = "opt_text")]
    pub alternate_email: Option<String>,
    #[serde(rename = "phone 1", default, deserialize_with = "opt_text")]
    pub phone1: Option<String>,
    #[serde(rename = "phone 2", default, deserialize_with = "opt_text")]
    pub phone2: Option<String>,
    #[serde(rename = "phone 3", default, deserialize_with = "opt_text")]
    pub phone3: Option<String>,
    #[serde(rename = "phone 4", default, deserialize_with = "opt_text")]
    pub phone4: Option<String>,
}

/// A `CandidateDetail` row; user fields asked for by name arrive as extra columns.
#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct CandidateRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "text")]
    pub firstname: String,
    #[serde(default, deserialize_with = "text")]
    pub lastname: String,
    #[serde(default, deserialize_with = "text")]
    pub address1: String,
    #[serde(default, deserialize_with = "text")]
    pub address2: String,
    #[serde(default, deserialize_with = "text")]
    pub city: String,
    #[serde(default, deserialize_with = "text")]
    pub state: String,
    #[serde(default, deserialize_with = "text")]
    pub zipcode: String,
    #[serde(default, deserialize_with = "text")]
    pub country: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub workphone: Option<String>,
    #[serde(rename = "WORKPHONE_EXT", default, deserialize_with = "opt_text")]
    pub workphone_ext: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub homephone: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub cellphone: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub fax: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub alternateemail: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub dateupdated: Option<String>,
    /// Every other column (user fields among them).
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct SubmittalRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "opt_id")]
    pub candidateid: Option<u64>,
    #[serde(deserialize_with = "id")]
    pub jobid: u64,
    #[serde(default, deserialize_with = "opt_id")]
    pub userid: Option<u64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub submittaldate: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub startdate: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub enddate: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct JobRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "text")]
    pub jobtitle: String,
    #[serde(default, deserialize_with = "text")]
    pub jobstatus: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub companyname: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub jobdescription: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct UserRow {
    #[serde(deserialize_with = "id")]
    pub userid: u64,
    #[serde(default, deserialize_with = "text")]
    pub firstname: String,
    #[serde(default, deserialize_with = "text")]
    pub lastname: String,
    #[serde(default, deserialize_with = "text")]
    pub email: String,
    #[serde(default, deserialize_with = "flag")]
    pub activeflag: bool,
    #[serde(default, deserialize_with = "flag")]
    pub recruiterflag: bool,
    #[serde(default, deserialize_with = "flag")]
    pub salesflag: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct ResumeSourceRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "text")]
    pub name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub struct UserFieldRow {
    #[serde(deserialize_with = "id")]
    pub id: u64,
    #[serde(default, deserialize_with = "text")]
    pub fieldname: String,
    #[serde(default, deserialize_with = "text")]
    pub fieldtype: String,
    #[serde(default, deserialize_with = "text")]
    pub fieldfor: String,
    #[serde(default, deserialize_with = "flag")]
    pub mandatory: bool,
}

fn is_empty(s: &str) -> bool {
    s.is_empty()
}

/// `searchCandidateProfile`'s body; empty fields are left out (JobDiva ANDs what is given).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CandidateQuery {
    #[serde(rename = "firstName", skip_serializing_if = "is_empty")]
    pub first_name: String,
    #[serde(rename = "lastName", skip_serializing_if = "is_empty")]
    pub last_name: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maxreturned: Option<u32>,
}

/// `SearchContacts`' query (lower-case names, as documented).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContactQuery {
    #[serde(rename = "firstname", skip_serializing_if = "is_empty")]
    pub first_name: String,
    #[serde(rename = "lastname", skip_serializing_if = "is_empty")]
    pub last_name: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub company: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub phone: String,
}

/// `createCandidate`'s body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewCandidate {
    #[serde(rename = "firstName")]
    pub first_name: String,
    #[serde(rename = "lastName")]
    pub last_name: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub cellphone: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub workphone: String,
    #[serde(skip_serializing_if = "is_empty")]
    pub titleskillcertification: String,
    #[serde(skip_serializing_if = "is_empty")]
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
    /// Optional: JobDiva refuses an action type the tenant lacks.
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

/// `createLead`'s body (G: an assumption, docs/api/jobdiva.md).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewLead {
    #[serde(rename = "firstName")]
    pub first_name: String,
    #[serde(rename = "lastName")]
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub title: String,
    pub note: String,
    #[serde(rename = "ownerId", skip_serializing_if = "Option::is_none")]
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

//! Pure Rust: models and rules with no browser or network dependency.
//! Everything here is tested natively with `cargo test`.

pub mod ats;
pub mod contact_info;
pub mod context;
pub mod dedup;
pub mod jwt;
pub mod number;
pub mod program;
pub mod reference;
pub mod referral;
pub mod report_note;
pub mod status_back;
pub mod urlenc;

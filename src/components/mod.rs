//! One component per file. Components render state and raise callbacks; they never fetch.

pub mod candidate_header;
pub mod error_screen;
pub mod panel;
pub mod settings_form;
pub mod tab;

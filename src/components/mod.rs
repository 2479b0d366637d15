//! One component per file. Components render state and raise callbacks; they never fetch.

pub mod ambassador_panel;
pub mod candidate_header;
pub mod campaigns_panel;
pub mod candidate_picker;
pub mod error_screen;
pub mod format;
pub mod hooks;
pub mod invites_panel;
pub mod opt_in_item;
pub mod opt_in_list;
pub mod opt_ins_panel;
pub mod panel;
pub mod reference_row;
pub mod references_panel;
pub mod recruiters_panel;
pub mod referral_panel;
pub mod referral_program;
pub mod report_view;
pub mod request_card;
pub mod request_form;
pub mod settings_form;
pub mod status_back_panel;
pub mod status_rules;
pub mod sync_attention;
pub mod sync_panel;
pub mod tab;

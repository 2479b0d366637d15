//! Everything that crosses the tab's boundary: the host page (embedding contract) and, in
//! later modules, one client per upstream over one shared transport.

pub mod error;
pub mod host;
pub mod jobdiva;
pub mod json;
pub mod opt_ins;
pub mod refassured;
pub mod services;
pub mod staffing_referrals;
pub mod transport;

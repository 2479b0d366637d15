//! Everything that crosses the tab's boundary: the host page (embedding contract), and one
//! client per upstream (each with its serde wire types) over one transport whose network is a
//! swappable [`transport::Backend`].

#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod decode;
pub mod error;
pub mod host;
pub mod jobdiva;
pub mod refassured;
pub mod rehearsal;
#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod scripted;
pub mod services;
pub mod staffing_referrals;
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod worker;

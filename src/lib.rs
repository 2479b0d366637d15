//! The RefAssured tab for JobDiva.
//!
//! Dependencies point one way: `domain` (pure) ← `api` (host page and upstream clients) ←
//! `components` (views; no fetch) ← `app` (the root).

pub mod api;
pub mod app;
pub mod components;
pub mod domain;

//! The RefAssured tab for JobDiva.
//!
//! Dependencies point one way: `domain` (pure models and rules) ← `api` (host page, upstream
//! clients and their wire types, one transport) ← `flows` (multi-call workflows) ←
//! `components` (views; no fetch) ← `app` (the root).

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod flows;

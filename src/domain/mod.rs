//! Pure Rust: models and rules with no browser or network dependency.
//! Everything here is tested natively with `cargo test`.

pub mod context;
pub mod urlenc;

//! Scores and ratings as whole numbers. `{:.0}` would pull the standard library's float
//! formatting (~15 KB of wasm) in for this one use; rounding and an integer print need none.

/// Rounded to a whole number, halves away from zero: `87.4` → `"87"`, `4.5` → `"5"`; nothing for
/// a value that is not a number.
pub fn whole(x: f64) -> String {
    if x.is_finite() {
        (x.round() as i64).to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_round_halves_away_from_zero() {
        assert_eq!(whole(87.4), "87");
        assert_eq!(whole(4.5), "5");
        assert_eq!(whole(-2.5), "-3");
        assert_eq!(whole(5_000_000_101.0), "5000000101");
        assert_eq!(whole(f64::NAN), "");
    }
}

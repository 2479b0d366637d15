//! Numbers as text with integer arithmetic only: the standard library's float formatting is
//! ~15 KB of the wasm bundle, and scores, ratings and ids need none of it.

/// Rounded to a whole number, halves away from zero: `87.4` → `"87"`, `4.5` → `"5"`.
pub fn whole(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let r = x.round();
    // Magnitudes beyond u64 (1.8 × 10^19) saturate: no id or score is that large.
    format!("{}{}", if r < 0.0 { "-" } else { "" }, r.abs() as u64)
}

/// As JavaScript prints everyday values: `5000000101`, `4.5`, `-0.25`; up to six decimals (more
/// are rounded), whole numbers from 10^12 up as integers.
pub fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x.fract() == 0.0 || x.abs() >= 1e12 {
        return whole(x);
    }
    let millionths = (x.abs() * 1e6).round() as u64;
    let (int, mut frac) = (millionths / 1_000_000, millionths % 1_000_000);
    let sign = if x < 0.0 && millionths > 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let mut digits = 6;
    while frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    format!("{sign}{int}.{frac:0digits$}")
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

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (x, want) in [
            (5_000_000_101.0, "5000000101"),
            (4.5, "4.5"),
            (-0.25, "-0.25"),
            (0.1 + 0.2, "0.3"),
            (1.000_000_4, "1"),
            (3.05, "3.05"),
            (0.000_001, "0.000001"),
            (-0.000_000_1, "0"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1.2e19, "12000000000000000000"),
        ] {
            assert_eq!(number_text(x), want, "{x}");
        }
    }
}

//! Reading a JWT's `exp` (JobDiva tokens; "read exp rather than hard-coding").

/// The `exp` claim (seconds since 1970) of a JWT, if it has one.
pub fn expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url(payload)?;
    let text = std::str::from_utf8(&bytes).ok()?;
    // A tiny scan for `"exp":<digits>`: the payload is small and flat.
    let i = text.find("\"exp\"")?;
    let rest = text[i + 5..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn base64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exp() {
        // {"alg":"HS512"} . {"sub":"api@refassured.com","exp":1795000000} . sig
        let t = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhcGlAcmVmYXNzdXJlZC5jb20iLCJleHAiOjE3OTUwMDAwMDB9.c2ln";
        assert_eq!(expiry(t), Some(1_795_000_000));
        assert_eq!(expiry("not a jwt"), None);
        assert_eq!(expiry("a.!!!.c"), None);
        assert_eq!(expiry("a.eyJzdWIiOiJ4In0.c"), None); // {"sub":"x"}
    }
}

//! Decimal numbers read without `str::parse::<f64>`.
//!
//! Core's float parser is exact for every input, and for that it carries a table of 128-bit
//! powers of five and a big-decimal fallback: 14.7 KB of the gzipped bundle, for the few
//! numbers a learner types with a fraction (`cpu: 0.5` in a manifest, a slider's position).
//! [`parse_f64`] gives the same bits for every number of up to 15 significant digits with a
//! power of ten within ±22 (Clinger's fast path: both factors are exact doubles, so the one
//! rounding is the correct one), and an answer a few units in the last place away otherwise.

/// The decimal floating literal `[+-]?(D+(.D*)?|.D+)([eE][+-]?D+)?`: also the YAML 1.1 float
/// syntax (`yamlStyleFloat` in go-yaml's resolver), so a string passes exactly when go-yaml
/// would read it as a number.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    // The first 18 significant digits (a double holds about 17; the rest only nudge the last
    // place, which is where this reader may differ from an exact one), and the power of ten
    // they are to be scaled by.
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut digits = 0;
    let mut after_point = false;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            digits += 1;
            if mantissa < 100_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                exponent -= i64::from(after_point);
            } else {
                exponent += i64::from(!after_point);
            }
        } else if c == b'.' && !after_point {
            after_point = true;
        } else {
            break;
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Past this, the number is zero or infinite whatever the mantissa.
            e = (e * 10 + i64::from(c - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += sign * e;
    }
    if i != b.len() {
        return None;
    }
    let magnitude = scale(mantissa, exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// `mantissa × 10^exponent`, correctly rounded on the fast path.
fn scale(mantissa: u64, exponent: i64) -> f64 {
    let m = mantissa as f64;
    if mantissa == 0 {
        return 0.0;
    }
    if mantissa < 1 << 53 && exponent.abs() <= 22 {
        let p = power_of_ten(exponent.unsigned_abs());
        return if exponent < 0 { m / p } else { m * p };
    }
    // Outside the fast path: in steps whose powers are still exact, so the error stays a
    // few units in the last place (and underflow or overflow come out as 0 or infinity).
    let mut value = m;
    let mut left = exponent;
    while left != 0 {
        let step = left.clamp(-22, 22);
        let p = power_of_ten(step.unsigned_abs());
        value = if step < 0 { value / p } else { value * p };
        if value == 0.0 || value.is_infinite() {
            break;
        }
        left -= step;
    }
    value
}

/// `10^k` for `k <= 22`, exactly: every product on the way is a double.
fn power_of_ten(k: u64) -> f64 {
    (0..k).fold(1.0, |p, _| p * 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_go_yaml_reads_as_a_float() {
        for (s, v) in [
            ("0.5", 0.5),
            ("1.", 1.0),
            (".25", 0.25),
            ("+1.5", 1.5),
            ("-2", -2.0),
            ("1e3", 1000.0),
            ("2.5E-3", 0.0025),
            ("007", 7.0),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
        ] {
            assert_eq!(parse_f64(s), Some(v), "{s}");
        }
        for s in [
            "", ".", "-", "+.", "e5", "1e", "1e+", "1.2.3", "1_000", "0x10", "inf", "NaN", " 1",
            "1 ", "1,5",
        ] {
            assert_eq!(parse_f64(s), None, "{s}");
        }
    }

    /// The same bits as core's exact parser on the fast path, and nearly so elsewhere.
    #[test]
    fn agrees_with_the_exact_parser() {
        let mut rng = crate::sim::rng::Pcg32::new(11);
        for _ in 0..50_000 {
            let digits = 1 + rng.below(19) as usize;
            let mut s: String = (0..digits)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            let point = rng.below(digits as u32 + 1) as usize;
            s.insert(point, '.');
            let e = rng.below(80) as i32 - 40;
            if e != 0 {
                s += &format!("e{e}");
            }
            let exact: f64 = s.parse().expect("a valid literal");
            let ours = parse_f64(&s).expect("a valid literal");
            let significant = s
                .trim_start_matches(['0', '.'])
                .bytes()
                .filter(u8::is_ascii_digit)
                .count();
            let fraction = s.split(['.', 'e']).nth(1).map_or(0, str::len) as i32;
            if significant <= 15 && (e - fraction).abs() <= 22 {
                assert_eq!(ours.to_bits(), exact.to_bits(), "{s}");
            } else {
                assert!(
                    (ours - exact).abs() <= exact.abs() * 1e-14,
                    "{s}: {ours} vs {exact}"
                );
            }
        }
    }
}

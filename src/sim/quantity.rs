//! Resource quantities (`k8s.io/apimachinery/pkg/api/resource`), enough to fit pods on nodes:
//! `100m`, `0.5`, `2`, `128Mi`, `1Gi`, `500M`, `1e3`. Values are in thousandths of a unit
//! (millicores for CPU, millibytes for memory) so both fit one integer type.

/// Parses a quantity to thousandths of its unit; `None` if it is not a quantity.
pub fn parse(s: &str) -> Option<i128> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(split);
    if number.is_empty() || number == "+" || number == "-" {
        return None;
    }
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    let negative = int_part.starts_with('-');
    let int_digits = int_part.strip_prefix(['+', '-']).unwrap_or(int_part);
    if !int_digits.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if int_digits.is_empty() && frac_part.is_empty() {
        return None;
    }
    // Thousandths of the number as written.
    let mut milli: i128 = int_digits.parse::<i128>().unwrap_or(0).checked_mul(1000)?;
    let frac3: String = frac_part.chars().chain("000".chars()).take(3).collect();
    milli += frac3.parse::<i128>().ok()?;
    let scaled = match suffix {
        "" => milli,
        "m" => milli / 1000,
        "k" => milli.checked_mul(1_000)?,
        "M" => milli.checked_mul(1_000_000)?,
        "G" => milli.checked_mul(1_000_000_000)?,
        "T" => milli.checked_mul(1_000_000_000_000)?,
        "Ki" => milli.checked_mul(1 << 10)?,
        "Mi" => milli.checked_mul(1 << 20)?,
        "Gi" => milli.checked_mul(1 << 30)?,
        "Ti" => milli.checked_mul(1 << 40)?,
        e if e.starts_with(['e', 'E']) => {
            let exp: u32 = e[1..].parse().ok().filter(|x: &u32| *x <= 18)?;
            milli.checked_mul(10_i128.pow(exp))?
        }
        _ => return None,
    };
    Some(if negative { -scaled } else { scaled })
}

/// `Quantity.String()` of `milli` thousandths, canonical as upstream writes it: in binary
/// suffixes (`384Mi`) when `binary` (the quantity it was summed from was written so) and the
/// value is a whole number of at least 1024, else in decimal ones with the largest suffix that
/// keeps the number whole (`300m`, `2`, `1500`, `5M`).
pub fn format(milli: i128, binary: bool) -> String {
    if milli == 0 {
        return "0".into();
    }
    let sign = if milli < 0 { "-" } else { "" };
    let m = milli.unsigned_abs();
    if binary && m % 1000 == 0 && m / 1000 >= 1024 {
        let mut n = m / 1000;
        let mut suffix = 0;
        while suffix < 6 && n % 1024 == 0 {
            n /= 1024;
            suffix += 1;
        }
        return [
            sign,
            &decimal(n),
            ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][suffix],
        ]
        .concat();
    }
    let (mut n, mut suffix) = (m, 0);
    while suffix < 7 && n % 1000 == 0 {
        n /= 1000;
        suffix += 1;
    }
    [
        sign,
        &decimal(n),
        ["m", "", "k", "M", "G", "T", "P", "E"][suffix],
    ]
    .concat()
}

/// `n` in decimal digits, written out: core's `u128` formatting costs 0.4 KB of the bundle.
fn decimal(mut n: u128) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Whether a quantity is written with a binary suffix (`Ki` … `Ei`), so sums keep them.
pub fn is_binary(q: &str) -> bool {
    q.ends_with('i')
}

#[cfg(test)]
mod tests {
    use super::{format, parse};

    #[test]
    fn digits_are_cores() {
        for n in [0, 7, 10, 999, 1_000_001, u64::MAX as u128 + 3, u128::MAX] {
            assert_eq!(super::decimal(n), n.to_string());
        }
        assert_eq!(
            format(-123_456_789_012_345_678_901_234_567, false),
            "-123456789012345678901234567m"
        );
    }

    #[test]
    fn canonical_strings() {
        for (q, binary, out) in [
            ("0", false, "0"),
            ("100m", false, "100m"),
            ("0.5", false, "500m"),
            ("2", false, "2"),
            ("1500", false, "1500"),
            ("3000", false, "3k"),
            ("384Mi", true, "384Mi"),
            ("1Gi", true, "1Gi"),
            ("1536", true, "1536"),
            ("1000", true, "1k"),
            ("500M", false, "500M"),
            ("8Gi", true, "8Gi"),
        ] {
            assert_eq!(format(parse(q).unwrap(), binary), out, "{q}");
        }
    }

    #[test]
    fn quantities() {
        assert_eq!(parse("100m"), Some(100));
        assert_eq!(parse("0.5"), Some(500));
        assert_eq!(parse("2"), Some(2000));
        assert_eq!(parse("128Mi"), Some(128 * 1024 * 1024 * 1000));
        assert_eq!(parse("1Gi"), Some(1024 * 1024 * 1024 * 1000));
        assert_eq!(parse("500M"), Some(500_000_000_000));
        assert_eq!(parse("1e3"), Some(1_000_000));
        for bad in ["", "m", "1x", "abc", "1.2.3", "--1", "1e99"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}

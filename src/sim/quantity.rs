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

#[cfg(test)]
mod tests {
    use super::parse;

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

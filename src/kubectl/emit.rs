//! YAML as kubectl writes it (`-o yaml`, the editor's manifest). kubectl hands the object's
//! JSON to sigs.k8s.io/yaml, whose go-yaml v2 encoder picks each string's style and whose
//! libyaml emitter writes it:
//! - a string with a line break is a literal block (`|`, `|-`, `|+`);
//! - a string that, written plain, would read back as something else (`"1"`, `"True"`,
//!   `"2025-01-01T00:00:00Z"`, `""`) is double-quoted (`stringv`, `resolve`);
//! - otherwise it is plain where libyaml's analysis allows a plain scalar in a block, and
//!   single-quoted where it does not (`'containers with unready status: [web]'`).
//!
//! Mappings indent by two, sequences sit at their key's indent, lines are never folded
//! (go-yaml v2.4's unlimited width).

use serde_json::Value;

/// The whole document.
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    block(v, 0, &mut out);
    out
}

fn block(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                out.push_str(&pad);
                out.push_str(&key(k));
                out.push(':');
                match val {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        block(val, indent + 2, out);
                    }
                    // A sequence in a mapping is not indented under its key.
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        block(val, indent, out);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&scalar(val, indent + 2));
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    // A nested block starts after the dash; its other lines line up with it.
                    Value::Object(m) if !m.is_empty() => nested_item(item, indent, out),
                    Value::Array(a) if !a.is_empty() => nested_item(item, indent, out),
                    _ => {
                        out.push_str(&scalar(item, indent + 2));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&scalar(other, indent));
            out.push('\n');
        }
    }
}

fn nested_item(item: &Value, indent: usize, out: &mut String) {
    let mut inner = String::new();
    block(item, indent + 2, &mut inner);
    out.push_str(&inner[indent + 2..]);
}

fn scalar(v: &Value, inner: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, inner),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// The style go-yaml's `stringv` asks for and libyaml's `yaml_emitter_select_scalar_style`
/// settles on, in a block context.
fn style(s: &str) -> Style {
    // YAML 1.1's other line breaks are escaped rather than written as breaks.
    let special = s
        .chars()
        .any(|c| !printable(c) || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'));
    let trailing_space = s.ends_with(' ');
    if s.contains('\n') {
        // A space before a line break, or a character that must be escaped, rules out a
        // block; so does a trailing space.
        return if special || s.contains(" \n") || trailing_space {
            Style::Double
        } else {
            Style::Literal
        };
    }
    if special || reads_as_another_type(s) || base_60_float(s) {
        Style::Double
    } else if plain_allowed(s) {
        Style::Plain
    } else {
        Style::Single
    }
}

/// A mapping key: a simple key, so never a block.
fn key(s: &str) -> String {
    match style(s) {
        Style::Literal | Style::Double => double_quoted(s),
        Style::Plain => s.to_string(),
        Style::Single => single_quoted(s),
    }
}

/// A string value whose literal block, if it is one, is indented to `inner`.
fn string(s: &str, inner: usize) -> String {
    match style(s) {
        Style::Plain => s.to_string(),
        Style::Single => single_quoted(s),
        Style::Double => double_quoted(s),
        Style::Literal => literal(s, inner),
    }
}

/// libyaml's `is_printable`, by character: a tab, a character past the Basic Multilingual
/// Plane and the byte order mark are not.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// `yaml_emitter_analyze_scalar`'s verdict on a plain scalar in a block, for a string without
/// line breaks or characters to escape: no indicator where it would start a YAML token.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let b = s.as_bytes();
    let blank_or_end = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
    for (i, &c) in b.iter().enumerate() {
        let followed_by_blank = blank_or_end(i + 1);
        let indicator = if i == 0 {
            b"#,[]{}&*!|>'\"%@`".contains(&c)
                || (matches!(c, b'?' | b':' | b'-') && followed_by_blank)
        } else {
            (c == b':' && followed_by_blank) || (c == b'#' && b[i - 1] == b' ')
        };
        if indicator {
            return false;
        }
    }
    true
}

/// go-yaml v2's `resolveMap`: the plain scalars that are null, bools, floats or the merge key
/// by name. A list, not a `match`: compiled as one loop it is a fraction of the bundle.
const RESOLVE_MAP: &[&str] = &[
    "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
    "-.INF", "<<",
];

/// Whether go-yaml's `resolve` reads the plain scalar `s` as anything but a string: null,
/// a bool, an int, a float or a timestamp (YAML 1.1's forms, as go-yaml v2 keeps them).
fn reads_as_another_type(s: &str) -> bool {
    RESOLVE_MAP.contains(&s)
        || match s.as_bytes()[0] {
            b'.' => crate::decimal::parse_f64(s).is_some(),
            b'0'..=b'9' | b'+' | b'-' => timestamp(s) || number(&s.replace('_', "")),
            _ => false,
        }
}

/// An integer in any base `strconv.ParseInt(s, 0, 64)` reads, or a float in YAML's syntax.
fn number(plain: &str) -> bool {
    let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(plain);
    let digits_in = |prefixes: [&str; 2], digit: fn(&u8) -> bool| {
        prefixes.iter().any(|p| {
            unsigned
                .strip_prefix(p)
                .is_some_and(|d| !d.is_empty() && d.as_bytes().iter().all(digit))
        })
    };
    crate::decimal::parse_f64(plain).is_some()
        || digits_in(["0x", "0X"], u8::is_ascii_hexdigit)
        || digits_in(["0o", "0O"], |c| matches!(c, b'0'..=b'7'))
        || digits_in(["0b", "0B"], |c| matches!(c, b'0' | b'1'))
}

/// go-yaml v2's `parseTimestamp`: Go's `time.Parse` with `2006-1-2T15:4:5.999999999Z07:00`
/// (or a lower-case `t`), `2006-1-2 15:4:5.999999999` or `2006-1-2`.
fn timestamp(s: &str) -> bool {
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let Some(year) = c.number(4, 4, 9999) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let date = c.byte(b'-')
        && c.number(1, 2, 12)
            .and_then(|month| {
                let days = match month {
                    0 => 0,
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                c.byte(b'-').then(|| c.number(1, 2, days))?
            })
            .is_some_and(|day| day >= 1);
    if !date {
        return false;
    }
    let Some(&separator) = c.b.get(c.i) else {
        return true;
    };
    c.i += 1;
    let time = matches!(separator, b'T' | b't' | b' ')
        && c.number(1, 2, 23).is_some()
        && c.byte(b':')
        && c.number(1, 2, 59).is_some()
        && c.byte(b':')
        && c.number(1, 2, 59).is_some();
    if !time {
        return false;
    }
    if (c.byte(b'.') || c.byte(b',')) && c.number(1, usize::MAX, u32::MAX).is_none() {
        // Go reads a fraction only when a digit follows the point.
        return false;
    }
    let zone = &c.b[c.i..];
    if separator == b' ' {
        return zone.is_empty();
    }
    zone == b"Z"
        || matches!(zone, [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()))
}

/// Reads a timestamp's parts in order.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    /// Takes `byte` if it is next.
    fn byte(&mut self, byte: u8) -> bool {
        let next = self.b.get(self.i) == Some(&byte);
        self.i += usize::from(next);
        next
    }

    /// `min` to `max` digits (Go's `getnum`), worth at most `limit`.
    fn number(&mut self, min: usize, max: usize, limit: u32) -> Option<u32> {
        let start = self.i;
        let mut n: u32 = 0;
        while self.i - start < max && self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            n = n
                .saturating_mul(10)
                .saturating_add(u32::from(self.b[self.i] - b'0'));
            self.i += 1;
        }
        (self.i - start >= min && n <= limit).then_some(n)
    }
}

/// go-yaml v2's `isBase60Float`: `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`, a YAML 1.1
/// sexagesimal number, quoted so that a YAML 1.1 reader does not take `1:20` for 80.
fn base_60_float(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut parts = whole.split(':');
    let head = parts.next().unwrap_or("");
    let mut sixties = parts.peekable();
    sixties.peek().is_some()
        && head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        && sixties.all(|p| {
            let p = p.as_bytes();
            match p {
                [d] => d.is_ascii_digit(),
                [t, d] => matches!(t, b'0'..=b'5') && d.is_ascii_digit(),
                _ => false,
            }
        })
        && fraction.bytes().all(|c| c.is_ascii_digit() || c == b'_')
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// libyaml's `yaml_emitter_write_double_quoted_scalar`: its short escapes, else `\x`, `\u`
/// or `\U` with upper-case hex digits.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        let short = match c {
            '\0' => Some('0'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{B}' => Some('v'),
            '\u{C}' => Some('f'),
            '\r' => Some('r'),
            '\u{1B}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        if let Some(e) = short {
            out.push('\\');
            out.push(e);
        } else if printable(c) {
            out.push(c);
        } else {
            let code = u32::from(c);
            let (prefix, width) = match code {
                0..=0xFF => ('x', 2),
                0x100..=0xFFFF => ('u', 4),
                _ => ('U', 8),
            };
            out.push('\\');
            out.push(prefix);
            out.push_str(&format!("{code:0width$X}"));
        }
    }
    out.push('"');
    out
}

/// libyaml's `yaml_emitter_write_literal_scalar`: the header with its hints (an indentation
/// indicator when the text starts with a space or a break; `-` without a final break, `+`
/// with more than one), then the lines indented to `inner`.
fn literal(s: &str, inner: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s == "\n" || s.ends_with("\n\n") {
        out.push('+');
    }
    let pad = " ".repeat(inner);
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Strings quoted as kubectl quotes them (the styles seen in kubectl's own testdata:
    /// `resourceVersion: "121107"`, `status: "True"`, `creationTimestamp: "2021-06-23T17:01:10Z"`).
    #[test]
    fn strings_take_go_yamls_styles() {
        for (s, out) in [
            ("web", "web"),
            ("nginx:1.25", "nginx:1.25"),
            ("1", "\"1\""),
            ("121107", "\"121107\""),
            ("True", "\"True\""),
            ("yes", "\"yes\""),
            ("", "\"\""),
            ("~", "\"~\""),
            ("2021-06-23T17:01:10Z", "\"2021-06-23T17:01:10Z\""),
            ("2021-6-3", "\"2021-6-3\""),
            ("2021-02-30", "2021-02-30"),
            ("1.25", "\"1.25\""),
            ("1_000", "\"1_000\""),
            ("0x1F", "\"0x1F\""),
            ("0xZZ", "0xZZ"),
            (".inf", "\".inf\""),
            ("-.inf", "\"-.inf\""),
            ("inf", "inf"),
            ("NaN", "NaN"),
            ("1:20", "\"1:20\""),
            ("25%", "25%"),
            ("-5", "\"-5\""),
            ("-web", "-web"),
            ("- web", "'- web'"),
            (":web", ":web"),
            ("a: b", "'a: b'"),
            ("a:b", "a:b"),
            ("web:", "'web:'"),
            ("a #b", "'a #b'"),
            ("a#b", "a#b"),
            ("#a", "'#a'"),
            ("*a", "'*a'"),
            ("it's: x", "'it''s: x'"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("---", "'---'"),
            ("tab\there", "\"tab\\there\""),
            ("say \"hi\"", "say \"hi\""),
            ("\"hi\"", "'\"hi\"'"),
            (
                "containers with unready status: [web]",
                "'containers with unready status: [web]'",
            ),
            (
                "ReplicaSet \"web-5d9c\" is progressing.",
                "ReplicaSet \"web-5d9c\" is progressing.",
            ),
            ("héllo", "héllo"),
            ("🙂", "\"\\U0001F642\""),
        ] {
            assert_eq!(string(s, 2), out, "{s:?}");
        }
    }

    #[test]
    fn line_breaks_make_literal_blocks() {
        let v = json!({"a": {"note": "one\ntwo\n", "keep": "x\n\n", "strip": "x\ny", "indent": " x\n"}, "list": ["p\nq"]});
        assert_eq!(
            yaml(&v),
            "a:\n  indent: |2\n     x\n  keep: |+\n    x\n\n  note: |\n    one\n    two\n  strip: |-\n    x\n    y\nlist:\n- |-\n  p\n  q\n"
        );
        // A space before a break cannot be kept in a block.
        assert_eq!(string("a \nb", 2), "\"a \\nb\"");
    }

    #[test]
    fn nesting_follows_kubectl() {
        let v = json!({
            "metadata": {"labels": {"app": "web"}, "resourceVersion": "7"},
            "spec": {"containers": [{"name": "web", "ports": [{"containerPort": 80}]}], "args": [["a"], []]},
            "empty": {}, "none": []
        });
        assert_eq!(
            yaml(&v),
            "empty: {}\nmetadata:\n  labels:\n    app: web\n  resourceVersion: \"7\"\nnone: []\nspec:\n  args:\n  - - a\n  - []\n  containers:\n  - name: web\n    ports:\n    - containerPort: 80\n"
        );
    }

    /// What is written reads back as the same value.
    #[test]
    fn what_is_written_reads_back() {
        let mut rng = crate::sim::rng::Pcg32::new(5);
        let alphabet: Vec<char> =
            " -:#'\"\\,[]{}?|>&*!%@`~.0123456789eExabTYn\n\t_+é\u{1}\u{85}🙂\u{2028}"
                .chars()
                .collect();
        for _ in 0..3000 {
            let len = rng.below(9) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u32) as usize])
                .collect();
            let v = json!({ "k": s, "l": [s] });
            let back = crate::kubectl::yaml::parse_documents(&yaml(&v));
            assert_eq!(
                back.as_ref().ok().and_then(|d| d.first()),
                Some(&v),
                "{s:?}\n{}",
                yaml(&v)
            );
        }
    }
}

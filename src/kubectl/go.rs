//! Go's ways of writing values, for the words kubectl and the API server print: `%v`, `%#v`
//! and `encoding/json` of a decoded JSON value, and `strconv.Quote` (`%q`) of a string.

use serde_json::Value;

/// Go's ways of writing a decoded JSON value.
#[derive(Clone, Copy, PartialEq)]
pub enum Go {
    /// `%v`: strings as they are, `map[k:v ...]`, `[a b]`, `<nil>`.
    Value,
    /// `%#v`: `map[string]interface {}{"k":v, ...}`, `[]interface {}{...}`.
    Syntax,
    /// `encoding/json`'s `Marshal`: compact, `<`, `>` and `&` escaped.
    Json,
}

/// Writes `v` into `out` as Go would (`go`).
pub fn write_go(v: &Value, go: Go, out: &mut String) {
    let (open, colon, comma, close) = match (go, v) {
        (Go::Value, Value::Object(_)) => ("map[", ":", " ", "]"),
        (Go::Value, _) => ("[", "", " ", "]"),
        (Go::Syntax, Value::Object(_)) => ("map[string]interface {}{", ":", ", ", "}"),
        (Go::Syntax, _) => ("[]interface {}{", "", ", ", "}"),
        (Go::Json, Value::Object(_)) => ("{", ":", ",", "}"),
        (Go::Json, _) => ("[", "", ",", "]"),
    };
    match v {
        Value::Null => out.push_str(match go {
            Go::Value => "<nil>",
            Go::Syntax => "interface {}(nil)",
            Go::Json => "null",
        }),
        Value::String(s) if go == Go::Value => out.push_str(s),
        Value::String(s) => quote(s, go, out),
        Value::Object(m) => {
            out.push_str(open);
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                if go == Go::Value {
                    out.push_str(k);
                } else {
                    quote(k, go, out);
                }
                out.push_str(colon);
                write_go(v, go, out);
            }
            out.push_str(close);
        }
        Value::Array(a) => {
            out.push_str(open);
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                write_go(v, go, out);
            }
            out.push_str(close);
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
    }
}

/// A string quoted as Go's `strconv.Quote` (`Go::Syntax`) or `encoding/json` quotes it.
pub fn quote(s: &str, go: Go, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            '\x08' => "\\b",
            '\x0c' => "\\f",
            '\x07' if go == Go::Syntax => "\\a",
            '\x0b' if go == Go::Syntax => "\\v",
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if go == Go::Json => "",
            c if (c as u32) < 0x20 || (c == '\x7f' && go == Go::Syntax) => "",
            c => {
                out.push(c);
                continue;
            }
        };
        if escape.is_empty() {
            let hex = if go == Go::Json { "\\u" } else { "\\x" };
            let width = if go == Go::Json { 4 } else { 2 };
            out.push_str(&format!("{hex}{:0width$x}", c as u32));
        } else {
            out.push_str(escape);
        }
    }
    out.push('"');
}

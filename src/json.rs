//! JSON text as `serde_json::to_string` writes it (compact; quotes, backslashes and control
//! characters escaped, nothing else), from a value. The bundle then carries one serialisation
//! of each type, into `serde_json::Value` (which `kubectl get -o json|yaml` needs), and not a
//! second one into text (nor, with `object`, the serialiser `json!` uses): 6.2 KB of the
//! gzipped bundle less.

use serde_json::Value;

/// A JSON object of these fields, made by inserting them one by one; each value is moved out
/// of the slice (a slice, not an array or an iterator, keeps one copy of this function in the
/// bundle). `serde_json::json!` turns each value into a `Value` through
/// `to_value(..).unwrap()`, which brings `serde_json::Error`'s Debug and a serialiser of
/// `Value` into the bundle; collecting the fields would sort them first.
pub fn object(fields: &mut [(&str, Value)]) -> Value {
    let mut map = serde_json::Map::new();
    for (k, v) in fields {
        map.insert(k.to_string(), std::mem::take(v));
    }
    Value::Object(map)
}

/// A value's JSON text, keys in order.
pub fn text(value: &Value) -> String {
    text_ordered(value, &[])
}

/// A value's JSON text with the keys of objects in a given order, by the key they stand under
/// ("" for the value itself): what `to_string` writes of a struct, whose fields come in the
/// order they are declared, from the value made of it (whose keys are sorted).
pub fn text_ordered(value: &Value, orders: Orders<'_>) -> String {
    let mut out = String::new();
    write(value, "", orders, &mut out);
    out
}

/// A value's JSON text indented as kubectl indents it (four spaces, `"key": value`), as
/// `serde_json`'s `PrettyFormatter` writes it: empty maps and lists stay `{}` and `[]`.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(value, 0, &mut out);
    out
}

fn write_pretty(v: &Value, depth: usize, out: &mut String) {
    let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match v {
        Value::Object(m) if !m.is_empty() => {
            ('{', '}', m.iter().map(|(k, v)| (Some(k), v)).collect())
        }
        Value::Array(a) if !a.is_empty() => ('[', ']', a.iter().map(|v| (None, v)).collect()),
        _ => return write(v, "", &[], out),
    };
    out.push(open);
    for (i, (key, item)) in items.into_iter().enumerate() {
        out.push_str(if i > 0 { ",\n" } else { "\n" });
        push_indent(depth + 1, out);
        if let Some(k) = key {
            write_string(k, out);
            out.push_str(": ");
        }
        write_pretty(item, depth + 1, out);
    }
    out.push('\n');
    push_indent(depth, out);
    out.push(close);
}

fn push_indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

/// Orders of keys, by the key their object stands under.
pub type Orders<'a> = &'a [(&'a str, &'a [&'a str])];

/// Writes `v`, found under `key`: an object's keys in the order `orders` gives for `key`
/// (any it does not name after them, in key order).
fn write(v: &Value, key: &str, orders: Orders<'_>, out: &mut String) {
    match v {
        Value::Object(m) => {
            let order = orders
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(&[][..], |(_, o)| *o);
            let named = order.iter().filter_map(|k| m.get_key_value(*k));
            let rest = m.iter().filter(|(k, _)| !order.contains(&k.as_str()));
            out.push('{');
            for (i, (k, v)) in named.chain(rest).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write(v, k, orders, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, key, orders, out);
            }
            out.push(']');
        }
        Value::String(s) => write_string(s, out),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

/// A JSON string as `serde_json` escapes it: quotes, backslashes and control characters only.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

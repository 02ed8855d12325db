//! A YAML reader for Kubernetes manifests, into `serde_json::Value` (as `sigs.k8s.io/yaml`
//! converts YAML to JSON before decoding). It covers what manifests use: block mappings and
//! sequences (indented or not under their key), flow `[...]` / `{...}`, plain, quoted and block
//! (`|`, `>`) scalars, comments and `---` documents, with go-yaml v2's scalar resolution
//! (`yes`/`on` are booleans). Errors read like go-yaml's: `yaml: line 5: ...`.
//!
//! Written here instead of pulling a YAML crate: the two vetted ones add ~57 KB gzip to the
//! wasm bundle, this adds a few.

use serde_json::{Map, Number, Value};

/// A YAML syntax error at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// The line the problem is on (what an editor marks).
    pub line: usize,
    pub message: String,
    pub stage: Stage,
}

/// Which part of go-yaml finds a problem decides the line number it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The scanner (characters): the line itself, but none on the first line.
    Scanner,
    /// The parser (tokens): go-yaml prints the token's 0-based line, so one less, and none
    /// when that is 0.
    Parser,
    /// Printed as found.
    AsIs,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let printed = match self.stage {
            Stage::Scanner if self.line <= 1 => 0,
            Stage::Parser => self.line.saturating_sub(1),
            _ => self.line,
        };
        if printed == 0 {
            write!(f, "yaml: {}", self.message)
        } else {
            write!(f, "yaml: line {printed}: {}", self.message)
        }
    }
}

fn fail<T>(line: usize, message: &str) -> Result<T, YamlError> {
    fail_in(Stage::AsIs, line, message)
}

/// A scanner error (see [`Stage`]).
fn scan_fail<T>(line: usize, message: &str) -> Result<T, YamlError> {
    fail_in(Stage::Scanner, line, message)
}

/// A parser error (see [`Stage`]).
fn parse_fail<T>(line: usize, message: &str) -> Result<T, YamlError> {
    fail_in(Stage::Parser, line, message)
}

fn fail_in<T>(stage: Stage, line: usize, message: &str) -> Result<T, YamlError> {
    Err(YamlError {
        line,
        message: message.to_string(),
        stage,
    })
}

#[derive(Debug)]
struct Line<'a> {
    /// 1-based number in the source.
    number: usize,
    indent: usize,
    /// Content after the indentation, comment removed, right-trimmed.
    text: &'a str,
    /// The raw line (for block scalars, which keep `#` and spacing).
    raw: &'a str,
}

/// Where a comment starts: `#` at the start or after white space, outside quotes.
fn strip_comment(s: &str) -> &str {
    let (mut single, mut double, mut prev_space) = (false, false, true);
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if double => escaped = !escaped,
            '"' if !single && !escaped => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && prev_space => return &s[..i],
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
        prev_space = c == ' ' || c == '\t';
    }
    s
}

/// Parses every document of a YAML stream. Empty documents are skipped, as kubectl does.
pub fn parse_documents(source: &str) -> Result<Vec<Value>, YamlError> {
    let mut docs = Vec::new();
    let mut current: Vec<Line<'_>> = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let number = i + 1;
        let trimmed_end = raw.trim_end();
        if trimmed_end == "---" || trimmed_end.starts_with("--- ") || trimmed_end == "..." {
            docs.push(std::mem::take(&mut current));
            if let Some(rest) = trimmed_end.strip_prefix("--- ") {
                if !strip_comment(rest).trim().is_empty() {
                    current.push(Line {
                        number,
                        indent: 4,
                        text: strip_comment(rest).trim(),
                        raw: rest,
                    });
                }
            }
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let after = &raw[indent..];
        if after.starts_with('\t') && !strip_comment(after).trim().is_empty() {
            return scan_fail(number, "found character that cannot start any token");
        }
        if after.starts_with('%') && current.is_empty() {
            continue; // directives (%YAML 1.2)
        }
        let text = strip_comment(after).trim_end();
        current.push(Line {
            number,
            indent,
            text,
            raw,
        });
    }
    docs.push(current);
    let mut out = Vec::new();
    for lines in docs {
        if lines.iter().all(|l| l.text.is_empty()) {
            continue;
        }
        let mut parser = Parser { lines, pos: 0 };
        parser.skip_blank();
        let indent = parser.lines[parser.pos].indent;
        let value = parser.block(indent).map_err(|mut e| {
            // An unclosed quote runs to the end of the stream, where go-yaml reports it.
            if e.message == "found unexpected end of stream" {
                e.line = source.lines().count() + usize::from(source.ends_with('\n'));
            }
            e
        })?;
        parser.skip_blank();
        if let Some(extra) = parser.lines.get(parser.pos) {
            return parse_fail(extra.number, "did not find expected <document start>");
        }
        out.push(value);
    }
    Ok(out)
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.text.is_empty()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<&Line<'a>> {
        self.skip_blank();
        self.lines.get(self.pos)
    }

    /// A block node whose first line is at `indent`.
    fn block(&mut self, indent: usize) -> Result<Value, YamlError> {
        let Some(line) = self.peek() else {
            return Ok(Value::Null);
        };
        if line.text == "-" || line.text.starts_with("- ") {
            self.sequence(indent, false)
        } else if split_key(line.text).is_some() {
            self.mapping(indent)
        } else {
            let (number, text) = (line.number, line.text);
            self.pos += 1;
            let value = self.scalar_with_continuation(text, number, indent)?;
            Ok(value)
        }
    }

    /// A plain or quoted scalar that may continue on more-indented lines (folded with spaces).
    fn scalar_with_continuation(
        &mut self,
        first: &str,
        number: usize,
        indent: usize,
    ) -> Result<Value, YamlError> {
        let plain = !first.starts_with(['"', '\'', '[', '{']);
        if plain && (first.contains(": ") || first.ends_with(':')) {
            return scan_fail(number, "mapping values are not allowed in this context");
        }
        let mut text = first.to_string();
        while let Some(next) = self.lines.get(self.pos) {
            if next.text.is_empty() || next.indent <= indent && self.pos > 0 {
                break;
            }
            if split_key(next.text).is_some() || next.text.starts_with("- ") {
                return scan_fail(
                    next.number,
                    "mapping values are not allowed in this context",
                );
            }
            text.push(' ');
            text.push_str(next.text.trim());
            self.pos += 1;
        }
        inline_value(&text, number)
    }

    /// A block sequence at `indent`; `indentless` when its dashes sit at its key's column
    /// (`key:` then `- item` below it, not indented), which a key at that column ends.
    fn sequence(&mut self, indent: usize, indentless: bool) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            let (number, text, line_indent) = (line.number, line.text, line.indent);
            if line_indent > indent {
                // A line between the item's column and the dash's: go-yaml's parser, inside
                // the key's mapping (indentless) or the sequence, finds no key / no dash.
                let wanted = if indentless {
                    "did not find expected key"
                } else {
                    "did not find expected '-' indicator"
                };
                return parse_fail(number, wanted);
            }
            if !(text == "-" || text.starts_with("- ")) {
                if indentless && split_key(text).is_some() {
                    break; // an indentless sequence under a key ends at the next key
                }
                return parse_fail(number, "did not find expected '-' indicator");
            }
            let rest = text[1..].trim_start();
            self.pos += 1;
            if rest.is_empty() {
                let child = self.peek().map(|l| (l.indent, l.number));
                match child {
                    Some((ci, _)) if ci > indent => items.push(self.block(ci)?),
                    _ => items.push(Value::Null),
                }
                continue;
            }
            // `- key: value` starts a mapping whose keys sit at the column after "- ".
            let item_indent = line_indent + (text.len() - rest.len());
            if rest.starts_with("- ") || rest == "-" {
                self.pos -= 1;
                self.lines[self.pos].indent = item_indent;
                self.lines[self.pos].text = rest;
                items.push(self.sequence(item_indent, false)?);
                continue;
            }
            if split_key(rest).is_some() {
                self.pos -= 1;
                self.lines[self.pos].indent = item_indent;
                self.lines[self.pos].text = rest;
                items.push(self.mapping(item_indent)?);
                continue;
            }
            items.push(self.value_after_indicator(rest, number, indent)?);
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            let (number, text, line_indent) = (line.number, line.text, line.indent);
            if line_indent > indent {
                // Back from a deeper block to a column no mapping has.
                return parse_fail(number, "did not find expected key");
            }
            if text == "-" || text.starts_with("- ") {
                return parse_fail(number, "did not find expected key");
            }
            let Some((key, rest)) = split_key(text) else {
                return scan_fail(number + 1, "could not find expected ':'");
            };
            let key = match inline_value(key, number)? {
                Value::String(s) => s,
                other => crate::json::text(&other),
            };
            self.pos += 1;
            let value = if rest.is_empty() {
                match self.peek().map(|l| (l.indent, l.text)) {
                    Some((ci, _)) if ci > indent => self.block(ci)?,
                    Some((ci, t)) if ci == indent && (t == "-" || t.starts_with("- ")) => {
                        self.sequence(ci, true)?
                    }
                    _ => Value::Null,
                }
            } else {
                self.value_after_indicator(rest, number, indent)?
            };
            if map.insert(key.clone(), value).is_some() {
                return fail(number, &format!("key {key:?} already set in map"));
            }
        }
        Ok(Value::Object(map))
    }

    /// The value written after `key:` or `- ` on the same line: a block scalar header, a flow
    /// collection, or a scalar (which may continue on deeper lines).
    fn value_after_indicator(
        &mut self,
        rest: &str,
        number: usize,
        indent: usize,
    ) -> Result<Value, YamlError> {
        if let Some(header) = rest.strip_prefix('|').or_else(|| rest.strip_prefix('>')) {
            let folded = rest.starts_with('>');
            return Ok(Value::String(self.block_scalar(
                header.trim(),
                folded,
                indent,
                number,
            )?));
        }
        self.scalar_with_continuation(rest, number, indent)
    }

    fn block_scalar(
        &mut self,
        header: &str,
        folded: bool,
        parent: usize,
        number: usize,
    ) -> Result<String, YamlError> {
        let chomp = if header.contains('-') {
            '-'
        } else if header.contains('+') {
            '+'
        } else {
            ' '
        };
        if header.chars().any(|c| !matches!(c, '-' | '+' | '1'..='9')) {
            return scan_fail(number, "did not find expected comment or line break");
        }
        let mut body: Vec<&str> = Vec::new();
        // An indentation indicator fixes the content's indent (a first line that starts
        // with a space needs one); without it, the first non-blank line sets it.
        let mut block_indent = header
            .bytes()
            .find(u8::is_ascii_digit)
            .map(|d| parent + usize::from(d - b'0'));
        while let Some(line) = self.lines.get(self.pos) {
            let raw = line.raw;
            let blank = raw.trim().is_empty();
            let ind = raw.len() - raw.trim_start_matches(' ').len();
            if !blank && ind <= parent {
                break;
            }
            if !blank && block_indent.is_none() {
                block_indent = Some(ind);
            }
            if let Some(bi) = block_indent {
                if !blank && ind < bi {
                    return parse_fail(line.number, "did not find expected key");
                }
                body.push(if blank { "" } else { &raw[bi..] });
            } else {
                body.push("");
            }
            self.pos += 1;
        }
        let trailing = body.iter().rev().take_while(|l| l.is_empty()).count();
        let content = &body[..body.len() - trailing];
        let mut text = if folded {
            let mut out = String::new();
            for (i, l) in content.iter().enumerate() {
                if i > 0 {
                    out.push(
                        if l.is_empty() || content[i - 1].is_empty() || l.starts_with(' ') {
                            '\n'
                        } else {
                            ' '
                        },
                    );
                }
                out.push_str(l);
            }
            out
        } else {
            content.join("\n")
        };
        match chomp {
            '-' => {}
            '+' => {
                if !content.is_empty() {
                    text.push('\n');
                }
                text.push_str(&"\n".repeat(trailing));
            }
            _ => {
                if !content.is_empty() {
                    text.push('\n');
                }
            }
        }
        Ok(text)
    }
}

/// Splits `key: value` at the first `: ` (or trailing `:`) outside quotes and brackets.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let (mut i, mut depth) = (0, 0i32);
    if matches!(bytes.first(), Some(b'"') | Some(b'\'')) {
        let q = bytes[0];
        i = 1;
        while i < bytes.len() {
            if bytes[i] == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if bytes[i] == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
    } else if matches!(bytes.first(), Some(b'[') | Some(b'{')) {
        return None;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            b':' if depth == 0 && (i + 1 == bytes.len() || bytes[i + 1] == b' ') => {
                return Some((text[..i].trim_end(), text[i + 1..].trim()));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A value written on one line: flow collection, quoted or plain scalar.
fn inline_value(text: &str, line: usize) -> Result<Value, YamlError> {
    let text = text.trim();
    if text.starts_with('[') || text.starts_with('{') {
        let mut flow = Flow {
            s: text.as_bytes(),
            i: 0,
            line,
        };
        let v = flow.value()?;
        flow.ws();
        if flow.i != flow.s.len() {
            return fail(line, "did not find expected <document start>");
        }
        return Ok(v);
    }
    if text.starts_with('"') || text.starts_with('\'') {
        let (s, used) = quoted(text.as_bytes(), line)?;
        if text[used..].trim().is_empty() {
            return Ok(Value::String(s));
        }
        return parse_fail(line, "did not find expected key");
    }
    if text.starts_with('&') || text.starts_with('*') || text.starts_with('!') {
        return fail(
            line,
            "anchors, aliases and tags are not supported by Rollout Lab",
        );
    }
    if text.starts_with('@') || text.starts_with('`') {
        return scan_fail(line, "found character that cannot start any token");
    }
    Ok(resolve_plain(text))
}

/// go-yaml v2's resolution of a plain scalar.
fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return Value::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return Value::Bool(false)
        }
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && !digits.starts_with('_')
    {
        if let Ok(n) = s.replace('_', "").parse::<i64>() {
            return Value::Number(n.into());
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::Number(n.into());
        }
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Some(n) = crate::decimal::parse_f64(s).and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(s.to_string())
}

/// A quoted scalar at the start of `s`; returns it and the bytes used.
fn quoted(s: &[u8], line: usize) -> Result<(String, usize), YamlError> {
    let q = s[0];
    let mut out = Vec::new();
    let mut i = 1;
    while i < s.len() {
        let c = s[i];
        if c == q {
            if q == b'\'' && s.get(i + 1) == Some(&b'\'') {
                out.push(b'\'');
                i += 2;
                continue;
            }
            return String::from_utf8(out)
                .map(|t| (t, i + 1))
                .or_else(|_| fail(line, "invalid UTF-8 in quoted scalar"));
        }
        if c == b'\\' && q == b'"' {
            let Some(&e) = s.get(i + 1) else { break };
            i += 2;
            let ch = match e {
                b'n' => '\n',
                b't' | b'\t' => '\t',
                b'r' => '\r',
                b'0' => '\0',
                b'a' => '\u{7}',
                b'b' => '\u{8}',
                b'v' => '\u{B}',
                b'f' => '\u{C}',
                b'e' => '\u{1B}',
                b'N' => '\u{85}',
                b'_' => '\u{A0}',
                b'L' => '\u{2028}',
                b'P' => '\u{2029}',
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b' ' => ' ',
                b'u' | b'x' | b'U' => {
                    let n = match e {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let hex = s.get(i..i + n).and_then(|h| std::str::from_utf8(h).ok());
                    let code = hex
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32);
                    let Some(code) = code else {
                        return scan_fail(
                            line,
                            "found unknown escape character while parsing a quoted scalar",
                        );
                    };
                    i += n;
                    code
                }
                _ => {
                    return scan_fail(
                        line,
                        "found unknown escape character while parsing a quoted scalar",
                    )
                }
            };
            let mut buf = [0; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        out.push(c);
        i += 1;
    }
    scan_fail(line, "found unexpected end of stream")
}

struct Flow<'s> {
    s: &'s [u8],
    i: usize,
    line: usize,
}

impl Flow<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, YamlError> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return fail(self.line, "did not find expected ',' or ']'"),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut map = Map::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(map));
                    }
                    let key = match self.value()? {
                        Value::String(s) => s,
                        other => crate::json::text(&other),
                    };
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return fail(self.line, "did not find expected ',' or '}'");
                    }
                    self.i += 1;
                    let v = self.value()?;
                    map.insert(key, v);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return fail(self.line, "did not find expected ',' or '}'"),
                    }
                }
            }
            Some(b'"') | Some(b'\'') => {
                let (s, used) = quoted(&self.s[self.i..], self.line)?;
                self.i += used;
                Ok(Value::String(s))
            }
            Some(_) => {
                let start = self.i;
                while let Some(&c) = self.s.get(self.i) {
                    if matches!(c, b',' | b']' | b'}')
                        || (c == b':' && self.s.get(self.i + 1).is_none_or(|n| *n == b' '))
                    {
                        break;
                    }
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i])
                    .unwrap_or("")
                    .trim();
                Ok(resolve_plain(text))
            }
            None => fail(self.line, "did not find expected node content"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Keys that are not strings become their JSON text, as go-yaml's keys do in kubectl.
    #[test]
    fn keys_that_are_not_strings_read_as_their_text() {
        let docs = parse_documents("1: a\ntrue: b\n~: c\n1.5: d\nx: {2: e, null: f}\n").unwrap();
        assert_eq!(
            docs[0],
            json!({"1": "a", "true": "b", "null": "c", "1.5": "d", "x": {"2": "e", "null": "f"}})
        );
    }

    #[test]
    fn reads_a_deployment_manifest() {
        let src = r#"
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  annotations:
    kubernetes.io/change-cause: "image: nginx:1.26 # not a comment"
spec:
  replicas: 3
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        args: [--port, "80"]
        ports:
          - containerPort: 80
        readinessProbe:
          httpGet: {path: /, port: 80}
        command:
        - sh
        - -c
        - |
          echo hello
          exec nginx
"#;
        let docs = parse_documents(src).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d["metadata"]["name"], json!("web"));
        assert_eq!(
            d["metadata"]["annotations"]["kubernetes.io/change-cause"],
            json!("image: nginx:1.26 # not a comment")
        );
        assert_eq!(d["spec"]["replicas"], json!(3));
        assert_eq!(
            d["spec"]["strategy"]["rollingUpdate"],
            json!({"maxSurge": "25%", "maxUnavailable": 0})
        );
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], json!("nginx:1.25"));
        assert_eq!(c["args"], json!(["--port", "80"]));
        assert_eq!(c["ports"], json!([{"containerPort": 80}]));
        assert_eq!(
            c["command"],
            json!(["sh", "-c", "echo hello\nexec nginx\n"])
        );
    }

    #[test]
    fn several_documents_and_scalars() {
        let docs =
            parse_documents("a: 1\n---\nb: yes\nc: '1.0'\nd: ~\ne: 0x1F\nf: 1.5\n---\n# empty\n")
                .unwrap();
        assert_eq!(
            docs,
            vec![
                json!({"a": 1}),
                json!({"b": true, "c": "1.0", "d": null, "e": 31, "f": 1.5})
            ]
        );
        assert_eq!(
            parse_documents("s: \"tab\\there \\u00e9\"\nt: 'it''s'\n").unwrap()[0],
            json!({"s": "tab\there é", "t": "it's"})
        );
        assert_eq!(
            parse_documents("- a\n- - b\n  - c\n").unwrap()[0],
            json!(["a", ["b", "c"]])
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_documents("a: 1\n\tb: 2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "yaml: line 2: found character that cannot start any token"
        );
        let e = parse_documents("a:\n  b: 1\n   c: 2\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse_documents("a: [1, 2\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse_documents("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.to_string(), "yaml: line 2: key \"a\" already set in map");
        assert!(parse_documents("a: \"open\n").is_err());
    }

    /// Messages and line numbers as kubectl 1.32 (go-yaml v2) prints them for the same input.
    #[test]
    fn errors_read_as_kubectl_prints_them() {
        for (text, want) in [
            ("a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key"),
            ("a:\n    b: 1\n  c: 2\n", "yaml: line 2: did not find expected key"),
            ("a: [1, 2\nb: 3\n", "yaml: line 1: did not find expected ',' or ']'"),
            ("a: {x: 1\n", "yaml: line 1: did not find expected ',' or '}'"),
            ("a: \"unterminated\nb: 1\n", "yaml: line 3: found unexpected end of stream"),
            ("a:\n\t- x\n", "yaml: line 2: found character that cannot start any token"),
            ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
            ("a: b:\n", "yaml: mapping values are not allowed in this context"),
            ("x: 1\na: b: c\n", "yaml: line 2: mapping values are not allowed in this context"),
            ("a:\n  - x\n  y: 1\n", "yaml: line 2: did not find expected '-' indicator"),
            ("key: value\nkey2\n", "yaml: line 3: could not find expected ':'"),
            ("a: 'x\n", "yaml: line 2: found unexpected end of stream"),
            ("a: |x\n  t\n", "yaml: did not find expected comment or line break"),
            ("- a\nb: 1\n", "yaml: line 1: did not find expected '-' indicator"),
            ("a:\n  - x\n - y\n", "yaml: line 2: did not find expected key"),
            (
                "spec:\n  template:\n    spec:\n      containers:\n      - name: web\n       image: x\n",
                "yaml: line 5: did not find expected key",
            ),
        ] {
            let got = parse_documents(text).map(|_| ()).unwrap_err().to_string();
            assert_eq!(got, want, "for {text:?}");
        }
        assert_eq!(
            parse_documents("a: \"hello\n  world\"\n").unwrap()[0],
            json!({"a": "hello world"})
        );
    }
}

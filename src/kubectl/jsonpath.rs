//! kubectl's JSONPath: the templates of `kubectl get -o jsonpath=...` and the columns of
//! `-o custom-columns=...`, over an object's JSON.
//!
//! The language and its corners are client-go's (`util/jsonpath`), checked against kubectl
//! 1.32: text with actions in braces; an action is a path (`.a.b`, `['a.b']`, `[0]`, `[-1]`,
//! `[1:3]`, `[*]`, `[0,2]`, `..name`, `.*`, `[?(@.type=="Ready")]`), a quoted string, a
//! number, or `range` / `end` around a block. kubectl lets keys be missing (they give
//! nothing), but an index out of range is an error. The results of one action print
//! separated by spaces; maps and lists print as JSON.
//!
//! Written for the bundle's size: the parser reads bytes (every character the syntax gives a
//! meaning to is ASCII, and any other is part of a name), and Go's three ways of writing a
//! value (`%v`, `%#v`, `encoding/json`) are one function.

use super::go::{quote, write_go, Go};
use serde_json::Value;

/// One step of an action, applied to every value the steps before it gave.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// A quoted string (or the text between actions): itself, once.
    Text(String),
    Field(String),
    /// `.*`: every value of a map, item of a list, byte of a string.
    Wildcard,
    /// `[start:end:step]`; a lone index `[i]` is `[i:i+1]` with `derived` set, so that
    /// `[-1]` means the last item.
    Slice {
        parts: [Option<i64>; 3],
        derived: bool,
    },
    /// `[a,b]`: each alternative's results, one after another.
    Union(Vec<Vec<Step>>),
    /// `[?(left op right)]`, or `[?(left)]` (`op` empty: the item has it).
    Filter(Vec<Step>, String, Vec<Step>),
    /// `..`: each value that holds anything and, depth first, what it holds.
    Recursive,
    /// A number or `true` / `false`: itself, once per value.
    Literal(Value),
    /// `range`, `end`, or any other word (an error when run).
    Word(String),
}

/// A parsed template: its text pieces and actions in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    nodes: Vec<Vec<Step>>,
}

/// An error, in client-go's words (`unclosed action`, ...).
type Failed<T> = Result<T, String>;

impl Template {
    pub fn parse(text: &str) -> Failed<Template> {
        let mut nodes = Vec::new();
        let mut p = Parser { s: text, at: 0 };
        while p.at < text.len() {
            let open = text[p.at..].find('{').map_or(text.len(), |i| p.at + i);
            if open > p.at {
                nodes.push(vec![Step::Text(text[p.at..open].to_string())]);
            }
            if open < text.len() {
                p.at = open + 1;
                nodes.push(p.action()?);
            } else {
                p.at = open;
            }
        }
        Ok(Template { nodes })
    }

    /// The results of each action (and text) for `data`, as `JSONPath.FindResults`.
    pub fn results(&self, data: &Value) -> Failed<Vec<Vec<Value>>> {
        let mut run = Run {
            nodes: &self.nodes,
            begin: 0,
            within: 0,
            end: 0,
            last_end: 0,
        };
        run.find(data, 0)
    }

    /// What `kubectl get -o jsonpath=` prints for `data` (`PrintResults` of each action):
    /// with `as_json` (`jsonpath-as-json`), each action's results as an indented JSON list.
    pub fn print(&self, data: &Value, as_json: bool) -> Failed<String> {
        let mut out = String::new();
        for results in self.results(data)? {
            if as_json {
                out += &crate::json::pretty(&Value::Array(results));
                out.push('\n');
                continue;
            }
            for (i, v) in results.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let go = if let Value::String(_) | Value::Bool(_) | Value::Number(_) = v {
                    Go::Value
                } else {
                    Go::Json
                };
                write_go(v, go, &mut out);
            }
        }
        Ok(out)
    }
}

/// Reads one action, from just after its `{` to just after its `}`.
struct Parser<'a> {
    s: &'a str,
    at: usize,
}

/// What ends a field name or a word (`isTerminator`).
const TERMINATORS: &[u8] = b" \t\r\n.,[]$@{}";

impl Parser<'_> {
    /// The byte at `at`, 0 past the end.
    fn peek(&self) -> u8 {
        self.s.as_bytes().get(self.at).copied().unwrap_or(0)
    }

    fn starts(&self, prefix: &str) -> bool {
        self.s[self.at..].starts_with(prefix)
    }

    fn action(&mut self) -> Failed<Vec<Step>> {
        let mut steps = Vec::new();
        loop {
            if self.starts("}") {
                self.at += 1;
                return Ok(steps);
            }
            if self.starts("[?(") {
                self.at += 3;
                let filter = self.filter()?;
                steps.push(filter);
                continue;
            }
            if self.starts("..") {
                if steps.last() == Some(&Step::Recursive) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.at += 2;
                steps.push(Step::Recursive);
                if word_start(self.peek()) {
                    steps.push(self.field());
                }
                continue;
            }
            let start = self.at;
            let c = self.peek();
            self.at += 1;
            match c {
                0 | b'\r' | b'\n' => return Err("unclosed action".into()),
                b' ' | b'@' | b'$' => {}
                b'[' => {
                    let step = self.bracket()?;
                    steps.push(step);
                }
                b'"' | b'\'' => {
                    let text = self.quoted(c, start)?;
                    steps.push(Step::Text(text));
                }
                b'.' => steps.push(self.field()),
                b'+' | b'-' | b'0'..=b'9' => {
                    self.at = start;
                    let number = self.number()?;
                    steps.push(number);
                }
                c if word_start(c) => {
                    self.at = start;
                    let word = self.word().to_string();
                    steps.push(match word.as_str() {
                        "true" | "false" => Step::Literal(Value::Bool(word == "true")),
                        _ => Step::Word(word),
                    });
                }
                _ => {
                    let c = self.s[start..].chars().next().unwrap_or_default();
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} '{c}'",
                        c as u32
                    ));
                }
            }
        }
    }

    /// Up to the next terminator that no backslash escapes.
    fn word(&mut self) -> &str {
        let start = self.at;
        loop {
            let c = self.peek();
            if c == 0 || TERMINATORS.contains(&c) {
                break;
            }
            self.at += if c == b'\\' && self.at + 1 < self.s.len() {
                2
            } else {
                1
            };
        }
        // A backslash before a multi-byte character stepped into it: on to its end.
        while !self.s.is_char_boundary(self.at) {
            self.at += 1;
        }
        &self.s[start..self.at]
    }

    fn field(&mut self) -> Step {
        match self.word() {
            "*" => Step::Wildcard,
            name => Step::Field(name.replace('\\', "")),
        }
    }

    fn number(&mut self) -> Failed<Step> {
        let start = self.at;
        if matches!(self.peek(), b'+' | b'-') {
            self.at += 1;
        }
        while matches!(self.peek(), b'.' | b'0'..=b'9') {
            self.at += 1;
        }
        let text = &self.s[start..self.at];
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Step::Literal(n.into()));
        }
        match crate::decimal::parse_f64(text).and_then(serde_json::Number::from_f64) {
            Some(n) => Ok(Step::Literal(Value::Number(n))),
            None => Err(format!("cannot parse number {text}")),
        }
    }

    /// The text of a quoted string whose opening quote is at `start`, unquoted.
    fn quoted(&mut self, quote: u8, start: usize) -> Failed<String> {
        loop {
            let c = self.peek();
            self.at += 1;
            if c == 0 || c == b'\n' {
                return Err("unterminated quoted string".into());
            }
            if c == quote && self.s.as_bytes()[self.at - 2] != b'\\' {
                break;
            }
        }
        let text = &self.s[start..self.at];
        unquote(text).ok_or_else(|| format!("unquote string {text} error invalid syntax"))
    }

    /// `[...]`, its `[` read: a union, a `'key'`, or an index or slice.
    fn bracket(&mut self) -> Failed<Step> {
        let start = self.at;
        while !matches!(self.peek(), 0 | b'\n' | b']') {
            self.at += 1;
        }
        if self.peek() != b']' {
            return Err("unterminated array".into());
        }
        let text = &self.s[start..self.at];
        self.at += 1;
        if text.contains(',') {
            let mut union = Vec::new();
            for part in text.split(',') {
                union.push(action(&["[", part.trim_matches(' '), "]"].concat())?);
            }
            return Ok(Step::Union(union));
        }
        let key = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\''));
        if let Some(key) = key.filter(|k| !k.contains('\'')) {
            return Ok(Step::Union(vec![action(&[".", key].concat())?]));
        }
        slice(if text == "*" { ":" } else { text })
    }

    /// `[?(...)]`, its `[?(` read: `left op right`, or `left` alone (the item has it).
    fn filter(&mut self) -> Failed<Step> {
        let start = self.at;
        let (mut quote, mut closed) = (0, false);
        loop {
            let c = self.peek();
            self.at += 1;
            match c {
                0 | b'\n' => return Err("unterminated filter".into()),
                b'"' | b'\'' if quote == 0 => quote = c,
                b'"' | b'\'' if c == quote && self.s.as_bytes()[self.at - 2] != b'\\' => {
                    closed = true
                }
                b')' if (quote != 0) == closed => break,
                _ => {}
            }
        }
        if self.peek() != b']' {
            return Err("unclosed array expect ]".into());
        }
        self.at += 1;
        let text = &self.s[start..self.at - 2];
        // `^([^!<>=]+)([!<>=~]+)(.+?)$`
        let op = |c: u8| b"!<>=~".contains(&c);
        let bytes = text.as_bytes();
        let left_end = bytes.iter().position(|&c| op(c)).unwrap_or(bytes.len());
        let mut op_end = left_end;
        while op_end < bytes.len() && op(bytes[op_end]) {
            op_end += 1;
        }
        // The right side takes at least one character, if need be from the operator.
        if op_end == bytes.len() && op_end - left_end > 1 {
            op_end -= 1;
        }
        if left_end == 0 || op_end == left_end || op_end == bytes.len() {
            return Ok(Step::Filter(action(text)?, String::new(), Vec::new()));
        }
        Ok(Step::Filter(
            action(&text[..left_end])?,
            text[left_end..op_end].to_string(),
            action(&text[op_end..])?,
        ))
    }
}

/// What starts a word (`isAlphaNumeric`): letters, digits, `_`, and any non-ASCII byte.
fn word_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80
}

/// The steps of `text` read as one action (`parseAction`).
fn action(text: &str) -> Failed<Vec<Step>> {
    let text = [text, "}"].concat();
    Parser { s: &text, at: 0 }.action()
}

/// `[start:end:step]` (`sliceOperatorRex`): up to three parts, each `-?digits`, any empty.
fn slice(text: &str) -> Failed<Step> {
    let mut parts = [None; 3];
    let mut count = 0;
    for piece in text.split(':') {
        let digits = piece.strip_prefix('-').unwrap_or(piece);
        if count == 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("invalid array index {text}"));
        }
        if !piece.is_empty() {
            let n = piece
                .parse()
                .map_err(|_| format!("array index {piece} is not a number"))?;
            parts[count] = Some(n);
        }
        count += 1;
    }
    let derived = count == 1;
    if derived {
        parts[1] = Some(parts[0].unwrap_or(0) + 1);
    }
    Ok(Step::Slice { parts, derived })
}

/// Go's `strconv.Unquote`, for single quotes too (`UnquoteExtend`).
fn unquote(text: &str) -> Option<String> {
    let quote = text.chars().next()?;
    let inner = text.get(1..text.len() - 1)?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == quote {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        out.push(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '\\' | '"' | '\'' => e,
            _ if digits > 0 => {
                let hex: String = chars.by_ref().take(digits).collect();
                let code = u32::from_str_radix(&hex, 16).ok()?;
                char::from_u32(code).filter(|_| hex.len() == digits)?
            }
            _ => return None,
        });
    }
    Some(out)
}

/// One run of a template: client-go's range bookkeeping (`beginRange`, `inRange`,
/// `endRange`, `lastEndNode`), kept as it is so that even a `range` without its `end` does
/// what kubectl does (runs the rest of the template again after the loop).
struct Run<'t> {
    nodes: &'t [Vec<Step>],
    begin: usize,
    within: usize,
    end: usize,
    /// The position of the last `end` met, plus one (0: none yet).
    last_end: usize,
}

impl Run<'_> {
    fn find(&mut self, data: &Value, from: usize) -> Failed<Vec<Vec<Value>>> {
        let mut full = Vec::new();
        let mut i = from;
        while i < self.nodes.len() {
            let results = self.list(vec![data.clone()], &self.nodes[i])?;
            if self.end > 0 && self.end <= self.within {
                self.end -= 1;
                self.last_end = i + 1;
                break;
            }
            if self.begin > 0 {
                self.begin -= 1;
                self.within += 1;
                if results.is_empty() {
                    self.find(&Value::Null, i + 1)?;
                }
                for v in &results {
                    full.extend(self.find(v, i + 1)?);
                }
                self.within -= 1;
                // On after the `end` this range met, if it met one.
                if self.last_end > i + 1 {
                    i = self.last_end - 1;
                }
            } else {
                full.push(results);
            }
            i += 1;
        }
        Ok(full)
    }

    fn list(&mut self, mut values: Vec<Value>, steps: &[Step]) -> Failed<Vec<Value>> {
        for step in steps {
            values = self.step(values, step)?;
        }
        Ok(values)
    }

    fn step(&mut self, input: Vec<Value>, step: &Step) -> Failed<Vec<Value>> {
        let mut out = Vec::new();
        match step {
            Step::Text(t) => out.push(Value::String(t.clone())),
            Step::Literal(v) => out = vec![v.clone(); input.len()],
            Step::Word(w) if w == "range" => {
                self.begin += 1;
                out = input;
            }
            Step::Word(w) if w == "end" && self.within > 0 => self.end += 1,
            Step::Word(w) if w == "end" => return Err("not in range, nothing to end".into()),
            Step::Word(w) => return Err(format!("unrecognized identifier {w}")),
            Step::Union(alternatives) => {
                for steps in alternatives {
                    out.extend(self.list(input.clone(), steps)?);
                }
            }
            _ => {
                for v in input {
                    self.each(v, step, &mut out)?;
                }
            }
        }
        Ok(out)
    }

    /// A step that goes value by value.
    fn each(&mut self, v: Value, step: &Step, out: &mut Vec<Value>) -> Failed<()> {
        match (step, v) {
            (Step::Field(name), Value::Object(mut m)) => out.extend(m.remove(name)),
            (Step::Wildcard, v) => out.extend(within(v)),
            (Step::Recursive, v) => descend(v, out),
            (Step::Slice { .. }, Value::Null) => {}
            (Step::Slice { parts, derived }, Value::Array(items)) => {
                slice_of(items, *parts, *derived, out)?
            }
            (Step::Slice { .. }, v) => {
                return Err(format!("{} is not array or slice", go_type(&v)));
            }
            (Step::Filter(left, op, right), Value::Array(items)) => {
                for item in items {
                    if self.passes(&item, left, op, right)? {
                        out.push(item);
                    }
                }
            }
            (Step::Filter(..), v) => {
                let mut text = String::new();
                write_go(&v, Go::Value, &mut text);
                return Err(text + " is not array or slice and cannot be filtered");
            }
            _ => {}
        }
        Ok(())
    }

    fn passes(&mut self, item: &Value, left: &[Step], op: &str, right: &[Step]) -> Failed<bool> {
        let lefts = self.list(vec![item.clone()], left);
        if op.is_empty() {
            return Ok(lefts.is_ok_and(|l| !l.is_empty()));
        }
        let (mut lefts, mut rights) = (lefts?, self.list(vec![item.clone()], right)?);
        if lefts.len() > 1 || rights.len() > 1 {
            return Err("can only compare one element at a time".into());
        }
        match (lefts.pop(), rights.pop()) {
            (Some(l), Some(r)) => compare(&l, op, &r),
            _ => Ok(false),
        }
    }
}

/// What a wildcard finds in a value.
fn within(v: Value) -> Vec<Value> {
    match v {
        Value::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
        Value::Array(a) => a,
        Value::String(s) => s.bytes().map(Value::from).collect(),
        _ => Vec::new(),
    }
}

/// `evalRecursive`: a value that holds anything, then what it holds, depth first.
fn descend(v: Value, out: &mut Vec<Value>) {
    let inner = within(v.clone());
    if !inner.is_empty() {
        out.push(v);
        for i in inner {
            descend(i, out);
        }
    }
}

/// `evalArray` for one list.
fn slice_of(
    items: Vec<Value>,
    [start, end, step]: [Option<i64>; 3],
    derived: bool,
    out: &mut Vec<Value>,
) -> Failed<()> {
    let len = items.len() as i64;
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start += len;
    }
    let mut end = end.unwrap_or(len);
    if end < 0 || (end == 0 && derived) {
        end += len;
    }
    if start == end {
        return Ok(());
    }
    let out_of_bounds =
        |index: i64| format!("array index out of bounds: index {index}, length {len}");
    if start >= len || start < 0 {
        return Err(out_of_bounds(start));
    }
    if end > len || end < 0 {
        return Err(out_of_bounds(end - 1));
    }
    if start > end {
        return Err(format!(
            "starting index {start} is greater than ending index {end}"
        ));
    }
    let step = step.unwrap_or(1);
    if step <= 0 {
        return Err("step must be > 0".into());
    }
    let mut i = start;
    let mut items = items;
    items.truncate(end as usize);
    for (k, v) in items.into_iter().enumerate() {
        if k as i64 == i {
            out.push(v);
            i += step;
        }
    }
    Ok(())
}

/// A filter's comparison, as Go's templates compare (`template.Equal`, `Less`, ...): numbers
/// with numbers of the same kind, strings with strings, booleans only for (in)equality.
fn compare(l: &Value, op: &str, r: &Value) -> Failed<bool> {
    use std::cmp::Ordering;
    let kind = |v: &Value| match v {
        Value::Bool(_) => 1,
        Value::Number(n) if n.is_f64() => 2,
        Value::Number(_) => 3,
        Value::String(_) => 4,
        _ => 0,
    };
    let (kl, kr) = (kind(l), kind(r));
    if kl == 0 || kr == 0 || (kl == 1 && !matches!(op, "==" | "!=")) {
        return Err("invalid type for comparison".into());
    }
    if kl != kr {
        return Err("incompatible types for comparison".into());
    }
    let order = match (l, r) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => match (l.as_i64(), r.as_i64()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => {
                let (a, b) = (l.as_f64().unwrap_or(0.0), r.as_f64().unwrap_or(0.0));
                a.partial_cmp(&b).unwrap_or(Ordering::Equal)
            }
        },
    };
    let pass = match op {
        "==" => order.is_eq(),
        "!=" => order.is_ne(),
        "<" => order.is_lt(),
        ">" => order.is_gt(),
        "<=" => order.is_le(),
        ">=" => order.is_ge(),
        _ => return Err(format!("unrecognized filter operator {op}")),
    };
    Ok(pass)
}

/// The Go type a JSON value decodes to, as client-go names it in errors.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "map[string]interface {}",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        _ => "int64",
    }
}

/// kubectl's message for a template that failed on `data` (`JSONPathPrinter.PrintObj`).
pub fn execution_error(template: &str, error: &str, data: &Value) -> String {
    let mut out = String::from("error: error executing jsonpath ");
    quote(template, Go::Syntax, &mut out);
    out += ": Error executing template: ";
    out += error;
    out += ". Printing more information for debugging the template:\n\ttemplate was:\n\t\t";
    out += template;
    out += "\n\tobject given to jsonpath engine was:\n\t\t";
    write_go(data, Go::Syntax, &mut out);
    out + "\n\n"
}

/// `-o custom-columns=SPEC` (`NewCustomColumnsPrinterFromSpec`, `printOneObject`): the
/// header line (unless `headers` is false), then a line for each object, cells separated by
/// tabs. A cell is each of the column path's values (Go's `%v`) joined by commas, or
/// `<none>`; each path is relaxed (`RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{.a.b}` and
/// `{a.b}` alike).
pub fn custom_columns(spec: &str, headers: bool, objects: &[Value]) -> Failed<String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    let mut columns = Vec::new();
    let mut text = String::new();
    for (i, part) in spec.split(',').enumerate() {
        let Some((header, path)) = part.split_once(':') else {
            return Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            ));
        };
        let inner = path.strip_prefix('{').and_then(|p| p.strip_suffix('}'));
        let inner = inner.unwrap_or(path);
        let inner = match inner.strip_prefix('.') {
            Some(rest) if !rest.is_empty() => rest,
            _ => inner,
        };
        let template = if path.is_empty() {
            String::new()
        } else if inner.is_empty() || inner.contains('{') || inner.contains('}') {
            return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
        } else {
            ["{.", inner, "}"].concat()
        };
        columns.push(Template::parse(&template)?);
        if headers {
            if i > 0 {
                text.push('\t');
            }
            text += header;
        }
    }
    if headers {
        text.push('\n');
    }
    for object in objects {
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            let results = column.results(object)?;
            if results.first().is_none_or(Vec::is_empty) {
                text += "<none>";
            }
            for (k, v) in results.iter().flatten().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                write_go(v, Go::Value, &mut text);
            }
        }
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment() -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"creationTimestamp": null, "labels": {"app": "web"}, "name": "web"},
            "spec": {
                "replicas": 3,
                "template": {"spec": {"containers": [
                    {"image": "nginx:1.25", "name": "nginx"},
                    {"image": "busybox", "name": "side"}
                ]}}
            },
            "status": {"conditions": [
                {"type": "Available", "status": "True"},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}
            ]}
        })
    }

    fn print(template: &str) -> Result<String, String> {
        Template::parse(template)?.print(&deployment(), false)
    }

    /// Each of these was run through kubectl 1.32 (`create deployment --dry-run=client -o
    /// jsonpath=...`, on the same object but for the second container and the status).
    #[test]
    fn prints_what_kubectl_prints() {
        for (template, want) in [
            ("{.spec.replicas}", "3"),
            ("{.metadata.creationTimestamp}", "null"),
            ("{.metadata.labels}", r#"{"app":"web"}"#),
            ("{.metadata.labels.*}", "web"),
            ("{.kind} {.apiVersion}", "Deployment apps/v1"),
            ("{.kind}{.apiVersion}", "Deploymentapps/v1"),
            ("{ .kind }", "Deployment"),
            ("{$.kind}", "Deployment"),
            ("{@.kind}", "Deployment"),
            ("{3}", "3"),
            ("{true}", "true"),
            ("x{\"\\t\"}y", "x\ty"),
            ("{.x.y}", ""),
            ("{.spec.replicas.x}", ""),
            (
                "{.spec.template.spec.containers[*].image}",
                "nginx:1.25 busybox",
            ),
            ("{.spec.template.spec.containers[-1:].name}", "side"),
            ("{.spec.template.spec.containers[-1].name}", "side"),
            ("{.spec.template.spec.containers[1:1]}", ""),
            ("{.spec.template.spec.containers[0,0].name}", "nginx nginx"),
            (
                "{.spec.template.spec.containers[0]['name','image']}",
                "nginx nginx:1.25",
            ),
            ("{.metadata.labels['app']}", "web"),
            (
                "{.spec.template.spec.containers[?(@.name==\"side\")].image}",
                "busybox",
            ),
            (
                "{.spec.template.spec.containers[?(@.name!='x')].name}",
                "nginx side",
            ),
            (
                "{.spec.template.spec.containers[?(@.name)].name}",
                "nginx side",
            ),
            ("{.spec.template.spec.containers[?(@.nam)].name}", ""),
            (
                "{.status.conditions[?(@.type==\"Available\")].status}",
                "True",
            ),
            ("{..image}", "nginx:1.25 busybox"),
            (
                "{range .spec.template.spec.containers[*]}{.name}={.image}{\"\\n\"}{end}",
                "nginx=nginx:1.25\nside=busybox\n",
            ),
            // A range without its end runs the rest once more, on the whole object.
            (
                "{range .spec.template.spec.containers[*]}{.name}|",
                "nginx|side||",
            ),
            (
                "{.kind}{\"<&>\"}{.metadata}",
                r#"Deployment<&>{"creationTimestamp":null,"labels":{"app":"web"},"name":"web"}"#,
            ),
        ] {
            assert_eq!(print(template).as_deref(), Ok(want), "{template}");
        }
    }

    #[test]
    fn fails_as_kubectl_fails() {
        for (template, want) in [
            ("{.a", "unclosed action"),
            ("{.kind[0:2]}", "string is not array or slice"),
            ("{.kind[*]}", "string is not array or slice"),
            ("{.spec.replicas[0]}", "int64 is not array or slice"),
            ("{[0]}", "map[string]interface {} is not array or slice"),
            (
                "{.spec.template.spec.containers[0:3]}",
                "array index out of bounds: index 2, length 2",
            ),
            (
                "{.spec.template.spec.containers[5]}",
                "array index out of bounds: index 5, length 2",
            ),
            (
                "{.spec.template.spec.containers[?(@.name==3)].image}",
                "incompatible types for comparison",
            ),
            ("{metadata.name}", "unrecognized identifier metadata"),
            ("{end}", "not in range, nothing to end"),
            (
                "{.spec.template.spec.containers[*]['name\"]}",
                "invalid array index 'name\"",
            ),
            (
                "{.spec.template.spec.containers[*].name,image}",
                "unrecognized character in action: U+002C ','",
            ),
            (
                "{.metadata[?(@.x)]}",
                "map[creationTimestamp:<nil> labels:map[app:web] name:web] is not array or slice and cannot be filtered",
            ),
        ] {
            assert_eq!(print(template), Err(want.to_string()), "{template}");
        }
    }

    #[test]
    fn as_json_lists_each_action() {
        let t = Template::parse("{.kind}{.metadata.labels}").unwrap();
        assert_eq!(
            t.print(&deployment(), true).unwrap(),
            "[\n    \"Deployment\"\n]\n[\n    {\n        \"app\": \"web\"\n    }\n]\n"
        );
    }

    #[test]
    fn the_object_in_an_error_reads_as_go_writes_it() {
        let data = json!({"a": [1, "x\"y", null], "b": {}});
        assert_eq!(
            execution_error("{.a[5]}", "boom", &data),
            "error: error executing jsonpath \"{.a[5]}\": Error executing template: boom. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.a[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"a\":[]interface {}{1, \"x\\\"y\", interface {}(nil)}, \"b\":map[string]interface {}{}}\n\n"
        );
    }

    #[test]
    fn custom_columns_relax_their_paths() {
        let data = [deployment()];
        for p in [".kind", "kind", "{.kind}", "{kind}"] {
            let spec = [
                "KIND:",
                p,
                ",N:.spec.replicas,C:.spec.template.spec.containers[*].name,X:.x",
            ]
            .concat();
            assert_eq!(
                custom_columns(&spec, true, &data).as_deref(),
                Ok("KIND\tN\tC\tX\nDeployment\t3\tnginx,side\t<none>\n"),
                "{p}"
            );
        }
        assert!(custom_columns("A:{a}{b}", true, &data).is_err());
        assert_eq!(
            custom_columns("A", true, &data),
            Err("unexpected custom-columns spec: A, expected <header>:<json-path-expr>".into())
        );
        assert_eq!(
            custom_columns("L:.metadata.labels", false, &data).as_deref(),
            Ok("map[app:web]\n")
        );
    }

    #[test]
    fn no_template_text_panics() {
        let data = deployment();
        let pieces = [
            "{", "}", "[", "]", "?(", ")", "@", ".", "..", "*", "'", "\"", ",", ":", "-1", "==",
            "<", "range", "end", "\\", "\n", "é", "name", "0",
        ];
        let mut seed = 7u64;
        for _ in 0..20_000 {
            let mut t = String::new();
            let mut next = || {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as usize
            };
            for _ in 0..next() % 12 {
                t += pieces[next() % pieces.len()];
            }
            if let Ok(tpl) = Template::parse(&t) {
                let _ = tpl.print(&data, false);
            }
        }
    }
}

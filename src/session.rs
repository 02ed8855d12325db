//! A learner's session: seed + named starting scenario + the command lines they ran, each at a
//! virtual time. It has one text form, the headless runner's script (`sim seed 7`,
//! `sim wait 30s`, `kubectl ...`), so a shared link, a saved session and a teacher's script are
//! the same thing. The URL fragment carries that script base64url-encoded.
//!
//! A command can carry a here-document, as in a shell: `kubectl apply -f - <<EOF`, the YAML,
//! then `EOF` alone on a line. That is how YAML typed in the browser becomes part of a session.

use crate::sim::time::Duration;

/// The default seed, so a plain visit is reproducible too.
pub const DEFAULT_SEED: u64 = 1;

/// The longest a session runs, in virtual time. A day holds many rollouts; without a bound a
/// link saying `sim wait 10000h` would have the page compute for minutes and fill its memory.
pub const MAX_SESSION: Duration = Duration::minutes(24 * 60);

/// One command the learner ran (a `kubectl ...` or `sim ...` line), at a virtual offset from
/// the start of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: Duration,
    /// The command, without its here-document operator.
    pub line: String,
    /// What the command reads as its standard input (`-f -`), every line ending in `\n`.
    pub stdin: Option<String>,
}

/// A command line and its here-document, read from `kubectl apply -f - <<EOF` + body + `EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub line: String,
    pub stdin: Option<String>,
}

impl Command {
    /// Reads one command from text: a single line, or a line ending in `<<WORD` followed by
    /// the here-document and `WORD` alone on a line. Nothing may follow the delimiter.
    pub fn parse(text: &str) -> Result<Command, String> {
        let mut lines = text.lines().enumerate();
        let (_, first) = lines.next().ok_or("an empty command")?;
        let command = read_command(first.trim(), 1, &mut lines)?;
        if let Some((i, extra)) = lines.find(|(_, l)| !l.trim().is_empty()) {
            return Err(format!(
                "line {}: one command at a time, found more after it: {extra:?}",
                i + 1
            ));
        }
        Ok(command)
    }

    /// The text `parse` reads back: the line, and the here-document if there is one.
    pub fn to_text(&self) -> String {
        let Some(stdin) = &self.stdin else {
            return self.line.clone();
        };
        let mut delimiter = "EOF".to_string();
        for n in 1.. {
            if !stdin.lines().any(|l| l == delimiter) {
                break;
            }
            delimiter = format!("EOF{n}");
        }
        format!("{} <<{delimiter}\n{stdin}{delimiter}", self.line)
    }
}

/// `text` with Unix line ends and a final newline, as a here-document holds it.
pub fn heredoc_body(text: &str) -> String {
    let mut body: String = text.lines().flat_map(|l| [l, "\n"]).collect();
    if body.is_empty() {
        body.push('\n');
    }
    body
}

/// The delimiter of a `<<WORD` / `<<'WORD'` / `<<-WORD` at the end of a line, and the line
/// before it.
fn heredoc_operator(line: &str) -> Option<(&str, &str)> {
    let at = line.rfind(" <<")?;
    let (command, op) = (line[..at].trim_end(), &line[at + 3..]);
    let word = op.trim().trim_start_matches('-').trim();
    let word = word
        .strip_prefix('\'')
        .and_then(|w| w.strip_suffix('\''))
        .or_else(|| word.strip_prefix('"').and_then(|w| w.strip_suffix('"')))
        .unwrap_or(word);
    let valid = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (valid && !command.is_empty()).then_some((command, word))
}

/// One command whose first line is `first` (line `number`), reading its here-document, if
/// it has one, from `rest`.
fn read_command<'a>(
    first: &str,
    number: usize,
    rest: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<Command, String> {
    let Some((line, delimiter)) = heredoc_operator(first) else {
        return Ok(Command {
            line: first.to_string(),
            stdin: None,
        });
    };
    let mut body = String::new();
    for (_, raw) in rest.by_ref() {
        if raw.trim_end_matches('\r') == delimiter {
            return Ok(Command {
                line: line.to_string(),
                stdin: Some(body),
            });
        }
        body += raw.trim_end_matches('\r');
        body.push('\n');
    }
    Err(format!(
        "line {number}: here-document at line {number} delimited by end-of-file (wanted `{delimiter}')"
    ))
}

/// The commands of a script, in order, skipping blank lines and `#` comments: each with the
/// text it was read from (its line, and its here-document) or why it could not be read.
pub fn script_commands(script: &str) -> Vec<(String, Result<Command, String>)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = script.lines().collect();
    let mut rest = lines.iter().copied().enumerate().peekable();
    while let Some((i, raw)) = rest.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let command = read_command(line, i + 1, &mut rest);
        let end = rest.peek().map_or(lines.len(), |(j, _)| *j);
        out.push((lines[i..end].join("\n").trim().to_string(), command));
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub seed: u64,
    pub scenario: String,
    pub entries: Vec<Entry>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            seed: DEFAULT_SEED,
            scenario: "default".into(),
            entries: Vec::new(),
        }
    }
}

impl Session {
    /// The runner script for this session. `sim wait` lines carry the time between commands.
    pub fn to_script(&self) -> String {
        let mut out = format!(
            "# Rollout Lab session\nsim seed {}\nsim scenario {}\n",
            self.seed, self.scenario
        );
        let mut now = Duration::ZERO;
        for e in &self.entries {
            if e.at > now {
                out += &format!("sim wait {}\n", Duration(e.at.0 - now.0));
                now = e.at;
            }
            let command = Command {
                line: e.line.clone(),
                stdin: e.stdin.clone(),
            };
            out += &command.to_text();
            out.push('\n');
        }
        out
    }

    /// Reads a script back. Lines other than `sim seed`, `sim scenario` and `sim wait` become
    /// entries at the time the waits have reached, with their here-documents.
    pub fn from_script(script: &str) -> Result<Session, String> {
        let mut session = Session::default();
        let mut now = Duration::ZERO;
        let mut lines = script.lines().enumerate();
        while let Some((i, raw)) = lines.next() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["sim", "seed", n] => {
                    session.seed = n.parse().map_err(|_| {
                        format!("line {}: sim seed wants a number, got {n:?}", i + 1)
                    })?
                }
                ["sim", "scenario", name] => session.scenario = (*name).to_string(),
                ["sim", "wait", d] => {
                    let d = Duration::parse(d).map_err(|e| format!("line {}: {e}", i + 1))?;
                    if d < Duration::ZERO {
                        return Err(format!(
                            "line {}: sim wait needs a positive duration",
                            i + 1
                        ));
                    }
                    now = now + d;
                    if now > MAX_SESSION {
                        return Err(format!(
                            "line {}: a session lasts at most {MAX_SESSION}",
                            i + 1
                        ));
                    }
                }
                _ => {
                    let c = read_command(line, i + 1, &mut lines)?;
                    session.entries.push(Entry {
                        at: now,
                        line: c.line,
                        stdin: c.stdin,
                    })
                }
            }
        }
        Ok(session)
    }

    /// `s=<base64url script>`, for `location.hash`.
    pub fn to_fragment(&self) -> String {
        format!("s={}", base64url_encode(self.to_script().as_bytes()))
    }

    /// The inverse of `to_fragment` (with or without the leading `#`).
    pub fn from_fragment(fragment: &str) -> Result<Session, String> {
        let payload = fragment
            .trim_start_matches('#')
            .split('&')
            .find_map(|kv| kv.strip_prefix("s="))
            .ok_or("the link holds no session")?;
        let bytes = base64url_decode(payload).ok_or("the link's session is damaged")?;
        let script =
            String::from_utf8(bytes).map_err(|_| "the link's session is damaged".to_string())?;
        Session::from_script(&script)
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url without padding.
pub fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(
                base64url_decode(&base64url_encode(&data)).as_deref(),
                Some(&data[..]),
                "{len}"
            );
        }
        assert_eq!(base64url_encode(b"hello?"), "aGVsbG8_");
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("a*bc"), None);
    }

    #[test]
    fn a_session_survives_script_and_link() {
        let s = Session {
            seed: 42,
            scenario: "default".into(),
            entries: vec![
                Entry {
                    at: Duration::seconds(5),
                    line: "kubectl set image deployment/web nginx=nginx:1.26".into(),
                    stdin: None,
                },
                Entry {
                    at: Duration::seconds(5),
                    line: "kubectl rollout pause deployment/web".into(),
                    stdin: None,
                },
                Entry {
                    at: Duration::seconds(95),
                    line: "kubectl rollout undo deployment/web".into(),
                    stdin: None,
                },
            ],
        };
        let script = s.to_script();
        assert!(
            script.contains("sim wait 5s\nkubectl set image"),
            "{script}"
        );
        assert!(
            script.contains("sim wait 1m30s\nkubectl rollout undo"),
            "{script}"
        );
        assert_eq!(Session::from_script(&script), Ok(s.clone()));
        assert_eq!(
            Session::from_fragment(&format!("#{}", s.to_fragment())),
            Ok(s)
        );
    }

    #[test]
    fn a_script_may_not_wait_backwards_or_past_a_day() {
        let script = |waits: &str| format!("sim seed 1\n{waits}kubectl get pods\n");
        let ok = Session::from_script(&script("sim wait 23h\nsim wait 59m\nsim wait 60s\n"))
            .expect("exactly a day");
        assert_eq!(ok.entries[0].at, MAX_SESSION);
        assert_eq!(
            Session::from_script(&script("sim wait 23h\nsim wait 61m\n")),
            Err("line 3: a session lasts at most 24h0m0s".to_string())
        );
        assert_eq!(
            Session::from_script(&script("sim wait 10000000h\n")),
            Err("line 2: a session lasts at most 24h0m0s".to_string())
        );
        assert_eq!(
            Session::from_script(&script("sim wait 1m\nsim wait -30\n")),
            Err("line 3: sim wait needs a positive duration".to_string())
        );
    }

    #[test]
    fn damaged_links_are_refused_not_panicked_on() {
        assert!(Session::from_fragment("#nothing").is_err());
        assert!(Session::from_fragment("#s=@@@").is_err());
        assert!(
            Session::from_fragment(&format!("#s={}", base64url_encode(b"sim seed x"))).is_err()
        );
        assert!(
            Session::from_fragment(&format!("#s={}", base64url_encode(&[0xff, 0xfe]))).is_err()
        );
    }

    const YAML: &str =
        "apiVersion: apps/v1\nkind: Deployment\n# a comment, kept\n\nmetadata:\n  name: web\n";

    #[test]
    fn a_here_document_survives_script_and_link() {
        let s = Session {
            seed: 7,
            scenario: "default".into(),
            entries: vec![
                Entry {
                    at: Duration::seconds(3),
                    line: "kubectl apply -f -".into(),
                    stdin: Some(YAML.into()),
                },
                Entry {
                    at: Duration::seconds(9),
                    line: "kubectl apply -f -".into(),
                    stdin: Some("EOF\nEOF1\n".into()),
                },
                Entry {
                    at: Duration::seconds(9),
                    line: "kubectl get pods".into(),
                    stdin: None,
                },
            ],
        };
        let script = s.to_script();
        assert!(
            script.contains(&format!(
                "sim wait 3s\nkubectl apply -f - <<EOF\n{YAML}EOF\n"
            )),
            "{script}"
        );
        assert!(
            script.contains("<<EOF2\nEOF\nEOF1\nEOF2\n"),
            "a delimiter that is not in the text: {script}"
        );
        assert_eq!(Session::from_script(&script), Ok(s.clone()));
        assert_eq!(
            Session::from_fragment(&format!("#{}", s.to_fragment())),
            Ok(s)
        );
    }

    #[test]
    fn a_command_reads_its_here_document() {
        assert_eq!(
            Command::parse("kubectl apply -f - <<'END'\na: 1\n  b\nEND\n"),
            Ok(Command {
                line: "kubectl apply -f -".into(),
                stdin: Some("a: 1\n  b\n".into()),
            })
        );
        assert_eq!(
            Command::parse("  kubectl get pods  "),
            Ok(Command {
                line: "kubectl get pods".into(),
                stdin: None,
            })
        );
        let c = Command {
            line: "kubectl apply -f -".into(),
            stdin: Some(heredoc_body("x: 1\r\ny: 2")),
        };
        assert_eq!(c.stdin.as_deref(), Some("x: 1\ny: 2\n"));
        assert_eq!(Command::parse(&c.to_text()), Ok(c));
        assert!(
            Command::parse("kubectl annotate deploy/web a=x<<y").is_ok_and(|c| c.stdin.is_none())
        );
    }

    #[test]
    fn damaged_here_documents_are_refused_not_panicked_on() {
        assert_eq!(
            Session::from_script("sim seed 2\nkubectl apply -f - <<EOF\na: 1\n"),
            Err("line 2: here-document at line 2 delimited by end-of-file (wanted `EOF')".into())
        );
        assert!(Command::parse("kubectl apply -f - <<EOF\na: 1\nEOF\nkubectl get pods").is_err());
        assert!(Command::parse("").is_err());
        assert!(Command::parse("kubectl apply -f - <<EOF").is_err());
        let cut = Session {
            entries: vec![Entry {
                at: Duration::ZERO,
                line: "kubectl apply -f -".into(),
                stdin: Some(YAML.into()),
            }],
            ..Session::default()
        }
        .to_script();
        for end in 0..cut.len() {
            if cut.is_char_boundary(end) {
                let _ = Session::from_script(&cut[..end]);
                let _ = Session::from_fragment(&format!(
                    "s={}",
                    base64url_encode(&cut.as_bytes()[..end])
                ));
            }
        }
        assert!(
            Session::from_script(&cut[..cut.len() - 4]).is_err(),
            "the delimiter cut off"
        );
    }
}

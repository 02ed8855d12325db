//! A learner's session: seed + named starting scenario + the command lines they ran, each at a
//! virtual time. It has one text form, the headless runner's script (`sim seed 7`,
//! `sim wait 30s`, `kubectl ...`), so a shared link, a saved session and a teacher's script are
//! the same thing. The URL fragment carries that script base64url-encoded.

use crate::sim::time::Duration;

/// The default seed, so a plain visit is reproducible too.
pub const DEFAULT_SEED: u64 = 1;

/// One command the learner ran (a `kubectl ...` or `sim ...` line), at a virtual offset from
/// the start of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: Duration,
    pub line: String,
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
            out += &e.line;
            out.push('\n');
        }
        out
    }

    /// Reads a script back. Lines other than `sim seed`, `sim scenario` and `sim wait` become
    /// entries at the time the waits have reached.
    pub fn from_script(script: &str) -> Result<Session, String> {
        let mut session = Session::default();
        let mut now = Duration::ZERO;
        for (i, raw) in script.lines().enumerate() {
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
                    now = now + Duration::parse(d).map_err(|e| format!("line {}: {e}", i + 1))?
                }
                _ => session.entries.push(Entry {
                    at: now,
                    line: line.to_string(),
                }),
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
                },
                Entry {
                    at: Duration::seconds(5),
                    line: "kubectl rollout pause deployment/web".into(),
                },
                Entry {
                    at: Duration::seconds(95),
                    line: "kubectl rollout undo deployment/web".into(),
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
}

//! Parsing a kubectl command line into a typed command, with kubectl's (cobra's) own error
//! words for what it does not understand. Mirrors the flag sets of `kubectl/pkg/cmd/*` for the
//! commands a rollout lesson uses.

use crate::sim::api::Taint;
use std::collections::BTreeMap;

/// The resource kinds the simulator serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResourceKind {
    Deployment,
    ReplicaSet,
    Pod,
    Node,
    Event,
}

impl ResourceKind {
    /// What kubectl accepts for each kind (short names, singular, plural, group-qualified).
    pub fn parse(word: &str) -> Option<ResourceKind> {
        let w = word.to_ascii_lowercase();
        Some(match w.as_str() {
            "deploy" | "deployment" | "deployments" | "deployment.apps" | "deployments.apps" => {
                ResourceKind::Deployment
            }
            "rs" | "replicaset" | "replicasets" | "replicaset.apps" | "replicasets.apps" => {
                ResourceKind::ReplicaSet
            }
            "po" | "pod" | "pods" => ResourceKind::Pod,
            "no" | "node" | "nodes" => ResourceKind::Node,
            "ev" | "event" | "events" => ResourceKind::Event,
            _ => return None,
        })
    }

    /// `deployment.apps` as kubectl's name printer spells the kind.
    pub fn qualified(self) -> &'static str {
        match self {
            ResourceKind::Deployment => "deployment.apps",
            ResourceKind::ReplicaSet => "replicaset.apps",
            ResourceKind::Pod => "pod",
            ResourceKind::Node => "node",
            ResourceKind::Event => "event",
        }
    }

    /// The kind as the store holds it (events are not objects of the store).
    pub fn store_kind(self) -> Option<crate::sim::store::Kind> {
        use crate::sim::store::Kind;
        match self {
            ResourceKind::Deployment => Some(Kind::Deployment),
            ResourceKind::ReplicaSet => Some(Kind::ReplicaSet),
            ResourceKind::Pod => Some(Kind::Pod),
            ResourceKind::Node => Some(Kind::Node),
            ResourceKind::Event => None,
        }
    }

    /// The kind's name and API group (`Deployment`, `apps`; `Node`, the empty core group).
    pub fn kind_name(self) -> &'static str {
        match self.store_kind() {
            Some(k) => k.name(),
            None => "Event",
        }
    }

    pub fn group(self) -> &'static str {
        match self {
            ResourceKind::Deployment | ResourceKind::ReplicaSet => "apps",
            _ => "",
        }
    }

    /// `deployments.apps` as the API server spells the resource in errors.
    pub fn resource(self) -> &'static str {
        match self {
            ResourceKind::Deployment => "deployments.apps",
            ResourceKind::ReplicaSet => "replicasets.apps",
            ResourceKind::Pod => "pods",
            ResourceKind::Node => "nodes",
            ResourceKind::Event => "events",
        }
    }
}

/// One object named on the command line (`deployment/web`, `deploy web`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: ResourceKind,
    pub name: String,
}

/// Every object of a kind (`--all`), or those whose labels match a selector (`-l`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Select {
    pub kind: ResourceKind,
    pub selector: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    /// `-o jsonpath=TEMPLATE` (the template is `GetOptions::template`).
    JsonPath,
    /// `-o jsonpath-as-json=TEMPLATE`.
    JsonPathAsJson,
    /// `-o custom-columns=HEADER:PATH,...` (the spec is `GetOptions::template`).
    CustomColumns,
}

impl OutputFormat {
    /// Printed through kubectl's generic printers (`printGeneric`): the objects as one List
    /// (or the one object asked for by name), never a table.
    pub fn generic(self) -> bool {
        !matches!(
            self,
            OutputFormat::Table | OutputFormat::Wide | OutputFormat::Name
        )
    }
}

/// How `kubectl get` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetOptions {
    pub output: OutputFormat,
    pub selector: Option<String>,
    /// `--field-selector`: `field=value`, `field==value`, `field!=value`, comma-separated.
    pub field_selector: Option<String>,
    pub show_labels: bool,
    /// `-L`: a column for each of these labels' values.
    pub label_columns: Vec<String>,
    pub no_headers: bool,
    /// `--sort-by`: a JSONPath (as typed) whose value orders each kind's rows.
    pub sort_by: Option<String>,
    /// The template of `-o jsonpath=` or the columns of `-o custom-columns=`, as typed
    /// (checked when parsed).
    pub template: String,
}

/// `kubectl get -w`'s settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    /// `--output-watch-events`: an EVENT column (ADDED, MODIFIED, DELETED).
    pub events: bool,
    /// `--request-timeout`: when the watch ends (unparsed, as typed).
    pub request_timeout: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolloutCommand {
    Status {
        target: Target,
        revision: i64,
        watch: bool,
        timeout: Option<String>,
    },
    History {
        target: Target,
        revision: i64,
    },
    Undo {
        target: Target,
        to_revision: i64,
    },
    Pause {
        target: Target,
    },
    Resume {
        target: Target,
    },
    Restart {
        target: Target,
    },
}

/// A parsed kubectl invocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Get {
        kinds: Vec<ResourceKind>,
        names: Vec<String>,
        options: GetOptions,
        /// `-w`: after the table, print a row each time a listed object changes.
        watch: Option<Watch>,
    },
    Describe {
        kind: ResourceKind,
        names: Vec<String>,
        selector: Option<String>,
        /// `TYPE NAME_PREFIX`: one name given apart from its type, which describes every
        /// object whose name starts with it when none has that name.
        prefix: bool,
    },
    CreateDeployment {
        name: String,
        images: Vec<String>,
        replicas: i32,
        port: Option<i32>,
    },
    Apply {
        files: Vec<String>,
    },
    Delete {
        targets: Vec<Target>,
        files: Vec<String>,
        /// The grace period the delete asks for (`--grace-period`, `--now`), as kubectl
        /// settles it: 0 only with `--force`.
        grace: Option<i64>,
        /// `--wait` (true unless `--wait=false`): wait until what was deleted is gone.
        wait: bool,
        /// `--timeout` (unparsed, as typed).
        timeout: Option<String>,
    },
    SetImage {
        target: Target,
        images: Vec<(String, String)>,
    },
    SetEnv {
        target: Target,
        set: Vec<(String, String)>,
        unset: Vec<String>,
        container: Option<String>,
    },
    SetResources {
        target: Target,
        container: Option<String>,
        requests: Vec<(String, String)>,
        limits: Vec<(String, String)>,
    },
    Scale {
        target: Target,
        replicas: i32,
    },
    /// `kubectl patch deployment NAME -p PATCH | --patch-file FILE [--type ...]`.
    Patch {
        target: Target,
        /// The patch as typed, or `None` with `file` set.
        patch: Option<String>,
        file: Option<String>,
        kind: super::patch::PatchType,
    },
    Annotate {
        targets: Vec<Target>,
        /// `--all` or `-l`: the objects are chosen when the command runs.
        select: Option<Select>,
        set: Vec<(String, String)>,
        unset: Vec<String>,
        overwrite: bool,
    },
    Label {
        targets: Vec<Target>,
        select: Option<Select>,
        set: Vec<(String, String)>,
        unset: Vec<String>,
        overwrite: bool,
        /// `--list`: print the labels (after any change) instead of what changed.
        list: bool,
    },
    /// `kubectl taint nodes NAME... KEY[=VALUE]:EFFECT... KEY[:EFFECT]-...`.
    Taint {
        /// The node names; empty with `--all` or `-l`.
        nodes: Vec<String>,
        all: bool,
        selector: Option<String>,
        add: Vec<Taint>,
        remove: Vec<Taint>,
        overwrite: bool,
    },
    Rollout(RolloutCommand),
    /// `kubectl top pod|node`: the cluster has no metrics-server, as a fresh one has not.
    Top,
    Cordon {
        node: String,
    },
    Uncordon {
        node: String,
    },
    Drain {
        node: String,
        /// `--grace-period` when not negative; else each pod's own.
        grace: Option<i64>,
    },
    /// `kubectl help [command...]` or `--help`: the topic path, empty for kubectl itself.
    Help {
        topic: Vec<String>,
    },
}

/// A complete error text as kubectl prints it (may span lines, no trailing newline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(text: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(text.into()))
}

/// Splits a line as a POSIX shell would: whitespace separates words; single quotes are
/// literal; double quotes allow `\"` and `\\`; a backslash outside quotes escapes one char.
pub fn split_words(line: &str) -> Result<Vec<String>, ParseError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return err("unexpected EOF while looking for matching `''"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return err("unexpected EOF while looking for matching `\"'"),
                        },
                        Some(c) => word.push(c),
                        None => return err("unexpected EOF while looking for matching `\"'"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The flags one command accepts: (long name, shorthand, takes a value).
type FlagSpec = &'static [(&'static str, Option<char>, bool)];

const GLOBAL: FlagSpec = &[
    ("namespace", Some('n'), true),
    ("help", Some('h'), false),
    ("request-timeout", None, true),
];
const GET: FlagSpec = &[
    ("output", Some('o'), true),
    ("selector", Some('l'), true),
    ("field-selector", None, true),
    ("watch", Some('w'), false),
    ("output-watch-events", None, false),
    ("show-labels", None, false),
    ("label-columns", Some('L'), true),
    ("all-namespaces", Some('A'), false),
    ("no-headers", None, false),
    ("sort-by", None, true),
];
const DESCRIBE: FlagSpec = &[("selector", Some('l'), true), ("show-events", None, false)];
const CREATE_DEPLOYMENT: FlagSpec = &[
    ("image", None, true),
    ("replicas", Some('r'), true),
    ("port", None, true),
];
const APPLY: FlagSpec = &[("filename", Some('f'), true)];
const PATCH: FlagSpec = &[
    ("patch", Some('p'), true),
    ("patch-file", None, true),
    ("type", None, true),
];
const DELETE: FlagSpec = &[
    ("filename", Some('f'), true),
    ("grace-period", None, true),
    ("force", None, false),
    ("now", None, false),
    ("wait", None, false),
    ("timeout", None, true),
];
const SET_IMAGE: FlagSpec = &[("record", None, false)];
const SET_ENV: FlagSpec = &[("env", Some('e'), true), ("containers", Some('c'), true)];
const SET_RESOURCES: FlagSpec = &[
    ("containers", Some('c'), true),
    ("requests", None, true),
    ("limits", None, true),
];
const SCALE: FlagSpec = &[("replicas", None, true), ("current-replicas", None, true)];
const ANNOTATE: FlagSpec = &[
    ("overwrite", None, false),
    ("all", None, false),
    ("selector", Some('l'), true),
];
const LABEL: FlagSpec = &[
    ("overwrite", None, false),
    ("list", None, false),
    ("all", None, false),
    ("selector", Some('l'), true),
];
const TAINT: FlagSpec = &[
    ("overwrite", None, false),
    ("all", None, false),
    ("selector", Some('l'), true),
];
const ROLLOUT_STATUS: FlagSpec = &[
    ("revision", None, true),
    ("watch", Some('w'), false),
    ("timeout", None, true),
];
const ROLLOUT_HISTORY: FlagSpec = &[("revision", None, true)];
const ROLLOUT_UNDO: FlagSpec = &[("to-revision", None, true)];
const NONE: FlagSpec = &[];
const DRAIN: FlagSpec = &[
    ("ignore-daemonsets", None, false),
    ("force", None, false),
    ("delete-emptydir-data", None, false),
    ("grace-period", None, true),
    ("timeout", None, true),
];

/// Flags as parsed: long name → values in order (`"true"` for a bare boolean).
#[derive(Debug, Default)]
struct Flags(
    BTreeMap<&'static str, Vec<String>>,
    BTreeMap<&'static str, char>,
);

impl Flags {
    fn last(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.last()).map(String::as_str)
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.0.get(name).cloned().unwrap_or_default()
    }
    /// The flag as pflag names it in errors: `-w, --watch`, or `--revision`.
    fn display(&self, name: &str) -> String {
        match self.1.get(name) {
            Some(c) => format!("-{c}, --{name}"),
            None => format!("--{name}"),
        }
    }
    fn bool(&self, name: &str, command: &str) -> Result<Option<bool>, ParseError> {
        match self.last(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(v) => err(format!(
                "error: invalid argument \"{v}\" for \"{}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\nSee '{command} --help' for usage.",
                self.display(name)
            )),
        }
    }
    fn int(&self, name: &str, command: &str) -> Result<Option<i64>, ParseError> {
        match self.last(name) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ParseError(format!(
                    "error: invalid argument \"{v}\" for \"{}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee '{command} --help' for usage.",
                    self.display(name)
                ))
            }),
        }
    }
}

/// Splits `args` into positionals and flags, as cobra/pflag do. `command` is the full command
/// name for the usage hint (`kubectl rollout undo`).
fn parse_flags(
    args: &[String],
    spec: FlagSpec,
    command: &str,
) -> Result<(Vec<String>, Flags), ParseError> {
    let find_long = |name: &str| {
        GLOBAL
            .iter()
            .chain(spec.iter())
            .find(|f| f.0 == name)
            .copied()
    };
    let find_short = |c: char| {
        GLOBAL
            .iter()
            .chain(spec.iter())
            .find(|f| f.1 == Some(c))
            .copied()
    };
    let usage = format!("See '{command} --help' for usage.");
    let mut positionals = Vec::new();
    let mut flags = Flags::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            positionals.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some((flag, short, takes_value)) = find_long(name) else {
                return err(format!("error: unknown flag: --{name}\n{usage}"));
            };
            let value = match (inline, takes_value) {
                (Some(v), _) => v,
                (None, false) => "true".to_string(),
                (None, true) => match args.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => {
                        return err(format!("error: flag needs an argument: --{name}\n{usage}"))
                    }
                },
            };
            flags.0.entry(flag).or_default().push(value);
            if let Some(c) = short {
                flags.1.insert(flag, c);
            }
        } else if arg.len() > 1
            && arg.starts_with('-')
            && !arg[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let shorts: Vec<char> = arg[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                let Some((flag, _, takes_value)) = find_short(c) else {
                    return err(format!(
                        "error: unknown shorthand flag: '{c}' in {arg}\n{usage}"
                    ));
                };
                j += 1;
                if !takes_value {
                    let value = if shorts.get(j) == Some(&'=') {
                        let v: String = shorts[j + 1..].iter().collect();
                        j = shorts.len();
                        v
                    } else {
                        "true".to_string()
                    };
                    flags.0.entry(flag).or_default().push(value);
                    flags.1.insert(flag, c);
                    continue;
                }
                let rest: String = shorts[j..].iter().collect();
                let value = if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(&rest).to_string()
                } else if let Some(v) = args.get(i) {
                    i += 1;
                    v.clone()
                } else {
                    return err(format!(
                        "error: flag needs an argument: '{c}' in -{c}\n{usage}"
                    ));
                };
                flags.0.entry(flag).or_default().push(value);
                flags.1.insert(flag, c);
                break;
            }
        } else {
            positionals.push(arg.clone());
        }
    }
    if let Some(ns) = flags.last("namespace") {
        if ns != "default" {
            return err(format!(
                "Error from server (NotFound): namespaces \"{ns}\" not found\n(Rollout Lab's cluster has one namespace, \"default\".)"
            ));
        }
    }
    Ok((positionals, flags))
}

fn unknown_resource(word: &str) -> ParseError {
    ParseError(format!(
        "error: the server doesn't have a resource type \"{word}\""
    ))
}

/// Reads `TYPE/NAME` or `TYPE NAME` from the front of `args`; returns the target and how many
/// words it used.
fn target_at(args: &[String], command: &str) -> Result<(Target, usize), ParseError> {
    let Some(first) = args.first() else {
        return Err(no_resource(command));
    };
    if let Some((kind, name)) = first.split_once('/') {
        let kind = ResourceKind::parse(kind).ok_or_else(|| unknown_resource(kind))?;
        if name.is_empty() {
            return err(
                "error: arguments in resource/name form must have a single resource and name",
            );
        }
        return Ok((
            Target {
                kind,
                name: name.to_string(),
            },
            1,
        ));
    }
    let kind = ResourceKind::parse(first).ok_or_else(|| unknown_resource(first))?;
    match args.get(1) {
        Some(name) if !name.contains('=') => Ok((Target { kind, name: name.clone() }, 2)),
        _ => err(format!(
            "error: resource(s) were provided, but no name was specified\nSee '{command} --help' for usage."
        )),
    }
}

/// Exactly one target and nothing else.
fn sole_target(args: &[String], command: &str) -> Result<Target, ParseError> {
    let (target, used) = target_at(args, command)?;
    if used < args.len() {
        return err(format!(
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\nSee '{command} --help' for usage."
        ));
    }
    Ok(target)
}

fn require_deployment(target: &Target) -> Result<(), ParseError> {
    if target.kind == ResourceKind::Deployment {
        Ok(())
    } else {
        err(format!(
            "error: no objects passed to this command matched: {}/{} is not a Deployment (Rollout Lab simulates Deployments here)",
            target.kind.qualified(),
            target.name
        ))
    }
}

const TOP_LEVEL: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "get", "help", "label",
    "patch", "rollout", "scale", "set", "taint", "top", "uncordon",
];

/// Edit distance, for cobra's "Did you mean this?".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// cobra's error for an unknown top-level command, with its suggestions (each line ends in a
/// newline). kubectl prints it as every error, through `cmdutil.CheckErr` (`error: `, and no
/// newline added to a message that ends in one): its `main` runs cobra with errors silenced
/// (`cli.RunNoErrOutput`), so cobra's own `Error: ` never appears.
fn unknown_command(word: &str, parent: &str, candidates: &[&str]) -> ParseError {
    let mut text = format!("error: unknown command \"{word}\" for \"{parent}\"");
    let near: Vec<&&str> = candidates
        .iter()
        .filter(|c| distance(word, c) <= 2 || (word.len() > 1 && c.starts_with(word)))
        .collect();
    if !near.is_empty() {
        text += "\n\nDid you mean this?\n";
        for c in near {
            text += &format!("\t{c}\n");
        }
    }
    ParseError(text)
}

/// kubectl's own error for an unknown subcommand of a command group (`kubectl rollout frob`).
fn unknown_subcommand(word: &str, parent: &str) -> ParseError {
    ParseError(format!(
        "error: unknown command \"{word}\"\nSee '{parent} -h' for help and examples"
    ))
}

/// What kubectl says when a command that needs a resource gets none.
fn no_resource(command: &str) -> ParseError {
    ParseError(if command.starts_with("kubectl rollout") {
        "error: required resource not specified".to_string()
    } else if command == "kubectl annotate" || command == "kubectl label" {
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>"
            .to_string()
    } else {
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".to_string()
    })
}

/// The objects a command names: `TYPE NAME...` or `TYPE/NAME...` (`ResourceTypeOrNameArgs`).
fn targets_of(pos: &[String], command: &str) -> Result<Vec<Target>, ParseError> {
    let Some(first) = pos.first() else {
        return Err(no_resource(command));
    };
    if first.contains('/') {
        return pos
            .iter()
            .map(|word| target_at(std::slice::from_ref(word), command).map(|(t, _)| t))
            .collect();
    }
    let kind = ResourceKind::parse(first).ok_or_else(|| unknown_resource(first))?;
    if pos.len() == 1 {
        return err("error: resource(s) were provided, but no name was specified");
    }
    Ok(pos[1..]
        .iter()
        .map(|n| Target {
            kind,
            name: n.clone(),
        })
        .collect())
}

/// `ResourceTypeOrNameArgs` for label and annotate: the named objects, or with `--all` or
/// `-l` a type and no names.
fn targets_or_selection(
    resources: &[String],
    flags: &Flags,
    command: &str,
) -> Result<(Vec<Target>, Option<Select>), ParseError> {
    let all = flags.bool("all", command)?.unwrap_or(false);
    let selector = flags.last("selector").map(str::to_string);
    if all && selector.is_some() {
        return err("error: cannot set --all and --selector at the same time");
    }
    if !all && selector.is_none() {
        return Ok((targets_of(resources, command)?, None));
    }
    let [kind] = resources else {
        return err(if resources.is_empty() {
            no_resource(command).0
        } else {
            "error: name cannot be provided when a selector is specified".to_string()
        });
    };
    let kind = ResourceKind::parse(kind).ok_or_else(|| unknown_resource(kind))?;
    Ok((Vec::new(), Some(Select { kind, selector })))
}

/// `cmdutil.GetResourcesAndPairs`: the words up to the first `KEY=VALUE` or `KEY-` name the
/// objects, the rest are changes; an object named after a change is an error.
fn resources_and_pairs(
    words: &[String],
    pair_type: &str,
) -> Result<(Vec<String>, Vec<String>), ParseError> {
    let (mut resources, mut changes) = (Vec::new(), Vec::new());
    for w in words {
        let change = (w.contains('=') && !w.starts_with('=')) || (w.ends_with('-') && w != "-");
        if change {
            changes.push(w.clone());
        } else if changes.is_empty() {
            resources.push(w.clone());
        } else {
            return err(format!(
                "error: all resources must be specified before {pair_type} changes: {w}"
            ));
        }
    }
    Ok((resources, changes))
}

/// Puts `key=value` into `set`, a later one replacing an earlier (kubectl keeps them in a map).
fn put_pair(set: &mut KeyValues, key: &str, value: &str) {
    set.retain(|(k, _)| k != key);
    set.push((key.to_string(), value.to_string()));
}

/// `annotate`'s `parseAnnotations` (`cmdutil.ParsePairs`) and `validateAnnotations`.
fn annotation_changes(changes: &[String]) -> Result<(KeyValues, Vec<String>), ParseError> {
    let (mut set, mut unset) = (Vec::new(), Vec::new());
    for c in changes {
        match c.split_once('=') {
            Some((k, v)) if !k.is_empty() => put_pair(&mut set, k, v),
            _ => unset.push(c[..c.len() - 1].to_string()),
        }
    }
    let both: Vec<&str> = unset
        .iter()
        .filter(|k| set.iter().any(|(s, _)| s == *k))
        .map(String::as_str)
        .collect();
    if !both.is_empty() {
        return err(format!(
            "error: can not both modify and remove the following annotation(s) in the same command: {}",
            both.join(", ")
        ));
    }
    Ok((set, unset))
}

/// `label`'s `parseLabels`: one `=` a change, a valid label value, no key both set and
/// removed.
fn label_changes(changes: &[String]) -> Result<(KeyValues, Vec<String>), ParseError> {
    let (mut set, mut unset) = (Vec::new(), Vec::new());
    for c in changes {
        if c.contains('=') {
            let parts: Vec<&str> = c.split('=').collect();
            let [k, v] = parts[..] else {
                return err(format!("error: invalid label spec: {c}"));
            };
            let errs = crate::sim::validation::label_value_errors(v);
            if !errs.is_empty() {
                return err(format!(
                    "error: invalid label value: {c:?}: {}",
                    errs.join(";")
                ));
            }
            put_pair(&mut set, k, v);
        } else {
            unset.push(c[..c.len() - 1].to_string());
        }
    }
    if unset.iter().any(|k| set.iter().any(|(s, _)| s == k)) {
        return err("error: can not both modify and remove a label in the same command");
    }
    Ok((set, unset))
}

/// `KEY=VALUE` words in order.
type KeyValues = Vec<(String, String)>;

/// Splits `KEY=VALUE` (set) and `KEY-` (unset) words.
fn pairs(words: &[String], command: &str) -> Result<(KeyValues, Vec<String>), ParseError> {
    let mut set = Vec::new();
    let mut unset = Vec::new();
    for w in words {
        if let Some((k, v)) = w.split_once('=') {
            if k.is_empty() {
                return err(format!(
                    "error: invalid key=value: {w:?}\nSee '{command} --help' for usage."
                ));
            }
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = w.strip_suffix('-') {
            unset.push(k.to_string());
        } else {
            return err(format!("error: all resources must be specified before {w:?} changes\nSee '{command} --help' for usage."));
        }
    }
    Ok((set, unset))
}

fn revision_flag(flags: &Flags, name: &str, command: &str) -> Result<i64, ParseError> {
    let n = flags.int(name, command)?.unwrap_or(0);
    if n < 0 {
        return err(format!("error: revision must be a positive integer: {n}"));
    }
    Ok(n)
}

/// Parses the words after `kubectl`.
pub fn parse_args(args: &[String]) -> Result<Command, ParseError> {
    let Some(verb) = args.first() else {
        return Ok(Command::Help { topic: vec![] });
    };
    let rest = &args[1..];
    if verb == "--help" || verb == "-h" {
        return Ok(Command::Help { topic: vec![] });
    }
    let help_in = |rest: &[String]| rest.iter().any(|a| a == "--help" || a == "-h");
    match verb.as_str() {
        "help" => Ok(Command::Help {
            topic: rest.to_vec(),
        }),
        "options" => Ok(Command::Help {
            topic: vec!["options".into()],
        }),
        "get" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["get".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, GET, "kubectl get")?;
            let Some(kinds_word) = pos.first() else {
                return err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
            };
            let (kinds, names) = if kinds_word.contains('/') {
                let mut kinds = Vec::new();
                let mut names = Vec::new();
                for word in &pos {
                    let (kind, name) = word
                        .split_once('/')
                        .ok_or_else(|| ParseError("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into()))?;
                    kinds.push(ResourceKind::parse(kind).ok_or_else(|| unknown_resource(kind))?);
                    names.push(name.to_string());
                }
                (kinds, names)
            } else {
                let mut kinds = Vec::new();
                for k in kinds_word.split(',') {
                    if k == "all" {
                        kinds.extend([
                            ResourceKind::Pod,
                            ResourceKind::Deployment,
                            ResourceKind::ReplicaSet,
                        ]);
                    } else {
                        kinds.push(ResourceKind::parse(k).ok_or_else(|| unknown_resource(k))?);
                    }
                }
                (kinds, pos[1..].to_vec())
            };
            let requested = flags.last("output").unwrap_or_default();
            let (format, template) = match requested.split_once('=') {
                Some((f @ ("jsonpath" | "jsonpath-as-json" | "custom-columns"), t)) => (f, t),
                _ => (requested, ""),
            };
            let output = match format {
                "" => OutputFormat::Table,
                "wide" => OutputFormat::Wide,
                "yaml" => OutputFormat::Yaml,
                "json" => OutputFormat::Json,
                "name" => OutputFormat::Name,
                "jsonpath" => OutputFormat::JsonPath,
                "jsonpath-as-json" => OutputFormat::JsonPathAsJson,
                "custom-columns" => OutputFormat::CustomColumns,
                // kubectl's other template printers are real, but not here: say so, rather
                // than claim, as kubectl would of an unknown format, that they do not exist.
                _ if ["template", "jsonpath", "custom-columns"].iter().any(|t| format.contains(t)) => {
                    let name = requested.split('=').next().unwrap_or(requested);
                    return err(format!("error: Rollout Lab does not print -o {name}, which kubectl does; -o json and -o yaml show every field"));
                }
                _ => return err(format!("error: unable to match a printer suitable for the output format \"{requested}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")),
            };
            let template = match output {
                OutputFormat::JsonPath | OutputFormat::JsonPathAsJson => {
                    if template.is_empty() {
                        return err("error: template format specified but no template given");
                    }
                    if let Err(e) = super::jsonpath::Template::parse(template) {
                        return err(format!("error: error parsing jsonpath {template}, {e}"));
                    }
                    template
                }
                OutputFormat::CustomColumns => {
                    super::jsonpath::custom_columns(template, false, &[])
                        .map_err(|e| ParseError(format!("error: {e}")))?;
                    template
                }
                _ => "",
            };
            let watch = flags.bool("watch", "kubectl get")?.unwrap_or(false);
            if watch && kinds.len() > 1 {
                return err("error: you may only specify a single resource type");
            }
            let watch_events = flags
                .bool("output-watch-events", "kubectl get")?
                .unwrap_or(false);
            Ok(Command::Get {
                kinds,
                names,
                options: GetOptions {
                    output,
                    selector: flags.last("selector").map(str::to_string),
                    field_selector: flags.last("field-selector").map(str::to_string),
                    show_labels: flags.bool("show-labels", "kubectl get")?.unwrap_or(false),
                    label_columns: flags
                        .all("label-columns")
                        .iter()
                        .flat_map(|l| l.split(','))
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                    no_headers: flags.bool("no-headers", "kubectl get")?.unwrap_or(false),
                    sort_by: flags.last("sort-by").map(str::to_string),
                    template: template.to_string(),
                },
                watch: watch.then(|| Watch {
                    events: watch_events,
                    request_timeout: flags.last("request-timeout").map(str::to_string),
                }),
            })
        }
        "describe" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["describe".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, DESCRIBE, "kubectl describe")?;
            let Some(first) = pos.first() else {
                return err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
            };
            if let Some((kind, name)) = first.split_once('/') {
                let kind = ResourceKind::parse(kind).ok_or_else(|| unknown_resource(kind))?;
                return Ok(Command::Describe {
                    kind,
                    names: vec![name.to_string()],
                    selector: None,
                    prefix: false,
                });
            }
            let kind = ResourceKind::parse(first).ok_or_else(|| unknown_resource(first))?;
            Ok(Command::Describe {
                kind,
                names: pos[1..].to_vec(),
                selector: flags.last("selector").map(str::to_string),
                prefix: pos.len() == 2,
            })
        }
        "create" => {
            let Some(sub) = rest.first() else {
                return err("error: must specify one of -f and -k");
            };
            if sub.starts_with('-') && !help_in(rest) {
                return err("error: Rollout Lab creates Deployments with `kubectl create deployment NAME --image=IMAGE`; use `kubectl apply -f FILE` for manifests");
            }
            if help_in(rest) {
                let topic = if matches!(sub.as_str(), "deployment" | "deploy") {
                    vec!["create".into(), "deployment".into()]
                } else {
                    vec!["create".into()]
                };
                return Ok(Command::Help { topic });
            }
            if !matches!(sub.as_str(), "deployment" | "deploy") {
                return err(format!(
                    "error: Unexpected args: [{sub}]\nSee 'kubectl create -h' for help and examples"
                ));
            }
            let command = "kubectl create deployment";
            let (pos, flags) = parse_flags(&rest[1..], CREATE_DEPLOYMENT, command)?;
            let images = flags.all("image");
            if images.is_empty() {
                // cobra checks required flags before the command runs.
                return err("error: required flag(s) \"image\" not set");
            }
            match pos.as_slice() {
                [name] => {
                    let replicas = flags.int("replicas", command)?.unwrap_or(1);
                    let port = flags.int("port", command)?;
                    Ok(Command::CreateDeployment {
                        name: name.clone(),
                        images,
                        replicas: i32::try_from(replicas).unwrap_or(i32::MAX),
                        port: port.map(|p| i32::try_from(p).unwrap_or(-1)),
                    })
                }
                _ => err(format!("error: exactly one NAME is required, got {}\nSee '{command} -h' for help and examples", pos.len())),
            }
        }
        "apply" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["apply".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, APPLY, "kubectl apply")?;
            let files = flags.all("filename");
            if files.is_empty() {
                return err("error: must specify one of -f and -k");
            }
            if !pos.is_empty() {
                // Go's `%v` of the args: `[a b]`.
                return err(format!(
                    "error: Unexpected args: [{}]\nSee 'kubectl apply -h' for help and examples",
                    pos.join(" ")
                ));
            }
            Ok(Command::Apply { files })
        }
        "patch" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["patch".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, PATCH, "kubectl patch")?;
            let target = sole_target(&pos, "kubectl patch")?;
            require_deployment(&target)?;
            use super::patch::PatchType;
            let kind = match flags.last("type").unwrap_or("strategic") {
                "strategic" => PatchType::Strategic,
                "merge" => PatchType::Merge,
                "json" => PatchType::Json,
                other => {
                    return err(format!(
                        "error: --type must be one of [json merge strategic], not \"{other}\""
                    ))
                }
            };
            let given = |flag| {
                flags
                    .last(flag)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
            };
            let (patch, file) = (given("patch"), given("patch-file"));
            match (&patch, &file) {
                (None, None) => err("error: must specify --patch or --patch-file containing the contents of the patch"),
                (Some(_), Some(_)) => err("error: cannot specify --patch and --patch-file together"),
                _ => Ok(Command::Patch { target, patch, file, kind }),
            }
        }
        "delete" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["delete".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, DELETE, "kubectl delete")?;
            let files = flags.all("filename");
            if pos.is_empty() && files.is_empty() {
                return err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
            }
            let targets = if pos.is_empty() {
                Vec::new()
            } else {
                targets_of(&pos, "kubectl delete")?
            };
            // `DeleteOptions.Complete` and `Validate`.
            let mut grace = flags.int("grace-period", "kubectl delete")?.unwrap_or(-1);
            let force = flags.bool("force", "kubectl delete")?.unwrap_or(false);
            if flags.bool("now", "kubectl delete")?.unwrap_or(false) {
                if grace != -1 {
                    return err("error: --now and --grace-period cannot be specified together");
                }
                grace = 1;
            }
            if grace == 0 && !force {
                // kubectl turns --grace-period=0 into 1 unless --force says otherwise.
                grace = 1;
            }
            if force && grace < 0 {
                grace = 0;
            }
            if force && grace > 0 {
                return err(
                    "error: --force and --grace-period greater than 0 cannot be specified together",
                );
            }
            Ok(Command::Delete {
                targets,
                files,
                grace: (grace >= 0).then_some(grace),
                wait: flags.bool("wait", "kubectl delete")?.unwrap_or(true),
                timeout: flags.last("timeout").map(str::to_string),
            })
        }
        "set" => {
            let Some(sub) = rest.first().filter(|s| !s.starts_with('-')) else {
                return Ok(Command::Help {
                    topic: vec!["set".into()],
                });
            };
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["set".into(), sub.clone()],
                });
            }
            let command = format!("kubectl set {sub}");
            match sub.as_str() {
                "image" => {
                    let (pos, _flags) = parse_flags(&rest[1..], SET_IMAGE, &command)?;
                    let (target, used) = target_at(&pos, &command)?;
                    let (images, unset) = pairs(&pos[used..], &command)?;
                    if images.is_empty() || !unset.is_empty() {
                        return err(format!("error: at least one image update is required\nSee '{command} -h' for help and examples"));
                    }
                    Ok(Command::SetImage { target, images })
                }
                "env" => {
                    let (pos, flags) = parse_flags(&rest[1..], SET_ENV, &command)?;
                    let (target, used) = target_at(&pos, &command)?;
                    let mut words = pos[used..].to_vec();
                    words.extend(flags.all("env"));
                    let (set, unset) = pairs(&words, &command)?;
                    if set.is_empty() && unset.is_empty() {
                        return err("error: at least one environment variable must be provided");
                    }
                    Ok(Command::SetEnv {
                        target,
                        set,
                        unset,
                        container: flags.last("containers").map(str::to_string),
                    })
                }
                "resources" => {
                    let (pos, flags) = parse_flags(&rest[1..], SET_RESOURCES, &command)?;
                    let target = sole_target(&pos, &command)?;
                    let list = |name: &str| -> Result<Vec<(String, String)>, ParseError> {
                        let mut out = Vec::new();
                        for item in flags
                            .last(name)
                            .unwrap_or("")
                            .split(',')
                            .filter(|s| !s.is_empty())
                        {
                            let (k, v) = item.split_once('=').ok_or_else(|| {
                                ParseError(format!(
                                    "error: invalid resource specification {item:?}"
                                ))
                            })?;
                            out.push((k.to_string(), v.to_string()));
                        }
                        Ok(out)
                    };
                    let (requests, limits) = (list("requests")?, list("limits")?);
                    if requests.is_empty() && limits.is_empty() {
                        return err("error: you must specify an update to requests or limits (in the form of --requests/--limits)");
                    }
                    Ok(Command::SetResources {
                        target,
                        container: flags.last("containers").map(str::to_string),
                        requests,
                        limits,
                    })
                }
                other => Err(unknown_subcommand(other, "kubectl set")),
            }
        }
        "scale" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["scale".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, SCALE, "kubectl scale")?;
            let target = sole_target(&pos, "kubectl scale")?;
            let Some(replicas) = flags.int("replicas", "kubectl scale")? else {
                return err("error: required flag(s) \"replicas\" not set");
            };
            if replicas < 0 {
                return err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
            }
            Ok(Command::Scale {
                target,
                replicas: i32::try_from(replicas).unwrap_or(i32::MAX),
            })
        }
        "annotate" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["annotate".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, ANNOTATE, "kubectl annotate")?;
            let (resources, changes) = resources_and_pairs(&pos, "annotation")?;
            let (set, unset) = annotation_changes(&changes)?;
            if resources.is_empty() {
                return Err(no_resource("kubectl annotate"));
            }
            if set.is_empty() && unset.is_empty() {
                return err("error: at least one annotation update is required");
            }
            let (targets, select) = targets_or_selection(&resources, &flags, "kubectl annotate")?;
            Ok(Command::Annotate {
                targets,
                select,
                set,
                unset,
                overwrite: flags
                    .bool("overwrite", "kubectl annotate")?
                    .unwrap_or(false),
            })
        }
        "label" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["label".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, LABEL, "kubectl label")?;
            let (resources, changes) = resources_and_pairs(&pos, "label")?;
            let (set, unset) = label_changes(&changes)?;
            let list = flags.bool("list", "kubectl label")?.unwrap_or(false);
            if resources.is_empty() {
                return Err(no_resource("kubectl label"));
            }
            if set.is_empty() && unset.is_empty() && !list {
                return err("error: at least one label update is required");
            }
            let (targets, select) = targets_or_selection(&resources, &flags, "kubectl label")?;
            Ok(Command::Label {
                targets,
                select,
                set,
                unset,
                overwrite: flags.bool("overwrite", "kubectl label")?.unwrap_or(false),
                list,
            })
        }
        "rollout" => {
            let Some(sub) = rest.first().filter(|s| !s.starts_with('-')) else {
                return Ok(Command::Help {
                    topic: vec!["rollout".into()],
                });
            };
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["rollout".into(), sub.clone()],
                });
            }
            let command = format!("kubectl rollout {sub}");
            let spec = match sub.as_str() {
                "status" => ROLLOUT_STATUS,
                "history" => ROLLOUT_HISTORY,
                "undo" => ROLLOUT_UNDO,
                "pause" | "resume" | "restart" => NONE,
                other => return Err(unknown_subcommand(other, "kubectl rollout")),
            };
            let (pos, flags) = parse_flags(&rest[1..], spec, &command)?;
            let target = sole_target(&pos, &command)?;
            require_deployment(&target)?;
            Ok(Command::Rollout(match sub.as_str() {
                "status" => RolloutCommand::Status {
                    target,
                    revision: revision_flag(&flags, "revision", &command)?,
                    watch: flags.bool("watch", &command)?.unwrap_or(true),
                    timeout: flags.last("timeout").map(str::to_string),
                },
                "history" => RolloutCommand::History {
                    target,
                    revision: revision_flag(&flags, "revision", &command)?,
                },
                // No check here: upstream's `rollout undo` has none, and its rollbacker answers
                // a negative revision as one it cannot find.
                "undo" => RolloutCommand::Undo {
                    target,
                    to_revision: flags.int("to-revision", &command)?.unwrap_or(0),
                },
                "pause" => RolloutCommand::Pause { target },
                "resume" => RolloutCommand::Resume { target },
                _ => RolloutCommand::Restart { target },
            }))
        }
        "taint" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec!["taint".into()],
                });
            }
            let (pos, flags) = parse_flags(rest, TAINT, "kubectl taint")?;
            taint_command(&pos, &flags)
        }
        "top" => {
            let sub = rest.iter().find(|w| !w.starts_with('-'));
            match sub.map(String::as_str) {
                _ if help_in(rest) => Ok(Command::Help {
                    topic: vec!["top".into()],
                }),
                None => Ok(Command::Help {
                    topic: vec!["top".into()],
                }),
                Some("pod" | "pods" | "po" | "node" | "nodes" | "no") => Ok(Command::Top),
                Some(other) => Err(unknown_subcommand(other, "kubectl top")),
            }
        }
        "cordon" | "uncordon" | "drain" => {
            if help_in(rest) {
                return Ok(Command::Help {
                    topic: vec![verb.clone()],
                });
            }
            let command = format!("kubectl {verb}");
            let spec = if verb == "drain" { DRAIN } else { NONE };
            let (pos, flags) = parse_flags(rest, spec, &command)?;
            let [node] = pos.as_slice() else {
                return err(format!(
                    "error: USAGE: {verb} NODE [flags]\nSee '{command} -h' for help and examples"
                ));
            };
            let node = node
                .strip_prefix("node/")
                .or_else(|| node.strip_prefix("nodes/"))
                .unwrap_or(node)
                .to_string();
            Ok(match verb.as_str() {
                "cordon" => Command::Cordon { node },
                "uncordon" => Command::Uncordon { node },
                _ => Command::Drain {
                    node,
                    grace: flags.int("grace-period", &command)?.filter(|g| *g >= 0),
                },
            })
        }
        other => Err(match unsimulated(other) {
            Some(why) => ParseError(format!(
                "error: Rollout Lab does not simulate \"kubectl {other}\", which kubectl has: {why}"
            )),
            None => unknown_command(other, "kubectl", TOP_LEVEL),
        }),
    }
}

/// kubectl's commands a learner reaches for first that the simulator leaves out, with what to
/// do instead: they are kubectl's, so cobra's "unknown command" would say the learner mistyped.
fn unsimulated(command: &str) -> Option<&'static str> {
    Some(match command {
        "edit" => "there is no editor here. Edit the Deployment in its YAML panel and press Apply (kubectl apply -f -), or change it with kubectl patch, set or scale.",
        "logs" | "attach" | "exec" | "port-forward" | "cp" | "debug" => "its pods run no programs, so they have no logs and no shell. kubectl describe pod NAME shows each container's state, its last exit and the pod's events.",
        _ => return None,
    })
}

/// `kubectl taint` (`TaintOptions.Complete` and `Validate`): the node type and names, then
/// the taints to add (`KEY[=VALUE]:EFFECT`) and remove (`KEY[:EFFECT]-`).
fn taint_command(pos: &[String], flags: &Flags) -> Result<Command, ParseError> {
    let (mut resources, mut changes) = (Vec::new(), Vec::new());
    for w in pos {
        let change = w.contains('=') || w.contains(':') || w.ends_with('-');
        if change {
            changes.push(w.as_str());
        } else if changes.is_empty() {
            resources.push(w.clone());
        } else {
            return err(format!(
                "error: all resources must be specified before taint changes: {w}"
            ));
        }
    }
    if resources.is_empty() {
        return err("error: one or more resources must be specified as <resource> <name>");
    }
    if changes.is_empty() {
        return err("error: at least one taint update is required");
    }
    let usage = |e: String| {
        ParseError(format!(
            "error: {e}\nSee 'kubectl taint -h' for help and examples"
        ))
    };
    let (mut add, mut remove): (Vec<Taint>, Vec<Taint>) = (Vec::new(), Vec::new());
    for c in changes {
        if let Some(spec) = c.strip_suffix('-') {
            let t = parse_taint(spec).map_err(usage)?;
            remove.push(Taint {
                key: t.key,
                effect: t.effect,
                ..Default::default()
            });
        } else {
            let t = parse_taint(c).map_err(usage)?;
            if t.effect.is_empty() {
                return Err(usage(format!("invalid taint spec: {c}")));
            }
            if add.iter().any(|a| a.key == t.key && a.effect == t.effect) {
                return Err(usage(format!(
                    "duplicated taints with the same key and effect: {}",
                    go_taint(&t)
                )));
            }
            add.push(t);
        }
    }
    let kind = resources[0].to_ascii_lowercase();
    if !matches!(kind.as_str(), "node" | "nodes" | "no") {
        return err(match ResourceKind::parse(&kind) {
            Some(_) => {
                format!("error: invalid resource type {kind}, only node types are supported")
            }
            None => unknown_resource(&kind).0,
        });
    }
    let conflicts: Vec<String> = add
        .iter()
        .flat_map(|a| {
            remove
                .iter()
                .filter(move |r| r.key == a.key && (r.effect.is_empty() || r.effect == a.effect))
        })
        .map(|r| format!("{}={}", r.key, r.effect))
        .collect();
    if !conflicts.is_empty() {
        return err(format!(
            "error: can not both modify and remove the following taint(s) in the same command: {}",
            conflicts.join(", ")
        ));
    }
    let all = flags.bool("all", "kubectl taint")?.unwrap_or(false);
    let selector = flags.last("selector").map(str::to_string);
    if all && selector.as_deref().is_some_and(|s| !s.is_empty()) {
        return err("error: setting 'all' parameter with a non empty selector is prohibited");
    }
    if !all && selector.is_none() && resources.len() < 2 {
        return err(
            "error: at least one resource name must be specified since 'all' parameter is not set",
        );
    }
    Ok(Command::Taint {
        nodes: resources[1..].to_vec(),
        all,
        selector,
        add,
        remove,
        overwrite: flags.bool("overwrite", "kubectl taint")?.unwrap_or(false),
    })
}

/// `parseTaint`: `KEY`, `KEY:EFFECT` or `KEY=VALUE:EFFECT`, the key a qualified name, the
/// value a label value, the effect one of the three.
fn parse_taint(spec: &str) -> Result<Taint, String> {
    let invalid = |why: Vec<String>| {
        if why.is_empty() {
            format!("invalid taint spec: {spec}")
        } else {
            format!("invalid taint spec: {spec}, {}", why.join("; "))
        }
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts[..] {
        [key] => (key, "", ""),
        [kv, effect] => {
            if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!(
                    "invalid taint effect: {effect}, unsupported taint effect"
                ));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            match kv[..] {
                [key] => (key, "", effect),
                [key, value] => {
                    let errs = crate::sim::validation::label_value_errors(value);
                    if !errs.is_empty() {
                        return Err(invalid(errs));
                    }
                    (key, value, effect)
                }
                _ => return Err(invalid(Vec::new())),
            }
        }
        _ => return Err(invalid(Vec::new())),
    };
    let errs = crate::sim::validation::qualified_name_errors(key);
    if !errs.is_empty() {
        return Err(invalid(errs));
    }
    Ok(Taint {
        key: key.to_string(),
        value: value.to_string(),
        effect: effect.to_string(),
        time_added: None,
    })
}

/// A taint as Go's `%v` prints the struct: `{key value effect <nil>}`.
fn go_taint(t: &Taint) -> String {
    format!("{{{} {} {} <nil>}}", t.key, t.value, t.effect)
}

/// Parses a whole line, which must start with `kubectl`.
pub fn parse_line(line: &str) -> Result<Command, ParseError> {
    let words = split_words(line)?;
    match words.split_first() {
        Some((first, rest)) if first == "kubectl" => parse_args(rest),
        Some((first, _)) => err(format!("{first}: command not found")),
        None => err("error: empty command"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Command {
        parse_line(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }
    fn fails(line: &str) -> String {
        parse_line(line).expect_err(line).0
    }
    fn deploy(name: &str) -> Target {
        Target {
            kind: ResourceKind::Deployment,
            name: name.into(),
        }
    }

    #[test]
    fn output_formats_kubectl_has_and_we_do_not_print_say_so() {
        assert_eq!(
            fails("kubectl get pods -o jsonpath-file=f"),
            "error: Rollout Lab does not print -o jsonpath-file, which kubectl does; -o json and -o yaml show every field"
        );
        assert!(
            fails("kubectl get pods -o custom-columns-file=f").contains("-o custom-columns-file,")
        );
        assert!(fails("kubectl get pods -o go-template={{.kind}}").contains("-o go-template,"));
        assert!(fails("kubectl get pods -o go-template-file=x").contains("-o go-template-file,"));
        assert!(fails("kubectl get pods -o xml").starts_with(
            "error: unable to match a printer suitable for the output format \"xml\""
        ));
    }

    #[test]
    fn shell_words() {
        assert_eq!(
            split_words(r#"a 'b c' "d \"e\"" f\ g"#).unwrap(),
            ["a", "b c", "d \"e\"", "f g"]
        );
        assert!(split_words("kubectl annotate 'oops").is_err());
    }

    #[test]
    fn set_image_accepts_every_target_form() {
        let want = Command::SetImage {
            target: deploy("web"),
            images: vec![("nginx".into(), "nginx:1.26".into())],
        };
        for line in [
            "kubectl set image deployment/web nginx=nginx:1.26",
            "kubectl set image deploy/web nginx=nginx:1.26",
            "kubectl set image deployment web nginx=nginx:1.26",
            "kubectl set image deployments.apps/web nginx=nginx:1.26",
        ] {
            assert_eq!(ok(line), want, "{line}");
        }
    }

    #[test]
    fn rollout_flags() {
        assert_eq!(
            ok("kubectl rollout status deploy/web --watch=false --timeout=30s"),
            Command::Rollout(RolloutCommand::Status {
                target: deploy("web"),
                revision: 0,
                watch: false,
                timeout: Some("30s".into())
            })
        );
        assert_eq!(
            ok("kubectl rollout undo deployment web --to-revision 2"),
            Command::Rollout(RolloutCommand::Undo {
                target: deploy("web"),
                to_revision: 2
            })
        );
        assert_eq!(
            fails("kubectl rollout history deploy/web --revision=-1"),
            "error: revision must be a positive integer: -1"
        );
        assert_eq!(
            ok("kubectl rollout undo deploy/web --to-revision=-1"),
            Command::Rollout(RolloutCommand::Undo {
                target: deploy("web"),
                to_revision: -1
            })
        );
        assert!(fails("kubectl rollout undo deploy/web --to-revision=x")
            .starts_with("error: invalid argument \"x\" for \"--to-revision\" flag"));
        assert_eq!(
            fails("kubectl rollout status deploy/web --watch=maybe"),
            "error: invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl rollout status --help' for usage."
        );
        assert_eq!(
            fails("kubectl logs web-5d9c-abcde"),
            "error: Rollout Lab does not simulate \"kubectl logs\", which kubectl has: its pods run no programs, so they have no logs and no shell. kubectl describe pod NAME shows each container's state, its last exit and the pod's events."
        );
        assert!(fails("kubectl edit deployment/web").contains("YAML panel and press Apply"));
        assert!(fails("kubectl rollotu status").starts_with("error: unknown command \"rollotu\""));
        assert_eq!(
            fails("kubectl rollout frob"),
            "error: unknown command \"frob\"\nSee 'kubectl rollout -h' for help and examples"
        );
        assert_eq!(
            fails("kubectl rollout undo"),
            "error: required resource not specified"
        );
    }

    #[test]
    fn get_several_kinds_and_outputs() {
        match ok("kubectl get deploy,rs,pods -o wide -l app=web") {
            Command::Get { kinds, options, .. } => {
                assert_eq!(
                    kinds,
                    [
                        ResourceKind::Deployment,
                        ResourceKind::ReplicaSet,
                        ResourceKind::Pod
                    ]
                );
                assert_eq!(options.output, OutputFormat::Wide);
                assert_eq!(options.selector.as_deref(), Some("app=web"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            ok("kubectl get pods -ojson"),
            Command::Get {
                options: GetOptions {
                    output: OutputFormat::Json,
                    ..
                },
                ..
            }
        ));
        assert_eq!(
            ok("kubectl get po -w --output-watch-events --request-timeout=5m"),
            Command::Get {
                kinds: vec![ResourceKind::Pod],
                names: vec![],
                options: GetOptions {
                    output: OutputFormat::Table,
                    selector: None,
                    field_selector: None,
                    show_labels: false,
                    label_columns: Vec::new(),
                    no_headers: false,
                    sort_by: None,
                    template: String::new(),
                },
                watch: Some(Watch {
                    events: true,
                    request_timeout: Some("5m".into()),
                }),
            }
        );
        assert_eq!(
            fails("kubectl get deploy,rs -w"),
            "error: you may only specify a single resource type"
        );
        assert_eq!(
            fails("kubectl get foos"),
            "error: the server doesn't have a resource type \"foos\""
        );
    }

    #[test]
    fn kubectl_errors_for_unknown_words() {
        assert_eq!(
            fails("kubectl gte pods"),
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"
        );
        assert_eq!(
            fails("kubectl frobnicate"),
            "error: unknown command \"frobnicate\" for \"kubectl\""
        );
        assert_eq!(
            fails("kubectl get pods --colour"),
            "error: unknown flag: --colour\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            fails("kubectl get pods -x"),
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            fails("kubectl create frob"),
            "error: Unexpected args: [frob]\nSee 'kubectl create -h' for help and examples"
        );
        // kubectl 1.32 prints Go's `%v` of the args.
        assert_eq!(
            fails("kubectl apply -f web.yaml extra more"),
            "error: Unexpected args: [extra more]\nSee 'kubectl apply -h' for help and examples"
        );
        assert_eq!(
            fails("kubectl set image"),
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
        );
        assert_eq!(fails("kubectl scale deploy/web --replicas=-1"), "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        assert_eq!(
            fails("kubectl scale deploy/web"),
            "error: required flag(s) \"replicas\" not set"
        );
        assert_eq!(fails("helm install"), "helm: command not found");
    }

    #[test]
    fn create_annotate_env_scale() {
        assert_eq!(
            ok("kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80"),
            Command::CreateDeployment {
                name: "web".into(),
                images: vec!["nginx:1.25".into()],
                replicas: 3,
                port: Some(80)
            }
        );
        assert_eq!(
            ok(
                r#"kubectl annotate deployment web kubernetes.io/change-cause="bump to 1.26" --overwrite"#
            ),
            Command::Annotate {
                targets: vec![deploy("web")],
                select: None,
                set: vec![("kubernetes.io/change-cause".into(), "bump to 1.26".into())],
                unset: vec![],
                overwrite: true
            }
        );
        assert_eq!(
            ok("kubectl set env deploy/web MODE=blue OLD-"),
            Command::SetEnv {
                target: deploy("web"),
                set: vec![("MODE".into(), "blue".into())],
                unset: vec!["OLD".into()],
                container: None
            }
        );
        assert_eq!(
            ok("kubectl scale --replicas=10 deployment/web"),
            Command::Scale {
                target: deploy("web"),
                replicas: 10
            }
        );
        assert_eq!(
            ok("kubectl drain node-1 --ignore-daemonsets"),
            Command::Drain {
                node: "node-1".into(),
                grace: None
            }
        );
        assert_eq!(
            ok("kubectl rollout --help"),
            Command::Help {
                topic: vec!["rollout".into()]
            }
        );
    }
}

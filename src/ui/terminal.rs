use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One command and what it printed.
#[derive(Clone, PartialEq, Eq)]
pub struct TerminalEntry {
    pub line: String,
    /// The command's here-document (`kubectl apply -f - <<EOF`).
    pub stdin: Option<String>,
    pub output: String,
}

#[derive(Properties, PartialEq, Clone)]
pub struct TerminalProps {
    /// Shared with the app, which makes it again only when the transcript changes.
    pub entries: std::rc::Rc<Vec<TerminalEntry>>,
    pub on_run: Callback<String>,
    /// Completions for a partial line (whole replacement lines).
    pub complete: Callback<String, Vec<String>>,
}

#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    // Position in the command history while browsing with ↑/↓ (None: editing a new line).
    let browsing = use_state(|| None::<usize>);
    let hint = use_state(String::new);
    let history: Vec<String> = props
        .entries
        .iter()
        .filter(|e| e.stdin.is_none())
        .map(|e| e.line.clone())
        .collect();

    let onkeydown = {
        let (input, browsing, hint) = (input.clone(), browsing.clone(), hint.clone());
        let (on_run, complete) = (props.on_run.clone(), props.complete.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    let line = field.value();
                    if !line.trim().is_empty() {
                        on_run.emit(line.trim().to_string());
                    }
                    field.set_value("");
                    browsing.set(None);
                    hint.set(String::new());
                }
                "ArrowUp" | "ArrowDown" if !history.is_empty() => {
                    e.prevent_default();
                    let last = history.len() - 1;
                    let next = match (e.key().as_str(), *browsing) {
                        ("ArrowUp", None) => Some(last),
                        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                        ("ArrowDown", Some(i)) if i < last => Some(i + 1),
                        _ => None,
                    };
                    field.set_value(next.map(|i| history[i].as_str()).unwrap_or(""));
                    browsing.set(next);
                }
                "Tab" => {
                    e.prevent_default();
                    let options = complete.emit(field.value());
                    match options.as_slice() {
                        [] => hint.set(String::new()),
                        [only] => {
                            field.set_value(only);
                            hint.set(String::new());
                        }
                        many => {
                            let prefix = common_prefix(many);
                            if prefix.len() > field.value().len() {
                                field.set_value(&prefix);
                            }
                            let words: Vec<&str> = many
                                .iter()
                                .filter_map(|m| m.split_whitespace().last())
                                .collect();
                            hint.set(words.join("  "));
                        }
                    }
                }
                _ => {}
            }
        })
    };

    html! {
        <section class="terminal" aria-label="Terminal">
            // The log scrolls from its bottom (a reversed column around one block), so new output
            // stays in view without the page measuring the log after every change.
            <div class="terminal-log mono" role="log" aria-live="polite"><div class="terminal-entries">
                { for props.entries.iter().map(|e| html! {
                    <div class="terminal-entry">
                        if let Some(stdin) = &e.stdin {
                            <details class="terminal-heredoc">
                                <summary class="terminal-line">{ format!("$ {} <<EOF", e.line) }</summary>
                                <pre>{ format!("{stdin}EOF") }</pre>
                            </details>
                        } else {
                            <div class="terminal-line">{ format!("$ {}", e.line) }</div>
                        }
                        if !e.output.is_empty() { <pre class="terminal-output">{ &e.output }</pre> }
                    </div>
                }) }
            </div></div>
            if !hint.is_empty() { <div class="terminal-hint mono">{ (*hint).clone() }</div> }
            <label class="terminal-prompt mono">
                <span aria-hidden="true">{ "$ " }</span>
                <input ref={input} type="text" aria-label="kubectl command" spellcheck="false"
                    autocomplete="off" autocapitalize="off" placeholder="kubectl get pods" {onkeydown} />
            </label>
        </section>
    }
}

fn common_prefix(options: &[String]) -> String {
    let first = &options[0];
    let mut len = first.len();
    for o in &options[1..] {
        len = len.min(
            first
                .bytes()
                .zip(o.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

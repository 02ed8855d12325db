use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! {
        <main class="app">
            <article aria-label="Deployment web"><h2>{ "Deployment web" }</h2><p>{"nginx:1.25"}</p>
            <ul>{ for (0..3).map(|i| html!{ <li aria-label={format!("Pod web-abc-{i}")}>{"Running"}</li> }) }</ul></article>
        </main>
    }
}

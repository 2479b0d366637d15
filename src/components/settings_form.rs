use crate::domain::context::parse_id;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the admin entered on the standalone page.
#[derive(Clone, Debug, PartialEq)]
pub struct StandaloneInput {
    pub api_key: String,
    /// Empty: search for the candidate next.
    pub candidate_id: Option<u64>,
    pub user_email: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct SettingsFormProps {
    /// The key saved earlier in this browser session, if any.
    #[prop_or_default]
    pub initial_key: Option<AttrValue>,
    #[prop_or_default]
    pub initial_candidate: Option<AttrValue>,
    /// A problem with what was submitted (a refused key), shown under the form.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub checking: bool,
    pub on_submit: Callback<StandaloneInput>,
}

fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

/// Standalone mode: the admin enters the RefAssured API key and, optionally, a candidate id.
#[function_component(SettingsForm)]
pub fn settings_form(props: &SettingsFormProps) -> Html {
    let key = use_state(|| props.initial_key.as_deref().unwrap_or_default().to_string());
    let candidate = use_state(|| props.initial_candidate.as_deref().unwrap_or_default().to_string());
    let email = use_state(String::new);
    let invalid = use_state(|| None::<String>);

    let onsubmit = {
        let (key, candidate, email, invalid, on_submit) = (key.clone(), candidate.clone(), email.clone(), invalid.clone(), props.on_submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = key.trim().to_string();
            let c = candidate.trim();
            let m = email.trim();
            let problem = if k.is_empty() {
                Some("Enter the RefAssured API key.".to_string())
            } else if !c.is_empty() && parse_id(c).is_none() {
                Some(format!("“{c}” is not a JobDiva candidate id (a whole number)."))
            } else if !m.is_empty() && !(m.contains('@') && m.split('@').nth(1).is_some_and(|d| d.contains('.'))) {
                Some(format!("“{m}” is not an email address."))
            } else {
                None
            };
            invalid.set(problem.clone());
            if problem.is_none() {
                on_submit.emit(StandaloneInput { api_key: k, candidate_id: parse_id(c), user_email: Some(m.to_string()).filter(|m| !m.is_empty()) });
            }
        })
    };

    let message = (*invalid).clone().or_else(|| props.error.as_ref().map(|e| e.to_string()));
    let described = message.is_some().then_some("settings-error");
    html! {
        <main class="standalone">
            <h1>{ "RefAssured" }</h1>
            <p class="muted">{ "Reference checks for a JobDiva candidate. Inside JobDiva this tab opens on the candidate record by itself." }</p>
            <form class="settings" onsubmit={onsubmit} novalidate=true>
                <label for="api-key">{ "RefAssured API key" }</label>
                <input id="api-key" name="api-key" type="password" autocomplete="off" required=true
                    value={(*key).clone()} oninput={bind(&key)} aria-describedby={described} />
                <p class="hint">{ "RefAssured → Settings → ATS Integration → JobDiva. Kept for this browser session only." }</p>

                <label for="candidate-id">{ "JobDiva candidate id (optional)" }</label>
                <input id="candidate-id" name="candidate-id" inputmode="numeric"
                    value={(*candidate).clone()} oninput={bind(&candidate)} aria-describedby={described} />
                <p class="hint">{ "Leave it empty to search JobDiva by name, email or phone." }</p>

                <label for="user-email">{ "Your email (optional)" }</label>
                <input id="user-email" name="user-email" type="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)} />

                if let Some(msg) = message {
                    <p id="settings-error" class="field-error" role="alert">{ msg }</p>
                }
                <button type="submit" disabled={props.checking}>{ if props.checking { "Checking the key…" } else { "Continue" } }</button>
            </form>
        </main>
    }
}

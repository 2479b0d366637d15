use crate::domain::context::{HostContext, RawContext};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsFormProps {
    /// The key saved earlier in this browser session, if any.
    #[prop_or_default]
    pub initial_key: Option<AttrValue>,
    #[prop_or_default]
    pub initial_candidate: Option<AttrValue>,
    pub on_submit: Callback<HostContext>,
}

fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

/// Standalone mode: the admin enters the RefAssured API key and picks a candidate.
#[function_component(SettingsForm)]
pub fn settings_form(props: &SettingsFormProps) -> Html {
    let key = use_state(|| props.initial_key.as_deref().unwrap_or_default().to_string());
    let candidate = use_state(|| props.initial_candidate.as_deref().unwrap_or_default().to_string());
    let email = use_state(String::new);
    let error = use_state(|| None::<String>);

    let onsubmit = {
        let (key, candidate, email, error, on_submit) =
            (key.clone(), candidate.clone(), email.clone(), error.clone(), props.on_submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let raw = RawContext {
                candidate_id: Some((*candidate).clone()),
                user_email: Some((*email).clone()),
                user_id: None,
                api_key: Some((*key).clone()),
            };
            match raw.validate(true) {
                Ok(ctx) => {
                    error.set(None);
                    on_submit.emit(ctx);
                }
                Err(e) => error.set(Some(e.explain().0)),
            }
        })
    };

    let described = error.is_some().then_some("settings-error");
    html! {
        <main class="standalone">
            <h1>{ "RefAssured" }</h1>
            <p class="muted">{ "Reference checks for a JobDiva candidate. Inside JobDiva this tab opens on the candidate record by itself." }</p>
            <form class="settings" onsubmit={onsubmit} novalidate=true>
                <label for="api-key">{ "RefAssured API key" }</label>
                <input id="api-key" name="api-key" type="password" autocomplete="off" required=true
                    value={(*key).clone()} oninput={bind(&key)} aria-describedby={described} />
                <p class="hint">{ "RefAssured → Settings → ATS Integration → JobDiva. Kept for this browser session only." }</p>

                <label for="candidate-id">{ "JobDiva candidate id" }</label>
                <input id="candidate-id" name="candidate-id" inputmode="numeric" required=true
                    value={(*candidate).clone()} oninput={bind(&candidate)} aria-describedby={described} />

                <label for="user-email">{ "Your email (optional)" }</label>
                <input id="user-email" name="user-email" type="email" autocomplete="email"
                    value={(*email).clone()} oninput={bind(&email)} />

                if let Some(msg) = &*error {
                    <p id="settings-error" class="field-error" role="alert">{ msg.clone() }</p>
                }
                <button type="submit">{ "Open candidate" }</button>
            </form>
        </main>
    }
}

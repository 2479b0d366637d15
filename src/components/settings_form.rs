use crate::domain::contact_info::normalise_email;
use crate::domain::context::{clean_key, parse_id, shorten, MAX_EMAIL};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the admin entered on the standalone page.
#[derive(Clone, Debug, PartialEq)]
pub struct StandaloneInput {
    pub api_key: String,
    /// Empty: search for the candidate next.
    pub candidate_id: Option<u64>,
    pub user_email: Option<String>,
    /// Direct access instead of RefAssured's relay (admins; kept in memory only).
    pub direct: Direct,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Direct {
    /// JobDiva API base, client id, API user, password.
    pub jobdiva: Option<(String, i64, String, String)>,
    /// Staffing Referrals domain and token.
    pub staffing: Option<(String, String)>,
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
    /// Defaults for the direct-access fields (deployment settings).
    #[prop_or_default]
    pub jobdiva_base: AttrValue,
    #[prop_or_default]
    pub staffing_base: AttrValue,
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
    let jd_base = use_state(|| props.jobdiva_base.to_string());
    let jd_client = use_state(String::new);
    let jd_user = use_state(String::new);
    let jd_password = use_state(String::new);
    let sr_base = use_state(|| props.staffing_base.to_string());
    let sr_token = use_state(String::new);

    let onsubmit = {
        let (key, candidate, email, invalid, on_submit) = (key.clone(), candidate.clone(), email.clone(), invalid.clone(), props.on_submit.clone());
        let (jd_base, jd_client, jd_user, jd_password, sr_base, sr_token) =
            (jd_base.clone(), jd_client.clone(), jd_user.clone(), jd_password.clone(), sr_base.clone(), sr_token.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cleaned = clean_key(&key);
            let c = candidate.trim();
            let m = email.trim();
            let jd_any = !jd_client.trim().is_empty() || !jd_user.trim().is_empty() || !jd_password.is_empty();
            let jd_client_id = jd_client.trim().parse::<i64>().ok().filter(|v| *v > 0);
            let sr_any = !sr_token.trim().is_empty();
            let k = cleaned.clone().unwrap_or_default();
            let problem = if let Err(at) = cleaned {
                Some(format!("The key has a character no RefAssured key has (character {at}): copy it again from RefAssured as plain text."))
            } else if k.is_empty() {
                Some("Enter the RefAssured API key.".to_string())
            } else if !c.is_empty() && parse_id(c).is_none() {
                Some(format!("“{}” is not a JobDiva candidate id (a whole number).", shorten(c)))
            } else if !m.is_empty() && (m.len() > MAX_EMAIL || normalise_email(m).is_none()) {
                Some(format!("“{}” is not an email address.", shorten(m)))
            } else if jd_any && (jd_client_id.is_none() || jd_user.trim().is_empty() || jd_password.is_empty() || jd_base.trim().is_empty()) {
                Some("For direct JobDiva access, enter the API address, the numeric client id, the API user and its password.".to_string())
            } else if sr_any && !sr_base.trim().starts_with("http") {
                Some("For direct Staffing Referrals access, enter the agency's Staffing Referrals address (https://…) and the API token.".to_string())
            } else {
                None
            };
            invalid.set(problem.clone());
            if problem.is_none() {
                let direct = Direct {
                    jobdiva: jd_any.then(|| (jd_base.trim().to_string(), jd_client_id.unwrap_or_default(), jd_user.trim().to_string(), (*jd_password).clone())),
                    staffing: sr_any.then(|| (sr_base.trim().to_string(), sr_token.trim().to_string())),
                };
                on_submit.emit(StandaloneInput { api_key: k, candidate_id: parse_id(c), user_email: Some(m.to_string()).filter(|m| !m.is_empty()), direct });
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

                <details class="direct">
                    <summary>{ "Direct access (admins, optional)" }</summary>
                    <p class="hint">{ "Without these, JobDiva and Staffing Referrals are reached through RefAssured with the API key alone. Kept in this page's memory only, never stored." }</p>
                    <label for="jd-base">{ "JobDiva API address" }</label>
                    <input id="jd-base" value={(*jd_base).clone()} oninput={bind(&jd_base)} />
                    <label for="jd-client">{ "JobDiva client id" }</label>
                    <input id="jd-client" inputmode="numeric" value={(*jd_client).clone()} oninput={bind(&jd_client)} />
                    <label for="jd-user">{ "JobDiva API user" }</label>
                    <input id="jd-user" autocomplete="username" value={(*jd_user).clone()} oninput={bind(&jd_user)} />
                    <label for="jd-password">{ "JobDiva API password" }</label>
                    <input id="jd-password" type="password" autocomplete="current-password" value={(*jd_password).clone()} oninput={bind(&jd_password)} />
                    <label for="sr-base">{ "Staffing Referrals address" }</label>
                    <input id="sr-base" placeholder="https://your-agency.staffingreferrals.com" value={(*sr_base).clone()} oninput={bind(&sr_base)} />
                    <label for="sr-token">{ "Staffing Referrals API token" }</label>
                    <input id="sr-token" type="password" autocomplete="off" value={(*sr_token).clone()} oninput={bind(&sr_token)} />
                </details>

                if let Some(msg) = message {
                    <p id="settings-error" class="field-error" role="alert">{ msg }</p>
                }
                <button type="submit" disabled={props.checking}>{ if props.checking { "Checking the key…" } else { "Continue" } }</button>
            </form>
        </main>
    }
}

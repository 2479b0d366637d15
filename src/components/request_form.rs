use crate::flows::requests::{self, JobChoice};
use crate::components::format::error_box;
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::ats::Candidate;
use crate::domain::contact_info::normalise_email;
use crate::domain::reference::{RefRequest, Survey};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    pub candidate: Candidate,
    /// The requestor: the current user.
    pub owner_email: Option<AttrValue>,
    pub on_created: Callback<RefRequest>,
    pub on_cancel: Callback<()>,
}

fn submission_key(candidate: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    let r = (js_sys::Math::random() * 1e12) as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let r = 0;
    format!("request:{candidate}:{r:x}")
}

/// Request a new reference check: the job (from the candidate's submittals), the survey, the owner.
#[function_component(RequestForm)]
pub fn request_form(props: &RequestFormProps) -> Html {
    let options = use_load(props.candidate.id, |s, id| async move { requests::request_options(&s, id).await });
    let job = use_state(String::new);
    let survey = use_state(|| None::<u64>);
    let owner = use_state(|| props.owner_email.as_deref().unwrap_or_default().to_string());
    let invalid = use_state(|| None::<&'static str>);
    // One key per form: resubmitting after a failure or timeout cannot create a second request.
    let key = use_state(|| submission_key(props.candidate.id));
    let (act, submit) = use_action(
        |s, (c, job, survey, owner, key): (Candidate, String, u64, String, String)| async move { requests::request_check(&s, &c, &job, survey, &owner, &key).await },
        props.on_created.clone(),
    );

    let none: (Vec<JobChoice>, Vec<Survey>) = Default::default();
    let (jobs, surveys) = match &options.state {
        Load::Ready(v, _) => &**v,
        _ => &none,
    };
    let chosen_survey = (*survey).or_else(|| surveys.first().map(|s| s.id));
    let onsubmit = {
        let (job, owner, invalid, submit, candidate, key) = (job.clone(), owner.clone(), invalid.clone(), submit.clone(), props.candidate.clone(), key.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let owner_ok = normalise_email(&owner).is_some();
            match (job.trim().is_empty(), chosen_survey, owner_ok) {
                (true, _, _) => invalid.set(Some("Choose the job the reference check is for.")),
                (_, None, _) => invalid.set(Some("Choose a survey.")),
                (_, _, false) => invalid.set(Some("Enter the requestor's email address.")),
                (false, Some(sv), true) => {
                    invalid.set(None);
                    submit.emit((candidate.clone(), job.trim().to_string(), sv, owner.trim().to_string(), (*key).clone()));
                }
            }
        })
    };
    let on_job = {
        let job = job.clone();
        Callback::from(move |e: Event| job.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_job_text = {
        let job = job.clone();
        Callback::from(move |e: InputEvent| job.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_survey = {
        let survey = survey.clone();
        Callback::from(move |e: Event| survey.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()))
    };
    let on_owner = {
        let owner = owner.clone();
        Callback::from(move |e: InputEvent| owner.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let cancel = props.on_cancel.clone();
    let has_email = props.candidate.email.is_some();

    html! {
        <form class="request-form" onsubmit={onsubmit} novalidate=true aria-labelledby="request-form-title" data-testid="request-form">
            <h3 id="request-form-title">{ "Request a reference check" }</h3>
            if !has_email {
                <p class="panel-error" role="alert">{ "JobDiva has no email for this candidate; RefAssured needs one to contact them. Add it in JobDiva first." }</p>
            }
            {
                match &options.state {
                    Load::Loading => html! { <p class="muted" role="status">{ "Loading the candidate's jobs and the surveys…" }</p> },
                    Load::Failed(e) => error_box(e, Some(options.reload.clone())),
                    Load::Ready(..) => html! {
                        <>
                            <label for="request-job">{ "Job" }</label>
                            if jobs.is_empty() {
                                <input id="request-job" placeholder="Job title" value={(*job).clone()} oninput={on_job_text} />
                                <p class="hint">{ "No submittals in JobDiva: type the job title." }</p>
                            } else {
                                <select id="request-job" onchange={on_job}>
                                    <option value="" selected={job.is_empty()}>{ "Choose a job…" }</option>
                                    { for jobs.iter().map(|j| {
                                        let label = match &j.company { Some(c) => format!("{} — {c}", j.title), None => j.title.clone() };
                                        html! { <option value={j.title.clone()} selected={*job == j.title}>{ label }</option> }
                                    }) }
                                </select>
                            }
                            <label for="request-survey">{ "Survey" }</label>
                            <select id="request-survey" onchange={on_survey}>
                                { for surveys.iter().map(|s| html! { <option value={s.id.to_string()} selected={chosen_survey == Some(s.id)}>{ s.name.clone() }</option> }) }
                            </select>
                            <label for="request-owner">{ "Requested by" }</label>
                            <input id="request-owner" type="email" value={(*owner).clone()} oninput={on_owner} />
                        </>
                    },
                }
            }
            if let Some(msg) = *invalid { <p class="field-error" role="alert">{ msg }</p> }
            if let Act::Failed(e) = &act { { error_box(e, None) } }
            <div class="form-actions">
                <button type="submit" disabled={act.busy() || !has_email || !matches!(options.state, Load::Ready(..))}>
                    { if act.busy() { "Sending…" } else { "Send request" } }
                </button>
                <button type="button" class="secondary" onclick={move |_| cancel.emit(())}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

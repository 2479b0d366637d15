use crate::components::format::when;
use crate::components::reference_row::ReferenceRow;
use crate::domain::ats::Candidate;
use crate::domain::reference::RefRequest;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RequestCardProps {
    pub request: RefRequest,
    pub candidate: Option<Candidate>,
    pub candidate_id: u64,
    #[prop_or_default]
    pub recruiter_id: Option<u64>,
}

/// One reference check: job, who asked, when, progress, and its references.
#[function_component(RequestCard)]
pub fn request_card(props: &RequestCardProps) -> Html {
    let q = &props.request;
    let done = q.references.iter().filter(|r| r.status == "completed").count();
    let of = (q.references_required as usize).max(q.references.len());
    let requested_by = if q.owner.name.trim().is_empty() { q.owner.email.clone() } else { q.owner.name.clone() };
    html! {
        <article class="request" data-testid="request" data-request-id={q.id.to_string()}>
            <header>
                <h3>{ if q.job_title.is_empty() { "Reference check".to_string() } else { q.job_title.clone() } }</h3>
                <p class="muted">{ format!("Requested by {requested_by} on {}", when(&q.created_at)) }</p>
                <p class="progress" data-testid="progress">
                    { format!("{done} of {of} completed") }
                    if q.status == "cancelled" { <span class="muted">{ " · cancelled" }</span> }
                </p>
            </header>
            if q.references.is_empty() {
                <p class="muted">{ "No references yet: the candidate has not named any." }</p>
            } else {
                <ul class="references">
                    { for q.references.iter().map(|r| html! {
                        <ReferenceRow key={r.id} reference={r.clone()} request={q.clone()} candidate={props.candidate.clone()}
                            candidate_id={props.candidate_id} recruiter_id={props.recruiter_id} />
                    }) }
                </ul>
            }
        </article>
    }
}

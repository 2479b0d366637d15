use crate::flows;
use crate::components::format::{error_box, freshness, use_ready};
use crate::components::hooks::{use_load, Load};
use crate::components::request_card::RequestCard;
use crate::components::request_form::RequestForm;
use crate::domain::ats::Candidate;
use crate::domain::reference::RefRequest;
use yew::prelude::*;

/// Reference checks rendered at first (the newest); the rest on request.
const FIRST_SHOWN: usize = 10;

#[derive(Properties, PartialEq)]
pub struct ReferencesPanelProps {
    pub candidate_id: u64,
    pub candidate: Option<Candidate>,
    #[prop_or_default]
    pub user_email: Option<AttrValue>,
    #[prop_or_default]
    pub recruiter_id: Option<u64>,
}

/// The candidate's reference checks from RefAssured, and requesting a new one.
#[function_component(ReferencesPanel)]
pub fn references_panel(props: &ReferencesPanelProps) -> Html {
    let requests = use_load(props.candidate_id, |s, id| async move { flows::requests(&s, id).await });
    let form_open = use_state(|| false);
    let show_all = use_state(|| false);
    use_ready(matches!(requests.state, Load::Ready(..) | Load::Failed(_)), "ra:ready:references");
    let at = requests.state.at();
    let on_created = {
        let (replace, form_open, current) = (requests.replace.clone(), form_open.clone(), requests.state.clone());
        Callback::from(move |created: RefRequest| {
            let mut list = match &current {
                Load::Ready(l, _) => (**l).clone(),
                _ => Vec::new(),
            };
            list.retain(|r| r.id != created.id);
            list.insert(0, created);
            replace.emit(list);
            form_open.set(false);
        })
    };
    let open_form = {
        let form_open = form_open.clone();
        Callback::from(move |_| form_open.set(true))
    };
    let close_form = {
        let form_open = form_open.clone();
        Callback::from(move |_| form_open.set(false))
    };
    let body = match &requests.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading reference checks…" }</p> },
        Load::Failed(e) => error_box(e, Some(requests.reload.clone())),
        Load::Ready(list, _) if list.is_empty() => html! { <p class="muted" data-state="empty">{ "No reference checks for this candidate yet." }</p> },
        Load::Ready(list, _) => {
            // The newest checks first; a long history renders on request, not all at once.
            let shown = if *show_all { list.len() } else { list.len().min(FIRST_SHOWN) };
            let more = {
                let show_all = show_all.clone();
                Callback::from(move |_| show_all.set(true))
            };
            html! {
                <div class="requests" data-state="ready">
                    { for list.iter().take(shown).map(|q| html! {
                        <RequestCard key={q.id} request={q.clone()} candidate={props.candidate.clone()} candidate_id={props.candidate_id} recruiter_id={props.recruiter_id} />
                    }) }
                    if shown < list.len() {
                        <button type="button" class="secondary" onclick={more} data-testid="show-all-requests">
                            { format!("Show all {} reference checks", list.len()) }
                        </button>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="panel" id="references" aria-labelledby="references-title">
            <div class="panel-head">
                <h2 id="references-title">{ "Reference checks" }</h2>
                { freshness(at, requests.refreshing && at.is_some(), requests.reload.clone(), "reference checks") }
            </div>
            if *form_open {
                if let Some(c) = &props.candidate {
                    <RequestForm candidate={c.clone()} owner_email={props.user_email.clone()} on_created={on_created} on_cancel={close_form} />
                }
            } else {
                <button type="button" class="new-request" onclick={open_form} disabled={props.candidate.is_none()}>{ "Request a reference check" }</button>
            }
            { body }
        </section>
    }
}

use crate::components::format::{error_box, freshness};
use crate::components::hooks::Load;
use crate::domain::ats::Candidate;
use crate::domain::contact_info::PhoneKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CandidateHeaderProps {
    pub candidate_id: u64,
    #[prop_or_default]
    pub user_email: Option<AttrValue>,
    /// The candidate from JobDiva (`None` inside `Ready`: JobDiva does not know this id).
    pub candidate: Load<Option<Candidate>>,
    #[prop_or_default]
    pub refreshing: bool,
    pub reload: Callback<()>,
    /// Standalone mode offers to switch candidate.
    #[prop_or_default]
    pub on_change_candidate: Option<Callback<()>>,
}

fn phone_label(k: PhoneKind) -> &'static str {
    match k {
        PhoneKind::Work => "Work",
        PhoneKind::Home => "Home",
        PhoneKind::Cell => "Cell",
        PhoneKind::Fax => "Fax",
        PhoneKind::Other => "Phone",
    }
}

/// The tab's header: which candidate (from JobDiva), and who is looking.
#[function_component(CandidateHeader)]
pub fn candidate_header(props: &CandidateHeaderProps) -> Html {
    let change = props.on_change_candidate.clone().map(|cb| {
        html! { <button type="button" class="link" onclick={move |_| cb.emit(())}>{ "Change candidate" }</button> }
    });
    let at = props.candidate.at();
    let details = match &props.candidate {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading the candidate from JobDiva…" }</p> },
        Load::Failed(e) => error_box(e, Some(props.reload.clone())),
        Load::Ready(c, _) => match &**c {
            None => html! {
                <p class="panel-error" role="alert" data-testid="candidate-unknown">
                    { format!("JobDiva has no candidate {}. Reopen the tab from the candidate's record.", props.candidate_id) }
                </p>
            },
            Some(c) => html! {
                <div class="candidate-details" data-testid="candidate-details">
                    <p class="candidate-name" data-testid="candidate-name">{ c.full_name() }</p>
                    <ul class="facts">
                        if let Some(e) = &c.email { <li><a href={format!("mailto:{e}")}>{ e.clone() }</a></li> }
                        { for c.phones.iter().map(|p| html! { <li>{ format!("{}: {}", phone_label(p.kind), p.number) }</li> }) }
                        if !c.address.locality().is_empty() { <li>{ c.address.locality() }</li> }
                        if let Some(t) = &c.title { <li>{ t.clone() }</li> }
                    </ul>
                </div>
            },
        },
    };
    // `elementtiming`: the browser reports when these were painted (bench/time_to_content.mjs):
    // the first render's heading, and the candidate's id (unless index.html's shell showed it
    // first: "skeleton painted").
    html! {
        <header class="tab-header">
            <div class="tab-header-main">
                <h1 elementtiming="ra-app">{ "RefAssured" }</h1>
                <p class="candidate-id" elementtiming="ra-skeleton">
                    { "JobDiva candidate " }
                    <span data-testid="candidate-id">{ props.candidate_id }</span>
                </p>
                { details }
            </div>
            <div class="tab-header-side">
                if let Some(email) = &props.user_email {
                    <span class="muted" data-testid="user-email">{ email.clone() }</span>
                }
                { freshness(at, props.refreshing, props.reload.clone(), "candidate") }
                { for change }
            </div>
        </header>
    }
}

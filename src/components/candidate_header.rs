use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CandidateHeaderProps {
    pub candidate_id: u64,
    #[prop_or_default]
    pub user_email: Option<AttrValue>,
    /// Standalone mode offers to switch candidate.
    #[prop_or_default]
    pub on_change_candidate: Option<Callback<()>>,
}

/// The tab's header: which candidate, and who is looking.
#[function_component(CandidateHeader)]
pub fn candidate_header(props: &CandidateHeaderProps) -> Html {
    let change = props.on_change_candidate.clone().map(|cb| {
        html! { <button type="button" class="link" onclick={move |_| cb.emit(())}>{ "Change candidate" }</button> }
    });
    html! {
        <header class="tab-header">
            <div>
                <h1>{ "RefAssured" }</h1>
                <p class="candidate-id">
                    { "JobDiva candidate " }
                    <span data-testid="candidate-id">{ props.candidate_id }</span>
                </p>
            </div>
            <div class="tab-header-side">
                if let Some(email) = &props.user_email {
                    <span class="muted" data-testid="user-email">{ email.clone() }</span>
                }
                { for change }
            </div>
        </header>
    }
}

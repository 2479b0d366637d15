use crate::components::candidate_header::CandidateHeader;
use crate::components::panel::{Panel, PanelState};
use crate::domain::context::HostContext;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub context: HostContext,
    #[prop_or_default]
    pub on_change_candidate: Option<Callback<()>>,
}

/// The RefAssured tab for one candidate: header and panels.
#[function_component(Tab)]
pub fn tab(props: &TabProps) -> Html {
    let ctx = &props.context;
    html! {
        <main class="tab" data-testid="tab">
            <CandidateHeader
                candidate_id={ctx.candidate_id}
                user_email={ctx.user_email.clone().map(AttrValue::from)}
                on_change_candidate={props.on_change_candidate.clone()} />
            <div class="panels">
                <Panel id="references" title="Reference checks" state={PanelState::NotLoaded} />
                <Panel id="opt-ins" title="Opt-ins" state={PanelState::NotLoaded} />
                <Panel id="referral" title="Referral status" state={PanelState::NotLoaded} />
            </div>
        </main>
    }
}

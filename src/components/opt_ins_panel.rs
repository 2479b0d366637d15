use crate::components::opt_in_list::OptInList;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptInsPanelProps {
    pub candidate_id: u64,
}

/// Reference-givers on this candidate's checks who opted in as talent or sales leads.
#[function_component(OptInsPanel)]
pub fn opt_ins_panel(props: &OptInsPanelProps) -> Html {
    html! { <OptInList id="opt-ins" title="Opt-ins" candidate_id={Some(props.candidate_id)} /> }
}

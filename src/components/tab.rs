use crate::api::error::{ApiError, Upstream};
use crate::flows;
use crate::components::candidate_header::CandidateHeader;
use crate::components::format::{use_mark_when, use_ready};
use crate::components::hooks::{use_load, Load};
use crate::components::opt_ins_panel::OptInsPanel;
use crate::components::referral_panel::ReferralPanel;
use crate::components::references_panel::ReferencesPanel;
use crate::domain::context::HostContext;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub context: HostContext,
    #[prop_or_default]
    pub on_change_candidate: Option<Callback<()>>,
}

/// How many of the tab's parts report their first answer shown
/// ([`crate::components::format::use_ready`]): the candidate, the reference checks, the opt-ins
/// and the referral.
pub const PANELS: usize = 4;

/// The RefAssured tab for one candidate. Every panel starts loading at once.
#[function_component(Tab)]
pub fn tab(props: &TabProps) -> Html {
    let ctx = &props.context;
    let candidate = use_load(ctx.candidate_id, |s, id| async move { flows::candidate(&s, id).await });
    use_mark_when(true, "ra:skeleton");
    use_ready(matches!(candidate.state, Load::Ready(..) | Load::Failed(_)), "ra:ready:candidate");
    // A refused key fails every panel the same way: say it once, with the fix.
    if let Load::Failed(ApiError::Unauthorized { upstream: Upstream::RefAssured, .. }) = &candidate.state {
        let retry = candidate.reload.clone();
        return html! {
            <main class="error-screen" role="alert" data-testid="key-refused">
                <h1>{ "RefAssured refused the API key" }</h1>
                <p class="headline">{ "The key JobDiva passed to this tab is wrong or has been revoked." }</p>
                <p>{ "A Team Leader (Admin) copies a current key from RefAssured (Settings → ATS Integration → JobDiva) into JobDiva: Settings → My Team → Profile → Manage RefAssured." }</p>
                <button type="button" onclick={move |_| retry.emit(())}>{ "Try again" }</button>
            </main>
        };
    }
    let known = match &candidate.state {
        Load::Ready(c, _) => (**c).clone(),
        _ => None,
    };
    html! {
        <main class="tab" data-testid="tab">
            <CandidateHeader
                candidate_id={ctx.candidate_id}
                user_email={ctx.user_email.clone().map(AttrValue::from)}
                candidate={candidate.state.clone()}
                refreshing={candidate.refreshing && matches!(candidate.state, Load::Ready(..))}
                reload={candidate.reload.clone()}
                on_change_candidate={props.on_change_candidate.clone()} />
            <div class="panels">
                <ReferencesPanel candidate_id={ctx.candidate_id} candidate={known.clone()}
                    user_email={ctx.user_email.clone().map(AttrValue::from)} recruiter_id={ctx.user_id} />
                <OptInsPanel candidate_id={ctx.candidate_id} />
                <ReferralPanel candidate_id={ctx.candidate_id} candidate={known} user_email={ctx.user_email.clone().map(AttrValue::from)} />
            </div>
        </main>
    }
}

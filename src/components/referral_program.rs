use crate::components::campaigns_panel::CampaignsPanel;
use crate::components::invites_panel::InvitesPanel;
use crate::components::recruiters_panel::RecruitersPanel;
use crate::components::status_back_panel::StatusBackPanel;
use crate::components::sync_attention::SyncAttention;
use crate::components::sync_panel::SyncPanel;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReferralProgramProps {
    pub on_back: Callback<()>,
    /// The admin's email, shown to other admins on a run they start.
    #[prop_or_default]
    pub admin: Option<AttrValue>,
}

/// The admin console's referral program: Staffing Referrals ↔ JobDiva.
#[function_component(ReferralProgram)]
pub fn referral_program(props: &ReferralProgramProps) -> Html {
    let back = props.on_back.clone();
    // The waiting list is loaded afresh whenever a run stops or ends.
    let settled = use_state(|| 0u32);
    let on_settled = {
        let settled = settled.clone();
        Callback::from(move |_| settled.set(*settled + 1))
    };
    html! {
        <main class="tab console" data-testid="referral-program">
            <h1>{ "Referral program" }</h1>
            <p><button type="button" class="link" onclick={move |_| back.emit(())}>{ "← Find a candidate" }</button></p>
            <SyncPanel admin={props.admin.clone()} on_settled={on_settled} />
            <SyncAttention key={*settled} />
            <StatusBackPanel admin={props.admin.clone()} />
            <InvitesPanel admin={props.admin.clone()} />
            <RecruitersPanel />
            <CampaignsPanel />
        </main>
    }
}

use crate::flows::referral;
use crate::api::staffing_referrals::MatchedBy;
use crate::components::ambassador_panel::AmbassadorPanel;
use crate::components::format::{error_box, freshness, use_ready, when};
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::referral::{status_key, Referral, STATUSES};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReferralPanelProps {
    pub candidate_id: u64,
    /// The JobDiva candidate, once loaded (the ambassador part needs their email).
    #[prop_or_default]
    pub candidate: Option<crate::domain::ats::Candidate>,
    #[prop_or_default]
    pub user_email: Option<AttrValue>,
}

/// The candidate's referral in Staffing Referrals: who referred them, and its status; and the
/// candidate as an ambassador (invite, stop contacting).
#[function_component(ReferralPanel)]
pub fn referral_panel(props: &ReferralPanelProps) -> Html {
    let referral = use_load(props.candidate_id, referral::candidate_referral);
    use_ready(matches!(referral.state, Load::Ready(..) | Load::Failed(_)), "ra:ready:referral");
    let choice = use_state(String::new);
    let confirming = use_state(|| false);
    let (act, change) = {
        let (replace, current, confirming) = (referral.replace.clone(), referral.state.clone(), confirming.clone());
        use_action(
            |s, (id, key): (u64, String)| async move { referral::set_referral_status(&s, id, &key).await },
            Callback::from(move |updated: Referral| {
                confirming.set(false);
                if let Load::Ready(r, _) = &current {
                    if let Some((_, by)) = &**r {
                        replace.emit(Some((updated, *by)));
                    }
                }
            }),
        )
    };
    let at = referral.state.at();
    let body = match &referral.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Looking the candidate up in Staffing Referrals…" }</p> },
        Load::Failed(e) => error_box(e, Some(referral.reload.clone())),
        Load::Ready(v, _) => match &**v {
            None => html! { <p data-state="empty" data-testid="no-referral">{ "No referral: Staffing Referrals has no applicant matching this candidate." }</p> },
            Some((r, by)) => {
                let matched = match by {
                    MatchedBy::AtsId => "matched by JobDiva id",
                    MatchedBy::Email => "matched by email",
                    MatchedBy::Phone => "matched by phone",
                };
                let person = |p: &Option<crate::domain::referral::SrUser>| p.as_ref().map(|p| p.full_name()).filter(|n| !n.is_empty()).unwrap_or_else(|| "Unknown".into());
                let ambassador = if r.is_direct_applicant() { "Direct applicant (applied through the recruiter's link)".to_string() } else { person(&r.ambassador) };
                let current_key = status_key(&r.status).unwrap_or("");
                let selected = if choice.is_empty() { current_key.to_string() } else { (*choice).clone() };
                let label_of = |k: &str| STATUSES.iter().find(|(key, _)| *key == k).map(|(_, l)| *l).unwrap_or("");
                let on_select = {
                    let (choice, confirming) = (choice.clone(), confirming.clone());
                    Callback::from(move |e: Event| {
                        choice.set(e.target_unchecked_into::<HtmlSelectElement>().value());
                        confirming.set(false);
                    })
                };
                let ask = {
                    let confirming = confirming.clone();
                    Callback::from(move |_| confirming.set(true))
                };
                let confirm = {
                    let (change, id, key) = (change.clone(), r.id, selected.clone());
                    Callback::from(move |_| change.emit((id, key.clone())))
                };
                let cancel = {
                    let (confirming, choice) = (confirming.clone(), choice.clone());
                    Callback::from(move |_| {
                        confirming.set(false);
                        choice.set(String::new());
                    })
                };
                html! {
                    <div data-state="ready" data-testid="referral">
                        <p class="referral-status">
                            <span class={classes!("status", format!("status-{current_key}"))} data-testid="referral-status">{ r.status.clone() }</span>
                            <span class="muted">{ format!(" · {matched}") }</span>
                        </p>
                        <dl class="facts-grid">
                            <dt>{ "Referred by" }</dt><dd data-testid="ambassador">{ ambassador }</dd>
                            <dt>{ "Recruiter" }</dt><dd>{ person(&r.recruiter) }</dd>
                            if let Some(c) = &r.campaign {
                                <dt>{ "Campaign" }</dt><dd>{ c.name.clone() }</dd>
                                <dt>{ "Bonuses" }</dt>
                                <dd>{ format!("Applicant {} · Ambassador {}{}", c.applicant_bonus.clone().unwrap_or_else(|| "—".into()),
                                    c.ambassador_bonus.clone().unwrap_or_else(|| "—".into()), if c.is_bonus_per_hour == Some(true) { " per hour" } else { "" }) }</dd>
                            }
                            if let Some(o) = r.opportunity.as_ref().and_then(|o| o.message.clone()) { <dt>{ "Opportunity" }</dt><dd>{ o }</dd> }
                            if let Some(t) = &r.created_at { <dt>{ "Referred" }</dt><dd>{ when(t) }</dd> }
                        </dl>
                        <div class="status-change">
                            <label for="referral-status-select">{ "Change status" }</label>
                            <select id="referral-status-select" onchange={on_select} disabled={act.busy()}>
                                { for STATUSES.iter().map(|(k, l)| html! { <option value={*k} selected={selected == *k}>{ *l }</option> }) }
                            </select>
                            if *confirming && selected != current_key {
                                <div class="confirm" role="group" aria-label="Confirm the status change">
                                    <p>{ format!("Change the referral from {} to {}?", r.status, label_of(&selected)) }</p>
                                    <button type="button" onclick={confirm} disabled={act.busy()}>{ if act.busy() { "Saving…" } else { "Confirm" } }</button>
                                    <button type="button" class="secondary" onclick={cancel} disabled={act.busy()}>{ "Cancel" }</button>
                                </div>
                            } else {
                                <button type="button" onclick={ask} disabled={selected == current_key}>{ "Update status" }</button>
                            }
                            if let Act::Failed(e) = &act { { error_box(e, None) } }
                        </div>
                    </div>
                }
            }
        },
    };
    html! {
        <section class="panel" id="referral" aria-labelledby="referral-title">
            <div class="panel-head">
                <h2 id="referral-title">{ "Referral status" }</h2>
                { freshness(at, referral.refreshing && at.is_some(), referral.reload.clone(), "referral status") }
            </div>
            { body }
            if let Some(c) = &props.candidate {
                <AmbassadorPanel candidate={c.clone()} user_email={props.user_email.clone()} />
            }
        </section>
    }
}

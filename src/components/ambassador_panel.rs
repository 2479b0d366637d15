use crate::api::host;
use crate::api::refassured::program::InviteState;
use crate::components::format::{error_box, morning_of, use_mark_when};
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::ats::Candidate;
use crate::flows::ambassadors::{self, InviteOptions, Standing};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AmbassadorPanelProps {
    pub candidate: Candidate,
    /// The recruiter using the tab: the invitation comes from them.
    #[prop_or_default]
    pub user_email: Option<AttrValue>,
}

/// The candidate in the ambassador program: invite them (`Send Invitation`, noted in JobDiva
/// with their links), or tell Staffing Referrals to stop contacting one who is an ambassador.
#[function_component(AmbassadorPanel)]
pub fn ambassador_panel(props: &AmbassadorPanelProps) -> Html {
    let c = props.candidate.clone();
    let standing = use_load(c.clone(), |s, c| async move { ambassadors::standing(&s, c.id, c.email.as_deref()).await });
    // Read by bench/time_to_content.mjs (not one of the panels the first wave waits for: this
    // part appears only once the candidate has).
    use_mark_when(matches!(standing.state, Load::Ready(..) | Load::Failed(_)), "ra:ready:ambassador");
    let holder = use_memo((), |_| host::random_id("tab"));
    let form_open = use_state(|| false);
    let day = use_state(String::new);
    let squelch = use_state(|| false);
    let confirm_stop = use_state(|| false);
    let (invite_act, invite) = {
        let reload = standing.reload.clone();
        use_action(
            |s, (c, o): (Candidate, InviteOptions)| async move { ambassadors::invite(&s, &c, &o).await },
            Callback::from(move |_| reload.emit(())),
        )
    };
    let (stop_act, stop) = {
        let (reload, confirm_stop) = (standing.reload.clone(), confirm_stop.clone());
        use_action(
            |s, id: u64| async move { ambassadors::stop_contacting(&s, id).await },
            Callback::from(move |_| {
                confirm_stop.set(false);
                reload.emit(())
            }),
        )
    };
    let body = match &standing.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Checking the ambassador program…" }</p> },
        Load::Failed(e) => error_box(e, Some(standing.reload.clone())),
        Load::Ready(st, _) => {
            let Standing { user, invite: record } = &**st;
            // The invitation's note was sent with no answer (here, in another tab, or one that
            // closed): it is never sent again, so a person checks.
            let unsure = record.as_ref().filter(|r| r.state == InviteState::NeedsPerson || (r.state == InviteState::Writing && r.step.as_deref() == Some("note")));
            let waiting = unsure.map(|_| {
                html! { <p class="warn" role="note" data-testid="invite-needs-person">{ "Invited, but the JobDiva note recording it was sent without a confirmed answer: check this candidate's notes before adding one." }</p> }
            });
            if st.is_ambassador() {
                let u = user.clone().unwrap_or_default();
                let active = u.status.as_deref().is_none_or(|s| s.eq_ignore_ascii_case("active"));
                let accepted = if u.is_accepted == Some(true) { "accepted the invitation" } else { "has not accepted the invitation yet" };
                let ask = {
                    let confirm_stop = confirm_stop.clone();
                    Callback::from(move |_: MouseEvent| confirm_stop.set(true))
                };
                let cancel = {
                    let confirm_stop = confirm_stop.clone();
                    Callback::from(move |_: MouseEvent| confirm_stop.set(false))
                };
                let confirm = {
                    let (stop, id) = (stop.clone(), u.id);
                    Callback::from(move |_: MouseEvent| stop.emit(id))
                };
                html! {
                    <div data-testid="ambassador-standing" data-state="ready">
                        <p>{ format!("Ambassador · {} · {accepted}.", u.status.clone().unwrap_or_else(|| "Active".into())) }</p>
                        if let Some(link) = u.apply_url.clone() { <p class="muted">{ "Referral link: " }<a href={link.clone()} target="_blank" rel="noopener noreferrer">{ link }</a></p> }
                        { for waiting }
                        if active {
                            if *confirm_stop {
                                <div class="confirm" role="group" aria-label="Confirm stop contacting">
                                    <p>{ "Staffing Referrals will stop emailing and texting this ambassador. Their referrals stay." }</p>
                                    <button type="button" onclick={confirm} disabled={stop_act.busy()}>{ if stop_act.busy() { "Saving…" } else { "Stop contacting" } }</button>
                                    <button type="button" class="secondary" onclick={cancel} disabled={stop_act.busy()}>{ "Cancel" }</button>
                                </div>
                            } else {
                                <button type="button" class="secondary" onclick={ask}>{ "Stop contacting…" }</button>
                            }
                        } else {
                            <p class="muted" data-testid="not-contacted">{ "Staffing Referrals no longer contacts this ambassador." }</p>
                        }
                        if let Act::Failed(e) = &stop_act { { error_box(e, None) } }
                    </div>
                }
            } else if let Some(u) = user {
                html! { <p data-state="ready" data-testid="sr-user">{ format!("In Staffing Referrals as {}: not invited as an ambassador.", u.role_name.clone().unwrap_or_else(|| "a user".into())) }</p> }
            } else {
                let no_email = c.email.as_deref().is_none_or(|e| e.trim().is_empty());
                let recruiter = props.user_email.clone().map(|e| e.to_string()).unwrap_or_default();
                let send_at = Some(day.as_str()).filter(|d| !d.is_empty()).and_then(|d| morning_of(d, 0));
                let bad_day = !day.is_empty() && send_at.is_none();
                let open = {
                    let form_open = form_open.clone();
                    Callback::from(move |_: MouseEvent| form_open.set(!*form_open))
                };
                let onsubmit = {
                    let (invite, c, holder, squelch, send_at, recruiter) = (invite.clone(), c.clone(), (*holder).clone(), *squelch, send_at.clone(), recruiter.clone());
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        let o = InviteOptions { recruiter_email: recruiter.clone(), send_at: send_at.clone(), squelch, by: recruiter.clone(), holder: holder.clone() };
                        invite.emit((c.clone(), o));
                    })
                };
                let on_day = {
                    let day = day.clone();
                    Callback::from(move |e: InputEvent| day.set(e.target_unchecked_into::<HtmlInputElement>().value()))
                };
                let on_squelch = {
                    let squelch = squelch.clone();
                    Callback::from(move |e: Event| squelch.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
                };
                let failed = record.as_ref().filter(|r| r.state == InviteState::Failed).and_then(|r| r.reason.clone());
                html! {
                    <div data-state="ready" data-testid="not-ambassador">
                        <p>{ "Not an ambassador in Staffing Referrals." }</p>
                        if let Some(why) = failed { <p class="muted">{ format!("The last invitation stopped: {why}") }</p> }
                        if no_email {
                            <p class="muted">{ "Staffing Referrals invites by email: add one to the candidate in JobDiva first." }</p>
                        } else if recruiter.is_empty() {
                            <p class="muted">{ "The tab does not know your email, so it cannot send an invitation from you." }</p>
                        } else if !*form_open {
                            <button type="button" onclick={open}>{ "Invite as ambassador…" }</button>
                        } else {
                            <form class="settings" onsubmit={onsubmit} data-testid="invite-form">
                                <label for="invite-day">{ "Start the invitation emails on (empty: now)" }</label>
                                <input id="invite-day" type="date" value={(*day).clone()} oninput={on_day} disabled={invite_act.busy()} />
                                if bad_day { <p class="field-error" role="alert">{ "That date is not valid." }</p> }
                                <label class="check"><input type="checkbox" checked={*squelch} onchange={on_squelch} disabled={invite_act.busy()} />{ " Create quietly (send no invitation email)" }</label>
                                <p class="muted">{ format!("From {recruiter}. The invitation and the ambassador's links are noted in JobDiva.") }</p>
                                <div class="form-actions">
                                    <button type="submit" disabled={invite_act.busy() || bad_day}>{ if invite_act.busy() { "Inviting…" } else { "Send the invitation" } }</button>
                                    <button type="button" class="secondary" onclick={open} disabled={invite_act.busy()}>{ "Cancel" }</button>
                                </div>
                            </form>
                        }
                        if let Act::Failed(e) = &invite_act { { error_box(e, None) } }
                    </div>
                }
            }
        }
    };
    html! {
        <div class="ambassador" aria-labelledby="ambassador-title">
            <h3 id="ambassador-title">{ "Ambassador program" }</h3>
            { body }
        </div>
    }
}

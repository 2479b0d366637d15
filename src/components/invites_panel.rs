use crate::api::host;
use crate::api::refassured::program::InviteState;
use crate::components::format::{error_box, morning_of, today};
use crate::components::hooks::{use_load, use_services, Load};
use crate::domain::program::invite_day;
use crate::flows::ambassadors::{self, InviteOptions, Prospect};
use crate::flows::status_back;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Candidates checked at most per list (one JobDiva and two Staffing Referrals reads each).
const MAX_PROSPECTS: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Waiting,
    Sending,
    Sent(InviteState),
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub prospect: Prospect,
    pub outcome: Outcome,
}

/// What the invitations panel shows. Changed only by [`Action`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub rows: Vec<Row>,
    pub finding: bool,
    pub checking: bool,
    pub sending: bool,
    pub error: Option<String>,
}

pub enum Action {
    Finding(bool),
    CheckStarted,
    Checked(Box<Prospect>),
    CheckEnded,
    Failed(String),
    SendStarted,
    Sending(u64),
    Sent(u64, Result<InviteState, String>),
    SendEnded,
}

impl Reducible for View {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut v = (*self).clone();
        match action {
            Action::Finding(on) => {
                v.finding = on;
                v.error = None;
            }
            Action::CheckStarted => {
                v.rows.clear();
                v.checking = true;
                v.error = None;
            }
            Action::Checked(p) => v.rows.push(Row { prospect: *p, outcome: Outcome::Waiting }),
            Action::CheckEnded => v.checking = false,
            Action::Failed(e) => {
                (v.finding, v.checking, v.sending) = (false, false, false);
                v.error = Some(e);
            }
            Action::SendStarted => {
                v.sending = true;
                v.error = None;
            }
            Action::Sending(id) => v.set(id, Outcome::Sending),
            Action::Sent(id, r) => v.set(id, r.map_or_else(Outcome::Failed, Outcome::Sent)),
            Action::SendEnded => v.sending = false,
        }
        Rc::new(v)
    }
}

impl View {
    fn set(&mut self, id: u64, o: Outcome) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.prospect.id() == id) {
            r.outcome = o;
        }
    }

    /// The candidates still to invite, in order (a failed one is tried again).
    pub fn to_send(&self) -> Vec<crate::domain::ats::Candidate> {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Waiting | Outcome::Failed(_)))
            .filter_map(|r| match &r.prospect {
                Prospect::Invite(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    }
}

/// JobDiva ids in free text: digits runs, in order, without repeats.
pub fn ids_in(text: &str) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for id in text.split(|c: char| !c.is_ascii_digit()).filter_map(|t| t.parse().ok()) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct InvitesPanelProps {
    /// The admin sending the invitations (their Staffing Referrals email).
    #[prop_or_default]
    pub admin: Option<AttrValue>,
}

/// Invite JobDiva candidates as ambassadors in bulk: pick them (ids, or the applicants who
/// started), see who would be invited and who is skipped, then send one at a time, optionally
/// spread over days (`send_at`, N a day) or quietly; and who has accepted.
#[function_component(InvitesPanel)]
pub fn invites_panel(props: &InvitesPanelProps) -> Html {
    let services = use_services();
    let view = use_reducer(View::default);
    let text = use_state(String::new);
    let first_day = use_state(String::new);
    let per_day = use_state(String::new);
    let squelch = use_state(|| false);
    let holder = use_memo((), |_| host::random_id("console"));
    let accepted = use_load((), |s, _| async move { ambassadors::accepted(&s).await });
    let stop = use_mut_ref(|| Rc::new(Cell::new(false)));
    {
        let stop = stop.clone();
        use_effect_with((), move |_| move || stop.borrow().set(true));
    }

    let find = {
        let (services, dispatch, text, stop) = (services.clone(), view.dispatcher(), text.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            let (dispatch, text, stop) = (dispatch.clone(), text.clone(), stop.borrow().clone());
            dispatch.dispatch(Action::Finding(true));
            spawn_local(async move {
                let (today, mut page, mut found) = (today(), 0, ids_in(&text));
                while !stop.get() {
                    match status_back::started_applicants(&s, &today, page).await {
                        Ok((ids, remaining)) => {
                            found.extend(ids.into_iter().filter(|id| !found.contains(id)).collect::<Vec<_>>());
                            if remaining == 0 || found.len() >= MAX_PROSPECTS {
                                break;
                            }
                            page += 1;
                        }
                        Err(e) => return dispatch.dispatch(Action::Failed(e.to_string())),
                    }
                }
                text.set(found.iter().map(u64::to_string).collect::<Vec<_>>().join("\n"));
                dispatch.dispatch(Action::Finding(false));
            });
        })
    };

    let check = {
        let (services, dispatch, text, stop) = (services.clone(), view.dispatcher(), text.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            let (dispatch, ids, stop) = (dispatch.clone(), ids_in(&text), stop.borrow().clone());
            dispatch.dispatch(Action::CheckStarted);
            spawn_local(async move {
                for id in ids.into_iter().take(MAX_PROSPECTS) {
                    if stop.get() {
                        return;
                    }
                    match ambassadors::prospect(&s, id).await {
                        Ok(p) => dispatch.dispatch(Action::Checked(Box::new(p))),
                        Err(e) => return dispatch.dispatch(Action::Failed(e.to_string())),
                    }
                }
                dispatch.dispatch(Action::CheckEnded);
            });
        })
    };

    let first = Some((*first_day).clone()).filter(|d| !d.is_empty());
    let bad_day = first.as_deref().is_some_and(|d| morning_of(d, 0).is_none());
    let n_a_day: usize = per_day.trim().parse().unwrap_or(0);
    let bad_n = !per_day.trim().is_empty() && per_day.trim().parse::<usize>().is_err();

    let send = {
        let (services, dispatch, view, stop, holder) = (services.clone(), view.dispatcher(), view.clone(), stop.clone(), (*holder).clone());
        let (admin, first, squelch, reload) = (props.admin.clone().map(|a| a.to_string()).unwrap_or_default(), first.clone(), *squelch, accepted.reload.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            if view.sending || view.checking {
                return;
            }
            let (dispatch, stop, todo) = (dispatch.clone(), stop.borrow().clone(), view.to_send());
            let (admin, first, holder, reload) = (admin.clone(), first.clone(), holder.clone(), reload.clone());
            dispatch.dispatch(Action::SendStarted);
            spawn_local(async move {
                // One at a time: Staffing Referrals asks for no parallel invitations.
                for (k, c) in todo.into_iter().enumerate() {
                    if stop.get() {
                        return;
                    }
                    let day = invite_day(k, n_a_day);
                    // Day 0 with no first day chosen: now.
                    let send_at = match &first {
                        Some(d) => morning_of(d, day),
                        None if day > 0 => morning_of(&today(), day),
                        None => None,
                    };
                    let o = InviteOptions { recruiter_email: admin.clone(), send_at, squelch, by: admin.clone(), holder: holder.clone() };
                    dispatch.dispatch(Action::Sending(c.id));
                    let r = ambassadors::invite(&s, &c, &o).await.map(|i| i.state).map_err(|e| e.to_string());
                    dispatch.dispatch(Action::Sent(c.id, r));
                }
                dispatch.dispatch(Action::SendEnded);
                reload.emit(());
            });
        })
    };

    let v = &*view;
    let todo = v.to_send().len();
    let busy = v.finding || v.checking || v.sending;
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_squelch = {
        let squelch = squelch.clone();
        Callback::from(move |e: Event| squelch.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let accepted_view = match &accepted.state {
        Load::Loading => html! { <p class="muted" role="status">{ "Loading who has accepted…" }</p> },
        Load::Failed(e) => error_box(e, Some(accepted.reload.clone())),
        Load::Ready(v, _) => {
            let (list, total) = &**v;
            html! {
                <div data-testid="accepted">
                    <p>{ format!("{total} ambassador{} accepted the invitation and used Staffing Referrals.", if *total == 1 { " has" } else { "s have" }) }</p>
                    if !list.is_empty() {
                        <p class="muted">{ list.iter().map(|u| u.full_name()).collect::<Vec<_>>().join(", ") }{ if (list.len() as u64) < *total { " …" } else { "" } }</p>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="panel" id="invites" aria-labelledby="invites-title">
            <h2 id="invites-title">{ "Invite ambassadors" }</h2>
            { accepted_view }
            <div class="settings">
                <label for="invite-ids">{ "JobDiva candidate ids (one per line)" }</label>
                <textarea id="invite-ids" rows="4" value={(*text).clone()} oninput={on_text} disabled={busy} />
                <div class="form-actions">
                    <button type="button" class="secondary" onclick={find} disabled={busy}>{ if v.finding { "Finding…" } else { "Add the applicants who started" } }</button>
                    <button type="button" onclick={check} disabled={busy || ids_in(&text).is_empty()} data-testid="check-invites">{ if v.checking { "Checking…" } else { "Check them" } }</button>
                </div>
            </div>
            if let Some(e) = &v.error { <div class="panel-error" role="alert" data-state="error"><p>{ e.clone() }</p></div> }
            if !v.rows.is_empty() {
                <table class="preview-table" data-testid="invite-list">
                    <thead><tr><th scope="col">{ "Candidate" }</th><th scope="col">{ "The console would" }</th><th scope="col">{ "Result" }</th></tr></thead>
                    <tbody>{ for v.rows.iter().map(row) }</tbody>
                </table>
                <div class="settings">
                    <label for="invite-first-day">{ "First day of the invitation emails (empty: now)" }</label>
                    <input id="invite-first-day" type="date" value={(*first_day).clone()} oninput={input(&first_day)} disabled={v.sending} />
                    if bad_day { <p class="field-error" role="alert">{ "That date is not valid." }</p> }
                    <label for="invite-per-day">{ "At most this many a day (empty: all at once)" }</label>
                    <input id="invite-per-day" type="number" min="1" inputmode="numeric" value={(*per_day).clone()} oninput={input(&per_day)} disabled={v.sending} />
                    if bad_n { <p class="field-error" role="alert">{ "A whole number, or empty." }</p> }
                    <label class="check"><input type="checkbox" checked={*squelch} onchange={on_squelch} disabled={v.sending} />{ " Create quietly (send no invitation email)" }</label>
                    <p class="muted">{ match &props.admin { Some(a) => format!("From {a}, one at a time; each is noted in the candidate's JobDiva record with the ambassador's links."), None => "From the program's default recruiter, one at a time; each is noted in the candidate's JobDiva record with the ambassador's links.".to_string() } }</p>
                    <div class="form-actions">
                        <button type="button" onclick={send} disabled={busy || todo == 0 || bad_day || bad_n} data-testid="send-invites">
                            { if v.sending { "Sending…".to_string() } else { format!("Send {todo} invitation{}", if todo == 1 { "" } else { "s" }) } }
                        </button>
                    </div>
                </div>
            }
        </section>
    }
}

fn row(r: &Row) -> Html {
    let (who, plan) = match &r.prospect {
        Prospect::Invite(c) => (format!("{} · {}", c.full_name(), c.email.clone().unwrap_or_default()), "Invite".to_string()),
        Prospect::AlreadyUser { candidate: c, role } => (c.full_name(), format!("Skip: already in Staffing Referrals as {role}")),
        Prospect::Invited { candidate: c, state } => (c.full_name(), if *state == InviteState::Done { "Skip: invited already".to_string() } else { "Skip: invited; its JobDiva note waits for a person".to_string() }),
        Prospect::NoEmail(c) => (c.full_name(), "Skip: no email in JobDiva".to_string()),
        Prospect::NotInJobDiva(id) => (format!("#{id}"), "Skip: not a JobDiva candidate".to_string()),
    };
    let result = match &r.outcome {
        Outcome::Waiting => String::new(),
        Outcome::Sending => "Sending…".into(),
        Outcome::Sent(InviteState::Done) => "Invited; noted in JobDiva".into(),
        Outcome::Sent(_) => "Invited; the JobDiva note waits for a person".into(),
        Outcome::Failed(e) => format!("Failed: {e}"),
    };
    html! {
        <tr key={r.prospect.id()} data-testid="invite-row">
            <td>{ who }<br /><span class="muted">{ format!("JobDiva {}", r.prospect.id()) }</span></td>
            <td>{ plan }</td>
            <td>{ result }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ats::Candidate;

    fn c(id: u64) -> Candidate {
        Candidate { id, first_name: "A".into(), last_name: format!("{id}"), email: Some(format!("a{id}@x.example")), ..Default::default() }
    }

    #[test]
    fn ids_are_read_from_any_separators_once_each() {
        assert_eq!(ids_in("5000000101\n5000000102, 5000000101;  x 7"), vec![5_000_000_101, 5_000_000_102, 7]);
        assert!(ids_in("none here").is_empty());
    }

    #[test]
    fn only_candidates_to_invite_are_sent_and_a_failed_one_again() {
        let reduce = |v: View, a: Action| (*Rc::new(v).reduce(a)).clone();
        let mut v = reduce(View::default(), Action::CheckStarted);
        v = reduce(v, Action::Checked(Box::new(Prospect::Invite(c(1)))));
        v = reduce(v, Action::Checked(Box::new(Prospect::AlreadyUser { candidate: c(2), role: "applicant".into() })));
        v = reduce(v, Action::Checked(Box::new(Prospect::Invite(c(3)))));
        v = reduce(v, Action::CheckEnded);
        assert_eq!(v.to_send().iter().map(|c| c.id).collect::<Vec<_>>(), vec![1, 3]);
        v = reduce(v, Action::SendStarted);
        v = reduce(v, Action::Sent(1, Ok(InviteState::Done)));
        v = reduce(v, Action::Sent(3, Err("Staffing Referrals is not answering".into())));
        v = reduce(v, Action::SendEnded);
        assert_eq!(v.to_send().iter().map(|c| c.id).collect::<Vec<_>>(), vec![3]);
        assert!(!v.sending);
    }
}

use crate::components::format::today;
use crate::components::hooks::use_services;
use crate::components::status_rules::StatusRules;
use crate::flows::status_back::{self, label, Applied, Proposal, Tally};
use std::cell::Cell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Proposals shown in the table (every kept one is applied; the counts cover all).
const ROWS_SHOWN: usize = 200;

/// Where one proposal stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Proposed,
    Applying,
    Changed { before: String, after: String },
    Skipped(String),
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub proposal: Proposal,
    pub keep: bool,
    pub outcome: Outcome,
}

/// What the status-back panel shows. Changed only by [`Action`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub rows: Vec<Row>,
    pub tally: Tally,
    pub pages_done: u64,
    pub reviewing: bool,
    pub reviewed: bool,
    pub applying: bool,
    pub error: Option<String>,
}

pub enum Action {
    ReviewStarted,
    Page(Vec<Proposal>, Tally, u64),
    Failed(String),
    Keep(u64, bool),
    KeepAll(bool),
    ApplyStarted,
    Applying(u64),
    Applied(u64, Result<Applied, String>),
    ApplyEnded,
}

impl Reducible for View {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut v = (*self).clone();
        match action {
            Action::ReviewStarted => {
                v = View { reviewing: true, ..View::default() };
            }
            Action::Page(proposals, tally, remaining) => {
                v.rows.extend(proposals.into_iter().map(|proposal| Row { proposal, keep: true, outcome: Outcome::Proposed }));
                v.tally.add(tally);
                v.pages_done += 1;
                if remaining == 0 {
                    v.reviewing = false;
                    v.reviewed = true;
                }
            }
            Action::Failed(e) => {
                v.reviewing = false;
                v.applying = false;
                v.error = Some(e);
            }
            Action::Keep(id, keep) => {
                if let Some(r) = v.rows.iter_mut().find(|r| r.proposal.referral_id == id) {
                    r.keep = keep;
                }
            }
            Action::KeepAll(keep) => v.rows.iter_mut().for_each(|r| r.keep = keep),
            Action::ApplyStarted => {
                v.applying = true;
                v.error = None;
            }
            Action::Applying(id) => {
                if let Some(o) = v.outcome(id) {
                    *o = Outcome::Applying;
                }
            }
            Action::Applied(id, result) => {
                if let Some(o) = v.outcome(id) {
                    *o = match result {
                        Ok(Applied::Changed { before, after }) => Outcome::Changed { before, after },
                        Ok(Applied::Skipped(why)) => Outcome::Skipped(why),
                        Err(e) => Outcome::Failed(e),
                    };
                }
            }
            Action::ApplyEnded => v.applying = false,
        }
        Rc::new(v)
    }
}

impl View {
    fn outcome(&mut self, id: u64) -> Option<&mut Outcome> {
        self.rows.iter_mut().find(|r| r.proposal.referral_id == id).map(|r| &mut r.outcome)
    }

    /// The kept proposals not applied yet (a failed one is tried again).
    pub fn to_apply(&self) -> Vec<Proposal> {
        self.rows.iter().filter(|r| r.keep && matches!(r.outcome, Outcome::Proposed | Outcome::Failed(_))).map(|r| r.proposal.clone()).collect()
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.outcome)).count()
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusBackPanelProps {
    #[prop_or_default]
    pub admin: Option<AttrValue>,
}

/// Status back, JobDiva → Staffing Referrals: the rule table, a review that writes nothing,
/// and the admin's chosen changes applied one at a time, each shown before → after.
#[function_component(StatusBackPanel)]
pub fn status_back_panel(props: &StatusBackPanelProps) -> Html {
    let services = use_services();
    let view = use_reducer(View::default);
    // Set when the panel goes away: the loops stop after their call.
    let stop = use_mut_ref(|| Rc::new(Cell::new(false)));
    {
        let stop = stop.clone();
        use_effect_with((), move |_| move || stop.borrow().set(true));
    }

    let review = {
        let (services, dispatch, view, stop) = (services.clone(), view.dispatcher(), view.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            if view.reviewing || view.applying {
                return;
            }
            let (dispatch, stop) = (dispatch.clone(), stop.borrow().clone());
            dispatch.dispatch(Action::ReviewStarted);
            spawn_local(async move {
                let rules = match status_back::rules(&s).await {
                    Ok(r) => r,
                    Err(e) => return dispatch.dispatch(Action::Failed(e.to_string())),
                };
                let today = today();
                let mut page = 0;
                while !stop.get() {
                    match status_back::review_page(&s, &rules, &today, page).await {
                        Ok((proposals, tally, remaining)) => {
                            dispatch.dispatch(Action::Page(proposals, tally, remaining));
                            if remaining == 0 {
                                break;
                            }
                            page += 1;
                        }
                        Err(e) => return dispatch.dispatch(Action::Failed(e.to_string())),
                    }
                }
            });
        })
    };

    let apply = {
        let (services, dispatch, view, stop) = (services.clone(), view.dispatcher(), view.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            if view.reviewing || view.applying {
                return;
            }
            let (dispatch, stop, todo) = (dispatch.clone(), stop.borrow().clone(), view.to_apply());
            dispatch.dispatch(Action::ApplyStarted);
            spawn_local(async move {
                // One at a time: each re-reads the referral before moving it.
                for p in todo {
                    if stop.get() {
                        return;
                    }
                    dispatch.dispatch(Action::Applying(p.referral_id));
                    let result = status_back::apply(&s, &p).await.map_err(|e| e.to_string());
                    dispatch.dispatch(Action::Applied(p.referral_id, result));
                }
                dispatch.dispatch(Action::ApplyEnded);
            });
        })
    };

    let v = &*view;
    let t = &v.tally;
    let todo = v.to_apply().len();
    let summary = format!(
        "{} referrals read{}: {} linked to JobDiva, {} to change, {} already there, {} with no submittal yet, {} left alone (Awaiting Payment, Paid or Ineligible).",
        t.referrals,
        if v.reviewing { " so far" } else { "" },
        t.linked,
        v.rows.len(),
        t.unchanged,
        t.no_activity,
        t.protected
    );
    let keep_all = {
        let dispatch = view.dispatcher();
        let all = v.rows.iter().all(|r| r.keep);
        Callback::from(move |_: Event| dispatch.dispatch(Action::KeepAll(!all)))
    };
    html! {
        <section class="panel" id="status-back" aria-labelledby="status-back-title">
            <h2 id="status-back-title">{ "Status back: JobDiva → Staffing Referrals" }</h2>
            <StatusRules admin={props.admin.clone()} />
            <div class="form-actions">
                <button type="button" onclick={review} disabled={v.reviewing || v.applying} data-testid="review-status">
                    { if v.reviewing { "Reviewing…" } else { "Review the statuses" } }
                </button>
            </div>
            if let Some(e) = &v.error {
                <div class="panel-error" role="alert" data-state="error"><p>{ e.clone() }</p></div>
            }
            if v.reviewing || v.reviewed {
                <div data-testid="status-review" data-state={if v.reviewing { "loading" } else { "ready" }}>
                    <p role="status">{ summary }</p>
                    if v.reviewed && v.rows.is_empty() {
                        <p class="muted" data-state="empty">{ "Nothing to change: every linked referral is where JobDiva says it should be." }</p>
                    }
                    if !v.rows.is_empty() {
                        <table class="preview-table">
                            <caption class="muted">{ if v.rows.len() > ROWS_SHOWN { format!("The first {ROWS_SHOWN} of {} proposed changes", v.rows.len()) } else { "Proposed changes".to_string() } }</caption>
                            <thead><tr>
                                <th scope="col"><input type="checkbox" aria-label="Keep every change" checked={v.rows.iter().all(|r| r.keep)} onchange={keep_all} disabled={v.applying} /></th>
                                <th scope="col">{ "Applicant" }</th><th scope="col">{ "JobDiva shows" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Result" }</th>
                            </tr></thead>
                            <tbody>{ for v.rows.iter().take(ROWS_SHOWN).map(|r| row(r, v.applying, view.dispatcher())) }</tbody>
                        </table>
                        <div class="form-actions">
                            <button type="button" onclick={apply} disabled={v.reviewing || v.applying || todo == 0} data-testid="apply-status">
                                { if v.applying { "Applying…".to_string() } else { format!("Apply {todo} change{}", if todo == 1 { "" } else { "s" }) } }
                            </button>
                        </div>
                        <p class="muted" role="status" data-testid="status-applied">
                            { format!("{} changed, {} skipped, {} failed.", v.count(|o| matches!(o, Outcome::Changed { .. })), v.count(|o| matches!(o, Outcome::Skipped(_))), v.count(|o| matches!(o, Outcome::Failed(_)))) }
                        </p>
                    }
                </div>
            }
        </section>
    }
}

fn row(r: &Row, applying: bool, dispatch: UseReducerDispatcher<View>) -> Html {
    let p = &r.proposal;
    let id = p.referral_id;
    let onchange = {
        let keep = !r.keep;
        Callback::from(move |_: Event| dispatch.dispatch(Action::Keep(id, keep)))
    };
    let result = match &r.outcome {
        Outcome::Proposed => html! {},
        Outcome::Applying => html! { <span class="muted">{ "Applying…" }</span> },
        Outcome::Changed { before, after } => html! { <span>{ format!("Changed: {before} → {after}") }</span> },
        Outcome::Skipped(why) => html! { <span class="muted">{ format!("Skipped. {why}") }</span> },
        Outcome::Failed(e) => html! { <span class="field-error">{ format!("Failed: {e}") }</span> },
    };
    let fixed = !matches!(r.outcome, Outcome::Proposed | Outcome::Failed(_));
    html! {
        <tr key={id} data-testid="status-row">
            <td><input type="checkbox" aria-label={format!("Keep the change for {}", p.applicant)} checked={r.keep} onchange={onchange} disabled={applying || fixed} /></td>
            <td>{ p.applicant.clone() }<br /><span class="muted">{ format!("Referral {id} · JobDiva {}", p.candidate_id) }</span></td>
            <td>{ p.activity.label() }<br /><span class="muted">{ p.evidence.clone() }</span></td>
            <td>{ format!("{} → {}", label(p.from), label(p.to)) }</td>
            <td>{ result }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status_back::Activity;

    fn proposal(id: u64) -> Proposal {
        Proposal { referral_id: id, applicant_id: id + 1000, applicant: format!("A{id}"), candidate_id: 500 + id, activity: Activity::Started, evidence: "job 1".into(), from: "lead", to: "placed" }
    }

    fn reduce(v: View, a: Action) -> View {
        (*Rc::new(v).reduce(a)).clone()
    }

    #[test]
    fn a_review_collects_pages_and_the_admin_chooses_what_to_apply() {
        let mut v = reduce(View::default(), Action::ReviewStarted);
        assert!(v.reviewing);
        v = reduce(v, Action::Page(vec![proposal(1), proposal(2)], Tally { referrals: 100, linked: 40, ..Tally::default() }, 1));
        assert!(v.reviewing && !v.reviewed);
        v = reduce(v, Action::Page(vec![proposal(3)], Tally { referrals: 20, linked: 5, protected: 2, ..Tally::default() }, 0));
        assert!(!v.reviewing && v.reviewed);
        assert_eq!((v.tally.referrals, v.tally.linked, v.tally.protected), (120, 45, 2));
        v = reduce(v, Action::Keep(2, false));
        assert_eq!(v.to_apply().iter().map(|p| p.referral_id).collect::<Vec<_>>(), vec![1, 3]);
        v = reduce(v, Action::ApplyStarted);
        v = reduce(v, Action::Applied(1, Ok(Applied::Changed { before: "Lead".into(), after: "Placed".into() })));
        v = reduce(v, Action::Applied(3, Err("Staffing Referrals is not answering".into())));
        v = reduce(v, Action::ApplyEnded);
        assert_eq!(v.to_apply().iter().map(|p| p.referral_id).collect::<Vec<_>>(), vec![3], "a failed change is offered again, an applied one never");
        v = reduce(v, Action::KeepAll(false));
        assert!(v.to_apply().is_empty());
        v = reduce(v, Action::ReviewStarted);
        assert!(v.rows.is_empty() && v.tally == Tally::default(), "a new review starts clean");
    }
}

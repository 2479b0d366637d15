use crate::api::host;
use crate::flows::opt_ins::{self, Choice, OptInError, Processed};
use crate::flows;
use crate::components::format::{error_box, freshness, use_ready};
use crate::components::hooks::{use_load, use_services, Load};
use crate::components::opt_in_item::{ItemState, OptInItem};
use crate::domain::reference::OptIn;
use std::collections::HashMap;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
struct States {
    items: HashMap<u64, ItemState>,
    /// (done, total) while "Process all" runs.
    batch: Option<(usize, usize)>,
}

enum Msg {
    Set(u64, ItemState),
    Batch(Option<(usize, usize)>),
}

impl Reducible for States {
    type Action = Msg;
    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Msg::Set(id, s) => {
                next.items.insert(id, s);
            }
            Msg::Batch(b) => next.batch = b,
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct OptInListProps {
    /// Only the opt-ins on this candidate's references (the tab); all pending ones otherwise.
    #[prop_or_default]
    pub candidate_id: Option<u64>,
    pub title: AttrValue,
    /// The element id of the section (`opt-ins` in the tab).
    pub id: AttrValue,
}

fn outcome_state(r: Result<Processed, OptInError>) -> ItemState {
    match r {
        Ok(Processed::Done(out)) => ItemState::Done(out),
        Ok(Processed::NeedsDecision(p)) => ItemState::NeedsDecision(p),
        Err(e @ OptInError::NeedsPerson(_)) => ItemState::NeedsCheck(e.to_string()),
        Err(e) => ItemState::Failed(e.to_string()),
    }
}

/// Opt-ins with their duplicate-check decisions; process one or all.
#[function_component(OptInList)]
pub fn opt_in_list(props: &OptInListProps) -> Html {
    let list = use_load(props.candidate_id, |s, id| async move { flows::pending_opt_ins(&s, id).await });
    let states = use_reducer(States::default);
    let services = use_services();
    let links = use_memo((), |_| host::jobdiva_links());
    // This tab's claim on the opt-ins it processes (another tab has its own).
    let claim_id = use_memo((), |_| host::random_id("tab"));

    let items: Rc<Vec<OptIn>> = match &list.state {
        Load::Ready(l, _) => l.clone(),
        _ => Default::default(),
    };

    // Assess every unresolved opt-in as soon as the list arrives.
    {
        let (states, services) = (states.clone(), services.clone());
        use_effect_with(items.clone(), move |items| {
            let mut todo = Vec::new();
            for o in items.iter().cloned() {
                let state = match (&o.outcome, &o.attention) {
                    (Some(out), _) => ItemState::Done(out.clone()),
                    // Recorded by some tab: shown here too, and nothing runs until a person checks.
                    (None, Some(a)) => ItemState::NeedsCheck(OptInError::NeedsPerson(a.reason.clone()).to_string()),
                    (None, None) => ItemState::Assessing,
                };
                if matches!(state, ItemState::Assessing) {
                    todo.push(o.clone());
                }
                states.dispatch(Msg::Set(o.id, state));
            }
            if let (false, Some(s)) = (todo.is_empty(), services) {
                spawn_local(async move {
                    opt_ins::assess_each(&s, todo, |o, a| {
                        let next = match a {
                            Ok(a) => ItemState::Assessed(a),
                            Err(e) => ItemState::Unassessed(e.to_string()),
                        };
                        states.dispatch(Msg::Set(o.id, next));
                    })
                    .await;
                });
            }
        });
    }

    let on_process = {
        let (states, services, links, claim, items) = (states.clone(), services.clone(), (*links).clone(), (*claim_id).clone(), items.clone());
        Callback::from(move |(id, choice): (u64, Choice)| {
            let (Some(s), Some(o)) = (services.clone(), items.iter().find(|o| o.id == id).cloned()) else { return };
            if matches!(states.items.get(&id), Some(ItemState::Working | ItemState::Done(_))) || states.batch.is_some() {
                return;
            }
            let (states, links, claim) = (states.clone(), links.clone(), claim.clone());
            states.dispatch(Msg::Set(id, ItemState::Working));
            spawn_local(async move {
                let r = opt_ins::process(&s, &o, choice, &claim, &links).await;
                states.dispatch(Msg::Set(id, outcome_state(r)));
            });
        })
    };
    let runnable: Vec<OptIn> = items
        .iter()
        .filter(|o| matches!(states.items.get(&o.id), Some(ItemState::Assessed(_) | ItemState::Unassessed(_) | ItemState::Failed(_))))
        .cloned()
        .collect();
    let process_all = {
        let (states, services, links, claim, runnable) = (states.clone(), services.clone(), (*links).clone(), (*claim_id).clone(), runnable.clone());
        Callback::from(move |_| {
            let Some(s) = services.clone() else { return };
            if states.batch.is_some() || runnable.is_empty() {
                return;
            }
            let (states, links, claim, todo) = (states.clone(), links.clone(), claim.clone(), runnable.clone());
            states.dispatch(Msg::Batch(Some((0, todo.len()))));
            spawn_local(async move {
                // One at a time, as integrators call JobDiva.
                for (i, o) in todo.iter().enumerate() {
                    states.dispatch(Msg::Set(o.id, ItemState::Working));
                    let r = opt_ins::process(&s, o, Choice::Auto, &claim, &links).await;
                    states.dispatch(Msg::Set(o.id, outcome_state(r)));
                    states.dispatch(Msg::Batch(Some((i + 1, todo.len()))));
                }
                states.dispatch(Msg::Batch(None));
            });
        })
    };

    let settled = match &list.state {
        Load::Ready(l, _) => l.iter().all(|o| states.items.get(&o.id).is_some_and(|s| !matches!(s, ItemState::Assessing))),
        Load::Failed(_) => true,
        Load::Loading => false,
    };
    use_ready(settled, "ra:ready:opt-ins");
    let count = |f: &dyn Fn(&ItemState) -> bool| items.iter().filter(|o| states.items.get(&o.id).is_some_and(f)).count();
    let created = count(&|s| matches!(s, ItemState::Done(o) if o.action.starts_with("created")));
    let noted = count(&|s| matches!(s, ItemState::Done(o) if o.action.starts_with("noted")));
    let deciding = count(&|s| matches!(s, ItemState::NeedsDecision(_)));
    let failed = count(&|s| matches!(s, ItemState::Failed(_) | ItemState::Unassessed(_) | ItemState::NeedsCheck(_)));
    let at = list.state.at();
    let heading_id = format!("{}-title", props.id);
    let body = match &list.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading opt-ins…" }</p> },
        Load::Failed(e) => error_box(e, Some(list.reload.clone())),
        Load::Ready(l, _) if l.is_empty() => html! { <p class="muted" data-state="empty">{ "No opt-ins: no reference-giver has opted in as a lead." }</p> },
        Load::Ready(..) => html! {
            <div data-state="ready">
                <div class="batch">
                    <button type="button" onclick={process_all} disabled={states.batch.is_some() || runnable.is_empty()}>
                        { format!("Process all ({})", runnable.len()) }
                    </button>
                    if let Some((done, total)) = states.batch {
                        <progress max={total.to_string()} value={done.to_string()} aria-label="Opt-ins processed">{ format!("{done} of {total}") }</progress>
                        <span class="muted" role="status">{ format!("{done} of {total}") }</span>
                    }
                </div>
                <p class="summary" data-testid="summary" aria-live="polite">
                    { format!("{created} created · {noted} noted · {deciding} need a decision · {failed} failed") }
                </p>
                <ul class="opt-ins">
                    { for items.iter().map(|o| html! {
                        <OptInItem key={o.id} opt_in={o.clone()} links={(*links).clone()} on_process={on_process.clone()}
                            disabled={states.batch.is_some()} state={states.items.get(&o.id).cloned().unwrap_or(ItemState::Assessing)} />
                    }) }
                </ul>
            </div>
        },
    };
    html! {
        <section class="panel" id={props.id.clone()} aria-labelledby={heading_id.clone()}>
            <div class="panel-head">
                <h2 id={heading_id}>{ props.title.clone() }</h2>
                { freshness(at, list.refreshing && at.is_some(), list.reload.clone(), "opt-ins") }
            </div>
            { body }
        </section>
    }
}

use crate::components::format::error_box;
use crate::components::hooks::{use_action, Act};
use crate::domain::ats::CandidateSummary;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CandidatePickerProps {
    pub on_pick: Callback<u64>,
    pub on_back: Callback<()>,
    /// Open the list of all pending opt-ins instead.
    pub on_opt_ins: Callback<()>,
    /// Open the referral program.
    pub on_program: Callback<()>,
}

/// Standalone mode: find the candidate in JobDiva (`quickCandidateProfileSearch`).
#[function_component(CandidatePicker)]
pub fn candidate_picker(props: &CandidatePickerProps) -> Html {
    let query = use_state(String::new);
    let (act, search) = use_action(
        |s, q: String| async move { s.jobdiva.quick_search(&q, 25).await },
        Callback::from(|_: Vec<CandidateSummary>| ()),
    );
    let too_short = use_state(|| false);
    let onsubmit = {
        let (query, search, too_short) = (query.clone(), search.clone(), too_short.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = query.trim().to_string();
            too_short.set(q.chars().count() < 3);
            if q.chars().count() >= 3 {
                search.emit(q);
            }
        })
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let back = props.on_back.clone();
    let opt_ins = props.on_opt_ins.clone();
    let program = props.on_program.clone();
    let results = match &act {
        Act::Idle => html! {},
        Act::Busy => html! { <p class="muted" role="status">{ "Searching JobDiva…" }</p> },
        Act::Failed(e) => error_box(e, None),
        Act::Done(list) if list.is_empty() => html! { <p role="status" data-state="empty">{ "No candidate in JobDiva matches that." }</p> },
        Act::Done(list) => html! {
            <ul class="picker-results" aria-label="Matching candidates">
                { for list.iter().map(|c| {
                    let (pick, id) = (props.on_pick.clone(), c.id);
                    let detail = [c.email.clone().unwrap_or_default(), c.address.locality()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
                    html! {
                        <li>
                            <button type="button" class="pick" onclick={move |_| pick.emit(id)}>
                                <strong>{ format!("{} {}", c.first_name, c.last_name) }</strong>
                                <span class="muted">{ format!(" #{} {detail}", c.id) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <main class="standalone">
            <h1>{ "Find the candidate" }</h1>
            <form class="settings" onsubmit={onsubmit} role="search">
                <label for="candidate-search">{ "Name, email or phone" }</label>
                <input id="candidate-search" type="search" value={(*query).clone()} oninput={oninput} autocomplete="off" />
                if *too_short { <p class="field-error" role="alert">{ "Type at least 3 characters (JobDiva ignores shorter names)." }</p> }
                <div class="form-actions">
                    <button type="submit" disabled={act.busy()}>{ "Search" }</button>
                    <button type="button" class="secondary" onclick={move |_| back.emit(())}>{ "Back" }</button>
                </div>
            </form>
            { results }
            <nav class="console-nav" aria-label="Console">
                <button type="button" class="link" onclick={move |_| opt_ins.emit(())}>{ "All pending opt-ins" }</button>
                <button type="button" class="link" onclick={move |_| program.emit(())}>{ "Referral program" }</button>
            </nav>
        </main>
    }
}

use crate::flows::opt_ins::{confirmable, Choice};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FoundInJobDivaProps {
    pub opt_in_id: u64,
    /// `talent` or `sales`: what the write could have made.
    pub kind: AttrValue,
    pub on_process: Callback<(u64, Choice)>,
    #[prop_or_default]
    pub disabled: bool,
}

/// For an opt-in waiting for a person: they found the write in JobDiva, and say what it is and
/// its record id; the opt-in is then recorded as done, and nothing is sent to JobDiva again.
/// (The fields are read when the form is sent: no state but the error.)
#[function_component(FoundInJobDiva)]
pub fn found_in_jobdiva(props: &FoundInJobDivaProps) -> Html {
    let options = confirmable(&props.kind);
    let (what, id) = (use_node_ref(), use_node_ref());
    let bad = use_state(|| false);
    let onsubmit = {
        let (what, id, bad, cb, opt_in) = (what.clone(), id.clone(), bad.clone(), props.on_process.clone(), props.opt_in_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let index = what.cast::<HtmlSelectElement>().map_or(0, |s| s.selected_index().max(0) as usize);
            // JobDiva ids are digits; a pasted "#5000000101" or spaces are forgiven.
            let digits: String = id.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default().chars().filter(|c| !matches!(c, '#' | ' ' | '\u{a0}')).collect();
            match (digits.parse::<u64>(), options.get(index)) {
                (Ok(n), Some((a, _))) if n > 0 => {
                    bad.set(false);
                    cb.emit((opt_in, Choice::Found(a, n)));
                }
                _ => bad.set(true),
            }
        })
    };
    let field = format!("found-{}", props.opt_in_id);
    html! {
        <form class="found" {onsubmit}>
            <label for={format!("{field}-what")}>{ "It is in JobDiva as" }</label>
            <select id={format!("{field}-what")} ref={what} disabled={props.disabled}>
                { for options.iter().map(|(_, label)| html! { <option>{ *label }</option> }) }
            </select>
            <label for={format!("{field}-id")}>{ "JobDiva record id" }</label>
            <input id={format!("{field}-id")} ref={id} inputmode="numeric" autocomplete="off" maxlength="24" disabled={props.disabled} aria-invalid={bad.to_string()} />
            <button type="submit" class="secondary" disabled={props.disabled}>{ "It is there: mark it done" }</button>
            if *bad { <p class="field-error" role="alert">{ "Give the record's id as JobDiva shows it (digits)." }</p> }
        </form>
    }
}

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
#[function_component(FoundInJobDiva)]
pub fn found_in_jobdiva(props: &FoundInJobDivaProps) -> Html {
    let options = confirmable(&props.kind);
    let action = use_state(|| 0usize);
    let id = use_state(String::new);
    let bad = use_state(|| false);
    let onsubmit = {
        let (action, id, bad, cb, opt_in) = (action.clone(), id.clone(), bad.clone(), props.on_process.clone(), props.opt_in_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // JobDiva ids are digits; a pasted "#5000000101" or spaces are forgiven.
            let digits: String = id.chars().filter(|c| !matches!(c, '#' | ' ' | '\u{a0}')).collect();
            match (digits.parse::<u64>(), options.get(*action)) {
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
        <form class="found" {onsubmit} aria-label="It is in JobDiva">
            <label for={format!("{field}-what")}>{ "It is in JobDiva as" }</label>
            <select id={format!("{field}-what")} disabled={props.disabled}
                onchange={let a = action.clone(); move |e: Event| a.set(e.target_unchecked_into::<HtmlSelectElement>().selected_index().max(0) as usize)}>
                { for options.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()} selected={i == *action}>{ *label }</option> }) }
            </select>
            <label for={format!("{field}-id")}>{ "JobDiva record id" }</label>
            <input id={format!("{field}-id")} inputmode="numeric" autocomplete="off" maxlength="24" value={(*id).clone()} disabled={props.disabled}
                aria-invalid={bad.to_string()} oninput={let v = id.clone(); move |e: InputEvent| v.set(e.target_unchecked_into::<HtmlInputElement>().value())} />
            <button type="submit" class="secondary" disabled={props.disabled}>{ "It is there: mark it done" }</button>
            if *bad { <p class="field-error" role="alert">{ "Give the record's id as JobDiva shows it (digits)." }</p> }
        </form>
    }
}

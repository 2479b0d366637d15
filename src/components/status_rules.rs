use crate::components::format::error_box;
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::referral::STATUSES;
use crate::domain::status_back::{Activity, Rules};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusRulesProps {
    /// Who saves the table (kept with it).
    #[prop_or_default]
    pub admin: Option<AttrValue>,
}

/// Status back's rule table, kept with RefAssured for every admin: the Staffing Referrals
/// status each JobDiva activity proposes.
#[function_component(StatusRules)]
pub fn status_rules(props: &StatusRulesProps) -> Html {
    let loaded = use_load((), |s, _| async move { crate::flows::status_back::rules(&s).await });
    let draft = use_state(|| None::<Rules>);
    let (act, save) = {
        let (replace, draft) = (loaded.replace.clone(), draft.clone());
        use_action(
            |s, (rules, by): (Rules, String)| async move { crate::flows::status_back::save_rules(&s, &rules, &by).await },
            Callback::from(move |saved: Rules| {
                draft.set(None);
                replace.emit(saved)
            }),
        )
    };
    let saved = match &loaded.state {
        Load::Loading => return html! { <p class="muted" role="status" data-state="loading">{ "Loading the status rules…" }</p> },
        Load::Failed(e) => return error_box(e, Some(loaded.reload.clone())),
        Load::Ready(rules, _) => (**rules).clone(),
    };
    let current = (*draft).clone().unwrap_or_else(|| saved.clone());
    let changed = current != saved;
    let row = |a: Activity| {
        let field = format!("rule-{a:?}").to_lowercase();
        let chosen = current.get(a);
        let onchange = {
            let (draft, current) = (draft.clone(), current.clone());
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                let mut next = current.clone();
                next.set(a, Some(value.as_str()).filter(|v| !v.is_empty()));
                draft.set(Some(next));
            })
        };
        html! {
            <tr>
                <th scope="row"><label for={field.clone()}>{ a.label() }</label></th>
                <td>
                    <select id={field} onchange={onchange} disabled={act.busy()}>
                        <option value="" selected={chosen.is_none()}>{ "No change" }</option>
                        { for STATUSES.iter().map(|(k, l)| html! { <option value={*k} selected={chosen == Some(*k)}>{ *l }</option> }) }
                    </select>
                </td>
            </tr>
        }
    };
    let onsubmit = {
        let (save, current, by) = (save.clone(), current.clone(), props.admin.clone().map(|a| a.to_string()).unwrap_or_default());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.emit((current.clone(), by.clone()));
        })
    };
    let defaults = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(Some(Rules::default())))
    };
    html! {
        <form class="settings" onsubmit={onsubmit} data-testid="status-rules">
            <table class="rules-table">
                <caption>{ "When JobDiva shows… propose in Staffing Referrals" }</caption>
                <tbody>{ for Activity::ALL.into_iter().map(row) }</tbody>
            </table>
            <p class="muted">{ "A referral is never moved back, and never changed once it is Awaiting Payment, Paid or Ineligible." }</p>
            <div class="form-actions">
                <button type="submit" disabled={act.busy() || !changed}>{ if act.busy() { "Saving…" } else { "Save the rules" } }</button>
                <button type="button" class="secondary" onclick={defaults} disabled={act.busy() || current == Rules::default()}>{ "Restore the defaults" }</button>
            </div>
            if let Act::Failed(e) = &act { { error_box(e, None) } }
            if let (Act::Done(_), false) = (&act, changed) { <p role="status" class="muted">{ "Saved: every admin's review uses these rules." }</p> }
        </form>
    }
}

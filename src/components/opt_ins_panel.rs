use crate::api::services;
use crate::components::format::{error_box, freshness, when};
use crate::components::hooks::{use_load, Load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptInsPanelProps {
    pub candidate_id: u64,
}

/// Reference-givers on this candidate's checks who opted in as talent or sales leads.
#[function_component(OptInsPanel)]
pub fn opt_ins_panel(props: &OptInsPanelProps) -> Html {
    let opt_ins = use_load(props.candidate_id, |s, id| async move { services::pending_opt_ins(&s, Some(id)).await });
    let at = match &opt_ins.state {
        Load::Ready(_, at) => Some(*at),
        _ => None,
    };
    let body = match &opt_ins.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading opt-ins…" }</p> },
        Load::Failed(e) => error_box(e, Some(opt_ins.reload.clone())),
        Load::Ready(list, _) if list.is_empty() => html! { <p class="muted" data-state="empty">{ "No reference-giver on this candidate's checks has opted in." }</p> },
        Load::Ready(list, _) => html! {
            <ul class="opt-ins" data-state="ready">
                { for list.iter().map(|o| {
                    let who = format!("{} {}", o.person.name.first, o.person.name.last);
                    let role = [o.person.current_title.as_str(), o.person.current_company.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" at ");
                    html! {
                        <li data-testid="opt-in">
                            <p><strong>{ who }</strong>{ if role.is_empty() { String::new() } else { format!(" — {role}") } }</p>
                            <p class="muted">{ format!("{} lead · opted in {}", if o.kind == "sales" { "Sales" } else { "Talent" }, when(&o.opted_in_at)) }</p>
                            <p>
                                { match &o.outcome {
                                    Some(out) => format!("Done: {} (JobDiva record {})", out.action.replace('_', " "), out.ats_record_id),
                                    None => "Waiting to be processed".to_string(),
                                } }
                            </p>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="panel" id="opt-ins" aria-labelledby="opt-ins-title">
            <div class="panel-head">
                <h2 id="opt-ins-title">{ "Opt-ins" }</h2>
                { freshness(at, opt_ins.refreshing && at.is_some(), opt_ins.reload.clone(), "opt-ins") }
            </div>
            { body }
        </section>
    }
}

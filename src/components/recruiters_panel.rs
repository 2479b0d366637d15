use crate::components::format::error_box;
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::referral::SrUser;
use crate::flows::recruiters::{self, is_active};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The program's recruiters and admins; deactivate one, moving their ambassadors and leads to
/// another (`Deactivate Recruiter`), with Staffing Referrals' message shown.
#[function_component(RecruitersPanel)]
pub fn recruiters_panel() -> Html {
    let team = use_load((), |s, _| async move { recruiters::team(&s).await });
    // The recruiter being deactivated, and who inherits.
    let leaving = use_state(|| None::<u64>);
    let heir = use_state(|| None::<u64>);
    let (act, deactivate) = {
        let (reload, leaving) = (team.reload.clone(), leaving.clone());
        use_action(
            |s, (id, to): (u64, u64)| async move { recruiters::deactivate(&s, id, to).await },
            Callback::from(move |_| {
                leaving.set(None);
                reload.emit(())
            }),
        )
    };
    let body = match &team.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading the recruiters from Staffing Referrals…" }</p> },
        Load::Failed(e) => error_box(e, Some(team.reload.clone())),
        Load::Ready(list, _) if list.is_empty() => html! { <p class="muted" data-state="empty">{ "Staffing Referrals lists no recruiter or admin." }</p> },
        Load::Ready(list, _) => {
            let row = |u: &SrUser| {
                let id = u.id;
                let heirs: Vec<&SrUser> = list.iter().filter(|o| o.id != id && is_active(o)).collect();
                let chosen = (*heir).filter(|h| heirs.iter().any(|o| o.id == *h)).or(heirs.first().map(|o| o.id));
                let ask = {
                    let (leaving, heir) = (leaving.clone(), heir.clone());
                    Callback::from(move |_: MouseEvent| {
                        heir.set(None);
                        leaving.set(Some(id))
                    })
                };
                let cancel = {
                    let leaving = leaving.clone();
                    Callback::from(move |_: MouseEvent| leaving.set(None))
                };
                let on_heir = {
                    let heir = heir.clone();
                    Callback::from(move |e: Event| heir.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()))
                };
                let confirm = {
                    let deactivate = deactivate.clone();
                    Callback::from(move |_: MouseEvent| {
                        if let Some(to) = chosen {
                            deactivate.emit((id, to));
                        }
                    })
                };
                let field = format!("heir-{id}");
                html! {
                    <li class="card" key={id} data-testid="recruiter">
                        <h3>{ u.full_name() }<span class="muted">{ format!(" · {} · {}", u.role_name.clone().unwrap_or_default(), u.status.clone().unwrap_or_else(|| "Active".into())) }</span></h3>
                        <p class="muted">{ u.email.clone().unwrap_or_default() }{ if u.is_accepted == Some(true) { " · accepted" } else { " · not accepted yet" } }</p>
                        if is_active(u) {
                            if *leaving == Some(id) {
                                <div class="confirm" role="group" aria-label={format!("Deactivate {}", u.full_name())}>
                                    if heirs.is_empty() {
                                        <p>{ "No other active recruiter or admin can take over their ambassadors and leads." }</p>
                                    } else {
                                        <label for={field.clone()}>{ "Move their ambassadors and leads to" }</label>
                                        <select id={field} onchange={on_heir} disabled={act.busy()}>
                                            { for heirs.iter().map(|o| html! { <option value={o.id.to_string()} selected={chosen == Some(o.id)}>{ format!("{} ({})", o.full_name(), o.email.clone().unwrap_or_default()) }</option> }) }
                                        </select>
                                        <button type="button" onclick={confirm} disabled={act.busy()}>{ if act.busy() { "Deactivating…" } else { "Deactivate" } }</button>
                                    }
                                    <button type="button" class="secondary" onclick={cancel} disabled={act.busy()}>{ "Cancel" }</button>
                                </div>
                            } else {
                                <button type="button" class="secondary" onclick={ask} disabled={act.busy()}>{ "Deactivate…" }</button>
                            }
                        }
                    </li>
                }
            };
            html! { <ul class="cards" aria-label="Recruiters and admins" data-state="ready">{ for list.iter().map(row) }</ul> }
        }
    };
    html! {
        <section class="panel" id="recruiters" aria-labelledby="recruiters-title">
            <h2 id="recruiters-title">{ "Recruiters and admins" }</h2>
            if let Act::Done(message) = &act { <p role="status" data-testid="deactivated">{ if message.is_empty() { "Deactivated.".to_string() } else { message.clone() } }</p> }
            if let Act::Failed(e) = &act { { error_box(e, None) } }
            { body }
        </section>
    }
}

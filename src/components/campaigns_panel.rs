use crate::components::format::error_box;
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::domain::referral::{Campaign, PropertyType};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The program's campaigns (name, bonuses, terms, requirements) and property types (with their
/// options); a Select property's options can be edited (`Update Property Type`).
#[function_component(CampaignsPanel)]
pub fn campaigns_panel() -> Html {
    let loaded = use_load((), |s, _| async move {
        let (c, p) = futures::join!(s.staffing.campaigns(), s.staffing.property_types());
        Ok((c?, p?))
    });
    let body = match &loaded.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading the campaigns from Staffing Referrals…" }</p> },
        Load::Failed(e) => error_box(e, Some(loaded.reload.clone())),
        Load::Ready(loaded_value, _) => {
            let (campaigns, types) = &**loaded_value;
            let replace = {
                let (replace, campaigns, types) = (loaded.replace.clone(), campaigns.clone(), types.clone());
                Callback::from(move |t: PropertyType| {
                    let types = types.iter().map(|o| if o.id == t.id { t.clone() } else { o.clone() }).collect();
                    replace.emit((campaigns.clone(), types))
                })
            };
            html! {
                <div data-state="ready">
                    if campaigns.is_empty() { <p class="muted" data-state="empty">{ "Staffing Referrals has no campaign yet." }</p> }
                    <ul class="cards" aria-label="Campaigns">{ for campaigns.iter().map(campaign) }</ul>
                    <h3>{ "Property types" }</h3>
                    if types.is_empty() { <p class="muted">{ "No property types." }</p> }
                    <ul class="cards" aria-label="Property types">
                        { for types.iter().map(|t| html! { <PropertyTypeItem key={t.id} kind={t.clone()} on_saved={replace.clone()} /> }) }
                    </ul>
                </div>
            }
        }
    };
    html! {
        <section class="panel" id="campaigns" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">{ "Campaigns" }</h2>
            { body }
        </section>
    }
}

fn or_dash(v: &Option<String>) -> String {
    v.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into())
}

fn campaign(c: &Campaign) -> Html {
    let per_hour = if c.is_bonus_per_hour == Some(true) { " per hour" } else { "" };
    let term = match (c.minimum_term, &c.minimum_term_units) {
        (Some(n), Some(u)) => format!("{n} {u}"),
        (Some(n), None) => n.to_string(),
        _ => "—".into(),
    };
    html! {
        <li class="card" data-testid="campaign">
            <h3>{ c.name.clone() }<span class="muted">{ format!(" · {}", or_dash(&c.status)) }</span></h3>
            <dl class="facts-grid">
                <dt>{ "Bonuses" }</dt><dd>{ format!("Applicant {} · Ambassador {}{per_hour}", or_dash(&c.applicant_bonus), or_dash(&c.ambassador_bonus)) }</dd>
                <dt>{ "Minimum term" }</dt><dd>{ term }</dd>
                <dt>{ "Location" }</dt><dd>{ or_dash(&c.location) }</dd>
                <dt>{ "Requirements" }</dt><dd>{ or_dash(&c.minimum_requirements) }</dd>
            </dl>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct PropertyTypeProps {
    kind: PropertyType,
    on_saved: Callback<PropertyType>,
}

/// One property type; a Select's options are edited one per line.
#[function_component(PropertyTypeItem)]
fn property_type_item(props: &PropertyTypeProps) -> Html {
    let t = &props.kind;
    let draft = use_state(|| t.options.join("\n"));
    let (act, save) = use_action(
        |s, (id, options): (u64, Vec<String>)| async move { crate::flows::program::save_options(&s, id, &options).await },
        props.on_saved.clone(),
    );
    let who = match (t.is_for_applicant, t.is_for_ambassador) {
        (true, true) => "applicants and ambassadors",
        (true, false) => "applicants",
        (false, true) => "ambassadors",
        (false, false) => "nobody",
    };
    let field = format!("options-{}", t.id);
    let options: Vec<String> = draft.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    let changed = options != t.options;
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let onsubmit = {
        let (save, id, options) = (save.clone(), t.id, options.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.emit((id, options.clone()));
        })
    };
    html! {
        <li class="card" data-testid="property-type">
            <h4>{ t.name.clone() }<span class="muted">{ format!(" · {} · for {who}{}", t.kind, if t.is_required == Some(true) { " · required" } else { "" }) }</span></h4>
            if t.kind.eq_ignore_ascii_case("select") {
                <form class="settings" onsubmit={onsubmit}>
                    <label for={field.clone()}>{ "Options, one per line" }</label>
                    <textarea id={field} rows="4" value={(*draft).clone()} oninput={oninput} disabled={act.busy()} />
                    <div class="form-actions">
                        <button type="submit" disabled={act.busy() || !changed || options.is_empty()}>{ if act.busy() { "Saving…" } else { "Save options" } }</button>
                    </div>
                    if options.is_empty() { <p class="field-error" role="alert">{ "A Select needs at least one option." }</p> }
                    if let Act::Failed(e) = &act { { error_box(e, None) } }
                    if let (Act::Done(_), false) = (&act, changed) { <p role="status" class="muted">{ "Saved." }</p> }
                </form>
            } else if !t.options.is_empty() {
                <p>{ t.options.join(", ") }</p>
            }
        </li>
    }
}

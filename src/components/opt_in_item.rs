use crate::flows::opt_ins::{Assessment, Choice, Links};
use crate::components::format::when;
use crate::components::found_in_jobdiva::FoundInJobDiva;
use crate::domain::dedup::{record_link, Decision, Evidence, SalesDecision};
use crate::domain::reference::{OptIn, Outcome};
use yew::prelude::*;

/// Where one opt-in stands in this tab.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemState {
    Assessing,
    Assessed(Assessment),
    /// The duplicate check could not run (the reason); processing will try again.
    Unassessed(String),
    Working,
    Done(Outcome),
    NeedsDecision(Vec<Evidence>),
    /// Left pending: the reason, shown with a retry.
    Failed(String),
    /// Waiting for a person to check JobDiva (a write may have landed unseen, and it cannot be
    /// looked up through the API). Recorded with RefAssured, so every tab shows it; never
    /// retried automatically.
    NeedsCheck(String),
}

#[derive(Properties, PartialEq)]
pub struct OptInItemProps {
    pub opt_in: OptIn,
    pub state: ItemState,
    pub links: Links,
    pub on_process: Callback<(u64, Choice)>,
    #[prop_or_default]
    pub disabled: bool,
}

fn action_text(action: &str) -> &'static str {
    match action {
        "created_candidate" => "Created a JobDiva candidate",
        "noted_candidate" => "Added a note to the existing JobDiva candidate",
        "created_contact" => "Created a JobDiva contact",
        "noted_contact" => "Added a note to the existing JobDiva contact",
        "created_lead" => "Created a JobDiva lead",
        _ => "Done",
    }
}

/// One opt-in: the person, the duplicate check's decision and evidence, and what was done.
#[function_component(OptInItem)]
pub fn opt_in_item(props: &OptInItemProps) -> Html {
    let o = &props.opt_in;
    let sales = o.kind == "sales";
    let (candidate_url, contact_url) = (props.links.candidate.clone(), props.links.contact.clone());
    let link = move |id: u64, name: &str| {
        let url = record_link(if sales { &contact_url } else { &candidate_url }, id);
        html! { <a href={url} target="_blank" rel="noopener noreferrer">{ format!("{name} (#{id})") }</a> }
    };
    let process = |choice: Choice, label: String, primary: bool| {
        let (cb, id) = (props.on_process.clone(), o.id);
        html! {
            <button type="button" class={classes!((!primary).then_some("secondary"))} disabled={props.disabled}
                onclick={move |_| cb.emit((id, choice))}>{ label }</button>
        }
    };
    let record = if sales { "contact" } else { "candidate" };
    let body = match &props.state {
        ItemState::Assessing => html! { <p class="muted" role="status">{ "Checking JobDiva for this person…" }</p> },
        ItemState::Unassessed(why) => html! {
            <>
                <p class="panel-error">{ format!("The duplicate check could not run: {why}") }</p>
                { process(Choice::Auto, "Try again".into(), true) }
            </>
        },
        ItemState::Assessed(a) => {
            let (decision, action) = match a {
                Assessment::Talent(Decision::Match { key, profile }) | Assessment::Sales(SalesDecision::Match { key, contact: profile }) => (
                    html! { <p data-testid="decision">{ format!("Already in JobDiva by {}: ", key.label()) }{ link(profile.id, &profile.name) }{ format!(" ({})", profile.matched_value) }</p> },
                    format!("Add a note to the existing {record}"),
                ),
                Assessment::Talent(Decision::PossibleMatch { profiles }) | Assessment::Sales(SalesDecision::PossibleMatch { contacts: profiles }) => (
                    html! { <p data-testid="decision">{ format!("Same name as {} in JobDiva (email and phone differ): a recruiter decides.", profiles.len()) }</p> },
                    "Decide".into(),
                ),
                Assessment::Talent(Decision::New) => (html! { <p data-testid="decision">{ "Not in JobDiva: a new candidate will be created." }</p> }, "Create candidate".into()),
                Assessment::Sales(SalesDecision::NewContact { company }) => (
                    html! { <p data-testid="decision">{ format!("Not in JobDiva; {company} is: a new contact will be created there.") }</p> },
                    "Create contact".into(),
                ),
                Assessment::Sales(SalesDecision::NewLead) => (html! { <p data-testid="decision">{ "Not in JobDiva, nor the company: a new lead will be created." }</p> }, "Create lead".into()),
            };
            html! { <>{ decision }{ process(Choice::Auto, action, true) }</> }
        }
        ItemState::Working => html! { <p class="muted" role="status">{ "Working…" }</p> },
        ItemState::Done(out) => html! {
            <p class="done" data-testid="outcome">
                { format!("{}: ", action_text(&out.action)) }
                { match out.ats_record_id.parse::<u64>() { Ok(id) => link(id, "open in JobDiva"), Err(_) => html! { { out.ats_record_id.clone() } } } }
                if !out.notified.is_empty() { { format!(" · emailed {}", out.notified.join(", ")) } }
            </p>
        },
        ItemState::NeedsDecision(profiles) => html! {
            <div class="decide" data-testid="needs-decision" role="group" aria-label={format!("Decide for {} {}", o.person.name.first, o.person.name.last)}>
                <p>{ format!("Same name in JobDiva, but email and phone differ. Is it the same person?") }</p>
                { for profiles.iter().map(|p| html! {
                    <p>{ link(p.id, &p.name) }{ " " }{ process(Choice::UseExisting(p.id), format!("Same person: add a note to #{}", p.id), false) }</p>
                }) }
                { process(Choice::CreateNew, format!("Different person: create a new {record}"), false) }
            </div>
        },
        ItemState::Failed(why) => html! {
            <div class="panel-error" role="alert" data-testid="pending-reason">
                <p>{ format!("Still pending: {why}") }</p>
                { process(Choice::Auto, "Try again".into(), true) }
            </div>
        },
        ItemState::NeedsCheck(why) => html! {
            <div class="panel-error" role="alert" data-testid="pending-reason">
                <p>{ format!("Still pending: {why}") }</p>
                { process(Choice::Checked, "I checked JobDiva: it is not there, go on".into(), false) }
                <FoundInJobDiva opt_in_id={o.id} kind={o.kind.clone()} on_process={props.on_process.clone()} disabled={props.disabled} />
            </div>
        },
    };
    let p = &o.person;
    let role = [p.current_title.as_str(), p.current_company.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" at ");
    html! {
        <li class="opt-in" data-testid="opt-in" data-opt-in-id={o.id.to_string()}>
            <p>
                <span class={classes!("kind", if sales { "kind-sales" } else { "kind-talent" })}>{ if sales { "Sales" } else { "Talent" } }</span>
                <strong>{ format!(" {} {}", p.name.first, p.name.last) }</strong>
                { if role.is_empty() { String::new() } else { format!(" — {role}") } }
            </p>
            // Each value in an element of its own: bidi-isolated (static/style.css), so an
            // override in the email cannot reorder the phone after it.
            <p class="muted">
                <span>{ if p.name.email.trim().is_empty() { "no email" } else { p.name.email.trim() } }</span>{ " · " }
                <span>{ if p.name.mobile.trim().is_empty() { "no phone" } else { p.name.mobile.trim() } }</span>
                { format!(" · opted in {}", when(&o.opted_in_at)) }
            </p>
            { body }
        </li>
    }
}

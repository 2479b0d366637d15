use crate::api::refassured::PushKind;
use crate::flows::pushes;
use crate::components::format::when;
use crate::components::hooks::{use_action, Act};
use crate::components::report_view::ReportView;
use crate::domain::ats::Candidate;
use crate::domain::reference::{AlertLevel, Push, RefRequest, Reference};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReferenceRowProps {
    pub reference: Reference,
    pub request: RefRequest,
    /// The candidate from JobDiva (needed to write the note; the actions wait for it).
    pub candidate: Option<Candidate>,
    pub candidate_id: u64,
    #[prop_or_default]
    pub recruiter_id: Option<u64>,
}

fn status_label(s: &str) -> &str {
    match s {
        "pending" => "Not sent yet",
        "sent" => "Sent",
        "opened" => "Opened",
        "completed" => "Completed",
        "declined" => "Declined",
        "cancelled" => "Cancelled",
        other => other,
    }
}

fn relationship(s: &str) -> String {
    match s {
        "direct_report" => "Direct report".into(),
        "" => String::new(),
        other => {
            let mut c = other.replace('_', " ");
            if let Some(f) = c.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            c
        }
    }
}

/// One reference: who, status and times, alerts, the report, and putting it into JobDiva.
#[function_component(ReferenceRow)]
pub fn reference_row(props: &ReferenceRowProps) -> Html {
    let r = &props.reference;
    let open = use_state(|| false);
    let note = use_state(|| r.ats_push.note.clone());
    let attachment = use_state(|| r.ats_push.attachment.clone());
    // A push recorded elsewhere (another tab, a colleague) shows after a refresh.
    {
        let (note, attachment) = (note.clone(), attachment.clone());
        use_effect_with(r.ats_push.clone(), move |push| {
            if push.note.is_some() {
                note.set(push.note.clone());
            }
            if push.attachment.is_some() {
                attachment.set(push.attachment.clone());
            }
        });
    }

    let (note_act, add_note) = {
        let note = note.clone();
        use_action(
            |s, (c, q, r, recruiter): (Candidate, RefRequest, Reference, Option<u64>)| async move { pushes::push_note(&s, &c, &q, &r, recruiter).await },
            Callback::from(move |p: Push| note.set(Some(p))),
        )
    };
    let (attach_act, attach) = {
        let attachment = attachment.clone();
        use_action(
            |s, (id, r): (u64, Reference)| async move { pushes::attach_report(&s, id, &r).await },
            Callback::from(move |p: Push| attachment.set(Some(p))),
        )
    };

    // A person's answer about an unconfirmed push: the slot shows the result.
    let (settle_act, settle) = use_action(
        |s, (id, kind, there, slot): (u64, PushKind, bool, UseStateHandle<Option<Push>>)| async move {
            let settled = pushes::settle_unconfirmed(&s, id, kind, there).await?;
            slot.set(settled);
            Ok(())
        },
        Callback::noop(),
    );

    let name = format!("{} {}", r.person.first, r.person.last);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let report_id = format!("report-{}", r.id);
    let completed = r.report_available;

    // A write whose outcome is unknown is recorded with RefAssured and never offered again: a
    // person checks JobDiva and says whether it is there.
    let check = |p: &Push, kind: PushKind, slot: &UseStateHandle<Option<Push>>, testid: &'static str| {
        let settle = |there: bool| {
            let (settle, slot, id) = (settle.clone(), slot.clone(), r.id);
            Callback::from(move |_: MouseEvent| settle.emit((id, kind, there, slot.clone())))
        };
        html! {
            <div class="confirm" role="group" aria-label="Check JobDiva" data-testid={testid}>
                <p>{ p.unconfirmed.clone().unwrap_or_default() }</p>
                <button type="button" onclick={settle(true)} disabled={settle_act.busy()}>{ "It is in JobDiva" }</button>
                <button type="button" class="secondary" onclick={settle(false)} disabled={settle_act.busy()}>{ "It is not there: offer it again" }</button>
            </div>
        }
    };
    let note_control = match (&*note, &props.candidate) {
        (Some(p), _) if p.unconfirmed.is_some() => check(p, PushKind::Note, &note, "note-unconfirmed"),
        (Some(p), _) => html! { <p class="done" data-testid="note-done">{ format!("Added to JobDiva notes on {}", when(&p.at)) }</p> },
        (None, None) => html! { <button type="button" disabled=true title="Waiting for the candidate from JobDiva">{ "Add to JobDiva notes" }</button> },
        (None, Some(c)) => {
            // As this row knows it now (a person may have cleared an unconfirmed push).
            let mut current = r.clone();
            current.ats_push.note = (*note).clone();
            let input = (c.clone(), props.request.clone(), current, props.recruiter_id);
            let onclick = {
                let add = add_note.clone();
                Callback::from(move |_| add.emit(input.clone()))
            };
            html! {
                <button type="button" onclick={onclick} disabled={note_act.busy()} aria-describedby={format!("note-status-{}", r.id)}>
                    { if note_act.busy() { "Adding to notes…" } else { "Add to JobDiva notes" } }
                </button>
            }
        }
    };
    let attach_control = match &*attachment {
        Some(p) if p.unconfirmed.is_some() => check(p, PushKind::Attachment, &attachment, "attachment-unconfirmed"),
        Some(p) => html! { <p class="done" data-testid="attachment-done">{ format!("Attached to JobDiva on {}", when(&p.at)) }</p> },
        None => {
            let mut current = r.clone();
            current.ats_push.attachment = (*attachment).clone();
            let input = (props.candidate_id, current);
            let onclick = {
                let attach = attach.clone();
                Callback::from(move |_| attach.emit(input.clone()))
            };
            html! {
                <button type="button" class="secondary" onclick={onclick} disabled={attach_act.busy()}>
                    { if attach_act.busy() { "Attaching…" } else { "Attach report" } }
                </button>
            }
        }
    };
    let failure = |a: &Act<Push>, what: &str| match a {
        Act::Failed(e) => Some(format!("{what}: {e}")),
        _ => None,
    };
    let settle_failure = match &settle_act {
        Act::Failed(e) => Some(format!("Could not record your answer: {e}")),
        _ => None,
    };
    let failures: Vec<String> = [failure(&note_act, "Could not add the note"), failure(&attach_act, "Could not attach the report"), settle_failure].into_iter().flatten().collect();

    html! {
        <li class="reference" data-testid="reference" data-reference-id={r.id.to_string()}>
            <div class="reference-head">
                <div>
                    <p class="reference-name">{ name.clone() }</p>
                    <p class="muted">
                        { [relationship(&r.relationship), r.title.clone(), r.company.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ") }
                    </p>
                </div>
                <span class={classes!("status", format!("status-{}", r.status))}>{ status_label(&r.status) }</span>
            </div>
            <p class="times muted">
                { [r.sent_at.as_ref().map(|t| format!("Sent {}", when(t))), r.opened_at.as_ref().map(|t| format!("Opened {}", when(t))),
                   r.submitted_at.as_ref().map(|t| format!("Submitted {}", when(t))),
                   (r.reminder_count > 0).then(|| format!("{} reminder{}", r.reminder_count, if r.reminder_count == 1 { "" } else { "s" }))]
                    .into_iter().flatten().collect::<Vec<_>>().join(" · ") }
            </p>
            { for r.alerts.iter().map(|a| {
                let (class, label) = match a.level {
                    AlertLevel::Alert => ("alert alert-fraud", "Alert"),
                    _ => ("alert alert-warning", "Warning"),
                };
                html! {
                    <p class={class} data-testid={format!("alert-{}", if a.level == AlertLevel::Alert { "alert" } else { "warning" })}>
                        <strong>{ format!("{label}: ") }</strong>{ a.message.clone() }
                    </p>
                }
            }) }
            if completed {
                <div class="reference-actions">
                    <button type="button" class="link" aria-expanded={open.to_string()} aria-controls={report_id.clone()} onclick={toggle}>
                        { if *open { "Hide report" } else { "View report" } }
                    </button>
                    { note_control }
                    { attach_control }
                </div>
                <div id={format!("note-status-{}", r.id)}>
                    { for failures.into_iter().map(|f| html! { <p class="panel-error" role="alert">{ f }</p> }) }
                </div>
                if *open {
                    <div id={report_id}><ReportView reference_id={r.id} /></div>
                }
            }
        </li>
    }
}

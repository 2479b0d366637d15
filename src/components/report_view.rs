use crate::flows;
use crate::components::format::{error_box, when};
use crate::components::hooks::{use_load, Load};
use crate::domain::number::whole;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub reference_id: u64,
}

/// A completed report, readable in the tab. Answers are the reference-giver's own text:
/// rendered as text, never as HTML.
#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    let report = use_load(props.reference_id, |s, id| async move { flows::report(&s, id).await });
    match &report.state {
        Load::Loading => html! { <p class="muted" role="status">{ "Loading the report…" }</p> },
        Load::Failed(e) => error_box(e, Some(report.reload.clone())),
        Load::Ready(r, _) => html! {
            <div class="report" data-testid="report">
                <p class="report-meta">
                    if let Some(s) = r.overall_score { <strong>{ format!("Overall score {}/100", whole(s)) }</strong> }
                    if let Some(at) = &r.submitted_at { <span class="muted">{ format!(" · submitted {}", when(at)) }</span> }
                </p>
                if r.answers.is_empty() { <p class="muted">{ "The report has no answers." }</p> }
                <dl>
                    { for r.answers.iter().map(|a| html! {
                        <>
                            <dt>{ a.question.clone() }</dt>
                            <dd>
                                if let Some(rating) = a.rating {
                                    <span class="rating" aria-label={format!("Rating {} of 5", whole(rating))}>{ format!("{}/5", whole(rating)) }</span>
                                }
                                <span class="answer">{ if a.answer.trim().is_empty() { "(no answer)".to_string() } else { a.answer.clone() } }</span>
                            </dd>
                        </>
                    }) }
                </dl>
            </div>
        },
    }
}

use crate::domain::context::ContextError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorScreenProps {
    pub error: ContextError,
}

/// Shown instead of the tab when it cannot know which candidate it belongs to.
#[function_component(ErrorScreen)]
pub fn error_screen(props: &ErrorScreenProps) -> Html {
    let (headline, fix) = props.error.explain();
    html! {
        <main class="error-screen" role="alert" data-testid="context-error">
            <h1>{ "RefAssured can't open this tab" }</h1>
            <p class="headline">{ headline }</p>
            <p>{ fix }</p>
        </main>
    }
}

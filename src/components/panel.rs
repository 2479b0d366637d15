use yew::prelude::*;

/// What a panel knows about its data.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelState {
    /// Nothing has been asked for yet.
    NotLoaded,
    Loading,
    /// Loaded, but there is nothing to show; the text says so plainly.
    Empty(AttrValue),
    Failed(AttrValue),
    Ready,
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Used for the element id and the heading's id (`aria-labelledby`).
    pub id: AttrValue,
    pub title: AttrValue,
    pub state: PanelState,
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
    #[prop_or_default]
    pub children: Html,
}

/// A titled section of the tab with its loading, empty and error states.
#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let heading_id = format!("{}-title", props.id);
    let body = match &props.state {
        PanelState::NotLoaded => html! { <p class="muted" data-state="not-loaded">{ "Not loaded yet." }</p> },
        PanelState::Loading => html! {
            <p class="muted" data-state="loading" role="status" aria-live="polite">{ "Loading…" }</p>
        },
        PanelState::Empty(text) => html! { <p class="muted" data-state="empty">{ text.clone() }</p> },
        PanelState::Failed(text) => {
            let retry = props.on_retry.clone().map(|cb| {
                html! { <button type="button" onclick={move |_| cb.emit(())}>{ "Try again" }</button> }
            });
            html! {
                <div class="panel-error" data-state="error" role="alert">
                    <p>{ text.clone() }</p>
                    { for retry }
                </div>
            }
        }
        PanelState::Ready => props.children.clone(),
    };
    html! {
        <section class="panel" id={props.id.clone()} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ props.title.clone() }</h2>
            { body }
        </section>
    }
}

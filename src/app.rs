//! The root: decides the mode from the host context, then shows the tab.

use crate::api::host;
use crate::components::error_screen::ErrorScreen;
use crate::components::settings_form::SettingsForm;
use crate::components::tab::Tab;
use crate::domain::context::{ContextError, HostContext};
use yew::prelude::*;

/// Where the app stands after boot.
#[derive(Clone, Debug, PartialEq)]
pub enum Boot {
    /// Inside JobDiva with a valid context.
    Embedded(HostContext),
    /// In a frame without a context in the address: waiting for the host's `postMessage`.
    AwaitingHost,
    /// A standalone page: the admin enters the key and a candidate.
    Standalone { key: Option<String>, candidate: Option<String> },
    /// Standalone with a chosen candidate.
    StandaloneTab(HostContext),
    Failed(ContextError),
}

impl Boot {
    /// Read the address (scrubbing the key from it) and decide the mode.
    pub fn from_host() -> Self {
        let raw = host::take_context_from_address();
        if raw.is_present() {
            let embedded = host::in_frame();
            return match raw.validate(embedded) {
                Ok(ctx) if ctx.api_key.is_some() => Boot::Embedded(ctx),
                // A standalone address with a candidate but no key: ask for the key, keep the candidate.
                Ok(ctx) => Boot::Standalone { key: host::saved_key(), candidate: Some(ctx.candidate_id.to_string()) },
                Err(e) => Boot::Failed(e),
            };
        }
        if host::in_frame() {
            Boot::AwaitingHost
        } else {
            Boot::Standalone { key: host::saved_key(), candidate: None }
        }
    }
}

fn accept(ctx: HostContext, standalone: bool) -> Boot {
    if let Some(k) = &ctx.api_key {
        host::save_key(k);
    }
    if standalone { Boot::StandaloneTab(ctx) } else { Boot::Embedded(ctx) }
}

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_state(|| match Boot::from_host() {
        Boot::Embedded(ctx) => accept(ctx, false),
        other => other,
    });

    {
        let boot = boot.clone();
        let waiting = matches!(*boot, Boot::AwaitingHost);
        use_effect_with(waiting, move |&waiting| {
            let guard = waiting.then(|| {
                host::request_context(move |result| {
                    boot.set(match result.and_then(|raw| raw.validate(true)) {
                        Ok(ctx) => accept(ctx, false),
                        Err(e) => Boot::Failed(e),
                    })
                })
            });
            move || drop(guard)
        });
    }
    use_effect_with((), |_| {
        let guard = host::report_height();
        move || drop(guard)
    });

    match &*boot {
        Boot::Embedded(ctx) => html! { <Tab context={ctx.clone()} /> },
        Boot::StandaloneTab(ctx) => {
            let change = {
                let boot = boot.clone();
                let key = ctx.api_key.clone();
                Callback::from(move |_| boot.set(Boot::Standalone { key: key.clone(), candidate: None }))
            };
            html! { <Tab context={ctx.clone()} on_change_candidate={change} /> }
        }
        Boot::AwaitingHost => html! {
            <main class="tab"><p class="muted" role="status">{ "Connecting to JobDiva…" }</p></main>
        },
        Boot::Standalone { key, candidate } => {
            let on_submit = {
                let boot = boot.clone();
                Callback::from(move |ctx: HostContext| boot.set(accept(ctx, true)))
            };
            html! {
                <SettingsForm initial_key={key.clone().map(AttrValue::from)}
                    initial_candidate={candidate.clone().map(AttrValue::from)} on_submit={on_submit} />
            }
        }
        Boot::Failed(e) => html! { <ErrorScreen error={e.clone()} /> },
    }
}

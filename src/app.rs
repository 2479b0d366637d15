//! The root: decides the mode from the host context, checks the key on the standalone page,
//! and provides the services to the tab.

use crate::api::error::ApiError;
use crate::api::host;
use crate::api::refassured::RefAssured;
use crate::api::services::Services;
use crate::components::candidate_picker::CandidatePicker;
use crate::components::error_screen::ErrorScreen;
use crate::components::opt_in_list::OptInList;
use crate::components::settings_form::{SettingsForm, StandaloneInput};
use crate::components::tab::Tab;
use crate::domain::context::{ContextError, HostContext};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Where the app stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Boot {
    /// Inside JobDiva with a valid context.
    Embedded(HostContext),
    /// In a frame without a context in the address: waiting for the host's `postMessage`.
    AwaitingHost,
    /// A standalone page: the admin enters the key (and maybe a candidate).
    Standalone { key: Option<String>, candidate: Option<String>, error: Option<String> },
    /// The key is being checked with RefAssured.
    Checking(StandaloneInput),
    /// Key accepted, no candidate yet: search JobDiva.
    Picking(StandaloneInput),
    /// Every pending opt-in of the agency.
    OptIns(StandaloneInput),
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
                Ok(ctx) if ctx.api_key.is_some() => {
                    if let Some(k) = &ctx.api_key {
                        host::save_key(k);
                    }
                    Boot::Embedded(ctx)
                }
                // A standalone address with a candidate but no key: ask for the key, keep the candidate.
                Ok(ctx) => Boot::Standalone { key: host::saved_key(), candidate: Some(ctx.candidate_id.to_string()), error: None },
                Err(e) => Boot::Failed(e),
            };
        }
        if host::in_frame() {
            Boot::AwaitingHost
        } else {
            Boot::Standalone { key: host::saved_key(), candidate: None, error: None }
        }
    }
}

fn standalone_context(input: &StandaloneInput, candidate_id: u64) -> HostContext {
    HostContext { candidate_id, user_email: input.user_email.clone(), user_id: None, api_key: Some(input.api_key.clone()) }
}

fn key_problem(e: &ApiError) -> String {
    match e {
        ApiError::Unauthorized { .. } => "RefAssured refused this API key (wrong, or revoked). Copy a current key from RefAssured → Settings → ATS Integration → JobDiva.".into(),
        other => format!("The key could not be checked: {other}"),
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_state(Boot::from_host);
    let api_base = use_memo((), |_| host::api_base());

    {
        let boot = boot.clone();
        let waiting = matches!(*boot, Boot::AwaitingHost);
        use_effect_with(waiting, move |&waiting| {
            let guard = waiting.then(|| {
                host::request_context(move |result| {
                    boot.set(match result.and_then(|raw| raw.validate(true)) {
                        Ok(ctx) => {
                            if let Some(k) = &ctx.api_key {
                                host::save_key(k);
                            }
                            Boot::Embedded(ctx)
                        }
                        Err(e) => Boot::Failed(e),
                    })
                })
            });
            move || drop(guard)
        });
    }
    {
        // The standalone page accepts a key only after RefAssured does.
        let (boot, base) = (boot.clone(), (*api_base).clone());
        let checking = match &*boot {
            Boot::Checking(input) => Some(input.clone()),
            _ => None,
        };
        use_effect_with(checking, move |checking| {
            if let Some(input) = checking.clone() {
                spawn_local(async move {
                    let next = match RefAssured::new(&base, &input.api_key).account().await {
                        Ok(_) => {
                            host::save_key(&input.api_key);
                            match input.candidate_id {
                                Some(id) => Boot::StandaloneTab(standalone_context(&input, id)),
                                None => Boot::Picking(input),
                            }
                        }
                        Err(e) => {
                            if matches!(e, ApiError::Unauthorized { .. }) {
                                host::forget_key();
                            }
                            Boot::Standalone { key: Some(input.api_key.clone()), candidate: input.candidate_id.map(|c| c.to_string()), error: Some(key_problem(&e)) }
                        }
                    };
                    boot.set(next);
                });
            }
        });
    }
    use_effect_with((), |_| {
        let guard = host::report_height();
        move || drop(guard)
    });

    let timeout_ms = *use_memo((), |_| host::timeout_ms());
    let services = |key: &str| {
        let s = Services::relay(&api_base, key);
        let t = crate::api::transport::Transport { timeout_ms, ..s.transport().clone() };
        s.with_transport(t)
    };
    match &*boot {
        Boot::Embedded(ctx) => html! {
            <ContextProvider<Services> context={services(ctx.api_key.as_deref().unwrap_or_default())}>
                <Tab context={ctx.clone()} />
            </ContextProvider<Services>>
        },
        Boot::StandaloneTab(ctx) => {
            let change = {
                let (boot, ctx) = (boot.clone(), ctx.clone());
                Callback::from(move |_| {
                    let input = StandaloneInput { api_key: ctx.api_key.clone().unwrap_or_default(), candidate_id: None, user_email: ctx.user_email.clone() };
                    boot.set(Boot::Picking(input))
                })
            };
            html! {
                <ContextProvider<Services> context={services(ctx.api_key.as_deref().unwrap_or_default())}>
                    <Tab context={ctx.clone()} on_change_candidate={change} />
                </ContextProvider<Services>>
            }
        }
        Boot::Picking(input) => {
            let on_pick = {
                let (boot, input) = (boot.clone(), input.clone());
                Callback::from(move |id: u64| boot.set(Boot::StandaloneTab(standalone_context(&input, id))))
            };
            let on_back = {
                let (boot, key) = (boot.clone(), input.api_key.clone());
                Callback::from(move |_| boot.set(Boot::Standalone { key: Some(key.clone()), candidate: None, error: None }))
            };
            let on_opt_ins = {
                let (boot, input) = (boot.clone(), input.clone());
                Callback::from(move |_| boot.set(Boot::OptIns(input.clone())))
            };
            html! {
                <ContextProvider<Services> context={services(&input.api_key)}>
                    <CandidatePicker on_pick={on_pick} on_back={on_back} on_opt_ins={on_opt_ins} />
                </ContextProvider<Services>>
            }
        }
        Boot::OptIns(input) => {
            let back = {
                let (boot, input) = (boot.clone(), input.clone());
                Callback::from(move |_| boot.set(Boot::Picking(input.clone())))
            };
            html! {
                <ContextProvider<Services> context={services(&input.api_key)}>
                    <main class="tab" data-testid="all-opt-ins">
                        <h1>{ "RefAssured" }</h1>
                        <p><button type="button" class="link" onclick={move |_| back.emit(())}>{ "← Find a candidate" }</button></p>
                        <OptInList id="all-opt-ins" title="All pending opt-ins" />
                    </main>
                </ContextProvider<Services>>
            }
        }
        Boot::AwaitingHost => html! {
            <main class="tab"><p class="muted" role="status">{ "Connecting to JobDiva…" }</p></main>
        },
        Boot::Standalone { .. } | Boot::Checking(_) => {
            let (key, candidate, error, checking) = match &*boot {
                Boot::Standalone { key, candidate, error } => (key.clone(), candidate.clone(), error.clone(), false),
                Boot::Checking(i) => (Some(i.api_key.clone()), i.candidate_id.map(|c| c.to_string()), None, true),
                _ => (None, None, None, false),
            };
            let on_submit = {
                let boot = boot.clone();
                Callback::from(move |input: StandaloneInput| boot.set(Boot::Checking(input)))
            };
            html! {
                <SettingsForm initial_key={key.map(AttrValue::from)} initial_candidate={candidate.map(AttrValue::from)}
                    error={error.map(AttrValue::from)} checking={checking} on_submit={on_submit} />
            }
        }
        Boot::Failed(e) => html! { <ErrorScreen error={e.clone()} /> },
    }
}

//! The root: decides the mode from the host context, checks the key on the standalone page,
//! and provides the services to the tab. Where the app stands is [`boot::Boot`], changed only by
//! [`boot::Action`]s (yew's `function_todomvc` pattern); the effects here do the I/O.

pub mod boot;

pub use boot::{Action, Boot};

use crate::api::error::ApiError;
use crate::api::host;
use crate::api::jobdiva::auth::Credentials;
use crate::api::jobdiva::JobDiva;
use crate::api::services::Services;
use crate::flows::{self, opt_ins::assess, referral::candidate_referral};
use crate::api::staffing_referrals::StaffingReferrals;
use crate::api::transport::Transport;
use crate::components::candidate_picker::CandidatePicker;
use crate::components::error_screen::ErrorScreen;
use crate::components::opt_in_list::OptInList;
use crate::components::settings_form::{SettingsForm, StandaloneInput};
use crate::components::tab::Tab;
use crate::domain::context::HostContext;
use futures::future::join_all;
use yew::platform::spawn_local;
use yew::prelude::*;

fn key_problem(e: &ApiError) -> String {
    match e {
        ApiError::Unauthorized { .. } => "RefAssured refused this API key (wrong, or revoked). Copy a current key from RefAssured → Settings → ATS Integration → JobDiva.".into(),
        other => format!("The key could not be checked: {other}"),
    }
}

/// The standalone page's services: the key checked with RefAssured, and any direct access
/// checked with JobDiva (sign-in) and Staffing Referrals (a read) before it is used.
async fn connect(base: &str, timeout_ms: u32, input: &StandaloneInput) -> Result<Services, (String, bool)> {
    let mut s = relay_services(base, timeout_ms, &input.api_key);
    let t = s.transport().clone();
    s.refassured.account().await.map_err(|e| (key_problem(&e), matches!(e, ApiError::Unauthorized { .. })))?;
    if let Some((base, client_id, user_name, password)) = &input.direct.jobdiva {
        let jd = JobDiva::direct(base, Credentials { client_id: *client_id, user_name: user_name.clone(), password: password.clone() }).with_transport(t.clone());
        jd.login().await.map_err(|e| (format!("JobDiva refused the sign-in: {e}"), false))?;
        s.jobdiva = jd;
    }
    if let Some((base, token)) = &input.direct.staffing {
        let sr = StaffingReferrals::direct(base, token).with_transport(t);
        sr.campaigns().await.map_err(|e| (format!("Staffing Referrals refused the token: {e}"), false))?;
        s.staffing = sr;
    }
    Ok(s)
}

/// Everything through RefAssured with the API key, each request given `timeout_ms`.
fn relay_services(base: &str, timeout_ms: u32, api_key: &str) -> Services {
    let s = Services { note_action: host::note_action(), ..Services::relay(base, api_key) };
    let t = Transport { timeout_ms, ..s.transport().clone() };
    s.with_transport(t)
}

/// Inside JobDiva the tab's first requests leave now, before anything is drawn: the loads the
/// panels make (their identical requests then share these answers), and, the moment the
/// opt-ins arrive, their duplicate checks. Drawing the skeleton then overlaps the first wave
/// instead of delaying it.
pub fn start_embedded(ctx: &HostContext) {
    let s = relay_services(&host::api_base(), host::timeout_ms(), ctx.api_key.as_deref().unwrap_or_default());
    let s = s.with_transport(s.transport().shared());
    let id = ctx.candidate_id;
    let (opt_ins, referral, candidate) = (s.clone(), s.clone(), s.clone());
    spawn_local(async move {
        if let Ok(list) = flows::pending_opt_ins(&opt_ins, Some(id)).await {
            join_all(list.iter().filter(|o| o.outcome.is_none()).map(|o| assess(&opt_ins, o))).await;
        }
    });
    spawn_local(async move { drop(candidate_referral(referral, id).await) });
    spawn_local(async move { drop(flows::candidate(&candidate, id).await) });
    spawn_local(async move { drop(flows::requests(&s, id).await) });
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Decided in `main` ([`Boot::from_host`]), before the first render.
    pub boot: Boot,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let boot = use_reducer_eq(|| props.boot.clone());
    let api_base = use_memo((), |_| host::api_base());
    let timeout_ms = *use_memo((), |_| host::timeout_ms());

    {
        // In a frame without a context in its address: ask the host page for it.
        let dispatch = boot.dispatcher();
        let waiting = matches!(*boot, Boot::AwaitingHost);
        use_effect_with(waiting, move |&waiting| {
            let guard = waiting.then(|| {
                host::request_context(move |result| {
                    let result = result.and_then(|raw| raw.validate(true));
                    if let Ok(ctx) = &result {
                        if let Some(k) = &ctx.api_key {
                            host::save_key(k);
                        }
                        start_embedded(ctx);
                    }
                    dispatch.dispatch(Action::HostAnswered(result));
                })
            });
            move || drop(guard)
        });
    }
    {
        // The standalone page accepts a key (and any direct access) only after it works.
        let (dispatch, base) = (boot.dispatcher(), (*api_base).clone());
        let checking = match &*boot {
            Boot::Checking(input) => Some(input.clone()),
            _ => None,
        };
        use_effect_with(checking, move |checking| {
            if let Some(input) = checking.clone() {
                spawn_local(async move {
                    dispatch.dispatch(match connect(&base, timeout_ms, &input).await {
                        Ok(services) => {
                            host::save_key(&input.api_key);
                            Action::Connected(input, services)
                        }
                        Err((message, key_refused)) => {
                            if key_refused {
                                host::forget_key();
                            }
                            Action::ConnectFailed(input, message)
                        }
                    });
                });
            }
        });
    }
    use_effect_with((), |_| {
        let guard = host::report_height();
        move || drop(guard)
    });

    let send = |make: fn() -> Action| {
        let dispatch = boot.dispatcher();
        Callback::from(move |_| dispatch.dispatch(make()))
    };
    match &*boot {
        Boot::Embedded(ctx) => html! {
            <ContextProvider<Services> context={relay_services(&api_base, timeout_ms, ctx.api_key.as_deref().unwrap_or_default())}>
                <Tab context={ctx.clone()} />
            </ContextProvider<Services>>
        },
        Boot::StandaloneTab(ctx, s) => html! {
            <ContextProvider<Services> context={s.clone()}>
                <Tab context={ctx.clone()} on_change_candidate={send(|| Action::FindCandidate)} />
            </ContextProvider<Services>>
        },
        Boot::Picking(_, s) => {
            let on_pick = boot.dispatcher().to_callback().reform(Action::Pick);
            html! {
                <ContextProvider<Services> context={s.clone()}>
                    <CandidatePicker on_pick={on_pick} on_back={send(|| Action::BackToKey)} on_opt_ins={send(|| Action::ShowOptIns)} />
                </ContextProvider<Services>>
            }
        }
        Boot::OptIns(_, s) => {
            let back = send(|| Action::FindCandidate);
            html! {
                <ContextProvider<Services> context={s.clone()}>
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
            html! {
                <SettingsForm initial_key={key.map(AttrValue::from)} initial_candidate={candidate.map(AttrValue::from)}
                    error={error.map(AttrValue::from)} checking={checking} on_submit={boot.dispatcher().to_callback().reform(Action::Submit)}
                    jobdiva_base={AttrValue::from(host::jobdiva_api_base())}
                    staffing_base={AttrValue::from(host::staffing_api_base().unwrap_or_default())} />
            }
        }
        Boot::Failed(e) => html! { <ErrorScreen error={e.clone()} /> },
    }
}

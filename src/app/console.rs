//! The admin console's root (`src/bin/console.rs`): the key (and any direct access) checked
//! before use, candidate search, every pending opt-in, one candidate's tab, and the referral
//! program. Where it stands is [`Console`], changed only by [`Action`]s.

use super::console_state::{Action, Console};
use super::relay_services;
use crate::api::error::ApiError;
use crate::api::host;
use crate::api::jobdiva::auth::Credentials;
use crate::api::jobdiva::JobDiva;
use crate::api::services::Services;
use crate::api::staffing_referrals::StaffingReferrals;
use crate::components::candidate_picker::CandidatePicker;
use crate::components::opt_in_list::OptInList;
use crate::components::referral_program::ReferralProgram;
use crate::components::settings_form::{SettingsForm, StandaloneInput};
use crate::components::tab::Tab;
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

/// The admin console: a page of its own, never inside JobDiva.
#[function_component(ConsoleApp)]
pub fn console_app() -> Html {
    let boot = use_reducer_eq(Console::from_host);
    let api_base = use_memo((), |_| host::api_base());
    let timeout_ms = *use_memo((), |_| host::timeout_ms());

    {
        // The standalone page accepts a key (and any direct access) only after it works.
        let (dispatch, base) = (boot.dispatcher(), (*api_base).clone());
        let checking = match &*boot {
            Console::Checking(input) => Some(input.clone()),
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
    let send = |make: fn() -> Action| {
        let dispatch = boot.dispatcher();
        Callback::from(move |_| dispatch.dispatch(make()))
    };
    match &*boot {
        Console::StandaloneTab(ctx, s) => html! {
            <ContextProvider<Services> context={s.clone()}>
                <Tab context={ctx.clone()} on_change_candidate={send(|| Action::FindCandidate)} />
            </ContextProvider<Services>>
        },
        Console::Picking(_, s) => {
            let on_pick = boot.dispatcher().to_callback().reform(Action::Pick);
            html! {
                <ContextProvider<Services> context={s.clone()}>
                    <CandidatePicker on_pick={on_pick} on_back={send(|| Action::BackToKey)} on_opt_ins={send(|| Action::ShowOptIns)} on_program={send(|| Action::ShowProgram)} />
                </ContextProvider<Services>>
            }
        }
        Console::OptIns(_, s) => {
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
        Console::Program(input, s) => html! {
            <ContextProvider<Services> context={s.clone()}>
                <ReferralProgram on_back={send(|| Action::FindCandidate)} admin={input.user_email.clone().map(AttrValue::from)} />
            </ContextProvider<Services>>
        },
        Console::Standalone { .. } | Console::Checking(_) => {
            let (key, candidate, error, checking) = match &*boot {
                Console::Standalone { key, candidate, error } => (key.clone(), candidate.clone(), error.clone(), false),
                Console::Checking(i) => (Some(i.api_key.clone()), i.candidate_id.map(|c| c.to_string()), None, true),
                _ => (None, None, None, false),
            };
            html! {
                <SettingsForm initial_key={key.map(AttrValue::from)} initial_candidate={candidate.map(AttrValue::from)}
                    error={error.map(AttrValue::from)} checking={checking} on_submit={boot.dispatcher().to_callback().reform(Action::Submit)}
                    jobdiva_base={AttrValue::from(host::jobdiva_api_base())}
                    staffing_base={AttrValue::from(host::staffing_api_base().unwrap_or_default())} />
            }
        }
    }
}

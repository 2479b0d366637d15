//! The two roots. The embedded tab ([`App`], `src/main.rs`): decides the mode from the host
//! context and provides the services to the tab; where it stands is [`boot::Boot`], changed only
//! by [`boot::Action`]s (yew's `function_todomvc` pattern). The admin console
//! ([`console::ConsoleApp`], `src/bin/console.rs`, a bundle of its own): the key, candidate
//! search, every pending opt-in and the referral program; its state is
//! [`console_state::Console`]. The effects in the roots do the I/O.

pub mod boot;
pub mod console;
pub mod console_state;
pub mod rehearsal;

pub use boot::{Action, Boot};

use crate::api::host;
use crate::api::services::Services;
use crate::flows::{self, ambassadors, opt_ins::assess_each, referral::candidate_referral};
use crate::api::transport::{self, Transport};
use crate::components::error_screen::ErrorScreen;
use crate::components::tab::{self, Tab};
use crate::domain::context::HostContext;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Everything through RefAssured with the API key, each request given `timeout_ms`.
pub(crate) fn relay_services(base: &str, timeout_ms: u32, api_key: &str) -> Services {
    let s = Services { note_action: host::note_action(), ..Services::relay(base, api_key) };
    let t = Transport { timeout_ms, ..s.transport().clone() };
    s.with_transport(t)
}

/// Inside JobDiva the tab's first requests leave now, before anything is drawn: the loads the
/// panels make (their identical requests then share these answers), and, the moment the
/// opt-ins arrive, their duplicate checks. Drawing the skeleton then overlaps the first wave
/// instead of delaying it. The answers are kept for the panels until every panel has shown its
/// first answer, however late a panel asks (its duplicate checks wait for its list's render).
pub fn start_embedded(ctx: &HostContext) {
    transport::keep_first_wave(tab::PANELS);
    // What index.html's shell has sent of it is not sent again (docs/embedding.md).
    #[cfg(target_arch = "wasm32")]
    crate::api::browser::take_the_shell_s_requests();
    let s = relay_services(&host::api_base(), host::timeout_ms(), ctx.api_key.as_deref().unwrap_or_default());
    let s = s.with_transport(s.transport().shared());
    let id = ctx.candidate_id;
    let (opt_ins, referral, candidate, ambassador) = (s.clone(), s.clone(), s.clone(), s.clone());
    // The duplicate checks (fifteen searches or so, all at once) leave from a worker.
    let checks = s.from_a_worker();
    spawn_local(async move {
        if let Ok(list) = flows::pending_opt_ins(&opt_ins, Some(id)).await {
            // The panel's schedule exactly (the same opt-ins, in the same order, as many at once).
            let todo = list.into_iter().filter(|o| o.outcome.is_none() && o.attention.is_none()).collect();
            assess_each(&checks, todo, |_, _| ()).await;
        }
    });
    spawn_local(async move { drop(candidate_referral(referral, id).await) });
    spawn_local(async move { drop(flows::candidate(&candidate, id).await) });
    spawn_local(async move { drop(flows::requests(&s, id).await) });
    spawn_local(async move {
        // The worker is started once those four requests have left (the tasks above run in
        // this order, each up to its request's answer): creating it costs the page a few
        // milliseconds, which the first wave need not wait for. It is still ready before the
        // opt-ins arrive (traced: 40-60 ms before its first search).
        transport::start_worker();
        // Then, from the next task (this one is long enough), the candidate's ambassador
        // standing as far as the id tells: its panel appears only once the candidate has
        // arrived, and over HTTP/1.1 its two requests then queued behind the duplicate checks
        // (docs/performance.md, "Session 14"). The panel shares these answers.
        ambassador.transport().backend.pause().await;
        drop(ambassadors::standing(&ambassador, id, None).await)
    });
}

/// Run `f` in a task of its own, soon: ahead of the page's other waiting tasks where the browser
/// has `scheduler.postTask` (priority `user-blocking`: the first render must not queue behind
/// network and timer tasks), else (or if posting fails) by the browser's `setTimeout`.
pub fn in_a_task_of_its_own(f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    crate::api::browser::post_task(&wasm_bindgen::closure::Closure::once_into_js(f), "user-blocking");
    #[cfg(not(target_arch = "wasm32"))]
    f();
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
                        // As from an address with the context (`main`): while the first wave is out.
                        rehearsal::rehearse_later();
                    }
                    dispatch.dispatch(Action::HostAnswered(result));
                })
            });
            move || drop(guard)
        });
    }
    {
        // A page without a key belongs to the admin console (its own bundle).
        let to = match &*boot {
            Boot::Console(to) => Some(to.clone()),
            _ => None,
        };
        use_effect_with(to, |to| {
            if let Some(to) = to {
                host::go_to(to);
            }
        });
    }
    use_effect_with((), |_| {
        let guard = host::report_height();
        move || drop(guard)
    });

    match &*boot {
        Boot::Embedded(ctx) => html! {
            <ContextProvider<Services> context={relay_services(&api_base, timeout_ms, ctx.api_key.as_deref().unwrap_or_default())}>
                <Tab context={ctx.clone()} />
            </ContextProvider<Services>>
        },
        Boot::AwaitingHost => html! {
            <main class="tab"><p class="muted" role="status">{ "Connecting to JobDiva…" }</p></main>
        },
        Boot::Console(to) => html! {
            <main class="tab"><p role="status">{ "This is the RefAssured tab of JobDiva's candidate records. " }<a href={to.clone()}>{ "Open the admin console" }</a></p></main>
        },
        Boot::Failed(e) => html! { <ErrorScreen error={e.clone()} /> },
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::api::scripted::{run, Scripted};
    use crate::api::transport::{ask, Method};
    use crate::flows::{self, ambassadors, referral::candidate_referral, testing::services};

    /// The requests the page's shell sends before the app has started (`index.html`), as the
    /// paths after the API's `/api/v1/`, the candidate's id as `{id}`.
    fn sent_by_the_shell() -> Vec<String> {
        let page = include_str!("../../index.html");
        let list = page.split("const firstWave = ").nth(1).and_then(|rest| rest.split(';').next()).expect("index.html lists the first wave");
        serde_json::from_str(list).expect("the first wave is a list of paths")
    }

    /// The shell sends the first request of each of [`start_embedded`]'s loads, in its order,
    /// exactly as the app's clients build it (the app takes an answer only for the very
    /// request), and keys each as the transport describes a request.
    #[test]
    fn the_shell_sends_what_the_app_asks_first() {
        // Every answer a refusal: each load asks its first request(s) and stops.
        let net = Scripted::new(|_, _| Scripted::status(400, "no"));
        let s = services(&net);
        let id = 4242;
        run(async {
            drop(flows::pending_opt_ins(&s, Some(id)).await);
            drop(candidate_referral(s.clone(), id).await);
            drop(flows::candidate(&s, id).await);
            drop(flows::requests(&s, id).await);
            drop(ambassadors::standing(&s, id, None).await);
        });
        let asked: Vec<String> = net
            .calls()
            .iter()
            .map(|c| {
                assert_eq!(c.method, Method::Get, "{}", c.url);
                assert_eq!(ask(c), format!("GET {}\nx-api-key: k\n", c.url), "the key the shell builds");
                c.url.strip_prefix("https://ra.example/api/v1/").expect("under the API's base").replace("4242", "{id}")
            })
            .collect();
        assert_eq!(sent_by_the_shell(), asked);
    }
}

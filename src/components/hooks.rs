//! State for the components: loading with cancellation on unmount, and single-flight actions.
//! The components declare what to load or do (an `api::services` function); the hooks run it.

use crate::api::error::ApiError;
use crate::api::services::Services;
use std::future::Future;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The services, provided by the app root.
#[hook]
pub fn use_services() -> Option<Services> {
    use_context::<Services>()
}

#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    /// The value and when it arrived (ms since 1970). Shared: a render clones the state, and a
    /// candidate's answers run to hundreds of records (the 50-request candidate's 200
    /// references were deep-copied twice a render).
    Ready(Rc<T>, f64),
    Failed(ApiError),
}

impl<T> Load<T> {
    /// When the value arrived, once it has.
    pub fn at(&self) -> Option<f64> {
        match self {
            Load::Ready(_, at) => Some(*at),
            _ => None,
        }
    }
}

pub struct Loaded<T: 'static> {
    pub state: Load<T>,
    /// A reload is under way (the previous value is still shown).
    pub refreshing: bool,
    pub reload: Callback<()>,
    /// Replace the value after a local change (a created request, a recorded push).
    pub replace: Callback<T>,
}

fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

fn abort_controller() -> Option<web_sys::AbortController> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::AbortController::new().ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// `show` (an answer into the state) in a task of its own, unless the load is cancelled
/// meanwhile: a large answer's decode and its render are then two tasks, not one long one. At
/// `user-visible` priority, in turn with the page's other work: at `user-blocking` the renders
/// went ahead of the answers the second wave waits for, and the load ended later
/// (docs/performance.md, session 18). Not generic: one copy for every value type.
fn render_next(signal: Option<web_sys::AbortSignal>, show: Box<dyn FnOnce()>) {
    spawn_local(async move {
        #[cfg(target_arch = "wasm32")]
        drop(crate::api::browser::in_a_task_at("user-visible").await);
        if !signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
            show();
        }
    });
}

/// The part of [`use_load`] that does not depend on the loader: one copy per value type.
fn run_load<T: 'static>(
    fut: std::pin::Pin<Box<dyn Future<Output = Result<T, ApiError>>>>,
    signal: Option<web_sys::AbortSignal>,
    state: UseStateHandle<Load<T>>,
    refreshing: UseStateHandle<bool>,
) {
    spawn_local(async move {
        let result = fut.await;
        render_next(
            signal,
            Box::new(move || {
                refreshing.set(false);
                match result {
                    Ok(v) => state.set(Load::Ready(Rc::new(v), now_ms())),
                    Err(ApiError::Aborted) => {}
                    Err(e) => state.set(Load::Failed(e)),
                }
            }),
        );
    });
}

/// Load with `load(services, deps)` when mounted and whenever `deps` change; every request is
/// aborted when the component unmounts or the deps change.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, load: F) -> Loaded<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: FnOnce(Services, D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let services = use_services();
    let state = use_state(|| Load::Loading);
    let refreshing = use_state(|| true);
    let generation = use_state(|| 0u32);
    {
        let (state, refreshing) = (state.clone(), refreshing.clone());
        use_effect_with((deps, *generation, services), move |(deps, _, services)| {
            let controller = abort_controller();
            match services {
                None => state.set(Load::Failed(ApiError::Decode { endpoint: "app", detail: "the tab has no services configured".into() })),
                Some(services) => {
                    let signal = controller.as_ref().map(|c| c.signal());
                    let svc = match &signal {
                        Some(sig) => services.with_transport(services.transport().with_signal(sig.clone())),
                        None => services.clone(),
                    };
                    refreshing.set(true);
                    run_load(Box::pin(load(svc, deps.clone())), signal, state, refreshing);
                }
            }
            move || {
                if let Some(c) = controller {
                    c.abort();
                }
            }
        });
    }
    let reload = {
        let generation = generation.clone();
        Callback::from(move |_| generation.set(*generation + 1))
    };
    let replace = {
        let state = state.clone();
        Callback::from(move |v: T| state.set(Load::Ready(Rc::new(v), now_ms())))
    };
    Loaded { state: (*state).clone(), refreshing: *refreshing, reload, replace }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Act<T> {
    Idle,
    Busy,
    Done(T),
    Failed(ApiError),
}

impl<T> Act<T> {
    pub fn busy(&self) -> bool {
        matches!(self, Act::Busy)
    }
}

/// The part of [`use_action`] that does not depend on the action: one copy per result type.
fn run_action<T: Clone + 'static>(
    fut: std::pin::Pin<Box<dyn Future<Output = Result<T, ApiError>>>>,
    state: UseStateHandle<Act<T>>,
    running: Rc<std::cell::RefCell<bool>>,
    on_done: Callback<T>,
) {
    spawn_local(async move {
        let result = fut.await;
        *running.borrow_mut() = false;
        match result {
            Ok(v) => {
                state.set(Act::Done(v.clone()));
                on_done.emit(v);
            }
            Err(e) => state.set(Act::Failed(e)),
        }
    });
}

/// Run an action at most once at a time: a second trigger while one runs is ignored.
/// `run.emit(input)` starts `action(services, input)`; the result lands in the state and is
/// passed to `on_done`.
#[hook]
pub fn use_action<I, T, F, Fut>(action: F, on_done: Callback<T>) -> (Act<T>, Callback<I>)
where
    I: 'static,
    T: Clone + PartialEq + 'static,
    F: Fn(Services, I) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let services = use_services();
    let state = use_state(|| Act::Idle);
    let running = use_mut_ref(|| false);
    let action = Rc::new(action);
    let run = {
        let state = state.clone();
        Callback::from(move |input: I| {
            let Some(services) = services.clone() else { return };
            if *running.borrow() {
                return;
            }
            *running.borrow_mut() = true;
            state.set(Act::Busy);
            run_action(Box::pin(action(services, input)), state.clone(), running.clone(), on_done.clone());
        })
    };
    ((*state).clone(), run)
}

use crate::api::host;
use crate::api::refassured::program::{ItemState, SyncRun, SyncState};
use crate::components::format::when;
use crate::components::hooks::use_services;
use crate::domain::ats::ResumeSource;
use crate::flows::program::{self, Plan, PreviewRow, Runner, Stop};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Preview rows kept for the table (the counts cover every referral).
const ROWS_SHOWN: usize = 200;

/// What the sync panel shows. Changed only by [`Action`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub state: Option<SyncState>,
    pub sources: Vec<ResumeSource>,
    pub source: Option<u64>,
    pub loading: bool,
    pub error: Option<String>,
    pub preview: Option<Preview>,
    pub previewing: bool,
    pub running: bool,
    /// Why the run is not going on in this console (paused, or another console has it).
    pub stopped: Option<String>,
    /// Referrals settled since this console started running, and when it started (ms).
    pub settled_here: u64,
    pub started_ms: f64,
    pub now_ms: f64,
    pub finished: bool,
    /// Every page is done; the referrals earlier runs left failed are being tried again.
    pub retrying: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
    pub create: u64,
    pub note: u64,
    pub decide: u64,
    pub recorded: u64,
    pub unusable: u64,
    pub pages_done: u64,
    pub pages_remaining: u64,
    pub total: u64,
}

pub enum Action {
    Load,
    Loaded(SyncState, Vec<ResumeSource>),
    Failed(String),
    PickSource(u64),
    PreviewStarted,
    PreviewPage(Vec<PreviewRow>, u64, u64),
    PreviewEnded,
    Running(SyncRun, f64),
    Progress(SyncRun, u64, f64),
    Stopped(String),
    Retrying,
    Finished(SyncState),
}

impl Reducible for View {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut v = (*self).clone();
        match action {
            Action::Load => {
                v.loading = true;
                v.error = None;
            }
            Action::Loaded(state, sources) => {
                // "Staffing Referrals" is suggested; the admin may pick another.
                v.source = v.source.or_else(|| state.run.as_ref().map(|r| r.resume_source_id)).or_else(|| {
                    sources.iter().find(|s| s.name.trim().eq_ignore_ascii_case("Staffing Referrals")).or(sources.first()).map(|s| s.id)
                });
                v.state = Some(state);
                v.sources = sources;
                v.loading = false;
            }
            Action::Failed(e) => {
                v.loading = false;
                v.previewing = false;
                v.error = Some(e);
            }
            Action::PickSource(id) => v.source = Some(id),
            Action::PreviewStarted => {
                v.preview = Some(Preview::default());
                v.previewing = true;
                v.error = None;
                v.finished = false;
            }
            Action::PreviewPage(rows, remaining, total) => {
                let p = v.preview.get_or_insert_with(Preview::default);
                for r in rows {
                    match &r.plan {
                        Plan::Create => p.create += 1,
                        Plan::Note { .. } => p.note += 1,
                        Plan::Decide(_) => p.decide += 1,
                        Plan::Recorded(_) => p.recorded += 1,
                        Plan::Unusable => p.unusable += 1,
                    }
                    if p.rows.len() < ROWS_SHOWN {
                        p.rows.push(r);
                    }
                }
                p.pages_done += 1;
                p.pages_remaining = remaining;
                p.total = total;
                v.previewing = remaining > 0 && v.previewing;
            }
            Action::PreviewEnded => v.previewing = false,
            Action::Running(run, now) => {
                v.running = true;
                v.stopped = None;
                v.error = None;
                v.settled_here = 0;
                v.started_ms = now;
                v.now_ms = now;
                if let Some(s) = v.state.as_mut() {
                    s.run = Some(run);
                }
            }
            Action::Progress(run, settled, now) => {
                v.settled_here += settled;
                v.now_ms = now;
                if let Some(s) = v.state.as_mut() {
                    s.run = Some(run);
                }
            }
            Action::Stopped(why) => {
                v.running = false;
                v.retrying = false;
                v.stopped = Some(why);
            }
            Action::Retrying => v.retrying = true,
            Action::Finished(state) => {
                v.running = false;
                v.retrying = false;
                v.finished = true;
                v.preview = None;
                v.state = Some(state);
            }
        }
        Rc::new(v)
    }
}

impl View {
    /// Seconds left at this console's pace, once it has one.
    pub fn seconds_left(&self) -> Option<u64> {
        let run = self.state.as_ref()?.run.as_ref()?;
        let elapsed = (self.now_ms - self.started_ms) / 1000.0;
        if self.settled_here == 0 || elapsed <= 0.0 || run.total == 0 {
            return None;
        }
        let left = run.total.saturating_sub(run.page * program::PAGE_SIZE as u64);
        Some((left as f64 / (self.settled_here as f64 / elapsed)).ceil() as u64)
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn duration(s: u64) -> String {
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s.div_ceil(60)),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[derive(Properties, PartialEq)]
pub struct SyncPanelProps {
    /// Who starts a run (shown to other admins).
    #[prop_or_default]
    pub admin: Option<AttrValue>,
    /// A run stopped or ended: the referrals waiting for a person may have changed.
    #[prop_or_default]
    pub on_settled: Callback<()>,
}

/// Staffing Referrals → JobDiva: preview, then a run that any console can resume.
#[function_component(SyncPanel)]
pub fn sync_panel(props: &SyncPanelProps) -> Html {
    let services = use_services();
    let view = use_reducer(View::default);
    // Set when the panel goes away or the admin pauses: the loops stop after their page.
    let stop = use_mut_ref(|| Rc::new(Cell::new(false)));
    let holder = use_memo((), |_| host::console_holder());

    let load = {
        let (services, dispatch) = (services.clone(), view.dispatcher());
        Callback::from(move |_: ()| {
            let Some(s) = services.clone() else { return };
            let dispatch = dispatch.clone();
            dispatch.dispatch(Action::Load);
            spawn_local(async move {
                let (state, sources) = futures::join!(s.refassured.sync_state(), s.jobdiva.resume_sources());
                match (state, sources) {
                    (Ok(state), Ok(sources)) => dispatch.dispatch(Action::Loaded(state, sources)),
                    (Err(e), _) | (_, Err(e)) => dispatch.dispatch(Action::Failed(e.to_string())),
                }
            });
        })
    };
    {
        let (load, stop) = (load.clone(), stop.clone());
        use_effect_with((), move |_| {
            load.emit(());
            move || stop.borrow().set(true)
        });
    }

    let preview = {
        let (services, dispatch, view, stop) = (services.clone(), view.dispatcher(), view.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(s) = services.clone() else { return };
            if view.previewing || view.running {
                return;
            }
            let since = view.state.as_ref().and_then(|st| st.since.clone());
            // Its searches leave from a worker: starting a request costs the page little.
            let s = s.from_a_worker();
            let (dispatch, stop) = (dispatch.clone(), stop.borrow().clone());
            stop.set(false);
            dispatch.dispatch(Action::PreviewStarted);
            spawn_local(async move {
                let mut page = 0;
                loop {
                    match program::preview_page(&s, since.as_deref(), page).await {
                        Ok((rows, remaining, total)) => {
                            dispatch.dispatch(Action::PreviewPage(rows, remaining, total));
                            if remaining == 0 || stop.get() {
                                break;
                            }
                            page += 1;
                        }
                        Err(e) => return dispatch.dispatch(Action::Failed(e.to_string())),
                    }
                }
                dispatch.dispatch(Action::PreviewEnded);
            });
        })
    };

    let start = {
        let (services, view, stop, holder, admin) = (services.clone(), view.clone(), stop.clone(), (*holder).clone(), props.admin.clone());
        let dispatch = {
            let (dispatch, settled) = (view.dispatcher(), props.on_settled.clone());
            Callback::from(move |a: Action| {
                let ended = matches!(a, Action::Stopped(_) | Action::Finished(_));
                dispatch.dispatch(a);
                if ended {
                    settled.emit(());
                }
            })
        };
        Callback::from(move |_: MouseEvent| {
            let (Some(s), Some(state), Some(source)) = (services.clone(), view.state.clone(), view.source) else { return };
            if view.running {
                return;
            }
            let (dispatch, stop, holder, admin) = (dispatch.clone(), stop.borrow().clone(), holder.clone(), admin.clone());
            // Its requests leave from a worker (four referrals at a time start a dozen searches
            // in one task), except what must not be sent twice (JobDiva's creates and notes),
            // which the page sends, as always.
            let s = s.from_a_worker();
            stop.set(false);
            let dispatch = move |a: Action| dispatch.emit(a);
            spawn_local(async move {
                let cutoff = String::from(js_sys::Date::new_0().to_iso_string());
                let run = match program::start(&s, &state, &cutoff, source, admin.as_deref().unwrap_or("an admin")).await {
                    Ok(run) => run,
                    Err(e) => return dispatch(Action::Failed(e.to_string())),
                };
                dispatch(Action::Running(run.clone(), now()));
                let mut runner = Runner::new(s, run, holder);
                loop {
                    let before = runner.run.page;
                    match runner.next_page().await {
                        Ok(done) => {
                            let seen = |page: u64| (page * program::PAGE_SIZE as u64).min(done.run.total);
                            let settled = seen(done.run.page).saturating_sub(seen(before));
                            dispatch(Action::Progress(done.run.clone(), settled, now()));
                            if done.pages_remaining == 0 {
                                // Then what earlier runs left failed, before the run closes.
                                dispatch(Action::Retrying);
                                if let Err(e) = runner.retry_failed().await {
                                    if e != Stop::LeasedElsewhere {
                                        runner.pause().await;
                                    }
                                    return dispatch(Action::Stopped(e.to_string()));
                                }
                                match runner.finish().await {
                                    Ok(state) => dispatch(Action::Finished(state)),
                                    Err(e) => dispatch(Action::Stopped(e.to_string())),
                                }
                                return;
                            }
                            if stop.get() {
                                runner.pause().await;
                                return dispatch(Action::Stopped("Paused. Any admin's console can resume it.".into()));
                            }
                        }
                        Err(e) => {
                            if e != Stop::LeasedElsewhere {
                                runner.pause().await;
                            }
                            return dispatch(Action::Stopped(e.to_string()));
                        }
                    }
                }
            });
        })
    };
    // A preview that ended (stopped from the keyboard, or its button disabled while it ran)
    // took the focus with it: it goes to "Start the sync".
    let start_button = use_node_ref();
    {
        let start_button = start_button.clone();
        use_effect_with(view.previewing, move |&previewing| {
            let lost = || web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).is_none_or(|e| e.tag_name() == "BODY");
            if !previewing && lost() {
                if let Some(b) = start_button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let pause = {
        let stop = stop.clone();
        Callback::from(move |_: MouseEvent| stop.borrow().set(true))
    };
    let on_source = {
        let dispatch = view.dispatcher();
        Callback::from(move |e: Event| {
            if let Ok(id) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                dispatch.dispatch(Action::PickSource(id));
            }
        })
    };

    let v = &*view;
    let open_run = v.state.as_ref().and_then(|s| s.run.clone());
    let body = if v.loading && v.state.is_none() {
        html! { <p class="muted" role="status" data-state="loading">{ "Loading the sync from RefAssured…" }</p> }
    } else if let Some(state) = &v.state {
        let last = match &state.since {
            Some(since) => format!("Last sync: referrals up to {}.", when(since)),
            None => "Never synced: the first sync pulls every referral.".into(),
        };
        html! {
            <div data-state="ready">
                <p data-testid="last-sync">{ last }</p>
                if let Some(open) = &open_run {
                    { run_status(open, v) }
                    <div class="form-actions">
                        if v.running {
                            <button type="button" onclick={pause.clone()} data-testid="pause-sync">{ "Pause" }</button>
                        } else {
                            <button type="button" onclick={start.clone()} data-testid="resume-sync">{ "Resume the sync" }</button>
                            <button type="button" class="secondary" onclick={let l = load.clone(); move |_| l.emit(())}>{ "Refresh" }</button>
                        }
                    </div>
                } else {
                    <div class="status-change">
                        <label for="resume-source">{ "JobDiva resume source for new candidates" }</label>
                        <select id="resume-source" onchange={on_source} disabled={v.sources.is_empty()}>
                            { for v.sources.iter().map(|s| html! { <option value={s.id.to_string()} selected={v.source == Some(s.id)}>{ s.name.clone() }</option> }) }
                        </select>
                        if v.sources.is_empty() { <p class="field-error" role="alert">{ "JobDiva lists no resume source: add \"Staffing Referrals\" in JobDiva (Settings → Connect → Resume Parameters → Manage Resume Sources)." }</p> }
                    </div>
                    <div class="form-actions">
                        <button type="button" onclick={preview} disabled={v.previewing} data-testid="preview-sync">{ if v.previewing { "Previewing…" } else { "Preview the sync" } }</button>
                        // A large sync's preview checks every referral: the admin may start from what it has seen.
                        if v.previewing { <button type="button" class="secondary" onclick={pause.clone()} data-testid="stop-preview">{ "Stop the preview here" }</button> }
                        if v.preview.as_ref().is_some_and(|p| p.pages_done > 0) && !v.previewing {
                            <button type="button" ref={start_button} onclick={start} disabled={v.source.is_none()} data-testid="start-sync">{ "Start the sync" }</button>
                        }
                    </div>
                    if v.finished { <p role="status" data-testid="sync-finished">{ "The sync is finished." }</p> }
                }
                if let Some(p) = &v.preview { { preview_table(p, v.previewing) } }
            </div>
        }
    } else {
        html! {}
    };
    html! {
        <section class="panel" id="sync" aria-labelledby="sync-title">
            <h2 id="sync-title">{ "Sync: Staffing Referrals → JobDiva" }</h2>
            if let Some(e) = &v.error {
                <div class="panel-error" role="alert" data-state="error">
                    <p>{ e.clone() }</p>
                    <button type="button" onclick={let l = load.clone(); move |_| l.emit(())}>{ "Try again" }</button>
                </div>
            }
            { body }
        </section>
    }
}

fn run_status(run: &SyncRun, v: &View) -> Html {
    let pages = run.total.div_ceil(program::PAGE_SIZE as u64).max(run.page);
    let elsewhere = run.lease.as_ref().filter(|_| !v.running).map(|l| format!("Another console holds this run until {}.", when(&l.until)));
    html! {
        <div class="sync-run" data-testid="sync-run">
            <p>{ format!("Run started {} by {}.", when(&run.started_at), if run.started_by.is_empty() { "an admin" } else { &run.started_by }) }</p>
            <progress max={pages.max(1).to_string()} value={run.page.to_string()} aria-label="Sync progress"></progress>
            <p role="status" data-testid="sync-progress">
                { format!("Page {} of {} · {} referrals · {} done, {} waiting for a person, {} for a decision, {} to retry",
                    run.page, pages, run.total, run.count(ItemState::Done), run.count(ItemState::NeedsPerson), run.count(ItemState::NeedsDecision), run.count(ItemState::Failed)) }
                if let Some(left) = v.seconds_left().filter(|_| v.running) { { format!(" · about {} left", duration(left)) } }
            </p>
            if v.retrying && v.running { <p class="muted" role="status" data-testid="sync-retrying">{ "Every page is done: trying again the referrals earlier runs could not finish." }</p> }
            if let Some(why) = &v.stopped { <p class="muted" data-testid="sync-stopped">{ why.clone() }</p> }
            if let Some(e) = elsewhere { <p class="muted">{ e }</p> }
        </div>
    }
}

fn preview_table(p: &Preview, going: bool) -> Html {
    let plan = |plan: &Plan| -> (String, String) {
        match plan {
            Plan::Create => ("Create the candidate".into(), "No JobDiva profile has this email or phone.".into()),
            Plan::Note { id, by } => ("Note only".into(), format!("JobDiva candidate {id}, matched by {by}.")),
            Plan::Decide(profiles) => (
                "Needs a decision".into(),
                format!("Same name only: {}", profiles.iter().map(|e| format!("{} (#{})", e.name, e.id)).collect::<Vec<_>>().join(", ")),
            ),
            Plan::Recorded(state) => ("Nothing".into(), format!("Already recorded: {}.", state.as_str().replace('_', " "))),
            Plan::Unusable => ("Skip".into(), "No email, phone or name to look for.".into()),
        }
    };
    html! {
        <div class="preview" data-testid="sync-preview">
            <p role="status">
                { format!("{} of {} referrals checked{}: {} to create, {} to note, {} need a decision, {} already recorded, {} without details.",
                    p.create + p.note + p.decide + p.recorded + p.unusable, p.total, if going { " so far" } else { "" }, p.create, p.note, p.decide, p.recorded, p.unusable) }
            </p>
            <table class="preview-table">
                <caption class="muted">{ if p.rows.len() as u64 >= p.total { "Every referral of the sync".to_string() } else { format!("The first {} referrals", p.rows.len()) } }</caption>
                <thead><tr><th scope="col">{ "Referral" }</th><th scope="col">{ "Applicant" }</th><th scope="col">{ "Kind" }</th><th scope="col">{ "The run would" }</th><th scope="col">{ "Evidence" }</th></tr></thead>
                <tbody>
                    { for p.rows.iter().map(|r| {
                        let (what, why) = plan(&r.plan);
                        html! {
                            <tr key={r.referral_id} data-testid="preview-row">
                                <td>{ r.referral_id }</td>
                                <td>{ r.applicant.clone() }<br /><span class="muted">{ r.email.clone() }</span></td>
                                <td>{ r.kind.label() }{ if r.ambassador.is_empty() { String::new() } else { format!(" · {}", r.ambassador) } }</td>
                                <td>{ what }</td>
                                <td>{ why }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

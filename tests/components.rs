//! Component tests: real components rendered into the DOM of headless Chromium.
#![cfg(target_arch = "wasm32")]

use refassured_tab::api::host::decode_context_message;
use refassured_tab::components::error_screen::{ErrorScreen, ErrorScreenProps};
use refassured_tab::api::services::Services;
use refassured_tab::components::report_view::ReportView;
use refassured_tab::components::settings_form::{SettingsForm, SettingsFormProps, StandaloneInput};
use refassured_tab::components::tab::Tab;
use refassured_tab::domain::context::{ContextError, HostContext};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn context(id: u64) -> HostContext {
    HostContext { candidate_id: id, user_email: Some("rec@agency.example".into()), user_id: None, api_key: Some("k".into()) }
}

const SANDBOX: &str = match option_env!("SANDBOX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:18787",
};

fn services() -> Services {
    Services::relay(&format!("{SANDBOX}/refassured"), "sandbox-api-key")
}

async fn sandbox(method: &str, path: &str) -> String {
    let url = format!("{SANDBOX}/_sandbox/{path}");
    let req = if method == "POST" { gloo_net::http::Request::post(&url) } else { gloo_net::http::Request::get(&url) };
    req.send().await.unwrap().text().await.unwrap()
}

/// Wait (up to 10 s) until `selector` matches inside `root`.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Some(e) = root.query_selector(selector).unwrap() {
            return e;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{selector} never appeared in {}", root.inner_html())
}

#[derive(Properties, PartialEq)]
struct WithServicesProps {
    services: Services,
    children: Html,
}

#[function_component(WithServices)]
fn with_services(p: &WithServicesProps) -> Html {
    html! { <ContextProvider<Services> context={p.services.clone()}>{ p.children.clone() }</ContextProvider<Services>> }
}

#[derive(Properties, PartialEq)]
struct TabHostProps {
    context: HostContext,
}

#[function_component(TabHost)]
fn tab_host(p: &TabHostProps) -> Html {
    html! { <WithServices services={services()}><Tab context={p.context.clone()} /></WithServices> }
}

#[wasm_bindgen_test]
async fn the_tab_loads_every_panel_from_the_sandbox() {
    sandbox("POST", "reset").await;
    // Every upstream answer is held until the release, so the loading states can be seen.
    let hold = gloo_net::http::Request::post(&format!("{SANDBOX}/_sandbox/faults"))
        .header("Content-Type", "application/json")
        .body(r#"{"upstream": "*", "hold": true}"#).unwrap();
    hold.send().await.unwrap();
    let root = mount();
    yew::Renderer::<TabHost>::with_root_and_props(root.clone(), TabHostProps { context: context(5_000_000_101) }).render();
    settle().await;
    // Loading states first, never a blank tab.
    assert!(root.query_selector("#references [data-state=loading]").unwrap().is_some(), "{}", root.inner_html());
    assert!(root.query_selector("#referral [data-state=loading]").unwrap().is_some(), "{}", root.inner_html());
    assert_eq!(find(&root, "[data-testid=candidate-id]").text_content().unwrap(), "5000000101");
    sandbox("POST", "release").await;
    assert_eq!(wait_for(&root, "[data-testid=candidate-name]").await.text_content().unwrap(), "Ava Johnson");
    wait_for(&root, "#references [data-state=ready]").await;
    assert_eq!(root.query_selector_all("[data-testid=request]").unwrap().length(), 2);
    assert!(root.query_selector("[data-testid=alert-alert]").unwrap().is_some(), "same-IP alert shown");
    assert!(root.query_selector("[data-testid=alert-warning]").unwrap().is_some(), "deliverability warning shown");
    let status = wait_for(&root, "[data-testid=referral-status]").await.text_content().unwrap();
    assert!(!status.is_empty());
    wait_for(&root, "#opt-ins [data-state]:not([data-state=loading])").await;
    for id in ["references", "opt-ins", "referral"] {
        let panel = find(&root, &format!("section#{id}"));
        let heading = find(&panel, "h2");
        assert_eq!(panel.get_attribute("aria-labelledby"), Some(heading.id()));
    }
}

#[wasm_bindgen_test]
async fn a_candidate_without_checks_or_referral_shows_plain_empty_states() {
    sandbox("POST", "reset").await;
    let root = mount();
    // 5000000120: no reference checks (every fourth candidate) and no referral (every fifth).
    yew::Renderer::<TabHost>::with_root_and_props(root.clone(), TabHostProps { context: context(5_000_000_120) }).render();
    let empty = wait_for(&root, "#references [data-state=empty]").await;
    assert!(empty.text_content().unwrap().contains("No reference checks"));
    let none = wait_for(&root, "[data-testid=no-referral]").await;
    assert!(none.text_content().unwrap().starts_with("No referral"));
}

#[wasm_bindgen_test]
async fn report_answers_are_inert_text() {
    sandbox("POST", "reset").await;
    let reference = services().refassured.requests(5_000_000_101).await.unwrap().into_iter()
        .flat_map(|r| r.references).find(|r| r.report_available).unwrap();
    let root = mount();
    #[derive(Properties, PartialEq)]
    struct P { id: u64 }
    #[function_component(Host)]
    fn host(p: &P) -> Html {
        html! { <WithServices services={services()}><ReportView reference_id={p.id} /></WithServices> }
    }
    yew::Renderer::<Host>::with_root_and_props(root.clone(), P { id: reference.id }).render();
    let report = wait_for(&root, "[data-testid=report]").await;
    assert!(report.text_content().unwrap().contains("<b>ever</b>"), "shown as the text it is");
    assert!(report.query_selector("b").unwrap().is_none(), "never parsed as HTML");
}

#[wasm_bindgen_test]
async fn a_double_click_adds_one_note() {
    sandbox("POST", "reset").await;
    let root = mount();
    yew::Renderer::<TabHost>::with_root_and_props(root.clone(), TabHostProps { context: context(5_000_000_101) }).render();
    wait_for(&root, "[data-testid=candidate-name]").await;
    let row = wait_for(&root, "[data-testid=reference] .reference-actions").await;
    let button: HtmlElement = row.query_selector("button:not(.link):not(.secondary)").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(button.text_content().unwrap(), "Add to JobDiva notes");
    button.click();
    button.click();
    let done = wait_for(&root, "[data-testid=note-done]").await;
    assert!(done.text_content().unwrap().starts_with("Added to JobDiva notes on"));
    let notes = sandbox("GET", "jobdiva/notes?candidateId=5000000101").await;
    assert_eq!(notes.matches("\"id\"").count(), 1, "{notes}");
    assert!(notes.contains("RefAssured reference report for Ava Johnson"));
}

#[wasm_bindgen_test]
async fn settings_form_rejects_bad_input_then_submits() {
    let root = mount();
    let got: Rc<RefCell<Option<StandaloneInput>>> = Rc::default();
    let sink = got.clone();
    yew::Renderer::<SettingsForm>::with_root_and_props(
        root.clone(),
        SettingsFormProps {
            initial_key: Some(AttrValue::from("saved-key")),
            initial_candidate: None,
            error: None,
            checking: false,
            jobdiva_base: AttrValue::from("https://api.jobdiva.com"),
            staffing_base: AttrValue::default(),
            on_submit: Callback::from(move |i| *sink.borrow_mut() = Some(i)),
        },
    )
    .render();
    settle().await;

    // The key saved for the session is prefilled; every field has a label.
    let key: HtmlInputElement = find(&root, "#api-key").dyn_into().unwrap();
    assert_eq!(key.value(), "saved-key");
    assert_eq!(key.type_(), "password");
    for id in ["api-key", "candidate-id", "user-email"] {
        find(&root, &format!("label[for={id}]"));
    }

    type_into(&root, "#candidate-id", "12ab");
    settle().await;
    find(&root, "button[type=submit]").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let error = find(&root, "#settings-error").text_content().unwrap();
    assert!(error.contains("12ab"), "{error}");
    assert!(got.borrow().is_none(), "an invalid form must not submit");

    type_into(&root, "#candidate-id", " 5000000101 ");
    type_into(&root, "#user-email", "me@agency.example");
    settle().await;
    find(&root, "button[type=submit]").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let input = got.borrow().clone().expect("submitted");
    assert_eq!(input, StandaloneInput { api_key: "saved-key".into(), candidate_id: Some(5_000_000_101), user_email: Some("me@agency.example".into()), direct: Default::default() });

    // No candidate: allowed (the picker comes next).
    type_into(&root, "#candidate-id", "");
    settle().await;
    find(&root, "button[type=submit]").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(got.borrow().as_ref().unwrap().candidate_id, None);
}

#[wasm_bindgen_test]
async fn error_screen_says_what_to_check() {
    let root = mount();
    yew::Renderer::<ErrorScreen>::with_root_and_props(root.clone(), ErrorScreenProps { error: ContextError::MissingKey })
        .render();
    settle().await;
    let screen = find(&root, "[data-testid=context-error]");
    assert_eq!(screen.get_attribute("role").as_deref(), Some("alert"));
    let text = screen.text_content().unwrap();
    assert!(text.contains("API key"), "{text}");
    assert!(text.contains("Manage RefAssured"), "{text}");
}

fn js(src: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return {src};")).call0(&JsValue::NULL).unwrap()
}

#[wasm_bindgen_test]
fn decodes_context_messages_from_the_host() {
    // Not ours: ignored rather than failing the tab.
    assert!(decode_context_message(&js("'hello'")).is_none());
    assert!(decode_context_message(&js("{type: 'other'}")).is_none());
    assert!(decode_context_message(&js("null")).is_none());

    let raw = decode_context_message(&js(
        "{type: 'refassured:context', candidateId: 42, userEmail: 'a@b.co', userId: '7', apiKey: 'k'}",
    ))
    .unwrap()
    .unwrap();
    let ctx = raw.validate(true).unwrap();
    assert_eq!((ctx.candidate_id, ctx.user_id, ctx.api_key.as_deref()), (42, Some(7), Some("k")));

    // Ids above 2^53 must come as strings; as numbers they would be silently wrong.
    let big = decode_context_message(&js("{type: 'refassured:context', candidateId: 2**60, apiKey: 'k'}")).unwrap();
    assert!(matches!(big, Err(ContextError::MalformedMessage(_))));
    let wrong = decode_context_message(&js("{type: 'refassured:context', candidateId: {}, apiKey: 'k'}")).unwrap();
    assert!(matches!(wrong, Err(ContextError::MalformedMessage(_))));
    let as_string = decode_context_message(&js("{type: 'refassured:context', candidateId: '5000000000000000001', apiKey: 'k'}"))
        .unwrap()
        .unwrap();
    assert_eq!(as_string.validate(true).unwrap().candidate_id, 5_000_000_000_000_000_001);
}

#[wasm_bindgen_test]
async fn a_long_history_renders_the_newest_ten_then_all_on_request() {
    let Some(large) = option_env!("SANDBOX_LARGE_URL") else { return };
    #[derive(Properties, PartialEq)]
    struct P {
        base: String,
    }
    #[function_component(Host)]
    fn host(p: &P) -> Html {
        let ctx = HostContext { candidate_id: 5_000_001_101, user_email: None, user_id: None, api_key: Some("sandbox-api-key".into()) };
        html! { <WithServices services={Services::relay(&p.base, "sandbox-api-key")}><Tab context={ctx} /></WithServices> }
    }
    let root = mount();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), P { base: format!("{large}/refassured") }).render();
    let more: HtmlElement = wait_for(&root, "[data-testid=show-all-requests]").await.dyn_into().unwrap();
    assert_eq!(root.query_selector_all("[data-testid=request]").unwrap().length(), 10);
    assert_eq!(more.text_content().unwrap(), "Show all 50 reference checks");
    more.click();
    settle().await;
    assert_eq!(root.query_selector_all("[data-testid=request]").unwrap().length(), 50);
    assert_eq!(root.query_selector_all("[data-testid=reference]").unwrap().length(), 200);
}

/// Dates and times come from one cached `Intl.DateTimeFormat` per style, in the user's locale.
#[wasm_bindgen_test]
fn dates_and_clock_times_read_in_the_user_s_locale() {
    use refassured_tab::components::format::{clock, when};
    // What the browser itself says for the user's locale, with the same styles.
    let local = |d: &js_sys::Date, date: bool| {
        let o = js_sys::Object::new();
        if date {
            js_sys::Reflect::set(&o, &"dateStyle".into(), &"medium".into()).unwrap();
        }
        js_sys::Reflect::set(&o, &"timeStyle".into(), &"short".into()).unwrap();
        String::from(d.to_locale_string("default", &o))
    };
    // No zone: local time, so the fields come back as written.
    let d = js_sys::Date::new(&"2026-11-02T14:05:00".into());
    assert_eq!(when("2026-11-02T14:05:00"), local(&d, true));
    assert_eq!(when("not a date"), "not a date");
    let noon = js_sys::Date::new_with_year_month_day_hr_min(2026, 10, 22, 12, 7);
    assert_eq!(clock(noon.get_time()), local(&noon, false));
    // The test browser runs in en-US: the words a recruiter there reads (ICU may put a narrow
    // no-break space before AM/PM).
    let resolved = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let locale = js_sys::Reflect::get(&resolved, &"locale".into()).unwrap().as_string();
    if locale.as_deref() == Some("en-US") {
        assert_eq!(when("2026-11-02T14:05:00").replace('\u{202f}', " "), "Nov 2, 2026, 2:05 PM");
        assert_eq!(clock(noon.get_time()).replace('\u{202f}', " "), "12:07 PM");
    }
}

/// The rehearsal renders the whole tab over its canned answers (every panel's load, the opt-ins'
/// duplicate checks, the referral), then is destroyed, and no request leaves for its address.
/// (Other tests' tabs may still be loading meanwhile: only what is the rehearsal's own is
/// checked here; the e2e tests check a whole load's marks.)
#[wasm_bindgen_test]
async fn the_rehearsal_runs_the_whole_tab_and_sends_nothing() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let answered = refassured_tab::app::rehearsal::rehearse().await;
    for e in ["CandidateDetail", "candidate requests", "opt-ins", "searchCandidateProfile", "users", "referrals", "invite records"] {
        assert!(answered.contains(&e), "{e} was asked for: {answered:?}");
    }
    assert!(performance.get_entries_by_name("ra:rehearsed").length() >= 1);
    let resources = performance.get_entries_by_type("resource");
    let to_rehearsal = (0..resources.length()).filter(|&i| {
        let name = js_sys::Reflect::get(&resources.get(i), &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default();
        name.contains("rehearsal.invalid")
    });
    assert_eq!(to_rehearsal.count(), 0, "a request left for the rehearsal's address");
}

#[derive(Properties, PartialEq)]
struct MarkerProps {
    name: &'static str,
}

#[function_component(Marker)]
fn marker(p: &MarkerProps) -> Html {
    refassured_tab::components::format::use_mark_when(true, p.name);
    html! {}
}

#[function_component(RehearsedAndNot)]
fn rehearsed_and_not() -> Html {
    use refassured_tab::components::format::Rehearsing;
    html! {
        <>
            <ContextProvider<Rehearsing> context={Rehearsing}><Marker name="ra:test:rehearsed" /></ContextProvider<Rehearsing>>
            <Marker name="ra:test:real" />
        </>
    }
}

/// Under the rehearsal's context nothing is marked; the same component outside it is.
#[wasm_bindgen_test]
async fn a_rehearsal_marks_nothing() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    yew::Renderer::<RehearsedAndNot>::with_root(mount()).render();
    let marked = |name: &str| performance.get_entries_by_name(name).length();
    for _ in 0..100 {
        if marked("ra:test:real") > 0 {
            break;
        }
        settle().await;
    }
    assert_eq!(marked("ra:test:real"), 1, "the component outside the rehearsal marks");
    assert_eq!(marked("ra:test:rehearsed"), 0, "the one inside it does not");
}

//! Component tests: real components rendered into the DOM of headless Chromium.
#![cfg(target_arch = "wasm32")]

use refassured_tab::api::host::decode_context_message;
use refassured_tab::components::error_screen::{ErrorScreen, ErrorScreenProps};
use refassured_tab::components::settings_form::{SettingsForm, SettingsFormProps};
use refassured_tab::components::tab::{Tab, TabProps};
use refassured_tab::domain::context::{ContextError, HostContext};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::{AttrValue, Callback};

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

#[wasm_bindgen_test]
async fn tab_shows_the_candidate_and_unloaded_panels() {
    let root = mount();
    yew::Renderer::<Tab>::with_root_and_props(root.clone(), TabProps { context: context(5_000_000_101), on_change_candidate: None })
        .render();
    settle().await;
    assert_eq!(find(&root, "[data-testid=candidate-id]").text_content().unwrap(), "5000000101");
    assert_eq!(find(&root, "[data-testid=user-email]").text_content().unwrap(), "rec@agency.example");
    for id in ["references", "opt-ins", "referral"] {
        let panel = find(&root, &format!("section#{id}"));
        let heading = find(&panel, "h2");
        assert_eq!(panel.get_attribute("aria-labelledby"), Some(heading.id()));
        assert!(panel.query_selector("[data-state=not-loaded]").unwrap().is_some(), "{id} not in the not-loaded state");
    }
    // Embedded mode offers no candidate switch.
    assert!(root.query_selector("button.link").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn settings_form_rejects_bad_input_then_submits() {
    let root = mount();
    let got: Rc<RefCell<Option<HostContext>>> = Rc::default();
    let sink = got.clone();
    yew::Renderer::<SettingsForm>::with_root_and_props(
        root.clone(),
        SettingsFormProps {
            initial_key: Some(AttrValue::from("saved-key")),
            initial_candidate: None,
            on_submit: Callback::from(move |ctx| *sink.borrow_mut() = Some(ctx)),
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
    let ctx = got.borrow().clone().expect("submitted");
    assert_eq!(ctx.candidate_id, 5_000_000_101);
    assert_eq!(ctx.api_key.as_deref(), Some("saved-key"));
    assert_eq!(ctx.user_email.as_deref(), Some("me@agency.example"));
    assert!(root.query_selector("#settings-error").unwrap().is_none());
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

//! The tab rendered once over canned answers ([`crate::api::rehearsal`]) into an element that is
//! never attached, while the first wave of a load is out: the functions the real answers need
//! (decoders, flows, the panels' renders) are then compiled before those answers arrive.
//! Nothing of it is seen, marked as ready, or sent: its clients have [`Canned`] for a network.
//! A component with an effect outside its own tree must skip it under [`Rehearsing`].

use crate::api::rehearsal::{self, Canned};
use crate::api::services::Services;
use crate::api::transport::Transport;
use crate::components::format::{mark, Rehearsing};
use crate::components::tab::Tab;
use crate::domain::context::HostContext;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct RehearsalProps {
    services: Services,
    context: HostContext,
}

#[function_component(Rehearsal)]
fn rehearsal(props: &RehearsalProps) -> Html {
    html! {
        <ContextProvider<Rehearsing> context={Rehearsing}>
            <ContextProvider<Services> context={props.services.clone()}>
                <Tab context={props.context.clone()} />
            </ContextProvider<Services>>
        </ContextProvider<Rehearsing>>
    }
}

/// [`rehearse`], started in a task of the lowest priority (after the first render and the
/// page's other work).
pub fn rehearse_later() {
    spawn_local(async {
        drop(rehearse().await);
    });
}

/// Render the tab over canned answers, each in a task of the lowest priority, until it has
/// settled (every answer delivered, and no request started in the next two tasks; at most a
/// few hundred tasks), then destroy it. The endpoints it was answered for, in order.
pub async fn rehearse() -> Vec<&'static str> {
    rehearsal::idle().await;
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("div").ok()) else { return Vec::new() };
    mark("ra:rehearsal");
    let canned = Canned::default();
    let (outstanding, answered) = (canned.outstanding.clone(), canned.answered.clone());
    let services = Services::relay(rehearsal::BASE, "rehearsal").with_transport(Transport::over(Rc::new(canned)));
    let context = HostContext { candidate_id: 1, user_email: Some("recruiter@example.invalid".into()), user_id: Some(3), api_key: Some("rehearsal".into()) };
    let handle = yew::Renderer::<Rehearsal>::with_root_and_props(root, RehearsalProps { services, context }).render();
    let mut quiet = 0;
    for _ in 0..400 {
        rehearsal::idle().await;
        quiet = if outstanding.get() == 0 { quiet + 1 } else { 0 };
        if quiet == 2 {
            break;
        }
    }
    handle.destroy();
    mark("ra:rehearsed");
    answered.take()
}

//! Where the embedded tab stands, and the only way it moves on: the host's answer, reduced by
//! [`Boot::reduce`] (native tests below). The admin console has a state of its own
//! ([`super::console_state`]) and a bundle of its own: nothing of it loads inside JobDiva.

use crate::api::host;
use crate::domain::context::{ContextError, HostContext};
use std::rc::Rc;
use yew::Reducible;

/// Where the tab stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Boot {
    /// Inside JobDiva (or opened with a full tab address) with a valid context.
    Embedded(HostContext),
    /// In a frame without a context in the address: waiting for the host's `postMessage`.
    AwaitingHost,
    /// Opened as a page without a key: this is the admin console's job. The address to go to
    /// (the console, with the candidate of the address kept).
    Console(String),
    Failed(ContextError),
}

/// The admin console, relative to the tab's address.
pub const CONSOLE_PATH: &str = "console/";

impl Boot {
    /// Read the address (scrubbing the key from it) and decide the mode.
    pub fn from_host() -> Self {
        let raw = host::take_context_from_address();
        Self::decide(raw.is_present().then(|| raw.validate(host::in_frame())), host::in_frame(), &host::address().0)
    }

    /// The decision of [`Boot::from_host`], pure: the validated address context (if the address
    /// had one), whether the tab is in a frame, and the address's query.
    pub fn decide(context: Option<Result<HostContext, ContextError>>, in_frame: bool, query: &str) -> Self {
        match context {
            Some(Ok(ctx)) if ctx.api_key.is_some() => Boot::Embedded(ctx),
            // A page with a candidate but no key: the console asks for the key, the candidate kept.
            Some(Ok(_)) => Boot::Console(format!("{CONSOLE_PATH}{query}")),
            Some(Err(e)) => Boot::Failed(e),
            None if in_frame => Boot::AwaitingHost,
            None => Boot::Console(CONSOLE_PATH.into()),
        }
    }
}

/// Everything that moves the tab on.
#[derive(Debug)]
pub enum Action {
    /// The host page answered (embedded, context by `postMessage`).
    HostAnswered(Result<HostContext, ContextError>),
}

impl Reducible for Boot {
    type Action = Action;

    /// Only a tab waiting for its host takes the answer: a replayed message changes nothing.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match (&*self, action) {
            (Boot::AwaitingHost, Action::HostAnswered(Ok(ctx))) => Rc::new(Boot::Embedded(ctx)),
            (Boot::AwaitingHost, Action::HostAnswered(Err(e))) => Rc::new(Boot::Failed(e)),
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(key: Option<&str>) -> HostContext {
        HostContext { candidate_id: 3, user_email: None, user_id: None, api_key: key.map(Into::into) }
    }

    #[test]
    fn the_host_s_answer_embeds_or_fails() {
        let waiting = Rc::new(Boot::AwaitingHost);
        assert_eq!(*waiting.clone().reduce(Action::HostAnswered(Ok(ctx(Some("k"))))), Boot::Embedded(ctx(Some("k"))));
        assert_eq!(*waiting.reduce(Action::HostAnswered(Err(ContextError::MissingKey))), Boot::Failed(ContextError::MissingKey));
        // Once embedded, a second answer (a replayed message) changes nothing.
        let other = HostContext { candidate_id: 4, ..ctx(Some("k")) };
        assert_eq!(*Rc::new(Boot::Embedded(ctx(Some("k")))).reduce(Action::HostAnswered(Ok(other))), Boot::Embedded(ctx(Some("k"))));
    }

    #[test]
    fn a_page_without_a_key_goes_to_the_console_with_its_candidate() {
        assert_eq!(Boot::decide(None, false, ""), Boot::Console("console/".into()));
        assert_eq!(Boot::decide(Some(Ok(ctx(None))), false, "?candidateId=3"), Boot::Console("console/?candidateId=3".into()));
        assert_eq!(Boot::decide(Some(Ok(ctx(Some("k")))), false, "?candidateId=3"), Boot::Embedded(ctx(Some("k"))));
        assert_eq!(Boot::decide(None, true, ""), Boot::AwaitingHost);
        assert_eq!(Boot::decide(Some(Err(ContextError::MissingCandidate)), true, "?x"), Boot::Failed(ContextError::MissingCandidate));
    }
}

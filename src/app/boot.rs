//! Where the app stands, and the only ways it moves on: [`Action`]s reduced by
//! [`Boot::reduce`], a pure function (native tests below). The I/O that leads to an action (the
//! host's message, checking a key) lives in the app's effects.

use crate::api::host;
use crate::api::services::Services;
use crate::components::settings_form::StandaloneInput;
use crate::domain::context::{ContextError, HostContext};
use std::rc::Rc;
use yew::Reducible;

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
    Picking(StandaloneInput, Services),
    /// Every pending opt-in of the agency.
    OptIns(StandaloneInput, Services),
    StandaloneTab(HostContext, Services),
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


/// Everything that moves the app on.
#[derive(Debug)]
pub enum Action {
    /// The host page answered (embedded, context by `postMessage`).
    HostAnswered(Result<HostContext, ContextError>),
    /// The admin submitted the standalone form: check the key (and any direct access).
    Submit(StandaloneInput),
    /// The check passed.
    Connected(StandaloneInput, Services),
    /// The check failed: back to the form, with why.
    ConnectFailed(StandaloneInput, String),
    /// A candidate was picked in the search.
    Pick(u64),
    /// From the search back to the key form.
    BackToKey,
    /// From the search to every pending opt-in.
    ShowOptIns,
    /// From a candidate or the opt-ins back to the search.
    FindCandidate,
}

/// The context of the standalone tab: the candidate picked and the admin's email. The key stays
/// in the services.
pub fn standalone_context(input: &StandaloneInput, candidate_id: u64) -> HostContext {
    HostContext { candidate_id, user_email: input.user_email.clone(), user_id: None, api_key: Some(input.api_key.clone()) }
}

impl Reducible for Boot {
    type Action = Action;

    /// An action that does not apply where the app stands changes nothing (a late answer to a
    /// check the admin has left, a double click).
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match (&*self, action) {
            (Boot::AwaitingHost, Action::HostAnswered(Ok(ctx))) => Boot::Embedded(ctx),
            (Boot::AwaitingHost, Action::HostAnswered(Err(e))) => Boot::Failed(e),
            (Boot::Standalone { .. }, Action::Submit(input)) => Boot::Checking(input),
            (Boot::Checking(asked), Action::Connected(input, services)) if *asked == input => match input.candidate_id {
                Some(id) => Boot::StandaloneTab(standalone_context(&input, id), services),
                None => Boot::Picking(input, services),
            },
            (Boot::Checking(asked), Action::ConnectFailed(input, message)) if *asked == input => {
                Boot::Standalone { key: Some(input.api_key.clone()), candidate: input.candidate_id.map(|c| c.to_string()), error: Some(message) }
            }
            (Boot::Picking(input, s), Action::Pick(id)) => Boot::StandaloneTab(standalone_context(input, id), s.clone()),
            (Boot::Picking(input, _), Action::BackToKey) => Boot::Standalone { key: Some(input.api_key.clone()), candidate: None, error: None },
            (Boot::Picking(input, s), Action::ShowOptIns) => Boot::OptIns(input.clone(), s.clone()),
            (Boot::OptIns(input, s), Action::FindCandidate) => Boot::Picking(input.clone(), s.clone()),
            (Boot::StandaloneTab(ctx, s), Action::FindCandidate) => {
                let input = StandaloneInput { api_key: ctx.api_key.clone().unwrap_or_default(), candidate_id: None, user_email: ctx.user_email.clone(), direct: Default::default() };
                Boot::Picking(input, s.clone())
            }
            _ => return self,
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(candidate: Option<u64>) -> StandaloneInput {
        StandaloneInput { api_key: "k".into(), candidate_id: candidate, user_email: Some("a@b.example".into()), direct: Default::default() }
    }

    fn services() -> Services {
        Services::relay("/refassured", "k")
    }

    fn run(from: Boot, actions: Vec<Action>) -> Boot {
        let mut state = Rc::new(from);
        for a in actions {
            state = state.reduce(a);
        }
        Rc::try_unwrap(state).unwrap_or_else(|rc| (*rc).clone())
    }

    fn standalone() -> Boot {
        Boot::Standalone { key: None, candidate: None, error: None }
    }

    #[test]
    fn a_checked_key_with_a_candidate_opens_the_tab_and_without_one_the_search() {
        let with = run(standalone(), vec![Action::Submit(input(Some(42))), Action::Connected(input(Some(42)), services())]);
        assert!(matches!(with, Boot::StandaloneTab(ref ctx, _) if ctx.candidate_id == 42 && ctx.user_email.as_deref() == Some("a@b.example")));
        let without = run(standalone(), vec![Action::Submit(input(None)), Action::Connected(input(None), services())]);
        assert!(matches!(without, Boot::Picking(..)));
    }

    #[test]
    fn a_refused_key_returns_to_the_form_with_the_reason_and_the_candidate() {
        let back = run(standalone(), vec![Action::Submit(input(Some(7))), Action::ConnectFailed(input(Some(7)), "refused".into())]);
        assert_eq!(back, Boot::Standalone { key: Some("k".into()), candidate: Some("7".into()), error: Some("refused".into()) });
    }

    #[test]
    fn an_answer_to_a_check_the_admin_left_changes_nothing() {
        // Submitted for candidate 1, then (somehow) an answer for another input arrives.
        let state = run(standalone(), vec![Action::Submit(input(Some(1))), Action::Connected(input(Some(2)), services())]);
        assert_eq!(state, Boot::Checking(input(Some(1))));
        // A pick outside the search, and a double submit, are ignored.
        assert_eq!(run(standalone(), vec![Action::Pick(5)]), standalone());
        let twice = run(standalone(), vec![Action::Submit(input(None)), Action::Submit(input(Some(9)))]);
        assert_eq!(twice, Boot::Checking(input(None)));
    }

    #[test]
    fn the_admin_moves_between_search_opt_ins_and_candidates() {
        let picking = run(standalone(), vec![Action::Submit(input(None)), Action::Connected(input(None), services())]);
        let tab = run(picking.clone(), vec![Action::Pick(5)]);
        assert!(matches!(tab, Boot::StandaloneTab(ref ctx, _) if ctx.candidate_id == 5));
        assert!(matches!(run(tab, vec![Action::FindCandidate]), Boot::Picking(ref i, _) if i.candidate_id.is_none() && i.api_key == "k"));
        let opt_ins = run(picking.clone(), vec![Action::ShowOptIns]);
        assert!(matches!(opt_ins, Boot::OptIns(..)));
        assert!(matches!(run(opt_ins, vec![Action::FindCandidate]), Boot::Picking(..)));
        assert!(matches!(run(picking, vec![Action::BackToKey]), Boot::Standalone { key: Some(_), error: None, .. }));
    }

    #[test]
    fn the_host_s_answer_embeds_or_fails() {
        let ctx = HostContext { candidate_id: 3, user_email: None, user_id: None, api_key: Some("k".into()) };
        assert_eq!(run(Boot::AwaitingHost, vec![Action::HostAnswered(Ok(ctx.clone()))]), Boot::Embedded(ctx.clone()));
        // Once embedded, a second answer (a replayed message) changes nothing.
        let other = HostContext { candidate_id: 4, ..ctx.clone() };
        assert_eq!(run(Boot::Embedded(ctx.clone()), vec![Action::HostAnswered(Ok(other))]), Boot::Embedded(ctx));
    }
}

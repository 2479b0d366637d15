//! Where the admin console stands, and the only ways it moves on: [`Action`]s reduced by
//! [`Console::reduce`], a pure function (native tests below). The I/O that leads to an action
//! (checking a key) lives in the console's effects.

use crate::api::host;
use crate::api::services::Services;
use crate::components::settings_form::StandaloneInput;
use crate::domain::context::{HostContext, RawContext};
use std::rc::Rc;
use yew::Reducible;

/// Where the console stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Console {
    /// The first page: the admin enters the key (and maybe a candidate, and direct access).
    Standalone { key: Option<String>, candidate: Option<String>, error: Option<String> },
    /// The key is being checked with RefAssured.
    Checking(StandaloneInput),
    /// Key accepted, no candidate yet: search JobDiva.
    Picking(StandaloneInput, Services),
    /// Every pending opt-in of the agency.
    OptIns(StandaloneInput, Services),
    /// The referral program: Staffing Referrals ↔ JobDiva.
    Program(StandaloneInput, Services),
    /// One candidate's tab, as JobDiva would show it.
    StandaloneTab(HostContext, Services),
}

impl Console {
    /// The first page: the saved key, and the candidate of the address (the tab sends a page
    /// opened with a candidate but no key here). A key in the address is scrubbed from it.
    pub fn from_host() -> Self {
        Self::start(host::take_context_from_address(), host::saved_key())
    }

    /// [`Console::from_host`], pure.
    pub fn start(raw: RawContext, saved_key: Option<String>) -> Self {
        let candidate = raw.candidate_id.clone().filter(|c| crate::domain::context::parse_id(c).is_some());
        Console::Standalone { key: raw.api_key.or(saved_key), candidate, error: None }
    }
}

/// Everything that moves the console on.
#[derive(Debug)]
pub enum Action {
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
    /// From the search to the referral program.
    ShowProgram,
    /// From a candidate or the opt-ins back to the search.
    FindCandidate,
}

/// The context of the standalone tab: the candidate picked and the admin's email. The key stays
/// in the services.
pub fn standalone_context(input: &StandaloneInput, candidate_id: u64) -> HostContext {
    HostContext { candidate_id, user_email: input.user_email.clone(), user_id: None, api_key: Some(input.api_key.clone()) }
}

impl Reducible for Console {
    type Action = Action;

    /// An action that does not apply where the app stands changes nothing (a late answer to a
    /// check the admin has left, a double click).
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match (&*self, action) {
            (Console::Standalone { .. }, Action::Submit(input)) => Console::Checking(input),
            (Console::Checking(asked), Action::Connected(input, services)) if *asked == input => match input.candidate_id {
                Some(id) => Console::StandaloneTab(standalone_context(&input, id), services),
                None => Console::Picking(input, services),
            },
            (Console::Checking(asked), Action::ConnectFailed(input, message)) if *asked == input => {
                Console::Standalone { key: Some(input.api_key.clone()), candidate: input.candidate_id.map(|c| c.to_string()), error: Some(message) }
            }
            (Console::Picking(input, s), Action::Pick(id)) => Console::StandaloneTab(standalone_context(input, id), s.clone()),
            (Console::Picking(input, _), Action::BackToKey) => Console::Standalone { key: Some(input.api_key.clone()), candidate: None, error: None },
            (Console::Picking(input, s), Action::ShowOptIns) => Console::OptIns(input.clone(), s.clone()),
            (Console::Picking(input, s), Action::ShowProgram) => Console::Program(input.clone(), s.clone()),
            (Console::OptIns(input, s) | Console::Program(input, s), Action::FindCandidate) => Console::Picking(input.clone(), s.clone()),
            (Console::StandaloneTab(ctx, s), Action::FindCandidate) => {
                let input = StandaloneInput { api_key: ctx.api_key.clone().unwrap_or_default(), candidate_id: None, user_email: ctx.user_email.clone(), direct: Default::default() };
                Console::Picking(input, s.clone())
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

    fn run(from: Console, actions: Vec<Action>) -> Console {
        let mut state = Rc::new(from);
        for a in actions {
            state = state.reduce(a);
        }
        Rc::try_unwrap(state).unwrap_or_else(|rc| (*rc).clone())
    }

    fn standalone() -> Console {
        Console::Standalone { key: None, candidate: None, error: None }
    }

    #[test]
    fn the_console_starts_with_the_saved_key_and_the_address_s_candidate() {
        let raw = RawContext::from_url("?candidateId=42", "");
        assert_eq!(Console::start(raw, Some("saved".into())), Console::Standalone { key: Some("saved".into()), candidate: Some("42".into()), error: None });
        let bad = RawContext::from_url("?candidateId=x", "#key=typed");
        assert_eq!(Console::start(bad, None), Console::Standalone { key: Some("typed".into()), candidate: None, error: None });
    }

    #[test]
    fn a_checked_key_with_a_candidate_opens_the_tab_and_without_one_the_search() {
        let with = run(standalone(), vec![Action::Submit(input(Some(42))), Action::Connected(input(Some(42)), services())]);
        assert!(matches!(with, Console::StandaloneTab(ref ctx, _) if ctx.candidate_id == 42 && ctx.user_email.as_deref() == Some("a@b.example")));
        let without = run(standalone(), vec![Action::Submit(input(None)), Action::Connected(input(None), services())]);
        assert!(matches!(without, Console::Picking(..)));
    }

    #[test]
    fn a_refused_key_returns_to_the_form_with_the_reason_and_the_candidate() {
        let back = run(standalone(), vec![Action::Submit(input(Some(7))), Action::ConnectFailed(input(Some(7)), "refused".into())]);
        assert_eq!(back, Console::Standalone { key: Some("k".into()), candidate: Some("7".into()), error: Some("refused".into()) });
    }

    #[test]
    fn an_answer_to_a_check_the_admin_left_changes_nothing() {
        // Submitted for candidate 1, then (somehow) an answer for another input arrives.
        let state = run(standalone(), vec![Action::Submit(input(Some(1))), Action::Connected(input(Some(2)), services())]);
        assert_eq!(state, Console::Checking(input(Some(1))));
        // A pick outside the search, and a double submit, are ignored.
        assert_eq!(run(standalone(), vec![Action::Pick(5)]), standalone());
        let twice = run(standalone(), vec![Action::Submit(input(None)), Action::Submit(input(Some(9)))]);
        assert_eq!(twice, Console::Checking(input(None)));
    }

    #[test]
    fn the_admin_moves_between_search_opt_ins_and_candidates() {
        let picking = run(standalone(), vec![Action::Submit(input(None)), Action::Connected(input(None), services())]);
        let tab = run(picking.clone(), vec![Action::Pick(5)]);
        assert!(matches!(tab, Console::StandaloneTab(ref ctx, _) if ctx.candidate_id == 5));
        assert!(matches!(run(tab, vec![Action::FindCandidate]), Console::Picking(ref i, _) if i.candidate_id.is_none() && i.api_key == "k"));
        let opt_ins = run(picking.clone(), vec![Action::ShowOptIns]);
        assert!(matches!(opt_ins, Console::OptIns(..)));
        assert!(matches!(run(opt_ins, vec![Action::FindCandidate]), Console::Picking(..)));
        let program = run(picking.clone(), vec![Action::ShowProgram]);
        assert!(matches!(program, Console::Program(..)));
        assert!(matches!(run(program, vec![Action::FindCandidate]), Console::Picking(..)));
        assert!(matches!(run(picking, vec![Action::BackToKey]), Console::Standalone { key: Some(_), error: None, .. }));
    }
}

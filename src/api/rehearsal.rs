//! The tab's load rehearsed over canned answers, in the idle time while its first requests are
//! out. V8 compiles a WebAssembly function the first time it is called (lazy compilation): the
//! first answers of a load called some 600 functions for the first time (the decoders, the
//! flows, the panels' renders), and compiling them sat between the answers and the requests
//! they start (docs/performance.md, "Session 12"). Rendering the tab once over these answers,
//! into an element that is never attached, compiles them before the real answers arrive.
//!
//! [`Canned`] is the rehearsal's network: a small answer of each kind the tab's load asks for,
//! each delivered in a task of its own at the lowest priority, so that the rehearsal gives way
//! to the page's real work. It answers nothing that writes.

use super::error::ApiError;
use super::transport::{Answer, Backend, Call};
use futures::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::AbortSignal;

/// The address the rehearsal's clients are given: never fetched ([`Canned`] answers), and no
/// real request shares its answers (requests are shared by address).
pub const BASE: &str = "https://rehearsal.invalid";

/// The canned answer to a read of `endpoint`, in the upstream's own format.
pub fn answer(endpoint: &str) -> Option<&'static str> {
    Some(match endpoint {
        "opt-ins" => include_str!("rehearsal/opt-ins.json"),
        "candidate requests" => include_str!("rehearsal/requests.json"),
        "CandidateDetail" => include_str!("rehearsal/candidate.json"),
        "users" => include_str!("rehearsal/users.json"),
        "referrals" => include_str!("rehearsal/referrals.json"),
        "searchCandidateProfile" | "quickCandidateProfileSearch" => include_str!("rehearsal/search.json"),
        "invite records" => r#"{"invites":[]}"#,
        _ => return None,
    })
}

/// Answers reads from [`answer`] (a 404 for any other); refuses every write (JobDiva's way:
/// a 500 `Error: …`, nothing written). Counts the requests it has not answered yet, so that the
/// rehearsal knows when the tab has settled, and keeps what it answered.
#[derive(Default)]
pub struct Canned {
    pub outstanding: Rc<Cell<u32>>,
    pub answered: Rc<RefCell<Vec<&'static str>>>,
}

/// One request not answered yet: counted while it lives (also when the caller drops it, as a
/// panel that is torn down does).
struct Pending(Rc<Cell<u32>>);

impl Pending {
    fn new(count: &Rc<Cell<u32>>) -> Self {
        count.set(count.get() + 1);
        Pending(count.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// A task boundary at the lowest priority (at once outside the browser).
pub fn idle() -> LocalBoxFuture<'static, ()> {
    #[cfg(target_arch = "wasm32")]
    return Box::pin(async {
        drop(super::browser::when_idle().await);
    });
    #[cfg(not(target_arch = "wasm32"))]
    Box::pin(async {})
}

impl Backend for Canned {
    fn fetch(&self, call: &Call, _: bool, _: u32, _: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>> {
        let (status, text) = match (call.idempotent, answer(call.endpoint)) {
            (false, _) => (500, "Error: a rehearsal writes nothing."),
            (true, Some(t)) => (200, t),
            (true, None) => (404, "{}"),
        };
        let (answered, endpoint) = (self.answered.clone(), call.endpoint);
        let pending = Pending::new(&self.outstanding);
        Box::pin(async move {
            idle().await;
            drop(pending);
            answered.borrow_mut().push(endpoint);
            Ok(Answer { status, text: text.into(), ..Answer::default() })
        })
    }
    /// A rehearsal waits for nothing (its answers are never transient, so nothing is retried).
    fn sleep(&self, _: u32) -> LocalBoxFuture<'static, ()> {
        idle()
    }
    fn random(&self) -> f64 {
        0.5
    }
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        idle()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::error::{ApiError, Upstream};
    use crate::api::scripted::run;
    use crate::api::services::Services;
    use crate::api::transport::{Call, Method, Transport};
    use crate::flows;

    fn services() -> (Services, Rc<Cell<u32>>, Rc<RefCell<Vec<&'static str>>>) {
        let canned = Canned::default();
        let (o, a) = (canned.outstanding.clone(), canned.answered.clone());
        (Services::relay(BASE, "rehearsal").with_transport(Transport::over(Rc::new(canned))), o, a)
    }

    /// The canned answers decode with the clients that ask for them, and the flows of a load run
    /// to their end over them: a rehearsal that failed early would compile little.
    #[test]
    fn a_load_runs_to_its_end_over_the_canned_answers() {
        let (s, outstanding, answered) = services();
        let candidate = run(flows::candidate(&s, 1)).unwrap().expect("the canned candidate");
        assert_eq!(candidate.first_name, "Cam");
        let requests = run(flows::requests(&s, 1)).unwrap();
        assert_eq!((requests.len(), requests[0].references.len()), (1, 2));
        let opt_ins = run(flows::pending_opt_ins(&s, Some(1))).unwrap();
        assert_eq!(opt_ins.len(), 2);
        for o in &opt_ins {
            run(flows::opt_ins::assess(&s, o)).expect("assessed over the canned searches");
        }
        let referral = run(flows::referral::candidate_referral(s.clone(), 1)).unwrap();
        assert!(format!("{referral:?}").contains("Employee Referral Program"), "{referral:?}");
        assert_eq!(outstanding.get(), 0);
        let answered = answered.take();
        for e in ["CandidateDetail", "candidate requests", "opt-ins", "searchCandidateProfile", "users", "referrals"] {
            assert!(answered.contains(&e), "{e} answered: {answered:?}");
        }
    }

    /// A request its caller drops before the answer no longer counts as outstanding (the
    /// rehearsal would otherwise never settle).
    #[test]
    fn a_dropped_request_is_not_outstanding() {
        let canned = Canned::default();
        let call = Call::new(Upstream::RefAssured, "opt-ins", Method::Get, format!("{BASE}/z"));
        let answer = canned.fetch(&call, false, 1000, None);
        assert_eq!(canned.outstanding.get(), 1);
        drop(answer);
        assert_eq!(canned.outstanding.get(), 0);
    }

    /// It writes nothing, and says so the way JobDiva refuses; what it has no answer for is not
    /// found.
    #[test]
    fn writes_are_refused_and_unknown_reads_not_found() {
        let (s, _, _) = services();
        let write = Call::new(Upstream::JobDiva, "createCandidate", Method::Post, format!("{BASE}/x"));
        let e = run(s.transport().send(&write, false)).unwrap_err();
        assert!(e.to_string().contains("rehearsal writes nothing"), "{e}");
        let read = Call::new(Upstream::RefAssured, "surveys", Method::Get, format!("{BASE}/y"));
        assert!(matches!(run(s.transport().send(&read, false)), Err(ApiError::NotFound { .. })));
    }
}

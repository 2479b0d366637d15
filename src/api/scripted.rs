//! A scripted network for native tests: every call is recorded, and a script answers it (by
//! the call and how many calls came before), so the workflows' "never twice, never lost" logic
//! is tested under `cargo test` with any sequence of 5xx, 429s, timeouts and drops.

use super::error::ApiError;
use super::transport::{Answer, Backend, Call};
use futures::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::AbortSignal;

type Script = Box<dyn FnMut(&Call, usize) -> Result<Answer, ApiError>>;

pub struct Scripted {
    script: RefCell<Script>,
    calls: RefCell<Vec<Call>>,
    slept: RefCell<Vec<u32>>,
    paused: RefCell<Vec<usize>>,
}

impl Scripted {
    /// `script(call, n)`: the answer to the `n`-th call (0-based, over all calls).
    pub fn new(script: impl FnMut(&Call, usize) -> Result<Answer, ApiError> + 'static) -> Rc<Self> {
        Rc::new(Scripted { script: RefCell::new(Box::new(script)), calls: RefCell::default(), slept: RefCell::default(), paused: RefCell::default() })
    }
    pub fn ok(text: &str) -> Result<Answer, ApiError> {
        Self::status(200, text)
    }
    pub fn status(status: u16, text: &str) -> Result<Answer, ApiError> {
        Ok(Answer { status, text: text.into(), ..Answer::default() })
    }
    pub fn answer(status: u16, text: &str, retry_after: Option<&str>) -> Result<Answer, ApiError> {
        Ok(Answer { status, text: text.into(), retry_after: retry_after.map(String::from), ..Answer::default() })
    }
    /// Every call made, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.borrow().clone()
    }
    /// The calls to one endpoint.
    pub fn to(&self, endpoint: &str) -> Vec<Call> {
        self.calls.borrow().iter().filter(|c| c.endpoint == endpoint).cloned().collect()
    }
    /// Every task boundary asked for ([`Backend::pause`]), as the number of calls made before it.
    pub fn paused(&self) -> Vec<usize> {
        self.paused.borrow().clone()
    }
    /// Every wait the transport made, in ms.
    pub fn slept(&self) -> Vec<u32> {
        self.slept.borrow().clone()
    }
}

impl Backend for Scripted {
    fn fetch(&self, call: &Call, _binary: bool, _timeout_ms: u32, _signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<Answer, ApiError>> {
        let n = self.calls.borrow().len();
        self.calls.borrow_mut().push(call.clone());
        let answer = (self.script.borrow_mut())(call, n);
        Box::pin(async move { answer })
    }
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        self.slept.borrow_mut().push(ms);
        Box::pin(async {})
    }
    fn random(&self) -> f64 {
        0.0
    }
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        self.paused.borrow_mut().push(self.calls.borrow().len());
        Box::pin(async {})
    }
}

/// Run a future to completion (the scripted network answers at once).
pub fn run<F: std::future::Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

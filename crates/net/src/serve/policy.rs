//! The service's policy hook and example policies: what it may co-sign,
//! after a request has been authenticated.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::SignRequest;

/// A policy hook: whether the service may co-sign `request` from
/// `requester` (an authenticated member of the account). `Err` carries the
/// reason.
pub trait Policy: Send + Sync {
    /// Decides.
    fn allow(&self, requester: u16, request: &SignRequest) -> Result<(), String>;
}

/// Allows everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllowAll;

impl Policy for AllowAll {
    fn allow(&self, _: u16, _: &SignRequest) -> Result<(), String> {
        Ok(())
    }
}

/// At most `limit` requests per account in any `window`.
#[derive(Debug)]
pub struct RateLimit {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimit {
    /// `limit` requests per account per `window`.
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }
}

impl Policy for RateLimit {
    fn allow(&self, _: u16, request: &SignRequest) -> Result<(), String> {
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| "rate limiter poisoned".to_owned())?;
        let times = seen.entry(request.account.clone()).or_default();
        let now = Instant::now();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return Err(format!(
                "account {} is over its rate limit of {} signatures per {:?}",
                request.account, self.limit, self.window
            ));
        }
        times.push_back(now);
        Ok(())
    }
}

/// Only messages that start with one of the given prefixes.
#[derive(Clone, Debug)]
pub struct AllowList(pub Vec<Vec<u8>>);

impl Policy for AllowList {
    fn allow(&self, _: u16, request: &SignRequest) -> Result<(), String> {
        if self.0.iter().any(|p| request.message.starts_with(p)) {
            Ok(())
        } else {
            Err("the message is not on the allow-list".into())
        }
    }
}

/// Both policies must allow.
pub struct Both<A, B>(pub A, pub B);

impl<A: Policy, B: Policy> Policy for Both<A, B> {
    fn allow(&self, requester: u16, request: &SignRequest) -> Result<(), String> {
        self.0.allow(requester, request)?;
        self.1.allow(requester, request)
    }
}

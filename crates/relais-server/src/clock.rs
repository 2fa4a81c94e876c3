//! Where the server reads the time. In production, the system's clock; in
//! tests, one the test sets and moves, so that a session's idle time, a
//! notice's deadline or a backoff is made to pass instead of waited for.

use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};

/// The server's clock. Cloning shares it: a test that moves its copy moves the server's.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<Mutex<Timestamp>>>);

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `start` until it is moved.
    pub fn manual(start: Timestamp) -> Clock {
        Clock(Some(Arc::new(Mutex::new(start))))
    }

    pub fn now(&self) -> Timestamp {
        match &self.0 {
            None => Timestamp::now(),
            Some(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Sets a manual clock to an instant (an hour when the line is open, say);
    /// the system's clock is left alone.
    pub fn set(&self, to: Timestamp) {
        if let Some(at) = &self.0 {
            *at.lock().unwrap_or_else(|e| e.into_inner()) = to;
        }
    }

    /// Moves a manual clock on; the system's clock moves by itself and is left alone.
    pub fn advance(&self, by: SignedDuration) {
        if let Some(at) = &self.0 {
            let mut at = at.lock().unwrap_or_else(|e| e.into_inner());
            *at += by;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_its_clones_move_with_it() {
        let start: Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
        let clock = Clock::manual(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        shared.advance(SignedDuration::from_mins(31));
        assert_eq!(clock.now(), start + SignedDuration::from_mins(31));
        let system = Clock::system();
        system.advance(SignedDuration::from_hours(1000));
        assert!(system.now() < start + SignedDuration::from_hours(1000));
    }
}

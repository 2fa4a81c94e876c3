//! Where each waiting chat stands: its place in its queue and about how long
//! it will wait, worked out for all of them at once on each beat of the
//! worker, and read by every waiting child's connection from one shared
//! snapshot (ten thousand children waiting cost one query a beat, not ten
//! thousand).

use std::collections::HashMap;
use std::sync::Arc;

use relais_core::case::{ContactChannel, Skill};
use relais_core::id::CaseId;
use relais_core::staff::Role;

use crate::state::AppState;

/// A waiting chat's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1 for the next one answered.
    pub position: u32,
    /// The expected wait; none when nobody is there to answer.
    pub wait_seconds: Option<u64>,
}

/// Every waiting chat's place, as of the last beat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions(HashMap<CaseId, Place>);

impl Positions {
    pub fn of(&self, case: CaseId) -> Option<Place> {
        self.0.get(&case).copied()
    }
}

/// The role that answers a skill's queue.
fn role_of(skill: Skill) -> Role {
    match skill {
        Skill::Listener => Role::Listener,
        Skill::Psychologist => Role::Psychologist,
        Skill::Jurist => Role::Jurist,
    }
}

/// Works out every waiting chat's place; returns how many are waiting.
pub async fn refresh(state: &AppState) -> Result<usize, relais_store::StoreError> {
    let now = state.clock.now();
    let since = now - jiff::SignedDuration::from_secs(state.settings.console.idle_seconds as i64);
    let mut places = HashMap::new();
    for skill in [Skill::Listener, Skill::Psychologist, Skill::Jurist] {
        let waiting = state.store.waiting_cases(skill, 10_000).await?;
        if !waiting.iter().any(|c| c.channel == ContactChannel::Chat) {
            continue;
        }
        let busy = state.store.queue_snapshot(skill).await?.in_progress;
        let online = state.store.counsellors_online(role_of(skill), since).await?;
        for (ahead, case) in waiting.iter().enumerate() {
            if case.channel != ContactChannel::Chat {
                continue;
            }
            let wait = relais_capacity::erlang::expected_wait_now(
                ahead as u64,
                busy,
                online,
                state.settings.queue.handle_seconds,
            );
            let place = Place {
                position: u32::try_from(ahead + 1).unwrap_or(u32::MAX),
                wait_seconds: wait.map(|w| w.round().max(0.0) as u64),
            };
            places.insert(case.id, place);
        }
    }
    let waiting = places.len();
    let positions = Positions(places);
    state.chat_positions.send_if_modified(|current| {
        if **current == positions {
            false
        } else {
            *current = Arc::new(positions);
            true
        }
    });
    Ok(waiting)
}

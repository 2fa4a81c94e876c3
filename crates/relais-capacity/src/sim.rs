//! A discrete-event simulator of the helpline's contact centre.
//!
//! Contacts arrive by hour of the week (a non-homogeneous Poisson process per
//! stream), wait in their skill group's queue (minors before parents before
//! adults, then first come first served), and are answered by the counsellors
//! on shift: a call takes a counsellor whole, chats share one up to a limit.
//! Waiting contacts hang up after an exponential patience; some are
//! transferred to psychologists or jurists after the listener. Everything is
//! drawn from one seeded generator, so a run is reproducible bit for bit.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Deserialize;

pub const HOURS_PER_WEEK: usize = 168;
const HOUR: f64 = 3600.0;

/// How a contact reaches the helpline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Takes a counsellor whole.
    Call,
    /// Shares a counsellor with other chats, up to the group's limit.
    Chat,
}

/// A priority class: minors, parents, adults.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    /// Lower is served first.
    pub priority: u32,
    /// Mean patience before hanging up, seconds; infinite for none.
    pub patience_seconds: f64,
}

/// A skill group and its shifts.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// Counsellors on shift in each hour of the week (Monday 00:00 first).
    pub staff: Vec<u32>,
    /// Chats one counsellor handles at once.
    pub chats_at_once: u32,
}

/// After the first answer, some contacts go on to another group
/// (a psychologist, a jurist); a stream's transfers are exclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    pub group: usize,
    pub probability: f64,
    pub handle_seconds: f64,
}

/// A flow of contacts of one class on one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub class: usize,
    pub channel: Channel,
    /// Contacts per week.
    pub per_week: f64,
    /// Share of the week's contacts in each hour of the week (sums to 1).
    pub profile: Vec<f64>,
    /// The group that answers first.
    pub group: usize,
    /// Mean handling time, seconds (exponential).
    pub handle_seconds: f64,
    /// Where contacts may go after the first answer; probabilities sum to at most 1.
    pub transfers: Vec<Transfer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub classes: Vec<Class>,
    pub groups: Vec<Group>,
    pub streams: Vec<Stream>,
}

/// Why a model cannot be simulated.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("{0}")]
    Invalid(String),
}

impl Model {
    pub fn check(&self) -> Result<(), ModelError> {
        let bad = |s: String| Err(ModelError::Invalid(s));
        for g in &self.groups {
            if g.staff.len() != HOURS_PER_WEEK {
                return bad(format!("group {}: staff must give {HOURS_PER_WEEK} hours", g.name));
            }
            if g.chats_at_once == 0 {
                return bad(format!("group {}: chats_at_once must be at least 1", g.name));
            }
        }
        for (i, s) in self.streams.iter().enumerate() {
            if s.class >= self.classes.len() || s.group >= self.groups.len() {
                return bad(format!("stream {i}: unknown class or group"));
            }
            if s.profile.len() != HOURS_PER_WEEK || s.profile.iter().any(|w| !w.is_finite() || *w < 0.0) {
                return bad(format!("stream {i}: the profile must give {HOURS_PER_WEEK} non-negative shares"));
            }
            if !(positive(s.handle_seconds) && s.per_week.is_finite() && s.per_week >= 0.0) {
                return bad(format!("stream {i}: handle time must be positive and volume non-negative"));
            }
            let invalid = |t: &Transfer| {
                t.group >= self.groups.len() || !(0.0..=1.0).contains(&t.probability) || !positive(t.handle_seconds)
            };
            if s.transfers.iter().any(invalid) || s.transfers.iter().map(|t| t.probability).sum::<f64>() > 1.0 + 1e-9 {
                return bad(format!("stream {i}: invalid transfers"));
            }
        }
        Ok(())
    }
}

/// A finite duration above zero (NaN is not).
fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

/// Figures for one hour of the week, summed over the simulated weeks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HourStats {
    /// First contacts arriving in this hour.
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    /// Answered within the service-level threshold.
    pub answered_within: u64,
    /// Waits of answered contacts, seconds.
    pub waits: Vec<f32>,
    /// Counsellor-seconds spent handling (a chat counts its share).
    pub busy_seconds: f64,
    /// Counsellor-seconds on shift.
    pub staffed_seconds: f64,
}

impl HourStats {
    pub fn service_level(&self) -> Option<f64> {
        (self.answered + self.abandoned > 0)
            .then(|| self.answered_within as f64 / (self.answered + self.abandoned) as f64)
    }

    pub fn mean_wait(&self) -> Option<f64> {
        (!self.waits.is_empty())
            .then(|| self.waits.iter().map(|w| f64::from(*w)).sum::<f64>() / self.waits.len() as f64)
    }

    pub fn p90_wait(&self) -> Option<f64> {
        if self.waits.is_empty() {
            return None;
        }
        let mut w = self.waits.clone();
        w.sort_by(f32::total_cmp);
        Some(f64::from(w[((w.len() as f64 * 0.9).ceil() as usize).saturating_sub(1).min(w.len() - 1)]))
    }

    pub fn abandonment(&self) -> Option<f64> {
        (self.answered + self.abandoned > 0).then(|| self.abandoned as f64 / (self.answered + self.abandoned) as f64)
    }

    pub fn occupancy(&self) -> Option<f64> {
        (self.staffed_seconds > 0.0).then(|| self.busy_seconds / self.staffed_seconds)
    }
}

/// What a run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Hours of the week, Monday 00:00 first.
    pub hours: Vec<HourStats>,
    /// The same figures by priority class (minors, parents, adults), for the whole run.
    pub classes: Vec<HourStats>,
    pub simulated_seconds: f64,
    /// ∫ (contacts waiting) dt, for Little's law.
    pub queue_area: f64,
    /// Every stage's arrival into a queue (first contacts and transfers).
    pub queue_arrivals: u64,
    /// Total time those arrivals spent waiting (until answered or gone).
    pub queue_wait_total: f64,
    pub transferred: u64,
}

impl Outcome {
    pub fn total(&self) -> HourStats {
        merge(&self.hours)
    }

    /// The figures by hour of the day (0–23), all days together.
    pub fn by_hour_of_day(&self) -> Vec<HourStats> {
        (0..24).map(|h| merge(self.hours.iter().skip(h).step_by(24))).collect()
    }
}

fn merge<'a>(hours: impl IntoIterator<Item = &'a HourStats>) -> HourStats {
    let mut t = HourStats::default();
    for h in hours {
        t.offered += h.offered;
        t.answered += h.answered;
        t.abandoned += h.abandoned;
        t.answered_within += h.answered_within;
        t.waits.extend_from_slice(&h.waits);
        t.busy_seconds += h.busy_seconds;
        t.staffed_seconds += h.staffed_seconds;
    }
    t
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub weeks: u32,
    pub seed: u64,
    /// The service-level threshold, seconds.
    pub answer_within: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { weeks: 52, seed: 1, answer_within: 60.0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Arrival { stream: usize },
    Tick,
    Depart { group: usize, agent: usize, contact: usize },
    Abandon { contact: usize },
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Earliest first in a max-heap; ties in the order they were scheduled.
    fn cmp(&self, other: &Self) -> Ordering {
        other.at.total_cmp(&self.at).then(other.seq.cmp(&self.seq))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Waiting,
    Served,
    Gone,
}

#[derive(Debug, Clone)]
struct Contact {
    stream: usize,
    channel: Channel,
    /// The hour of the week of the first arrival: where its figures go.
    bucket: usize,
    queued_at: f64,
    handle_seconds: f64,
    first_stage: bool,
    state: State,
}

#[derive(Debug, Clone, Copy, Default)]
struct Agent {
    on_call: bool,
    chats: u32,
}

struct Sim<'m> {
    model: &'m Model,
    options: Options,
    rng: Pcg64Mcg,
    events: BinaryHeap<Event>,
    seq: u64,
    now: f64,
    contacts: Vec<Contact>,
    /// Per group, per priority level: waiting contacts in arrival order.
    queues: Vec<Vec<VecDeque<usize>>>,
    agents: Vec<Vec<Agent>>,
    on_duty: Vec<usize>,
    busy: Vec<f64>,
    waiting: usize,
    levels: Vec<usize>,
    out: Outcome,
}

/// Runs the model for `options.weeks` weeks.
pub fn simulate(model: &Model, options: Options) -> Result<Outcome, ModelError> {
    model.check()?;
    let mut priorities: Vec<u32> = model.classes.iter().map(|c| c.priority).collect();
    priorities.sort_unstable();
    priorities.dedup();
    let levels = model.classes.iter().map(|c| priorities.iter().position(|p| *p == c.priority).unwrap_or(0)).collect();
    let max_staff = |g: &Group| g.staff.iter().copied().max().unwrap_or(0) as usize;
    let mut sim = Sim {
        model,
        options,
        rng: Pcg64Mcg::seed_from_u64(options.seed),
        events: BinaryHeap::new(),
        seq: 0,
        now: 0.0,
        contacts: Vec::new(),
        queues: model.groups.iter().map(|_| vec![VecDeque::new(); priorities.len()]).collect(),
        agents: model.groups.iter().map(|g| vec![Agent::default(); max_staff(g)]).collect(),
        on_duty: vec![0; model.groups.len()],
        busy: vec![0.0; model.groups.len()],
        waiting: 0,
        levels,
        out: Outcome {
            hours: vec![HourStats::default(); HOURS_PER_WEEK],
            classes: vec![HourStats::default(); model.classes.len()],
            simulated_seconds: f64::from(options.weeks) * HOURS_PER_WEEK as f64 * HOUR,
            queue_area: 0.0,
            queue_arrivals: 0,
            queue_wait_total: 0.0,
            transferred: 0,
        },
    };
    sim.run();
    Ok(sim.out)
}

impl Sim<'_> {
    fn schedule(&mut self, at: f64, kind: Kind) {
        self.seq += 1;
        self.events.push(Event { at, seq: self.seq, kind });
    }

    fn exponential(&mut self, mean: f64) -> f64 {
        if !mean.is_finite() {
            return f64::INFINITY;
        }
        let u: f64 = self.rng.random();
        -mean * (1.0 - u).ln()
    }

    fn hour_of_week(t: f64) -> usize {
        ((t / HOUR) as usize) % HOURS_PER_WEEK
    }

    /// The next arrival of a non-homogeneous Poisson stream: a unit of
    /// exponential "mass" is spent across hours at each hour's rate.
    fn next_arrival(&mut self, stream: usize, from: f64) -> Option<f64> {
        let s = &self.model.streams[stream];
        if s.per_week <= 0.0 || s.profile.iter().all(|w| *w <= 0.0) {
            return None;
        }
        let total: f64 = s.profile.iter().sum();
        let rates: Vec<f64> = s.profile.iter().map(|w| s.per_week * w / total / HOUR).collect();
        let mut mass = self.exponential(1.0);
        let mut t = from;
        loop {
            let rate = rates[Self::hour_of_week(t)];
            let hour_end = ((t / HOUR).floor() + 1.0) * HOUR;
            let room = (hour_end - t) * rate;
            if rate > 0.0 && room >= mass {
                return Some(t + mass / rate);
            }
            mass -= room;
            t = hour_end;
            if t >= self.out.simulated_seconds {
                return None;
            }
        }
    }

    fn run(&mut self) {
        self.schedule(0.0, Kind::Tick);
        for stream in 0..self.model.streams.len() {
            if let Some(at) = self.next_arrival(stream, 0.0) {
                self.schedule(at, Kind::Arrival { stream });
            }
        }
        let end = self.out.simulated_seconds;
        while let Some(event) = self.events.pop() {
            if event.at >= end {
                break;
            }
            self.advance(event.at);
            match event.kind {
                Kind::Tick => self.tick(),
                Kind::Arrival { stream } => self.arrival(stream),
                Kind::Depart { group, agent, contact } => self.depart(group, agent, contact),
                Kind::Abandon { contact } => self.abandon(contact),
            }
        }
        self.advance(end);
    }

    /// Accumulates busy and staffed time, and the queue area, up to `t`.
    /// Ticks fall on every hour, so the interval lies within one hour.
    fn advance(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            let bucket = Self::hour_of_week(self.now);
            let h = &mut self.out.hours[bucket];
            h.busy_seconds += self.busy.iter().sum::<f64>() * dt;
            h.staffed_seconds += self.on_duty.iter().sum::<usize>() as f64 * dt;
            self.out.queue_area += self.waiting as f64 * dt;
        }
        self.now = t;
    }

    fn tick(&mut self) {
        let hour = Self::hour_of_week(self.now);
        for g in 0..self.model.groups.len() {
            self.on_duty[g] = self.model.groups[g].staff[hour] as usize;
            self.dispatch(g);
        }
        let next = ((self.now / HOUR).round() + 1.0) * HOUR;
        self.schedule(next, Kind::Tick);
    }

    fn arrival(&mut self, stream: usize) {
        let s = &self.model.streams[stream];
        let bucket = Self::hour_of_week(self.now);
        self.out.hours[bucket].offered += 1;
        self.out.classes[s.class].offered += 1;
        let contact = Contact {
            stream,
            channel: s.channel,
            bucket,
            queued_at: self.now,
            handle_seconds: s.handle_seconds,
            first_stage: true,
            state: State::Waiting,
        };
        let group = s.group;
        self.enqueue(group, contact);
        if let Some(at) = self.next_arrival(stream, self.now) {
            self.schedule(at, Kind::Arrival { stream });
        }
        self.dispatch(group);
    }

    fn enqueue(&mut self, group: usize, contact: Contact) {
        let class = self.model.streams[contact.stream].class;
        let id = self.contacts.len();
        self.contacts.push(contact);
        self.queues[group][self.levels[class]].push_back(id);
        self.waiting += 1;
        self.out.queue_arrivals += 1;
        let patience = self.exponential(self.model.classes[class].patience_seconds);
        if patience.is_finite() {
            self.schedule(self.now + patience, Kind::Abandon { contact: id });
        }
    }

    /// Answers waiting contacts while someone on shift can take them.
    fn dispatch(&mut self, group: usize) {
        let cap = self.model.groups[group].chats_at_once;
        for level in 0..self.queues[group].len() {
            let mut i = 0;
            while i < self.queues[group][level].len() {
                let id = self.queues[group][level][i];
                if self.contacts[id].state != State::Waiting {
                    self.queues[group][level].remove(i);
                    continue;
                }
                let duty = self.on_duty[group].min(self.agents[group].len());
                let agents = &self.agents[group][..duty];
                let chosen = match self.contacts[id].channel {
                    Channel::Call => agents.iter().position(|a| !a.on_call && a.chats == 0),
                    // Pack chats onto counsellors already chatting, keeping others free for calls.
                    Channel::Chat => agents
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| !a.on_call && a.chats < cap)
                        .max_by_key(|(_, a)| a.chats)
                        .map(|(k, _)| k),
                };
                let Some(agent) = chosen else {
                    i += 1;
                    continue;
                };
                self.queues[group][level].remove(i);
                self.answer(group, agent, id);
            }
        }
    }

    fn answer(&mut self, group: usize, agent: usize, id: usize) {
        let cap = f64::from(self.model.groups[group].chats_at_once);
        let c = &mut self.contacts[id];
        c.state = State::Served;
        self.waiting -= 1;
        let wait = self.now - c.queued_at;
        self.out.queue_wait_total += wait;
        if c.first_stage {
            let class = self.model.streams[c.stream].class;
            let within = wait <= self.options.answer_within;
            for h in [&mut self.out.hours[c.bucket], &mut self.out.classes[class]] {
                h.answered += 1;
                h.waits.push(wait as f32);
                h.answered_within += u64::from(within);
            }
        }
        let a = &mut self.agents[group][agent];
        match c.channel {
            Channel::Call => {
                a.on_call = true;
                self.busy[group] += 1.0;
            }
            Channel::Chat => {
                a.chats += 1;
                self.busy[group] += 1.0 / cap;
            }
        }
        let handle = c.handle_seconds;
        let duration = self.exponential(handle);
        self.schedule(self.now + duration, Kind::Depart { group, agent, contact: id });
    }

    fn depart(&mut self, group: usize, agent: usize, id: usize) {
        let cap = f64::from(self.model.groups[group].chats_at_once);
        let a = &mut self.agents[group][agent];
        match self.contacts[id].channel {
            Channel::Call => {
                a.on_call = false;
                self.busy[group] -= 1.0;
            }
            Channel::Chat => {
                a.chats -= 1;
                self.busy[group] -= 1.0 / cap;
            }
        }
        let c = self.contacts[id].clone();
        let transfers = &self.model.streams[c.stream].transfers;
        if c.first_stage && !transfers.is_empty() {
            let mut u: f64 = self.rng.random();
            let chosen = transfers.iter().find(|t| {
                u -= t.probability;
                u < 0.0
            });
            if let Some(t) = chosen.copied() {
                self.out.transferred += 1;
                let next = Contact {
                    queued_at: self.now,
                    handle_seconds: t.handle_seconds,
                    first_stage: false,
                    state: State::Waiting,
                    ..c
                };
                self.enqueue(t.group, next);
                self.dispatch(t.group);
            }
        }
        self.dispatch(group);
    }

    fn abandon(&mut self, id: usize) {
        let c = &mut self.contacts[id];
        if c.state != State::Waiting {
            return;
        }
        c.state = State::Gone;
        self.waiting -= 1;
        self.out.queue_wait_total += self.now - c.queued_at;
        if c.first_stage {
            self.out.hours[c.bucket].abandoned += 1;
            self.out.classes[self.model.streams[c.stream].class].abandoned += 1;
        }
    }
}

#[cfg(test)]
mod tests;

//! Capacity planning for a helpline: how many listeners it needs as platforms
//! send more children, and an honest estimate of the wait.
//!
//! Two tools, checked against each other: closed-form queueing models
//! ([`erlang`]: Erlang C without abandonment, Erlang A with it), fast and
//! exact for a steady hour; and a discrete-event simulator ([`sim`]) of the
//! contact centre as it is (hours of the day, calls and concurrent chats,
//! priority for minors, skill groups with transfers, shifts, callers who hang
//! up), for the questions the formulas cannot answer.
//! Pure computation: no IO, deterministic for a given seed.

pub mod erlang;
pub mod scenario;
pub mod sim;
pub mod staffing;

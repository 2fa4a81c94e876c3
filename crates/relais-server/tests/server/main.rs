//! The server's integration tests, one binary: the real server on port 0,
//! over a real database in a temporary directory, spoken to over HTTP, with a
//! clock the tests move and background workers they run one round at a time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod access;
mod advice;
mod chat;
mod console;
mod contact_form;
mod contract;
mod handoffs;
mod hashes;
mod headers;
mod live_wait;
mod messaging;
mod notices;
mod platform_api;
mod protect;
mod proxies;
mod referrals;
mod refusals;
mod sign_in;
mod survey;
mod text;
mod widget;

//! The `relais` binary as an operator runs it, one test binary: commands from
//! the command line, a server process on port 0, and a reliability run that
//! kills the server mid-delivery. These drive a real process, so they wait
//! for it (with deadlines) where the server's own tests step its workers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod commands;
mod deployment;
#[path = "../../examples/support/deployment.rs"]
mod guide;
mod instances;
mod reliability;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `relais ARGS --data-dir DIR`, never on an operator's database.
fn relais(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("RELAIS_DATABASE__URL")
        .output()
        .unwrap()
}

/// What a command printed, once it succeeded.
fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "relais failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

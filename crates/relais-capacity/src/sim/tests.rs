//! The simulator against theory: Erlang C on M/M/c, Little's law, and
//! reproducibility, then the behaviours the formulas do not cover.

use super::*;
use crate::erlang::{Load, erlang_c, erlang_c_outlook};

fn flat() -> Vec<f64> {
    vec![1.0 / HOURS_PER_WEEK as f64; HOURS_PER_WEEK]
}

/// One class, one group of `agents`, one stream: an M/M/c queue (or M/M/c·k with k chats each).
fn mmc(per_hour: f64, handle: f64, agents: u32, channel: Channel, chats: u32) -> Model {
    Model {
        classes: vec![Class { name: "all".into(), priority: 0, patience_seconds: f64::INFINITY }],
        groups: vec![Group { name: "listeners".into(), staff: vec![agents; HOURS_PER_WEEK], chats_at_once: chats }],
        streams: vec![Stream {
            class: 0,
            channel,
            per_week: per_hour * HOURS_PER_WEEK as f64,
            profile: flat(),
            group: 0,
            handle_seconds: handle,
            transfers: vec![],
        }],
    }
}

/// Mean and standard error over independent replications.
fn replicate(model: &Model, runs: u64, weeks: u32, f: impl Fn(&Outcome) -> f64) -> (f64, f64) {
    let xs: Vec<f64> = (0..runs)
        .map(|seed| f(&simulate(model, Options { weeks, seed: seed + 1, answer_within: 60.0 }).unwrap()))
        .collect();
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
    (mean, (var / xs.len() as f64).sqrt())
}

#[test]
fn agrees_with_erlang_c_on_an_m_m_c_queue() {
    // 48 calls an hour, 5-minute calls, 5 counsellors: 4 Erlangs, 80 % occupancy.
    let model = mmc(48.0, 300.0, 5, Channel::Call, 1);
    let load = Load { arrival_rate: 48.0 / 3600.0, handle_seconds: 300.0, agents: 5 };
    let theory = erlang_c_outlook(&load);
    let (wait, se) = replicate(&model, 12, 8, |o| o.total().mean_wait().unwrap());
    println!("mean wait: simulated {wait:.1} s ± {se:.1}, Erlang C {:.1} s", theory.mean_wait);
    assert!((wait - theory.mean_wait).abs() <= 3.0 * se, "{wait} ± {se} vs {}", theory.mean_wait);
    let (waited, se) = replicate(&model, 12, 8, |o| {
        let t = o.total();
        t.waits.iter().filter(|w| **w > 0.0).count() as f64 / t.waits.len() as f64
    });
    assert!((waited - erlang_c(&load)).abs() <= 3.0 * se + 0.005, "{waited} ± {se} vs {}", erlang_c(&load));
    let (occupancy, _) = replicate(&model, 4, 8, |o| o.total().occupancy().unwrap());
    assert!((occupancy - 0.8).abs() < 0.02, "{occupancy}");
}

#[test]
fn concurrent_chats_behave_as_that_many_servers() {
    // 3 chats each for 2 counsellors: an M/M/6 queue.
    let model = mmc(60.0, 300.0, 2, Channel::Chat, 3);
    let theory = erlang_c_outlook(&Load { arrival_rate: 60.0 / 3600.0, handle_seconds: 300.0, agents: 6 });
    let (wait, se) = replicate(&model, 12, 8, |o| o.total().mean_wait().unwrap());
    println!("chat wait: simulated {wait:.1} s ± {se:.1}, Erlang C (6 servers) {:.1} s", theory.mean_wait);
    assert!((wait - theory.mean_wait).abs() <= 3.0 * se, "{wait} ± {se} vs {}", theory.mean_wait);
}

/// A model with everything: hours, classes, chats, transfers, abandonment, shifts.
fn helpline() -> Model {
    let mut day = vec![0.0; HOURS_PER_WEEK];
    let mut staff = vec![0; HOURS_PER_WEEK];
    for d in 0..7 {
        for h in 9..23 {
            day[d * 24 + h] = 1.0;
            staff[d * 24 + h] = if (17..21).contains(&h) { 5 } else { 3 };
        }
    }
    let class = |name: &str, priority, patience| Class { name: name.into(), priority, patience_seconds: patience };
    let stream = |class, channel, per_week, handle_seconds, transfers: Vec<Transfer>| Stream {
        class,
        channel,
        per_week,
        profile: day.clone(),
        group: 0,
        handle_seconds,
        transfers,
    };
    let to_psy = vec![Transfer { group: 1, probability: 0.15, handle_seconds: 1200.0 }];
    Model {
        classes: vec![class("minors", 0, 240.0), class("parents", 1, 300.0), class("adults", 2, 180.0)],
        groups: vec![
            Group { name: "listeners".into(), staff, chats_at_once: 2 },
            Group {
                name: "psychologists".into(),
                staff: day.iter().map(|w| if *w > 0.0 { 1 } else { 0 }).collect(),
                chats_at_once: 1,
            },
        ],
        streams: vec![
            stream(0, Channel::Call, 300.0, 420.0, to_psy.clone()),
            stream(0, Channel::Chat, 200.0, 900.0, to_psy),
            stream(1, Channel::Call, 120.0, 480.0, vec![]),
            stream(2, Channel::Call, 150.0, 360.0, vec![]),
        ],
    }
}

#[test]
fn littles_law_holds() {
    let o = simulate(&helpline(), Options { weeks: 26, seed: 7, answer_within: 60.0 }).unwrap();
    let t = o.simulated_seconds;
    let l = o.queue_area / t;
    let lambda_w = (o.queue_arrivals as f64 / t) * (o.queue_wait_total / o.queue_arrivals as f64);
    println!("L = {l:.4}, λW = {lambda_w:.4}");
    assert!((l - lambda_w).abs() / l < 0.01, "L = {l}, λW = {lambda_w}");
    assert!(o.transferred > 0);
}

#[test]
fn a_seeded_run_is_reproducible_bit_for_bit() {
    let options = Options { weeks: 4, seed: 42, answer_within: 60.0 };
    let a = simulate(&helpline(), options).unwrap();
    let b = simulate(&helpline(), options).unwrap();
    assert_eq!(a, b);
    let c = simulate(&helpline(), Options { seed: 43, ..options }).unwrap();
    assert_ne!(a, c);
}

#[test]
fn minors_are_answered_before_parents_and_adults() {
    let mut model = helpline();
    for c in &mut model.classes {
        c.patience_seconds = f64::INFINITY;
    }
    let o = simulate(&model, Options { weeks: 8, seed: 3, answer_within: 60.0 }).unwrap();
    let wait = |class: usize| o.classes[class].mean_wait().unwrap();
    println!("mean wait: minors {:.0} s, parents {:.0} s, adults {:.0} s", wait(0), wait(1), wait(2));
    assert!(wait(0) < wait(1) && wait(0) < wait(2));
    assert_eq!(o.classes.iter().map(|c| c.offered).sum::<u64>(), o.total().offered);
}

#[test]
fn no_one_answers_at_night() {
    let o = simulate(&helpline(), Options { weeks: 4, seed: 5, answer_within: 60.0 }).unwrap();
    for (h, stats) in o.hours.iter().enumerate() {
        let hour = h % 24;
        if !(9..23).contains(&hour) {
            assert_eq!(stats.offered, 0, "no contact is offered at {hour}:00 in this model");
            assert_eq!(stats.staffed_seconds, 0.0);
        }
    }
    assert!(o.total().abandoned > 0, "some hang up while waiting");
}

#[test]
fn invalid_models_are_refused() {
    let mut m = helpline();
    m.groups[0].staff.pop();
    assert!(simulate(&m, Options::default()).is_err());
    let mut m = helpline();
    m.streams[0].group = 9;
    assert!(simulate(&m, Options::default()).is_err());
    let mut m = helpline();
    m.streams[0].handle_seconds = 0.0;
    assert!(simulate(&m, Options::default()).is_err());
}

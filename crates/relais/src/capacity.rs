//! `relais capacity`: what the queueing models and the simulator say of a
//! scenario, as tables a manager can read.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use relais_capacity::scenario::{Scenario, Variant};
use relais_capacity::sim::{Options, simulate};
use relais_capacity::staffing::{Target, hourly_load, staff_needed};

use crate::plots;

#[derive(Debug, Subcommand)]
pub enum CapacityAction {
    /// Simulate a scenario and its variants; print service level, waits, abandonment and occupancy.
    Run {
        /// A scenario file, e.g. scenarios/3018-baseline.toml.
        file: PathBuf,
        /// The variant whose hours are detailed [default: baseline].
        #[arg(long)]
        variant: Option<String>,
        /// Weeks to simulate [default: the scenario's].
        #[arg(long)]
        weeks: Option<u32>,
        #[arg(long)]
        seed: Option<u64>,
        /// Where the plots (PNG and SVG) are written.
        #[arg(long, default_value = "capacity-plots")]
        plots: PathBuf,
    },
    /// The listeners needed in each hour of the week to meet a service level.
    Staff {
        file: PathBuf,
        /// For example "80% in 60s".
        #[arg(long, default_value = "80% in 60s")]
        target: String,
        #[arg(long)]
        variant: Option<String>,
    },
}

pub fn run(action: CapacityAction) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match action {
        CapacityAction::Run { file, variant, weeks, seed, plots } => {
            let scenario = load(&file)?;
            let options = Options {
                weeks: weeks.unwrap_or(scenario.weeks),
                seed: seed.unwrap_or(scenario.seed),
                answer_within: scenario.answer_within_seconds,
            };
            let within = options.answer_within;
            writeln!(out, "{} — {} simulated weeks, seed {}\n", scenario.name, options.weeks, options.seed)?;
            writeln!(
                out,
                "{:<34} {:>9} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8}",
                "variant",
                "contacts",
                format!("≤{within:.0}s"),
                "mean wait",
                "p90 wait",
                "abandon",
                "occupancy",
                "run"
            )?;
            let mut detailed = None;
            let mut runs = Vec::new();
            let variants = scenario.all_variants();
            // Shown on a terminal only, and only when a run is long enough to wonder.
            let bar = indicatif::ProgressBar::new(variants.len() as u64).with_style(
                indicatif::ProgressStyle::with_template("{spinner} simulating {msg} [{bar:30}] {pos}/{len} variants")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            if options.weeks < 520 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            for v in variants {
                bar.set_message(v.name.clone());
                let started = Instant::now();
                let model = scenario.model(&v);
                let outcome = simulate(&model, options)?;
                let elapsed = started.elapsed();
                let t = outcome.total();
                let per_year = t.offered as f64 * 52.0 / f64::from(options.weeks.max(1));
                writeln!(
                    out,
                    "{:<34} {:>9.0} {:>8} {:>9} {:>9} {:>9} {:>9} {:>6}ms",
                    v.name,
                    per_year,
                    pct(t.service_level()),
                    secs(t.mean_wait()),
                    secs(t.p90_wait()),
                    pct(t.abandonment()),
                    pct(t.occupancy()),
                    elapsed.as_millis()
                )?;
                let peak = hourly_load(&model, 0).into_iter().fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
                if variant.as_deref().unwrap_or("baseline") == v.name {
                    detailed = Some(runs.len());
                }
                runs.push((v, outcome, peak));
                bar.inc(1);
            }
            bar.finish_and_clear();
            let Some(detailed) = detailed else {
                anyhow::bail!("no variant named {:?} in {}", variant.unwrap_or_default(), file.display());
            };
            let (v, outcome, _) = &runs[detailed];
            writeln!(out, "\n{} by hour of the day (all days):\n", v.name)?;
            writeln!(
                out,
                "{:>5} {:>9} {:>8} {:>9} {:>9} {:>9} {:>9}",
                "hour",
                "per day",
                format!("≤{within:.0}s"),
                "mean wait",
                "p90 wait",
                "abandon",
                "occupancy"
            )?;
            let days = f64::from(options.weeks.max(1)) * 7.0;
            for (h, s) in outcome.by_hour_of_day().iter().enumerate() {
                if s.offered == 0 && s.staffed_seconds == 0.0 {
                    continue;
                }
                writeln!(
                    out,
                    "{:>3}:00 {:>9.1} {:>8} {:>9} {:>9} {:>9} {:>9}",
                    h,
                    s.offered as f64 / days,
                    pct(s.service_level()),
                    secs(s.mean_wait()),
                    secs(s.p90_wait()),
                    pct(s.abandonment()),
                    pct(s.occupancy())
                )?;
            }
            let plotted: Vec<_> =
                runs.iter().map(|(v, outcome, peak)| plots::Run { name: &v.name, outcome, peak: *peak }).collect();
            let files = plots::write_all(&plots, &plotted)?;
            writeln!(out, "\nPlots: {}", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", "))?;
        }
        CapacityAction::Staff { file, target, variant } => {
            let scenario = load(&file)?;
            let target = Target::parse(&target).map_err(anyhow::Error::msg)?;
            let v = pick(&scenario, variant.as_deref())?;
            let model = scenario.model(&v);
            let started = Instant::now();
            let plan = staff_needed(&model, 0, target);
            let elapsed = started.elapsed();
            writeln!(
                out,
                "{} — {}: {} needed to answer {:.0}% within {:.0}s (Erlang C, hour by hour)\n",
                scenario.name,
                v.name,
                model.groups[0].name,
                target.share * 100.0,
                target.within_seconds
            )?;
            writeln!(
                out,
                "{:>5}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}",
                "hour", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
            )?;
            for h in 0..24 {
                let row: Vec<u32> = (0..7).map(|d| plan[d * 24 + h]).collect();
                if row.iter().all(|n| *n == 0) {
                    continue;
                }
                write!(out, "{h:>3}:00 ")?;
                for n in row {
                    write!(out, " {n:>4}")?;
                }
                writeln!(out)?;
            }
            let hours: u32 = plan.iter().sum();
            writeln!(out, "\n{hours} counsellor-hours a week (computed in {} µs)", elapsed.as_micros())?;
        }
    }
    Ok(())
}

fn load(file: &PathBuf) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    Scenario::parse(&text).with_context(|| format!("in {}", file.display()))
}

fn pick(scenario: &Scenario, name: Option<&str>) -> anyhow::Result<Variant> {
    let name = name.unwrap_or("baseline");
    scenario.all_variants().into_iter().find(|v| v.name == name).with_context(|| format!("no variant named {name:?}"))
}

fn pct(x: Option<f64>) -> String {
    x.map(|x| format!("{:.1}%", x * 100.0)).unwrap_or_else(|| "—".into())
}

fn secs(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.0}s")).unwrap_or_else(|| "—".into())
}

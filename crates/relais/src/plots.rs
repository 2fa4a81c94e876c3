//! The capacity plots, in PNG (for documents) and SVG (for the web): the
//! wait by hour of the day, the service level against the number of
//! listeners, and the scenarios side by side.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context;
use plotters::coord::Shift;
use plotters::prelude::*;
use relais_capacity::erlang::{Load, erlang_c_service_level};
use relais_capacity::sim::Outcome;

/// Debian's DejaVu Sans (package fonts-dejavu-core); text in PNG needs a font file.
const FONT_FILES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

fn register_font() -> anyhow::Result<()> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        let path = FONT_FILES
            .iter()
            .find(|p| Path::new(p).exists())
            .ok_or_else(|| "no DejaVu Sans font found for the PNG plots: install fonts-dejavu-core".to_owned())?;
        let bytes: &'static [u8] = Box::leak(std::fs::read(path).map_err(|e| e.to_string())?.into_boxed_slice());
        plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
            .map_err(|_| format!("{path} is not a font"))
    })
    .clone()
    .map_err(anyhow::Error::msg)
}

const COLOURS: [RGBColor; 8] = [
    RGBColor(61, 44, 141),
    RGBColor(11, 110, 63),
    RGBColor(164, 0, 29),
    RGBColor(138, 75, 0),
    RGBColor(29, 155, 240),
    RGBColor(90, 90, 110),
    RGBColor(200, 120, 0),
    RGBColor(120, 40, 160),
];

/// One simulated variant, for the plots.
pub struct Run<'a> {
    pub name: &'a str,
    pub outcome: &'a Outcome,
    /// Arrivals per second and mean handling time (call-equivalent) in the busiest hour.
    pub peak: (f64, f64),
}

/// Writes the three plots, each as PNG and SVG, into `dir`; returns the files.
pub fn write_all(dir: &Path, runs: &[Run<'_>]) -> anyhow::Result<Vec<PathBuf>> {
    register_font()?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut files = Vec::new();
    for name in ["wait-by-hour", "service-level-vs-staff", "scenarios"] {
        let png = dir.join(format!("{name}.png"));
        let svg = dir.join(format!("{name}.svg"));
        {
            let root = BitMapBackend::new(&png, (1000, 600)).into_drawing_area();
            draw(name, &root, runs)?;
            root.present().with_context(|| format!("cannot write {}", png.display()))?;
        }
        {
            let root = SVGBackend::new(&svg, (1000, 600)).into_drawing_area();
            draw(name, &root, runs)?;
            root.present().with_context(|| format!("cannot write {}", svg.display()))?;
        }
        files.push(png);
        files.push(svg);
    }
    Ok(files)
}

fn draw<DB: DrawingBackend>(name: &str, root: &DrawingArea<DB, Shift>, runs: &[Run<'_>]) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    match name {
        "wait-by-hour" => wait_by_hour(root, runs),
        "service-level-vs-staff" => service_level_vs_staff(root, runs),
        _ => scenarios(root, runs),
    }
}

fn wait_by_hour<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, runs: &[Run<'_>]) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let series: Vec<(&str, Vec<(f64, f64)>)> = runs
        .iter()
        .map(|r| {
            let points = r
                .outcome
                .by_hour_of_day()
                .iter()
                .enumerate()
                .filter_map(|(h, s)| s.mean_wait().map(|w| (h as f64 + 0.5, w)))
                .collect();
            (r.name, points)
        })
        .collect();
    let max = series.iter().flat_map(|(_, p)| p.iter().map(|(_, w)| *w)).fold(10.0, f64::max);
    let mut chart = ChartBuilder::on(root)
        .caption("Mean wait by hour of the day", ("sans-serif", 26))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(9.0..23.0, 0.0..max * 1.1)?;
    chart.configure_mesh().x_desc("hour of the day").y_desc("seconds").draw()?;
    for (i, (name, points)) in series.into_iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    }
    chart.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
    Ok(())
}

fn service_level_vs_staff<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, runs: &[Run<'_>]) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(root)
        .caption("Answered within 60 s in the busiest hour, by listeners on shift (Erlang C)", ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(1u32..16u32, 0.0..100.0)?;
    chart.configure_mesh().x_desc("listeners on shift").y_desc("% answered within 60 s").draw()?;
    let mut drawn: Vec<(f64, f64)> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        // Variants that only add staff share their load, and so their curve.
        if drawn.contains(&r.peak) {
            continue;
        }
        drawn.push(r.peak);
        let colour = COLOURS[i % COLOURS.len()];
        let (rate, handle) = r.peak;
        let points = (1..16).map(|agents| {
            (agents, 100.0 * erlang_c_service_level(&Load { arrival_rate: rate, handle_seconds: handle, agents }, 60.0))
        });
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))?
            .label(r.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    }
    chart.draw_series(LineSeries::new([(1, 80.0), (15, 80.0)], BLACK.mix(0.4)))?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

fn scenarios<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, runs: &[Run<'_>]) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Scenarios side by side: answered within 60 s (colour), hung up before an answer (red)",
            ("sans-serif", 22),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..runs.len() as f64 - 0.5, 0.0..135.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(runs.len())
        .x_label_formatter(&|x| format!("{}", x.round() as i64 + 1))
        .x_desc("variant (numbered as in the legend)")
        .y_desc("%")
        .draw()?;
    for (i, r) in runs.iter().enumerate() {
        let t = r.outcome.total();
        let x = i as f64;
        let sl = 100.0 * t.service_level().unwrap_or(0.0);
        let gone = 100.0 * t.abandonment().unwrap_or(0.0);
        let colour = COLOURS[i % COLOURS.len()];
        chart
            .draw_series([Rectangle::new([(x - 0.35, 0.0), (x, sl)], colour.filled())])?
            .label(format!("{}. {}", i + 1, r.name))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        chart.draw_series([Rectangle::new([(x, 0.0), (x + 0.35, gone)], RGBColor(164, 0, 29).mix(0.6).filled())])?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

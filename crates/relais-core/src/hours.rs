//! Opening hours in a helpline's own time zone.
//!
//! Hours are civil times ("09:00–23:00 every day") in an IANA zone, so the
//! question "is it open at this instant" is answered by converting the instant
//! to the zone's wall clock, daylight saving included. The next opening is
//! found by walking forward through civil days and converting each candidate
//! back to an instant, so a spring-forward night moves the UTC time of
//! 09:00, never the wall-clock time the child reads.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::Deserialize;

/// Minutes since local midnight; 1440 stands for the end of the day.
type Minute = u16;

const DAY: Minute = 24 * 60;

/// One opening window repeating every week on the given days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Bit `n` set when the slot starts on weekday `n` (Monday = 0).
    days: u8,
    open: Minute,
    /// When `close <= open` the slot runs past midnight into the next day.
    close: Minute,
}

impl Slot {
    fn starts_on(&self, day: Weekday) -> bool {
        self.days & (1 << day.to_monday_zero_offset()) != 0
    }

    fn crosses_midnight(&self) -> bool {
        self.close <= self.open
    }
}

/// When a service answers, as published by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// Round the clock, every day.
    Always,
    /// Weekly windows.
    Weekly(Vec<Slot>),
    /// Not published, or not seen in any source: never guessed.
    Unknown,
}

/// A schedule read in a time zone.
#[derive(Debug, Clone)]
pub struct OpeningHours {
    pub zone: TimeZone,
    pub schedule: Schedule,
}

/// Where a given instant stands against the hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Open, until the instant given (`None` when always open).
    Open { closes_at: Option<ZonedDateTime> },
    /// Closed; opens next at the instant given (`None` if it never opens).
    Closed { next_opening: Option<ZonedDateTime> },
    /// The hours are not known.
    Unknown,
}

impl Status {
    /// `Some(true)` when open, `Some(false)` when closed, `None` when unknown.
    pub fn is_open(&self) -> Option<bool> {
        match self {
            Status::Open { .. } => Some(true),
            Status::Closed { .. } => Some(false),
            Status::Unknown => None,
        }
    }
}

impl OpeningHours {
    pub fn status(&self, at: Timestamp) -> Status {
        let slots = match &self.schedule {
            Schedule::Always => return Status::Open { closes_at: None },
            Schedule::Unknown => return Status::Unknown,
            Schedule::Weekly(slots) => slots,
        };
        let local = at.to_zoned_datetime(self.zone.clone());
        let today = local.date();
        let minute = local.hour() as Minute * 60 + local.minute() as Minute;
        let yesterday = today.yesterday().ok();
        for slot in slots {
            let open_today = slot.starts_on(today.weekday())
                && minute >= slot.open
                && (slot.crosses_midnight() || minute < slot.close);
            if open_today {
                let end_day = if slot.crosses_midnight() { today.tomorrow().ok() } else { Some(today) };
                return Status::Open { closes_at: end_day.and_then(|d| self.at(d, slot.close)) };
            }
            let open_from_yesterday = slot.crosses_midnight()
                && yesterday.is_some_and(|y| slot.starts_on(y.weekday()))
                && minute < slot.close;
            if open_from_yesterday {
                return Status::Open { closes_at: self.at(today, slot.close) };
            }
        }
        Status::Closed { next_opening: self.next_opening(at, today, slots) }
    }

    fn next_opening(&self, at: Timestamp, today: Date, slots: &[Slot]) -> Option<ZonedDateTime> {
        let mut day = today;
        // A weekly schedule repeats after seven days; eight covers "later today".
        for _ in 0..8 {
            let earliest = slots
                .iter()
                .filter(|s| s.starts_on(day.weekday()))
                .filter_map(|s| self.at(day, s.open))
                .filter(|z| z.timestamp() > at)
                .min_by_key(|z| z.timestamp());
            if earliest.is_some() {
                return earliest;
            }
            day = day.tomorrow().ok()?;
        }
        None
    }

    /// The instant at which the wall clock of `day` shows `minute`. A time that
    /// falls in a spring-forward gap moves forward, as a clock on the wall would.
    fn at(&self, day: Date, minute: Minute) -> Option<ZonedDateTime> {
        let (day, minute) = if minute >= DAY { (day.tomorrow().ok()?, minute - DAY) } else { (day, minute) };
        let dt = day.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        self.zone.to_zoned_datetime(dt).ok()
    }
}

impl Schedule {
    /// Parses the directory's notation: `"24/7"`, `"unknown"`, or lines such as
    /// `"mon-sun 09:00-23:00"`, `"mon,wed,thu 10:00-12:00"`, `"fri 22:00-02:00"`.
    pub fn parse_lines<S: AsRef<str>>(lines: &[S]) -> Result<Schedule, String> {
        match lines {
            [one] if one.as_ref().trim() == "24/7" => return Ok(Schedule::Always),
            [one] if one.as_ref().trim() == "unknown" => return Ok(Schedule::Unknown),
            [] => return Err("no opening hours given (write \"unknown\" if they are not known)".into()),
            _ => {}
        }
        lines.iter().map(|l| parse_slot(l.as_ref())).collect::<Result<_, _>>().map(Schedule::Weekly)
    }
}

impl Schedule {
    /// The schedule in the notation it was written in, for people and for the API.
    pub fn describe(&self) -> Vec<String> {
        match self {
            Schedule::Always => vec!["24/7".to_owned()],
            Schedule::Unknown => vec!["unknown".to_owned()],
            Schedule::Weekly(slots) => slots
                .iter()
                .map(|s| {
                    let hm = |m: Minute| format!("{:02}:{:02}", m / 60, m % 60);
                    let close = if s.close == DAY { "24:00".to_owned() } else { hm(s.close) };
                    format!("{} {}-{}", describe_days(s.days), hm(s.open), close)
                })
                .collect(),
        }
    }
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `0b1111111` → `mon-sun`; `0b0001101` → `mon,wed,thu`.
fn describe_days(mask: u8) -> String {
    let mut parts = Vec::new();
    let mut d = 0;
    while d < 7 {
        if mask & (1 << d) == 0 {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && mask & (1 << (d + 1)) != 0 {
            d += 1;
        }
        parts.push(match d - start {
            0 => DAY_NAMES[start].to_owned(),
            1 => format!("{},{}", DAY_NAMES[start], DAY_NAMES[d]),
            _ => format!("{}-{}", DAY_NAMES[start], DAY_NAMES[d]),
        });
        d += 1;
    }
    parts.join(",")
}

fn parse_slot(line: &str) -> Result<Slot, String> {
    let err = |why: &str| format!("opening hours {line:?}: {why}");
    let (days, times) = line.trim().split_once(' ').ok_or_else(|| err("expected \"days HH:MM-HH:MM\""))?;
    let (open, close) = times.trim().split_once('-').ok_or_else(|| err("expected a range HH:MM-HH:MM"))?;
    let open = parse_minute(open).ok_or_else(|| err("bad opening time"))?;
    let close = parse_minute(close).ok_or_else(|| err("bad closing time"))?;
    if open >= DAY || open == close {
        return Err(err("the window is empty"));
    }
    let mut mask = 0u8;
    for part in days.split(',') {
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        let from = parse_weekday(from).ok_or_else(|| err("unknown day"))?;
        let to = parse_weekday(to).ok_or_else(|| err("unknown day"))?;
        let mut d = from;
        loop {
            mask |= 1 << d;
            if d == to {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    Ok(Slot { days: mask, open, close: if close == 0 { DAY } else { close } })
}

fn parse_minute(s: &str) -> Option<Minute> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (Minute, Minute) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= DAY).then_some(h * 60 + m)
}

fn parse_weekday(s: &str) -> Option<u8> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().position(|d| *d == s.trim()).map(|i| i as u8)
}

/// The directory writes hours as a string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ScheduleSpec {
    One(String),
    Many(Vec<String>),
}

impl TryFrom<&ScheduleSpec> for Schedule {
    type Error = String;
    fn try_from(spec: &ScheduleSpec) -> Result<Schedule, String> {
        match spec {
            ScheduleSpec::One(line) => Schedule::parse_lines(std::slice::from_ref(line)),
            ScheduleSpec::Many(lines) => Schedule::parse_lines(lines),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(lines: &[&str]) -> OpeningHours {
        OpeningHours { zone: TimeZone::get("Europe/Paris").unwrap(), schedule: Schedule::parse_lines(lines).unwrap() }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn next(status: Status) -> String {
        match status {
            Status::Closed { next_opening: Some(z) } => z.timestamp().to_string(),
            other => panic!("expected closed, got {other:?}"),
        }
    }

    #[test]
    fn nine_to_eleven_in_winter_and_summer() {
        let h = paris(&["mon-sun 09:00-23:00"]);
        // Winter, UTC+1.
        assert_eq!(h.status(ts("2026-01-15T07:59:00Z")).is_open(), Some(false));
        assert_eq!(h.status(ts("2026-01-15T08:00:00Z")).is_open(), Some(true));
        assert_eq!(h.status(ts("2026-01-15T21:59:00Z")).is_open(), Some(true));
        assert_eq!(h.status(ts("2026-01-15T22:00:00Z")).is_open(), Some(false));
        // Summer, UTC+2.
        assert_eq!(h.status(ts("2026-07-15T06:59:00Z")).is_open(), Some(false));
        assert_eq!(h.status(ts("2026-07-15T07:00:00Z")).is_open(), Some(true));
        assert_eq!(h.status(ts("2026-07-15T20:59:00Z")).is_open(), Some(true));
        assert_eq!(h.status(ts("2026-07-15T21:00:00Z")).is_open(), Some(false));
    }

    #[test]
    fn next_opening_across_the_spring_forward_night() {
        // Paris moves to summer time on Sunday 2026-03-29 at 02:00.
        let h = paris(&["mon-sun 09:00-23:00"]);
        // 23:30 on Saturday (UTC+1): opens Sunday 09:00, which is UTC+2.
        let s = h.status(ts("2026-03-28T22:30:00Z"));
        assert_eq!(next(s), "2026-03-29T07:00:00Z");
        // At 08:30 UTC on Saturday it is 09:30 in Paris: open.
        assert_eq!(h.status(ts("2026-03-28T08:30:00Z")).is_open(), Some(true));
        // At 07:30 UTC on Saturday it is 08:30 in Paris: closed until 08:00 UTC.
        assert_eq!(next(h.status(ts("2026-03-28T07:30:00Z"))), "2026-03-28T08:00:00Z");
        // The same UTC time on Sunday is 09:30 in Paris: open.
        assert_eq!(h.status(ts("2026-03-29T07:30:00Z")).is_open(), Some(true));
    }

    #[test]
    fn next_opening_across_the_fall_back_night() {
        // Paris returns to winter time on Sunday 2026-10-25 at 03:00.
        let h = paris(&["mon-sun 09:00-23:00"]);
        assert_eq!(next(h.status(ts("2026-10-24T21:30:00Z"))), "2026-10-25T08:00:00Z");
        assert_eq!(h.status(ts("2026-10-25T07:30:00Z")).is_open(), Some(false));
        assert_eq!(h.status(ts("2026-10-25T08:00:00Z")).is_open(), Some(true));
        assert_eq!(h.status(ts("2026-10-25T21:59:00Z")).is_open(), Some(true));
    }

    #[test]
    fn closes_at_is_reported_in_local_time() {
        let h = paris(&["mon-sun 09:00-23:00"]);
        match h.status(ts("2026-07-15T12:00:00Z")) {
            Status::Open { closes_at: Some(z) } => {
                assert_eq!(z.timestamp().to_string(), "2026-07-15T21:00:00Z");
                assert_eq!((z.hour(), z.minute()), (23, 0));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn weekday_windows_and_weekends() {
        // Germany's Nummer gegen Kummer style: weekdays only in the afternoon.
        let h = OpeningHours {
            zone: TimeZone::get("Europe/Berlin").unwrap(),
            schedule: Schedule::parse_lines(&["mon-sat 14:00-20:00", "mon,wed,thu 10:00-12:00"]).unwrap(),
        };
        // Sunday 2026-11-29, 15:00 Berlin: closed until Monday 10:00.
        assert_eq!(next(h.status(ts("2026-11-29T14:00:00Z"))), "2026-11-30T09:00:00Z");
        // Tuesday 11:00: no morning window on Tuesdays; opens at 14:00.
        assert_eq!(next(h.status(ts("2026-12-01T10:00:00Z"))), "2026-12-01T13:00:00Z");
        assert_eq!(h.status(ts("2026-12-02T10:00:00Z")).is_open(), Some(true));
    }

    #[test]
    fn windows_past_midnight() {
        let h = paris(&["fri 22:00-02:00"]);
        assert_eq!(h.status(ts("2026-11-27T21:30:00Z")).is_open(), Some(true)); // Fri 22:30
        assert_eq!(h.status(ts("2026-11-28T00:30:00Z")).is_open(), Some(true)); // Sat 01:30
        assert_eq!(h.status(ts("2026-11-28T01:30:00Z")).is_open(), Some(false)); // Sat 02:30
    }

    #[test]
    fn always_and_unknown() {
        let always = paris(&["24/7"]);
        assert_eq!(always.status(ts("2026-01-01T03:00:00Z")), Status::Open { closes_at: None });
        let unknown = paris(&["unknown"]);
        assert_eq!(unknown.status(ts("2026-01-01T03:00:00Z")), Status::Unknown);
    }

    #[test]
    fn schedules_describe_themselves_as_written() {
        for lines in [
            &["mon-sun 09:00-23:00"][..],
            &["mon,wed,thu 10:00-12:00", "sat,sun 17:00-20:00"],
            &["fri 22:00-02:00"],
            &["24/7"],
            &["unknown"],
        ] {
            let schedule = Schedule::parse_lines(lines).unwrap();
            assert_eq!(schedule.describe(), lines);
            assert_eq!(Schedule::parse_lines(&schedule.describe()).unwrap(), schedule);
        }
    }

    #[test]
    fn malformed_hours_are_refused() {
        for bad in ["mon-sun", "xyz 09:00-10:00", "mon 25:00-26:00", "mon 09:00-09:00", "mon 9h-10h"] {
            assert!(Schedule::parse_lines(&[bad]).is_err(), "{bad} accepted");
        }
    }

    proptest::proptest! {
        /// Whatever the instant, a closed helpline names an opening in the
        /// future within a week, and is open at that opening.
        #[test]
        fn next_opening_is_in_the_future_and_open(secs in 1_700_000_000i64..1_900_000_000) {
            let h = paris(&["mon-sun 09:00-23:00"]);
            let at = Timestamp::from_second(secs).unwrap();
            if let Status::Closed { next_opening } = h.status(at) {
                let z = next_opening.expect("a daily schedule always opens again");
                proptest::prop_assert!(z.timestamp() > at);
                // Ten hours from 23:00 to 09:00, eleven on the night the clocks go back.
                proptest::prop_assert!(z.timestamp().as_second() - secs <= 11 * 3600);
                proptest::prop_assert_eq!(h.status(z.timestamp()).is_open(), Some(true));
                proptest::prop_assert_eq!((z.hour(), z.minute()), (9, 0));
            }
        }
    }
}

//! Scenarios: the helpline described in the terms its managers use (contacts
//! a year, who calls, by which channel, at what hours, who is on shift), with
//! every assumption written down in the file, turned into a simulation model.
//! Variants answer "what if": more referrals from platforms, adults let
//! through the safe button, more listeners.

use serde::Deserialize;

use crate::sim::{Channel, Class, Group, HOURS_PER_WEEK, Model, Stream, Transfer};

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("the scenario is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("scenario: {0}")]
    Invalid(String),
}

/// A scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default = "default_weeks")]
    pub weeks: u32,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_answer_within")]
    pub answer_within_seconds: f64,
    pub volume: Volume,
    /// Weight of each hour of the day (0–23) in the day's contacts.
    pub hourly_profile: Vec<f64>,
    /// Weight of each day (Monday first) in the week's contacts.
    pub daily_profile: Vec<f64>,
    pub classes: Vec<ClassSpec>,
    pub channels: Vec<ChannelSpec>,
    pub groups: Vec<GroupSpec>,
    #[serde(default)]
    pub transfers: Vec<TransferSpec>,
    #[serde(default)]
    pub variants: Vec<Variant>,
}

fn default_weeks() -> u32 {
    52
}
fn default_seed() -> u64 {
    1
}
fn default_answer_within() -> f64 {
    60.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    /// First contacts a year today, all classes and channels.
    pub per_year: f64,
    /// Share of them that came through a platform's safe button.
    pub referral_share: f64,
    /// Adults who would come through the safe button for each minor or parent
    /// referred, were the button shown to everyone.
    pub adults_per_referral: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    pub name: String,
    /// Lower is answered first.
    pub priority: u32,
    /// Share of today's contacts.
    pub share: f64,
    /// Mean patience before hanging up, seconds.
    pub patience_seconds: f64,
    /// Whether this is the adults' class, which the safe button keeps away by default.
    #[serde(default)]
    pub adults: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    pub channel: Channel,
    /// Share of contacts on this channel.
    pub share: f64,
    /// Mean handling time by a listener, seconds.
    pub handle_seconds: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub name: String,
    #[serde(default = "one")]
    pub chats_at_once: u32,
    /// Counsellors on shift in each hour of the day (0–23), every day.
    pub on_shift: Vec<u32>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferSpec {
    pub to: String,
    pub probability: f64,
    pub handle_seconds: f64,
}

/// A what-if on top of the scenario.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// Platform referrals multiplied by this (1 = today).
    #[serde(default = "unit")]
    pub referral_factor: f64,
    /// Whether the safe button is shown to adults too.
    #[serde(default)]
    pub adults_admitted: bool,
    /// Counsellors added to a group in every open hour.
    #[serde(default)]
    pub extra_staff: std::collections::BTreeMap<String, u32>,
}

fn unit() -> f64 {
    1.0
}

impl Scenario {
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let s: Scenario = toml::from_str(text)?;
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ScenarioError> {
        let bad = |m: &str| Err(ScenarioError::Invalid(m.to_owned()));
        if self.hourly_profile.len() != 24 || self.daily_profile.len() != 7 {
            return bad("hourly_profile needs 24 weights and daily_profile 7");
        }
        if self.groups.iter().any(|g| g.on_shift.len() != 24) {
            return bad("each group's on_shift needs 24 values, one per hour of the day");
        }
        if self.groups.is_empty() {
            return bad("at least one group (the listeners) is needed");
        }
        let shares = |xs: &mut dyn Iterator<Item = f64>| (xs.sum::<f64>() - 1.0).abs() < 1e-6;
        if !shares(&mut self.classes.iter().map(|c| c.share)) || !shares(&mut self.channels.iter().map(|c| c.share)) {
            return bad("class shares and channel shares must each sum to 1");
        }
        if !(0.0..=1.0).contains(&self.volume.referral_share) {
            return bad("volume.referral_share is a share between 0 and 1");
        }
        for t in &self.transfers {
            if !self.groups.iter().any(|g| g.name == t.to) {
                return Err(ScenarioError::Invalid(format!("transfer to unknown group {:?}", t.to)));
            }
        }
        for v in &self.variants {
            for g in v.extra_staff.keys() {
                if !self.groups.iter().any(|x| &x.name == g) {
                    return Err(ScenarioError::Invalid(format!("variant {:?}: unknown group {g:?}", v.name)));
                }
            }
        }
        Ok(())
    }

    /// The scenario as it is today.
    pub fn baseline(&self) -> Variant {
        Variant { name: "baseline".into(), referral_factor: 1.0, ..Variant::default() }
    }

    /// Every variant, the baseline first.
    pub fn all_variants(&self) -> Vec<Variant> {
        std::iter::once(self.baseline()).chain(self.variants.iter().cloned()).collect()
    }

    /// First contacts per year of each class under a variant.
    pub fn yearly_volume(&self, v: &Variant) -> Vec<f64> {
        let vol = &self.volume;
        let referred_today = vol.per_year * vol.referral_share;
        let extra_referrals = referred_today * (v.referral_factor - 1.0);
        self.classes
            .iter()
            .map(|c| {
                let today = vol.per_year * c.share;
                if c.adults {
                    // Adults coming through the button only if it is shown to them.
                    let through_button = if v.adults_admitted {
                        referred_today * v.referral_factor * vol.adults_per_referral
                    } else {
                        0.0
                    };
                    today + through_button
                } else {
                    let minors_share: f64 = self.classes.iter().filter(|x| !x.adults).map(|x| x.share).sum();
                    today + extra_referrals * c.share / minors_share
                }
            })
            .collect()
    }

    /// The simulation model of a variant.
    pub fn model(&self, v: &Variant) -> Model {
        let hour_weights: Vec<f64> =
            (0..HOURS_PER_WEEK).map(|h| self.daily_profile[h / 24] * self.hourly_profile[h % 24]).collect();
        let listeners = 0;
        let groups = self
            .groups
            .iter()
            .map(|g| {
                let extra = v.extra_staff.get(&g.name).copied().unwrap_or(0);
                Group {
                    name: g.name.clone(),
                    chats_at_once: g.chats_at_once,
                    staff: (0..HOURS_PER_WEEK)
                        .map(|h| {
                            let base = g.on_shift[h % 24];
                            if base > 0 { base + extra } else { 0 }
                        })
                        .collect(),
                }
            })
            .collect();
        let classes = self
            .classes
            .iter()
            .map(|c| Class { name: c.name.clone(), priority: c.priority, patience_seconds: c.patience_seconds })
            .collect();
        let volumes = self.yearly_volume(v);
        let mut streams = Vec::new();
        for (class, per_year) in volumes.iter().enumerate() {
            let transfers: Vec<Transfer> = self
                .transfers
                .iter()
                .map(|t| Transfer {
                    group: self.groups.iter().position(|g| g.name == t.to).unwrap_or(0),
                    probability: t.probability,
                    handle_seconds: t.handle_seconds,
                })
                .collect();
            for ch in &self.channels {
                streams.push(Stream {
                    class,
                    channel: ch.channel,
                    per_week: per_year * ch.share * 7.0 / 365.0,
                    profile: hour_weights.clone(),
                    group: listeners,
                    handle_seconds: ch.handle_seconds,
                    transfers: transfers.clone(),
                });
            }
        }
        Model { classes, groups, streams }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASELINE: &str = include_str!("../../../scenarios/3018-baseline.toml");

    #[test]
    fn the_shipped_baseline_parses_and_matches_its_stated_volume() {
        let s = Scenario::parse(BASELINE).unwrap();
        let base = s.baseline();
        let total: f64 = s.yearly_volume(&base).iter().sum();
        assert!((total - s.volume.per_year).abs() < 1e-6, "{total}");
        let model = s.model(&base);
        model.check().unwrap();
        let per_week: f64 = model.streams.iter().map(|st| st.per_week).sum();
        assert!((per_week * 365.0 / 7.0 - s.volume.per_year).abs() < 1e-6);
    }

    #[test]
    fn referrals_grow_only_the_referred_part_and_adults_only_when_admitted() {
        let s = Scenario::parse(BASELINE).unwrap();
        let today: f64 = s.yearly_volume(&s.baseline()).iter().sum();
        let x5 = Variant { name: "x5".into(), referral_factor: 5.0, ..Variant::default() };
        let grown: f64 = s.yearly_volume(&x5).iter().sum();
        let referred = s.volume.per_year * s.volume.referral_share;
        assert!((grown - (today + 4.0 * referred)).abs() < 1e-6);
        let adults = Variant { adults_admitted: true, ..x5.clone() };
        let with_adults: f64 = s.yearly_volume(&adults).iter().sum();
        assert!((with_adults - grown - 5.0 * referred * s.volume.adults_per_referral).abs() < 1e-6);
    }

    #[test]
    fn broken_scenarios_are_refused_with_a_reason() {
        for (from, to) in [
            ("hourly_profile = [", "hourly_profile = [1, "),
            ("share = 0.70", "share = 0.90"),
            ("to = \"psychologists\"", "to = \"nobody\""),
        ] {
            assert!(BASELINE.contains(from), "{from}");
            let err = Scenario::parse(&BASELINE.replacen(from, to, 1)).unwrap_err().to_string();
            assert!(err.starts_with("scenario") || err.contains("TOML"), "{err}");
        }
    }
}

//! The referral policy: whom the helpline is offered to, and what else is shown.
//!
//! A pure function of the request, the directory, the settings, the instant and
//! the live wait estimate, so that every rule is tested with a pinned clock.
//! The shipped settings encode the association's asks: the line is for minors
//! and their parents (a child who declared no age is not turned away), adults
//! are pointed to services made for them so that seventeen listeners are not
//! flooded, and a life at risk comes before everything else.

use std::collections::BTreeMap;

use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use crate::age::AgeBand;
use crate::category::Category;
use crate::directory::{AlternativeKind, Directory, Helpline};
use crate::hours::Status;
use crate::i18n::{Locale, Message};
use crate::referral::{
    AlternativeOffer, ChannelOffer, Choice, Decision, HelplineOffer, Referral, ReferralRequest, ReporterRole,
};

/// Who the reporter is, as far as the policy is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    MinorVictim,
    MinorWitness,
    Parent,
    /// Victim or witness who declared no age.
    UnknownAge,
    AdultVictim,
    AdultWitness,
}

impl Audience {
    /// Whether whoever reads is an adult, addressed as "vous": a parent, or
    /// an adult reporting. A child, and someone of unknown age (who may be
    /// one), is addressed as "tu", as the helpline does.
    pub fn formal(self) -> bool {
        matches!(self, Audience::Parent | Audience::AdultVictim | Audience::AdultWitness)
    }
}

/// Which audiences are offered the helpline. Every rule can be changed in
/// configuration (`[policy.offer]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfferRules {
    pub minor_victim: bool,
    pub minor_witness: bool,
    pub parent: bool,
    pub unknown_age: bool,
    pub adult_victim: bool,
    pub adult_witness: bool,
}

impl Default for OfferRules {
    fn default() -> Self {
        OfferRules {
            minor_victim: true,
            minor_witness: true,
            parent: true,
            unknown_age: true,
            adult_victim: false,
            adult_witness: false,
        }
    }
}

impl OfferRules {
    fn offers(&self, audience: Audience) -> bool {
        match audience {
            Audience::MinorVictim => self.minor_victim,
            Audience::MinorWitness => self.minor_witness,
            Audience::Parent => self.parent,
            Audience::UnknownAge => self.unknown_age,
            Audience::AdultVictim => self.adult_victim,
            Audience::AdultWitness => self.adult_witness,
        }
    }
}

/// Which alternatives are shown, by kind and in order, for each outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlternativeRules {
    /// Beside the helpline.
    pub offer_helpline: Vec<AlternativeKind>,
    /// For those the helpline is not offered to (adults, by default).
    pub platform_only: Vec<AlternativeKind>,
    /// Where the country has no helpline in the directory.
    pub no_helpline: Vec<AlternativeKind>,
}

impl Default for AlternativeRules {
    fn default() -> Self {
        AlternativeRules {
            offer_helpline: vec![],
            platform_only: vec![AlternativeKind::VictimSupport, AlternativeKind::ContentReporting],
            no_helpline: vec![AlternativeKind::Emergency],
        }
    }
}

/// The policy's settings; `PolicySettings::default()` is the shipped French policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicySettings {
    /// The age of majority: below it, a reporter is a minor.
    pub adult_age: u8,
    pub offer: OfferRules,
    /// Categories that are an emergency, with the alternatives shown first, in order.
    pub emergency: BTreeMap<Category, Vec<AlternativeKind>>,
    pub alternatives: AlternativeRules,
}

impl Default for PolicySettings {
    fn default() -> Self {
        PolicySettings {
            adult_age: 18,
            offer: OfferRules::default(),
            emergency: BTreeMap::from([
                (Category::Threats, vec![AlternativeKind::Emergency]),
                (Category::SelfHarm, vec![AlternativeKind::SuicidePrevention, AlternativeKind::Emergency]),
            ]),
            alternatives: AlternativeRules::default(),
        }
    }
}

impl PolicySettings {
    pub fn audience(&self, request: &ReferralRequest) -> Audience {
        let band = request.age.band(self.adult_age);
        match (request.role, band.is_minor()) {
            (ReporterRole::Parent, _) => Audience::Parent,
            (_, None) => Audience::UnknownAge,
            (ReporterRole::Victim, Some(true)) => Audience::MinorVictim,
            (ReporterRole::Witness, Some(true)) => Audience::MinorWitness,
            (ReporterRole::Victim, Some(false)) => Audience::AdultVictim,
            (ReporterRole::Witness, Some(false)) => Audience::AdultWitness,
        }
    }
}

/// Decides what a platform shows for one report.
///
/// `wait_seconds` is the live estimate of the wait for the offered helpline,
/// reported only while it is open.
pub fn decide<'d>(
    request: &ReferralRequest,
    directory: &'d Directory,
    settings: &PolicySettings,
    wait_seconds: Option<u32>,
) -> Referral<'d> {
    let age_band: AgeBand = request.age.band(settings.adult_age);
    let audience = settings.audience(request);
    let helpline = directory.primary(request.country);
    let locale = request.locale.unwrap_or_else(|| Locale::for_country(&request.country));
    let offered = helpline.filter(|_| settings.offer.offers(audience));
    let offer = offered.map(|h| offer(h, request.at, wait_seconds));
    let closed = offer.as_ref().is_some_and(|o| o.open_now == Some(false));

    let mut kinds: Vec<AlternativeKind> = Vec::new();
    let (decision, choices, message): (Decision, &'static [Choice], Message) =
        match (settings.emergency.get(&request.category), offered, helpline) {
            (Some(first), Some(h), _) => {
                kinds.extend(first);
                kinds.extend(&settings.alternatives.offer_helpline);
                (
                    Decision::Emergency,
                    &[Choice::ContactHelpline, Choice::ReportToPlatform],
                    Message::EmergencyWithHelpline { helpline: &h.name, formal: audience.formal() },
                )
            }
            (Some(first), None, _) => {
                kinds.extend(first);
                kinds.extend(if helpline.is_some() {
                    &settings.alternatives.platform_only
                } else {
                    &settings.alternatives.no_helpline
                });
                (Decision::Emergency, &[Choice::ReportToPlatform], Message::Emergency)
            }
            (None, _, None) => {
                kinds.extend(&settings.alternatives.no_helpline);
                (
                    Decision::PlatformOnly,
                    &[Choice::ReportToPlatform],
                    Message::NoHelplineInCountry { country: request.country.as_str() },
                )
            }
            (None, Some(h), _) => {
                kinds.extend(&settings.alternatives.offer_helpline);
                let message = if closed {
                    Message::OfferHelplineClosed { helpline: &h.name, formal: audience.formal() }
                } else {
                    Message::OfferHelpline { helpline: &h.name, formal: audience.formal() }
                };
                (Decision::OfferHelpline, &[Choice::ReportToPlatform, Choice::ContactHelpline], message)
            }
            (None, None, Some(h)) => {
                kinds.extend(&settings.alternatives.platform_only);
                (Decision::PlatformOnly, &[Choice::ReportToPlatform], Message::AdultPlatformOnly { helpline: &h.name })
            }
        };

    let mut seen = Vec::with_capacity(kinds.len());
    let alternatives = kinds
        .into_iter()
        .filter(|k| {
            let new = !seen.contains(k);
            seen.push(*k);
            new
        })
        .flat_map(|kind| directory.alternatives(request.country, kind))
        .map(|a| AlternativeOffer {
            name: a.name.get(locale),
            phone: a.phone.as_ref().map(|p| p.display.as_str()),
            url: a.url.as_deref(),
            kind: a.kind,
        })
        .collect();

    let formal = audience.formal() || offer.is_none();
    Referral {
        decision,
        helpline: offer,
        choices,
        alternatives,
        explanation: message.render(locale),
        locale,
        age_band,
        formal,
    }
}

/// A helpline as offered at an instant: its channels and whether each answers now.
pub fn offer(h: &Helpline, at: Timestamp, wait_seconds: Option<u32>) -> HelplineOffer<'_> {
    let status = h.hours.status(at);
    let open_now = status.is_open();
    let (next_opening, closes_at) = match &status {
        Status::Open { closes_at } => (None, closes_at.as_ref().map(rfc3339)),
        Status::Closed { next_opening } => (next_opening.as_ref().map(rfc3339), None),
        Status::Unknown => (None, None),
    };
    let channels = h
        .channels
        .iter()
        .map(|c| {
            let available_now = c.always
                || match &c.hours {
                    Some(own) => own.status(at).is_open() == Some(true),
                    // Unknown hours: the line is listed as reachable; we cannot say it is closed.
                    None => open_now != Some(false),
                };
            ChannelOffer { kind: c.kind, uri: &c.uri, available_now }
        })
        .collect();
    HelplineOffer {
        id: &h.id,
        name: &h.name,
        phone: h.phone.as_ref().map(|p| p.display.as_str()),
        open_now,
        next_opening,
        closes_at,
        estimated_wait_seconds: wait_seconds.filter(|_| open_now == Some(true)),
        channels,
    }
}

/// RFC 3339 with the helpline's local offset, as a child's clock shows it.
fn rfc3339(z: &ZonedDateTime) -> String {
    z.timestamp().display_with_offset(z.offset()).to_string()
}

#[cfg(test)]
mod tests;

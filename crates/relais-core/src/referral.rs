//! A referral: a platform asks, for one report, whether to show its user the
//! helpline, which one, and how to reach it now.
//!
//! The request is parsed once at the edge into [`ReferralRequest`], whose
//! fields are valid by construction; the answer, [`Referral`], borrows from the
//! directory so that answering costs no copies on the hot path.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::age::{AgeBand, AgeDeclaration};
use crate::category::Category;
use crate::country::CountryCode;
use crate::directory::{AlternativeKind, ChannelKind};
use crate::i18n::Locale;

/// Who is reporting, relative to the person harmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReporterRole {
    /// The person harmed, reporting for themselves.
    Victim,
    /// A parent or guardian reporting for their child.
    Parent,
    /// Someone who saw it happen to another person.
    Witness,
}

impl ReporterRole {
    pub const ALL: [ReporterRole; 3] = [ReporterRole::Victim, ReporterRole::Parent, ReporterRole::Witness];

    pub fn code(self) -> &'static str {
        match self {
            ReporterRole::Victim => "victim",
            ReporterRole::Parent => "parent",
            ReporterRole::Witness => "witness",
        }
    }

    pub fn from_code(code: &str) -> Option<ReporterRole> {
        ReporterRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Where on the platform the reported content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    Post,
    Comment,
    DirectMessage,
    Live,
    Story,
    Profile,
}

impl Surface {
    pub const ALL: [Surface; 6] =
        [Surface::Post, Surface::Comment, Surface::DirectMessage, Surface::Live, Surface::Story, Surface::Profile];

    pub fn code(self) -> &'static str {
        match self {
            Surface::Post => "post",
            Surface::Comment => "comment",
            Surface::DirectMessage => "direct_message",
            Surface::Live => "live",
            Surface::Story => "story",
            Surface::Profile => "profile",
        }
    }

    pub fn from_code(code: &str) -> Option<Surface> {
        Surface::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A validated referral request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralRequest {
    pub country: CountryCode,
    pub category: Category,
    pub role: ReporterRole,
    pub age: AgeDeclaration,
    /// `None`: the helpline's country decides (French in France, English elsewhere).
    pub locale: Option<Locale>,
    pub surface: Option<Surface>,
    pub at: Timestamp,
}

/// What the platform should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Show the two-choice screen with the helpline.
    OfferHelpline,
    /// Keep the report with the platform, and show the alternatives.
    PlatformOnly,
    /// Show the emergency numbers first (and the helpline, for minors).
    Emergency,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::OfferHelpline, Decision::PlatformOnly, Decision::Emergency];

    pub fn code(self) -> &'static str {
        match self {
            Decision::OfferHelpline => "offer_helpline",
            Decision::PlatformOnly => "platform_only",
            Decision::Emergency => "emergency",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// One button of the two-choice screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    ReportToPlatform,
    ContactHelpline,
}

/// A channel of the offered helpline, and whether it answers now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelOffer<'a> {
    pub kind: ChannelKind,
    pub uri: &'a str,
    pub available_now: bool,
}

/// The helpline offered to the reporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelplineOffer<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// As people write it; `null` when no number was read in a source.
    pub phone: Option<&'a str>,
    /// `null` when the helpline's hours are not published.
    pub open_now: Option<bool>,
    /// RFC 3339 with the helpline's local offset; `null` while open.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub next_opening: Option<String>,
    /// When the current opening ends, RFC 3339; `null` while closed or when always open.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub closes_at: Option<String>,
    /// The live estimate while open; `null` when closed or unknown.
    pub estimated_wait_seconds: Option<u32>,
    pub channels: Vec<ChannelOffer<'a>>,
}

/// Another service to show: an emergency number, adult support, PHAROS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlternativeOffer<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    pub kind: AlternativeKind,
}

/// The answer to a referral request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral<'a> {
    pub decision: Decision,
    pub helpline: Option<HelplineOffer<'a>>,
    /// The two-choice screen, in display order.
    pub choices: &'static [Choice],
    pub alternatives: Vec<AlternativeOffer<'a>>,
    /// One sentence in the request's locale.
    pub explanation: String,
    /// The language of `explanation` and of the alternatives' names.
    pub locale: Locale,
    /// The age band the decision was taken for; kept for the statistics.
    #[serde(skip)]
    pub age_band: AgeBand,
    /// Whether whoever reads is addressed as an adult ("vous"): a parent, an
    /// adult reporting, or anyone the helpline is not offered to.
    #[serde(skip)]
    pub formal: bool,
}

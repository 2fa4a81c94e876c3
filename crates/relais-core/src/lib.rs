//! The Relais domain, kept pure so that every rule can be tested with a pinned
//! clock and no infrastructure: who reports what, which helpline answers where,
//! when it is open, and what a platform should show a child who reports harm.
//!
//! Nothing here does IO, spawns tasks or knows about HTTP or SQL; the store and
//! the server depend on this crate, never the other way round.

pub mod advice;
pub mod age;
pub mod case;
pub mod category;
pub mod code;
pub mod conversation;
pub mod country;
pub mod directory;
pub mod escalation;
pub mod evidence;
pub mod handoff;
pub mod hours;
pub mod i18n;
pub mod id;
pub mod messaging;
pub mod notice;
pub mod policy;
pub mod readability;
pub mod referral;
pub mod risk;
pub mod staff;
pub mod survey;
pub mod text;
pub mod undelivered;

pub use age::{Age, AgeBand, AgeDeclaration};
pub use category::Category;
pub use country::CountryCode;
pub use directory::Directory;
pub use i18n::Locale;
pub use policy::PolicySettings;
pub use referral::{Decision, Referral, ReferralRequest, ReporterRole, Surface};

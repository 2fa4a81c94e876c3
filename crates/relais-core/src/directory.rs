//! The helpline directory: who answers children in which country, how to reach
//! them, when, and on what evidence.
//!
//! The directory is data (`data/helplines.toml`), embedded in the binary and
//! replaceable by configuration. Every entry keeps its sources, a confidence
//! mark and the date it was checked, because a wrong number shown to a child in
//! distress is worse than no number: a number whose confidence is not that of
//! something read in a source is dropped at load time, together with the call
//! channel that would have dialled it.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::hours::{OpeningHours, Schedule, ScheduleSpec};
use crate::i18n::Localized;

/// The directory shipped with Relais.
pub const BUILTIN_TOML: &str = include_str!("../../../data/helplines.toml");

/// How sure the directory is of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the cited source.
    Read,
    /// Read, but in a dated or superseded source.
    ReadOld,
    /// Deduced, not stated in a source. Never shown to a child.
    Inferred,
    /// Not seen in any source. Never shown to a child.
    NotSeen,
}

impl Confidence {
    /// Whether a value with this confidence may be shown to a child.
    pub fn is_shown(self) -> bool {
        matches!(self, Confidence::Read | Confidence::ReadOld)
    }
}

/// How a helpline can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Call,
    Chat,
    Web,
    Whatsapp,
    Messenger,
    Callback,
}

/// What an alternative service is for; the policy picks alternatives by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlternativeKind {
    /// Police, ambulance, the European 112.
    Emergency,
    /// Emergency by SMS, for deaf and hard-of-hearing people.
    EmergencySms,
    SuicidePrevention,
    /// A child in danger at home or elsewhere.
    ChildProtection,
    /// Support for adult victims.
    VictimSupport,
    /// Reporting illegal content to the authorities (PHAROS in France).
    ContentReporting,
}

/// A telephone number and how sure we are of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As people write it: `3018`, `116 111`.
    pub display: String,
    /// For a `tel:` link: digits and a leading `+` only.
    pub dial: String,
}

/// One way to reach a helpline.
#[derive(Debug, Clone)]
pub struct Channel {
    pub kind: ChannelKind,
    pub uri: String,
    /// Hours of this channel when they differ from the helpline's.
    pub hours: Option<OpeningHours>,
    /// Asynchronous channels (a web form, a callback request) take messages at
    /// any hour, even while no one is there to answer.
    pub always: bool,
}

/// A helpline for children, as the directory describes it.
#[derive(Debug, Clone)]
pub struct Helpline {
    pub id: String,
    pub country: CountryCode,
    pub name: String,
    pub operator: String,
    pub phone: Option<Phone>,
    pub website: Option<String>,
    pub hours: OpeningHours,
    pub channels: Vec<Channel>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub checked: Date,
    pub notes: Option<String>,
}

/// Another service the policy may point to: emergency numbers, adult support, PHAROS.
#[derive(Debug, Clone)]
pub struct Alternative {
    pub id: String,
    pub kind: AlternativeKind,
    pub name: Localized,
    pub phone: Option<Phone>,
    pub url: Option<String>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
}

/// The whole directory, indexed by country.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    helplines: Vec<Helpline>,
    alternatives: Vec<Alternative>,
    /// Helplines of a country, in file order: the first is the one offered.
    by_country: HashMap<CountryCode, Vec<usize>>,
    alternatives_by_country: HashMap<CountryCode, Vec<usize>>,
}

/// Why a directory file was refused.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("the helpline directory is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("helpline directory entry {id:?}: {reason}")]
    Entry { id: String, reason: String },
}

impl Directory {
    /// The directory shipped in the binary.
    pub fn builtin() -> Result<Directory, DirectoryError> {
        Directory::from_toml(BUILTIN_TOML)
    }

    /// Parses and checks a directory. `relais:/path` URIs are resolved later
    /// with [`Directory::resolve_relais_uris`], once the public URL is known.
    pub fn from_toml(text: &str) -> Result<Directory, DirectoryError> {
        let file: File = toml::from_str(text)?;
        let mut dir = Directory::default();
        let mut ids = HashSet::new();
        for raw in file.helpline {
            let id = raw.id.clone();
            if !ids.insert(id.clone()) {
                return Err(entry(&id, "the id is used twice"));
            }
            let helpline = raw.build().map_err(|reason| entry(&id, &reason))?;
            dir.by_country.entry(helpline.country).or_default().push(dir.helplines.len());
            dir.helplines.push(helpline);
        }
        for raw in file.alternative {
            let id = raw.id.clone();
            if !ids.insert(id.clone()) {
                return Err(entry(&id, "the id is used twice"));
            }
            let (countries, alternative) = raw.build().map_err(|reason| entry(&id, &reason))?;
            let Some(alternative) = alternative else { continue };
            for c in countries {
                dir.alternatives_by_country.entry(c).or_default().push(dir.alternatives.len());
            }
            dir.alternatives.push(alternative);
        }
        Ok(dir)
    }

    /// Turns `relais:/contact/fr-3018` into `https://relais.example/contact/fr-3018`.
    pub fn resolve_relais_uris(&mut self, public_url: &str) {
        let base = public_url.trim_end_matches('/');
        for channel in self.helplines.iter_mut().flat_map(|h| h.channels.iter_mut()) {
            if let Some(path) = channel.uri.strip_prefix("relais:") {
                channel.uri = format!("{base}{path}");
            }
        }
    }

    /// The helpline offered in a country, if the directory lists one.
    pub fn primary(&self, country: CountryCode) -> Option<&Helpline> {
        self.by_country.get(&country).and_then(|ix| ix.first()).map(|&i| &self.helplines[i])
    }

    /// Every helpline listed for a country, the offered one first.
    pub fn helplines_in(&self, country: CountryCode) -> impl Iterator<Item = &Helpline> {
        self.by_country.get(&country).into_iter().flatten().map(|&i| &self.helplines[i])
    }

    pub fn helplines(&self) -> &[Helpline] {
        &self.helplines
    }

    /// The alternatives of a kind available in a country, in file order.
    pub fn alternatives(&self, country: CountryCode, kind: AlternativeKind) -> impl Iterator<Item = &Alternative> {
        self.alternatives_by_country
            .get(&country)
            .into_iter()
            .flatten()
            .map(|&i| &self.alternatives[i])
            .filter(move |a| a.kind == kind)
    }

    pub fn countries(&self) -> impl Iterator<Item = CountryCode> + '_ {
        self.by_country.keys().copied()
    }
}

fn entry(id: &str, reason: &str) -> DirectoryError {
    DirectoryError::Entry { id: id.to_owned(), reason: reason.to_owned() }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    helpline: Vec<RawHelpline>,
    #[serde(default)]
    alternative: Vec<RawAlternative>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhone {
    number: String,
    confidence: Confidence,
}

impl RawPhone {
    /// The phone if it may be shown; a number not read in a source is dropped.
    fn shown(&self) -> Result<Option<Phone>, String> {
        let dial: String = self.number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        let ok_chars = self.number.chars().all(|c| c.is_ascii_digit() || " +-".contains(c));
        if dial.is_empty() || !ok_chars {
            return Err(format!("phone {:?} is not a phone number", self.number));
        }
        Ok(self.confidence.is_shown().then(|| Phone { display: self.number.clone(), dial }))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    kind: ChannelKind,
    /// Absent for `call`, whose URI is built from the helpline's phone.
    uri: Option<String>,
    hours: Option<ScheduleSpec>,
    #[serde(default)]
    always: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHelpline {
    id: String,
    country: String,
    name: String,
    operator: String,
    time_zone: String,
    hours: ScheduleSpec,
    phone: Option<RawPhone>,
    website: Option<String>,
    #[serde(default)]
    channels: Vec<RawChannel>,
    sources: Vec<String>,
    confidence: Confidence,
    checked: Date,
    notes: Option<String>,
}

impl RawHelpline {
    fn build(self) -> Result<Helpline, String> {
        let country = CountryCode::parse(&self.country)?;
        let zone = TimeZone::get(&self.time_zone).map_err(|e| format!("time zone {:?}: {e}", self.time_zone))?;
        let hours = OpeningHours { zone: zone.clone(), schedule: Schedule::try_from(&self.hours)? };
        if self.sources.is_empty() {
            return Err("an entry needs at least one source".into());
        }
        let phone = self.phone.as_ref().map(RawPhone::shown).transpose()?.flatten();
        let mut channels = Vec::new();
        for raw in self.channels {
            let uri = match (raw.kind, raw.uri) {
                (ChannelKind::Call, None) => match &phone {
                    Some(p) => format!("tel:{}", p.dial),
                    // The number was not seen in a source: no call button.
                    None => continue,
                },
                (ChannelKind::Call, Some(_)) => {
                    return Err("a call channel takes its number from `phone`, not from a uri".into());
                }
                (_, None) => return Err(format!("channel {:?} needs a uri", raw.kind)),
                (_, Some(uri)) => check_uri(&uri)?,
            };
            let hours = raw
                .hours
                .as_ref()
                .map(|s| Schedule::try_from(s).map(|schedule| OpeningHours { zone: zone.clone(), schedule }))
                .transpose()?;
            channels.push(Channel { kind: raw.kind, uri, hours, always: raw.always });
        }
        if let Some(site) = &self.website {
            check_uri(site)?;
        }
        Ok(Helpline {
            id: self.id,
            country,
            name: self.name,
            operator: self.operator,
            phone,
            website: self.website,
            hours,
            channels,
            sources: self.sources,
            confidence: self.confidence,
            checked: self.checked,
            notes: self.notes,
        })
    }
}

/// Numbers reach a child only through `phone` fields, where their confidence
/// is checked; links are web links or Relais's own pages.
fn check_uri(uri: &str) -> Result<String, String> {
    if uri.starts_with("https://") || uri.starts_with("http://") || uri.starts_with("relais:/") {
        Ok(uri.to_owned())
    } else {
        Err(format!("uri {uri:?} must be an http(s) link or a relais:/ page"))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlternative {
    id: String,
    countries: Vec<String>,
    kind: AlternativeKind,
    name: Localized,
    phone: Option<RawPhone>,
    url: Option<String>,
    sources: Vec<String>,
    confidence: Confidence,
}

impl RawAlternative {
    fn build(self) -> Result<(Vec<CountryCode>, Option<Alternative>), String> {
        let countries = self.countries.iter().map(|c| CountryCode::parse(c)).collect::<Result<Vec<_>, _>>()?;
        if self.sources.is_empty() {
            return Err("an entry needs at least one source".into());
        }
        if let Some(url) = &self.url {
            check_uri(url)?;
        }
        let phone = self.phone.as_ref().map(RawPhone::shown).transpose()?.flatten();
        if phone.is_none() && self.url.is_none() || !self.confidence.is_shown() {
            return Ok((countries, None));
        }
        Ok((
            countries,
            Some(Alternative {
                id: self.id,
                kind: self.kind,
                name: self.name,
                phone,
                url: self.url,
                sources: self.sources,
                confidence: self.confidence,
            }),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> CountryCode {
        CountryCode::parse("FR").unwrap()
    }

    #[test]
    fn the_builtin_directory_loads_and_offers_the_3018_in_france() {
        let dir = Directory::builtin().unwrap();
        let h = dir.primary(fr()).unwrap();
        assert_eq!(h.id, "fr-3018");
        assert_eq!(h.phone.as_ref().unwrap().dial, "3018");
        assert!(h.channels.iter().any(|c| c.kind == ChannelKind::Call && c.uri == "tel:3018"));
        assert!(dir.helplines().len() >= 25, "the European counterparts are listed");
        for h in dir.helplines() {
            assert!(!h.sources.is_empty(), "{} has no source", h.id);
        }
    }

    #[test]
    fn numbers_not_read_in_a_source_are_never_kept() {
        let dir = Directory::builtin().unwrap();
        // Slovenia's number was only inferred from a misprint.
        let si = dir.primary(CountryCode::parse("SI").unwrap()).unwrap();
        assert!(si.phone.is_none());
        assert!(si.channels.iter().all(|c| c.kind != ChannelKind::Call));
    }

    const MINIMAL: &str = r#"
        [[helpline]]
        id = "x"
        country = "FR"
        name = "X"
        operator = "O"
        time_zone = "Europe/Paris"
        hours = "24/7"
        phone = { number = "0800 000 000", confidence = "inferred" }
        channels = [{ kind = "call" }, { kind = "web", uri = "relais:/contact/x", always = true }]
        sources = ["s"]
        confidence = "read"
        checked = "2026-11-28"
    "#;

    #[test]
    fn an_inferred_number_loses_its_call_channel() {
        let mut dir = Directory::from_toml(MINIMAL).unwrap();
        dir.resolve_relais_uris("https://relais.example/");
        let h = dir.primary(fr()).unwrap();
        assert!(h.phone.is_none());
        assert_eq!(h.channels.len(), 1);
        assert_eq!(h.channels[0].uri, "https://relais.example/contact/x");
    }

    #[test]
    fn bad_entries_are_refused_with_their_id() {
        let cases = [
            MINIMAL.replace("Europe/Paris", "Europe/Atlantis"),
            MINIMAL.replace("\"FR\"", "\"ZZ\""),
            MINIMAL.replace("relais:/contact/x", "tel:0800000000"),
            MINIMAL.replace("sources = [\"s\"]", "sources = []"),
            MINIMAL.replace("\"24/7\"", "\"mon 25:00-26:00\""),
            format!("{MINIMAL}\n{MINIMAL}"),
        ];
        for text in cases {
            let err = Directory::from_toml(&text).unwrap_err().to_string();
            assert!(err.contains("\"x\""), "{err}");
        }
    }
}

//! The policy, rule by rule and then exhaustively: every role × age
//! declaration × category × instant (both daylight-saving change days in
//! Paris included) × country kind.

use rstest::rstest;

use super::*;
use crate::age::{Age, AgeDeclaration};
use crate::category::Family;
use crate::country::CountryCode;
use crate::directory::ChannelKind;

fn dir() -> Directory {
    let mut d = Directory::builtin().unwrap();
    d.resolve_relais_uris("https://relais.example");
    d
}

fn request(country: &str, category: Category, role: ReporterRole, age: AgeDeclaration, at: &str) -> ReferralRequest {
    ReferralRequest {
        country: CountryCode::parse(country).unwrap(),
        category,
        role,
        age,
        locale: None,
        surface: None,
        at: at.parse().unwrap(),
    }
}

fn age(years: i64) -> AgeDeclaration {
    AgeDeclaration::Exact(Age::new(years).unwrap())
}

const NOON_PARIS: &str = "2026-11-28T11:00:00Z";
const HALF_PAST_ELEVEN_PM_PARIS: &str = "2026-11-28T22:30:00Z";

// --- The shipped French policy, one bullet of the specification at a time. ---

#[rstest]
#[case::victim_14(ReporterRole::Victim, age(14))]
#[case::victim_under_13_band(ReporterRole::Victim, AgeDeclaration::Band(AgeBand::Under13))]
#[case::witness_16(ReporterRole::Witness, age(16))]
#[case::parent(ReporterRole::Parent, age(45))]
#[case::parent_no_age(ReporterRole::Parent, AgeDeclaration::Undeclared)]
#[case::age_unknown(ReporterRole::Victim, AgeDeclaration::Undeclared)]
#[case::band_unknown(ReporterRole::Witness, AgeDeclaration::Band(AgeBand::Unknown))]
fn minors_parents_and_unknown_ages_are_offered_the_3018(#[case] role: ReporterRole, #[case] age: AgeDeclaration) {
    let d = dir();
    let r =
        decide(&request("FR", Category::Harassment, role, age, NOON_PARIS), &d, &PolicySettings::default(), Some(90));
    assert_eq!(r.decision, Decision::OfferHelpline);
    let h = r.helpline.unwrap();
    assert_eq!((h.id, h.phone, h.open_now), ("fr-3018", Some("3018"), Some(true)));
    assert_eq!(h.estimated_wait_seconds, Some(90));
    assert_eq!(h.closes_at.as_deref(), Some("2026-11-28T23:00:00+01:00"));
    assert_eq!(r.choices, [Choice::ReportToPlatform, Choice::ContactHelpline]);
    assert!(h.channels.iter().all(|c| c.available_now));
    assert!(r.explanation.contains("3018"), "{}", r.explanation);
}

#[rstest]
#[case::victim_18(ReporterRole::Victim, age(18))]
#[case::victim_band(ReporterRole::Victim, AgeDeclaration::Band(AgeBand::Adult))]
#[case::witness_40(ReporterRole::Witness, age(40))]
fn adults_are_sent_to_adult_services(#[case] role: ReporterRole, #[case] age: AgeDeclaration) {
    let d = dir();
    let r = decide(&request("FR", Category::Ncii, role, age, NOON_PARIS), &d, &PolicySettings::default(), None);
    assert_eq!(r.decision, Decision::PlatformOnly);
    assert!(r.helpline.is_none());
    assert_eq!(r.choices, [Choice::ReportToPlatform]);
    let phones: Vec<_> = r.alternatives.iter().map(|a| a.phone.or(a.url).unwrap()).collect();
    assert_eq!(phones, ["116 006", "https://www.internet-signalement.gouv.fr"]);
}

#[test]
fn threats_show_the_emergency_numbers_first_and_the_helpline_for_a_minor() {
    let d = dir();
    let r = decide(
        &request("FR", Category::Threats, ReporterRole::Victim, age(14), NOON_PARIS),
        &d,
        &PolicySettings::default(),
        None,
    );
    assert_eq!(r.decision, Decision::Emergency);
    assert_eq!(r.helpline.unwrap().id, "fr-3018");
    let phones: Vec<_> = r.alternatives.iter().filter_map(|a| a.phone).collect();
    assert_eq!(phones, ["112", "17"]);
    assert_eq!(r.choices[0], Choice::ContactHelpline);
}

#[test]
fn self_harm_puts_the_suicide_prevention_line_first() {
    let d = dir();
    let r = decide(
        &request("FR", Category::SelfHarm, ReporterRole::Victim, age(30), NOON_PARIS),
        &d,
        &PolicySettings::default(),
        None,
    );
    assert_eq!(r.decision, Decision::Emergency);
    assert!(r.helpline.is_none(), "an adult gets the emergency numbers, not the 3018");
    let phones: Vec<_> = r.alternatives.iter().filter_map(|a| a.phone).collect();
    assert_eq!(phones[..3], ["3114", "112", "17"]);
}

#[test]
fn after_hours_the_call_waits_but_the_form_and_callback_do_not() {
    let d = dir();
    let r = decide(
        &request("FR", Category::Harassment, ReporterRole::Victim, age(14), HALF_PAST_ELEVEN_PM_PARIS),
        &d,
        &PolicySettings::default(),
        Some(120),
    );
    assert_eq!(r.decision, Decision::OfferHelpline);
    let h = r.helpline.unwrap();
    assert_eq!(h.open_now, Some(false));
    assert_eq!(h.next_opening.as_deref(), Some("2026-11-29T09:00:00+01:00"));
    assert_eq!(h.estimated_wait_seconds, None, "no wait is promised while closed");
    let available = |kind| h.channels.iter().find(|c| c.kind == kind).unwrap().available_now;
    assert!(!available(ChannelKind::Call));
    assert!(!available(ChannelKind::Chat));
    assert!(available(ChannelKind::Web));
    assert!(available(ChannelKind::Callback));
    assert_eq!(
        h.channels.iter().find(|c| c.kind == ChannelKind::Web).unwrap().uri,
        "https://relais.example/contact/fr-3018"
    );
}

#[test]
fn a_counterpart_country_gets_its_own_helpline_in_its_language() {
    let d = dir();
    let r = decide(
        &request("DE", Category::Harassment, ReporterRole::Victim, age(12), "2026-11-28T15:00:00Z"),
        &d,
        &PolicySettings::default(),
        None,
    );
    assert_eq!(r.decision, Decision::OfferHelpline);
    let h = r.helpline.unwrap();
    assert_eq!((h.id, h.phone), ("de-nummer-gegen-kummer", Some("116 111")));
    assert_eq!(r.locale, Locale::De);
    assert!(r.explanation.starts_with("Du kannst"), "{}", r.explanation);
    let finland = request("FI", Category::Harassment, ReporterRole::Victim, age(12), "2026-11-28T15:00:00Z");
    assert_eq!(decide(&finland, &d, &PolicySettings::default(), None).locale, Locale::En, "no Finnish yet");
}

#[test]
fn a_country_without_a_helpline_is_platform_only_not_an_error() {
    let d = dir();
    let r = decide(
        &request("US", Category::Harassment, ReporterRole::Victim, age(14), NOON_PARIS),
        &d,
        &PolicySettings::default(),
        None,
    );
    assert_eq!(r.decision, Decision::PlatformOnly);
    assert!(r.helpline.is_none());
    assert!(r.explanation.contains("US"), "{}", r.explanation);
}

#[test]
fn every_rule_is_configurable() {
    let d = dir();
    let mut settings = PolicySettings::default();
    settings.offer.adult_victim = true;
    settings.emergency.clear();
    let r = decide(&request("FR", Category::Threats, ReporterRole::Victim, age(30), NOON_PARIS), &d, &settings, None);
    assert_eq!(r.decision, Decision::OfferHelpline);
    settings.adult_age = 21;
    settings.offer.adult_victim = false;
    let r = decide(&request("FR", Category::Scam, ReporterRole::Victim, age(19), NOON_PARIS), &d, &settings, None);
    assert_eq!(r.decision, Decision::OfferHelpline, "19 is a minor when the age of majority is 21");
}

#[test]
fn the_explanation_follows_the_requested_locale() {
    let d = dir();
    let mut req = request("FR", Category::Harassment, ReporterRole::Victim, age(14), NOON_PARIS);
    let fr = decide(&req, &d, &PolicySettings::default(), None).explanation;
    req.locale = Some(Locale::En);
    let en = decide(&req, &d, &PolicySettings::default(), None).explanation;
    assert!(fr.starts_with("Tu peux"), "{fr}");
    assert!(en.starts_with("You can"), "{en}");
}

// --- The exhaustive table. ---

/// An instant, and what the 3018 (Paris, 09:00–23:00 daily) and Nummer gegen
/// Kummer (Berlin, Mon–Sat 14:00–20:00, Mon/Wed/Thu 10:00–12:00) say at it.
struct Instant {
    name: &'static str,
    at: &'static str,
    fr_next_opening: Option<&'static str>,
    de_next_opening: Option<&'static str>,
}

const INSTANTS: &[Instant] = &[
    Instant { name: "Saturday 16:00 Paris", at: "2026-11-28T15:00:00Z", fr_next_opening: None, de_next_opening: None },
    Instant {
        name: "Saturday 23:30 Paris",
        at: "2026-11-28T22:30:00Z",
        fr_next_opening: Some("2026-11-29T09:00:00+01:00"),
        de_next_opening: Some("2026-11-30T10:00:00+01:00"),
    },
    // Spring forward: Sunday 2026-03-29, 02:00 → 03:00.
    Instant {
        name: "spring-forward Sunday 08:30 CEST",
        at: "2026-03-29T06:30:00Z",
        fr_next_opening: Some("2026-03-29T09:00:00+02:00"),
        de_next_opening: Some("2026-03-30T10:00:00+02:00"),
    },
    Instant {
        name: "spring-forward eve 23:30 CET",
        at: "2026-03-28T22:30:00Z",
        fr_next_opening: Some("2026-03-29T09:00:00+02:00"),
        de_next_opening: Some("2026-03-30T10:00:00+02:00"),
    },
    Instant {
        name: "spring-forward Sunday 09:30 CEST",
        at: "2026-03-29T07:30:00Z",
        fr_next_opening: None,
        de_next_opening: Some("2026-03-30T10:00:00+02:00"),
    },
    // Fall back: Sunday 2026-10-25, 03:00 → 02:00.
    Instant {
        name: "fall-back Sunday 08:30 CET",
        at: "2026-10-25T07:30:00Z",
        fr_next_opening: Some("2026-10-25T09:00:00+01:00"),
        de_next_opening: Some("2026-10-26T10:00:00+01:00"),
    },
    Instant {
        name: "fall-back Sunday 22:59 CET",
        at: "2026-10-25T21:59:00Z",
        fr_next_opening: None,
        de_next_opening: Some("2026-10-26T10:00:00+01:00"),
    },
];

const AGES: &[(&str, AgeDeclaration)] = &[
    ("age 9", AgeDeclaration::Exact(Age(9))),
    ("age 15", AgeDeclaration::Exact(Age(15))),
    ("age 17", AgeDeclaration::Exact(Age(17))),
    ("age 18", AgeDeclaration::Exact(Age(18))),
    ("age 67", AgeDeclaration::Exact(Age(67))),
    ("band under_13", AgeDeclaration::Band(AgeBand::Under13)),
    ("band 13_17", AgeDeclaration::Band(AgeBand::Age13To17)),
    ("band 18_plus", AgeDeclaration::Band(AgeBand::Adult)),
    ("band unknown", AgeDeclaration::Band(AgeBand::Unknown)),
    ("undeclared", AgeDeclaration::Undeclared),
];

/// The specification restated independently of the implementation.
fn expected_offer(role: ReporterRole, age: AgeDeclaration) -> bool {
    let minor = match age {
        AgeDeclaration::Exact(a) => Some(a.years() < 18),
        AgeDeclaration::Band(b) => b.is_minor(),
        AgeDeclaration::Undeclared => None,
    };
    role == ReporterRole::Parent || minor != Some(false)
}

#[test]
fn the_whole_table() {
    let d = dir();
    let settings = PolicySettings::default();
    let mut checked = 0;
    for country in ["FR", "DE", "US"] {
        for instant in INSTANTS {
            for role in [ReporterRole::Victim, ReporterRole::Parent, ReporterRole::Witness] {
                for &(age_name, age) in AGES {
                    for category in Category::ALL {
                        let case = format!("{country} / {} / {role:?} / {age_name} / {category}", instant.name);
                        let r = decide(&request(country, category, role, age, instant.at), &d, &settings, Some(60));
                        let has_helpline = country != "US";
                        let offered = has_helpline && expected_offer(role, age);
                        let danger = category.family() == Family::Danger;
                        let decision = match (danger, offered) {
                            (true, _) => Decision::Emergency,
                            (false, true) => Decision::OfferHelpline,
                            (false, false) => Decision::PlatformOnly,
                        };
                        assert_eq!(r.decision, decision, "{case}");
                        assert_eq!(r.helpline.is_some(), offered, "{case}");
                        assert_eq!(r.choices.contains(&Choice::ContactHelpline), offered, "{case}");
                        assert!(r.choices.contains(&Choice::ReportToPlatform), "{case}");
                        assert!(!r.explanation.is_empty(), "{case}");
                        if danger && country == "FR" {
                            assert_eq!(
                                r.alternatives.first().map(|a| a.kind),
                                settings.emergency[&category].first().copied(),
                                "{case}"
                            );
                        }
                        if danger && country == "DE" {
                            assert_eq!(r.alternatives.first().and_then(|a| a.phone), Some("112"), "{case}");
                        }
                        if let Some(h) = r.helpline {
                            let next = if country == "FR" { instant.fr_next_opening } else { instant.de_next_opening };
                            assert_eq!(h.open_now, Some(next.is_none()), "{case}");
                            assert_eq!(h.next_opening.as_deref(), next, "{case}");
                            assert_eq!(h.estimated_wait_seconds.is_some(), next.is_none(), "{case}");
                            for c in &h.channels {
                                let expect =
                                    next.is_none() || matches!(c.kind, ChannelKind::Web | ChannelKind::Callback);
                                assert_eq!(c.available_now, expect, "{case}: {:?}", c.kind);
                            }
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 3 * INSTANTS.len() * 3 * AGES.len() * 13);
}

// --- Invariants over arbitrary requests. ---

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_request() -> impl Strategy<Value = ReferralRequest> {
        let countries = prop::sample::select(vec!["FR", "DE", "BE", "SI", "NL", "NO", "HR", "CY", "US", "JP", "BR"]);
        let roles = prop::sample::select(vec![ReporterRole::Victim, ReporterRole::Parent, ReporterRole::Witness]);
        let ages = prop_oneof![
            (0i64..=120).prop_map(|y| AgeDeclaration::Exact(Age::new(y).unwrap())),
            prop::sample::select(AgeBand::ALL.to_vec()).prop_map(AgeDeclaration::Band),
            Just(AgeDeclaration::Undeclared),
        ];
        let locales = prop::option::of(prop::sample::select(vec![Locale::Fr, Locale::En]));
        (countries, 0usize..13, roles, ages, locales, 1_700_000_000i64..1_950_000_000).prop_map(
            |(country, category, role, age, locale, secs)| ReferralRequest {
                country: CountryCode::parse(country).unwrap(),
                category: Category::ALL[category],
                role,
                age,
                locale,
                surface: None,
                at: jiff::Timestamp::from_second(secs).unwrap(),
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn every_answer_is_coherent(request in any_request(), wait in prop::option::of(0u32..3600)) {
            let d = dir();
            let settings = PolicySettings::default();
            let r = decide(&request, &d, &settings, wait);
            prop_assert!(r.choices.contains(&Choice::ReportToPlatform));
            prop_assert_eq!(r.helpline.is_some(), r.choices.contains(&Choice::ContactHelpline));
            prop_assert!(!r.explanation.is_empty());
            if r.age_band == AgeBand::Adult && request.role != ReporterRole::Parent {
                prop_assert!(r.helpline.is_none(), "an adult was offered the helpline");
            }
            if request.category.family() == Family::Danger {
                prop_assert_eq!(r.decision, Decision::Emergency);
            }
            if let Some(h) = &r.helpline {
                prop_assert_eq!(h.next_opening.is_some(), h.open_now == Some(false));
                prop_assert!(h.estimated_wait_seconds.is_none() || h.open_now == Some(true));
                if let Some(phone) = h.phone {
                    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                    let call = h.channels.iter().find(|c| c.kind == ChannelKind::Call);
                    prop_assert_eq!(call.map(|c| c.uri.to_owned()), Some(format!("tel:{digits}")));
                } else {
                    prop_assert!(h.channels.iter().all(|c| c.kind != ChannelKind::Call));
                }
            }
        }
    }
}

#[test]
fn a_parent_is_addressed_as_vous_and_a_child_as_tu() {
    let settings = PolicySettings::default();
    let d = dir();
    let parent =
        decide(&request("FR", Category::Harassment, ReporterRole::Parent, age(12), NOON_PARIS), &d, &settings, None);
    assert!(parent.explanation.starts_with("Vous pouvez"), "{}", parent.explanation);
    let closed = decide(
        &request("FR", Category::Harassment, ReporterRole::Parent, age(12), HALF_PAST_ELEVEN_PM_PARIS),
        &d,
        &settings,
        None,
    );
    assert!(closed.explanation.contains("laissez-lui"), "{}", closed.explanation);
    let child =
        decide(&request("FR", Category::Harassment, ReporterRole::Victim, age(14), NOON_PARIS), &d, &settings, None);
    assert!(child.explanation.starts_with("Tu peux"), "{}", child.explanation);
    // Someone of unknown age may be a child: "tu".
    let unknown = decide(
        &request("FR", Category::Harassment, ReporterRole::Witness, AgeDeclaration::Undeclared, NOON_PARIS),
        &d,
        &settings,
        None,
    );
    assert!(unknown.explanation.starts_with("Tu peux"), "{}", unknown.explanation);
}

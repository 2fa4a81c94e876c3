//! Escalations beyond the platform: PHAROS, a school's referent, the public
//! prosecutor. Each recipient has its legal basis, the fields it needs to act,
//! and a rule for what it may receive of a case's captures; none of them has
//! an API, so the case leaves as a signed evidence bundle a counsellor sends
//! through the recipient's own channel.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Category;

/// Where a bundle goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The police platform for illegal public content.
    Pharos,
    /// The school's anti-harassment referent (Éducation nationale).
    School,
    /// The public prosecutor.
    Prosecutor,
}

/// The longest a field of an escalation form may be, in characters.
pub const MAX_FIELD: usize = 2000;

/// Why an escalation form cannot be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRefusal {
    /// A field the recipient needs is missing, or longer than [`MAX_FIELD`].
    Required(&'static str),
    /// PHAROS takes public content only: private messages go to the police or the gendarmerie.
    PublicContentOnly,
}

impl FieldRefusal {
    /// The field at fault.
    pub fn field(self) -> &'static str {
        match self {
            FieldRefusal::Required(field) => field,
            FieldRefusal::PublicContentOnly => "content_is_public",
        }
    }
}

/// What a bundle carries of the case's captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Captures {
    /// The files themselves, each listed with its SHA-256.
    Copied,
    /// Their locations, hashes and capture times only: the bytes stay with the helpline.
    PointedAt,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Pharos, Target::School, Target::Prosecutor];

    pub fn code(self) -> &'static str {
        match self {
            Target::Pharos => "pharos",
            Target::School => "school",
            Target::Prosecutor => "prosecutor",
        }
    }

    pub fn from_code(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Who receives it, as the printed summary names them.
    pub fn recipient(self) -> &'static str {
        match self {
            Target::Pharos => "PHAROS",
            Target::School => "Référent harcèlement de l'établissement",
            Target::Prosecutor => "Procureur de la République",
        }
    }

    pub fn legal_basis(self) -> &'static str {
        match self {
            Target::Pharos => {
                "Signalement de contenus illicites publics à la plateforme PHAROS (ministère de l'Intérieur), \
                 internet-signalement.gouv.fr"
            }
            Target::School => {
                "Code de l'éducation, art. L111-6 (droit à une scolarité sans harcèlement) ; \
                 référent harcèlement de l'établissement"
            }
            Target::Prosecutor => "Signalement au procureur de la République (code de procédure pénale, art. 40)",
        }
    }

    /// The fields this recipient needs, each required.
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            Target::Pharos => &["published_at", "content_is_public"],
            Target::School => &["school", "referent", "facts"],
            Target::Prosecutor => &["facts", "offences", "guardians_informed"],
        }
    }

    /// Checks a form for this recipient (`value` reads a field as typed) and
    /// returns its fields, trimmed. PHAROS takes public content only: private
    /// messages go to the police or the gendarmerie.
    pub fn check_fields<'a>(
        self,
        value: impl Fn(&str) -> Option<&'a str>,
    ) -> Result<BTreeMap<String, String>, FieldRefusal> {
        let mut fields = BTreeMap::new();
        for name in self.required_fields() {
            let text = value(name).map(str::trim).unwrap_or_default();
            if text.is_empty() || text.chars().count() > MAX_FIELD {
                return Err(FieldRefusal::Required(name));
            }
            fields.insert((*name).to_owned(), text.to_owned());
        }
        if self == Target::Pharos && fields.get("content_is_public").map(String::as_str) != Some("yes") {
            return Err(FieldRefusal::PublicContentOnly);
        }
        Ok(fields)
    }

    /// What this recipient may receive of the captures of a case of `category`.
    ///
    /// Child sexual abuse material is pointed at, never copied, even to the
    /// police: a copy is itself a distribution (code pénal, art. 227-23), and
    /// the investigators obtain it from the platform. A school's referent is no
    /// judicial authority, so it gets no capture of a case whose images may be
    /// sexual images of a minor (non-consensual sharing, sextortion, grooming),
    /// which the law treats alike. The category is the case's as the store read
    /// it: the store refuses a code it does not know, so an unreadable category
    /// never reaches this rule and nothing is copied.
    pub fn captures(self, category: Category) -> Captures {
        let sexual_images_of_a_minor = matches!(category, Category::Ncii | Category::Sextortion | Category::Grooming);
        match (self, category) {
            (_, Category::Csam) => Captures::PointedAt,
            (Target::School, _) if sexual_images_of_a_minor => Captures::PointedAt,
            _ => Captures::Copied,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csam_is_never_copied_and_the_school_gets_no_intimate_images() {
        for target in Target::ALL {
            assert_eq!(target.captures(Category::Csam), Captures::PointedAt, "{target:?}");
            assert_eq!(target.captures(Category::Harassment), Captures::Copied, "{target:?}");
        }
        for category in [Category::Ncii, Category::Sextortion, Category::Grooming] {
            assert_eq!(Target::School.captures(category), Captures::PointedAt, "{category:?}");
            assert_eq!(Target::Prosecutor.captures(category), Captures::Copied, "{category:?}");
        }
        for category in Category::ALL {
            // Whatever else changes, no target ever receives a copy of child sexual abuse material.
            let copied = Target::ALL.iter().any(|t| t.captures(category) == Captures::Copied);
            assert_eq!(copied, category != Category::Csam, "{category:?}");
        }
    }

    #[test]
    fn each_recipient_gets_the_fields_it_needs() {
        let form = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
        };
        let pharos = Target::Pharos.check_fields(form(&[("published_at", " hier "), ("content_is_public", "yes")]));
        assert_eq!(pharos.unwrap()["published_at"], "hier");
        let private = Target::Pharos.check_fields(form(&[("published_at", "hier"), ("content_is_public", "no")]));
        assert_eq!(private.unwrap_err(), FieldRefusal::PublicContentOnly);
        let school = Target::School.check_fields(form(&[("school", "Collège Jean Moulin"), ("facts", "x")]));
        assert_eq!(school.unwrap_err(), FieldRefusal::Required("referent"));
        let long: &'static str = Box::leak("x".repeat(MAX_FIELD + 1).into_boxed_str());
        let pairs: &'static [(&str, &str)] =
            Box::leak(vec![("facts", long), ("offences", "x"), ("guardians_informed", "yes")].into_boxed_slice());
        assert_eq!(Target::Prosecutor.check_fields(form(pairs)).unwrap_err().field(), "facts");
        for t in Target::ALL {
            assert_eq!(Target::from_code(t.code()), Some(t));
        }
        assert_eq!(Target::from_code("police"), None);
    }
}

//! The translation files, read once: `locales/<language>/<domain>.ftl`, in
//! Project Fluent's syntax, so that a translator edits words without touching
//! Rust (and a sentence can bend to its reader: "tu" or "vous", one or many).
//!
//! The files are compiled into the binary, like the directory: a server never
//! starts without its words. A message missing in one language falls back to
//! English, then French, never to a blank; the tests hold every shipped
//! language to the French reference so that the fallback is never needed.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast::Pattern;

use super::Locale;

/// A family of words, in one file per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    /// What a child or a parent reads outside the chat: the widget, the
    /// landing page, the web form, the follow-up, advice, the self-check, the survey.
    Public,
    /// The child's chat page, and what the helpline says in a conversation.
    Chat,
    /// The counsellors' console, its refusals, and the words of case work.
    Console,
}

impl Domain {
    pub const ALL: [Domain; 3] = [Domain::Public, Domain::Chat, Domain::Console];

    pub fn file_name(self) -> &'static str {
        match self {
            Domain::Public => "public",
            Domain::Chat => "chat",
            Domain::Console => "console",
        }
    }

    /// The languages a domain ships in. Children and parents are answered in
    /// the language of every country whose helpline the directory lists; the
    /// console speaks the languages of the helplines that run Relais.
    pub fn ships(self, locale: Locale) -> bool {
        match self {
            Domain::Public | Domain::Chat => true,
            Domain::Console => matches!(locale, Locale::Fr | Locale::En),
        }
    }
}

/// One translation file, as shipped.
#[derive(Debug, Clone, Copy)]
pub struct File {
    pub locale: Locale,
    pub domain: Domain,
    pub source: &'static str,
}

macro_rules! shipped {
    ($($locale:ident $dir:literal: [$($domain:ident),*];)*) => {
        &[$($(File {
            locale: Locale::$locale,
            domain: shipped!(@domain $domain),
            source: include_str!(concat!("../../../../locales/", $dir, "/", stringify!($domain), ".ftl")),
        },)*)*]
    };
    (@domain public) => { Domain::Public };
    (@domain chat) => { Domain::Chat };
    (@domain console) => { Domain::Console };
}

/// Every file shipped. A file for a domain a language does not ship would be
/// ignored; a file missing for one it ships fails to compile.
#[rustfmt::skip]
pub const FILES: &[File] = shipped! {
    Fr "fr": [public, chat, console];
    En "en": [public, chat, console];
    De "de": [public, chat];
    Es "es": [public, chat];
    It "it": [public, chat];
    Nl "nl": [public, chat];
    Pl "pl": [public, chat];
    Pt "pt": [public, chat];
};

/// Why a message could not be given in the language asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    #[error("no message {id} in {locale}")]
    Message { locale: &'static str, id: String },
    #[error("message {id} in {locale}: {error}")]
    Broken { locale: &'static str, id: String, error: String },
}

type Bundle = FluentBundle<FluentResource>;

struct Catalogue {
    bundles: HashMap<Locale, Bundle>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::shipped);

impl Catalogue {
    fn shipped() -> Catalogue {
        let mut bundles = HashMap::new();
        for locale in Locale::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![locale.language()]);
            // The words go into HTML and JSON, never into bidirectional text:
            // the isolation marks would only be stray characters in a test's eyes.
            bundle.set_use_isolating(false);
            for file in FILES.iter().filter(|f| f.locale == locale && f.domain.ships(locale)) {
                // A file that does not parse is refused whole by the tests
                // (`problems`); at run time, what parsed is used.
                let resource = FluentResource::try_new(file.source.to_owned()).unwrap_or_else(|(partial, _)| partial);
                let _ = bundle.add_resource(resource);
            }
            bundles.insert(locale, bundle);
        }
        Catalogue { bundles }
    }

    /// A language's bundle and one of its messages.
    fn message(&self, locale: Locale, id: &str) -> Result<(&Bundle, &Pattern<&str>), Missing> {
        let bundle = &self.bundles[&locale];
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| Missing::Message { locale: locale.code(), id: id.to_owned() })?;
        Ok((bundle, pattern))
    }

    fn format(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> Result<String, Missing> {
        let (bundle, pattern) = self.message(locale, id)?;
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, args, &mut errors);
        match errors.first() {
            None => Ok(text.into_owned()),
            Some(error) => Err(Missing::Broken { locale: locale.code(), id: id.to_owned(), error: error.to_string() }),
        }
    }
}

/// Arguments of a message: a name and a value (text or number).
pub type Args<'a> = &'a [(&'a str, Arg<'a>)];

/// One argument's value. Numbers stay numbers, so that a language chooses its
/// plural form ("1 minute", "2 minuty", "5 minut").
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

fn fluent_args<'a>(args: Args<'a>) -> FluentArgs<'a> {
    let mut out = FluentArgs::new();
    for (name, value) in args {
        match *value {
            Arg::Text(text) => out.set(*name, FluentValue::from(text)),
            Arg::Number(n) => out.set(*name, FluentValue::from(n)),
        }
    }
    out
}

/// A message in the language asked, exactly: the tests' view.
pub fn lookup(locale: Locale, id: &str, args: Args) -> Result<String, Missing> {
    CATALOGUE.format(locale, id, Some(&fluent_args(args)))
}

/// A message in the language asked, or in English, or in French: what a
/// reader sees. The last resort is the message's name, never a blank.
pub fn text(locale: Locale, id: &str, args: Args) -> String {
    [locale, Locale::En, Locale::Fr].into_iter().find_map(|l| lookup(l, id, args).ok()).unwrap_or_else(|| id.to_owned())
}

/// A message kept as a template: each `{ $name }` it uses comes back as
/// `{name}`, for the words filled in later (see [`super::fill`]). The
/// catalogues of fixed words ([`super::words`]) are built from these.
/// `fixed` are the arguments known now, such as the reader (`$reader`:
/// `child` or `adult`, for "tu" or "vous").
pub fn template(locale: Locale, id: &str, fixed: Args) -> Result<String, Missing> {
    let catalogue = &*CATALOGUE;
    let known = fluent_args(fixed);
    let (bundle, pattern) = catalogue.message(locale, id)?;
    // Formatting without arguments names every variable the message uses;
    // formatting again with each standing for itself gives the template.
    let mut errors = vec![];
    bundle.format_pattern(pattern, Some(&known), &mut errors);
    let names: BTreeSet<String> = errors
        .iter()
        .filter_map(|e| match e {
            FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { id })) => Some(id.clone()),
            _ => None,
        })
        .collect();
    let mut args = known;
    for name in &names {
        args.set(name.clone(), FluentValue::from(format!("{{{name}}}")));
    }
    catalogue.format(locale, id, Some(&args))
}

/// Whatever is wrong with the shipped files: a file that does not parse, a
/// message defined twice, a message of the French reference missing in a
/// language that ships its domain, a message no reference has, or a file
/// without its review line. Empty when all is well.
pub fn problems() -> Vec<String> {
    let mut problems = vec![];
    let ids = |file: &File| -> Result<BTreeSet<String>, String> {
        let resource = fluent_syntax::parser::parse(file.source).map_err(|(_, errors)| {
            format!("{}/{}.ftl does not parse: {errors:?}", file.locale.code(), file.domain.file_name())
        })?;
        let mut ids = BTreeSet::new();
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.insert(m.id.name.to_owned());
                ids.extend(m.attributes.iter().map(|a| format!("{}.{}", m.id.name, a.id.name)));
            }
        }
        Ok(ids)
    };
    for domain in Domain::ALL {
        let Some(reference) = FILES.iter().find(|f| f.locale == Locale::Fr && f.domain == domain) else {
            problems.push(format!("no French {}.ftl", domain.file_name()));
            continue;
        };
        let expected = match ids(reference) {
            Ok(ids) => ids,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for locale in Locale::ALL.into_iter().filter(|l| domain.ships(*l)) {
            let name = format!("{}/{}.ftl", locale.code(), domain.file_name());
            let Some(file) = FILES.iter().find(|f| f.locale == locale && f.domain == domain) else {
                problems.push(format!("{name} is missing"));
                continue;
            };
            if review(file.source).is_none() {
                problems.push(format!("{name} does not say whether a native speaker reviewed it"));
            }
            match ids(file) {
                Err(e) => problems.push(e),
                Ok(found) => {
                    for id in expected.difference(&found) {
                        problems.push(format!("{name} lacks {id}"));
                    }
                    for id in found.difference(&expected) {
                        problems.push(format!("{name} has {id}, which French does not"));
                    }
                }
            }
        }
    }
    for locale in Locale::ALL {
        let mut bundle = FluentBundle::new_concurrent(vec![locale.language()]);
        for file in FILES.iter().filter(|f| f.locale == locale) {
            if let Ok(resource) = FluentResource::try_new(file.source.to_owned())
                && let Err(errors) = bundle.add_resource(resource)
            {
                problems.push(format!("{} defines a message twice: {errors:?}", locale.code()));
            }
        }
    }
    problems
}

/// Whether a native speaker has reviewed a file, from its first line:
/// `### Native speaker review: yes, <who>, <date>` or `### Native speaker review: not yet`.
pub fn review(source: &str) -> Option<Review> {
    let line = source.lines().next()?.strip_prefix("### Native speaker review:")?.trim();
    if line == "not yet" {
        Some(Review::NotYet)
    } else {
        line.strip_prefix("yes,").map(|who| Review::Done(who.trim().to_owned())).filter(|_| !line.is_empty())
    }
}

/// What a file says of its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// Reviewed, by whom and when.
    Done(String),
    /// Drafted by someone who does not speak it natively: readable, not yet checked.
    NotYet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_language_has_every_message() {
        let problems = problems();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_template_keeps_its_placeholders_for_later() {
        assert_eq!(template(Locale::Fr, "form-title", &[]).unwrap(), "Écrire au {helpline}");
        assert_eq!(text(Locale::En, "form-title", &[("helpline", "Childline".into())]), "Write to Childline");
    }

    #[test]
    fn a_message_nobody_wrote_shows_its_name_not_a_blank() {
        assert_eq!(text(Locale::De, "no-such-message", &[]), "no-such-message");
        assert!(matches!(lookup(Locale::De, "no-such-message", &[]), Err(Missing::Message { .. })));
    }

    #[test]
    fn the_review_line_is_read() {
        assert_eq!(review("### Native speaker review: not yet\n"), Some(Review::NotYet));
        assert_eq!(
            review("### Native speaker review: yes, A. Martin, 2026-11-30\n"),
            Some(Review::Done("A. Martin, 2026-11-30".into()))
        );
        assert_eq!(review("# hello\n"), None);
    }
}

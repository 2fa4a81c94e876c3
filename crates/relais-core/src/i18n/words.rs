//! Catalogues of fixed words: a struct whose every field is a message of the
//! translation files, built once per language.
//!
//! A page reads `t.send` rather than a message name, so a typo in a name is a
//! compile error; each field is the message `<prefix>-<field>` (underscores
//! as dashes), an array field `name[3]` the messages `<prefix>-<name>-1` to
//! `-3`. Variables stay as `{name}` placeholders, filled where the value is
//! known ([`super::fill`]).

use super::Locale;
use super::catalogue::{Arg, Missing, template};

/// Who reads: a child is addressed as "tu" ("du", "tú"), an adult (a parent,
/// an adult witness) as "vous" ("Sie", "usted"). Messages choose on `$reader`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reader {
    #[default]
    Child,
    Adult,
}

impl Reader {
    pub const ALL: [Reader; 2] = [Reader::Child, Reader::Adult];

    pub fn adult(adult: bool) -> Reader {
        if adult { Reader::Adult } else { Reader::Child }
    }

    pub fn code(self) -> &'static str {
        match self {
            Reader::Child => "child",
            Reader::Adult => "adult",
        }
    }
}

/// Builds one catalogue for one language, noting each message it had to take
/// from another language.
#[derive(Debug)]
pub struct Builder {
    locale: Locale,
    reader: Reader,
    prefix: &'static str,
    missing: Vec<Missing>,
}

impl Builder {
    pub fn new(locale: Locale, reader: Reader, prefix: &'static str) -> Builder {
        Builder { locale, reader, prefix, missing: vec![] }
    }

    /// One message. A catalogue is built once per language and lives as long
    /// as the program, so its words are given that lifetime here.
    pub fn one(&mut self, field: &str) -> &'static str {
        let id = format!("{}-{}", self.prefix, field.replace('_', "-"));
        self.word(&id)
    }

    /// `N` messages numbered from 1.
    pub fn many<const N: usize>(&mut self, field: &str) -> [&'static str; N] {
        std::array::from_fn(|i| self.one(&format!("{field}-{}", i + 1)))
    }

    /// One message per key, named after it (`case.open` is `<field>-case-open`).
    pub fn keyed<const N: usize>(&mut self, field: &str, keys: [&'static str; N]) -> [(&'static str, &'static str); N] {
        keys.map(|key| (key, self.one(&format!("{field}-{}", key.to_ascii_lowercase().replace(['.', '_'], "-")))))
    }

    fn word(&mut self, id: &str) -> &'static str {
        let fixed = [("reader", Arg::Text(self.reader.code()))];
        let text = match template(self.locale, id, &fixed) {
            Ok(text) => text,
            Err(missing) => {
                self.missing.push(missing);
                [Locale::En, Locale::Fr]
                    .into_iter()
                    .find_map(|l| template(l, id, &fixed).ok())
                    .unwrap_or_else(|| id.to_owned())
            }
        };
        Box::leak(text.into_boxed_str())
    }

    /// Every message the catalogue lacked in its language.
    pub fn missing(self) -> Vec<Missing> {
        self.missing
    }
}

/// Declares a catalogue: `words! { pub struct ChatText in Chat / "chat" { title, ages[3], decisions { "NO_ACTION", … } } }`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident in $domain:ident / $prefix:literal {
            $( $(#[$fmeta:meta])* $field:ident $([$n:literal])? $({ $($key:literal),* $(,)? })? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $crate::i18n::words!(@type $($n)? $(keys $($key),*)?), )*
        }

        impl $name {
            /// The words in one language, for a child (missing ones in English).
            pub fn get(locale: $crate::Locale) -> &'static $name {
                Self::for_reader(locale, $crate::i18n::Reader::Child)
            }

            /// The words in one language, for a child or an adult.
            pub fn for_reader(locale: $crate::Locale, reader: $crate::i18n::Reader) -> &'static $name {
                static BUILT: [[std::sync::OnceLock<$name>; 2]; $crate::Locale::ALL.len()] =
                    [const { [const { std::sync::OnceLock::new() }; 2] }; $crate::Locale::ALL.len()];
                BUILT[locale.index()][reader as usize].get_or_init(|| Self::build(locale, reader).0)
            }

            /// The words in one language, and the messages that language
            /// lacks (taken from English): none, when it is whole.
            pub fn build(
                locale: $crate::Locale,
                reader: $crate::i18n::Reader,
            ) -> ($name, Vec<$crate::i18n::catalogue::Missing>) {
                let mut w = $crate::i18n::words::Builder::new(locale, reader, $prefix);
                let words = $name { $( $field: $crate::i18n::words!(@get w, $field $($n)? $(keys $($key),*)?), )* };
                (words, w.missing())
            }

            /// The domain whose files hold these words (read by the tests
            /// that hold every shipped language to every word).
            #[allow(dead_code)]
            pub const DOMAIN: $crate::i18n::catalogue::Domain = $crate::i18n::catalogue::Domain::$domain;
        }
    };
    (@type keys $($key:literal),*) => { [(&'static str, &'static str); [$($key),*].len()] };
    (@type) => { &'static str };
    (@type $n:literal) => { [&'static str; $n] };
    (@get $w:ident, $field:ident keys $($key:literal),*) => { $w.keyed(stringify!($field), [$($key),*]) };
    (@get $w:ident, $field:ident) => { $w.one(stringify!($field)) };
    (@get $w:ident, $field:ident $n:literal) => { $w.many::<$n>(stringify!($field)) };
}

pub(crate) use words;

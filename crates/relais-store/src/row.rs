//! Reading rows into the core's types. Times are kept as milliseconds since
//! the epoch, ids as their hyphenated text, domain values by their code; a
//! value the database holds that this version cannot read is
//! [`StoreError::Corrupt`], never a silent default: a case whose category
//! cannot be read is not treated as any other category.

use jiff::Timestamp;
use relais_core::case::{CaseStatus, ContactChannel, Outcome, SchoolLevel, Skill};
use relais_core::notice::NoticeStatus;
use relais_core::staff::Role;
use relais_core::{AgeBand, Category, CountryCode, Decision, Surface};
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::clients::ClientKind;
use crate::{Result, StoreError};

/// A time as the database keeps it.
pub(crate) fn millis(t: Timestamp) -> i64 {
    t.as_millisecond()
}

/// A time at the precision the database keeps, so that what is written reads back equal.
pub(crate) fn to_millis(t: Timestamp) -> Timestamp {
    Timestamp::from_millisecond(t.as_millisecond()).unwrap_or(t)
}

fn from_millis(ms: i64) -> Result<Timestamp> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt(format!("timestamp {ms}: {e}")))
}

/// A value kept by its code.
pub(crate) trait Coded: Sized {
    /// What it is, for the message when a code cannot be read.
    const WHAT: &'static str;
    fn decode(code: &str) -> Option<Self>;
}

macro_rules! coded {
    ($($type:ty => $what:literal),* $(,)?) => {
        $(impl Coded for $type {
            const WHAT: &'static str = $what;
            fn decode(code: &str) -> Option<Self> {
                <$type>::from_code(code)
            }
        })*
    };
}

coded!(
    relais_core::conversation::Author => "message author",
    relais_core::conversation::ConversationState => "conversation state",
    relais_core::messaging::AppKind => "messaging app",
    relais_core::messaging::Delivery => "delivery state",
    AgeBand => "age band",
    CaseStatus => "case status",
    Category => "category",
    ClientKind => "client kind",
    ContactChannel => "channel",
    Decision => "referral decision",
    NoticeStatus => "notice status",
    relais_core::ReporterRole => "reporter role",
    Outcome => "case outcome",
    Role => "staff role",
    SchoolLevel => "school level",
    Skill => "skill",
    Surface => "surface",
);

impl Coded for CountryCode {
    const WHAT: &'static str = "country";
    fn decode(code: &str) -> Option<Self> {
        CountryCode::parse(code).ok()
    }
}

/// Typed reads of a row's columns.
pub(crate) trait Read {
    fn text(&self, column: &str) -> Result<String>;
    fn text_opt(&self, column: &str) -> Result<Option<String>>;
    fn bytes(&self, column: &str) -> Result<Vec<u8>>;
    fn bytes_opt(&self, column: &str) -> Result<Option<Vec<u8>>>;
    fn int(&self, column: &str) -> Result<i64>;
    fn int_opt(&self, column: &str) -> Result<Option<i64>>;
    fn boolean(&self, column: &str) -> Result<bool>;

    fn at(&self, column: &str) -> Result<Timestamp> {
        from_millis(self.int(column)?)
    }

    fn at_opt(&self, column: &str) -> Result<Option<Timestamp>> {
        self.int_opt(column)?.map(from_millis).transpose()
    }

    /// A count or a size: never negative.
    fn count(&self, column: &str) -> Result<u64> {
        let n = self.int(column)?;
        u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("{column} {n}")))
    }

    /// A small count (attempts, minutes), saturating.
    fn small(&self, column: &str) -> Result<u32> {
        Ok(u32::try_from(self.int(column)?.max(0)).unwrap_or(u32::MAX))
    }

    /// A yes/no kept as 0 or 1 (SQLite has no boolean, and `Any` reads none from it).
    /// A yes-or-no column: an integer 0 or 1 as stored, or a boolean as
    /// PostgreSQL answers an `EXISTS`.
    fn flag(&self, column: &str) -> Result<bool> {
        match self.boolean(column) {
            Ok(value) => Ok(value),
            Err(_) => Ok(self.int(column)? != 0),
        }
    }

    fn id<T: From<Uuid>>(&self, column: &str) -> Result<T> {
        let text = self.text(column)?;
        Uuid::try_parse(&text).map(T::from).map_err(|_| StoreError::Corrupt(format!("{column} {text:?}")))
    }

    fn id_opt<T: From<Uuid>>(&self, column: &str) -> Result<Option<T>> {
        match self.text_opt(column)? {
            Some(text) => Uuid::try_parse(&text)
                .map(|u| Some(T::from(u)))
                .map_err(|_| StoreError::Corrupt(format!("{column} {text:?}"))),
            None => Ok(None),
        }
    }

    fn code<T: Coded>(&self, column: &str) -> Result<T> {
        let code = self.text(column)?;
        T::decode(&code).ok_or_else(|| StoreError::Corrupt(format!("{} {code:?}", T::WHAT)))
    }

    fn code_opt<T: Coded>(&self, column: &str) -> Result<Option<T>> {
        match self.text_opt(column)? {
            Some(code) => {
                T::decode(&code).map(Some).ok_or_else(|| StoreError::Corrupt(format!("{} {code:?}", T::WHAT)))
            }
            None => Ok(None),
        }
    }
}

impl Read for AnyRow {
    fn text(&self, column: &str) -> Result<String> {
        Ok(self.try_get(column)?)
    }

    fn text_opt(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }

    fn bytes(&self, column: &str) -> Result<Vec<u8>> {
        Ok(self.try_get(column)?)
    }

    fn bytes_opt(&self, column: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.try_get(column)?)
    }

    fn int(&self, column: &str) -> Result<i64> {
        Ok(self.try_get(column)?)
    }

    fn boolean(&self, column: &str) -> Result<bool> {
        Ok(self.try_get(column)?)
    }

    fn int_opt(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }
}

/// Counts of rows changed: exactly one means the change took.
pub(crate) fn one(result: sqlx::any::AnyQueryResult) -> bool {
    result.rows_affected() == 1
}

/// A unique index refused the row.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

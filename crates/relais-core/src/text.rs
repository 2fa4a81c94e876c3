//! Text that cannot lie.
//!
//! What a platform sends and what a child types reaches a counsellor's
//! screen, a notice to a platform and an evidence bundle for a prosecutor. An
//! invisible character must not change what it says: a NUL cuts a string
//! short in some tools, a carriage return forges a line in a log, and a
//! right-to-left override makes `exe.txt` read `txt.exe` or a handle
//! impersonate another. So control characters are refused everywhere (a
//! line break and a tab aside in free text), bidirectional controls are
//! refused in everything but free text, and in free text they are shown to
//! the counsellor for what they are.

use std::borrow::Cow;

/// The kind of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// What someone wrote: several lines; tabs and line breaks allowed, and
    /// bidirectional marks (a message in Arabic or Hebrew may carry them).
    FreeText,
    /// One line: a name, an identifier, a handle, a link, a code.
    Line,
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A control character (NUL, escape, a line break in a one-line field…).
    Control,
    /// A bidirectional control, which reorders how the text reads.
    Bidi,
}

impl Fault {
    pub fn explain(self) -> &'static str {
        match self {
            Fault::Control => "contains a control character (NUL, a line break or another invisible character)",
            Fault::Bidi => "contains a bidirectional control character, which changes how the text reads",
        }
    }
}

/// The fields of the API and of the forms that hold free text; every other is one line.
pub const FREE_TEXT_FIELDS: &[&str] =
    &["decision_facts", "description", "explanation", "facts", "links", "summary", "text", "what"];

/// The shape of a field, by its name (the last part of its path).
pub fn shape_of(field: &str) -> Shape {
    let name = field.rsplit(['.', '[']).next().unwrap_or(field);
    if FREE_TEXT_FIELDS.contains(&name) { Shape::FreeText } else { Shape::Line }
}

/// Characters that reorder text: embeddings, overrides, isolates, marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Line and paragraph separators: line breaks that `char::is_control` does not count.
fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `text` may stand in a field of this shape.
pub fn check(text: &str, shape: Shape) -> Result<(), Fault> {
    for c in text.chars() {
        let allowed_break = shape == Shape::FreeText && matches!(c, '\n' | '\r' | '\t');
        if (c.is_control() || is_separator(c)) && !allowed_break {
            return Err(Fault::Control);
        }
        if shape == Shape::Line && is_bidi_control(c) {
            return Err(Fault::Bidi);
        }
    }
    Ok(())
}

/// Free text as a counsellor should see it: each bidirectional control
/// replaced by a visible mark naming it, so that a reordering trick shows.
pub fn reveal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match bidi_name(c) {
            Some(name) => {
                out.push('⟦');
                out.push_str(name);
                out.push('⟧');
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn bidi_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{061C}' => "ALM",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_refuse_controls_and_reordering() {
        assert_eq!(check("@lea.b", Shape::Line), Ok(()));
        assert_eq!(check("ليلى", Shape::Line), Ok(()), "right-to-left text is text");
        for (text, fault) in [
            ("a\0b", Fault::Control),
            ("a\nb", Fault::Control),
            ("a\tb", Fault::Control),
            ("a\u{1b}[31mb", Fault::Control),
            ("a\u{85}b", Fault::Control),
            ("a\u{2028}b", Fault::Control),
            ("@admin\u{202E}gnp.exe", Fault::Bidi),
            ("\u{2066}x", Fault::Bidi),
        ] {
            assert_eq!(check(text, Shape::Line), Err(fault), "{text:?}");
        }
    }

    #[test]
    fn free_text_keeps_its_lines_and_shows_its_reordering() {
        assert_eq!(check("ligne 1\r\nligne 2\tfin", Shape::FreeText), Ok(()));
        assert_eq!(check("a\0b", Shape::FreeText), Err(Fault::Control));
        assert_eq!(check("a\u{7f}", Shape::FreeText), Err(Fault::Control));
        let trick = "appelle-moi au \u{202E}44 33 22 11 60";
        assert_eq!(check(trick, Shape::FreeText), Ok(()));
        assert_eq!(reveal(trick), "appelle-moi au ⟦RLO⟧44 33 22 11 60");
        assert!(matches!(reveal("rien à voir"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_shape_follows_the_fields_name() {
        assert_eq!(shape_of("description"), Shape::FreeText);
        assert_eq!(shape_of("reported_accounts[0].handle"), Shape::Line);
        assert_eq!(shape_of("content[1].url"), Shape::Line);
        assert_eq!(shape_of("text"), Shape::FreeText);
    }
}

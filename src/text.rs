//! Clean values (T-6): names people type are non-empty, bounded in length, and free of
//! control, bidirectional-override and zero-width characters, so that nothing a host stores
//! can hide text, reorder it on screen, or pass for another name.

use std::fmt;

/// The longest name, in characters, that a member, team or calendar may have.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters that are invisible or reorder text on screen: zero-width characters,
/// bidirectional marks, embeddings, overrides and isolates, line and paragraph separators,
/// fillers, the byte-order mark and the soft hyphen. Two strings that differ only by them look
/// the same to a person. (Variation selectors are allowed: emoji need them.)
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
    )
}

/// Whether `c` may not appear in a name: a control character or an invisible one.
pub(crate) fn is_forbidden(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Why a name was refused (T-6).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameError {
    /// Nothing but white space.
    #[error("the {what} is empty")]
    Empty {
        /// What was named: "member name", "team name", …
        what: &'static str,
    },
    /// Longer than the limit.
    #[error("the {what} has {found} characters; at most {max} are allowed")]
    TooLong {
        /// What was named.
        what: &'static str,
        /// The limit, in characters.
        max: usize,
        /// The length found, in characters.
        found: usize,
    },
    /// A control, bidirectional-override or zero-width character.
    #[error("the {what} contains the invisible or control character {}", Escaped(*.character))]
    Forbidden {
        /// What was named.
        what: &'static str,
        /// The character found.
        character: char,
    },
}

/// A character written as `U+XXXX`, so an error message shows what it is instead of hiding it.
struct Escaped(char);

impl fmt::Display for Escaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", u32::from(self.0))
    }
}

/// `text` trimmed, if it is a clean name of at most `max` characters (T-6).
pub(crate) fn clean_name(what: &'static str, text: &str, max: usize) -> Result<String, NameError> {
    let trimmed = text.trim();
    if let Some(character) = trimmed.chars().find(|c| is_forbidden(*c)) {
        return Err(NameError::Forbidden { what, character });
    }
    if trimmed.is_empty() {
        return Err(NameError::Empty { what });
    }
    let found = trimmed.chars().count();
    if found > max {
        return Err(NameError::TooLong { what, max, found });
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    // T-6
    #[test]
    fn t6_names_are_trimmed_bounded_and_visible() {
        assert_eq!(clean_name("name", "  Ana ", 10), Ok("Ana".to_owned()));
        assert_eq!(
            clean_name("name", " \t ", 10),
            Err(NameError::Empty { what: "name" })
        );
        assert!(matches!(
            clean_name("name", "Ana\u{1b}[31m", 10),
            Err(NameError::Forbidden {
                character: '\u{1b}',
                ..
            })
        ));
        assert!(matches!(
            clean_name("name", "Ana\u{202E}txt", 10),
            Err(NameError::Forbidden {
                character: '\u{202E}',
                ..
            })
        ));
        assert!(matches!(
            clean_name("name", "A\u{200B}na", 10),
            Err(NameError::Forbidden { .. })
        ));
        assert!(matches!(
            clean_name("name", "Ana\0", 10),
            Err(NameError::Forbidden { .. })
        ));
        assert_eq!(
            clean_name("name", "Anastasia!!", 10),
            Err(NameError::TooLong {
                what: "name",
                max: 10,
                found: 11
            })
        );
        // Letters beyond ASCII are fine, and counted as characters, not bytes.
        assert_eq!(
            clean_name("name", "Zoë Ødegård", 11),
            Ok("Zoë Ødegård".into())
        );
        let message = NameError::Forbidden {
            what: "member name",
            character: '\u{200B}',
        }
        .to_string();
        assert!(message.contains("U+200B"), "{message}");
    }
}

//! E-mail addresses as identities: trimmed, compared case-insensitively (M-9).

use std::fmt;

/// A normalized e-mail address: trimmed and lowercased, so that one person is one member (M-9).
///
/// ```
/// use seatwise::Email;
/// let a = Email::parse("  Ana@Example.COM ")?;
/// assert_eq!(a, Email::parse("ana@example.com")?);
/// assert_eq!(a.as_str(), "ana@example.com");
/// assert!(Email::parse("not an address").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// An address that cannot be an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{}` is not an e-mail address", address.escape_debug())]
pub struct EmailError {
    address: String,
}

impl EmailError {
    /// The address as given.
    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Email {
    /// Trims and lowercases `address`, drops invisible characters (zero-width and
    /// bidirectional formatting marks, T-6), and checks it has one `@` with text on both
    /// sides, no spaces or control characters, and at most 254 bytes.
    ///
    /// Addresses that differ only by case or by invisible characters are the same person (M-9).
    ///
    /// ```
    /// use seatwise::Email;
    /// // A zero-width space cannot make a look-alike second member (T-6).
    /// assert_eq!(Email::parse("olga\u{200B}@example.com")?, Email::parse("Olga@example.com")?);
    /// assert!(Email::parse("olga\0@example.com").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`EmailError`] naming the address.
    pub fn parse(address: &str) -> Result<Email, EmailError> {
        let visible: String = address
            .chars()
            .filter(|c| !crate::text::is_invisible(*c))
            .collect();
        let normalized = visible.trim().to_lowercase();
        let ok = normalized.len() <= 254
            && !normalized
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
            && normalized.split('@').count() == 2
            && normalized
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
        if ok {
            Ok(Email(normalized))
        } else {
            Err(EmailError {
                address: address.to_owned(),
            })
        }
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        // What an `Email` serializes to is already normalized: printable ASCII without
        // capitals (all invisible characters are beyond ASCII), one `@` with text on both
        // sides. `parse` would return it unchanged, so it is kept as it is, without the two
        // copies `parse` makes; anything else goes through `parse`.
        if is_normalized_ascii(&value) {
            return Ok(Email(value));
        }
        Email::parse(&value)
    }
}

/// Whether `Email::parse(address)` is `address` itself, checked on plain ASCII only.
fn is_normalized_ascii(address: &str) -> bool {
    let bytes = address.as_bytes();
    address.len() <= 254
        && bytes
            .iter()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase())
        && bytes.iter().filter(|b| **b == b'@').count() == 1
        && bytes.first().is_some_and(|b| *b != b'@')
        && bytes.last().is_some_and(|b| *b != b'@')
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl std::str::FromStr for Email {
    type Err = EmailError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // M-9, T-6: reading a stored address gives exactly what `parse` gives, whether or not it
    // takes the shortcut for addresses already normalized.
    #[test]
    fn m9_stored_addresses_read_as_parse_reads_them() {
        for address in [
            "ana@example.com",
            "Ana@Example.com",
            " ana@example.com",
            "ana@example.com ",
            "ana@@example.com",
            "@example.com",
            "ana@",
            "ana",
            "",
            "a\u{200B}na@example.com",
            "ana@exa mple.com",
            "ana\t@example.com",
            "ana\u{7f}@example.com",
            "o'brien+tag@example.co.uk",
            "ünïcode@example.com",
            &format!("{}@example.com", "a".repeat(243)),
            &format!("{}@example.com", "a".repeat(242)),
        ] {
            assert_eq!(
                Email::try_from(address.to_owned()),
                Email::parse(address),
                "{address:?}"
            );
        }
    }

    proptest! {
        // M-9, T-6: the same on generated text, mostly printable ASCII.
        #[test]
        fn m9_generated_addresses_read_as_parse_reads_them(
            address in "[ -~]{0,12}@?[ -~]{0,12}|\\PC{0,16}"
        ) {
            prop_assert_eq!(Email::try_from(address.clone()), Email::parse(&address));
        }
    }
}

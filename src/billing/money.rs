//! Money: an integer count of minor units in a currency (B-2).
//!
//! ```
//! use seatwise::{Currency, Money};
//! let seat = Money::from_major(49, Currency::USD)?;
//! let three = seat.checked_mul(3)?;
//! assert_eq!(three.minor_units(), 14_700);
//! assert_eq!(three.to_string(), "$147.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use super::error::MoneyError;

/// The largest currency exponent supported (ten-thousandths of a major unit).
const MAX_EXPONENT: u8 = 4;

/// A currency: a validated ISO-4217-style three-letter code and its exponent, the number of
/// decimal digits of its minor unit (USD 2 → cents, JPY 0 → yen).
///
/// # Examples
///
/// ```
/// use seatwise::Currency;
/// let chf = Currency::new("CHF", 2)?;
/// assert_eq!(chf.code(), "CHF");
/// assert_eq!(chf.exponent(), 2);
/// assert!(Currency::new("usd", 2).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "CurrencyRepr", into = "CurrencyRepr")]
pub struct Currency {
    // INVARIANT: three ASCII capital letters.
    code: [u8; 3],
    // INVARIANT: at most MAX_EXPONENT.
    exponent: u8,
}

impl Currency {
    /// United States dollar, 2 decimals.
    pub const USD: Currency = Currency::constant(*b"USD", 2);
    /// Euro, 2 decimals.
    pub const EUR: Currency = Currency::constant(*b"EUR", 2);
    /// Pound sterling, 2 decimals.
    pub const GBP: Currency = Currency::constant(*b"GBP", 2);
    /// Japanese yen, no decimals.
    pub const JPY: Currency = Currency::constant(*b"JPY", 0);
    /// Swiss franc, 2 decimals.
    pub const CHF: Currency = Currency::constant(*b"CHF", 2);
    /// Canadian dollar, 2 decimals.
    pub const CAD: Currency = Currency::constant(*b"CAD", 2);
    /// Australian dollar, 2 decimals.
    pub const AUD: Currency = Currency::constant(*b"AUD", 2);
    /// Bahraini dinar, 3 decimals.
    pub const BHD: Currency = Currency::constant(*b"BHD", 3);

    /// Builds a constant from trusted parts; only for the constants above.
    const fn constant(code: [u8; 3], exponent: u8) -> Currency {
        Currency { code, exponent }
    }

    /// Builds a currency from its three-letter code and its exponent.
    ///
    /// # Errors
    ///
    /// [`MoneyError::InvalidCurrencyCode`] unless `code` is three ASCII capital letters;
    /// [`MoneyError::InvalidExponent`] if `exponent` is above 4.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// let sek = Currency::new("SEK", 2)?;
    /// assert_eq!((sek.code(), sek.minor_per_major(), sek.symbol()), ("SEK", 100, None));
    /// assert_eq!(Money::from_minor(12_50, sek).to_string(), "SEK 12.50");
    /// assert!(Currency::new("sek", 2).is_err()); // three capital letters
    /// assert!(Currency::new("SEK", 9).is_err()); // exponent above 4
    /// assert_eq!(Currency::JPY.minor_per_major(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(code: &str, exponent: u8) -> Result<Currency, MoneyError> {
        let bytes: [u8; 3] = code
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 3]| b.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| MoneyError::InvalidCurrencyCode {
                code: code.to_owned(),
            })?;
        if exponent > MAX_EXPONENT {
            return Err(MoneyError::InvalidExponent {
                exponent,
                max: MAX_EXPONENT,
            });
        }
        Ok(Currency {
            code: bytes,
            exponent,
        })
    }

    /// The three-letter code, such as `"USD"`.
    pub fn code(&self) -> &str {
        // The invariant makes this always succeed.
        core::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// The number of decimal digits of the minor unit.
    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    /// How many minor units make one major unit (100 for USD, 1 for JPY).
    pub fn minor_per_major(&self) -> i64 {
        // INVARIANT: exponent <= 4, so 10^exponent fits easily.
        10_i64.checked_pow(u32::from(self.exponent)).unwrap_or(1)
    }

    /// The symbol used in front of amounts for people, if the currency has a well-known one.
    pub fn symbol(&self) -> Option<&'static str> {
        match &self.code {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            b"JPY" => Some("¥"),
            _ => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// How a currency is stored.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyRepr {
    code: String,
    exponent: u8,
}

impl TryFrom<CurrencyRepr> for Currency {
    type Error = MoneyError;
    fn try_from(repr: CurrencyRepr) -> Result<Self, Self::Error> {
        Currency::new(&repr.code, repr.exponent)
    }
}

impl From<Currency> for CurrencyRepr {
    fn from(currency: Currency) -> Self {
        CurrencyRepr {
            code: currency.code().to_owned(),
            exponent: currency.exponent,
        }
    }
}

/// An amount of money: a signed integer count of minor units (cents, yen, …) in a currency (B-2).
///
/// The count is an `i64`: ±9.2 × 10¹⁸ minor units is ±92 quadrillion dollars, far beyond any
/// seat invoice, it maps one to one onto a database `bigint`, and the intermediate products of
/// proration are widened to `i128` so that they never overflow. Every operation is checked:
/// overflow and mixing currencies are errors, never a wrong amount. There is no floating point.
///
/// # Examples
///
/// ```
/// use seatwise::{Currency, Money};
/// let price = Money::from_minor(4_900, Currency::USD);
/// let refund = Money::from_minor(-325, Currency::USD);
/// assert_eq!(price.checked_add(refund)?.minor_units(), 4_575);
/// assert_eq!(refund.to_string(), "-$3.25");
/// assert_eq!(Money::from_minor(500, Currency::JPY).to_string(), "¥500");
/// assert_eq!(Money::from_minor(1_250, Currency::CHF).to_string(), "CHF 12.50");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount from its count of minor units (cents for USD).
    pub const fn from_minor(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Zero in a currency.
    pub const fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// An amount of whole major units (dollars for USD).
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] if the amount in minor units does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// assert_eq!(Money::from_major(49, Currency::USD)?, Money::from_minor(4_900, Currency::USD));
    /// assert!(Money::from_major(i64::MAX, Currency::USD).is_err()); // B-2: overflow is an error
    /// assert!(Money::zero(Currency::USD).is_zero());
    /// assert!(Money::from_minor(-1, Currency::USD).is_negative());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_major(major: i64, currency: Currency) -> Result<Money, MoneyError> {
        major
            .checked_mul(currency.minor_per_major())
            .map(|minor| Money { minor, currency })
            .ok_or(MoneyError::Overflow {
                operation: "conversion from major units",
            })
    }

    /// The count of minor units.
    pub const fn minor_units(&self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub const fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Whether the amount is below zero (a credit).
    pub const fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// Whether the amount is above zero (a charge).
    pub const fn is_positive(&self) -> bool {
        self.minor > 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] for different currencies, [`MoneyError::Overflow`] on
    /// overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money, MoneyError};
    /// let usd = Money::from_minor(1_000, Currency::USD);
    /// assert_eq!(usd.checked_add(usd)?.minor_units(), 2_000);
    /// // B-2: mixing currencies or overflowing is an error, never a wrong amount.
    /// let eur = Money::from_minor(1_000, Currency::EUR);
    /// assert!(matches!(usd.checked_add(eur), Err(MoneyError::CurrencyMismatch { .. })));
    /// assert!(Money::from_minor(i64::MAX, Currency::USD).checked_add(usd).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money { minor, ..self })
            .ok_or(MoneyError::Overflow {
                operation: "addition",
            })
    }

    /// `self − other`.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] for different currencies, [`MoneyError::Overflow`] on
    /// overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// let charge = Money::from_minor(1_500, Currency::USD);
    /// let credit = Money::from_minor(2_000, Currency::USD);
    /// assert_eq!(charge.checked_sub(credit)?.to_string(), "-$5.00");
    /// assert!(charge.checked_sub(Money::from_minor(1, Currency::EUR)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.minor
            .checked_sub(other.minor)
            .map(|minor| Money { minor, ..self })
            .ok_or(MoneyError::Overflow {
                operation: "subtraction",
            })
    }

    /// `self × quantity`, for a price times a number of seats.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// let seat = Money::from_minor(1_200, Currency::USD);
    /// assert_eq!(seat.checked_mul(3)?.to_string(), "$36.00");
    /// assert!(seat.checked_mul(i64::MAX).is_err()); // B-2: overflow is an error
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_mul(self, quantity: i64) -> Result<Money, MoneyError> {
        self.minor
            .checked_mul(quantity)
            .map(|minor| Money { minor, ..self })
            .ok_or(MoneyError::Overflow {
                operation: "multiplication",
            })
    }

    /// `−self`, for turning a charge into a credit.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] for the most negative amount.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// assert_eq!(Money::from_minor(325, Currency::USD).checked_neg()?.minor_units(), -325);
    /// assert!(Money::from_minor(i64::MIN, Currency::USD).checked_neg().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_neg(self) -> Result<Money, MoneyError> {
        self.minor
            .checked_neg()
            .map(|minor| Money { minor, ..self })
            .ok_or(MoneyError::Overflow {
                operation: "negation",
            })
    }

    /// The sum of `amounts`, zero in `currency` if there are none.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] if an amount is not in `currency`,
    /// [`MoneyError::Overflow`] on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money};
    /// let lines = [Money::from_minor(4_900, Currency::USD), Money::from_minor(-1_000, Currency::USD)];
    /// assert_eq!(Money::checked_sum(Currency::USD, lines)?.minor_units(), 3_900);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_sum<I>(currency: Currency, amounts: I) -> Result<Money, MoneyError>
    where
        I: IntoIterator<Item = Money>,
    {
        amounts
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    /// Compares two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] for different currencies.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use seatwise::{Currency, Money};
    /// let a = Money::from_minor(100, Currency::USD);
    /// assert_eq!(a.checked_cmp(&Money::from_minor(200, Currency::USD))?, Ordering::Less);
    /// assert!(a.checked_cmp(&Money::from_minor(100, Currency::EUR)).is_err()); // not comparable
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_cmp(&self, other: &Money) -> Result<core::cmp::Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.minor.cmp(&other.minor))
    }
}

impl fmt::Display for Money {
    /// Formats for people: `$49.00`, `-$3.25`, `¥500`, `€12.50`, `CHF 12.50`. Width and
    /// alignment flags apply to the whole amount, so `{:>10}` right-aligns it in a table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let per_major = self.currency.minor_per_major().unsigned_abs();
        let major = abs.checked_div(per_major).unwrap_or(abs);
        let minor = abs.checked_rem(per_major).unwrap_or(0);
        let prefix = match self.currency.symbol() {
            Some(symbol) => symbol.to_owned(),
            None => format!("{} ", self.currency.code()),
        };
        let digits = usize::from(self.currency.exponent);
        let text = if digits == 0 {
            format!("{sign}{prefix}{major}")
        } else {
            format!("{sign}{prefix}{major}.{minor:0digits$}")
        };
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b2_display_extremes_do_not_panic() {
        let min = Money::from_minor(i64::MIN, Currency::USD);
        assert_eq!(min.to_string(), "-$92233720368547758.08");
        let bhd = Money::from_minor(1_005, Currency::BHD);
        assert_eq!(bhd.to_string(), "BHD 1.005");
    }

    #[test]
    fn b2_currency_code_validation() {
        assert!(Currency::new("US", 2).is_err());
        assert!(Currency::new("USDX", 2).is_err());
        assert!(Currency::new("U$D", 2).is_err());
        assert!(Currency::new("ÜSD", 2).is_err());
        assert!(Currency::new("USD", 5).is_err());
        assert_eq!(Currency::new("USD", 2), Ok(Currency::USD));
    }
}

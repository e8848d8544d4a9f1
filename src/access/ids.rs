//! Identifiers: users and teams of the host, roles and areas of a compiled policy.

use std::fmt;

macro_rules! host_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(u64);

        impl $name {
            /// Wraps the host's numeric id.
            ///
            /// # Examples
            ///
            /// ```
            /// use seatwise::{TeamId, UserId};
            /// let ana = UserId::new(42);
            /// assert_eq!(ana.get(), 42);
            /// assert_eq!(UserId::from(42), ana);
            /// assert_eq!(TeamId::new(42).get(), 42); // a different type: never confused with a user
            /// ```
            pub const fn new(id: u64) -> Self {
                Self(id)
            }

            /// The host's numeric id.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

host_id!(
    /// A user, as the host application numbers them. seatwise never invents user ids.
    UserId
);
host_id!(
    /// A team (M-8), as the host application numbers them.
    TeamId
);

macro_rules! policy_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(u16);

        impl $name {
            pub(crate) fn from_index(index: usize) -> Option<Self> {
                u16::try_from(index).ok().map(Self)
            }

            /// The position in the policy that issued it.
            pub fn index(self) -> usize {
                usize::from(self.0)
            }
        }
    };
}

policy_index!(
    /// An area of a compiled [`Policy`](crate::Policy), found with [`Policy::area`](crate::Policy::area).
    AreaId
);
policy_index!(
    /// A declared exception of a compiled [`Policy`](crate::Policy) (A-5).
    ExceptionId
);

/// A role of a compiled [`Policy`](crate::Policy), found with [`Policy::role`](crate::Policy::role).
///
/// A role id is a stable key, not a position (T-1): it is derived from the policy's name and
/// the role's name, so it names the same role after roles are added, removed or reordered,
/// and it never resolves to another role. An id whose role was deleted or renamed, or that
/// comes from a policy with another name, resolves to nothing: checks deny it
/// ([`Deny::UnknownRole`](crate::Deny::UnknownRole)) and commands refuse it. Stored forms
/// write the key as 12 hexadecimal digits.
///
/// ```
/// use seatwise::presets;
/// let policy = presets::deal_space()?;
/// let admin = policy.role("admin")?;
/// assert_eq!(policy.role_info(admin).map(|r| r.name()), Some("admin"));
///
/// // An id from another policy is not a role of this one (T-1).
/// let other = presets::sales_scheduler()?;
/// assert!(other.role_info(admin).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RoleId {
    /// The key in the high 48 bits; in the low 16, where the role sat in the policy that issued
    /// the id: a hint checked against the key before use, never trusted on its own. One word,
    /// so a principal stays small and a check copies little.
    packed: u64,
}

/// Bits of the position hint.
const SLOT_BITS: u32 = 16;

/// No hint: the role is found by its key.
const NO_SLOT: u16 = u16::MAX;

impl RoleId {
    /// An id that only the compiler uses, before keys are known: it names a position.
    pub(crate) fn from_index(index: usize) -> Option<Self> {
        u16::try_from(index)
            .ok()
            .filter(|slot| *slot != NO_SLOT)
            .map(|slot| RoleId {
                packed: u64::from(slot),
            })
    }

    pub(crate) fn keyed(key: u64, slot: usize) -> Self {
        let slot = u16::try_from(slot).unwrap_or(NO_SLOT);
        RoleId {
            packed: (key << SLOT_BITS) | u64::from(slot),
        }
    }

    /// The position hint; valid only once checked against the key (or inside the compiler).
    pub(crate) fn index(self) -> usize {
        usize::try_from(self.packed & u64::from(u16::MAX)).unwrap_or(usize::from(NO_SLOT))
    }

    /// The role's stable key: the first six bytes of SHA-256 over the policy's name and
    /// the role's name (48 bits; a policy whose roles' keys collide is refused).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Policy};
    /// let policy = presets::sales_scheduler()?;
    /// let closer = policy.role("closer")?;
    /// // T-1: the key survives roles being added or reordered, so a stored id stays valid.
    /// let mut doc = policy.document().clone();
    /// doc.roles.reverse();
    /// let reordered = doc.compile()?;
    /// assert_eq!(reordered.role_by_key(closer.key()), Some(reordered.role("closer")?));
    /// assert_eq!(reordered.role_info(closer).map(|r| r.name()), Some("closer"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key(self) -> u64 {
        self.packed >> SLOT_BITS
    }

    /// The key of role `role` in a policy named `policy` (T-1).
    pub(crate) fn key_of(policy: &str, role: &str) -> u64 {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(b"seatwise role\0");
        hasher.update(policy.as_bytes());
        hasher.update([0u8]);
        hasher.update(role.as_bytes());
        let digest = hasher.finalize();
        let mut bytes = [0u8; 8];
        for (to, from) in bytes.iter_mut().skip(2).zip(digest.iter()) {
            *to = *from;
        }
        u64::from_be_bytes(bytes)
    }
}

impl PartialEq for RoleId {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for RoleId {}

impl std::hash::Hash for RoleId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for RoleId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RoleId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for RoleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012x}", self.key())
    }
}

impl serde::Serialize for RoleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RoleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let key = (text.len() == 12 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u64::from_str_radix(&text, 16).ok())
            .flatten()
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "role `{text}` is not a role key (12 hexadecimal digits)"
                ))
            })?;
        Ok(RoleId::keyed(key, usize::from(NO_SLOT)))
    }
}

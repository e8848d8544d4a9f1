//! Identifiers: users and teams of the host, roles and areas of a compiled policy.

use std::fmt;

macro_rules! host_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(u64);

        impl $name {
            /// Wraps the host's numeric id.
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
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
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
    /// A role of a compiled [`Policy`](crate::Policy), found with [`Policy::role`](crate::Policy::role).
    /// Valid for the policy that issued it and for policies compiled from it with roles added.
    RoleId
);
policy_index!(
    /// An area of a compiled [`Policy`](crate::Policy), found with [`Policy::area`](crate::Policy::area).
    AreaId
);
policy_index!(
    /// A declared exception of a compiled [`Policy`](crate::Policy).
    ExceptionId
);

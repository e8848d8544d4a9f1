//! Access control: policies, principals, resources and the `can` evaluator (SPEC section 2).

mod action;
mod admin;
mod compile;
mod decision;
mod document;
mod error;
mod evaluate;
mod filter;
mod ids;
mod limits;
mod lookup;
mod page;
mod permission;
mod policy;
mod principal;
mod relation;
mod resource;
mod scope;
mod verb;

pub use action::Actions;
pub use decision::{Allow, Decision, Deny, Explanation};
pub use document::{AreaSpec, ExceptionSpec, GrantSpec, OwnerOnlySpec, PolicyDocument, RoleSpec};
pub use error::{DocumentFormat, PolicyError};
pub use filter::{Clause, Coverage, ListFilter};
pub use ids::{AreaId, ExceptionId, RoleId, TeamId, UserId};
pub use limits::{Limit, PolicyLimits};
pub use lookup::{LookupError, LookupKind};
pub use page::PageMode;
pub use permission::{Permission, PermissionError};
pub use policy::{AreaInfo, Policy, RoleInfo};
pub use principal::{MemberKind, NoGuestRole, Principal, Standing};
pub use relation::Relation;
pub use resource::{AsResource, Resource, ResourceBuf, Users};
pub use scope::Scope;
pub use verb::{NotOneVerb, Verb};

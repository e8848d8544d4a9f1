//! Policy documents: a policy as data, read from and written to TOML or JSON (A-12).
//!
//! ```
//! use seatwise::{Verb, Actions, AreaSpec, PolicyDocument, RoleSpec, Scope};
//! let doc = PolicyDocument::new("notes", "owner")
//!     .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT).relations(&["owner"]))
//!     .role(RoleSpec::new("owner", 10).grant_all("notes", Scope::Full))
//!     .role(RoleSpec::new("writer", 5).grant("notes", Verb::VIEW, Scope::Full)
//!         .grant("notes", Verb::EDIT, Scope::Exclusive));
//! let policy = doc.compile()?;
//! assert!(policy.role("writer").is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::action::Actions;
use super::error::{DocumentFormat, PolicyError};
use super::limits::{Limit, PolicyLimits};
use super::policy::Policy;
use super::scope::Scope;

/// A whole policy as written by people: areas, roles, exceptions and owner-only rules.
///
/// Lists keep the order the author chose, which is the order tables and matrices show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicyDocument {
    /// The policy's name.
    pub name: String,
    /// What the policy is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The role the workspace owner holds (SS-2, DS-7); no role may outrank it.
    pub owner_role: String,
    /// The role new members get unless another is chosen (DS-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_role: Option<String>,
    /// The role read-only guests hold (DS-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_role: Option<String>,
    /// The area whose `invite`, `remove` and `manage` grants govern administrative actions (A-7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_area: Option<String>,
    /// The areas, in display order.
    #[serde(default, rename = "area")]
    pub areas: Vec<AreaSpec>,
    /// The roles, in display order.
    #[serde(default, rename = "role")]
    pub roles: Vec<RoleSpec>,
    /// Declared exceptions (A-5).
    #[serde(default, rename = "exception", skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ExceptionSpec>,
    /// Actions only the owner may take, whatever the role grants (SS-3).
    #[serde(default, rename = "owner_only", skip_serializing_if = "Vec::is_empty")]
    pub owner_only: Vec<OwnerOnlySpec>,
}

/// An area: a page or record type, the verbs it offers and what makes a record "own".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AreaSpec {
    /// Machine name, e.g. `contacts`.
    pub name: String,
    /// Name for people, e.g. `Contacts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The group the area is shown under, e.g. `Global data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The verbs the area offers.
    pub actions: Vec<String>,
    /// Relations that make a record "own" for every verb (A-2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<String>,
    /// Relations per verb, replacing `relations` for that verb (A-4).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub relations_by_action: BTreeMap<String, Vec<String>>,
    /// The plan feature the area needs (A-11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<String>,
}

/// A role: a rank, an optional parent and grants (A-2, A-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawRoleSpec")]
#[non_exhaustive]
pub struct RoleSpec {
    /// Machine name, e.g. `closer`.
    pub name: String,
    /// Name for people, e.g. `Closer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Higher ranks may act on lower ones, never the reverse (A-7).
    pub rank: u32,
    /// The lower role whose grants this one inherits (A-6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Whether the role may be edited or deleted (SS-8). Defaults to yes.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub editable: bool,
    /// Grants by area name; the key `*` grants every verb of every area.
    #[serde(default)]
    pub grants: BTreeMap<String, GrantSpec>,
}

/// The line and column (both from 1, the column in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (Option<usize>, Option<usize>) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count().saturating_add(1);
    let start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
    let column = before
        .get(start..)
        .map_or(0, |l| l.chars().count())
        .saturating_add(1);
    (Some(line), Some(column))
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// A role as written, before its scopes are read, so that a bad scope names the role and area.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoleSpec {
    name: String,
    #[serde(default)]
    label: Option<String>,
    rank: u32,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default = "yes")]
    editable: bool,
    #[serde(default)]
    grants: BTreeMap<String, RawGrant>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawGrant {
    All(String),
    PerAction(BTreeMap<String, String>),
}

/// A grant whose scope is not one of the scope names.
#[derive(Debug)]
struct UnknownScope {
    role: String,
    area: String,
    verb: Option<String>,
    scope: String,
}

impl std::fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "role `{}` grants area `{}`", self.role, self.area)?;
        if let Some(verb) = &self.verb {
            write!(f, " verb `{verb}`")?;
        }
        write!(
            f,
            " the unknown scope `{}`; the scopes are `none`, `exclusive`, `team` and `full` (or `complete`)",
            self.scope
        )
    }
}

impl TryFrom<RawRoleSpec> for RoleSpec {
    type Error = UnknownScope;

    fn try_from(raw: RawRoleSpec) -> Result<Self, Self::Error> {
        let unknown = |area: &str, verb: Option<&str>, scope: &str| UnknownScope {
            role: raw.name.clone(),
            area: area.to_owned(),
            verb: verb.map(str::to_owned),
            scope: scope.to_owned(),
        };
        let mut grants = BTreeMap::new();
        for (area, grant) in &raw.grants {
            let spec = match grant {
                RawGrant::All(scope) => GrantSpec::All(
                    Scope::from_name(scope).ok_or_else(|| unknown(area, None, scope))?,
                ),
                RawGrant::PerAction(per) => {
                    let mut map = BTreeMap::new();
                    for (verb, scope) in per {
                        let scope = Scope::from_name(scope)
                            .ok_or_else(|| unknown(area, Some(verb), scope))?;
                        map.insert(verb.clone(), scope);
                    }
                    GrantSpec::PerAction(map)
                }
            };
            grants.insert(area.clone(), spec);
        }
        Ok(RoleSpec {
            name: raw.name,
            label: raw.label,
            rank: raw.rank,
            parent: raw.parent,
            editable: raw.editable,
            grants,
        })
    }
}

/// The grants of a role on one area: one scope for every verb, or a scope per verb (A-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GrantSpec {
    /// The same scope for every verb the area offers.
    All(Scope),
    /// A scope per verb name.
    PerAction(BTreeMap<String, Scope>),
}

/// An exception: every active member gets at least `scope` for `actions` on `area` (A-5, SS-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExceptionSpec {
    /// Machine name, listed in explanations.
    pub name: String,
    /// The area.
    pub area: String,
    /// The verbs.
    pub actions: Vec<String>,
    /// The scope every member gets.
    pub scope: Scope,
    /// Why, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Verbs of an area that only the owner may take (SS-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OwnerOnlySpec {
    /// The area.
    pub area: String,
    /// The verbs.
    pub actions: Vec<String>,
}

fn action_names(actions: Actions) -> Vec<String> {
    actions
        .each()
        .filter_map(Actions::name)
        .map(str::to_owned)
        .collect()
}

impl PolicyDocument {
    /// An empty document whose owner holds `owner_role`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, Principal, Resource, RoleSpec, Scope, UserId, Verb};
    /// let policy = PolicyDocument::new("notes", "owner")
    ///     .admin_area("people")
    ///     .default_role("writer")
    ///     .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT).relations(&["owner"]))
    ///     .area(AreaSpec::new("people", Verb::VIEW | Verb::INVITE | Verb::REMOVE | Verb::MANAGE))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full).fixed())
    ///     .role(RoleSpec::new("writer", 1).grant_all("notes", Scope::Exclusive))
    ///     .compile()?;
    /// assert_eq!(policy.default_role(), Some(policy.role("writer")?)); // DS-1
    /// let me = UserId::new(1);
    /// let writer = Principal::member(me, policy.role("writer")?);
    /// let note = Resource::new(policy.area("notes")?).owned_by(me);
    /// assert!(policy.can(&writer, Verb::EDIT, &note).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: &str, owner_role: &str) -> Self {
        PolicyDocument {
            name: name.to_owned(),
            description: None,
            owner_role: owner_role.to_owned(),
            default_role: None,
            guest_role: None,
            admin_area: None,
            areas: Vec::new(),
            roles: Vec::new(),
            exceptions: Vec::new(),
            owner_only: Vec::new(),
        }
    }

    /// Adds an area.
    pub fn area(mut self, area: AreaSpec) -> Self {
        self.areas.push(area);
        self
    }

    /// Adds a role.
    pub fn role(mut self, role: RoleSpec) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds an exception.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, ExceptionSpec, PolicyDocument, Principal, Resource, RoleSpec, Scope, UserId, Verb};
    /// let policy = PolicyDocument::new("crm", "owner")
    ///     .area(AreaSpec::new("contacts", Verb::VIEW | Verb::EDIT).relations(&["owner"]))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full))
    ///     .role(RoleSpec::new("rep", 1).grant_all("contacts", Scope::Exclusive))
    ///     .exception(ExceptionSpec::new("see_all", "contacts", Verb::VIEW, Scope::Full, "no duplicates"))
    ///     .compile()?;
    /// let rep = Principal::member(UserId::new(1), policy.role("rep")?);
    /// let theirs = Resource::new(policy.area("contacts")?).owned_by(UserId::new(2));
    /// // A-5, SS-4: the declared exception lets every member see every contact, not edit it.
    /// assert!(policy.can(&rep, Verb::VIEW, &theirs).is_allowed());
    /// assert!(!policy.can(&rep, Verb::EDIT, &theirs).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exception(mut self, exception: ExceptionSpec) -> Self {
        self.exceptions.push(exception);
        self
    }

    /// Makes `actions` of `area` owner-only.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, Deny, PolicyDocument, Principal, Resource, RoleSpec, Scope, UserId, Verb};
    /// let policy = PolicyDocument::new("shop", "admin")
    ///     .area(AreaSpec::new("billing", Verb::VIEW | Verb::MANAGE))
    ///     .role(RoleSpec::new("admin", 10).grant_all("*", Scope::Full))
    ///     .owner_only("billing", Verb::MANAGE)
    ///     .compile()?;
    /// let (founder, sam) = (UserId::new(1), UserId::new(2));
    /// let admin = policy.role("admin")?;
    /// let billing = Resource::new(policy.area("billing")?);
    /// let owner = Principal::member(founder, admin).with_owner(founder);
    /// let other = Principal::member(sam, admin).with_owner(founder);
    /// // SS-3: the same role, but only the owner manages billing.
    /// assert!(policy.can(&owner, Verb::MANAGE, &billing).is_allowed());
    /// assert_eq!(policy.can(&other, Verb::MANAGE, &billing).denial(), Some(Deny::OwnerOnly));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owner_only(mut self, area: &str, actions: impl Into<Actions>) -> Self {
        let actions: Actions = actions.into();
        self.owner_only.push(OwnerOnlySpec {
            area: area.to_owned(),
            actions: action_names(actions),
        });
        self
    }

    /// Sets the role new members get.
    pub fn default_role(mut self, role: &str) -> Self {
        self.default_role = Some(role.to_owned());
        self
    }

    /// Sets the role guests hold.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, RoleSpec, Scope, UserId, Verb};
    /// let doc = PolicyDocument::new("docs", "owner")
    ///     .area(AreaSpec::new("pages", Verb::VIEW | Verb::EDIT))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full))
    ///     .role(RoleSpec::new("reader", 1).grant("pages", Verb::VIEW, Scope::Full));
    /// let policy = doc.clone().guest_role("reader").compile()?;
    /// assert_eq!(policy.guest(UserId::new(5))?.role(), Some(policy.role("reader")?)); // DS-3
    /// // T-6: a guest role that may change anything is refused.
    /// let writer = RoleSpec::new("writer", 1).grant_all("pages", Scope::Full);
    /// assert!(doc.role(writer).guest_role("writer").compile().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn guest_role(mut self, role: &str) -> Self {
        self.guest_role = Some(role.to_owned());
        self
    }

    /// Sets the area that governs administrative actions (A-7).
    pub fn admin_area(mut self, area: &str) -> Self {
        self.admin_area = Some(area.to_owned());
        self
    }

    /// Reads a TOML document of at most the default 1 MiB. It is only parsed;
    /// [`compile`](Self::compile) validates it.
    ///
    /// # Errors
    ///
    /// [`PolicyError::LimitExceeded`] when the text is longer than
    /// [`Limit::DocumentBytes`] allows (T-5); [`PolicyError::Parse`] when the text is not a
    /// document of this shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{PolicyDocument, PolicyError};
    /// let doc = PolicyDocument::from_toml(r#"
    /// name = "notes"
    /// owner_role = "owner"
    /// [[area]]
    /// name = "notes"
    /// actions = ["view"]
    /// [[role]]
    /// name = "owner"
    /// rank = 1
    /// [role.grants]
    /// notes = "full"
    /// "#)?;
    /// assert_eq!(doc.roles.len(), 1);
    /// let policy = doc.compile()?;
    /// assert_eq!(policy.name(), "notes");
    /// // A parse error says where it is.
    /// let err = PolicyDocument::from_toml("name = 1").unwrap_err();
    /// assert!(matches!(err, PolicyError::Parse { line: Some(1), .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        Self::from_toml_with(text, &PolicyLimits::DEFAULT)
    }

    /// Reads a TOML document of at most `limits`' [`Limit::DocumentBytes`] (T-5), checked
    /// before parsing. It is only parsed; [`compile_with`](Self::compile_with) validates it.
    ///
    /// # Errors
    ///
    /// As [`from_toml`](Self::from_toml).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Limit, PolicyDocument, PolicyError, PolicyLimits};
    /// let text = presets::deal_space()?.to_toml()?;
    /// assert!(PolicyDocument::from_toml_with(&text, &PolicyLimits::default()).is_ok());
    /// // T-5: the length is checked before the text is parsed.
    /// let tiny = PolicyLimits::default().with(Limit::DocumentBytes, 100);
    /// let err = PolicyDocument::from_toml_with(&text, &tiny).unwrap_err();
    /// assert!(matches!(err, PolicyError::LimitExceeded { limit: Limit::DocumentBytes, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_with(text: &str, limits: &PolicyLimits) -> Result<Self, PolicyError> {
        document_bytes(text, limits)?;
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((None, None), |span| line_column(text, span.start));
            PolicyError::Parse {
                format: DocumentFormat::Toml,
                message: e.message().trim_end().to_owned(),
                line,
                column,
            }
        })
    }

    /// Reads a JSON document of at most the default 1 MiB. It is only parsed;
    /// [`compile`](Self::compile) validates it.
    ///
    /// # Errors
    ///
    /// [`PolicyError::LimitExceeded`] when the text is longer than
    /// [`Limit::DocumentBytes`] allows (T-5); [`PolicyError::Parse`] when the text is not a
    /// document of this shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, PolicyDocument, PolicyError};
    /// let policy = presets::sales_scheduler()?;
    /// let doc = PolicyDocument::from_json(&policy.to_json()?)?;
    /// assert_eq!(&doc, policy.document()); // A-12: a policy round-trips as data
    /// let err = PolicyDocument::from_json("{\n  \"name\": 1\n}").unwrap_err();
    /// assert!(matches!(err, PolicyError::Parse { line: Some(2), .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        Self::from_json_with(text, &PolicyLimits::DEFAULT)
    }

    /// Reads a JSON document of at most `limits`' [`Limit::DocumentBytes`] (T-5), checked
    /// before parsing. It is only parsed; [`compile_with`](Self::compile_with) validates it.
    ///
    /// # Errors
    ///
    /// As [`from_json`](Self::from_json).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Limit, PolicyDocument, PolicyError, PolicyLimits};
    /// let text = presets::sales_scheduler()?.to_json()?;
    /// let tiny = PolicyLimits::default().with(Limit::DocumentBytes, 100); // T-5
    /// assert!(matches!(
    ///     PolicyDocument::from_json_with(&text, &tiny),
    ///     Err(PolicyError::LimitExceeded { limit: Limit::DocumentBytes, .. })
    /// ));
    /// assert!(PolicyDocument::from_json_with(&text, &PolicyLimits::default()).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_with(text: &str, limits: &PolicyLimits) -> Result<Self, PolicyError> {
        document_bytes(text, limits)?;
        serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let full = e.to_string();
            let suffix = format!(" at line {line} column {column}");
            PolicyError::Parse {
                format: DocumentFormat::Json,
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
                line: (line > 0).then_some(line),
                column: (column > 0).then_some(column),
            }
        })
    }

    /// Writes the document as TOML.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Write`] if the serializer refuses the document.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, PolicyDocument};
    /// let doc = presets::deal_space()?.document().clone();
    /// assert_eq!(PolicyDocument::from_toml(&doc.to_toml()?)?, doc); // A-12
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_toml(&self) -> Result<String, PolicyError> {
        toml::to_string_pretty(self).map_err(|e| PolicyError::Write {
            format: DocumentFormat::Toml,
            message: e.to_string(),
        })
    }

    /// Writes the document as JSON.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Write`] if the serializer refuses the document.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, PolicyDocument};
    /// let doc = presets::deal_space()?.document().clone();
    /// assert_eq!(PolicyDocument::from_json(&doc.to_json()?)?, doc); // A-12
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> Result<String, PolicyError> {
        serde_json::to_string_pretty(self).map_err(|e| PolicyError::Write {
            format: DocumentFormat::Json,
            message: e.to_string(),
        })
    }

    /// Validates the document and compiles it into an immutable [`Policy`], within the
    /// default [`PolicyLimits`] (T-5).
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] naming the first bad entry: unknown area, role, action, relation or
    /// feature, duplicate name, unknown parent, cycle, an exception naming nothing, a limit
    /// exceeded, a control or invisible character in a label, a guest role that is the owner
    /// role or holds a verb other than `view` (T-6).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, PolicyError, RoleSpec, Scope, Verb};
    /// let doc = PolicyDocument::new("notes", "owner")
    ///     .area(AreaSpec::new("notes", Verb::VIEW))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full));
    /// assert!(doc.compile().is_ok());
    /// // The error names the bad entry: a grant on an area the document does not have.
    /// let bad = doc.role(RoleSpec::new("writer", 1).grant_all("memos", Scope::Full));
    /// let err = bad.compile().unwrap_err();
    /// assert!(err.to_string().contains("memos"), "{err}");
    /// # let _: PolicyError = err;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compile(&self) -> Result<Policy, PolicyError> {
        self.compile_with(&PolicyLimits::DEFAULT)
    }

    /// Validates the document and compiles it into an immutable [`Policy`], refusing it if it
    /// asks for more than `limits` allow (T-5). Time and memory are linear in the document's
    /// size; the compiled tables take at most
    /// `limits.get(Limit::RolesTimesAreas) × PolicyLimits::TABLE_BYTES_PER_CELL` bytes.
    ///
    /// ```
    /// use seatwise::{Verb, Limit, PolicyDocument, PolicyError, PolicyLimits, RoleSpec};
    /// let mut doc = PolicyDocument::new("chain", "r99");
    /// for i in 0..100u32 {
    ///     let mut role = RoleSpec::new(&format!("r{i}"), i + 1);
    ///     if i > 0 {
    ///         role = role.parent(&format!("r{}", i - 1));
    ///     }
    ///     doc = doc.role(role);
    /// }
    /// // 99 ancestors: over the default depth of 64, within a raised one.
    /// let err = doc.compile().unwrap_err();
    /// assert!(matches!(err, PolicyError::LimitExceeded { limit: Limit::InheritanceDepth, .. }));
    /// let deep = PolicyLimits::default().with(Limit::InheritanceDepth, 100);
    /// assert!(doc.compile_with(&deep).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`compile`](Self::compile).
    pub fn compile_with(&self, limits: &PolicyLimits) -> Result<Policy, PolicyError> {
        super::compile::compile(self, limits)
    }
}

fn document_bytes(text: &str, limits: &PolicyLimits) -> Result<(), PolicyError> {
    limits.check(Limit::DocumentBytes, text.len(), || {
        "the document".to_owned()
    })
}

// The loaders with limits live here, next to the document readers they wrap.
impl Policy {
    /// Reads, validates and compiles a TOML policy document within `limits` (T-5): the text's
    /// length is checked before it is parsed, the counts before tables are allocated.
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] naming the bad entry or the limit exceeded.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Limit, Policy, PolicyError, PolicyLimits};
    /// let text = presets::deal_space()?.to_toml()?;
    /// let policy = Policy::from_toml_with(&text, &PolicyLimits::default().with(Limit::Roles, 10))?;
    /// // T-5: five roles are over a limit of two; the error names the limit and the count.
    /// let err = Policy::from_toml_with(&text, &PolicyLimits::default().with(Limit::Roles, 2)).unwrap_err();
    /// assert!(matches!(err, PolicyError::LimitExceeded { limit: Limit::Roles, .. }));
    /// # let _ = policy;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_with(text: &str, limits: &PolicyLimits) -> Result<Policy, PolicyError> {
        PolicyDocument::from_toml_with(text, limits)?.compile_with(limits)
    }

    /// Reads, validates and compiles a JSON policy document within `limits` (T-5): the text's
    /// length is checked before it is parsed, the counts before tables are allocated.
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] naming the bad entry or the limit exceeded.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Limit, Policy, PolicyError, PolicyLimits};
    /// let text = presets::sales_scheduler()?.to_json()?;
    /// let small = PolicyLimits::default().with(Limit::Areas, 3); // T-5
    /// assert!(matches!(
    ///     Policy::from_json_with(&text, &small),
    ///     Err(PolicyError::LimitExceeded { limit: Limit::Areas, .. })
    /// ));
    /// assert!(Policy::from_json_with(&text, &PolicyLimits::default()).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_with(text: &str, limits: &PolicyLimits) -> Result<Policy, PolicyError> {
        PolicyDocument::from_json_with(text, limits)?.compile_with(limits)
    }
}

impl AreaSpec {
    /// An area offering `actions`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("app", "owner")
    ///     .area(AreaSpec::new("reports", Verb::VIEW | Verb::EXPORT).label("Reports").group("Insights"))
    ///     .role(RoleSpec::new("owner", 1).grant_all("*", Scope::Full))
    ///     .compile()?;
    /// let reports = policy.area_info(policy.area("reports")?).ok_or("no area")?;
    /// assert_eq!((reports.label(), reports.group()), ("Reports", Some("Insights")));
    /// assert_eq!(reports.actions(), Verb::VIEW | Verb::EXPORT);
    /// // A permission is refused for a verb the area does not offer.
    /// assert!(policy.permission("reports", "edit").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: &str, actions: impl Into<Actions>) -> Self {
        let actions: Actions = actions.into();
        AreaSpec {
            name: name.to_owned(),
            label: None,
            group: None,
            actions: action_names(actions),
            relations: Vec::new(),
            relations_by_action: BTreeMap::new(),
            requires: None,
        }
    }

    /// Sets the relations that make a record "own" for every verb.
    pub fn relations(mut self, relations: &[&str]) -> Self {
        self.relations = relations.iter().map(|r| (*r).to_owned()).collect();
        self
    }

    /// Sets the relations for one verb (A-4).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, Relation, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("cal", "owner")
    ///     .area(AreaSpec::new("events", Verb::VIEW | Verb::EDIT)
    ///         .relations(&["host"])
    ///         .relations_for(Verb::EDIT, &["creator"])) // A-4, SS-10
    ///     .role(RoleSpec::new("owner", 1).grant_all("*", Scope::Full))
    ///     .compile()?;
    /// let events = policy.area_info(policy.area("events")?).ok_or("no area")?;
    /// assert_eq!(events.relations(Verb::VIEW), Relation::HOST);
    /// assert_eq!(events.relations(Verb::EDIT), Relation::CREATOR);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relations_for(mut self, action: impl Into<Actions>, relations: &[&str]) -> Self {
        let action: Actions = action.into();
        for name in action_names(action) {
            self.relations_by_action
                .insert(name, relations.iter().map(|r| (*r).to_owned()).collect());
        }
        self
    }

    /// Sets the label.
    pub fn label(mut self, label: &str) -> Self {
        self.label = Some(label.to_owned());
        self
    }

    /// Sets the group.
    pub fn group(mut self, group: &str) -> Self {
        self.group = Some(group.to_owned());
        self
    }

    /// Sets the plan feature the area needs (A-11), by name (`custom_roles`, `teams`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PlanFeatures, PolicyDocument, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("app", "owner")
    ///     .area(AreaSpec::new("teams", Verb::VIEW).requires("teams")) // A-11
    ///     .role(RoleSpec::new("owner", 1).grant_all("*", Scope::Full))
    ///     .compile()?;
    /// let teams = policy.area_info(policy.area("teams")?).ok_or("no area")?;
    /// assert_eq!(teams.requires(), PlanFeatures::TEAMS);
    /// // An unknown feature name is refused when the document compiles.
    /// let bad = PolicyDocument::new("app", "owner")
    ///     .area(AreaSpec::new("x", Verb::VIEW).requires("teleport"))
    ///     .role(RoleSpec::new("owner", 1));
    /// assert!(bad.compile().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn requires(mut self, feature: &str) -> Self {
        self.requires = Some(feature.to_owned());
        self
    }
}

impl RoleSpec {
    /// A role of `rank` with no grants.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("crm", "owner")
    ///     .area(AreaSpec::new("deals", Verb::VIEW | Verb::EDIT | Verb::DELETE))
    ///     .role(RoleSpec::new("owner", 100).label("Owner").fixed().grant_all("*", Scope::Full))
    ///     .role(RoleSpec::new("rep", 10).grant("deals", Verb::VIEW | Verb::EDIT, Scope::Full))
    ///     .role(RoleSpec::new("lead", 20).parent("rep").grant("deals", Verb::DELETE, Scope::Full))
    ///     .compile()?;
    /// let (rep, lead, deals) = (policy.role("rep")?, policy.role("lead")?, policy.area("deals")?);
    /// // A-6: `lead` inherits `rep`'s grants and adds its own.
    /// assert_eq!(policy.scope_of(lead, deals, Verb::EDIT), Scope::Full);
    /// assert_eq!(policy.scope_of(rep, deals, Verb::DELETE), Scope::None);
    /// let owner = policy.role_info(policy.owner_role()).ok_or("no owner")?;
    /// assert_eq!((owner.label(), owner.rank(), owner.is_editable()), ("Owner", 100, false)); // SS-8
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: &str, rank: u32) -> Self {
        RoleSpec {
            name: name.to_owned(),
            label: None,
            rank,
            parent: None,
            editable: true,
            grants: BTreeMap::new(),
        }
    }

    /// Sets the label.
    pub fn label(mut self, label: &str) -> Self {
        self.label = Some(label.to_owned());
        self
    }

    /// Inherits from `parent` (A-6).
    pub fn parent(mut self, parent: &str) -> Self {
        self.parent = Some(parent.to_owned());
        self
    }

    /// Marks the role as fixed: it cannot be edited or deleted (SS-8).
    pub fn fixed(mut self) -> Self {
        self.editable = false;
        self
    }

    /// Grants `scope` for every verb of `area` (`*`: of every area).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("notes", "owner")
    ///     .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT))
    ///     .area(AreaSpec::new("tags", Verb::VIEW))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full)) // `*`: every area
    ///     .compile()?;
    /// let owner = policy.owner_role();
    /// for area in policy.areas() {
    ///     for verb in area.actions().verbs() {
    ///         assert_eq!(policy.scope_of(owner, area.id(), verb), Scope::Full);
    ///     }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grant_all(mut self, area: &str, scope: Scope) -> Self {
        self.grants.insert(area.to_owned(), GrantSpec::All(scope));
        self
    }

    /// Grants `scope` for each verb in `actions` on `area`, keeping its other per-verb grants
    /// (an earlier [`grant_all`](Self::grant_all) on the area is replaced).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, RoleSpec, Scope, Verb};
    /// let policy = PolicyDocument::new("notes", "owner")
    ///     .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full))
    ///     // A-3: a scope per verb; a later per-verb grant replaces an earlier `grant_all`.
    ///     .role(RoleSpec::new("writer", 1)
    ///         .grant_all("notes", Scope::Full)
    ///         .grant("notes", Verb::VIEW, Scope::Full)
    ///         .grant("notes", Verb::EDIT, Scope::Exclusive))
    ///     .compile()?;
    /// let (writer, notes) = (policy.role("writer")?, policy.area("notes")?);
    /// assert_eq!(policy.scope_of(writer, notes, Verb::VIEW), Scope::Full);
    /// assert_eq!(policy.scope_of(writer, notes, Verb::EDIT), Scope::Exclusive);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grant(mut self, area: &str, actions: impl Into<Actions>, scope: Scope) -> Self {
        let actions: Actions = actions.into();
        let entry = self
            .grants
            .entry(area.to_owned())
            .or_insert_with(|| GrantSpec::PerAction(BTreeMap::new()));
        if let GrantSpec::All(_) = entry {
            // Per-verb grants replace an earlier all-verbs grant on the same area.
            *entry = GrantSpec::PerAction(BTreeMap::new());
        }
        if let GrantSpec::PerAction(map) = entry {
            for name in action_names(actions) {
                map.insert(name, scope);
            }
        }
        self
    }
}

impl ExceptionSpec {
    /// Every active member gets `scope` for `actions` on `area`, because of `reason`.
    pub fn new(
        name: &str,
        area: &str,
        actions: impl Into<Actions>,
        scope: Scope,
        reason: &str,
    ) -> Self {
        let actions: Actions = actions.into();
        ExceptionSpec {
            name: name.to_owned(),
            area: area.to_owned(),
            actions: action_names(actions),
            scope,
            reason: Some(reason.to_owned()),
        }
    }
}

impl From<&Policy> for PolicyDocument {
    fn from(policy: &Policy) -> Self {
        policy.document().clone()
    }
}

//! The seatwise policy written out as a Cedar schema and policy set, and a Cedar engine that
//! builds each request's entities the way a host would.
//!
//! - `User` entities carry `standing`, `guest`, `owner`, `features` and `teams`, and have their
//!   role as parent (`User in Role`).
//! - Every area is an entity type (`contacts` → `Contacts`) with `owner?`, `creator?`
//!   (`User`), `hosts`, `assignees` (`Set<User>`) and `teams` (`Set<Long>`).
//! - Verbs are actions (`Action::"view"`, …), shared by the areas that offer them.
//! - [`Style::Naive`]: each role gets one `permit` per area and distinct condition, scoped
//!   `principal in Role::"…"`, `action in [...]`, `resource is Area`.
//! - [`Style::Idiomatic`]: each role gets one `permit` per grant pattern (verbs and
//!   condition) over all the areas sharing it (`resource is A || resource is B`), `action`
//!   left open where the role takes every verb an area offers, and a role with Full scope on
//!   everything gets one catch-all `permit`; requests are validated against the schema.
//! - [`Variant::sliced`]: each request is authorized against its role's policies plus the
//!   shared rules, not the whole set.
//! - Default deny is Cedar's own; standing, guests, owner-only and plan features are `forbid`s;
//!   the contacts exception is a role-independent `permit` for members.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid, PolicyId,
    PolicySet, Request as CedarRequest, RestrictedExpression, Schema, ValidationMode, Validator,
};
use seatwise::{Actions, MemberKind, Policy, Standing, UserId};

use crate::model::{Audience, Grant, Model, Term};
use crate::workload::Request;
use crate::Error;

pub use crate::variant::{Style, Variant};

/// The Cedar entity type of an area: `scheduled_events` → `ScheduledEvents`.
pub fn type_name(area: &str) -> String {
    let mut out = String::from("");
    for part in area.split(['_', '-', '.']).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty()
        || out == "User"
        || out == "Role"
        || out.starts_with(|c: char| c.is_ascii_digit())
    {
        out.insert_str(0, "Area");
    }
    out
}

fn standing_name(standing: Standing) -> &'static str {
    match standing {
        Standing::Active => "active",
        Standing::Pending => "pending",
        Standing::Removed => "removed",
        Standing::Stranger => "stranger",
    }
}

fn term_expr(term: Term) -> &'static str {
    match term {
        Term::Any => "true",
        Term::Owner => "(resource has owner && resource.owner == principal)",
        Term::Host => "resource.hosts.contains(principal)",
        Term::Creator => "(resource has creator && resource.creator == principal)",
        Term::Assignee => "resource.assignees.contains(principal)",
        Term::Team => "resource.teams.containsAny(principal.teams)",
    }
}

fn terms_expr(terms: &[Term]) -> String {
    if terms.is_empty() {
        return "false".to_owned();
    }
    terms
        .iter()
        .map(|t| term_expr(*t))
        .collect::<Vec<_>>()
        .join(" || ")
}

/// The `when` condition of a grant, or `None` when it covers every record.
fn condition(terms: &[Term], view_terms: Option<&[Term]>) -> Option<String> {
    let any = |t: &[Term]| t == [Term::Any];
    match view_terms {
        None if any(terms) => None,
        None => Some(terms_expr(terms)),
        Some(v) if any(terms) && any(v) => None,
        Some(v) if any(v) => Some(terms_expr(terms)),
        Some(v) if any(terms) => Some(terms_expr(v)),
        Some(v) => Some(format!("({}) && ({})", terms_expr(terms), terms_expr(v))),
    }
}

/// The `when` condition of a grant with its audience (members, guests or both).
fn grant_condition(grant: &Grant) -> Option<String> {
    let base = condition(&grant.terms, grant.view_terms.as_deref());
    let guard = match grant.audience {
        Audience::Anyone => return base,
        Audience::Members => "!principal.guest",
        Audience::Guests => "principal.guest",
    };
    Some(match base {
        None => guard.to_owned(),
        Some(c) => format!("{guard} && ({c})"),
    })
}

fn action_list(verbs: &[Actions]) -> String {
    let names: Vec<String> = verbs
        .iter()
        .filter_map(|v| v.name())
        .map(|n| format!("Action::\"{n}\""))
        .collect();
    if names.len() == 1 {
        format!("action == {}", names[0])
    } else {
        format!("action in [{}]", names.join(", "))
    }
}

/// One policy of a translation, with the role it belongs to (`None`: shared by all).
#[derive(Debug, Clone)]
pub struct Piece {
    /// Index into the model's roles, or `None` for the shared rules.
    pub role: Option<usize>,
    /// The policy's text.
    pub text: String,
}

/// A Cedar translation: schema and policies, as text.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The schema, in Cedar schema syntax.
    pub schema: String,
    /// The policy set.
    pub policies: String,
    /// How many policies the set holds.
    pub policy_count: usize,
    /// The policies one by one, with their role (for slicing).
    pub pieces: Vec<Piece>,
}

/// Writes `model` out for Cedar, naively (see [`Style::Naive`]).
pub fn translate(model: &Model) -> Translation {
    translate_with(model, Style::Naive)
}

/// Writes `model` out for Cedar in `style`.
pub fn translate_with(model: &Model, style: Style) -> Translation {
    let mut schema = String::new();
    schema.push_str("// Generated from a seatwise policy.\nentity Role;\n");
    schema.push_str(
        "entity User in [Role] {\n  standing: String,\n  guest: Bool,\n  owner: Bool,\n  \
         features: Set<String>,\n  teams: Set<Long>,\n};\n",
    );
    let mut by_verb: BTreeMap<Actions, Vec<String>> = BTreeMap::new();
    for area in &model.areas {
        let ty = type_name(&area.name);
        let _ = writeln!(
            schema,
            "entity {ty} {{\n  owner?: User,\n  creator?: User,\n  hosts: Set<User>,\n  \
             assignees: Set<User>,\n  teams: Set<Long>,\n}};"
        );
        for verb in &area.verbs {
            by_verb.entry(*verb).or_default().push(ty.clone());
        }
    }
    for (verb, types) in &by_verb {
        let _ = writeln!(
            schema,
            "action \"{}\" appliesTo {{\n  principal: [User],\n  resource: [{}],\n}};",
            verb.name().unwrap_or("?"),
            types.join(", ")
        );
    }

    let mut pieces: Vec<Piece> = Vec::new();
    let shared = |pieces: &mut Vec<Piece>, text: String| pieces.push(Piece { role: None, text });
    shared(
        &mut pieces,
        "@id(\"A-1 only active users\")\n\
         forbid (principal, action, resource)\nunless { principal.standing == \"active\" };"
            .to_owned(),
    );
    // I-4: guests only read (`view`, `present`); only the verbs the schema declares are named.
    let reads: Vec<String> = Actions::reads()
        .verbs()
        .map(Actions::from)
        .filter(|v| by_verb.contains_key(v))
        .filter_map(|v| v.name())
        .map(|n| format!("action != Action::\"{n}\""))
        .collect();
    let changes = if reads.is_empty() {
        String::new()
    } else {
        format!(" && {}", reads.join(" && "))
    };
    shared(
        &mut pieces,
        format!(
            "@id(\"I-4 guests are read-only\")\n\
             forbid (principal, action, resource)\nwhen {{ principal.guest{changes} }};"
        ),
    );
    for area in &model.areas {
        let ty = type_name(&area.name);
        if !area.owner_only.is_empty() {
            let verbs: Vec<Actions> = area.owner_only.verbs().map(Actions::from).collect();
            shared(
                &mut pieces,
                format!(
                    "@id(\"SS-3 owner only: {}\")\nforbid (principal, {}, resource is {ty})\nunless {{ principal.owner }};",
                    area.name,
                    action_list(&verbs)
                ),
            );
        }
        if !area.requires.is_empty() {
            let features: Vec<String> = area.requires.names().map(|n| format!("\"{n}\"")).collect();
            shared(
                &mut pieces,
                format!(
                    "@id(\"A-11 plan feature: {}\")\nforbid (principal, action, resource is {ty})\nunless {{ principal.features.containsAll([{}]) }};",
                    area.name,
                    features.join(", ")
                ),
            );
        }
        for (verb, terms, name) in &area.floors {
            if *verb != Actions::VIEW {
                // Non-view floors are folded into each role's grants (they need the role's
                // own visibility, SS-12).
                continue;
            }
            let cond = match condition(terms, None) {
                None => "!principal.guest".to_owned(),
                Some(c) => format!("!principal.guest && ({c})"),
            };
            shared(
                &mut pieces,
                format!(
                    "@id(\"A-5 exception: {name}\")\npermit (principal, action == Action::\"view\", resource is {ty})\nwhen {{ {cond} }};"
                ),
            );
        }
    }
    for (index, role) in model.roles.iter().enumerate() {
        // One group per area and distinct condition, verbs grouped, in area order.
        let mut groups: Vec<(usize, Option<String>, Vec<Actions>)> = Vec::new();
        for grant in &role.grants {
            let cond = grant_condition(grant);
            match groups
                .iter_mut()
                .find(|(a, c, _)| *a == grant.area && *c == cond)
            {
                Some(group) => group.2.push(grant.verb),
                None => groups.push((grant.area, cond, vec![grant.verb])),
            }
        }
        let texts = match style {
            Style::Naive => naive_permits(model, &role.name, &groups),
            Style::Idiomatic => idiomatic_permits(model, &role.name, &groups),
        };
        pieces.extend(texts.into_iter().map(|text| Piece {
            role: Some(index),
            text,
        }));
    }
    let mut out = String::from(
        "// Generated from a seatwise policy. Anything not permitted is denied (A-1).\n\n",
    );
    for piece in &pieces {
        out.push_str(&piece.text);
        out.push_str("\n\n");
    }
    Translation {
        schema,
        policies: out,
        policy_count: pieces.len(),
        pieces,
    }
}

/// One `permit` per area and condition.
fn naive_permits(
    model: &Model,
    role: &str,
    groups: &[(usize, Option<String>, Vec<Actions>)],
) -> Vec<String> {
    let mut out = Vec::new();
    for (n, (area, cond, verbs)) in groups.iter().enumerate() {
        let area = &model.areas[*area];
        let mut text = format!(
            "@id(\"{role}/{}/{n}\")\npermit (principal in Role::\"{role}\", {}, resource is {})",
            area.name,
            action_list(verbs),
            type_name(&area.name)
        );
        match cond {
            None => text.push(';'),
            Some(c) => {
                let _ = write!(text, "\nwhen {{ {c} }};");
            }
        }
        out.push(text);
    }
    out
}

/// A grant pattern: the verbs (`None`: every verb the area offers), the condition, the areas.
type Pattern = (Option<Vec<Actions>>, Option<String>, Vec<usize>);

/// One `permit` per grant pattern (verbs, condition) over all the areas sharing it; `action`
/// open where the verbs are all the area offers; a catch-all for a role covering everything.
fn idiomatic_permits(
    model: &Model,
    role: &str,
    groups: &[(usize, Option<String>, Vec<Actions>)],
) -> Vec<String> {
    // `None` for the verbs: every verb the area offers (schema-validated requests).
    let mut patterns: Vec<Pattern> = Vec::new();
    for (area, cond, verbs) in groups {
        let every = model.areas[*area].verbs == *verbs;
        let key = (!every).then(|| verbs.clone());
        match patterns.iter_mut().find(|(k, c, _)| *k == key && c == cond) {
            Some(p) => p.2.push(*area),
            None => patterns.push((key, cond.clone(), vec![*area])),
        }
    }
    let mut out = Vec::new();
    for (n, (verbs, cond, areas)) in patterns.iter().enumerate() {
        let action = verbs
            .as_deref()
            .map_or_else(|| "action".to_owned(), action_list);
        let everywhere = areas.len() == model.areas.len();
        let (resource, is) = match areas.as_slice() {
            _ if everywhere => ("resource".to_owned(), None),
            [one] => (
                format!("resource is {}", type_name(&model.areas[*one].name)),
                None,
            ),
            many => (
                "resource".to_owned(),
                Some(
                    many.iter()
                        .map(|a| format!("resource is {}", type_name(&model.areas[*a].name)))
                        .collect::<Vec<_>>()
                        .join(" || "),
                ),
            ),
        };
        let when = match (is, cond) {
            (None, None) => None,
            (Some(is), None) => Some(is),
            (None, Some(c)) => Some(c.clone()),
            (Some(is), Some(c)) => Some(format!("({is}) && ({c})")),
        };
        let mut text = format!(
            "@id(\"{role}/{n}\")\npermit (principal in Role::\"{role}\", {action}, {resource})"
        );
        match when {
            None => text.push(';'),
            Some(w) => {
                let _ = write!(text, "\nwhen {{ {w} }};");
            }
        }
        out.push(text);
    }
    out
}

/// Cedar, loaded once with a translated policy, deciding host rows.
#[derive(Debug)]
pub struct CedarEngine {
    /// The set-up.
    pub variant: Variant,
    /// The whole parsed policy set.
    pub policies: PolicySet,
    /// When sliced: each role's policies plus the shared rules.
    slices: HashMap<seatwise::RoleId, PolicySet>,
    /// When sliced: the shared rules alone (principals without a role).
    shared: PolicySet,
    /// The parsed schema (used to validate the policy set, not per request).
    pub schema: Schema,
    /// The translation's text.
    pub translation: Translation,
    authorizer: Authorizer,
    user_type: EntityTypeName,
    role_uids: HashMap<seatwise::RoleId, EntityUid>,
    area_types: Vec<EntityTypeName>,
    actions: Vec<(Actions, EntityUid)>,
}

impl CedarEngine {
    /// Translates `policy` and parses the result once.
    ///
    /// # Errors
    ///
    /// When Cedar refuses the generated schema or policies.
    pub fn new(policy: &Policy) -> Result<CedarEngine, Error> {
        CedarEngine::with(policy, Variant::NAIVE)
    }

    /// Translates `policy` in `variant`'s style and parses the result once; when sliced,
    /// also groups the parsed policies into one set per role (plus the shared rules).
    ///
    /// # Errors
    ///
    /// When Cedar refuses the generated schema or policies.
    pub fn with(policy: &Policy, variant: Variant) -> Result<CedarEngine, Error> {
        let model = Model::from_policy(policy)?;
        let translation = translate_with(&model, variant.style);
        let (schema, _warnings) = Schema::from_cedarschema_str(&translation.schema)
            .map_err(|e| format!("schema: {e:?}"))?;
        let mut parsed = Vec::with_capacity(translation.pieces.len());
        for (n, piece) in translation.pieces.iter().enumerate() {
            let p = cedar_policy::Policy::parse(Some(PolicyId::new(format!("p{n}"))), &piece.text)
                .map_err(|e| format!("policy {n}: {e:?}"))?;
            parsed.push((piece.role, p));
        }
        let policies = PolicySet::from_policies(parsed.iter().map(|(_, p)| p.clone()))?;
        let mut slices = HashMap::new();
        let mut shared = PolicySet::new();
        if variant.sliced {
            let common: Vec<_> = parsed
                .iter()
                .filter(|(r, _)| r.is_none())
                .map(|(_, p)| p.clone())
                .collect();
            shared = PolicySet::from_policies(common.iter().cloned())?;
            let mut by_role: Vec<Vec<cedar_policy::Policy>> = vec![common; model.roles.len()];
            for (role, p) in &parsed {
                if let Some(slot) = role.and_then(|r| by_role.get_mut(r)) {
                    slot.push(p.clone());
                }
            }
            for (role, set) in model.roles.iter().zip(by_role) {
                slices.insert(role.id, PolicySet::from_policies(set)?);
            }
        }
        let user_type = EntityTypeName::from_str("User")?;
        let role_type = EntityTypeName::from_str("Role")?;
        let role_uids = policy
            .roles()
            .map(|r| {
                let uid =
                    EntityUid::from_type_name_and_id(role_type.clone(), EntityId::new(r.name()));
                (r.id(), uid)
            })
            .collect();
        let area_types = policy
            .areas()
            .map(|a| EntityTypeName::from_str(&type_name(a.name())).map_err(Error::from))
            .collect::<Result<Vec<_>, _>>()?;
        let action_type = EntityTypeName::from_str("Action")?;
        let actions = Actions::all()
            .verbs()
            .map(Actions::from)
            .map(|v| {
                let uid = EntityUid::from_type_name_and_id(
                    action_type.clone(),
                    EntityId::new(v.name().unwrap_or("?")),
                );
                (v, uid)
            })
            .collect();
        Ok(CedarEngine {
            variant,
            policies,
            slices,
            shared,
            schema,
            translation,
            authorizer: Authorizer::new(),
            user_type,
            role_uids,
            area_types,
            actions,
        })
    }

    /// Validates the policy set against the schema (strict mode): the translation is
    /// well-typed. Slow for large sets; done once, never per request.
    ///
    /// # Errors
    ///
    /// Every validation error, as text.
    pub fn validate(&self) -> Result<(), Error> {
        let result =
            Validator::new(self.schema.clone()).validate(&self.policies, ValidationMode::Strict);
        if result.validation_passed() {
            Ok(())
        } else {
            let errors: Vec<String> = result.validation_errors().map(|e| e.to_string()).collect();
            Err(errors.join("\n").into())
        }
    }

    fn user(&self, user: UserId) -> EntityUid {
        EntityUid::from_type_name_and_id(
            self.user_type.clone(),
            EntityId::new(user.get().to_string()),
        )
    }

    fn users(&self, users: &[UserId]) -> RestrictedExpression {
        RestrictedExpression::new_set(
            users
                .iter()
                .map(|u| RestrictedExpression::new_entity_uid(self.user(*u))),
        )
    }

    /// The Cedar request and the entities for it, built from the rows as a host would:
    /// the principal with its attributes and role parent, the record with its attributes.
    ///
    /// # Errors
    ///
    /// When Cedar refuses an entity or the request (does not happen for these rows).
    /// `None` when the schema refuses the request (idiomatic style: a verb the area does not
    /// offer), which is a denial.
    pub fn build(&self, request: &Request) -> Result<Option<(CedarRequest, Entities)>, Error> {
        let p = &request.principal;
        let principal = self.user(p.user);
        let features = p
            .plan
            .names()
            .map(|n| RestrictedExpression::new_string(n.to_owned()));
        let teams = |t: &[seatwise::TeamId]| {
            RestrictedExpression::new_set(
                t.iter()
                    .map(|t| RestrictedExpression::new_long(t.get() as i64)),
            )
        };
        let attrs = HashMap::from([
            (
                "standing".to_owned(),
                RestrictedExpression::new_string(standing_name(p.standing).to_owned()),
            ),
            (
                "guest".to_owned(),
                RestrictedExpression::new_bool(p.kind == MemberKind::Guest),
            ),
            ("owner".to_owned(), RestrictedExpression::new_bool(p.owner)),
            (
                "features".to_owned(),
                RestrictedExpression::new_set(features),
            ),
            ("teams".to_owned(), teams(&p.teams)),
        ]);
        let parents: HashSet<EntityUid> = p
            .role
            .and_then(|r| self.role_uids.get(&r))
            .cloned()
            .into_iter()
            .collect();
        let principal_entity = Entity::new(principal.clone(), attrs, parents)?;

        let r = &request.resource;
        let area_type = self
            .area_types
            .get(r.area.index())
            .ok_or("unknown area")?
            .clone();
        let resource = EntityUid::from_type_name_and_id(area_type, EntityId::new(r.id.to_string()));
        let mut attrs = HashMap::from([
            ("hosts".to_owned(), self.users(&r.hosts)),
            ("assignees".to_owned(), self.users(&r.assignees)),
            ("teams".to_owned(), teams(&r.teams)),
        ]);
        if let Some(owner) = r.owner {
            attrs.insert(
                "owner".to_owned(),
                RestrictedExpression::new_entity_uid(self.user(owner)),
            );
        }
        if let Some(creator) = r.creator {
            attrs.insert(
                "creator".to_owned(),
                RestrictedExpression::new_entity_uid(self.user(creator)),
            );
        }
        let resource_entity = Entity::new(resource.clone(), attrs, HashSet::new())?;
        let entities = Entities::from_entities([principal_entity, resource_entity], None)?;
        let action = self
            .actions
            .iter()
            .find(|(v, _)| *v == request.action)
            .map(|(_, uid)| uid.clone())
            .ok_or("not a single verb")?;
        // The idiomatic translation relies on the schema to refuse verbs an area does not
        // offer; such a request is denied (`None`).
        let schema = (self.variant.style == Style::Idiomatic).then_some(&self.schema);
        let Ok(cedar_request) =
            CedarRequest::new(principal, action, resource, Context::empty(), schema)
        else {
            return Ok(None);
        };
        Ok(Some((cedar_request, entities)))
    }

    /// The policies that can apply to `request`: the principal's role's slice plus the shared
    /// rules when sliced, else the whole set.
    pub fn policies_for(&self, request: &Request) -> &PolicySet {
        if !self.variant.sliced {
            return &self.policies;
        }
        request
            .principal
            .role
            .and_then(|r| self.slices.get(&r))
            .unwrap_or(&self.shared)
    }

    /// Cedar's decision for a host row: build, then authorize.
    ///
    /// # Errors
    ///
    /// When the request cannot be built (see [`build`](Self::build)).
    pub fn is_allowed(&self, request: &Request) -> Result<bool, Error> {
        let Some((cedar_request, entities)) = self.build(request)? else {
            return Ok(false);
        };
        let response =
            self.authorizer
                .is_authorized(&cedar_request, self.policies_for(request), &entities);
        Ok(response.decision() == Decision::Allow)
    }

    /// Cedar's full response for a host row, for diagnosis: decision, reasons and errors.
    ///
    /// # Errors
    ///
    /// When the request cannot be built.
    pub fn explain(&self, request: &Request) -> Result<String, Error> {
        let Some((cedar_request, entities)) = self.build(request)? else {
            return Ok("Deny: the schema refuses the request".to_owned());
        };
        let response =
            self.authorizer
                .is_authorized(&cedar_request, self.policies_for(request), &entities);
        let reasons: Vec<String> = response
            .diagnostics()
            .reason()
            .map(|id| {
                self.policies
                    .policy(id)
                    .and_then(|p| p.annotation("id"))
                    .map_or_else(|| id.to_string(), str::to_owned)
            })
            .collect();
        let errors: Vec<String> = response
            .diagnostics()
            .errors()
            .map(|e| e.to_string())
            .collect();
        Ok(format!(
            "{:?} by {reasons:?}{}",
            response.decision(),
            if errors.is_empty() {
                String::new()
            } else {
                format!(" errors {errors:?}")
            }
        ))
    }
}

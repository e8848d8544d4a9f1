//! The seatwise policy written out as a casbin model (`.conf`) and policy lines (`.csv`), and a
//! casbin enforcer deciding host rows.
//!
//! casbin has no built-in notion of relations or scopes, so the model is ABAC over request
//! structs (`r.sub`, `r.obj` are serialized structs) and one policy line per role, area, verb,
//! covering term and visibility term:
//!
//! ```text
//! p = role, area, act, rel, vrel, who, own, feat
//! ```
//!
//! - `rel`: how the record must be tied to the user for the verb: `any` (Full), `owner`,
//!   `host`, `creator`, `assignee` (Exclusive, one line per relation) or `team`.
//! - `vrel`: what makes the record visible, which every other verb needs (SS-12 with the
//!   amended SS-10): a term of the role's `view` coverage or a relation the area declares for
//!   the verb itself; `any` for `view` lines and where `rel` already implies visibility.
//! - `who`: `member` on exception lines (A-5, not for guests) and on a read other than `view`
//!   (`present`) whose member condition differs from the guests' (floors are for members);
//!   `guest` on the guests' line of such a read; else `-`.
//! - `own`: `owner` where only the workspace owner may act (SS-3), else `-`.
//! - `feat`: the plan feature the area needs (A-11), else `-`.
//!
//! Exception lines have role `*`. Standing and guests are checked by the matcher.
//!
//! That is [`Style::Naive`]. [`Style::Idiomatic`] passes plain strings instead of structs and
//! compares area and verb first ([`idiomatic_model_conf`]); [`Variant::sliced`] loads one
//! enforcer per role with that role's lines and the shared ones.

use std::collections::HashMap;

use casbin::function_map::OperatorFunction;
use casbin::prelude::{CoreApi, DefaultModel, Enforcer, StringAdapter};
use casbin::rhai::Dynamic;
use serde::Serialize;

use seatwise::{Actions, MemberKind, Policy, Standing, UserId};

use crate::model::{Audience, Model, Term};
use crate::workload::Request;
use crate::Error;

pub use crate::variant::{Style, Variant};

/// How a line's `rel` (or `vrel`) column is checked against the request.
fn coverage(column: &str) -> String {
    format!(
        "({c} == \"any\" \
         || ({c} == \"owner\" && r.obj.owner == r.sub.id) \
         || ({c} == \"host\" && r.sub.id in r.obj.hosts) \
         || ({c} == \"creator\" && r.obj.creator == r.sub.id) \
         || ({c} == \"assignee\" && r.sub.id in r.obj.assignees) \
         || ({c} == \"team\" && overlap(r.sub.teams, r.obj.teams)))",
        c = column
    )
}

/// The casbin model: request, policy, effect and matcher.
pub fn model_conf() -> String {
    format!(
        "[request_definition]\n\
         r = sub, obj, act\n\n\
         [policy_definition]\n\
         p = role, area, act, rel, vrel, who, own, feat\n\n\
         [policy_effect]\n\
         e = some(where (p.eft == allow))\n\n\
         [matchers]\n\
         m = r.sub.active && (p.role == r.sub.role || p.role == \"*\") \
         && p.area == r.obj.area && p.act == r.act \
         && (r.act == \"view\" || r.act == \"present\" || !r.sub.guest) \
         && (p.who == \"-\" || (p.who == \"member\" && !r.sub.guest) \
             || (p.who == \"guest\" && r.sub.guest)) \
         && (p.own == \"-\" || r.sub.owner) \
         && (p.feat == \"-\" || p.feat in r.sub.features) \
         && {} && {}\n",
        coverage("p.rel"),
        coverage("p.vrel")
    )
}

/// The idiomatic casbin model: plain string requests, the most selective comparisons first.
///
/// ```text
/// r = role, area, act, rels, who, owner, feats
/// p = role, area, act, rel, vrel, who, own, feat
/// ```
///
/// The host passes the role, area and verb names; `rels`, the relations the user holds to the
/// record (`|any|owner|host|`, read from the record row); `who`: `|active|member|` for an
/// active member, `|active|guest|` for an active guest, empty otherwise; `owner` (bool);
/// `feats`: the plan's features (`|custom_roles|teams|`). A line's `who` is `|member|` where
/// guests may not act (every change, I-4, and the exception lines, A-5), `|guest|` on a
/// guests-only read, and `|active|` elsewhere. Where a line's `rel` also makes the record
/// visible, its `vrel` is `|any|` (one line, not one per visibility term).
/// `has(set, item)` is a registered function (casbin's rhai has no string package, so no
/// `in` on strings): whether the delimited `item` occurs in `set`.
pub fn idiomatic_model_conf() -> String {
    "[request_definition]\n\
     r = role, area, act, rels, who, owner, feats\n\n\
     [policy_definition]\n\
     p = role, area, act, rel, vrel, who, own, feat\n\n\
     [policy_effect]\n\
     e = some(where (p.eft == allow))\n\n\
     [matchers]\n\
     m = p.area == r.area && p.act == r.act && (p.role == r.role || p.role == \"*\") \
     && has(r.who, p.who) && has(r.rels, p.rel) && has(r.rels, p.vrel) \
     && (p.own == \"-\" || r.owner) && (p.feat == \"-\" || has(r.feats, p.feat))\n"
        .to_owned()
}

/// A casbin translation: model and policy, as text.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The model (`.conf`).
    pub model: String,
    /// The policy lines (`.csv`).
    pub policy: String,
    /// How many `p` lines.
    pub lines: usize,
    /// The lines one by one, with the index of their role (`None`: shared, role `*`).
    pub pieces: Vec<(Option<usize>, String)>,
}

/// Writes `model` out for casbin, naively (see [`Style::Naive`]).
pub fn translate(model: &Model) -> Translation {
    translate_with(model, Style::Naive)
}

/// Writes `model` out for casbin in `style`.
pub fn translate_with(model: &Model, style: Style) -> Translation {
    let idiomatic = style == Style::Idiomatic;
    let rel = |t: Term| {
        if idiomatic {
            format!("|{}|", t.name())
        } else {
            t.name().to_owned()
        }
    };
    // Who a line is for: `-`/`|active|` anyone active; `member`; `guest` (I-4: guests only
    // read, and get no exception floor, A-5). Naive: the matcher refuses guests' changes.
    let who = |verb: Actions, audience: Audience| match (idiomatic, audience) {
        (false, Audience::Anyone) => "-",
        (false, Audience::Members) => "member",
        (false, Audience::Guests) => "guest",
        (true, Audience::Anyone) if Actions::reads().contains(verb) => "|active|",
        (true, Audience::Anyone | Audience::Members) => "|member|",
        (true, Audience::Guests) => "|guest|",
    };
    let mut pieces: Vec<(Option<usize>, String)> = Vec::new();
    let gates = |area: &crate::model::AreaModel, verb: Actions| {
        let own = if area.owner_only.contains(verb) {
            "owner"
        } else {
            "-"
        };
        let feat = match area.requires.names().next() {
            Some(f) if idiomatic => format!("|{f}|"),
            Some(f) => f.to_owned(),
            None => "-".to_owned(),
        };
        (own, feat)
    };
    for area in &model.areas {
        for (verb, terms, _name) in &area.floors {
            if *verb != Actions::VIEW {
                continue; // folded into the roles' lines, as for Cedar
            }
            let (own, feat) = gates(area, *verb);
            for t in terms {
                pieces.push((
                    None,
                    format!(
                        "p, *, {}, view, {}, {}, {}, {own}, {feat}",
                        area.name,
                        rel(*t),
                        rel(Term::Any),
                        who(*verb, Audience::Members)
                    ),
                ));
            }
        }
    }
    for (index, role) in model.roles.iter().enumerate() {
        for grant in &role.grants {
            let area = &model.areas[grant.area];
            let (own, feat) = gates(area, grant.verb);
            let view_terms: &[Term] = grant.view_terms.as_deref().unwrap_or(&[Term::Any]);
            for t in &grant.terms {
                // Idiomatic: a covering relation that also makes the record visible needs one
                // line, not one per visibility term.
                let view_terms = if idiomatic && view_terms.contains(t) {
                    &[Term::Any][..]
                } else {
                    view_terms
                };
                for v in view_terms {
                    pieces.push((
                        Some(index),
                        format!(
                            "p, {}, {}, {}, {}, {}, {}, {own}, {feat}",
                            role.name,
                            area.name,
                            grant.verb.name().unwrap_or("?"),
                            rel(*t),
                            rel(*v),
                            who(grant.verb, grant.audience)
                        ),
                    ));
                }
            }
        }
    }
    let mut policy = String::new();
    for (_, line) in &pieces {
        policy.push_str(line);
        policy.push('\n');
    }
    Translation {
        model: if idiomatic {
            idiomatic_model_conf()
        } else {
            model_conf()
        },
        policy,
        lines: pieces.len(),
        pieces,
    }
}

/// `overlap(a, b)`: whether two arrays share an element (Team scope). casbin's matcher
/// language has no loops, so this is a registered function, as casbin's docs describe.
fn overlap(a: Dynamic, b: Dynamic) -> Dynamic {
    let (Ok(a), Ok(b)) = (a.into_array(), b.into_array()) else {
        return false.into();
    };
    a.iter()
        .any(|x| b.iter().any(|y| x.as_int().ok() == y.as_int().ok()))
        .into()
}

/// `has(set, item)`: whether the `|`-delimited `item` occurs in the `|`-delimited `set`.
fn has(set: Dynamic, item: Dynamic) -> Dynamic {
    match (set.into_immutable_string(), item.into_immutable_string()) {
        (Ok(set), Ok(item)) => set.contains(item.as_str()).into(),
        _ => false.into(),
    }
}

/// The principal as casbin sees it (`r.sub`).
#[derive(Debug, Serialize, Hash)]
pub struct Sub<'a> {
    id: i32,
    role: &'a str,
    active: bool,
    guest: bool,
    owner: bool,
    features: Vec<&'static str>,
    teams: Vec<i32>,
}

/// The record as casbin sees it (`r.obj`).
#[derive(Debug, Serialize, Hash)]
pub struct Obj<'a> {
    area: &'a str,
    owner: Option<i32>,
    creator: Option<i32>,
    hosts: Vec<i32>,
    assignees: Vec<i32>,
    teams: Vec<i32>,
}

/// casbin's matcher language has 32-bit integers; host ids are small here.
fn id(user: UserId) -> i32 {
    i32::try_from(user.get()).unwrap_or(-1)
}

/// casbin, loaded once with a translated policy, deciding host rows.
pub struct CasbinEngine {
    /// The set-up.
    pub variant: Variant,
    /// The one enforcer (unsliced), or the one for principals without a role (sliced).
    enforcer: Enforcer,
    /// When sliced: one enforcer per role, with its lines and the shared lines.
    enforcers: HashMap<seatwise::RoleId, Enforcer>,
    /// When sliced: how many lines each role's enforcer holds.
    slice_lines: HashMap<seatwise::RoleId, usize>,
    /// When sliced: how many shared lines there are.
    shared_lines: usize,
    /// The translation's text.
    pub translation: Translation,
    role_names: HashMap<seatwise::RoleId, String>,
    area_names: HashMap<seatwise::AreaId, String>,
}

impl std::fmt::Debug for CasbinEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CasbinEngine")
            .field("variant", &self.variant)
            .field("lines", &self.translation.lines)
            .finish_non_exhaustive()
    }
}

async fn load(model: &str, lines: &str) -> casbin::Result<Enforcer> {
    let m = DefaultModel::from_str(model).await?;
    let a = StringAdapter::new(lines);
    let mut enforcer = Enforcer::new(m, a).await?;
    enforcer.add_function("overlap", OperatorFunction::Arg2(overlap));
    enforcer.add_function("has", OperatorFunction::Arg2(has));
    Ok(enforcer)
}

impl CasbinEngine {
    /// Translates `policy` naively and loads it once (casbin's loaders are async: a
    /// current-thread tokio runtime drives them; `enforce` itself is synchronous).
    ///
    /// # Errors
    ///
    /// When casbin refuses the model or the policy.
    pub fn new(policy: &Policy) -> Result<CasbinEngine, Error> {
        CasbinEngine::with(policy, Variant::NAIVE)
    }

    /// Translates `policy` in `variant`'s style and loads it: one enforcer, or (sliced) one
    /// per role holding that role's lines and the shared ones, as a filtered adapter would.
    ///
    /// # Errors
    ///
    /// When casbin refuses the model or the policy.
    pub fn with(policy: &Policy, variant: Variant) -> Result<CasbinEngine, Error> {
        let model = Model::from_policy(policy)?;
        let translation = translate_with(&model, variant.style);
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        let mut enforcers = HashMap::new();
        let mut slice_lines = HashMap::new();
        let shared_lines = translation
            .pieces
            .iter()
            .filter(|(r, _)| r.is_none())
            .count();
        let enforcer = if variant.sliced {
            let mut shared = String::new();
            let mut by_role: Vec<String> = vec![String::new(); model.roles.len()];
            for (role, line) in &translation.pieces {
                let text = match role {
                    None => &mut shared,
                    Some(r) => by_role.get_mut(*r).ok_or("line of an unknown role")?,
                };
                text.push_str(line);
                text.push('\n');
            }
            for (role, lines) in model.roles.iter().zip(by_role) {
                let all = format!("{shared}{lines}");
                let e = runtime.block_on(load(&translation.model, &all))?;
                enforcers.insert(role.id, e);
                slice_lines.insert(role.id, shared_lines + lines.lines().count());
            }
            runtime.block_on(load(&translation.model, &shared))?
        } else {
            runtime.block_on(load(&translation.model, &translation.policy))?
        };
        Ok(CasbinEngine {
            variant,
            enforcer,
            enforcers,
            slice_lines,
            shared_lines,
            translation,
            role_names: policy
                .roles()
                .map(|r| (r.id(), r.name().to_owned()))
                .collect(),
            area_names: policy
                .areas()
                .map(|a| (a.id(), a.name().to_owned()))
                .collect(),
        })
    }

    fn enforcer_for(&self, request: &Request) -> &Enforcer {
        if !self.variant.sliced {
            return &self.enforcer;
        }
        request
            .principal
            .role
            .and_then(|r| self.enforcers.get(&r))
            .unwrap_or(&self.enforcer)
    }

    /// How many `p` lines the enforcer deciding `request` holds.
    pub fn lines_for(&self, request: &Request) -> usize {
        if !self.variant.sliced {
            return self.translation.lines;
        }
        request
            .principal
            .role
            .and_then(|r| self.slice_lines.get(&r))
            .copied()
            .unwrap_or(self.shared_lines)
    }

    /// The mean of [`lines_for`](Self::lines_for) over `batch`.
    pub fn lines_for_mean(&self, batch: &[Request]) -> f64 {
        let total: usize = batch.iter().map(|r| self.lines_for(r)).sum();
        total as f64 / batch.len().max(1) as f64
    }

    /// casbin's decision for a host row: build the request (structs, or strings for the
    /// idiomatic model), then `enforce`.
    ///
    /// # Errors
    ///
    /// When the matcher fails to evaluate.
    pub fn is_allowed(&self, request: &Request) -> Result<bool, Error> {
        if self.variant.style == Style::Idiomatic {
            return self.is_allowed_idiomatic(request);
        }
        self.is_allowed_naive(request)
    }

    fn is_allowed_idiomatic(&self, request: &Request) -> Result<bool, Error> {
        let p = &request.principal;
        let r = &request.resource;
        let role = p
            .role
            .and_then(|r| self.role_names.get(&r))
            .map_or("", String::as_str);
        let area = self.area_names.get(&r.area).map_or("", String::as_str);
        let act = request.action.name().unwrap_or("?");
        // The relations the user holds to the record, read from the row.
        let mut rels = String::from("|any|");
        if r.owner == Some(p.user) {
            rels.push_str("owner|");
        }
        if r.hosts.contains(&p.user) {
            rels.push_str("host|");
        }
        if r.creator == Some(p.user) {
            rels.push_str("creator|");
        }
        if r.assignees.contains(&p.user) {
            rels.push_str("assignee|");
        }
        if r.teams.iter().any(|t| p.teams.contains(t)) {
            rels.push_str("team|");
        }
        let who = match (p.standing, p.kind) {
            (Standing::Active, MemberKind::Member) => "|active|member|",
            (Standing::Active, MemberKind::Guest) => "|active|guest|",
            _ => "",
        };
        let mut feats = String::from("|");
        for name in p.plan.names() {
            feats.push_str(name);
            feats.push('|');
        }
        Ok(self
            .enforcer_for(request)
            .enforce((role, area, act, rels, who, p.owner, feats))?)
    }

    fn is_allowed_naive(&self, request: &Request) -> Result<bool, Error> {
        let p = &request.principal;
        let ids = |v: &[UserId]| v.iter().map(|u| id(*u)).collect::<Vec<_>>();
        let teams = |v: &[seatwise::TeamId]| {
            v.iter()
                .map(|t| i32::try_from(t.get()).unwrap_or(-1))
                .collect::<Vec<_>>()
        };
        let sub = Sub {
            id: id(p.user),
            role: p
                .role
                .and_then(|r| self.role_names.get(&r))
                .map_or("", String::as_str),
            active: p.standing == Standing::Active,
            guest: p.kind == MemberKind::Guest,
            owner: p.owner,
            features: p.plan.names().collect(),
            teams: teams(&p.teams),
        };
        let r = &request.resource;
        let obj = Obj {
            area: self.area_names.get(&r.area).map_or("", String::as_str),
            owner: r.owner.map(id),
            creator: r.creator.map(id),
            hosts: ids(&r.hosts),
            assignees: ids(&r.assignees),
            teams: teams(&r.teams),
        };
        let act = request.action.name().unwrap_or("?");
        Ok(self.enforcer_for(request).enforce((sub, obj, act))?)
    }
}

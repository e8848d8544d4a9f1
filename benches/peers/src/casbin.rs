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
//! - `vrel`: the same for `view`, the visibility every other verb needs (SS-12); `any` for
//!   `view` lines themselves.
//! - `who`: `member` on exception lines (A-5, not for guests), else `-`.
//! - `own`: `owner` where only the workspace owner may act (SS-3), else `-`.
//! - `feat`: the plan feature the area needs (A-11), else `-`.
//!
//! Exception lines have role `*`. Standing and guests are checked by the matcher.

use std::fmt::Write as _;

use casbin::function_map::OperatorFunction;
use casbin::prelude::{CoreApi, DefaultModel, Enforcer, StringAdapter};
use casbin::rhai::Dynamic;
use serde::Serialize;

use seatwise::{Actions, MemberKind, Policy, Standing, UserId};

use crate::model::{Model, Term};
use crate::workload::Request;
use crate::Error;

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
         && (r.act == \"view\" || !r.sub.guest) \
         && (p.who == \"-\" || !r.sub.guest) \
         && (p.own == \"-\" || r.sub.owner) \
         && (p.feat == \"-\" || p.feat in r.sub.features) \
         && {} && {}\n",
        coverage("p.rel"),
        coverage("p.vrel")
    )
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
}

/// Writes `model` out for casbin.
pub fn translate(model: &Model) -> Translation {
    let mut policy = String::new();
    let mut lines = 0usize;
    let gates = |area: &crate::model::AreaModel, verb: Actions| {
        let own = if area.owner_only.contains(verb) {
            "owner"
        } else {
            "-"
        };
        let feat = area.requires.names().next().unwrap_or("-");
        (own, feat)
    };
    for area in &model.areas {
        for (verb, terms, _name) in &area.floors {
            if *verb != Actions::VIEW {
                continue; // folded into the roles' lines, as for Cedar
            }
            let (own, feat) = gates(area, *verb);
            for t in terms {
                let _ = writeln!(
                    policy,
                    "p, *, {}, view, {}, any, member, {own}, {feat}",
                    area.name,
                    t.name()
                );
                lines += 1;
            }
        }
    }
    for role in &model.roles {
        for grant in &role.grants {
            let area = &model.areas[grant.area];
            let (own, feat) = gates(area, grant.verb);
            let view_terms: &[Term] = grant.view_terms.as_deref().unwrap_or(&[Term::Any]);
            for t in &grant.terms {
                for v in view_terms {
                    let _ = writeln!(
                        policy,
                        "p, {}, {}, {}, {}, {}, -, {own}, {feat}",
                        role.name,
                        area.name,
                        grant.verb.name().unwrap_or("?"),
                        t.name(),
                        v.name()
                    );
                    lines += 1;
                }
            }
        }
    }
    Translation {
        model: model_conf(),
        policy,
        lines,
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
    enforcer: Enforcer,
    /// The translation's text.
    pub translation: Translation,
    role_names: std::collections::HashMap<seatwise::RoleId, String>,
    area_names: Vec<String>,
}

impl std::fmt::Debug for CasbinEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CasbinEngine")
            .field("lines", &self.translation.lines)
            .finish_non_exhaustive()
    }
}

impl CasbinEngine {
    /// Translates `policy` and loads it once (casbin's loaders are async: a current-thread
    /// tokio runtime drives them; `enforce` itself is synchronous).
    ///
    /// # Errors
    ///
    /// When casbin refuses the model or the policy.
    pub fn new(policy: &Policy) -> Result<CasbinEngine, Error> {
        let model = Model::from_policy(policy)?;
        let translation = translate(&model);
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        let mut enforcer = runtime.block_on(async {
            let m = DefaultModel::from_str(&translation.model).await?;
            let a = StringAdapter::new(&translation.policy);
            Enforcer::new(m, a).await
        })?;
        enforcer.add_function("overlap", OperatorFunction::Arg2(overlap));
        Ok(CasbinEngine {
            enforcer,
            translation,
            role_names: policy
                .roles()
                .map(|r| (r.id(), r.name().to_owned()))
                .collect(),
            area_names: policy.areas().map(|a| a.name().to_owned()).collect(),
        })
    }

    /// casbin's decision for a host row: build `r.sub` and `r.obj`, then `enforce`.
    ///
    /// # Errors
    ///
    /// When the matcher fails to evaluate.
    pub fn is_allowed(&self, request: &Request) -> Result<bool, Error> {
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
            area: self
                .area_names
                .get(r.area.index())
                .map_or("", String::as_str),
            owner: r.owner.map(id),
            creator: r.creator.map(id),
            hosts: ids(&r.hosts),
            assignees: ids(&r.assignees),
            teams: teams(&r.teams),
        };
        let act = request.action.name().unwrap_or("?");
        Ok(self.enforcer.enforce((sub, obj, act))?)
    }
}

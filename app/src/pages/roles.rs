//! Roles and permissions (W-3): per role and area Full / Exclusive / off, the global-data
//! options (merge leads, change lead owner, export, appointment setting) and the delete
//! permissions, on plans with custom roles; built-in roles as SS-8 says (Super Admin
//! cannot be edited or deleted). The page's mode, each button and every change are the
//! crate's answers: `page_mode`, `can` on the roles area, `RoleInfo::is_editable`, and the
//! `DefineRole` / `EditRole` / `DeleteRole` commands.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum::Extension;
use seatwise::{AreaInfo, Change, GrantSpec, PageMode, Resource, RoleId, RoleSpec, Scope, Verb};

use super::members::PageQuery;
use super::{perform_then_back, Ctx, FormData, Layout};
use crate::{App, AppError, Session};

/// The page's area in the sales scheduler's policy.
const AREA: &str = "custom_roles";

/// The global-data options and delete permissions: (area, verb, label).
const OPTIONS: [(&str, &str, &str); 4] = [
    ("contacts", "merge", "Merge leads"),
    ("contacts", "reassign", "Change lead owner"),
    ("contacts", "export", "Export contacts"),
    ("deals", "export", "Export deals"),
];
const DELETES: [(&str, &str, &str); 3] = [
    ("contacts", "delete", "Delete contacts"),
    ("calls", "delete", "Delete calls"),
    ("deals", "delete", "Delete deals"),
];
/// An area shown as an on/off option of global data rather than its own row.
const TOGGLE_AREAS: [(&str, &str); 1] = [("appointment_setting", "Appointment setting")];

fn is_option(area: &str, verb: &str) -> bool {
    OPTIONS
        .iter()
        .chain(DELETES.iter())
        .any(|(a, v, _)| *a == area && *v == verb)
        || (area == "calls" && verb == "export")
}

pub(crate) struct AreaRow {
    name: String,
    label: String,
    group: String,
    /// The VIEW scope of each role, in the roles' order.
    cells: Vec<String>,
}

pub(crate) struct RoleColumn {
    name: String,
    label: String,
    editable: bool,
    /// Per area: its name, label, and the VIEW scope's name.
    scopes: Vec<(String, String, String)>,
    /// (field, label, on) for options, deletes and toggles.
    options: Vec<(String, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "roles.html")]
struct RolesPage {
    layout: Layout,
    base: String,
    areas: Vec<AreaRow>,
    roles: Vec<RoleColumn>,
    can_edit: bool,
    can_create: bool,
    can_delete: bool,
}

fn scope_label(scope: Scope) -> &'static str {
    match scope {
        Scope::None => "off",
        Scope::Exclusive => "exclusive",
        Scope::Team => "team",
        _ => "full",
    }
}

/// The areas with a Full / Exclusive / off choice: all but the toggles.
fn rows<'p>(policy: &'p seatwise::Policy) -> Vec<AreaInfo<'p>> {
    policy
        .areas()
        .filter(|a| !TOGGLE_AREAS.iter().any(|(t, _)| *t == a.name()))
        .collect()
}

fn scope_of(policy: &seatwise::Policy, role: RoleId, area: &str, verb: &str) -> Scope {
    match (policy.area(area), Verb::named(verb)) {
        (Ok(area), Some(verb)) => policy.scope_of(role, area, verb),
        _ => Scope::None,
    }
}

/// GET `/w/{ws}/roles`.
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let mode = ctx.mode(AREA)?;
    let policy = ctx.ws.policy();
    let me = ctx.me();
    let area = policy
        .area(AREA)
        .map_err(|e| AppError::NotFound(e.to_string()))?;
    let may =
        |verb| mode != PageMode::ReadOnly && policy.is_allowed(&me, verb, &Resource::new(area));
    let areas = rows(policy);
    let roles = policy
        .roles()
        .map(|role| {
            let mut options: Vec<(String, &'static str, bool)> = OPTIONS
                .iter()
                .chain(DELETES.iter())
                .map(|(a, v, label)| {
                    (
                        format!("opt_{a}_{v}"),
                        *label,
                        scope_of(policy, role.id(), a, v) > Scope::None,
                    )
                })
                .collect();
            for (toggle, label) in TOGGLE_AREAS {
                options.push((
                    format!("toggle_{toggle}"),
                    label,
                    scope_of(policy, role.id(), toggle, "view") > Scope::None,
                ));
            }
            RoleColumn {
                name: role.name().to_owned(),
                label: role.label().to_owned(),
                editable: role.is_editable(),
                scopes: areas
                    .iter()
                    .map(|a| {
                        (
                            a.name().to_owned(),
                            a.label().to_owned(),
                            scope_label(policy.scope_of(role.id(), a.id(), Verb::VIEW)).to_owned(),
                        )
                    })
                    .collect(),
                options,
            }
        })
        .collect();
    let page = RolesPage {
        layout: ctx.layout("Roles & permissions", "roles", mode, query.notice_text()),
        base: ctx.base(),
        areas: areas
            .iter()
            .map(|a| AreaRow {
                name: a.name().to_owned(),
                label: a.label().to_owned(),
                group: a.group().unwrap_or("").to_owned(),
                cells: policy
                    .roles()
                    .map(|r| scope_label(policy.scope_of(r.id(), a.id(), Verb::VIEW)).to_owned())
                    .collect(),
            })
            .collect(),
        roles,
        can_edit: may(Verb::EDIT),
        can_create: may(Verb::CREATE),
        can_delete: may(Verb::DELETE),
    };
    Ok(Html(page.render()?))
}

/// The role's definition as the policy document holds it.
fn spec_of(ctx: &Ctx, name: &str) -> Result<RoleSpec, AppError> {
    ctx.ws
        .policy()
        .document()
        .roles
        .iter()
        .find(|r| r.name == name)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("no role `{name}`")))
}

/// The grants the form describes, starting from `spec`'s: an area whose choice did not
/// change keeps its per-verb grants (SS-14's "see all, edit own"); a changed one gets the
/// chosen scope on every verb; options and deletes follow their boxes, never wider than
/// the area's choice (SS-12).
fn grants_from_form(
    ctx: &Ctx,
    spec: &RoleSpec,
    role: Option<RoleId>,
    form: &FormData,
) -> Result<BTreeMap<String, GrantSpec>, AppError> {
    let policy = ctx.ws.policy();
    let mut grants = BTreeMap::new();
    for area in policy.areas() {
        let name = area.name();
        let verbs: Vec<&'static str> = area.actions().verbs().map(Verb::name).collect();
        let mut per: BTreeMap<String, Scope> = BTreeMap::new();
        if TOGGLE_AREAS.iter().any(|(t, _)| *t == name) {
            if form.get(&format!("toggle_{name}")) == Some("on") {
                for verb in &verbs {
                    per.insert((*verb).to_owned(), Scope::Full);
                }
            }
        } else {
            let text = form.required(&format!("scope_{name}"))?;
            let chosen = match text {
                "full" => Scope::Full,
                "team" => Scope::Team,
                "exclusive" => Scope::Exclusive,
                "off" | "none" => Scope::None,
                other => {
                    return Err(AppError::BadForm(format!(
                        "`{other}` is not a scope (full, team, exclusive or off)"
                    )))
                }
            };
            let current = role.map(|r| policy.scope_of(r, area.id(), Verb::VIEW));
            let kept = spec.grants.get(name).filter(|_| current == Some(chosen));
            for verb in &verbs {
                let scope = if is_option(name, verb) {
                    if form.get(&format!("opt_{name}_{verb}")) == Some("on") {
                        chosen
                    } else {
                        Scope::None
                    }
                } else {
                    match kept {
                        Some(GrantSpec::All(scope)) => *scope,
                        Some(GrantSpec::PerAction(map)) => {
                            map.get(*verb).copied().unwrap_or(Scope::None)
                        }
                        _ => chosen,
                    }
                };
                per.insert((*verb).to_owned(), scope);
            }
        }
        per.retain(|_, s| *s > Scope::None);
        if !per.is_empty() {
            grants.insert(name.to_owned(), GrantSpec::PerAction(per));
        }
    }
    Ok(grants)
}

async fn run(
    ctx: &Ctx,
    change: Change,
    form: &FormData,
    action: String,
    what: String,
) -> Result<Response, AppError> {
    let back = format!("{}/roles", ctx.base());
    perform_then_back(ctx, change, form, action, back, &what).await
}

/// POST `/w/{ws}/roles/{name}`: save a role's permissions (`EditRole`, SS-8).
pub(crate) async fn edit(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, name)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let mut spec = spec_of(&ctx, &name)?;
    let role = ctx.ws.policy().role(&name).ok();
    spec.grants = grants_from_form(&ctx, &spec, role, &form)?;
    let action = format!("{}/roles/{name}", ctx.base());
    run(
        &ctx,
        Change::EditRole { role: spec },
        &form,
        action,
        format!("Save the role {name}"),
    )
    .await
}

/// POST `/w/{ws}/roles`: a new role, copied from an existing one (`DefineRole`).
pub(crate) async fn create(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let label = form.required("label")?.trim().to_owned();
    let name: String = label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut spec = spec_of(&ctx, form.required("copy_from")?)?;
    spec.name = name.clone();
    spec.label = Some(label.clone());
    spec.editable = true;
    let action = format!("{}/roles", ctx.base());
    run(
        &ctx,
        Change::DefineRole { role: spec },
        &form,
        action,
        format!("Create the role {label}"),
    )
    .await
}

/// POST `/w/{ws}/roles/{name}/delete` (`DeleteRole`, SS-8).
pub(crate) async fn delete(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, name)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let action = format!("{}/roles/{name}/delete", ctx.base());
    run(
        &ctx,
        Change::DeleteRole { name: name.clone() },
        &form,
        action,
        format!("Delete the role {name}"),
    )
    .await
}

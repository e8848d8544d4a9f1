//! The pages: one module per screen, an askama template per page under `templates/`.
//!
//! Handlers never decide what a person may see or do: they ask the crate (page modes, row
//! actions, `can`, guest status, previews) and show its answer, or run a command and show its
//! result or its error.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use axum_extra::extract::cookie::SignedCookieJar;
use seatwise::{
    Change, Command, CommandError, Email, Event, PageMode, Principal, Quote, Standing, UserId,
    Workspace,
};
use seatwise_store::StoreError;

use crate::{now, App, AppError, Session, Space, SpaceKind};

pub(crate) mod billing;
pub(crate) mod invitee;
pub(crate) mod mail;
pub(crate) mod members;
mod paging;
pub(crate) mod records;
pub(crate) mod roles;
pub(crate) mod teams;

/// How long a previewed quote may be confirmed: the command is dated at the quote's time, so
/// the amount is exactly the one shown (B-9); an older quote must be previewed again.
const QUOTE_VALID_MINUTES: i64 = 15;

/// A demo user, from the host's `app_users` table.
#[derive(Debug, Clone)]
pub(crate) struct AppUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub persona: String,
}

impl AppUser {
    pub(crate) async fn find(app: &App, id: UserId) -> Result<Option<AppUser>, AppError> {
        let id =
            i64::try_from(id.get()).map_err(|_| AppError::BadForm("no such user".to_owned()))?;
        let row: Option<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, email, name, persona FROM app_users WHERE id = ?")
                .bind(id)
                .fetch_optional(app.pool())
                .await?;
        Ok(row.map(|(id, email, name, persona)| AppUser {
            id: UserId::new(u64::try_from(id).unwrap_or(0)),
            email,
            name,
            persona,
        }))
    }

    pub(crate) async fn all(app: &App) -> Result<Vec<AppUser>, AppError> {
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, email, name, persona FROM app_users ORDER BY id")
                .fetch_all(app.pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, email, name, persona)| AppUser {
                id: UserId::new(u64::try_from(id).unwrap_or(0)),
                email,
                name,
                persona,
            })
            .collect())
    }

    /// The signed-in user, or [`AppError::SignInRequired`].
    pub(crate) async fn signed_in(app: &App, session: &Session) -> Result<AppUser, AppError> {
        match session.user() {
            Some(id) => AppUser::find(app, id)
                .await?
                .ok_or(AppError::SignInRequired),
            None => Err(AppError::SignInRequired),
        }
    }

    pub(crate) fn email(&self) -> Result<Email, AppError> {
        Email::parse(&self.email).map_err(|e| AppError::BadForm(e.to_string()))
    }
}

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub(crate) struct NavItem {
    pub title: &'static str,
    pub href: String,
    pub active: bool,
}

/// What every page's frame shows: who is signed in, the CSRF token for its forms, the
/// navigation the crate's page modes allow, and the read-only banner (W-6).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub space: Option<String>,
    pub nav: Vec<NavItem>,
    pub read_only: bool,
    pub mode: &'static str,
    pub notice: Option<String>,
}

impl Layout {
    pub(crate) fn plain(title: &str, session: &Session, user: Option<&AppUser>) -> Layout {
        Layout {
            title: title.to_owned(),
            user: user.map(|u| format!("{} <{}>", u.name, u.email)),
            csrf: session.csrf().to_owned(),
            ..Layout::default()
        }
    }
}

/// The pages of each kind of workspace: title, path, and the area whose page mode decides
/// whether the entry is shown.
fn pages_of(kind: SpaceKind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        SpaceKind::SalesScheduler => &[
            ("Users", "users", "user_management"),
            ("Teams", "teams", "user_management"),
            ("Scheduled calls", "calls", "scheduled_events"),
            ("Roles & permissions", "roles", "custom_roles"),
            ("Billing", "billing", "billing"),
        ],
        SpaceKind::DealSpace => &[
            ("Members", "members", "members"),
            ("Deals", "deals", "deals"),
            ("Billing", "billing", "billing"),
        ],
    }
}

/// A request inside a workspace: the signed-in user, who is an active member or guest of it.
pub(crate) struct Ctx {
    pub app: App,
    pub space: Space,
    pub ws: Arc<Workspace>,
    pub user: AppUser,
    pub session: Session,
}

impl Ctx {
    /// Loads the workspace and lets through only its active users: a removed user gets the
    /// no-access screen, an invitee the prompt to accept, anyone else "not a member" (A-1, W-6).
    pub(crate) async fn load(app: &App, session: &Session, ws: &str) -> Result<Ctx, AppError> {
        let user = AppUser::signed_in(app, session).await?;
        let space = app.space(ws)?.clone();
        let loaded = app.store().load(space.id()).await?;
        match loaded.principal(user.id).standing() {
            Standing::Active => {}
            Standing::Removed => return Err(AppError::Removed(space.title().to_owned())),
            Standing::Pending | Standing::Stranger => {
                let pending = user
                    .email()
                    .ok()
                    .and_then(|e| loaded.pending_for(&e).0.map(|_| ()));
                return Err(match pending {
                    Some(()) => AppError::InvitePending(space.title().to_owned()),
                    None => AppError::NotAMember(space.id().as_str().to_owned()),
                });
            }
        }
        Ok(Ctx {
            app: app.clone(),
            space,
            ws: loaded,
            user,
            session: session.clone(),
        })
    }

    pub(crate) fn me(&self) -> Principal<'_> {
        self.ws.principal(self.user.id)
    }

    /// The name a member goes by, or "user N" for an id the workspace does not know.
    pub(crate) fn name_of(&self, user: UserId) -> String {
        self.ws
            .member(user)
            .map_or_else(|| format!("user {user}"), |m| m.name().to_owned())
    }

    /// The mode of the page of `area` for the signed-in user; a hidden page is
    /// refused with the restricted-access message (W-6).
    pub(crate) fn mode(&self, area: &str) -> Result<PageMode, AppError> {
        let policy = self.ws.policy();
        let area = policy
            .area(area)
            .map_err(|_| AppError::NotFound("this workspace has no such page".to_owned()))?;
        match policy.page_mode(&self.me(), area) {
            PageMode::Hidden => Err(AppError::Restricted),
            mode => Ok(mode),
        }
    }

    /// The navigation: the workspace's pages whose mode is not hidden.
    pub(crate) fn nav(&self, current: &str) -> Vec<NavItem> {
        let policy = self.ws.policy();
        let me = self.me();
        let mut items = vec![NavItem {
            title: "My spaces",
            href: "/spaces".to_owned(),
            active: false,
        }];
        for (title, path, area) in pages_of(self.space.kind()) {
            let shown = policy
                .area(area)
                .is_ok_and(|a| policy.page_mode(&me, a) != PageMode::Hidden);
            if shown {
                items.push(NavItem {
                    title,
                    href: format!("/w/{}/{path}", self.space.id()),
                    active: *path == current,
                });
            }
        }
        items
    }

    pub(crate) fn layout(
        &self,
        title: &str,
        current: &str,
        mode: PageMode,
        notice: Option<String>,
    ) -> Layout {
        Layout {
            title: title.to_owned(),
            user: Some(format!("{} <{}>", self.user.name, self.user.email)),
            csrf: self.session.csrf().to_owned(),
            space: Some(self.space.title().to_owned()),
            nav: self.nav(current),
            read_only: mode == PageMode::ReadOnly,
            mode: match mode {
                PageMode::Hidden => "hidden",
                PageMode::ReadOnly => "read-only",
                PageMode::Limited => "limited",
                PageMode::Full => "full",
            },
            notice,
        }
    }

    /// The base path of this workspace's pages.
    pub(crate) fn base(&self) -> String {
        format!("/w/{}", self.space.id())
    }
}

/// A submitted form, as its fields in order (repeated names allowed).
#[derive(Debug, Clone, Default)]
pub(crate) struct FormData(Vec<(String, String)>);

impl FormData {
    pub(crate) fn parse(bytes: &[u8]) -> Result<FormData, AppError> {
        serde_urlencoded::from_bytes(bytes)
            .map(FormData)
            .map_err(|_| AppError::BadForm("the form could not be read".to_owned()))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn required(&self, name: &str) -> Result<&str, AppError> {
        self.get(name)
            .ok_or_else(|| AppError::BadForm(format!("the form lacks the field `{name}`")))
    }

    pub(crate) fn user(&self, name: &str) -> Result<UserId, AppError> {
        let text = self.required(name)?;
        text.trim()
            .parse::<u64>()
            .map(UserId::new)
            .map_err(|_| AppError::BadForm(format!("`{text}` is not a user id")))
    }

    /// The field `name`, trimmed: 1 to `max` characters without control characters (a
    /// title, a company name); `what` names it in the refusal.
    pub(crate) fn line(&self, name: &str, what: &str, max: usize) -> Result<&str, AppError> {
        let text = self.required(name)?.trim();
        if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
            return Err(AppError::BadForm(format!(
                "{what} is 1 to {max} characters, without control characters"
            )));
        }
        Ok(text)
    }

    pub(crate) fn email(&self, name: &str) -> Result<Email, AppError> {
        Email::parse(self.required(name)?).map_err(|e| AppError::BadForm(e.to_string()))
    }

    /// The fields to carry into the next step of a flow: all but the token, the quote and the
    /// confirmations, which the next step sets itself.
    fn carried(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(n, _)| {
                !matches!(
                    n.as_str(),
                    "csrf" | "quote" | "confirmed" | "confirm_guest_limit" | "confirm_seats"
                )
            })
            .cloned()
            .collect()
    }
}

/// Reads a role key from a form: the 12-hex-digit stable key the crate gives each role (T-1).
/// A key the workspace's policy does not know (tampered, or from a deleted role) is refused.
pub(crate) fn role_from_form(ws: &Workspace, text: &str) -> Result<seatwise::RoleId, AppError> {
    let refused = || AppError::BadForm(format!("`{text}` is not a role of this workspace"));
    let key = u64::from_str_radix(text.trim(), 16).map_err(|_| refused())?;
    ws.policy().role_by_key(key).ok_or_else(refused)
}

/// The form value of a role: its stable key (T-1).
pub(crate) fn role_value(role: seatwise::RoleId) -> String {
    format!("{:012x}", role.key())
}

/// One line of a quote, for the confirmation page.
#[derive(Debug, Clone)]
pub(crate) struct QuoteLine {
    pub description: String,
    pub quantity: u32,
    pub unit: String,
    pub period: String,
    pub amount: String,
}

pub(crate) fn quote_lines(quote: &Quote) -> Vec<QuoteLine> {
    quote
        .lines()
        .iter()
        .map(|line| QuoteLine {
            description: line.description().to_owned(),
            quantity: line.quantity(),
            unit: line.unit_amount().to_string(),
            period: format!(
                "{} – {}",
                line.period().start().format("%Y-%m-%d %H:%M"),
                line.period().end().format("%Y-%m-%d")
            ),
            amount: line.amount().to_string(),
        })
        .collect()
}

/// The confirmation step of a change: the quote to confirm (B-9), or the guest-limit prompt
/// (B-6, B-7, W-4), with the form's fields carried in hidden inputs.
#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    layout: Layout,
    heading: String,
    message: String,
    lines: Vec<QuoteLine>,
    total: Option<String>,
    action: String,
    fields: Vec<(String, String)>,
    button: String,
    back: String,
    kind: &'static str,
}

/// What [`perform`] did: ran the change, or answered with a page that asks to confirm it.
pub(crate) enum Performed {
    /// The change is committed.
    Done,
    /// A confirmation page (the quote, or the guest-limit prompt).
    Page(Response),
}

/// What a change is called on its confirmation page and in the notice after it.
pub(crate) struct Step<'a> {
    /// Where the form posts (the same action, now carrying the confirmation).
    pub action: String,
    /// Where to go after success or cancel.
    pub back: String,
    /// "Invite 2 people", "Approve vic@…".
    pub what: &'a str,
    /// Show the preview even when nothing is charged (adding users, W-1).
    pub always_preview: bool,
}

/// Runs `change` for the signed-in user the way the seeds describe: preview first (U-3);
/// if it costs money show the quote to confirm (B-9); if it invites guests past the allowance
/// show the prompt (W-4); once confirmed, execute dated at the quote's time so that the
/// charge is the one shown, and the crate refuses a quote that is not for this workspace,
/// version and command (T-4).
pub(crate) async fn perform(
    ctx: &Ctx,
    change: Change,
    form: &FormData,
    step: Step<'_>,
) -> Result<Performed, AppError> {
    let mut command = Command::new(change);
    if form.get("confirm_guest_limit") == Some("yes") {
        command = command.confirming_guest_limit();
    }
    if form.get("confirm_seats") == Some("yes") {
        command = command.confirming_seats_on_acceptance();
    }
    let store = ctx.app.store();
    let ws = ctx.space.id();
    if form.get("confirmed") == Some("yes") {
        let mut at = now();
        if let Some(text) = form.get("quote").filter(|t| !t.is_empty()) {
            let quote: Quote = serde_json::from_str(text).map_err(|_| {
                AppError::BadForm(
                    "the quote in the form could not be read; preview the change again".to_owned(),
                )
            })?;
            let age = at - quote.effective_at();
            if age < chrono::Duration::zero()
                || age > chrono::Duration::minutes(QUOTE_VALID_MINUTES)
            {
                return Err(AppError::BadForm(
                    "the quote is not from the last few minutes; preview the change again"
                        .to_owned(),
                ));
            }
            at = quote.effective_at();
            command = command.confirming(quote);
        }
        store.execute(ws, ctx.user.id, command, at).await?;
        return Ok(Performed::Done);
    }
    let preview = store.preview(ws, ctx.user.id, &command, now()).await;
    let mut fields = form.carried();
    let layout = ctx.layout("Confirm", "", PageMode::Full, None);
    // The preview says, in its events, when the change needs the guest limit or the seats
    // on acceptance confirmed (B-4, B-6, B-7); execute would refuse it without.
    let prompt = match &preview {
        Ok(outcome) => outcome.events().iter().find_map(|event| match event {
            Event::GuestLimitConfirmed { guests, allowance }
                if !command.guest_limit_confirmed() =>
            {
                Some(CommandError::GuestLimitConfirmationRequired {
                    guests: *guests,
                    allowance: *allowance,
                })
            }
            Event::SeatsOnAcceptanceConfirmed {
                seats_needed,
                paid_seats,
            } if !command.seats_on_acceptance_confirmed() => {
                Some(CommandError::SeatsOnAcceptanceConfirmationRequired {
                    seats_needed: *seats_needed,
                    paid_seats: *paid_seats,
                })
            }
            _ => None,
        }),
        Err(StoreError::Command(
            error @ (CommandError::GuestLimitConfirmationRequired { .. }
            | CommandError::SeatsOnAcceptanceConfirmationRequired { .. }),
        )) => Some(error.clone()),
        Err(_) => None,
    };
    if let Some(error) = prompt {
        keep_confirmations(&command, &mut fields);
        let (kind, field) = match error {
            CommandError::GuestLimitConfirmationRequired { .. } => {
                ("guest-limit", "confirm_guest_limit")
            }
            _ => ("seats", "confirm_seats"),
        };
        fields.push((field.to_owned(), "yes".to_owned()));
        let extra = match kind {
            "guest-limit" => {
                " Guests past the allowance need extra paid seats, charged when they accept."
            }
            _ => " The seats are charged when the invitees accept.",
        };
        let page = ConfirmPage {
            layout,
            heading: match kind {
                "guest-limit" => "Past the guest limit".to_owned(),
                _ => "Seats on acceptance".to_owned(),
            },
            message: format!("{}: {}.{extra}", step.what, sentence(&error.to_string())),
            lines: Vec::new(),
            total: None,
            action: step.action,
            fields,
            button: "Invite anyway".to_owned(),
            back: step.back,
            kind,
        };
        return Ok(Performed::Page(Html(page.render()?).into_response()));
    }
    let outcome = preview?;
    let quote = outcome.quote().filter(|q| q.requires_confirmation());
    if quote.is_none() && !step.always_preview {
        // Nothing to confirm: run it now.
        store.execute(ws, ctx.user.id, command, now()).await?;
        return Ok(Performed::Done);
    }
    keep_confirmations(&command, &mut fields);
    fields.push(("confirmed".to_owned(), "yes".to_owned()));
    let page = match quote {
        Some(quote) => {
            let json = serde_json::to_string(quote).map_err(|e| AppError::Seed(e.to_string()))?;
            fields.push(("quote".to_owned(), json));
            ConfirmPage {
                layout,
                heading: "Confirm the charge".to_owned(),
                message: format!("{}: this change costs {} now.", step.what, quote.total()),
                lines: quote_lines(quote),
                total: Some(quote.total().to_string()),
                action: step.action,
                fields,
                button: format!("Confirm and pay {}", quote.total()),
                back: step.back,
                kind: "quote",
            }
        }
        None => ConfirmPage {
            layout,
            heading: "Confirm".to_owned(),
            message: format!("{}: no charge.", step.what),
            lines: Vec::new(),
            total: None,
            action: step.action,
            fields,
            button: "Confirm".to_owned(),
            back: step.back,
            kind: "free",
        },
    };
    Ok(Performed::Page(Html(page.render()?).into_response()))
}

fn keep_confirmations(command: &Command, fields: &mut Vec<(String, String)>) {
    if command.guest_limit_confirmed() {
        fields.push(("confirm_guest_limit".to_owned(), "yes".to_owned()));
    }
    if command.seats_on_acceptance_confirmed() {
        fields.push(("confirm_seats".to_owned(), "yes".to_owned()));
    }
}

/// The crate's message as a sentence: first letter capital.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// [`perform`] a change whose form posts to `action`; once it is made, go `back` with the
/// notice "Done: {what}."; until then, the confirmation page.
pub(crate) async fn perform_then_back(
    ctx: &Ctx,
    change: Change,
    form: &FormData,
    action: String,
    back: String,
    what: &str,
) -> Result<Response, AppError> {
    let step = Step {
        action,
        back: back.clone(),
        what,
        always_preview: false,
    };
    match perform(ctx, change, form, step).await? {
        Performed::Page(page) => Ok(page),
        Performed::Done => {
            Ok(Redirect::to(&with_notice(&back, &format!("Done: {what}."))).into_response())
        }
    }
}

/// A team id from a form or a path; anything else is refused naming it.
pub(crate) fn team_of(text: &str) -> Result<seatwise::TeamId, AppError> {
    text.parse::<u64>()
        .map(seatwise::TeamId::new)
        .map_err(|_| AppError::BadForm(format!("`{text}` is not a team")))
}

/// `path` with a notice shown once on the page it leads to.
pub(crate) fn with_notice(path: &str, notice: &str) -> String {
    let encoded = serde_urlencoded::to_string([("notice", notice)]).unwrap_or_default();
    if path.contains('?') {
        format!("{path}&{encoded}")
    } else {
        format!("{path}?{encoded}")
    }
}

/// `/`: the user's spaces, or the sign-in page.
pub(crate) async fn home(Extension(session): Extension<Session>) -> Redirect {
    match session.user() {
        Some(_) => Redirect::to("/spaces"),
        None => Redirect::to("/signin"),
    }
}

/// The demo sign-in page: every seeded user, one button each.
#[derive(Template)]
#[template(path = "signin.html")]
struct SigninPage {
    layout: Layout,
    users: Vec<AppUser>,
}

pub(crate) async fn signin_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
) -> Result<Html<String>, AppError> {
    let me = match session.user() {
        Some(id) => AppUser::find(&app, id).await?,
        None => None,
    };
    let page = SigninPage {
        layout: Layout::plain("Demo sign-in", &session, me.as_ref()),
        users: AppUser::all(&app).await?,
    };
    Ok(Html(page.render()?))
}

/// Signs in as the chosen demo user: a new session with a new CSRF token.
pub(crate) async fn signin(
    State(app): State<App>,
    jar: SignedCookieJar,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let form = FormData::parse(&body)?;
    let id = form.user("user")?;
    let user = AppUser::find(&app, id)
        .await?
        .ok_or_else(|| AppError::BadForm(format!("there is no demo user {id}")))?;
    let session = Session::new(Some(user.id))?;
    let jar = jar.add(session.cookie(app.secure_cookies()));
    Ok((jar, Redirect::to("/spaces")).into_response())
}

/// Signs out: a new anonymous session.
pub(crate) async fn signout(
    State(app): State<App>,
    jar: SignedCookieJar,
) -> Result<Response, AppError> {
    let session = Session::new(None)?;
    let jar = jar.add(session.cookie(app.secure_cookies()));
    Ok((jar, Redirect::to("/signin")).into_response())
}

/// `/w/{ws}`: the first page the user may see in the workspace.
pub(crate) async fn space_home(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    match ctx.nav("").into_iter().nth(1) {
        Some(item) => Ok(Redirect::to(&item.href).into_response()),
        None => Err(AppError::Restricted),
    }
}

pub(crate) async fn not_found() -> AppError {
    AppError::NotFound("there is no such page".to_owned())
}

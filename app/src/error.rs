//! The application's one error type: every failure a handler can meet, mapped to a status
//! and a page that says what happened in plain words (W-7).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use seatwise::CommandError;
use seatwise_store::StoreError;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// No one is signed in: the visitor is sent to the demo sign-in page.
    #[error("sign in to see this page")]
    SignInRequired,
    /// The form's CSRF token is missing or is not this session's (W-7).
    #[error("the form's security token is missing or wrong; reload the page and try again")]
    Csrf,
    /// The signed-in user was removed from this workspace (M-7, W-6): the no-access screen.
    #[error("you no longer have access to `{0}`")]
    Removed(String),
    /// The signed-in user is not part of this workspace.
    #[error("you are not a member of `{0}`")]
    NotAMember(String),
    /// The signed-in user's invitation is pending: they must accept it first (M-2).
    #[error("your invitation to `{0}` is pending; accept it first")]
    InvitePending(String),
    /// The page is hidden for this user (A-10, W-6): the restricted-access message.
    #[error("restricted access: you do not have permission to view this page")]
    Restricted,
    /// No such page, workspace, user, team or invitation link.
    #[error("{0}")]
    NotFound(String),
    /// A form field that does not parse, or names something the workspace does not know (a
    /// tampered role key, user id or quote, W-7).
    #[error("{0}")]
    BadForm(String),
    /// The crate refused the command; its message is shown as it says it (U-2).
    #[error(transparent)]
    Refused(CommandError),
    /// Another writer committed first and retries ran out (S-3).
    #[error("someone else changed this workspace at the same time; reload the page and try again")]
    Conflict,
    /// The store failed (database, damaged data): logged, and shown without details.
    #[error("store: {0}")]
    Store(StoreError),
    /// The application's own tables failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A list filter could not become SQL (S-6).
    #[error("list filter: {0}")]
    Filter(#[from] seatwise_store::FilterError),
    /// A page could not be rendered.
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    /// The demo data could not be set up.
    #[error("seeding the demo: {0}")]
    Seed(String),
    /// The server could not start.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Command(command) => AppError::Refused(command),
            StoreError::Conflict { .. } => AppError::Conflict,
            other => AppError::Store(other),
        }
    }
}

impl From<CommandError> for AppError {
    fn from(error: CommandError) -> Self {
        AppError::Refused(error)
    }
}

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::SignInRequired => StatusCode::SEE_OTHER,
            AppError::Csrf
            | AppError::Removed(_)
            | AppError::NotAMember(_)
            | AppError::InvitePending(_)
            | AppError::Restricted => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadForm(_) => StatusCode::BAD_REQUEST,
            AppError::Refused(CommandError::Denied(_)) => StatusCode::FORBIDDEN,
            AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Store(_)
            | AppError::Database(_)
            | AppError::Filter(_)
            | AppError::Template(_)
            | AppError::Seed(_)
            | AppError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The heading of the error page.
    fn title(&self) -> &'static str {
        match self {
            AppError::SignInRequired => "Sign in",
            AppError::Csrf => "Forbidden",
            AppError::Removed(_) => "No access",
            AppError::NotAMember(_) => "Not a member",
            AppError::InvitePending(_) => "Invitation pending",
            AppError::Restricted => "Restricted access",
            AppError::NotFound(_) => "Not found",
            AppError::BadForm(_) => "Invalid form",
            AppError::Refused(CommandError::Denied(_)) => "Not allowed",
            AppError::Refused(_) => "Refused",
            AppError::Conflict => "Changed meanwhile",
            _ => "Something went wrong",
        }
    }

    /// The message shown to the person: the error's own words, except for server faults,
    /// whose details go to the log only.
    pub fn message(&self) -> String {
        match self.status() {
            StatusCode::INTERNAL_SERVER_ERROR => {
                "Something went wrong on the server; it has been logged.".to_owned()
            }
            _ => {
                let text = self.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => text,
                }
            }
        }
    }
}

/// The error page (`templates/error.html`).
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    kind: &'a str,
    workspace: Option<&'a str>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignInRequired = self {
            return Redirect::to("/signin").into_response();
        }
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("seatwise-app: {self}");
        }
        let message = self.message();
        let (kind, workspace) = match &self {
            AppError::Removed(ws) => ("no-access", Some(ws.as_str())),
            AppError::NotAMember(ws) => ("not-member", Some(ws.as_str())),
            AppError::InvitePending(ws) => ("invite-pending", Some(ws.as_str())),
            AppError::Restricted => ("restricted", None),
            AppError::Csrf => ("csrf", None),
            _ => ("error", None),
        };
        let page = ErrorPage {
            title: self.title(),
            message: &message,
            kind,
            workspace,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, message).into_response(),
        }
    }
}

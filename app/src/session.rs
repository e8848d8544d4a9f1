//! Sessions and CSRF protection (W-7).
//!
//! A session is one signed cookie (`seatwise_session`, HMAC-SHA256 with a key generated when
//! the application starts, through axum-extra's `SignedCookieJar`) holding a random 128-bit
//! CSRF token and, once signed in, the user's id. Every visitor gets one on their first
//! request. Every POST must carry the same token in its `csrf` form field: the middleware
//! [`guard`] checks it before any handler runs and answers 403 with a plain message
//! otherwise, so no handler can forget it. Signing in or out issues a fresh token.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite, SignedCookieJar};
use seatwise::UserId;

use crate::{App, AppError};

/// The session cookie's name.
pub const COOKIE: &str = "seatwise_session";

/// Form bodies larger than this are refused before they are read whole.
const MAX_FORM_BYTES: usize = 1 << 20;

/// The visitor's session: a CSRF token, and the user once signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    csrf: String,
    user: Option<UserId>,
}

impl Session {
    /// A new session with a fresh token, signed in as `user` if given.
    ///
    /// # Errors
    ///
    /// [`AppError::Io`] when the operating system gives no random bytes.
    pub fn new(user: Option<UserId>) -> Result<Session, AppError> {
        Ok(Session {
            csrf: random_token()?,
            user,
        })
    }

    /// The CSRF token every form of this session carries.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<UserId> {
        self.user
    }

    /// The cookie value: `v1.<token>.<user id or ->`.
    fn encode(&self) -> String {
        match self.user {
            Some(user) => format!("v1.{}.{}", self.csrf, user.get()),
            None => format!("v1.{}.-", self.csrf),
        }
    }

    /// Reads a cookie value written by [`encode`](Self::encode); `None` for anything else.
    fn decode(value: &str) -> Option<Session> {
        let mut parts = value.split('.');
        let (version, csrf, user) = (parts.next()?, parts.next()?, parts.next()?);
        if version != "v1" || parts.next().is_some() || csrf.len() != 32 {
            return None;
        }
        let user = match user {
            "-" => None,
            id => Some(UserId::new(id.parse().ok()?)),
        };
        Some(Session {
            csrf: csrf.to_owned(),
            user,
        })
    }

    /// The signed cookie carrying this session: HttpOnly, SameSite=Strict, path `/`, and
    /// Secure when the application is configured for HTTPS.
    pub fn cookie(&self, secure: bool) -> Cookie<'static> {
        let mut cookie = Cookie::new(COOKIE, self.encode());
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Strict);
        cookie.set_path("/");
        cookie.set_secure(secure);
        cookie
    }

    /// The session in `jar`, if its signature holds and it parses.
    pub fn from_jar(jar: &SignedCookieJar) -> Option<Session> {
        jar.get(COOKIE).and_then(|c| Session::decode(c.value()))
    }
}

/// 128 random bits as 32 hexadecimal digits: CSRF tokens and invitation link tokens.
///
/// # Errors
///
/// [`AppError::Io`] when the operating system gives no random bytes.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Io(std::io::Error::other(e.to_string())))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two tokens in time that does not depend on where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Middleware: makes sure every request has a session (issuing the cookie when it is new)
/// and refuses every POST whose `csrf` field is not the session's token (403, W-7).
pub async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    match guarded(app, request, next).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn guarded(app: App, request: Request, next: Next) -> Result<Response, AppError> {
    let jar = SignedCookieJar::from_headers(request.headers(), app.key().clone());
    let existing = Session::from_jar(&jar);
    let (mut request, session, fresh) = match existing {
        Some(session) => (request, session, false),
        None => (request, Session::new(None)?, true),
    };
    if request.method() == Method::POST {
        // A new session has no token anyone could have put in a form.
        if fresh {
            return Err(AppError::Csrf);
        }
        let (parts, body) = request.into_parts();
        let bytes = to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| AppError::BadForm("the form is too large".to_owned()))?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadForm("the form could not be read".to_owned()))?;
        let sent = fields
            .iter()
            .find(|(name, _)| name == "csrf")
            .map(|(_, value)| value.as_str());
        match sent {
            Some(token) if same_token(token, session.csrf()) => {}
            _ => return Err(AppError::Csrf),
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    request.extensions_mut().insert(session.clone());
    let response = next.run(request).await;
    if fresh {
        let jar = jar.add(session.cookie(app.secure_cookies()));
        Ok((jar, response).into_response())
    } else {
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w7_session_round_trips_and_refuses_garbage() {
        let session = Session::new(Some(UserId::new(42))).unwrap();
        assert_eq!(Session::decode(&session.encode()), Some(session.clone()));
        let anonymous = Session::new(None).unwrap();
        assert_eq!(Session::decode(&anonymous.encode()), Some(anonymous));
        for bad in [
            "",
            "v1",
            "v2.0123456789abcdef0123456789abcdef.-",
            "v1.short.-",
            "v1.0123456789abcdef0123456789abcdef.x",
        ] {
            assert_eq!(Session::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn w7_tokens_compare_whole() {
        assert!(same_token("abcd", "abcd"));
        assert!(!same_token("abcd", "abce"));
        assert!(!same_token("abcd", "abc"));
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

//! An in-process HTTP client for the application's router: requests go through
//! `tower::ServiceExt::oneshot`, the session cookie is carried by hand, redirects are not
//! followed (the tests check them).

#![allow(dead_code, reason = "each test file uses a part of the helper")]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use seatwise_app::App;
use tower::ServiceExt;

/// A response: status, `Location`, body.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    /// Fails the test unless the body contains `text`.
    #[track_caller]
    pub fn shows(&self, text: &str) -> &Self {
        assert!(
            self.body.contains(text)
                || unescape(&self.body)
                    .to_lowercase()
                    .contains(&text.to_lowercase()),
            "expected {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
        self
    }

    /// Fails the test if the body contains `text`.
    #[track_caller]
    pub fn lacks(&self, text: &str) -> &Self {
        assert!(
            !self.body.contains(text)
                && !unescape(&self.body)
                    .to_lowercase()
                    .contains(&text.to_lowercase()),
            "did not expect {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
        self
    }

    #[track_caller]
    pub fn status(&self, status: StatusCode) -> &Self {
        assert_eq!(self.status, status, "{}", self.body);
        self
    }

    /// The values of the hidden inputs of the first form posting to `action`.
    pub fn form_fields(&self, action: &str) -> Vec<(String, String)> {
        let start = self
            .body
            .find(&format!("action=\"{action}\""))
            .unwrap_or_else(|| panic!("no form posting to {action}:\n{}", self.body));
        let rest = &self.body[start..];
        let end = rest.find("</form>").unwrap_or(rest.len());
        let form = &rest[..end];
        let mut fields = Vec::new();
        for input in form.split("<input").skip(1) {
            let attr = |name: &str| {
                input
                    .split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .map(unescape)
            };
            if input.contains("type=\"hidden\"") {
                if let (Some(n), Some(v)) = (attr("name"), attr("value")) {
                    fields.push((n, v));
                }
            }
        }
        fields
    }
}

/// Undoes askama's HTML escaping of attribute values.
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&#96;", "`")
}

/// A browser without JavaScript: one session cookie.
pub struct Client {
    pub app: App,
    router: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    /// A fresh demo application (its own temporary database) and a visitor without a session.
    pub async fn new() -> Client {
        let app = seatwise_app::demo("sqlite::memory:")
            .await
            .expect("demo starts");
        Client::on(app)
    }

    /// Another visitor of the same application.
    pub fn on(app: App) -> Client {
        let router = app.router();
        Client {
            app,
            router,
            cookie: None,
            csrf: None,
        }
    }

    async fn send(&mut self, request: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().expect("ascii cookie");
            let pair = text.split(';').next().expect("a pair").to_owned();
            self.cookie = Some(pair);
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("ascii").to_owned());
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = String::from_utf8(bytes.to_vec()).expect("utf-8");
        if let Some(token) = body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            self.csrf = Some(token.to_owned());
        }
        Page {
            status,
            location,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let mut request = Request::get(path);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    /// Posts `fields` as a form, adding this session's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly `fields` (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("form");
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// Posts owned fields (from [`Page::form_fields`]), adding the CSRF token if absent.
    pub async fn post_fields(&mut self, path: &str, fields: &[(String, String)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let token = self.csrf.clone().unwrap_or_default();
        if !fields.iter().any(|(n, _)| n == "csrf") {
            all.insert(0, ("csrf", token.as_str()));
        }
        self.post_raw(path, &all).await
    }

    /// Signs in as the demo user `id` through the sign-in page.
    pub async fn sign_in(&mut self, id: u64) -> &mut Self {
        self.get("/signin").await.status(StatusCode::OK);
        let page = self.post("/signin", &[("user", &id.to_string())]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(page.location.as_deref(), Some("/spaces"));
        // Pick up the new session's CSRF token.
        self.get("/signin").await;
        self
    }
}

/// Sends the add-users form of `ws` with `lines` of (e-mail, role label).
pub async fn preview_invite(
    client: &mut Client,
    ws: &str,
    path: &str,
    lines: &[(&str, &str)],
) -> Page {
    let page = client.get(&format!("/w/{ws}/{path}")).await;
    page.status(StatusCode::OK);
    let mut fields: Vec<(String, String)> = Vec::new();
    for (i, (email, role)) in lines.iter().enumerate() {
        let key = role_key(&page.body, role);
        fields.push((format!("email{}", i + 1), (*email).to_owned()));
        fields.push((format!("role{}", i + 1), key));
    }
    client
        .post_fields(&format!("/w/{ws}/invite/preview"), &fields)
        .await
}

/// The form value of the role labelled `label` in the add-users form.
pub fn role_key(body: &str, label: &str) -> String {
    let form = &body[body.find("id=\"invite-form\"").expect("the add-users form")..];
    let end = form
        .find(&format!(">{label}</option>"))
        .unwrap_or_else(|| panic!("no role {label} offered:\n{form}"));
    let before = &form[..end];
    let start = before.rfind("value=\"").expect("a value") + 7;
    before[start..].split('"').next().unwrap().to_owned()
}

/// The demo users, by id (see the sign-in page).
pub mod users {
    pub const OLIVIA: u64 = 1; // closers-inc owner
    pub const DAN: u64 = 2; // Super Admin
    pub const MARIA: u64 = 3; // Sales Manager
    pub const CARLA: u64 = 4; // Closer
    pub const SAM: u64 = 5; // Setter
    pub const PETE: u64 = 6; // invited to closers-inc
    pub const OLGA: u64 = 10; // deal-room owner
    pub const ADA: u64 = 11; // Admin
    pub const ED: u64 = 12; // Editor
    pub const ROB: u64 = 13; // removed
    pub const PIA: u64 = 14; // invited to deal-room
    pub const VIC: u64 = 15; // asked for access
    pub const VAL: u64 = 16; // asked for access
    pub const RITA: u64 = 20; // guest
}

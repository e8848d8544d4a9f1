//! The browser tests' harness: the application served in-process on 127.0.0.1:0 (its own
//! temporary SQLite database), headless Chromium sessions through the chromedriver named by
//! `SEATWISE_TEST_WEBDRIVER_URL`, screenshots, and the cleanup that closes every session even
//! when a test fails.

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// The environment variable naming a running chromedriver, e.g. `http://127.0.0.1:9515`.
pub const WEBDRIVER_URL: &str = "SEATWISE_TEST_WEBDRIVER_URL";
/// Where screenshots go; `target/screenshots/` when unset.
pub const SCREENSHOT_DIR: &str = "SEATWISE_SCREENSHOT_DIR";

/// What a test body returns: any error fails the test with its message.
pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// How long a page may take to show what a test waits for.
const PATIENCE: Duration = Duration::from_secs(10);

/// The window every session opens with; screenshots of long pages grow it for the shot.
const WIDTH: u32 = 1280;
const HEIGHT: u32 = 1000;

/// One test's world: the served application and the browser sessions it opened.
#[derive(Clone)]
pub struct Env {
    /// `http://127.0.0.1:PORT`, the served application.
    pub base: String,
    webdriver: String,
    sessions: Arc<Mutex<Vec<Client>>>,
    shots: PathBuf,
}

impl Env {
    /// Opens a new browser session (its own cookies: another person at another computer).
    /// It is closed when the test ends, passed or failed.
    pub async fn browser(&self) -> Result<Browser, Box<dyn std::error::Error + Send + Sync>> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    format!("--window-size={WIDTH},{HEIGHT}"),
                ]
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.webdriver)
            .await
            .map_err(|e| {
                format!(
                    "no WebDriver session at {} ({WEBDRIVER_URL}): {e}",
                    self.webdriver
                )
            })?;
        self.sessions
            .lock()
            .map_err(|_| "session list poisoned")?
            .push(client.clone());
        Ok(Browser {
            client,
            base: self.base.clone(),
            shots: self.shots.clone(),
        })
    }
}

/// Runs one browser test: skips it, saying so past libtest's capture, when no chromedriver is
/// named; otherwise serves a fresh application, runs `body`, and closes every session it
/// opened whether `body` returned, failed or panicked, then fails the test if it did.
pub async fn run<F, Fut>(body: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    let webdriver = match std::env::var(WEBDRIVER_URL) {
        Ok(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => {
            say_not_run();
            return;
        }
    };
    let app = seatwise_app::demo("sqlite::memory:")
        .await
        .expect("the demo application starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let address = listener.local_addr().expect("the bound address");
    let router = app.router();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let env = Env {
        base: format!("http://{address}"),
        webdriver,
        sessions: Arc::new(Mutex::new(Vec::new())),
        shots: screenshot_dir(),
    };
    // The body runs as its own task so that a panic inside it is caught here and the
    // sessions are still closed (a leaked session keeps a Chromium running).
    let outcome = tokio::spawn(body(env.clone())).await;
    let sessions: Vec<Client> = env
        .sessions
        .lock()
        .map(|mut s| s.drain(..).collect())
        .unwrap_or_default();
    for session in sessions {
        let _ = session.close().await;
    }
    server.abort();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error}"),
        Err(join) => match join.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(join) => panic!("the test task was cancelled: {join}"),
        },
    }
}

/// Writes, once per test binary and straight to the process's stderr (libtest captures only
/// `print!` / `eprint!`), that the browser tests did not run.
fn say_not_run() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "browser tests NOT run: set {WEBDRIVER_URL} (see .ci/chromium.sh)"
        );
    });
}

/// `$SEATWISE_SCREENSHOT_DIR`, else `screenshots/` in the target directory.
fn screenshot_dir() -> PathBuf {
    match std::env::var_os(SCREENSHOT_DIR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            // Integration tests get `<target>/tmp`; its parent is the target directory,
            // wherever CARGO_TARGET_DIR put it.
            let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
            tmp.parent()
                .map_or_else(|| tmp.join("screenshots"), |t| t.join("screenshots"))
        }
    }
}

/// One browser session on the served application.
pub struct Browser {
    client: Client,
    base: String,
    shots: PathBuf,
}

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

impl Browser {
    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `path` of the application.
    pub async fn open(&self, path: &str) -> Res<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    /// Reloads the current page.
    pub async fn reload(&self) -> Res<()> {
        self.client.refresh().await?;
        Ok(())
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> Res<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// Signs in through the demo sign-in page by pressing "Sign in as `name`", and waits
    /// until the browser has left the sign-in page (for the user's list of spaces).
    pub async fn sign_in(&self, name: &str) -> Res<()> {
        self.open("/signin").await?;
        self.button(&format!("Sign in as {name}"))
            .await?
            .click()
            .await?;
        self.wait_for(&format!("the sign-in of {name} to complete"), || async {
            Ok(self.path().await? != "/signin")
        })
        .await
    }

    /// The first element matching the CSS `selector`, if any.
    pub async fn first(&self, selector: &str) -> Res<Option<Element>> {
        Ok(self
            .client
            .find_all(Locator::Css(selector))
            .await?
            .into_iter()
            .next())
    }

    /// The element matching `selector`, or an error naming it and the page.
    pub async fn find(&self, selector: &str) -> Res<Element> {
        match self.first(selector).await? {
            Some(element) => Ok(element),
            None => Err(format!("no `{selector}` on {}", self.path().await?).into()),
        }
    }

    /// How many elements match `selector`.
    pub async fn count(&self, selector: &str) -> Res<usize> {
        Ok(self.client.find_all(Locator::Css(selector)).await?.len())
    }

    /// The visible text of the element matching `selector`.
    pub async fn text(&self, selector: &str) -> Res<String> {
        Ok(self.find(selector).await?.text().await?)
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> Res<String> {
        self.text("body").await
    }

    /// The texts of every element matching `selector`, in page order.
    pub async fn texts(&self, selector: &str) -> Res<Vec<String>> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(selector)).await? {
            out.push(element.text().await?);
        }
        Ok(out)
    }

    /// The button whose visible text is exactly `label` (spaces normalised).
    pub async fn button(&self, label: &str) -> Res<Element> {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(label));
        match self
            .client
            .find_all(Locator::XPath(&xpath))
            .await?
            .into_iter()
            .next()
        {
            Some(element) => Ok(element),
            None => Err(format!("no button `{label}` on {}", self.path().await?).into()),
        }
    }

    /// The link whose visible text is exactly `label`.
    pub async fn link(&self, label: &str) -> Res<Element> {
        let xpath = format!("//a[normalize-space()={}]", xpath_literal(label));
        match self
            .client
            .find_all(Locator::XPath(&xpath))
            .await?
            .into_iter()
            .next()
        {
            Some(element) => Ok(element),
            None => Err(format!("no link `{label}` on {}", self.path().await?).into()),
        }
    }

    /// The row of the people (or requests) table whose `data-email` is `email`, within the
    /// table `table` (`#members`, `#requests`).
    pub async fn row(&self, table: &str, email: &str) -> Res<Option<Element>> {
        self.first(&format!("{table} tr[data-email=\"{email}\"]"))
            .await
    }

    /// The navigation's entries, by their visible text.
    pub async fn nav(&self) -> Res<Vec<String>> {
        self.texts("nav#nav a").await
    }

    /// Clicks `element` and waits until the page has changed to one showing `selector`.
    pub async fn click_to(&self, element: Element, selector: &str) -> Res<()> {
        let before = self.client.find(Locator::Css("html")).await?;
        element.click().await?;
        self.wait_for(&format!("a new page with `{selector}`"), || async {
            // The old document's root goes stale once the browser has navigated.
            let moved = before.tag_name().await.is_err();
            Ok(moved && self.first(selector).await?.is_some())
        })
        .await
    }

    /// Polls `ready` until it says yes, or fails after a few seconds naming `what`.
    pub async fn wait_for<F, Fut>(&self, what: &str, mut ready: F) -> Res<()>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Res<bool>>,
    {
        let start = std::time::Instant::now();
        loop {
            if ready().await.unwrap_or(false) {
                return Ok(());
            }
            if start.elapsed() > PATIENCE {
                return Err(
                    format!("waited in vain for {what} (on {})", self.path().await?).into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the whole page as `name` (e.g. `users-page.png`) in the screenshot
    /// directory: the window grows to the page's height for the shot, then shrinks back.
    pub async fn screenshot(&self, name: &str) -> Res<PathBuf> {
        let height = self
            .client
            .execute(
                "return Math.ceil(Math.max(document.documentElement.scrollHeight, \
                 document.body ? document.body.scrollHeight : 0) \
                 + (window.outerHeight - window.innerHeight));",
                Vec::new(),
            )
            .await?
            .as_u64()
            .and_then(|h| u32::try_from(h).ok())
            .unwrap_or(HEIGHT)
            .clamp(HEIGHT, 6000);
        if height > HEIGHT {
            self.client.set_window_size(WIDTH, height).await?;
        }
        let png = self.client.screenshot().await;
        if height > HEIGHT {
            self.client.set_window_size(WIDTH, HEIGHT).await?;
        }
        self.save(name, png?)
    }

    /// Saves a PNG of the window as it is (the top of a long page) as `name`.
    pub async fn screenshot_window(&self, name: &str) -> Res<PathBuf> {
        let png = self.client.screenshot().await?;
        self.save(name, png)
    }

    fn save(&self, name: &str, png: Vec<u8>) -> Res<PathBuf> {
        if !png.starts_with(b"\x89PNG") {
            return Err(format!("the screenshot {name} is not a PNG").into());
        }
        std::fs::create_dir_all(&self.shots)?;
        let path = self.shots.join(name);
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// `text` as an XPath string literal (XPath 1.0 has no escapes: quote with whichever quote
/// the text lacks, or concatenate).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

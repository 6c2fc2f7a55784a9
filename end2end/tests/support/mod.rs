//! Shared e2e plumbing: the server address, a headless Chromium, and the steps every journey
//! repeats (wait for hydration, sign in, sign out).

#![allow(dead_code)]

use anyhow::{Context, bail};
use playwright_rs::{
    AriaRole, Browser, BrowserContext, BrowserContextOptions, GetByRoleOptions, LaunchOptions,
    Page, Playwright, expect, expect_page,
};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const ADMIN_NAME: &str = "Ada Admin";
pub const ADMIN_EMAIL: &str = "ada@e2e.test";
pub const ADMIN_PASSWORD: &str = "ada-e2e-password-1";

pub fn base() -> String {
    std::env::var("E2E_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:3000".into())
}

pub fn url(path: &str) -> String {
    format!("{}{path}", base())
}

/// cargo leptos end-to-end starts the server without waiting for it: poll /healthz.
pub async fn wait_for_server() -> anyhow::Result<()> {
    let addr = base().trim_start_matches("http://").to_owned();
    for _ in 0..300 {
        if let Ok(mut s) = tokio::net::TcpStream::connect(&addr).await {
            let req = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            if s.write_all(req.as_bytes()).await.is_ok() {
                let mut buf = Vec::new();
                if s.read_to_end(&mut buf).await.is_ok() && buf.starts_with(b"HTTP/1.1 200") {
                    return Ok(());
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bail!("the server at {} never became healthy", base())
}

/// A plain HTTP request to the server, as a script would send it: the status and the body.
pub async fn http(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> anyhow::Result<(u16, String)> {
    let addr = base().trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr).await?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    req.push_str("Content-Length: 0\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .context("not an HTTP response")?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

pub struct Session {
    pub pw: Playwright,
    pub browser: Browser,
}

impl Session {
    pub async fn start() -> anyhow::Result<Self> {
        wait_for_server().await?;
        let pw = Playwright::launch()
            .await
            .context("start the Playwright driver")?;
        let chromium = std::env::var("E2E_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ];
        let browser = pw
            .chromium()
            .launch_with_options(
                LaunchOptions::new()
                    .executable_path(chromium)
                    .headless(true)
                    .args(args.iter().map(|a| (*a).to_owned()).collect()),
            )
            .await
            .context("launch Chromium")?;
        Ok(Self { pw, browser })
    }

    /// A fresh browser profile (cookies, storage) in English, with or without JavaScript.
    pub async fn context(&self, javascript: bool) -> anyhow::Result<BrowserContext> {
        let ctx = self
            .browser
            .new_context_with_options(
                BrowserContextOptions::builder()
                    .locale("en-US".to_owned())
                    .javascript_enabled(javascript)
                    .build(),
            )
            .await?;
        ctx.set_default_timeout(15_000.0).await;
        Ok(ctx)
    }

    pub async fn finish(self) -> anyhow::Result<()> {
        self.browser.close().await?;
        self.pw.shutdown().await?;
        Ok(())
    }
}

/// Opens `path` and waits until the wasm app has hydrated it. A page that reloads itself
/// after a save can abort the navigation; it is tried again then.
pub async fn open(page: &Page, path: &str) -> anyhow::Result<()> {
    for attempt in 1.. {
        match page.goto(&url(path), None).await {
            Ok(_) => break,
            Err(e) if attempt < 3 && e.to_string().contains("ERR_ABORTED") => {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    hydrated(page).await
}

pub async fn hydrated(page: &Page) -> anyhow::Result<()> {
    page.locator("html[data-hydrated=true]")
        .wait_for(None)
        .await
        .context("the page never hydrated")
}

pub fn button(page: &Page, name: &str) -> playwright_rs::Locator {
    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name(name).exact(true)),
    )
}

pub fn link(page: &Page, name: &str) -> playwright_rs::Locator {
    page.get_by_role(
        AriaRole::Link,
        Some(GetByRoleOptions::default().name(name).exact(true)),
    )
}

pub async fn heading_is(page: &Page, text: &str) -> anyhow::Result<()> {
    expect(page.locator("h1"))
        .with_timeout(Duration::from_secs(15))
        .to_have_text(text)
        .await
        .with_context(|| format!("expected the heading {text:?} on {}", page.url()))
}

pub async fn at(page: &Page, path: &str) -> anyhow::Result<()> {
    page.wait_for_url(&url(path), None)
        .await
        .with_context(|| format!("expected to reach {path}, at {}", page.url()))
}

/// Opens a filtered list, follows its first row's link, and waits for that record's page.
pub async fn open_first_row(page: &Page, list: &str, heading: &str) -> anyhow::Result<()> {
    open(page, list).await?;
    page.locator("table tbody a").first().click(None).await?;
    heading_is(page, heading).await?;
    hydrated(page).await
}

/// Signs in through the form (JavaScript on) and waits for the home page.
pub async fn sign_in(page: &Page, email: &str, password: &str) -> anyhow::Result<()> {
    open(page, "/login").await?;
    page.get_by_label("Email", true).fill(email, None).await?;
    page.get_by_label("Password", true)
        .fill(password, None)
        .await?;
    button(page, "Sign in").click(None).await?;
    at(page, "/").await
}

/// Signs out through the user menu, whatever the UI language.
pub async fn sign_out(page: &Page) -> anyhow::Result<()> {
    page.locator("details.user-menu summary")
        .click(None)
        .await?;
    page.locator("details.user-menu .menu button")
        .click(None)
        .await?;
    page.wait_for_url(&format!("{}*", url("/login")), None)
        .await?;
    Ok(())
}

pub async fn page_in(ctx: &BrowserContext) -> anyhow::Result<Page> {
    Ok(ctx.new_page().await?)
}

pub async fn expect_url(page: &Page, path: &str) -> anyhow::Result<()> {
    expect_page(page).to_have_url(&url(path)).await?;
    Ok(())
}

/// Fails when any visible form control on the page has no accessible label (a `<label>`,
/// `aria-label` or `aria-labelledby`), naming the offenders.
pub async fn every_control_is_labelled(page: &Page) -> anyhow::Result<()> {
    let unlabelled: Vec<String> = page
        .evaluate(
            "() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(el => el.labels.length === 0
                    && !el.getAttribute('aria-label')
                    && !el.getAttribute('aria-labelledby'))
                .map(el => el.outerHTML.slice(0, 120))",
            None::<&()>,
        )
        .await?;
    if !unlabelled.is_empty() {
        bail!("unlabelled controls on {}: {unlabelled:?}", page.url());
    }
    Ok(())
}

/// One webhook message as a [`Receiver`] got it.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub signature: String,
    pub body: String,
}

/// A webhook receiver on loopback (the e2e server allows private targets): it records each
/// POST and answers 200.
pub struct Receiver {
    pub url: String,
    got: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/hooks", listener.local_addr()?);
        let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = got.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = sink.clone();
                tokio::spawn(async move {
                    if let Ok(m) = receive(stream).await
                        && let Ok(mut all) = sink.lock()
                    {
                        all.push(m);
                    }
                });
            }
        });
        Ok(Self { url, got })
    }

    /// Waits (up to 20 s) until `n` messages have arrived, and returns them in order.
    pub async fn wait_for(&self, n: usize) -> anyhow::Result<Vec<Received>> {
        for _ in 0..200 {
            let got = self.got.lock().map(|g| g.clone()).unwrap_or_default();
            if got.len() >= n {
                return Ok(got);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the receiver did not get {n} messages in time")
    }
}

/// Reads one HTTP request (headers, then `Content-Length` bytes of body) and answers 200.
async fn receive(mut stream: tokio::net::TcpStream) -> anyhow::Result<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head, body_at) = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("the connection closed mid-request");
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&buf[..end]).into_owned(), end + 4);
        }
    };
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    while buf.len() < body_at + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[body_at..]).into_owned();
    stream
        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .await?;
    Ok(Received {
        id: header("webhook-id"),
        signature: header("webhook-signature"),
        body,
    })
}

//! `seatwise-app`: serves the reference application on 127.0.0.1.
//!
//! ```sh
//! cargo run -p seatwise-app                        # port 3000, database in memory
//! cargo run -p seatwise-app -- --port 0 --db sqlite://demo.db?mode=rwc
//! ```
//!
//! The port comes from `--port`, else `SEATWISE_APP_PORT`, else 3000 (0 picks a free one);
//! the database from `--db`, else `SEATWISE_APP_DB`, else memory.

#![forbid(unsafe_code)]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::{Ipv4Addr, SocketAddr};

use seatwise_app::{demo, AppError};

/// The command line: `--port N`, `--db URL`.
struct Args {
    port: u16,
    db: String,
}

fn args() -> Result<Args, String> {
    let mut port = std::env::var("SEATWISE_APP_PORT").ok();
    let mut db = std::env::var("SEATWISE_APP_DB").ok();
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "--port" => port = Some(given.next().ok_or("--port needs a number")?),
            "--db" => db = Some(given.next().ok_or("--db needs a URL")?),
            "-h" | "--help" => {
                return Err(
                    "usage: seatwise-app [--port N] [--db sqlite://path?mode=rwc]".to_owned(),
                )
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    let port = match port {
        Some(text) => text
            .parse()
            .map_err(|_| format!("`{text}` is not a port number"))?,
        None => 3000,
    };
    Ok(Args {
        port,
        db: db.unwrap_or_else(|| "sqlite::memory:".to_owned()),
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    match serve(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("seatwise-app: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> Result<(), AppError> {
    let app = demo(&args.db).await?;
    // The outbox consumer: "sends" the e-mails and records the billing history (S-5), then
    // prunes what it has acted on. The mailbox and billing pages also deliver before they read,
    // so this only keeps up between.
    let consumer = app.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            if let Err(error) = consumer.deliver_outbox().await {
                eprintln!("seatwise-app: outbox: {error}");
            }
            // The application is the database's only consumer: what it has acted on can go.
            if let Err(error) = consumer.prune_outbox().await {
                eprintln!("seatwise-app: outbox: {error}");
            }
        }
    });
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port))).await?;
    let address = listener.local_addr()?;
    println!(
        "seatwise demo listening on http://{address}/  (demo sign-in: http://{address}/signin)"
    );
    axum::serve(listener, app.router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

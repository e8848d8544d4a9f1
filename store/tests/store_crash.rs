//! Crash safety (S-2, S-4, S-5): a child process commits in a loop on a SQLite file and is
//! killed (SIGKILL) at random points; on every reopen each command is wholly there — its
//! commit, events, read-model rows, outbox entries and any snapshot due at its version — or
//! wholly absent, and every version the child reported committed is there.
mod common;

use std::process::Stdio;
use std::time::Duration;

use common::unique;
use seatwise_store::{Store, StoreOptions};
use tokio::io::AsyncBufReadExt as _;

const ROUNDS: u64 = 12;
const SNAPSHOT_EVERY: u64 = 4;

/// A small xorshift generator: random kill points without a dependency, reproducible from
/// the seed printed on failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s2_a_killed_writer_leaves_each_command_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("crash.db").display()
    );
    let ws = unique("crash");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let mut last_reported = 0u64;
    let mut heads = Vec::new();
    for round in 0..ROUNDS {
        let mut child =
            tokio::process::Command::new(env!("CARGO_BIN_EXE_seatwise-store-crash-writer"))
                .args([url.as_str(), ws.as_str(), &SNAPSHOT_EVERY.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read what the child reports while it runs, then kill it at a random point.
        let reader = tokio::spawn(async move {
            let mut lines = tokio::io::BufReader::new(stdout).lines();
            let mut last = 0u64;
            while let Ok(Some(line)) = lines.next_line().await {
                last = line.trim().parse().unwrap_or(last);
            }
            last
        });
        let wait = 150 + rng.below(400);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                use tokio::io::AsyncReadExt as _;
                stderr.read_to_string(&mut err).await.unwrap();
            }
            panic!("round {round}: the writer stopped by itself ({status}): {err}");
        }
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
        let reported = reader.await.unwrap();
        last_reported = last_reported.max(reported);

        // Reopen and check everything the killed writer left.
        let store =
            Store::connect_with(&url, StoreOptions::default().snapshot_every(SNAPSHOT_EVERY))
                .await
                .unwrap();
        let report = match store.check(&ws).await {
            Ok(report) => report,
            // Killed before the creation committed: nothing at all may be there.
            Err(seatwise_store::StoreError::NotFound(_)) if round == 0 && reported == 0 => continue,
            Err(e) => panic!("round {round} (seed {seed}): {e}"),
        };
        // Every command is in the outbox, whole (check compares them to the log).
        assert_eq!(report.versions_in_outbox, report.version, "round {round}");
        // Every version the writer reported committed survived the kill.
        assert!(
            report.version >= last_reported,
            "round {round}: reported {last_reported}, stored {}",
            report.version
        );
        // The snapshot due at the last multiple of the interval was written with its command.
        let due = report.version - report.version % SNAPSHOT_EVERY;
        let expected = (due > 0).then_some(due);
        assert_eq!(report.snapshot, expected, "round {round}");
        heads.push(report.version);
        drop(store);
    }
    eprintln!("heads after each kill: {heads:?}");
    // The writer made progress across the kills (it was not killed before committing anything).
    assert!(
        heads.last().copied().unwrap_or(0) > 20,
        "too little progress: {heads:?}"
    );
}

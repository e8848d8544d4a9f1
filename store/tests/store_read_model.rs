//! S-2: the read model a command writes row by row stays exactly the workspace's, over
//! generated command sequences (the crate's own strategies: invitations, acceptances,
//! requests, role and team changes, removals, ownership transfers, plan changes, keyed
//! retries, refusals). A command writes only the rows its events touch, upserting what exists
//! after it and deleting only what existed before it; `Store::check` compares every row of
//! every table with the workspace after each command, and the workspace the store holds with
//! the one the same steps made in memory.

mod common;

use common::{unique, Db};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use seatwise::strategies::{self, Step, WorkspaceCase};
use seatwise::{presets, Change, Plan, Policy, TeamId, UserId};
use seatwise_store::{StoreError, StoreOptions};

/// Sequences per policy and plan, and their longest length.
const CASES: usize = 2;
const STEPS: usize = 48;

async fn run_case(db: &Db, policy: &Policy, plan: &Plan, seed: u8) -> (usize, usize) {
    let store = db.store(StoreOptions::default().snapshot_every(7)).await;
    let ws = unique("s2-generated");
    let mut case = WorkspaceCase::new(policy.clone(), plan.clone()).unwrap();
    store
        .create(
            &ws,
            policy.clone(),
            plan.clone(),
            strategies::OWNER,
            strategies::email_of(strategies::OWNER).unwrap(),
            "Owner",
            strategies::start(),
        )
        .await
        .unwrap();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    );
    let steps = strategies::commands(policy, 0..STEPS)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    // Then teams, which generated sequences rarely reach: two teams, members added to both,
    // one removed from a team, a member in a team removed, a team deleted.
    let members: Vec<UserId> = case.users.clone();
    let mut team_steps = Vec::new();
    for team in [1, 2] {
        team_steps.push(Change::CreateTeam {
            team: TeamId::new(team),
            name: format!("Team {team}"),
        });
    }
    for (n, user) in members.iter().enumerate() {
        team_steps.push(Change::AddToTeam {
            team: TeamId::new(1 + u64::try_from(n % 2).unwrap()),
            user: *user,
        });
        team_steps.push(Change::AddToTeam {
            team: TeamId::new(2),
            user: *user,
        });
    }
    for user in members.iter().take(3) {
        team_steps.push(Change::RemoveFromTeam {
            team: TeamId::new(2),
            user: *user,
        });
    }
    for user in members.iter().skip(3).take(2) {
        team_steps.push(Change::RemoveMember { user: *user });
    }
    team_steps.push(Change::RenameTeam {
        team: TeamId::new(1),
        name: "Renamed".into(),
    });
    team_steps.push(Change::DeleteTeam {
        team: TeamId::new(2),
    });
    let steps = steps
        .into_iter()
        .chain(team_steps.into_iter().map(|change| Step {
            actor: strategies::OWNER,
            change,
            key: None,
            confirm: true,
            advance: 60,
        }));
    let (mut applied, mut refused) = (0, 0);
    for (i, step) in steps.enumerate() {
        let step = &step;
        case.advance(step);
        let command = case.command(step);
        let in_memory = case.execute(step.actor, command.clone());
        let stored = store.execute(&ws, step.actor, command, case.now).await;
        match (&in_memory, &stored) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{}: step {i}: {step:?}", db.name);
                applied += 1;
            }
            (Err(a), Err(StoreError::Command(b))) => {
                assert_eq!(a, b, "{}: step {i}: {step:?}", db.name);
                refused += 1;
            }
            _ => panic!(
                "{}: step {i}: {step:?}: {in_memory:?} / {stored:?}",
                db.name
            ),
        }
        // S-2: every row of every read-model table is the workspace's (and the log, the
        // snapshots and the outbox hold together).
        store
            .check(&ws)
            .await
            .unwrap_or_else(|e| panic!("{}: after step {i} ({step:?}): {e}", db.name));
    }
    assert_eq!(
        *store.load(&ws).await.unwrap(),
        case.workspace,
        "{}",
        db.name
    );
    (applied, refused)
}

#[tokio::test(flavor = "current_thread")]
async fn s2_generated_commands_keep_the_read_model_equal_to_the_workspace() {
    let cases = [
        (presets::deal_space().unwrap(), Plan::business()),
        (presets::sales_scheduler().unwrap(), Plan::startup()),
        (presets::sales_scheduler().unwrap(), Plan::business()),
    ];
    for db in common::engines(true) {
        let (mut applied, mut refused) = (0, 0);
        for (k, (policy, plan)) in cases.iter().enumerate() {
            for seed in 0..CASES {
                let seed = u8::try_from(k * CASES + seed).unwrap();
                let (a, r) = run_case(&db, policy, plan, seed).await;
                applied += a;
                refused += r;
            }
        }
        // The sequences did change the workspaces, and met refusals too.
        assert!(applied > 50, "{}: only {applied} commands applied", db.name);
        assert!(refused > 10, "{}: only {refused} commands refused", db.name);
    }
}

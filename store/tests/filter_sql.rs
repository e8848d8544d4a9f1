//! S-6, I-10: list filters as SQL return exactly the records `can` allows.
//!
//! 10,000 records are generated with the crate's own strategy (`seatwise::strategies::record`)
//! and stored twice, in two table layouts: one keeps owner and creator in columns and hosts,
//! assignees and teams in join tables; the other keeps owners in a join table and creator,
//! host and team in columns (one each). Every area of a policy reads the same 10,000 records,
//! so each area is checked against all of them. For every role of both built-in models, and for
//! generated policies and principals, for each verb an area offers, the ids the SQL condition
//! selects must equal the ids `Policy::can` allows, in order.
//!
//! SQLite (in memory) always; PostgreSQL too when `SEATWISE_TEST_POSTGRES_URL` is set, and then
//! an unreachable server fails the tests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use seatwise::strategies::{self, PrincipalBuf};
use seatwise::{
    presets, AreaId, AsResource, Clause, Coverage, ListFilter, Policy, Principal, Relation,
    Resource, TeamId, UserId, Verb,
};
use seatwise_store::filter::{Dialect, Page, RecordTable};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{PgPool, QueryBuilder, SqlitePool};

/// How many records every area is checked against (I-10 asks for at least 10,000).
const RECORDS: usize = 10_000;

/// One generated record: its relations, as the crate's strategy made them.
#[derive(Debug, Clone)]
struct Row {
    owner: Option<UserId>,
    creator: Option<UserId>,
    hosts: Vec<UserId>,
    assignees: Vec<UserId>,
    teams: Vec<TeamId>,
}

/// How the records' relations are laid out in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Layout {
    /// Owner and creator columns; hosts, assignees and teams in join tables.
    Joins,
    /// Owners in a join table; creator, host and team columns (the first of each).
    Columns,
}

const LAYOUTS: [Layout; 2] = [Layout::Joins, Layout::Columns];

impl Row {
    /// The record as seatwise sees it when stored in `layout`.
    fn resource(&self, area: AreaId, layout: Layout) -> Resource<'_> {
        let (owners, creators, hosts, assignees, teams) = self.seen(layout);
        Resource::new(area)
            .owned_by(owners)
            .created_by(creators)
            .hosted_by(hosts)
            .assigned_to(assignees)
            .in_teams(teams)
    }

    /// Owners, creators, hosts, assignees and teams, as stored in `layout`.
    #[expect(clippy::type_complexity, reason = "a tuple of the five relations")]
    fn seen(&self, layout: Layout) -> (&[UserId], &[UserId], &[UserId], &[UserId], &[TeamId]) {
        let (hosts, teams) = match layout {
            Layout::Joins => (&self.hosts[..], &self.teams[..]),
            // One host and one team column: the first of each.
            Layout::Columns => (first(&self.hosts), first(&self.teams)),
        };
        (
            self.owner.as_slice(),
            self.creator.as_slice(),
            hosts,
            &self.assignees,
            teams,
        )
    }
}

fn first<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(1)]
}

fn generate_rows() -> Vec<Row> {
    let policy = presets::deal_space().unwrap();
    let area = policy.area("deals").unwrap();
    let strategy = strategies::record(area);
    let mut runner = TestRunner::deterministic();
    (0..RECORDS)
        .map(|_| {
            let record = strategy.new_tree(&mut runner).unwrap().current();
            let r = record.as_resource();
            Row {
                owner: r.owners().first().copied(),
                creator: r.creators().first().copied(),
                hosts: r.hosts().to_vec(),
                assignees: r.assignees().to_vec(),
                teams: r.teams().to_vec(),
            }
        })
        .collect()
}

/// A database under test.
#[derive(Debug, Clone)]
enum Engine {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite(_) => "sqlite",
            Engine::Postgres(_) => "postgres",
        }
    }

    fn dialect(&self) -> Dialect {
        match self {
            Engine::Sqlite(_) => Dialect::Sqlite,
            Engine::Postgres(_) => Dialect::POSTGRES,
        }
    }

    async fn execute(&self, sql: &str) {
        match self {
            Engine::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
            Engine::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// S-6, I-10: the page query returns the same records as the condition, whatever shape
    /// it takes: a first page, a keyset page from the middle, an offset page.
    async fn check_pages(
        &self,
        table: &RecordTable,
        filter: &ListFilter<'_>,
        allowed: &[i64],
        context: &dyn Fn() -> String,
    ) {
        let mid = allowed.get(allowed.len() / 2).copied().unwrap_or(0);
        let (half, third) = (allowed.len() / 2 + 1, allowed.len() / 3);
        let pages = [
            (Page::first(50), 0),
            (Page::after(mid, 50), half.min(allowed.len())),
            (Page::at_offset(u32::try_from(third).unwrap(), 50), third),
        ];
        for (page, expected) in pages {
            let got = match self {
                Engine::Sqlite(pool) => table.page(pool, filter, page).await,
                Engine::Postgres(pool) => table.page(pool, filter, page).await,
            }
            .unwrap_or_else(|e| panic!("{}: {page:?}: {e}", context()));
            let expected: Vec<i64> = allowed.iter().skip(expected).take(50).copied().collect();
            assert_eq!(
                got.ids(),
                &expected[..],
                "I-10 on {}, {page:?}: {}",
                self.name(),
                context()
            );
        }
    }

    /// The ids of `table`'s records where `condition` holds, ascending.
    async fn ids_where(&self, table: &str, condition: &str, params: &[i64]) -> Vec<i64> {
        let sql = format!("SELECT id FROM {table} WHERE {condition} ORDER BY id");
        match self {
            Engine::Sqlite(pool) => {
                let mut query = sqlx::query_scalar::<_, i64>(&sql);
                for p in params {
                    query = query.bind(*p);
                }
                query.fetch_all(pool).await
            }
            Engine::Postgres(pool) => {
                let mut query = sqlx::query_scalar::<_, i64>(&sql);
                for p in params {
                    query = query.bind(*p);
                }
                query.fetch_all(pool).await
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// The engines to test: SQLite always, PostgreSQL when its URL is set.
async fn engines() -> Vec<Engine> {
    // One connection that never closes: each connection to `sqlite::memory:` is a database.
    let sqlite = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    let mut engines = vec![Engine::Sqlite(sqlite)];
    match std::env::var("SEATWISE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let pool = PgPoolOptions::new()
                .max_connections(2)
                .acquire_timeout(std::time::Duration::from_secs(10))
                .connect(&url)
                .await
                .unwrap_or_else(|e| panic!("SEATWISE_TEST_POSTGRES_URL is set, but: {e}"));
            engines.push(Engine::Postgres(pool));
        }
        _ => {
            // Past libtest's capture (it only takes `print!` / `eprint!`), so it is always shown.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "note: SEATWISE_TEST_POSTGRES_URL is not set: the SQL filter checks ran on SQLite only; PostgreSQL was NOT tested"
            );
        }
    }
    engines
}

/// Tables of one test on one engine, named apart from other tests' (PostgreSQL is shared).
#[derive(Debug)]
struct Fixture {
    engine: Engine,
    prefix: String,
}

static NEXT_FIXTURE: AtomicU32 = AtomicU32::new(0);

impl Fixture {
    async fn new(engine: Engine, rows: &[Row]) -> Fixture {
        let prefix = format!(
            "swf_{}_{}",
            std::process::id(),
            NEXT_FIXTURE.fetch_add(1, Ordering::Relaxed)
        );
        let fixture = Fixture { engine, prefix };
        fixture.create(rows).await;
        fixture
    }

    fn name(&self, layout: Layout, what: &str) -> String {
        let layout = match layout {
            Layout::Joins => "j",
            Layout::Columns => "c",
        };
        format!("{}_{layout}_{what}", self.prefix)
    }

    fn table(&self, layout: Layout) -> RecordTable {
        let records = self.name(layout, "records");
        let builder = RecordTable::builder(&records, "id");
        match layout {
            Layout::Joins => builder
                .owner_column("owner_id")
                .creator_column("creator_id")
                .hosts_table(&self.name(layout, "hosts"), "record_id", "user_id")
                .assignees_table(&self.name(layout, "assignees"), "record_id", "user_id")
                .teams_table(&self.name(layout, "teams"), "record_id", "team_id"),
            Layout::Columns => builder
                .join_table(
                    Relation::OWNER,
                    &self.name(layout, "owners"),
                    "record_id",
                    "user_id",
                )
                .creator_column("creator_id")
                .column(Relation::HOST, "host_id")
                .assignees_table(&self.name(layout, "assignees"), "record_id", "user_id")
                .team_column("team_id"),
        }
        .build()
        .unwrap()
    }

    async fn create(&self, rows: &[Row]) {
        let int = match self.engine {
            // INTEGER PRIMARY KEY is SQLite's rowid.
            Engine::Sqlite(_) => "INTEGER",
            Engine::Postgres(_) => "BIGINT",
        };
        let mut ddl = String::new();
        for layout in LAYOUTS {
            let records = self.name(layout, "records");
            let columns = match layout {
                Layout::Joins => "owner_id {int}, creator_id {int}",
                Layout::Columns => "creator_id {int}, host_id {int}, team_id {int}",
            }
            .replace("{int}", int);
            ddl.push_str(&format!(
                "CREATE TABLE {records} (id {int} PRIMARY KEY, {columns});\n"
            ));
            for column in columns.split(", ") {
                let column = column.split(' ').next().unwrap();
                ddl.push_str(&format!(
                    "CREATE INDEX {records}_{column} ON {records} ({column});\n"
                ));
            }
            for (join, value) in join_tables(layout) {
                let name = self.name(layout, join);
                ddl.push_str(&format!(
                    "CREATE TABLE {name} (record_id {int} NOT NULL, {value} {int} NOT NULL, \
                     PRIMARY KEY ({value}, record_id));\n"
                ));
            }
        }
        self.engine.execute(&ddl).await;
        for layout in LAYOUTS {
            self.insert(layout, rows).await;
        }
    }

    /// Inserts the rows in batches, in one transaction.
    async fn insert(&self, layout: Layout, rows: &[Row]) {
        let mut statements: Vec<(String, Vec<Vec<Option<i64>>>)> = Vec::new();
        let id = |i: usize| Some(i64::try_from(i + 1).unwrap());
        let user = |u: &UserId| Some(i64::try_from(u.get()).unwrap());
        let records: Vec<Vec<Option<i64>>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| match layout {
                Layout::Joins => vec![
                    id(i),
                    r.owner.as_ref().and_then(user),
                    r.creator.as_ref().and_then(user),
                ],
                Layout::Columns => vec![
                    id(i),
                    r.creator.as_ref().and_then(user),
                    r.hosts.first().and_then(user),
                    r.teams.first().map(|t| i64::try_from(t.get()).unwrap()),
                ],
            })
            .collect();
        let columns = match layout {
            Layout::Joins => "id, owner_id, creator_id",
            Layout::Columns => "id, creator_id, host_id, team_id",
        };
        statements.push((
            format!("INSERT INTO {} ({columns}) ", self.name(layout, "records")),
            records,
        ));
        for (join, value) in join_tables(layout) {
            let pairs: Vec<Vec<Option<i64>>> = rows
                .iter()
                .enumerate()
                .flat_map(|(i, r)| {
                    let values: Vec<u64> = match *join {
                        "owners" => r.owner.iter().map(|u| u.get()).collect(),
                        "hosts" => r.hosts.iter().map(|u| u.get()).collect(),
                        "assignees" => r.assignees.iter().map(|u| u.get()).collect(),
                        "teams" => r.teams.iter().map(|t| t.get()).collect(),
                        _ => unreachable!(),
                    };
                    values
                        .into_iter()
                        .map(move |v| vec![id(i), Some(i64::try_from(v).unwrap())])
                })
                .collect();
            statements.push((
                format!(
                    "INSERT INTO {} (record_id, {value}) ",
                    self.name(layout, join)
                ),
                pairs,
            ));
        }
        match &self.engine {
            Engine::Sqlite(pool) => {
                let mut tx = pool.begin().await.unwrap();
                for (head, values) in &statements {
                    for chunk in values.chunks(1000) {
                        let mut query = QueryBuilder::<sqlx::Sqlite>::new(head);
                        query.push_values(chunk, |mut b, row| {
                            for v in row {
                                b.push_bind(*v);
                            }
                        });
                        query.build().execute(&mut *tx).await.unwrap();
                    }
                }
                tx.commit().await.unwrap();
            }
            Engine::Postgres(pool) => {
                let mut tx = pool.begin().await.unwrap();
                for (head, values) in &statements {
                    for chunk in values.chunks(1000) {
                        let mut query = QueryBuilder::<sqlx::Postgres>::new(head);
                        query.push_values(chunk, |mut b, row| {
                            for v in row {
                                b.push_bind(*v);
                            }
                        });
                        query.build().execute(&mut *tx).await.unwrap();
                    }
                }
                tx.commit().await.unwrap();
            }
        }
    }

    async fn drop_tables(&self) {
        let mut sql = String::new();
        for layout in LAYOUTS {
            sql.push_str(&format!("DROP TABLE {};\n", self.name(layout, "records")));
            for (join, _) in join_tables(layout) {
                sql.push_str(&format!("DROP TABLE {};\n", self.name(layout, join)));
            }
        }
        self.engine.execute(&sql).await;
    }
}

/// The join tables of a layout, with the name of their value column.
fn join_tables(layout: Layout) -> &'static [(&'static str, &'static str)] {
    match layout {
        Layout::Joins => &[
            ("hosts", "user_id"),
            ("assignees", "user_id"),
            ("teams", "team_id"),
        ],
        Layout::Columns => &[("owners", "user_id"), ("assignees", "user_id")],
    }
}

/// Groups `rows` by what seatwise sees of them in `layout`.
fn groups(rows: &[Row], layout: Layout) -> (Vec<usize>, Vec<usize>) {
    let mut index: HashMap<_, usize> = HashMap::new();
    let mut representatives = Vec::new();
    let group_of = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            *index.entry(row.seen(layout)).or_insert_with(|| {
                representatives.push(i);
                representatives.len() - 1
            })
        })
        .collect();
    (group_of, representatives)
}

/// Compares the SQL condition with `can` over every record, on every engine, both layouts.
struct Checker<'r> {
    fixtures: Vec<Fixture>,
    rows: &'r [Row],
    /// Per layout: the records grouped by what seatwise sees of them (the pools of users and
    /// teams are small, so 10,000 records hold a few thousand distinct ones). `can` is a pure
    /// function of the record, so it is asked once per group: the index of each record's
    /// group, and one record of each group.
    groups: [(Vec<usize>, Vec<usize>); 2],
    /// Ids a condition selected, by engine, table, text and values: one condition, one query.
    seen: HashMap<(usize, Layout, String, Vec<i64>), Vec<i64>>,
    /// How many (principal, area, verb, layout) comparisons were made on each engine.
    compared: usize,
    /// How many of them had a non-empty, non-total answer.
    partial: usize,
    /// How many filters had two clauses (the verb's and seeing the record, SS-12), and how
    /// many reached the user's teams (Team scope).
    two_clauses: usize,
    with_teams: usize,
    /// How many pages were read through `RecordTable::page` and compared.
    pages: usize,
}

impl<'r> Checker<'r> {
    async fn new(engines: Vec<Engine>, rows: &'r [Row]) -> Checker<'r> {
        let mut fixtures = Vec::new();
        for engine in engines {
            fixtures.push(Fixture::new(engine, rows).await);
        }
        Checker {
            fixtures,
            rows,
            groups: LAYOUTS.map(|layout| groups(rows, layout)),
            seen: HashMap::new(),
            compared: 0,
            partial: 0,
            two_clauses: 0,
            with_teams: 0,
            pages: 0,
        }
    }

    /// I-10 on the database: for `verb` on `area`, the condition selects exactly the records
    /// `can` allows. With `negated`, `NOT (condition)` selects exactly the others.
    async fn check(
        &mut self,
        policy: &Policy,
        principal: &Principal<'_>,
        area: AreaId,
        verb: Verb,
        negated: bool,
        context: &dyn Fn() -> String,
    ) {
        let filter: ListFilter<'_> = policy.list_filter(principal, verb, area);
        if let Coverage::Related { first, second, .. } = filter.coverage() {
            self.two_clauses += usize::from(second.is_some());
            let teams = |c: Clause<'_>| !c.teams().is_empty();
            self.with_teams += usize::from(teams(first) || second.is_some_and(teams));
        }
        for layout in LAYOUTS {
            let (group_of, representatives) = &self.groups[layout as usize];
            let verdicts: Vec<bool> = representatives
                .iter()
                .map(|&i| policy.is_allowed(principal, verb, &self.rows[i].resource(area, layout)))
                .collect();
            let (allowed, denied): (Vec<i64>, Vec<i64>) = (1..)
                .zip(group_of)
                .map(|(id, group)| (id, verdicts[*group]))
                .fold((Vec::new(), Vec::new()), |(mut a, mut d), (id, ok)| {
                    if ok {
                        a.push(id)
                    } else {
                        d.push(id)
                    }
                    (a, d)
                });
            if !allowed.is_empty() && !denied.is_empty() {
                self.partial += 1;
            }
            self.compared += 1;
            for (e, fixture) in self.fixtures.iter().enumerate() {
                let table = fixture.table(layout);
                let condition = table
                    .condition(&filter, fixture.engine.dialect())
                    .unwrap_or_else(|e| panic!("{}: {e}", context()));
                let mut runs = vec![(condition.sql().to_owned(), &allowed)];
                if negated {
                    runs.push((format!("(NOT {})", condition.sql()), &denied));
                }
                for (sql, expected) in runs {
                    let key = (e, layout, sql, condition.params().to_vec());
                    if !self.seen.contains_key(&key) {
                        let ids = fixture
                            .engine
                            .ids_where(table.table(), &key.2, &key.3)
                            .await;
                        if key.2 == condition.sql() {
                            fixture
                                .engine
                                .check_pages(&table, &filter, expected, context)
                                .await;
                            self.pages += 3;
                        }
                        self.seen.insert(key.clone(), ids);
                    }
                    let got = &self.seen[&key];
                    if got != expected {
                        let missing: Vec<_> = expected
                            .iter()
                            .filter(|i| !got.contains(i))
                            .take(5)
                            .collect();
                        let extra: Vec<_> = got
                            .iter()
                            .filter(|i| !expected.contains(i))
                            .take(5)
                            .collect();
                        panic!(
                            "I-10 on {} ({layout:?}): {}\n{} {:?}\n{} expected, {} selected; \
                             first missing {missing:?}, first extra {extra:?}",
                            fixture.engine.name(),
                            context(),
                            key.2,
                            key.3,
                            expected.len(),
                            got.len(),
                        );
                    }
                }
            }
        }
    }

    fn report(&self) -> String {
        let engines: Vec<_> = self.fixtures.iter().map(|f| f.engine.name()).collect();
        format!(
            "{}: {} comparisons over {RECORDS} records each, {} with a partial answer, \
             {} filters with two clauses, {} with teams, {} queries, {} pages",
            engines.join(" and "),
            self.compared,
            self.partial,
            self.two_clauses,
            self.with_teams,
            self.seen.len(),
            self.pages
        )
    }

    async fn drop_tables(&self) {
        for fixture in &self.fixtures {
            fixture.drop_tables().await;
        }
    }
}

/// Every principal the built-in models are checked with: each role as a member, alone and in
/// both teams, as the owner and not; the guest (deal space); and users who may not act.
fn preset_principals(policy: &Policy) -> Vec<(String, PrincipalBuf)> {
    let [a, b, c] = strategies::USERS;
    let mut out = Vec::new();
    for role in policy.roles() {
        for (user, teams, owner) in [
            (a, vec![], true),
            (b, strategies::TEAMS.to_vec(), false),
            (c, vec![strategies::TEAMS[0]], false),
        ] {
            out.push((
                format!(
                    "role `{}` as user {user}{}",
                    role.name(),
                    if owner { " (owner)" } else { "" }
                ),
                PrincipalBuf {
                    user,
                    role: Some(role.id()),
                    kind: seatwise::MemberKind::Member,
                    standing: seatwise::Standing::Active,
                    owner,
                    teams,
                    plan: seatwise::PlanFeatures::all(),
                },
            ));
        }
    }
    if let Ok(guest) = policy.guest(a) {
        out.push((
            "the guest".to_owned(),
            PrincipalBuf {
                user: a,
                role: guest.role(),
                kind: seatwise::MemberKind::Guest,
                standing: seatwise::Standing::Active,
                owner: false,
                teams: vec![],
                plan: seatwise::PlanFeatures::all(),
            },
        ));
    }
    let role = policy.owner_role();
    for standing in [seatwise::Standing::Pending, seatwise::Standing::Removed] {
        out.push((
            format!("a {standing:?} user of the top role"),
            PrincipalBuf {
                user: b,
                role: Some(role),
                kind: seatwise::MemberKind::Member,
                standing,
                owner: false,
                teams: vec![],
                plan: seatwise::PlanFeatures::all(),
            },
        ));
    }
    out
}

// S-6, I-10: every role of both built-in models, every area, every verb the area offers.
#[tokio::test(flavor = "current_thread")]
async fn s6_i10_presets_sql_equals_can() {
    let rows = generate_rows();
    let mut checker = Checker::new(engines().await, &rows).await;
    for policy in [
        presets::sales_scheduler().unwrap(),
        presets::deal_space().unwrap(),
    ] {
        for (who, principal) in preset_principals(&policy) {
            let principal = principal.as_principal();
            for area in policy.areas() {
                for verb in area.actions().verbs() {
                    let context = || {
                        format!(
                            "policy `{}`, {who}, area `{}`, verb `{}`",
                            policy.name(),
                            area.name(),
                            verb.name()
                        )
                    };
                    checker
                        .check(&policy, &principal, area.id(), verb, true, &context)
                        .await;
                }
            }
        }
    }
    // The comparisons must have had something to tell apart.
    assert!(
        checker.partial > 100,
        "only {} partial answers",
        checker.partial
    );
    eprintln!("{}", checker.report());
    checker.drop_tables().await;
}

// S-6, I-10, U-6: generated policies and principals (the crate's own strategies).
#[test]
fn s6_i10_generated_policies_sql_equals_can() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let rows = generate_rows();
    let checker = RefCell::new(runtime.block_on(Checker::new(runtime.block_on(engines()), &rows)));
    let strategy = strategies::policy().prop_flat_map(|policy| {
        let principals = proptest::collection::vec(strategies::principal(&policy), 3);
        (Just(policy), principals)
    });
    // A fixed seed: the same cases on every run, so the counts asserted below cannot flake.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 24,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let result = runner.run(&strategy, |(policy, principals)| {
        for principal in &principals {
            let p = principal.as_principal();
            for area in policy.areas() {
                for verb in area.actions().verbs() {
                    let context = || {
                        format!(
                            "generated policy {}\nprincipal {principal:?}, area `{}`, verb `{}`",
                            policy.to_toml().unwrap_or_default(),
                            area.name(),
                            verb.name()
                        )
                    };
                    runtime.block_on(checker.borrow_mut().check(
                        &policy,
                        &p,
                        area.id(),
                        verb,
                        false,
                        &context,
                    ));
                }
            }
        }
        Ok(())
    });
    result.unwrap();
    let checker = checker.into_inner();
    // Team scope and two-clause filters come up, and are told apart.
    assert!(
        checker.partial > 20,
        "only {} partial answers",
        checker.partial
    );
    eprintln!("{}", checker.report());
    runtime.block_on(checker.drop_tables());
}

// S-6: the page query walks exactly the filtered records, by keyset and by offset.
#[tokio::test(flavor = "current_thread")]
async fn s6_pages_walk_the_filtered_records() {
    let rows = generate_rows();
    let policy = presets::deal_space().unwrap();
    let deals = policy.area("deals").unwrap();
    let editor = policy.role("editor").unwrap();
    let owner = policy.role("owner").unwrap();
    let teams = strategies::TEAMS;
    for engine in engines().await {
        let fixture = Fixture::new(engine, &rows).await;
        for layout in LAYOUTS {
            let table = fixture.table(layout);
            for (principal, verb) in [
                (Principal::member(UserId::new(1), editor), Verb::EDIT),
                (
                    Principal::member(UserId::new(2), editor).with_teams(&teams),
                    Verb::VIEW,
                ),
                (Principal::member(UserId::new(3), owner), Verb::VIEW),
            ] {
                let filter = policy.list_filter(&principal, verb, deals);
                let expected: Vec<i64> = (1..)
                    .zip(&rows)
                    .filter(|(_, row)| {
                        policy.is_allowed(&principal, verb, &row.resource(deals, layout))
                    })
                    .map(|(id, _)| id)
                    .collect();
                assert!(!expected.is_empty());
                for start in [Page::first(997), Page::at_offset(0, 997)] {
                    let mut walked = Vec::new();
                    let mut next = Some(start);
                    let mut pages = 0;
                    while let Some(page) = next {
                        let got = match &fixture.engine {
                            Engine::Sqlite(pool) => table.page(pool, &filter, page).await,
                            Engine::Postgres(pool) => table.page(pool, &filter, page).await,
                        }
                        .unwrap();
                        assert!(got.ids().len() <= 997);
                        walked.extend_from_slice(got.ids());
                        next = got.next();
                        pages += 1;
                    }
                    assert_eq!(walked, expected, "{layout:?} {start:?}");
                    assert_eq!(pages, expected.len() / 997 + 1);
                }
                // A page after the last record is empty and has no next page.
                let last = *expected.last().unwrap();
                let page = match &fixture.engine {
                    Engine::Sqlite(pool) => table.page(pool, &filter, Page::after(last, 10)).await,
                    Engine::Postgres(pool) => {
                        table.page(pool, &filter, Page::after(last, 10)).await
                    }
                }
                .unwrap();
                assert_eq!((page.ids(), page.next()), (&[][..], None));
            }
        }
        fixture.drop_tables().await;
    }
}

// S-6: a failing query is an error naming the table, not a panic.
#[tokio::test(flavor = "current_thread")]
async fn s6_page_on_a_missing_table_is_an_error() {
    let policy = presets::deal_space().unwrap();
    let deals = policy.area("deals").unwrap();
    let owner = Principal::member(UserId::new(1), policy.role("owner").unwrap());
    let filter = policy.list_filter(&owner, Verb::VIEW, deals);
    let table = RecordTable::builder("no_such_table", "id").build().unwrap();
    let pool = SqlitePool::connect("sqlite::memory:").await.unwrap();
    let err = table
        .page(&pool, &filter, Page::first(5))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the page query on table `no_such_table` failed"
    );
    assert!(std::error::Error::source(&err).is_some());
}

//! List filters as SQL (S-6): a [`ListFilter`] (A-9) becomes a parameterized condition over a
//! table the host describes, for SQLite and PostgreSQL.
//!
//! The host says where a record's relations live ([`RecordTable::builder`]): an owner or
//! creator column, a join table of hosts or assignees, a team column or a join table of teams.
//! Every name is checked against plain ASCII identifier rules and quoted once, when the
//! description is built; every user and team id is a bound parameter, never SQL text. The
//! condition lets through exactly the records [`ListFilter::matches`] — and so
//! [`Policy::can`](seatwise::Policy::can) — lets through (I-10).
//!
//! ```
//! use seatwise::{presets, Principal, UserId, Verb};
//! use seatwise_store::filter::{Dialect, RecordTable};
//!
//! let policy = presets::sales_scheduler()?;
//! let calls = policy.area("scheduled_events")?;
//! let closer = Principal::member(UserId::new(7), policy.role("closer")?);
//! let filter = policy.list_filter(&closer, Verb::VIEW, calls);
//!
//! let table = RecordTable::builder("calls", "id")
//!     .hosts_table("call_hosts", "call_id", "user_id")
//!     .build()?;
//! let condition = table.condition(&filter, Dialect::Sqlite)?;
//! assert_eq!(
//!     condition.sql(),
//!     r#"("calls"."id" IN (SELECT "call_hosts"."call_id" FROM "call_hosts" WHERE "call_hosts"."user_id" = ? AND "call_hosts"."call_id" IS NOT NULL))"#
//! );
//! assert_eq!(condition.params(), &[7]); // SS-9: a closer sees the calls she hosts
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::{self, Write as _};

use seatwise::{AreaId, Clause, Coverage, ListFilter, Relation, TeamId, UserId};
use sqlx::error::BoxDynError;
use sqlx::{
    Arguments as _, ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, QueryBuilder,
    Type,
};

/// The longest name accepted: PostgreSQL keeps 63 bytes of a name and silently cuts the rest.
pub const MAX_NAME_BYTES: usize = 63;

/// The user relations a record table can describe, in the order conditions list them.
const USER_RELATIONS: [(Relation, &str); 4] = [
    (Relation::OWNER, "owner"),
    (Relation::HOST, "host"),
    (Relation::CREATOR, "creator"),
    (Relation::ASSIGNEE, "assignee"),
];

/// Why a name is not a plain SQL identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameProblem {
    /// The name is empty.
    Empty,
    /// The name is longer than [`MAX_NAME_BYTES`].
    TooLong,
    /// The name starts with something other than an ASCII letter or `_`.
    BadStart(char),
    /// The name holds something other than ASCII letters, digits and `_`.
    BadChar(char),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("it is empty"),
            NameProblem::TooLong => write!(f, "it is longer than {MAX_NAME_BYTES} bytes"),
            NameProblem::BadStart(c) => write!(f, "it starts with {c:?}"),
            NameProblem::BadChar(c) => write!(f, "it holds {c:?}"),
        }
    }
}

/// A table description the host gave is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// A table or column name is not a plain ASCII identifier (a letter or `_`, then letters,
    /// digits or `_`, at most [`MAX_NAME_BYTES`] bytes).
    #[error("`{name}` is not a plain SQL name: {problem}")]
    BadName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        problem: NameProblem,
    },
    /// A relation given to [`RecordTableBuilder::column`] or
    /// [`RecordTableBuilder::join_table`] is not exactly one of owner, host, creator, assignee.
    #[error("`{relation}` is not one of the relations owner, host, creator, assignee")]
    NotAUserRelation {
        /// The relation's names, joined by `|` (empty when no relation was given).
        relation: String,
    },
}

impl TableError {
    /// The offending name or relation, as given.
    pub fn name(&self) -> &str {
        match self {
            TableError::BadName { name, .. } => name,
            TableError::NotAUserRelation { relation } => relation,
        }
    }
}

/// A filter cannot be turned into SQL over this table, or the page query failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// The filter needs a relation the table description does not say where to find.
    #[error("table `{table}` has no column or join table for relation `{relation}`, which the filter needs")]
    MissingRelation {
        /// The records table.
        table: String,
        /// The relation's name (`owner`, `host`, `creator`, `assignee`).
        relation: &'static str,
    },
    /// The filter reaches the records of the user's teams (Team scope), and the table
    /// description has no team column or join table.
    #[error("table `{table}` has no team column or join table, which the filter needs for the user's teams")]
    MissingTeams {
        /// The records table.
        table: String,
    },
    /// The table was described as holding records of one area, and the filter is for another
    /// (see [`RecordTableBuilder::area`]).
    #[error("table `{table}` holds records of another area than the filter's")]
    OtherArea {
        /// The records table.
        table: String,
        /// The area the table holds.
        table_area: AreaId,
        /// The area of the filter.
        filter_area: AreaId,
    },
    /// A user id does not fit a signed 64-bit SQL integer.
    #[error("user `{user}` is beyond the largest SQL integer")]
    UserOutOfRange {
        /// The user.
        user: UserId,
    },
    /// A team id does not fit a signed 64-bit SQL integer.
    #[error("team `{team}` is beyond the largest SQL integer")]
    TeamOutOfRange {
        /// The team.
        team: TeamId,
    },
    /// PostgreSQL placeholders would be numbered past `$4294967295`.
    #[error("placeholders numbered from `${first}` run past the largest number")]
    TooManyParameters {
        /// The first placeholder number asked for.
        first: u32,
    },
    /// The page query failed in the database.
    #[error("the page query on table `{table}` failed")]
    Database {
        /// The records table.
        table: String,
        /// What the database said.
        #[source]
        source: sqlx::Error,
    },
}

/// A plain SQL identifier, checked and kept with its quoted form.
// INVARIANT: `quoted` is `"` + an ASCII identifier without `"` + `"`, so it can never close the
// quotes early or carry SQL of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SqlName {
    quoted: String,
}

impl SqlName {
    fn new(name: &str) -> Result<Self, TableError> {
        let bad = |problem| TableError::BadName {
            name: name.to_owned(),
            problem,
        };
        let mut chars = name.chars();
        match chars.next() {
            None => return Err(bad(NameProblem::Empty)),
            Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
                return Err(bad(NameProblem::BadStart(c)))
            }
            Some(_) => {}
        }
        if let Some(c) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
            return Err(bad(NameProblem::BadChar(c)));
        }
        if name.len() > MAX_NAME_BYTES {
            return Err(bad(NameProblem::TooLong));
        }
        Ok(SqlName {
            quoted: format!("\"{name}\""),
        })
    }
}

impl fmt::Display for SqlName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.quoted)
    }
}

/// A join table: one row per (record, user) or (record, team) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JoinTable {
    table: SqlName,
    record: SqlName,
    value: SqlName,
}

/// Where the users of one relation, or the teams, of a record are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    /// A column of the records table (one user or team per record; NULL for none).
    Column(SqlName),
    /// A join table (any number per record).
    Join(JoinTable),
}

/// A link as the host wrote it, checked by [`RecordTableBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum LinkSpec {
    Column(String),
    Join {
        table: String,
        record: String,
        value: String,
    },
}

impl LinkSpec {
    fn check(&self) -> Result<Link, TableError> {
        match self {
            LinkSpec::Column(column) => Ok(Link::Column(SqlName::new(column)?)),
            LinkSpec::Join {
                table,
                record,
                value,
            } => Ok(Link::Join(JoinTable {
                table: SqlName::new(table)?,
                record: SqlName::new(record)?,
                value: SqlName::new(value)?,
            })),
        }
    }
}

/// Builds a [`RecordTable`]; nothing is checked until [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct RecordTableBuilder {
    table: String,
    id: String,
    area: Option<AreaId>,
    alias: Option<String>,
    relations: Vec<(Relation, LinkSpec)>,
    teams: Option<LinkSpec>,
}

impl RecordTableBuilder {
    /// The table holds records of `area` only: a filter of another area is then refused with
    /// [`FilterError::OtherArea`] instead of being applied to the wrong records (a
    /// [`ListFilter`] lets no record of another area through).
    pub fn area(mut self, area: AreaId) -> Self {
        self.area = Some(area);
        self
    }

    /// The name the host's query gives the records table (`FROM deals AS d`): the condition
    /// then refers to `"d"."id"` rather than `"deals"."id"`.
    pub fn alias(mut self, alias: &str) -> Self {
        self.alias = Some(alias.to_owned());
        self
    }

    /// The users of `relation` are kept in `column` of the records table (one per record,
    /// NULL for none).
    pub fn column(mut self, relation: Relation, column: &str) -> Self {
        self.relations
            .push((relation, LinkSpec::Column(column.to_owned())));
        self
    }

    /// The users of `relation` are kept in a join table: `table` has one row per record and
    /// user, the record's id in `record_column`, the user's id in `user_column`.
    pub fn join_table(
        mut self,
        relation: Relation,
        table: &str,
        record_column: &str,
        user_column: &str,
    ) -> Self {
        self.relations.push((
            relation,
            LinkSpec::Join {
                table: table.to_owned(),
                record: record_column.to_owned(),
                value: user_column.to_owned(),
            },
        ));
        self
    }

    /// The owner is kept in `column` (A-2: owner relation).
    pub fn owner_column(self, column: &str) -> Self {
        self.column(Relation::OWNER, column)
    }

    /// The creator is kept in `column` (SS-10, SS-14: creator relation).
    pub fn creator_column(self, column: &str) -> Self {
        self.column(Relation::CREATOR, column)
    }

    /// The hosts are kept in a join table (SS-9, SS-10: host relation).
    pub fn hosts_table(self, table: &str, record_column: &str, user_column: &str) -> Self {
        self.join_table(Relation::HOST, table, record_column, user_column)
    }

    /// The assignees are kept in a join table (assignee relation).
    pub fn assignees_table(self, table: &str, record_column: &str, user_column: &str) -> Self {
        self.join_table(Relation::ASSIGNEE, table, record_column, user_column)
    }

    /// The record's team is kept in `column` (one per record, NULL for none; Team scope, A-2).
    pub fn team_column(mut self, column: &str) -> Self {
        self.teams = Some(LinkSpec::Column(column.to_owned()));
        self
    }

    /// The record's teams are kept in a join table: one row per record and team, the record's
    /// id in `record_column`, the team's id in `team_column` (Team scope, A-2).
    pub fn teams_table(mut self, table: &str, record_column: &str, team_column: &str) -> Self {
        self.teams = Some(LinkSpec::Join {
            table: table.to_owned(),
            record: record_column.to_owned(),
            value: team_column.to_owned(),
        });
        self
    }

    /// Checks every name and relation. A relation described twice keeps its last description.
    ///
    /// # Errors
    ///
    /// [`TableError::BadName`] naming the first name that is not a plain ASCII identifier;
    /// [`TableError::NotAUserRelation`] for a relation set that is not exactly one of owner,
    /// host, creator, assignee.
    pub fn build(self) -> Result<RecordTable, TableError> {
        let table = SqlName::new(&self.table)?;
        let id = SqlName::new(&self.id)?;
        let alias = self.alias.as_deref().map(SqlName::new).transpose()?;
        let mut links: [Option<Link>; 4] = Default::default();
        for (relation, spec) in &self.relations {
            let slot = USER_RELATIONS
                .iter()
                .position(|(r, _)| r == relation)
                .and_then(|i| links.get_mut(i))
                .ok_or_else(|| TableError::NotAUserRelation {
                    relation: relation.names().collect::<Vec<_>>().join("|"),
                })?;
            *slot = Some(spec.check()?);
        }
        let teams = self.teams.as_ref().map(LinkSpec::check).transpose()?;
        let [owner, host, creator, assignee] = links;
        Ok(RecordTable {
            name: self.table,
            area: self.area,
            table,
            alias,
            id,
            owner,
            host,
            creator,
            assignee,
            teams,
        })
    }
}

/// A host's table of records of one area, and where each relation of a record is kept (S-6).
///
/// Built once with [`RecordTable::builder`]; every name is checked and quoted then. Turns a
/// [`ListFilter`] into a SQL condition that lets through exactly the records the filter (and
/// so [`Policy::can`](seatwise::Policy::can)) lets through (I-10):
///
/// - [`condition`](Self::condition): SQL text with `?` (SQLite) or `$n` (PostgreSQL)
///   placeholders and the values to bind, in order;
/// - [`push_condition`](Self::push_condition): the same, into a sqlx [`QueryBuilder`], which
///   numbers the placeholders after those already in the query;
/// - [`page`](Self::page): runs a page of matching record ids, ordered by id.
///
/// Names are quoted as given, so they match exactly: PostgreSQL folds unquoted names to lower
/// case, so a table created as `CREATE TABLE Deals` is named `deals`. The id column must be a
/// NOT NULL integer key. The condition is true or false, never NULL, so `NOT (…)` selects the
/// other records.
///
/// ```
/// use seatwise::{presets, Principal, UserId, Verb};
/// use seatwise_store::filter::{Page, RecordTable};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
/// for statement in [
///     "CREATE TABLE calls (id INTEGER PRIMARY KEY, created_by INTEGER)",
///     "CREATE TABLE call_hosts (call_id INTEGER, user_id INTEGER)",
///     "INSERT INTO calls VALUES (1, 7), (2, 8), (3, 8)",
///     "INSERT INTO call_hosts VALUES (1, 7), (2, 8), (3, 7), (3, 8)",
/// ] {
///     sqlx::query(statement).execute(&pool).await?;
/// }
/// let policy = presets::sales_scheduler()?;
/// let scheduled = policy.area("scheduled_events")?;
/// let calls = RecordTable::builder("calls", "id")
///     .area(scheduled)
///     .creator_column("created_by")
///     .hosts_table("call_hosts", "call_id", "user_id")
///     .build()?;
///
/// let closer = Principal::member(UserId::new(7), policy.role("closer")?);
/// let filter = policy.list_filter(&closer, Verb::VIEW, scheduled);
/// // SS-9: a closer sees the calls she hosts.
/// let page = calls.page(&pool, &filter, Page::first(50)).await?;
/// assert_eq!(page.ids(), &[1, 3]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTable {
    /// The table's name as given, for error messages.
    name: String,
    area: Option<AreaId>,
    table: SqlName,
    alias: Option<SqlName>,
    id: SqlName,
    owner: Option<Link>,
    host: Option<Link>,
    creator: Option<Link>,
    assignee: Option<Link>,
    teams: Option<Link>,
}

/// Where placeholders go, and how they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dialect {
    /// SQLite: `?`.
    Sqlite,
    /// PostgreSQL: `$first`, `$first + 1`, …; `first` is 1 unless the condition follows other
    /// parameters of the host's query (0 is read as 1).
    Postgres {
        /// The number of the first placeholder.
        first: u32,
    },
}

impl Dialect {
    /// PostgreSQL, placeholders numbered from `$1`.
    pub const POSTGRES: Dialect = Dialect::Postgres { first: 1 };
}

/// A SQL condition and the values of its placeholders, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    sql: String,
    params: Vec<i64>,
}

impl Condition {
    /// The condition's text, in parentheses, ready to follow `WHERE` or `AND`.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The values to bind, in placeholder order (user and team ids).
    pub fn params(&self) -> &[i64] {
        &self.params
    }

    /// The text and the values.
    pub fn into_parts(self) -> (String, Vec<i64>) {
        (self.sql, self.params)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)
    }
}

/// Which page of matching records [`RecordTable::page`] reads; records are ordered by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    limit: u32,
    start: Start,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Keyset: records with an id above this one (or from the first).
    After(Option<i64>),
    /// Skip this many matching records.
    Offset(u32),
}

impl Page {
    /// The first `limit` matching records.
    pub fn first(limit: u32) -> Page {
        Page {
            limit,
            start: Start::After(None),
        }
    }

    /// The `limit` matching records after the record `id` (keyset paging: as fast for the
    /// thousandth page as for the first).
    pub fn after(id: i64, limit: u32) -> Page {
        Page {
            limit,
            start: Start::After(Some(id)),
        }
    }

    /// `limit` matching records, skipping the first `offset` of them.
    pub fn at_offset(offset: u32, limit: u32) -> Page {
        Page {
            limit,
            start: Start::Offset(offset),
        }
    }

    /// How many records the page holds at most.
    pub fn limit(&self) -> u32 {
        self.limit
    }
}

/// The ids of one page of matching records, and the page after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPage {
    ids: Vec<i64>,
    next: Option<Page>,
}

impl IdPage {
    /// The record ids, ascending.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// The page after this one, or `None` when this one was not full. Keyset pages continue
    /// as keyset pages, offset pages as offset pages.
    pub fn next(&self) -> Option<Page> {
        self.next
    }

    /// The record ids.
    pub fn into_ids(self) -> Vec<i64> {
        self.ids
    }
}

/// A condition checked and with its ids converted, before any text is written, so that an
/// error leaves the host's query builder untouched.
#[derive(Debug, Clone)]
enum Expr<'t> {
    Const(bool),
    /// `column = user`.
    ColumnIs(&'t SqlName, i64),
    /// `column IN (teams)`.
    ColumnIn(&'t SqlName, Vec<i64>),
    /// `id IN (SELECT record FROM join WHERE value IN (values))`.
    Joined(&'t JoinTable, Vec<i64>),
    Any(Vec<Expr<'t>>),
    All(Vec<Expr<'t>>),
}

/// Where SQL text and bound values go.
trait Sink {
    fn sql(&mut self, text: &str);
    fn bind(&mut self, value: i64);
}

/// Text with placeholders of one dialect, and the values.
struct TextSink {
    sql: String,
    params: Vec<i64>,
    /// The next PostgreSQL placeholder number; `None` for SQLite.
    next: Option<u64>,
}

impl Sink for TextSink {
    fn sql(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn bind(&mut self, value: i64) {
        match &mut self.next {
            None => self.sql.push('?'),
            Some(n) => {
                // The numbers were checked to fit before writing began.
                let _ = write!(self.sql, "${n}");
                *n = n.saturating_add(1);
            }
        }
        self.params.push(value);
    }
}

impl<'a, DB> Sink for QueryBuilder<'a, DB>
where
    DB: Database,
    i64: 'a + Encode<'a, DB> + Type<DB>,
{
    fn sql(&mut self, text: &str) {
        self.push(text);
    }

    fn bind(&mut self, value: i64) {
        self.push_bind(value);
    }
}

/// SQL text with the placeholders of `DB`, and the values, for a query of our own.
struct ArgsSink<'s, 'q, DB: Database> {
    sql: &'s mut String,
    args: &'s mut DB::Arguments<'q>,
    /// The first error adding a value (none is expected for `i64`).
    error: Option<BoxDynError>,
}

impl<'q, DB> Sink for ArgsSink<'_, 'q, DB>
where
    DB: Database,
    i64: Encode<'q, DB> + Type<DB>,
{
    fn sql(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn bind(&mut self, value: i64) {
        // As `QueryBuilder::push_bind`: add, then write the placeholder, `?` for SQLite and
        // `$n` for PostgreSQL, n being the number of values added so far.
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
        let _ = self.args.format_placeholder(&mut *self.sql);
    }
}

impl RecordTable {
    /// Starts describing `table`, whose records are keyed by the integer column `id_column`.
    pub fn builder(table: &str, id_column: &str) -> RecordTableBuilder {
        RecordTableBuilder {
            table: table.to_owned(),
            id: id_column.to_owned(),
            area: None,
            alias: None,
            relations: Vec::new(),
            teams: None,
        }
    }

    /// The records table's name.
    pub fn table(&self) -> &str {
        &self.name
    }

    /// Whether the table says where to find `relation` (exactly one of owner, host, creator,
    /// assignee); `Relation::TEAM` asks about the teams.
    pub fn describes(&self, relation: Relation) -> bool {
        if relation == Relation::TEAM {
            self.teams.is_some()
        } else {
            self.link(relation).is_some()
        }
    }

    /// The SQL condition of `filter` over this table, with `dialect`'s placeholders.
    ///
    /// `Coverage::Nothing` is `(1 = 0)`, `Coverage::All` is `(1 = 1)`; records related to
    /// the user are matched through the described columns and join tables, relations OR'd,
    /// the second clause AND'ed (SS-12), the user's teams through `IN`.
    ///
    /// # Errors
    ///
    /// [`FilterError::MissingRelation`] or [`FilterError::MissingTeams`] when the filter
    /// needs something the table does not describe; [`FilterError::OtherArea`] for a filter
    /// of another area than the one given to [`RecordTableBuilder::area`]; [`FilterError::UserOutOfRange`] /
    /// [`FilterError::TeamOutOfRange`] for an id above `i64::MAX`;
    /// [`FilterError::TooManyParameters`] when PostgreSQL numbers would overflow.
    ///
    /// ```
    /// use seatwise::{presets, Principal, UserId, Verb};
    /// use seatwise_store::filter::{Dialect, RecordTable};
    /// let policy = presets::sales_scheduler()?;
    /// let rules = policy.area("rules")?;
    /// let closer = Principal::member(UserId::new(3), policy.role("closer")?);
    /// let table = RecordTable::builder("rules", "id").creator_column("created_by").build()?;
    /// // SS-14: an Exclusive role edits only the rules it created.
    /// let filter = policy.list_filter(&closer, Verb::EDIT, rules);
    /// let condition = table.condition(&filter, Dialect::Postgres { first: 2 })?;
    /// assert_eq!(condition.sql(), r#"("rules"."created_by" = $2 AND "rules"."created_by" IS NOT NULL)"#);
    /// assert_eq!(condition.params(), &[3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn condition(
        &self,
        filter: &ListFilter<'_>,
        dialect: Dialect,
    ) -> Result<Condition, FilterError> {
        let expr = self.expr(filter)?;
        let next = match dialect {
            Dialect::Sqlite => None,
            Dialect::Postgres { first } => {
                let first_n = u64::from(first.max(1));
                // The number after the last placeholder may be one past `u32::MAX`.
                let end = u64::try_from(expr.param_count())
                    .ok()
                    .and_then(|count| first_n.checked_add(count));
                if end.is_none_or(|end| end > u64::from(u32::MAX).saturating_add(1)) {
                    return Err(FilterError::TooManyParameters { first });
                }
                Some(first_n)
            }
        };
        let mut sink = TextSink {
            sql: String::new(),
            params: Vec::new(),
            next,
        };
        self.write(&expr, &mut sink);
        Ok(Condition {
            sql: sink.sql,
            params: sink.params,
        })
    }

    /// Appends the condition of `filter` to a sqlx query, binding every value; sqlx numbers
    /// the placeholders after those already in the query. On error nothing is appended.
    ///
    /// # Errors
    ///
    /// As [`condition`](Self::condition).
    ///
    /// ```
    /// use seatwise::{presets, Principal, UserId, Verb};
    /// use seatwise_store::filter::RecordTable;
    /// use sqlx::{Postgres, QueryBuilder};
    /// let policy = presets::sales_scheduler()?;
    /// let rules = policy.area("rules")?;
    /// let setter = Principal::member(UserId::new(3), policy.role("setter")?);
    /// let table = RecordTable::builder("rules", "id").creator_column("created_by").build()?;
    /// let mut query = QueryBuilder::<Postgres>::new("SELECT id FROM rules WHERE archived = ");
    /// query.push_bind(false).push(" AND ");
    /// table.push_condition(&mut query, &policy.list_filter(&setter, Verb::EDIT, rules))?;
    /// assert!(query.sql().ends_with(r#"("rules"."created_by" = $2 AND "rules"."created_by" IS NOT NULL)"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_condition<'a, DB>(
        &self,
        query: &mut QueryBuilder<'a, DB>,
        filter: &ListFilter<'_>,
    ) -> Result<(), FilterError>
    where
        DB: Database,
        i64: 'a + Encode<'a, DB> + Type<DB>,
    {
        let expr = self.expr(filter)?;
        self.write(&expr, query);
        Ok(())
    }

    /// Reads one page of the ids of the records `filter` lets through, ordered by id, on
    /// SQLite or PostgreSQL (any sqlx executor: a pool, a connection, a transaction).
    ///
    /// Runs `SELECT id FROM table WHERE condition [AND id > after] ORDER BY id LIMIT n
    /// [OFFSET m]`. When the records let through are related to the user in several ways
    /// (owner OR host OR one of the user's teams, …), the query is instead a `UNION` of one
    /// lookup per way, each `ORDER BY id LIMIT n` (or `offset + n`), ordered and limited
    /// again outside: each lookup reads at most one page from its index, where one `WHERE`
    /// with `OR` makes the database gather every match of every way and sort them. On a
    /// keyset page, each join table's lookup starts after the record `after`. An index on
    /// each owner / creator / team column, and on each join table's (user, record) columns,
    /// lets the database find a user's records without a scan.
    ///
    /// # Errors
    ///
    /// As [`condition`](Self::condition), and [`FilterError::Database`] when the query fails.
    pub async fn page<'c, DB, E>(
        &self,
        executor: E,
        filter: &ListFilter<'_>,
        page: Page,
    ) -> Result<IdPage, FilterError>
    where
        DB: Database,
        E: Executor<'c, Database = DB>,
        i64: for<'q> Encode<'q, DB> + Type<DB> + for<'r> Decode<'r, DB> + Send + Unpin,
        for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
        usize: ColumnIndex<DB::Row>,
    {
        let expr = self.expr(filter)?;
        let mut sql = String::new();
        let mut args = DB::Arguments::default();
        let error = self.page_query::<DB>(&expr, page, &mut sql, &mut args);
        let database = |source| FilterError::Database {
            table: self.name.clone(),
            source,
        };
        if let Some(e) = error {
            return Err(database(sqlx::Error::Encode(e)));
        }
        let ids: Vec<i64> = sqlx::query_scalar_with::<DB, i64, _>(&sql, args)
            .fetch_all(executor)
            .await
            .map_err(database)?;
        let full = u32::try_from(ids.len()).is_ok_and(|n| n == page.limit) && page.limit > 0;
        let next = match (full, page.start, ids.last()) {
            (true, Start::After(_), Some(last)) => Some(Page::after(*last, page.limit)),
            (true, Start::Offset(offset), _) => offset
                .checked_add(page.limit)
                .map(|offset| Page::at_offset(offset, page.limit)),
            _ => None,
        };
        Ok(IdPage { ids, next })
    }

    /// Writes the page query into `sql` and its values into `args`; returns the first error
    /// adding a value, if any.
    fn page_query<'q, DB>(
        &self,
        expr: &Expr<'_>,
        page: Page,
        sql: &mut String,
        args: &mut DB::Arguments<'q>,
    ) -> Option<BoxDynError>
    where
        DB: Database,
        i64: Encode<'q, DB> + Type<DB>,
    {
        let mut query = ArgsSink::<DB> {
            sql,
            args,
            error: None,
        };
        let after = match page.start {
            Start::After(after) => after,
            Start::Offset(_) => None,
        };
        match expr.arms() {
            Some(arms) if arms.len() > 1 => {
                // Records related to the user in several ways: one ordered, limited lookup
                // per way, merged. A single `OR` makes the database gather every match of
                // every way and sort them all before it can return the first page.
                let limit = match page.start {
                    Start::Offset(offset) => {
                        i64::from(offset).saturating_add(i64::from(page.limit))
                    }
                    Start::After(_) => i64::from(page.limit),
                };
                query.sql(&format!("SELECT {ARM_ID} FROM ("));
                for (i, arm) in arms.iter().enumerate() {
                    if i > 0 {
                        query.sql(" UNION ");
                    }
                    query.sql(&format!("SELECT {ARM_ID} FROM ("));
                    self.arm_query(arm, after, limit, &mut query);
                    query.sql(&format!(") AS \"seatwise_arm_{i}\""));
                }
                query.sql(&format!(") AS \"seatwise_arms\" ORDER BY {ARM_ID} LIMIT "));
                query.bind(i64::from(page.limit));
            }
            _ => {
                query.sql("SELECT ");
                self.write_id(&mut query);
                self.write_from(&mut query);
                query.sql(" WHERE ");
                self.write_with(expr, after, &mut query);
                if let Some(after) = after {
                    query.sql(" AND ");
                    self.write_id(&mut query);
                    query.sql(" > ");
                    query.bind(after);
                }
                query.sql(" ORDER BY ");
                self.write_id(&mut query);
                query.sql(" LIMIT ");
                query.bind(i64::from(page.limit));
            }
        }
        if let Start::Offset(offset) = page.start {
            query.sql(" OFFSET ");
            query.bind(i64::from(offset));
        }
        query.error
    }

    /// ` FROM table [AS alias]`.
    fn write_from(&self, sink: &mut impl Sink) {
        sink.sql(&format!(" FROM {}", self.table));
        if let Some(alias) = &self.alias {
            sink.sql(&format!(" AS {alias}"));
        }
    }

    /// One arm of a page query: the ids of the records matching every term of `arm`, after
    /// `after`, the first `limit` in id order.
    fn arm_query(&self, arm: &[Expr<'_>], after: Option<i64>, limit: i64, sink: &mut impl Sink) {
        sink.sql("SELECT ");
        self.write_id(sink);
        sink.sql(&format!(" AS {ARM_ID}"));
        self.write_from(sink);
        sink.sql(" WHERE ");
        if arm.is_empty() {
            sink.sql("(1 = 1)");
        }
        for (i, term) in arm.iter().enumerate() {
            if i > 0 {
                sink.sql(" AND ");
            }
            self.write_with(term, after, sink);
        }
        if let Some(after) = after {
            sink.sql(" AND ");
            self.write_id(sink);
            sink.sql(" > ");
            sink.bind(after);
        }
        sink.sql(" ORDER BY ");
        self.write_id(sink);
        sink.sql(" LIMIT ");
        sink.bind(limit);
    }

    fn link(&self, relation: Relation) -> Option<&Link> {
        match relation {
            Relation::OWNER => self.owner.as_ref(),
            Relation::HOST => self.host.as_ref(),
            Relation::CREATOR => self.creator.as_ref(),
            Relation::ASSIGNEE => self.assignee.as_ref(),
            _ => None,
        }
    }

    fn expr(&self, filter: &ListFilter<'_>) -> Result<Expr<'_>, FilterError> {
        match self.area {
            Some(area) if area != filter.area() => {
                return Err(FilterError::OtherArea {
                    table: self.name.clone(),
                    table_area: area,
                    filter_area: filter.area(),
                })
            }
            _ => {}
        }
        match filter.coverage() {
            Coverage::Nothing => Ok(Expr::Const(false)),
            Coverage::All => Ok(Expr::Const(true)),
            Coverage::Related {
                user,
                first,
                second,
            } => {
                let user_value =
                    i64::try_from(user.get()).map_err(|_| FilterError::UserOutOfRange { user })?;
                let first = self.clause(user_value, &first)?;
                match second {
                    None => Ok(first),
                    Some(second) => Ok(Expr::All(vec![first, self.clause(user_value, &second)?])),
                }
            }
        }
    }

    /// One clause: related to the user by any of its relations, or in any of its teams.
    fn clause(&self, user: i64, clause: &Clause<'_>) -> Result<Expr<'_>, FilterError> {
        let mut terms = Vec::new();
        // `Relation::TEAM` is never an area's relation, and `Resource::relations_of` never
        // reports it: it adds no term here either.
        for (relation, name) in USER_RELATIONS {
            if !clause.relations().contains(relation) {
                continue;
            }
            match self.link(relation) {
                Some(Link::Column(column)) => terms.push(Expr::ColumnIs(column, user)),
                Some(Link::Join(join)) => terms.push(Expr::Joined(join, vec![user])),
                None => {
                    return Err(FilterError::MissingRelation {
                        table: self.name.clone(),
                        relation: name,
                    })
                }
            }
        }
        if !clause.teams().is_empty() {
            let mut teams = Vec::with_capacity(clause.teams().len());
            for team in clause.teams() {
                let value = i64::try_from(team.get())
                    .map_err(|_| FilterError::TeamOutOfRange { team: *team })?;
                if !teams.contains(&value) {
                    teams.push(value);
                }
            }
            match &self.teams {
                Some(Link::Column(column)) => terms.push(Expr::ColumnIn(column, teams)),
                Some(Link::Join(join)) => terms.push(Expr::Joined(join, teams)),
                None => {
                    return Err(FilterError::MissingTeams {
                        table: self.name.clone(),
                    })
                }
            }
        }
        Ok(match terms.len() {
            0 => Expr::Const(false),
            1 => terms.pop().unwrap_or(Expr::Const(false)),
            _ => Expr::Any(terms),
        })
    }

    /// The records table as the condition names it: its alias, or its name.
    fn record_ref(&self) -> &SqlName {
        self.alias.as_ref().unwrap_or(&self.table)
    }

    fn write_id(&self, sink: &mut impl Sink) {
        sink.sql(&format!("{}.{}", self.record_ref(), self.id));
    }

    /// Writes `expr` in parentheses. Every comparison with a nullable column is paired with
    /// `IS NOT NULL`, so the condition is never NULL (a NULL owner is not a match, and
    /// `NOT (condition)` still selects exactly the other records).
    fn write(&self, expr: &Expr<'_>, sink: &mut impl Sink) {
        self.write_with(expr, None, sink);
    }

    /// As [`write`](Self::write); in a page query after the record `after`, each join
    /// table's lookup also skips the records up to it (the page query skips them anyway),
    /// so the database does not gather them first.
    fn write_with(&self, expr: &Expr<'_>, after: Option<i64>, sink: &mut impl Sink) {
        sink.sql("(");
        self.write_inner(expr, after, sink);
        sink.sql(")");
    }

    fn write_inner(&self, expr: &Expr<'_>, after: Option<i64>, sink: &mut impl Sink) {
        let record = self.record_ref();
        match expr {
            Expr::Const(true) => sink.sql("1 = 1"),
            Expr::Const(false) => sink.sql("1 = 0"),
            Expr::ColumnIs(column, user) => {
                sink.sql(&format!("{record}.{column} = "));
                sink.bind(*user);
                sink.sql(&format!(" AND {record}.{column} IS NOT NULL"));
            }
            Expr::ColumnIn(column, values) => {
                sink.sql(&format!("{record}.{column} IN ("));
                write_list(values, sink);
                sink.sql(&format!(") AND {record}.{column} IS NOT NULL"));
            }
            Expr::Joined(join, values) => {
                let JoinTable {
                    table,
                    record: record_column,
                    value,
                } = join;
                sink.sql(&format!(
                    "{record}.{id} IN (SELECT {table}.{record_column} FROM {table} WHERE {table}.{value}",
                    id = self.id
                ));
                if let [one] = values.as_slice() {
                    sink.sql(" = ");
                    sink.bind(*one);
                } else {
                    sink.sql(" IN (");
                    write_list(values, sink);
                    sink.sql(")");
                }
                sink.sql(&format!(" AND {table}.{record_column} IS NOT NULL"));
                if let Some(after) = after {
                    sink.sql(&format!(" AND {table}.{record_column} > "));
                    sink.bind(after);
                }
                sink.sql(")");
            }
            Expr::Any(terms) | Expr::All(terms) => {
                let joiner = if matches!(expr, Expr::Any(_)) {
                    " OR "
                } else {
                    " AND "
                };
                for (i, term) in terms.iter().enumerate() {
                    if i > 0 {
                        sink.sql(joiner);
                    }
                    self.write_with(term, after, sink);
                }
            }
        }
    }
}

fn write_list(values: &[i64], sink: &mut impl Sink) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            sink.sql(", ");
        }
        sink.bind(*value);
    }
}

/// The most arms a page query is split into; a filter with more is one `WHERE`.
const MAX_ARMS: usize = 16;

/// The id column of a page query's arms.
const ARM_ID: &str = "\"seatwise_id\"";

impl<'t> Expr<'t> {
    /// The condition as a union of arms, each the conjunction of its terms (disjunctive
    /// normal form): `None` past [`MAX_ARMS`]. A team column compared with several teams is
    /// one arm per team, so that each arm is a lookup of one index in id order.
    fn arms(&self) -> Option<Vec<Vec<Expr<'t>>>> {
        match self {
            Expr::Const(true) => Some(vec![Vec::new()]),
            Expr::Const(false) => Some(Vec::new()),
            Expr::ColumnIs(..) | Expr::Joined(..) => Some(vec![vec![self.clone()]]),
            Expr::ColumnIn(column, values) => {
                if values.len() > MAX_ARMS {
                    return None;
                }
                Some(
                    values
                        .iter()
                        .map(|value| vec![Expr::ColumnIs(column, *value)])
                        .collect(),
                )
            }
            Expr::Any(terms) => {
                let mut arms = Vec::new();
                for term in terms {
                    arms.extend(term.arms()?);
                    if arms.len() > MAX_ARMS {
                        return None;
                    }
                }
                Some(arms)
            }
            Expr::All(terms) => {
                let mut arms = vec![Vec::new()];
                for term in terms {
                    let choices = term.arms()?;
                    if arms.len().saturating_mul(choices.len()) > MAX_ARMS {
                        return None;
                    }
                    let mut product = Vec::with_capacity(arms.len().saturating_mul(choices.len()));
                    for arm in &arms {
                        for choice in &choices {
                            let mut both: Vec<Expr<'t>> = arm.clone();
                            both.extend(choice.iter().cloned());
                            product.push(both);
                        }
                    }
                    arms = product;
                }
                Some(arms)
            }
        }
    }

    fn param_count(&self) -> usize {
        match self {
            Expr::Const(_) => 0,
            Expr::ColumnIs(..) => 1,
            Expr::ColumnIn(_, values) | Expr::Joined(_, values) => values.len(),
            Expr::Any(terms) | Expr::All(terms) => terms
                .iter()
                .fold(0usize, |n, t| n.saturating_add(t.param_count())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seatwise::{presets, Principal, Standing, Verb};

    #[track_caller]
    fn bad_name(name: &str, problem: NameProblem) {
        let err = RecordTable::builder("records", "id")
            .owner_column(name)
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            TableError::BadName {
                name: name.to_owned(),
                problem
            }
        );
        assert_eq!(err.name(), name);
    }

    // S-6: names are allow-listed, so a name can never carry SQL.
    #[test]
    fn s6_names_are_plain_identifiers() {
        bad_name("", NameProblem::Empty);
        bad_name("1owner", NameProblem::BadStart('1'));
        bad_name("owner\"; DROP TABLE users; --", NameProblem::BadChar('"'));
        bad_name("owner id", NameProblem::BadChar(' '));
        bad_name("public.owner", NameProblem::BadChar('.'));
        bad_name("ownér", NameProblem::BadChar('é'));
        bad_name(&"o".repeat(MAX_NAME_BYTES + 1), NameProblem::TooLong);
        let ok = RecordTable::builder("_Records2", "ID")
            .owner_column(&"o".repeat(MAX_NAME_BYTES))
            .build();
        assert!(ok.is_ok());
        let err = RecordTable::builder("records;", "id").build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`records;` is not a plain SQL name: it holds ';'"
        );
    }

    #[test]
    fn s6_only_user_relations_are_described() {
        for relation in [
            Relation::TEAM,
            Relation::empty(),
            Relation::OWNER | Relation::HOST,
        ] {
            let err = RecordTable::builder("records", "id")
                .column(relation, "x")
                .build()
                .unwrap_err();
            assert!(matches!(err, TableError::NotAUserRelation { .. }), "{err}");
        }
        let err = RecordTable::builder("records", "id")
            .column(Relation::OWNER | Relation::HOST, "x")
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`owner|host` is not one of the relations owner, host, creator, assignee"
        );
    }

    /// Deals owned by or assigned to reps (Exclusive), of a lead's teams (Team).
    fn reps() -> seatwise::Policy {
        let both = Verb::VIEW | Verb::EDIT;
        seatwise::PolicyDocument::new("reps", "lead")
            .area(seatwise::AreaSpec::new("deals", both).relations(&["owner", "assignee"]))
            .role(
                seatwise::RoleSpec::new("rep", 10)
                    .grant("deals", Verb::VIEW, seatwise::Scope::Exclusive)
                    .grant("deals", Verb::EDIT, seatwise::Scope::Exclusive),
            )
            .role(
                seatwise::RoleSpec::new("lead", 20)
                    .grant("deals", Verb::VIEW, seatwise::Scope::Team)
                    .grant("deals", Verb::EDIT, seatwise::Scope::Team),
            )
            .compile()
            .unwrap()
    }

    fn deals_table() -> RecordTable {
        RecordTable::builder("deals", "id")
            .alias("d")
            .owner_column("owner_id")
            .assignees_table("deal_assignees", "deal_id", "user_id")
            .teams_table("deal_teams", "deal_id", "team_id")
            .build()
            .unwrap()
    }

    // S-6, A-9: Nothing and All.
    #[test]
    fn s6_nothing_and_all() {
        let policy = presets::deal_space().unwrap();
        let deals = policy.area("deals").unwrap();
        let owner = Principal::member(UserId::new(1), policy.role("owner").unwrap());
        let pending = owner.with_standing(Standing::Pending);
        let table = deals_table();
        let all = table
            .condition(
                &policy.list_filter(&owner, Verb::VIEW, deals),
                Dialect::Sqlite,
            )
            .unwrap();
        assert_eq!((all.sql(), all.params()), ("(1 = 1)", &[][..]));
        let nothing = table
            .condition(
                &policy.list_filter(&pending, Verb::VIEW, deals),
                Dialect::POSTGRES,
            )
            .unwrap();
        assert_eq!((nothing.sql(), nothing.params()), ("(1 = 0)", &[][..]));
    }

    // S-6: relations OR'd, teams through IN, placeholders per dialect, values bound.
    #[test]
    fn s6_related_text_per_dialect() {
        let policy = reps();
        let deals = policy.area("deals").unwrap();
        let editor = Principal::member(UserId::new(5), policy.role("rep").unwrap());
        let filter = policy.list_filter(&editor, Verb::EDIT, deals);
        let table = deals_table();
        let sqlite = table.condition(&filter, Dialect::Sqlite).unwrap();
        let owner = r#"("d"."owner_id" = ? AND "d"."owner_id" IS NOT NULL)"#;
        let assignee = r#"("d"."id" IN (SELECT "deal_assignees"."deal_id" FROM "deal_assignees" WHERE "deal_assignees"."user_id" = ? AND "deal_assignees"."deal_id" IS NOT NULL))"#;
        assert!(sqlite.sql().contains(owner), "{sqlite}");
        assert!(sqlite.sql().contains(assignee), "{sqlite}");
        assert!(sqlite.sql().contains(" OR "), "{sqlite}");
        assert_eq!(sqlite.params(), &[5, 5]);
        let postgres = table
            .condition(&filter, Dialect::Postgres { first: 3 })
            .unwrap();
        assert_eq!(postgres.params(), sqlite.params());
        // The same text, `?` numbered from $3.
        let mut numbered = String::new();
        let mut n = 3;
        for (i, part) in sqlite.sql().split('?').enumerate() {
            if i > 0 {
                numbered.push_str(&format!("${n}"));
                n += 1;
            }
            numbered.push_str(part);
        }
        assert_eq!(postgres.sql(), numbered);
        // The query builder gets the same text and numbers after its own parameters.
        let mut query = QueryBuilder::<sqlx::Postgres>::new("SELECT 1 WHERE ");
        query.push_bind(1_i64).push(" = ");
        query.push_bind(1_i64).push(" AND ");
        table.push_condition(&mut query, &filter).unwrap();
        assert_eq!(
            query.sql(),
            format!("SELECT 1 WHERE $1 = $2 AND {numbered}")
        );
    }

    #[test]
    fn s6_team_scope_uses_in() {
        let policy = reps();
        let teams = [TeamId::new(4), TeamId::new(9), TeamId::new(4)];
        let boss =
            Principal::member(UserId::new(2), policy.role("lead").unwrap()).with_teams(&teams);
        let filter = policy.list_filter(&boss, Verb::VIEW, policy.area("deals").unwrap());
        let by_join = deals_table().condition(&filter, Dialect::Sqlite).unwrap();
        assert!(
            by_join
                .sql()
                .contains(r#""deal_teams"."team_id" IN (?, ?)"#),
            "{by_join}"
        );
        assert_eq!(by_join.params(), &[2, 2, 4, 9]);
        let by_column = RecordTable::builder("deals", "id")
            .owner_column("owner_id")
            .assignees_table("deal_assignees", "deal_id", "user_id")
            .team_column("team_id")
            .build()
            .unwrap()
            .condition(&filter, Dialect::POSTGRES)
            .unwrap();
        assert_eq!(
            by_column.sql(),
            concat!(
                r#"(("deals"."owner_id" = $1 AND "deals"."owner_id" IS NOT NULL)"#,
                r#" OR ("deals"."id" IN (SELECT "deal_assignees"."deal_id" FROM "deal_assignees""#,
                r#" WHERE "deal_assignees"."user_id" = $2 AND "deal_assignees"."deal_id" IS NOT NULL))"#,
                r#" OR ("deals"."team_id" IN ($3, $4) AND "deals"."team_id" IS NOT NULL))"#
            )
        );
        let missing = RecordTable::builder("deals", "id")
            .owner_column("owner_id")
            .assignees_table("deal_assignees", "deal_id", "user_id")
            .build()
            .unwrap()
            .condition(&filter, Dialect::Sqlite)
            .unwrap_err();
        assert_eq!(
            missing.to_string(),
            "table `deals` has no team column or join table, which the filter needs for the user's teams"
        );
    }

    // S-6: a relation the filter needs and the table lacks is an error naming it; nothing is
    // written into the host's query.
    #[test]
    fn s6_missing_relation_is_named() {
        let policy = presets::sales_scheduler().unwrap();
        let events = policy.area("scheduled_events").unwrap();
        let closer = Principal::member(UserId::new(1), policy.role("closer").unwrap());
        let filter = policy.list_filter(&closer, Verb::VIEW, events);
        let table = RecordTable::builder("events", "id")
            .creator_column("creator_id")
            .build()
            .unwrap();
        let mut query = QueryBuilder::<sqlx::Sqlite>::new("SELECT id FROM events WHERE ");
        let err = table.push_condition(&mut query, &filter).unwrap_err();
        assert_eq!(
            err.to_string(),
            "table `events` has no column or join table for relation `host`, which the filter needs"
        );
        assert_eq!(query.sql(), "SELECT id FROM events WHERE ");
        assert!(table.describes(Relation::CREATOR) && !table.describes(Relation::HOST));
    }

    #[test]
    fn s6_ids_beyond_sql_integers_are_refused() {
        let policy = presets::sales_scheduler().unwrap();
        let rules = policy.area("rules").unwrap();
        let table = RecordTable::builder("rules", "id")
            .creator_column("creator_id")
            .build()
            .unwrap();
        let closer = policy.role("closer").unwrap();
        let big = UserId::new(u64::MAX);
        let filter = policy.list_filter(&Principal::member(big, closer), Verb::EDIT, rules);
        let err = table.condition(&filter, Dialect::Sqlite).unwrap_err();
        assert!(matches!(err, FilterError::UserOutOfRange { user } if user == big));
        let edge = UserId::new(u64::try_from(i64::MAX).unwrap());
        let filter = policy.list_filter(&Principal::member(edge, closer), Verb::EDIT, rules);
        let last = table
            .condition(&filter, Dialect::Postgres { first: u32::MAX })
            .unwrap();
        assert_eq!(last.params(), &[i64::MAX]);
        assert!(last.sql().contains(&format!("${}", u32::MAX)));
    }

    #[test]
    fn s6_placeholder_numbers_do_not_overflow() {
        let policy = reps();
        let deals = policy.area("deals").unwrap();
        let editor = Principal::member(UserId::new(5), policy.role("rep").unwrap());
        let filter = policy.list_filter(&editor, Verb::EDIT, deals);
        let table = deals_table();
        let n = table
            .condition(&filter, Dialect::Sqlite)
            .unwrap()
            .params()
            .len();
        assert_eq!(n, 2);
        let room = u32::MAX - u32::try_from(n).unwrap() + 1;
        assert!(table
            .condition(&filter, Dialect::Postgres { first: room })
            .is_ok());
        let err = table
            .condition(&filter, Dialect::Postgres { first: room + 1 })
            .unwrap_err();
        assert!(matches!(err, FilterError::TooManyParameters { first } if first == room + 1));
    }

    // S-6: the page query's text on both engines (its results are checked in
    // tests/filter_sql.rs). A record related in two ways is found by a union of two ordered,
    // limited lookups; the keyset bound reaches into the join table's lookup.
    #[test]
    fn s6_page_query_text() {
        let policy = reps();
        let deals = policy.area("deals").unwrap();
        let rep = Principal::member(UserId::new(5), policy.role("rep").unwrap());
        let filter = policy.list_filter(&rep, Verb::VIEW, deals);
        let table = deals_table();
        let expr = table.expr(&filter).unwrap();
        let mut sql = String::new();
        let mut args = <sqlx::Postgres as Database>::Arguments::default();
        let error =
            table.page_query::<sqlx::Postgres>(&expr, Page::after(40, 50), &mut sql, &mut args);
        assert!(error.is_none());
        let owned = r#"SELECT "d"."id" AS "seatwise_id" FROM "deals" AS "d" WHERE ("d"."owner_id" = $1 AND "d"."owner_id" IS NOT NULL) AND "d"."id" > $2 ORDER BY "d"."id" LIMIT $3"#;
        let assigned = r#"SELECT "d"."id" AS "seatwise_id" FROM "deals" AS "d" WHERE ("d"."id" IN (SELECT "deal_assignees"."deal_id" FROM "deal_assignees" WHERE "deal_assignees"."user_id" = $4 AND "deal_assignees"."deal_id" IS NOT NULL AND "deal_assignees"."deal_id" > $5)) AND "d"."id" > $6 ORDER BY "d"."id" LIMIT $7"#;
        assert_eq!(
            sql,
            format!(
                r#"SELECT "seatwise_id" FROM (SELECT "seatwise_id" FROM ({owned}) AS "seatwise_arm_0" UNION SELECT "seatwise_id" FROM ({assigned}) AS "seatwise_arm_1") AS "seatwise_arms" ORDER BY "seatwise_id" LIMIT $8"#
            )
        );
        assert_eq!(sqlx::Arguments::len(&args), 8);
        let mut sql = String::new();
        let mut args = <sqlx::Sqlite as Database>::Arguments::default();
        let plain = RecordTable::builder("deals", "id").build().unwrap();
        let spaces = presets::deal_space().unwrap();
        let owner = Principal::member(UserId::new(5), spaces.role("owner").unwrap());
        let all = spaces.list_filter(&owner, Verb::VIEW, spaces.area("deals").unwrap());
        let expr = plain.expr(&all).unwrap();
        plain.page_query::<sqlx::Sqlite>(&expr, Page::at_offset(100, 50), &mut sql, &mut args);
        assert_eq!(
            sql,
            r#"SELECT "deals"."id" FROM "deals" WHERE (1 = 1) ORDER BY "deals"."id" LIMIT ? OFFSET ?"#
        );
        // Offset pages: each lookup takes offset + limit records, the union skips the offset.
        let expr = table.expr(&filter).unwrap();
        let mut sql = String::new();
        let mut args = <sqlx::Sqlite as Database>::Arguments::default();
        table.page_query::<sqlx::Sqlite>(&expr, Page::at_offset(100, 50), &mut sql, &mut args);
        assert!(
            sql.ends_with(r#"ORDER BY "seatwise_id" LIMIT ? OFFSET ?"#),
            "{sql}"
        );
        assert_eq!(sql.matches(" UNION ").count(), 1, "{sql}");
        assert_eq!(sqlx::Arguments::len(&args), 6);
    }

    // S-6: the arms of a page query are the condition in disjunctive normal form: OR'd terms
    // and each team of a team column are arms, AND'ed clauses multiply; past the limit, the
    // condition stays one WHERE.
    #[test]
    fn s6_page_arms_are_the_disjunctive_normal_form() {
        let teams_column = RecordTable::builder("deals", "id")
            .owner_column("owner_id")
            .creator_column("creator_id")
            .team_column("team_id")
            .build()
            .unwrap();
        let owner = Expr::ColumnIs(teams_column.owner.as_ref().map(link_column).unwrap(), 1);
        let creator = Expr::ColumnIs(teams_column.creator.as_ref().map(link_column).unwrap(), 1);
        let team_column = teams_column.teams.as_ref().map(link_column).unwrap();
        let teams = Expr::ColumnIn(team_column, vec![3, 4, 5]);
        let any = Expr::Any(vec![owner.clone(), teams.clone()]);
        assert_eq!(any.arms().map(|a| a.len()), Some(4));
        let all = Expr::All(vec![
            any.clone(),
            Expr::Any(vec![creator.clone(), owner.clone()]),
        ]);
        let arms = all.arms().unwrap();
        assert_eq!(arms.len(), 8);
        assert!(arms.iter().all(|arm| arm.len() == 2));
        assert_eq!(Expr::Const(false).arms().map(|a| a.len()), Some(0));
        assert_eq!(Expr::Const(true).arms().map(|a| a.len()), Some(1));
        let many = Expr::ColumnIn(team_column, (1..=17).collect());
        assert!(many.arms().is_none());
        let wide = Expr::All(vec![any.clone(), any.clone(), any]);
        assert!(wide.arms().is_none(), "64 arms");
    }

    fn link_column(link: &Link) -> &SqlName {
        match link {
            Link::Column(column) => column,
            Link::Join(join) => &join.table,
        }
    }

    #[test]
    fn s6_a_table_of_one_area_refuses_filters_of_another() {
        let policy = presets::sales_scheduler().unwrap();
        let (rules, workflows) = (
            policy.area("rules").unwrap(),
            policy.area("workflows").unwrap(),
        );
        let closer = Principal::member(UserId::new(3), policy.role("closer").unwrap());
        let table = RecordTable::builder("rules", "id")
            .area(rules)
            .creator_column("creator_id")
            .build()
            .unwrap();
        assert!(table
            .condition(
                &policy.list_filter(&closer, Verb::EDIT, rules),
                Dialect::Sqlite
            )
            .is_ok());
        let err = table
            .condition(
                &policy.list_filter(&closer, Verb::EDIT, workflows),
                Dialect::Sqlite,
            )
            .unwrap_err();
        assert!(matches!(
            err,
            FilterError::OtherArea { table_area, filter_area, .. }
                if table_area == rules && filter_area == workflows
        ));
        assert_eq!(
            err.to_string(),
            "table `rules` holds records of another area than the filter's"
        );
    }
}

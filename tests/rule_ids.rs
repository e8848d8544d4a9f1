//! Every rule id the repository cites can be looked up in `seatwise::rules` (`src/rules.rs`).
//!
//! - every id cited in `src/`, `tests/`, `examples/`, `benches/*.rs`, `README.md` and
//!   `CHANGELOG.md` is the heading of an entry of the rules page;
//! - every rule SPEC.md defines has exactly one entry, in SPEC order, and the page has no
//!   entry SPEC.md does not define;
//! - every link to the page (`crate::rules#…`, `rules/index.html#…`, `(#…)` inside the page)
//!   reaches an anchor rustdoc gives one of its headings;
//! - every entry names the test files that prove it (and they exist), or says it is planned.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The rule ids SPEC.md defines, in its order. SPEC.md is kept outside the repository, so this
/// list is its copy; when SPEC.md gains a rule, add it here and the test asks for its entry.
const SPEC_IDS: &[&str] = &[
    "A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "A-7", "A-8", "A-9", "A-10", "A-11", "A-12", //
    "SS-1", "SS-2", "SS-3", "SS-4", "SS-5", "SS-6", "SS-7", "SS-8", "SS-9", "SS-10", "SS-11",
    "SS-12", "SS-13", "SS-14", "SS-15", //
    "DS-1", "DS-2", "DS-3", "DS-4", "DS-5", "DS-6", "DS-7", //
    "M-1", "M-2", "M-3", "M-4", "M-5", "M-6", "M-7", "M-8", "M-9", "M-10", //
    "B-1", "B-2", "B-3", "B-4", "B-5", "B-6", "B-7", "B-8", "B-9", "B-10", "B-11", "B-12", //
    "U-1", "U-2", "U-3", "U-4", "U-5", "U-6", //
    "I-1", "I-2", "I-3", "I-4", "I-5", "I-6", "I-7", "I-8", "I-9", "I-10", "I-11", //
    "T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8", //
    "S-1", "S-2", "S-3", "S-4", "S-5", "S-6", "S-7", //
    "W-1", "W-2", "W-3", "W-4", "W-5", "W-6", "W-7",
];

/// The prefixes SPEC.md gives its ids. Only these count as citations, so that `UTF-8`,
/// `SHA-256` or `ISO-4217` are never taken for rule ids.
const PREFIXES: &[&str] = &["A", "SS", "DS", "M", "B", "U", "I", "T", "S", "W"];

const RULES_PAGE: &str = "src/rules.rs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The rule ids cited in `text`, with their line numbers (from 1).
///
/// An id is one or two capital letters of a known prefix, `-`, and digits, standing alone:
/// no letter, digit, `_` or `-` right before it, no letter, digit or `_` right after it.
fn cited_ids(text: &str) -> Vec<(String, usize)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut line = 1;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if b != b'-' {
            continue;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|c| !c.is_ascii_uppercase())
            .map_or(0, |p| p + 1);
        let prefix = &text[start..i];
        if !PREFIXES.contains(&prefix) {
            continue;
        }
        if start > 0 && (word(bytes[start - 1]) || bytes[start - 1] == b'-') {
            continue;
        }
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = i + 1 + digits;
        if digits == 0 || bytes.get(end).is_some_and(|&c| word(c)) {
            continue;
        }
        found.push((text[start..end].to_owned(), line));
    }
    found
}

/// The anchor rustdoc gives a heading: ASCII letters lowercased, letters, digits, `-` and `_`
/// kept, each ASCII space a `-`, everything else dropped (`slugify` in librustdoc's
/// `html/markdown.rs`).
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_ascii_lowercase())
            } else if c.is_ascii_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The documentation lines of the rules page, without `//!`, outside code blocks.
fn page_lines(page: &str) -> Vec<&str> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in page.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        if doc.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            lines.push(doc);
        }
    }
    lines
}

/// A markdown heading's level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let text = line.get(level..)?.strip_prefix(' ')?;
    (level > 0).then_some((level, text.trim()))
}

/// One rule entry of the page: its id, heading text and body.
struct Entry {
    id: String,
    heading: String,
    body: String,
}

/// The entries of the rules page: level-2 headings that open with a rule id.
fn entries(page: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut open = false;
    for line in page_lines(page) {
        if let Some((level, text)) = heading(line) {
            open = false;
            if level == 2 {
                let first = cited_ids(text).into_iter().next();
                if let Some((id, _)) = first.filter(|(id, _)| text.starts_with(id.as_str())) {
                    out.push(Entry {
                        id,
                        heading: text.to_owned(),
                        body: String::new(),
                    });
                    open = true;
                }
            }
            continue;
        }
        if open {
            if let Some(entry) = out.last_mut() {
                entry.body.push_str(line);
                entry.body.push('\n');
            }
        }
    }
    out
}

fn rules_page() -> String {
    read(&root().join(RULES_PAGE))
}

/// Files of `dir` (recursively) whose names end with one of `extensions`.
fn files_under(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            out.push(path);
        }
    }
}

/// The files whose citations must resolve: `src/` (code and the preset documents), `tests/`,
/// `examples/`, the criterion benches `benches/*.rs`, `README.md`, `CHANGELOG.md`.
fn cited_files() -> Vec<PathBuf> {
    let root = root();
    let mut files = Vec::new();
    files_under(&root.join("src"), &["rs", "toml", "md"], &mut files);
    files_under(&root.join("tests"), &["rs"], &mut files);
    files_under(&root.join("examples"), &["rs"], &mut files);
    if let Ok(benches) = fs::read_dir(root.join("benches")) {
        let mut benches: Vec<PathBuf> = benches
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
            .collect();
        benches.sort();
        files.extend(benches);
    }
    for top in ["README.md", "CHANGELOG.md"] {
        let path = root.join(top);
        if path.is_file() {
            files.push(path);
        }
    }
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_spec_rule_has_one_entry_in_spec_order() {
    let page = rules_page();
    let ids: Vec<String> = entries(&page).into_iter().map(|e| e.id).collect();
    let missing: Vec<&&str> = SPEC_IDS
        .iter()
        .filter(|id| !ids.iter().any(|e| e == **id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without an entry in {RULES_PAGE}: {missing:?}"
    );
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|id| !SPEC_IDS.contains(&id.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "entries of {RULES_PAGE} SPEC.md does not define: {unknown:?}"
    );
    assert_eq!(ids, SPEC_IDS, "one entry per rule, in SPEC order");
}

#[test]
fn every_cited_id_is_a_rule_of_the_page() {
    let page = rules_page();
    let defined: BTreeSet<String> = entries(&page).into_iter().map(|e| e.id).collect();
    let files = cited_files();
    assert!(
        files.len() > 20,
        "the scan found only {} files: is the layout still src/, tests/, examples/?",
        files.len()
    );
    let mut cited: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        for (id, line) in cited_ids(&read(file)) {
            cited
                .entry(id)
                .or_default()
                .push(format!("{}:{line}", relative(file)));
        }
    }
    assert!(cited.len() > 50, "the scan found only {} ids", cited.len());
    let unresolved: Vec<String> = cited
        .iter()
        .filter(|(id, _)| !defined.contains(*id))
        .map(|(id, at)| format!("{id} (cited at {})", at.join(", ")))
        .collect();
    assert!(
        unresolved.is_empty(),
        "ids cited but not on the rules page {RULES_PAGE}:\n{}",
        unresolved.join("\n")
    );
}

/// The fragments of links to the rules page in `text`: after `rules#`, after
/// `rules/index.html#`, and (on the page itself) after `](#`.
fn rule_links(text: &str, on_page: bool) -> Vec<(String, usize)> {
    let mut markers = vec!["rules#", "rules/index.html#"];
    if on_page {
        markers.push("](#");
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for marker in &markers {
            for (at, _) in line.match_indices(marker) {
                let fragment: String = line[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                // A bare marker (as in prose about links) is not a link.
                if !fragment.is_empty() {
                    out.push((fragment, n + 1));
                }
            }
        }
    }
    out
}

#[test]
fn every_link_to_the_page_reaches_an_anchor() {
    let page = rules_page();
    let mut anchors = BTreeSet::new();
    for line in page_lines(&page) {
        if let Some((_, text)) = heading(line) {
            let id = anchor(text);
            assert!(
                anchors.insert(id.clone()),
                "two headings of {RULES_PAGE} share the anchor `{id}`: rustdoc would number one"
            );
        }
    }
    let mut links = 0;
    let mut broken = Vec::new();
    for file in cited_files() {
        let on_page = relative(&file) == RULES_PAGE;
        for (fragment, line) in rule_links(&read(&file), on_page) {
            links += 1;
            if !anchors.contains(&fragment) {
                broken.push(format!("{}:{line}: #{fragment}", relative(&file)));
            }
        }
    }
    assert!(links > 10, "only {links} links to the rules page found");
    assert!(
        broken.is_empty(),
        "links to anchors the rules page does not have:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_entry_names_its_tests_or_says_it_is_planned() {
    let page = rules_page();
    let root = root();
    let mut problems = Vec::new();
    for entry in entries(&page) {
        let planned = entry.body.contains("**Planned:**");
        let tests = entry
            .body
            .split("**Tests:**")
            .nth(1)
            .map(|rest| rest.split("**").next().unwrap_or(rest));
        match (planned, tests) {
            (true, None) => {}
            (true, Some(_)) => problems.push(format!("{}: both planned and tested", entry.heading)),
            (false, None) => problems.push(format!("{}: no **Tests:**", entry.heading)),
            (false, Some(tests)) => {
                let named: Vec<&str> = tests
                    .split('`')
                    .filter(|s| {
                        ["tests/", "examples/", "store/tests/", "app/tests/"]
                            .iter()
                            .any(|dir| s.starts_with(dir))
                    })
                    .collect();
                if named.is_empty() {
                    problems.push(format!("{}: **Tests:** names no file", entry.heading));
                }
                for file in named {
                    if !root.join(file).is_file() {
                        problems.push(format!("{}: `{file}` does not exist", entry.heading));
                    }
                }
            }
        }
        if entry.body.trim().is_empty() {
            problems.push(format!("{}: no text", entry.heading));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_finds_ids_and_skips_lookalikes() {
    let ids =
        |text: &str| -> Vec<String> { cited_ids(text).into_iter().map(|(id, _)| id).collect() };
    // Built with format! so that this file cites no id the page lacks.
    let unknown = format!("{}-{}", "SS", 99);
    assert_eq!(
        ids(&format!(
            "SS-10 and (A-12), B-4/B-6; `T-3`.\n{unknown}: I-10"
        )),
        [
            "SS-10",
            "A-12",
            "B-4",
            "B-6",
            "T-3",
            unknown.as_str(),
            "I-10"
        ]
    );
    assert_eq!(cited_ids("x\n\nDS-3")[0].1, 3, "line numbers count from 1");
    for lookalike in [
        "UTF-8",
        "SHA-256",
        "ISO-4217",
        "RFC-7231",
        "X-1",
        "A-",
        "A-x",
        "A-1b",
        "A-1_",
        "aA-1",
        "9A-1",
        "_A-1",
        "x-A-1",
        "ss-10",
        "crate::rules#ss-10-events",
    ] {
        assert!(ids(lookalike).is_empty(), "`{lookalike}` is not a rule id");
    }
}

#[test]
fn anchors_follow_rustdoc() {
    // What rustdoc 1.8x writes as the `id` of these headings of the rules page.
    for (heading, id) in [
        ("SS-10 Events", "ss-10-events"),
        ("A-12 Policies are data", "a-12-policies-are-data"),
        (
            "Built-in model: sales scheduler (SS)",
            "built-in-model-sales-scheduler-ss",
        ),
        (
            "Plans, seats, guests, billing (B)",
            "plans-seats-guests-billing-b",
        ),
        ("B-5 Seats last the period", "b-5-seats-last-the-period"),
    ] {
        assert_eq!(anchor(heading), id);
    }
}

#[test]
fn entries_are_found_and_bodies_kept() {
    let page = "//! # Part (A)\n//!\n//! ## A-1 First\n//!\n//! Text of A-1.\n//!\n\
                //! ```text\n//! ## A-2 In code\n//! ```\n//! ## Not a rule\n//!\n//! Other.\n\
                //! ## A-3 Third\n//! **Planned:** later.\n";
    let found = entries(page);
    let ids: Vec<&str> = found.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["A-1", "A-3"]);
    assert!(found[0].body.contains("Text of A-1."));
    assert!(
        !found[0].body.contains("Other."),
        "a heading closes the entry"
    );
    assert!(found[1].body.contains("**Planned:**"));
}

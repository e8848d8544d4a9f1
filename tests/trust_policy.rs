//! Trust boundaries of policy documents (SPEC section 10): bounded compile cost (T-5) and
//! clean guest roles, names and labels (T-6). Each attack found by the abuse check is
//! reproduced here and must be refused with an error that names the limit or the entry.

use std::fmt::Write as _;

use proptest::prelude::*;
use seatwise::{
    presets, Actions, AreaSpec, ExceptionSpec, Limit, Policy, PolicyDocument, PolicyError,
    PolicyLimits, RoleSpec, Scope, Verb,
};

/// The limit a refusal names, with its value and what was found.
#[track_caller]
fn over_limit(result: Result<Policy, PolicyError>) -> (Limit, usize, usize, String) {
    match result {
        Err(PolicyError::LimitExceeded {
            limit,
            max,
            found,
            entry,
        }) => (limit, max, found, entry),
        Err(other) => panic!("T-5: expected a limit error, got `{other}`"),
        Ok(_) => panic!("T-5: the document must be refused"),
    }
}

/// `roles` roles × `areas` areas, as TOML, each role granting `*` (the attack document).
fn wide_toml(roles: usize, areas: usize) -> String {
    let mut text = String::from("name = \"wide\"\nowner_role = \"r0\"\n");
    for a in 0..areas {
        write!(text, "[[area]]\nname = \"a{a}\"\nactions = [\"view\"]\n").unwrap();
    }
    for r in 0..roles {
        write!(
            text,
            "[[role]]\nname = \"r{r}\"\nrank = {}\n",
            roles.saturating_sub(r)
        )
        .unwrap();
    }
    text
}

/// The same shape, built as a document.
fn wide_document(roles: usize, areas: usize) -> PolicyDocument {
    let mut doc = PolicyDocument::new("wide", "r0");
    for a in 0..areas {
        doc = doc.area(AreaSpec::new(&format!("a{a}"), Verb::VIEW));
    }
    for r in 0..roles {
        let rank = u32::try_from(roles - r).unwrap();
        doc = doc.role(RoleSpec::new(&format!("r{r}"), rank).grant_all("*", Scope::Full));
    }
    doc
}

/// A chain `r0 <- r1 <- … <- r(n-1)`: each role inherits from the one before; the owner
/// is the last, highest one.
fn chain(n: usize) -> PolicyDocument {
    let mut doc = PolicyDocument::new("chain", &format!("r{}", n - 1))
        .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT));
    for i in 0..n {
        let mut role = RoleSpec::new(&format!("r{i}"), u32::try_from(i + 1).unwrap());
        if i == 0 {
            role = role.grant("notes", Verb::VIEW, Scope::Full);
        } else {
            role = role.parent(&format!("r{}", i - 1));
        }
        doc = doc.role(role);
    }
    doc
}

#[test]
fn t5_the_1_6_mb_document_is_refused_before_parsing() {
    // The abuse check's document: 20,000 roles × 20,000 areas, about 1.6 MB, which made
    // the compiler ask for 4.8 GB and abort.
    let text = wide_toml(20_000, 20_000);
    assert!(text.len() > 1_500_000, "{}", text.len());
    let (limit, max, found, entry) = over_limit(Policy::from_toml(&text));
    assert_eq!(
        (limit, max, found),
        (Limit::DocumentBytes, 1 << 20, text.len())
    );
    assert_eq!(entry, "the document");
    let json = wide_document(20_000, 20_000).to_json().unwrap();
    let (limit, ..) = over_limit(Policy::from_json(&json));
    assert_eq!(limit, Limit::DocumentBytes);
}

#[test]
fn t5_the_1_6_mb_document_is_refused_by_counts_when_bytes_are_allowed() {
    // With room for the text, the role count refuses it; with room for the roles and
    // areas, their product does — before any table is allocated.
    let text = wide_toml(20_000, 20_000);
    let bytes = PolicyLimits::default().with(Limit::DocumentBytes, 4 << 20);
    let (limit, max, found, _) = over_limit(Policy::from_toml_with(&text, &bytes));
    assert_eq!((limit, max, found), (Limit::Roles, 5_000, 20_000));

    let counts = bytes.with(Limit::Roles, 65_535).with(Limit::Areas, 65_535);
    let (limit, max, found, _) = over_limit(Policy::from_toml_with(&text, &counts));
    assert_eq!(
        (limit, max, found),
        (Limit::RolesTimesAreas, 1_000_000, 400_000_000)
    );
}

#[test]
fn t5_per_dimension_caps_do_not_bound_the_product() {
    // 2,000 roles and 1,000 areas are each within the defaults; 2,000,000 cells are not.
    let doc = wide_document(2_000, 1_000);
    let (limit, max, found, entry) = over_limit(doc.compile());
    assert_eq!(
        (limit, max, found),
        (Limit::RolesTimesAreas, 1_000_000, 2_000_000)
    );
    assert_eq!(entry, "the document");
    // Exactly at the limit it compiles, wildcard grants and all.
    let policy = wide_document(1_000, 1_000).compile().unwrap();
    assert_eq!(policy.roles().count() * policy.areas().count(), 1_000_000);
    let last = policy.role("r999").unwrap();
    let area = policy.area("a999").unwrap();
    assert_eq!(policy.scope_of(last, area, Verb::VIEW), Scope::Full);
}

#[test]
fn t5_deep_parent_chain_compiles_under_raised_limits() {
    // The abuse check's 65,534-deep chain took 11.5 s (quadratic); inheritance is now
    // resolved once per role. Speed is measured in benches/policy_compile.rs; here it must
    // compile and inherit correctly.
    let n = 60_000;
    let doc = chain(n);
    let raised = PolicyLimits::default()
        .with(Limit::Roles, 65_535)
        .with(Limit::InheritanceDepth, n)
        .with(Limit::RolesTimesAreas, 65_535);
    let policy = doc.compile_with(&raised).unwrap();
    let notes = policy.area("notes").unwrap();
    let deepest = policy.role(&format!("r{}", n - 1)).unwrap();
    assert_eq!(policy.scope_of(deepest, notes, Verb::VIEW), Scope::Full);
    assert_eq!(policy.scope_of(deepest, notes, Verb::EDIT), Scope::None);
    assert_eq!(
        policy.granted_by(deepest, notes, Verb::VIEW),
        policy.role("r0").ok()
    );
}

#[test]
fn t5_inheritance_depth_is_limited_and_named() {
    let (limit, max, found, entry) = over_limit(chain(66).compile());
    assert_eq!((limit, max, found), (Limit::InheritanceDepth, 64, 65));
    assert_eq!(entry, "role `r65`");
    // 64 ancestors is the most the default allows.
    assert!(chain(65).compile().is_ok());
    let shallow = PolicyLimits::default().with(Limit::InheritanceDepth, 0);
    let (limit, _, found, entry) = over_limit(chain(2).compile_with(&shallow));
    assert_eq!(
        (limit, found, entry.as_str()),
        (Limit::InheritanceDepth, 1, "role `r1`")
    );
}

fn longest<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0)
}

fn texts(doc: &PolicyDocument) -> impl Iterator<Item = &str> {
    let areas = doc.areas.iter().flat_map(|a| [&a.label, &a.group]);
    let roles = doc.roles.iter().map(|r| &r.label);
    [&doc.description]
        .into_iter()
        .chain(areas)
        .chain(roles)
        .filter_map(|t| t.as_deref())
        .chain([doc.name.as_str()])
}

#[test]
fn t5_every_count_limit_is_named_with_its_value_and_the_amount_found() {
    let doc = presets::deal_space().unwrap().document().clone();
    let text = presets::DEAL_SPACE_TOML;
    let cases: [(Limit, usize); 8] = [
        (Limit::DocumentBytes, text.len()),
        (Limit::Roles, doc.roles.len()),
        (Limit::Areas, doc.areas.len()),
        (Limit::RolesTimesAreas, doc.roles.len() * doc.areas.len()),
        (Limit::InheritanceDepth, 4),
        (
            Limit::NameBytes,
            longest(doc.roles.iter().map(|r| r.name.as_str()))
                .max(longest(doc.areas.iter().map(|a| a.name.as_str()))),
        ),
        (Limit::TextChars, longest(texts(&doc))),
        (
            Limit::ListEntries,
            doc.areas.iter().map(|a| a.actions.len()).max().unwrap(), // the verbs of `deals`
        ),
    ];
    for (limit, found) in cases {
        let tight = PolicyLimits::default().with(limit, found - 1);
        let (named, max, amount, entry) = over_limit(Policy::from_toml_with(text, &tight));
        assert_eq!((named, max, amount), (limit, found - 1, found), "{entry}");
        assert!(
            Policy::from_toml_with(text, &PolicyLimits::default().with(limit, found)).is_ok(),
            "T-5: {limit} at exactly {found} is allowed"
        );
    }
    let sales = presets::sales_scheduler().unwrap().document().clone();
    let counted: [(Limit, usize); 3] = [
        (Limit::Exceptions, sales.exceptions.len()),
        (Limit::OwnerOnlyRules, sales.owner_only.len()),
        (
            Limit::GrantsPerRole,
            sales.roles.iter().map(|r| r.grants.len()).max().unwrap(),
        ),
    ];
    for (limit, found) in counted {
        assert!(found > 0, "{limit}");
        let tight = PolicyLimits::default().with(limit, found - 1);
        let (named, _, amount, _) = over_limit(sales.compile_with(&tight));
        assert_eq!((named, amount), (limit, found));
    }
}

#[test]
fn t5_deeply_nested_text_is_an_error_not_a_crash() {
    // A stack overflow would abort the process; the parsers' nesting limits refuse it.
    let deep = 200_000;
    let toml = format!("name = {}{}", "[".repeat(deep), "]".repeat(deep));
    assert!(Policy::from_toml(&toml).is_err());
    let json = format!("{{\"name\": {}{}}}", "[".repeat(deep), "]".repeat(deep));
    assert!(Policy::from_json(&json).is_err());
}

#[test]
fn t6_guest_role_cannot_be_the_owner_role() {
    // The abuse check's policy made the owner role the guest role and gave guests billing.
    let mut doc = presets::deal_space().unwrap().document().clone();
    doc.guest_role = Some("owner".to_owned());
    let err = doc.compile().unwrap_err();
    assert_eq!(
        err,
        PolicyError::GuestIsOwner {
            role: "owner".to_owned()
        }
    );
    assert!(err.to_string().contains("`owner`"));
}

fn guest_policy(guest: RoleSpec, reader: Option<RoleSpec>) -> PolicyDocument {
    let mut doc = PolicyDocument::new("g", "boss")
        .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT))
        .area(AreaSpec::new("board", Verb::VIEW))
        .role(RoleSpec::new("boss", 50).grant_all("*", Scope::Full))
        .guest_role("guest");
    if let Some(reader) = reader {
        doc = doc.role(reader);
    }
    doc.role(guest)
}

#[test]
fn t6_guest_role_may_only_view() {
    // Viewing, even every area through `*` when areas offer only `view`, is fine.
    let viewer = RoleSpec::new("guest", 1)
        .grant("notes", Verb::VIEW, Scope::Full)
        .grant_all("board", Scope::Full);
    assert!(guest_policy(viewer, None).compile().is_ok());

    let cases = [
        (
            "a change verb granted directly",
            RoleSpec::new("guest", 1).grant("notes", Verb::EDIT, Scope::Exclusive),
            None,
            "guest",
        ),
        (
            "every verb of an area",
            RoleSpec::new("guest", 1).grant_all("notes", Scope::Team),
            None,
            "guest",
        ),
        (
            "a wildcard",
            RoleSpec::new("guest", 1).grant_all("*", Scope::Exclusive),
            None,
            "guest",
        ),
        (
            "inheritance",
            RoleSpec::new("guest", 2).parent("writer"),
            Some(RoleSpec::new("writer", 1).grant("notes", Verb::EDIT, Scope::Full)),
            "writer",
        ),
    ];
    for (why, guest, reader, by) in cases {
        let err = guest_policy(guest, reader).compile().unwrap_err();
        assert_eq!(
            err,
            PolicyError::GuestMayChange {
                role: "guest".to_owned(),
                area: "notes".to_owned(),
                action: "edit".to_owned(),
                granted_by: by.to_owned(),
            },
            "T-6: {why}"
        );
    }
}

#[test]
fn t6_built_in_presets_still_compile() {
    let deal = presets::deal_space().unwrap();
    let guest = deal.guest_role().unwrap();
    for area in deal.areas() {
        for verb in Actions::changes().verbs() {
            assert_eq!(deal.scope_of(guest, area.id(), verb), Scope::None);
        }
    }
    assert!(presets::sales_scheduler().is_ok());
}

#[test]
fn t6_hidden_characters_in_free_text_are_refused() {
    let base = presets::sales_scheduler().unwrap().document().clone();
    let sneaky = [
        '\u{0}', '\u{7}', '\n', '\u{1B}', '\u{7F}', '\u{85}', '\u{200B}', '\u{200D}', '\u{200E}',
        '\u{202E}', '\u{2066}', '\u{2069}', '\u{FEFF}',
    ];
    type Edit = fn(&mut PolicyDocument, String);
    let fields: [(&str, Edit); 6] = [
        ("the label of role `closer`", |d, t| {
            d.roles[1].label = Some(t)
        }),
        ("the label of area `analytics`", |d, t| {
            d.areas[0].label = Some(t)
        }),
        ("the group of area `analytics`", |d, t| {
            d.areas[0].group = Some(t)
        }),
        ("the reason of exception", |d, t| {
            d.exceptions[0].reason = Some(t)
        }),
        ("the policy description", |d, t| d.description = Some(t)),
        ("the policy name", |d, t| d.name = t),
    ];
    for (entry, edit) in fields {
        for c in sneaky {
            let mut doc = base.clone();
            edit(&mut doc, format!("Pay{c}ment"));
            match doc.compile() {
                Err(PolicyError::HiddenCharacter {
                    entry: named,
                    character,
                }) => {
                    assert!(named.starts_with(entry), "T-6: `{named}` for {entry}");
                    assert_eq!(character, c);
                }
                other => panic!("T-6: {entry} with {c:?} gave {other:?}"),
            }
        }
        let mut doc = base.clone();
        edit(&mut doc, "Zahlungsübersicht — 支払い & ventes".to_owned());
        assert!(doc.compile().is_ok(), "T-6: ordinary text in {entry}");
    }
    // Through the loader too.
    let text = presets::SALES_SCHEDULER_TOML.replace("\"Closer\"", "\"Clo\\u202Eser\"");
    assert!(matches!(
        Policy::from_toml(&text),
        Err(PolicyError::HiddenCharacter {
            character: '\u{202E}',
            ..
        })
    ));
}

#[test]
fn t6_overlong_names_and_text_are_refused() {
    let long = "r".repeat(129);
    let doc = PolicyDocument::new("n", "boss")
        .role(RoleSpec::new("boss", 2))
        .role(RoleSpec::new(&long, 1));
    let (limit, max, found, entry) = over_limit(doc.compile());
    assert_eq!((limit, max, found), (Limit::NameBytes, 128, 129));
    assert!(
        entry.starts_with("role `rrrr") && entry.len() < 60,
        "{entry}"
    );
    let ok = PolicyDocument::new("n", "boss")
        .role(RoleSpec::new("boss", 2))
        .role(RoleSpec::new(&long[..128], 1));
    assert!(ok.compile().is_ok());

    for (what, doc) in [
        (
            "area",
            PolicyDocument::new("n", "boss")
                .role(RoleSpec::new("boss", 2))
                .area(AreaSpec::new(&"a".repeat(500), Verb::VIEW)),
        ),
        (
            "exception",
            PolicyDocument::new("n", "boss")
                .role(RoleSpec::new("boss", 2))
                .area(AreaSpec::new("a", Verb::VIEW))
                .exception(ExceptionSpec::new(
                    &"e".repeat(500),
                    "a",
                    Verb::VIEW,
                    Scope::Full,
                    "why",
                )),
        ),
    ] {
        let (limit, _, found, entry) = over_limit(doc.compile());
        assert_eq!((limit, found), (Limit::NameBytes, 500));
        assert!(entry.starts_with(what), "{entry}");
    }

    let label = "é".repeat(1_001);
    let doc = PolicyDocument::new("n", "boss").role(RoleSpec::new("boss", 2).label(&label));
    let (limit, max, found, entry) = over_limit(doc.compile());
    assert_eq!((limit, max, found), (Limit::TextChars, 1_000, 1_001));
    assert_eq!(entry, "the label of role `boss`");
    let doc = PolicyDocument::new("n", "boss").role(RoleSpec::new("boss", 2).label(&label[2..]));
    assert!(doc.compile().is_ok());
}

// --- Property tests -----------------------------------------------------------------------

const NAMES: [&str; 8] = ["a", "b", "c", "d", "e", "Bad", "", "*"];
const VERBS: [&str; 5] = ["view", "edit", "manage", "fly", "delete"];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(NAMES.to_vec()).prop_map(str::to_owned),
        1 => "[a-z]{1,200}",
        1 => "\\PC{0,8}",
    ]
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        30 => "[A-Za-z ]{0,12}",
        1 => "\\PC{0,12}",
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect()),
    ])
}

fn verb_list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::sample::select(VERBS.to_vec()).prop_map(str::to_owned),
        0..5,
    )
}

fn scope() -> impl Strategy<Value = Scope> {
    prop::sample::select(Scope::ALL.to_vec())
}

/// Any document, valid or not: names drawn from a small pool (so references often match),
/// sometimes bad or long; parents anywhere (cycles included); grants of any kind.
fn any_document() -> impl Strategy<Value = PolicyDocument> {
    let area = (name(), text(), text(), verb_list()).prop_map(|(n, label, group, verbs)| {
        let mut spec = AreaSpec::new(&n, Actions::empty());
        spec.label = label;
        spec.group = group;
        spec.actions = verbs;
        spec
    });
    let grant = prop_oneof![
        scope().prop_map(seatwise::GrantSpec::All),
        prop::collection::btree_map(
            prop::sample::select(VERBS.to_vec()).prop_map(str::to_owned),
            scope(),
            0..4
        )
        .prop_map(seatwise::GrantSpec::PerAction),
    ];
    let role = (
        name(),
        text(),
        0u32..8,
        prop::option::of(name()),
        prop::collection::btree_map(name(), grant, 0..4),
    )
        .prop_map(|(n, label, rank, parent, grants)| {
            let mut spec = RoleSpec::new(&n, rank);
            spec.label = label;
            spec.parent = parent;
            spec.grants = grants;
            spec
        });
    let exception = (name(), name(), verb_list(), scope(), text()).prop_map(
        |(n, area, verbs, scope, reason)| {
            let mut spec = ExceptionSpec::new(&n, &area, Actions::empty(), scope, "");
            spec.actions = verbs;
            spec.reason = reason;
            spec
        },
    );
    (
        name(),
        prop::option::of(name()),
        prop::option::of(name()),
        prop::collection::vec(area, 0..6),
        prop::collection::vec(role, 0..8),
        prop::collection::vec(exception, 0..3),
        text(),
    )
        .prop_map(
            |(owner, default, guest, areas, roles, exceptions, description)| {
                let mut doc = PolicyDocument::new("any", &owner);
                doc.default_role = default;
                doc.guest_role = guest;
                doc.description = description;
                doc.areas = areas;
                doc.roles = roles;
                doc.exceptions = exceptions;
                doc
            },
        )
}

/// A document of the usual shape (roles `role0…`, areas `area0…`, the last role the owner's)
/// that is mostly valid, with a few things that may go wrong: parents that are not lower or
/// form cycles, unknown areas or verbs, `*` grants, guest roles that hold more than `view`,
/// labels with hidden characters.
fn shaped_document() -> impl Strategy<Value = PolicyDocument> {
    let verb = prop_oneof![
        20 => prop::sample::select(vec!["edit", "manage", "delete", "create"]),
        1 => Just("fly"),
    ];
    let grant = prop_oneof![
        4 => scope().prop_map(seatwise::GrantSpec::All),
        1 => scope().prop_map(|s| seatwise::GrantSpec::PerAction([("view".to_owned(), s)].into())),
    ];
    (0usize..6, 1usize..10)
        .prop_flat_map(move |(areas, roles)| {
            (
                prop::collection::vec(prop::collection::vec(verb.clone(), 0..3), areas),
                prop::collection::vec(text(), areas + roles),
                prop::collection::vec(prop::option::weighted(0.7, 0..roles), roles),
                prop::collection::vec(
                    prop::collection::btree_map(
                        prop_oneof![12 => 0..areas + 1, 1 => Just(areas + 1)],
                        grant.clone(),
                        0..3,
                    ),
                    roles,
                ),
                prop::option::of(0..roles),
            )
        })
        .prop_map(|(area_verbs, labels, parents, grants, guest)| {
            let owner = format!("role{}", parents.len() - 1);
            let mut doc = PolicyDocument::new("shaped", &owner);
            let mut labels = labels.into_iter();
            let area_count = area_verbs.len();
            for (a, verbs) in area_verbs.into_iter().enumerate() {
                let mut spec = AreaSpec::new(&format!("area{a}"), Verb::VIEW);
                spec.actions.extend(verbs.into_iter().map(str::to_owned));
                spec.label = labels.next().flatten();
                doc = doc.area(spec);
            }
            let roles = parents.len();
            for (i, (parent, grants)) in parents.into_iter().zip(grants).enumerate() {
                let mut spec = RoleSpec::new(&format!("role{i}"), u32::try_from(i + 1).unwrap());
                // Mostly lower parents; the highest index is kept wherever it falls, so that
                // some parents are not lower or close a cycle.
                spec.parent = parent
                    .filter(|p| *p < i || (i == 0 && *p + 1 == roles))
                    .map(|p| format!("role{p}"));
                spec.label = labels.next().flatten();
                for (a, grant) in grants {
                    let key = match a {
                        a if a < area_count => format!("area{a}"),
                        a if a == area_count => "*".to_owned(),
                        _ => "nowhere".to_owned(),
                    };
                    spec.grants.insert(key, grant);
                }
                doc = doc.role(spec);
            }
            doc.guest_role = guest.map(|g| format!("role{g}"));
            doc
        })
}

fn any_limits() -> impl Strategy<Value = PolicyLimits> {
    prop::collection::vec(prop::option::weighted(0.05, 0usize..8), Limit::ALL.len()).prop_map(
        |values| {
            // Mostly the defaults; now and then a limit tightened hard.
            Limit::ALL
                .iter()
                .zip(values)
                .fold(PolicyLimits::default(), |l, (limit, v)| match v {
                    Some(v) => l.with(*limit, v),
                    None => l,
                })
        },
    )
}

/// The number of ancestors of `role`.
fn depth(policy: &Policy, role: seatwise::RoleId) -> usize {
    let mut steps = 0;
    let mut current = policy.role_info(role).and_then(|r| r.parent());
    while let Some(parent) = current {
        steps += 1;
        assert!(
            steps <= policy.roles().count(),
            "a compiled policy has no cycle"
        );
        current = policy.role_info(parent).and_then(|r| r.parent());
    }
    steps
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // T-5, T-6: any document compiles or is refused with an error, never a panic; what
    // compiles fits the limits it was compiled under, and its guest role only views.
    #[test]
    fn t5_any_document_compiles_within_its_limits_or_is_refused(
        doc in prop_oneof![1 => any_document(), 3 => shaped_document()],
        limits in any_limits(),
    ) {
        let results = [
            doc.compile_with(&limits),
            doc.to_toml().and_then(|t| Policy::from_toml_with(&t, &limits)),
            doc.to_json().and_then(|t| Policy::from_json_with(&t, &limits)),
        ];
        for result in results {
            let Ok(policy) = result else { continue };
            let roles = policy.roles().count();
            let areas = policy.areas().count();
            prop_assert!(roles <= limits.get(Limit::Roles));
            prop_assert!(areas <= limits.get(Limit::Areas));
            prop_assert!(roles * areas <= limits.get(Limit::RolesTimesAreas));
            prop_assert!(
                roles * areas * PolicyLimits::TABLE_BYTES_PER_CELL
                    <= limits.get(Limit::RolesTimesAreas) * PolicyLimits::TABLE_BYTES_PER_CELL
            );
            for role in policy.roles() {
                prop_assert!(depth(&policy, role.id()) <= limits.get(Limit::InheritanceDepth));
                prop_assert!(role.name().len() <= limits.get(Limit::NameBytes));
            }
            if let Some(guest) = policy.guest_role() {
                prop_assert_ne!(guest, policy.owner_role());
                for area in policy.areas() {
                    for verb in Actions::changes().verbs() {
                        prop_assert_eq!(policy.scope_of(guest, area.id(), verb), Scope::None);
                    }
                }
            }
        }
    }

    // T-5: any text is an error or a policy, never a panic.
    #[test]
    fn t5_any_text_loads_or_is_refused(text in "\\PC{0,300}") {
        let _ = Policy::from_toml(&text);
        let _ = Policy::from_json(&text);
    }
}

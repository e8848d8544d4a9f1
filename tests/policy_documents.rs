//! Policy documents (A-12): loading, validation errors that name the entry, writing back.

use seatwise::{
    presets, AreaSpec, DocumentFormat, Policy, PolicyDocument, PolicyError, RoleSpec, Scope, Verb,
};

const BASE: &str = r#"
name = "mini"
owner_role = "boss"

[[area]]
name = "notes"
actions = ["view", "edit"]
relations = ["owner"]

[[role]]
name = "boss"
rank = 10
[role.grants]
notes = "full"

[[role]]
name = "writer"
rank = 5
[role.grants]
notes = { view = "full", edit = "exclusive" }
"#;

fn load(text: &str) -> Result<Policy, PolicyError> {
    Policy::from_toml(text)
}

#[track_caller]
fn refused(text: &str, names: &[&str]) -> PolicyError {
    let err = load(text).expect_err("the document must be refused");
    let message = err.to_string();
    for name in names {
        assert!(
            message.contains(name),
            "A-12: `{message}` should name `{name}`"
        );
    }
    err
}

#[test]
fn a12_a_valid_document_loads() {
    let policy = load(BASE).unwrap();
    assert_eq!(policy.name(), "mini");
    assert_eq!(policy.roles().count(), 2);
}

#[test]
fn a12_unknown_area_is_named() {
    let err = refused(
        &BASE.replace("notes = \"full\"", "memos = \"full\""),
        &["`boss`", "`memos`"],
    );
    assert!(matches!(err, PolicyError::UnknownArea { .. }));
}

#[test]
fn a12_unknown_parent_is_named() {
    let text = BASE.replace(
        "name = \"writer\"\nrank = 5",
        "name = \"writer\"\nrank = 5\nparent = \"editor\"",
    );
    let err = refused(&text, &["`writer`", "`editor`"]);
    assert!(matches!(err, PolicyError::UnknownParent { .. }));
}

#[test]
fn a6_a12_cycles_are_refused() {
    let doc = PolicyDocument::new("c", "a")
        .area(AreaSpec::new("x", Verb::VIEW))
        .role(RoleSpec::new("a", 30))
        .role(RoleSpec::new("b", 20).parent("c"))
        .role(RoleSpec::new("c", 10).parent("b"));
    let err = doc.compile().unwrap_err();
    assert!(matches!(err, PolicyError::Cycle { .. }), "A-6: {err}");
    let selfish = PolicyDocument::new("s", "a").role(RoleSpec::new("a", 30).parent("a"));
    assert!(
        matches!(selfish.compile().unwrap_err(), PolicyError::Cycle { .. }),
        "A-6"
    );
}

#[test]
fn a6_parents_must_be_lower() {
    let doc = PolicyDocument::new("c", "a")
        .role(RoleSpec::new("a", 30))
        .role(RoleSpec::new("b", 20).parent("a"));
    let err = doc.compile().unwrap_err();
    assert!(
        matches!(err, PolicyError::ParentNotLower { .. }),
        "A-6: {err}"
    );
    assert!(err.to_string().contains("`b`") && err.to_string().contains("`a`"));
}

#[test]
fn a12_duplicate_names_are_refused() {
    let text = format!("{BASE}\n[[role]]\nname = \"writer\"\nrank = 1\n");
    let err = refused(&text, &["`writer`"]);
    assert!(matches!(err, PolicyError::Duplicate { what: "role", .. }));
    let area_twice = BASE.replace(
        "[[role]]\nname = \"boss\"",
        "[[area]]\nname = \"notes\"\nactions = [\"view\"]\n\n[[role]]\nname = \"boss\"",
    );
    assert!(matches!(
        refused(&area_twice, &["`notes`"]),
        PolicyError::Duplicate { what: "area", .. }
    ));
}

#[test]
fn a5_a12_an_exception_naming_nothing_is_refused() {
    let text = format!("{BASE}\n[[exception]]\nname = \"empty\"\narea = \"notes\"\nactions = []\nscope = \"full\"\n");
    assert!(matches!(
        refused(&text, &["`empty`"]),
        PolicyError::Empty { .. }
    ));
    let nowhere = format!("{BASE}\n[[exception]]\nname = \"lost\"\narea = \"memos\"\nactions = [\"view\"]\nscope = \"full\"\n");
    assert!(matches!(
        refused(&nowhere, &["`lost`", "`memos`"]),
        PolicyError::UnknownArea { .. }
    ));
}

#[test]
fn a12_unknown_verbs_relations_features_and_roles_are_named() {
    let verb = BASE.replace("edit = \"exclusive\"", "export = \"exclusive\"");
    assert!(matches!(
        refused(&verb, &["`writer`", "`export`", "`notes`"]),
        PolicyError::UnknownAction { .. }
    ));
    let bogus = BASE.replace(
        "actions = [\"view\", \"edit\"]",
        "actions = [\"view\", \"fly\"]",
    );
    assert!(matches!(
        refused(&bogus, &["`fly`"]),
        PolicyError::UnknownAction { .. }
    ));
    let relation = BASE.replace(
        "relations = [\"owner\"]",
        "relations = [\"owner\", \"friend\"]",
    );
    assert!(matches!(
        refused(&relation, &["`friend`"]),
        PolicyError::UnknownRelation { .. }
    ));
    let team = BASE.replace("relations = [\"owner\"]", "relations = [\"team\"]");
    assert!(matches!(
        refused(&team, &["`team`"]),
        PolicyError::UnknownRelation { .. }
    ));
    let feature = BASE.replace(
        "relations = [\"owner\"]",
        "relations = [\"owner\"]\nrequires = \"warp\"",
    );
    assert!(matches!(
        refused(&feature, &["`warp`"]),
        PolicyError::UnknownFeature { .. }
    ));
    let owner = BASE.replace("owner_role = \"boss\"", "owner_role = \"king\"");
    assert!(matches!(
        refused(&owner, &["`king`"]),
        PolicyError::UnknownRole { .. }
    ));
    let name = BASE.replace("name = \"writer\"", "name = \"Writer Role\"");
    assert!(matches!(
        refused(&name, &["`Writer Role`"]),
        PolicyError::BadName { .. }
    ));
}

#[test]
fn a7_a12_no_role_outranks_the_owner() {
    let text = BASE.replace("rank = 5", "rank = 50");
    assert!(matches!(
        refused(&text, &["`boss`", "`writer`"]),
        PolicyError::OwnerOutranked { .. }
    ));
}

#[test]
fn a12_unknown_fields_and_bad_shapes_are_parse_errors() {
    let typo = BASE.replace("rank = 5", "rank = 5\nrnak = 6");
    assert!(matches!(
        load(&typo),
        Err(PolicyError::Parse {
            format: DocumentFormat::Toml,
            ..
        })
    ));
    let negative = BASE.replace("rank = 5", "rank = -5");
    assert!(matches!(load(&negative), Err(PolicyError::Parse { .. })));
    let scope = BASE.replace("edit = \"exclusive\"", "edit = \"everything\"");
    assert!(matches!(load(&scope), Err(PolicyError::Parse { .. })));
    assert!(matches!(
        Policy::from_json("{"),
        Err(PolicyError::Parse {
            format: DocumentFormat::Json,
            ..
        })
    ));
}

#[test]
fn a12_complete_is_read_as_full() {
    let policy = load(&BASE.replace("notes = \"full\"", "notes = \"complete\"")).unwrap();
    let boss = policy.role("boss").unwrap();
    assert_eq!(
        policy.scope_of(boss, policy.area("notes").unwrap(), Verb::EDIT),
        Scope::Full
    );
}

#[test]
fn a12_built_in_models_write_back_and_load_the_same() {
    for policy in [
        presets::sales_scheduler().unwrap(),
        presets::deal_space().unwrap(),
    ] {
        let toml = policy.to_toml().unwrap();
        let json = policy.to_json().unwrap();
        let from_toml = Policy::from_toml(&toml).unwrap();
        let from_json = Policy::from_json(&json).unwrap();
        assert_eq!(
            from_toml.document(),
            policy.document(),
            "A-12: TOML round trip"
        );
        assert_eq!(
            from_json.document(),
            policy.document(),
            "A-12: JSON round trip"
        );
        for role in policy.roles() {
            for area in policy.areas() {
                for verb in area.actions().verbs() {
                    let want = policy.scope_of(role.id(), area.id(), verb);
                    assert_eq!(from_toml.scope_of(role.id(), area.id(), verb), want);
                    assert_eq!(from_json.scope_of(role.id(), area.id(), verb), want);
                }
            }
        }
    }
}

#[test]
fn lookups_by_name_name_the_miss_and_the_nearest_names() {
    // Issue 9: a typo in an area or role name is an error that says what exists.
    let deals = seatwise::presets::deal_space().unwrap();
    let err = deals.area("deal_scope").unwrap_err();
    assert_eq!(err.kind(), seatwise::LookupKind::Area);
    assert_eq!(err.name(), "deal_scope");
    assert_eq!(err.policy(), "deal-space");
    assert_eq!(err.nearest(), ["deals", "scope"]);
    assert_eq!(
        err.to_string(),
        "policy `deal-space` has no area `deal_scope`; did you mean `deals` or `scope`?"
    );
    let sales = seatwise::presets::sales_scheduler().unwrap();
    let err = sales.role("Closer ").unwrap_err();
    assert_eq!(err.kind(), seatwise::LookupKind::Role);
    assert_eq!(err.nearest(), ["closer"]);
    let far = sales.role("accountant").unwrap_err();
    assert!(far.nearest().is_empty(), "{far}");
    assert_eq!(
        far.to_string(),
        "policy `sales-scheduler` has no role `accountant`"
    );
    assert!(sales.role("closer").is_ok());
}

#[test]
fn a1_permission_handles_are_checked_when_made() {
    // Issue 9: a verb the area does not offer fails when the handle is made, naming the
    // area, the verb and what the area offers; a made handle decides as `can` does (A-1).
    use seatwise::{Actions, Decision, Deny, PermissionError, Principal, Resource, UserId};
    let policy = seatwise::presets::sales_scheduler().unwrap();
    match policy.permission("scheduled_events", "delete").unwrap_err() {
        PermissionError::VerbNotOffered {
            area,
            verb,
            offered,
        } => {
            assert_eq!(
                (area.as_str(), verb.as_str()),
                ("scheduled_events", "delete")
            );
            assert_eq!(offered, ["view", "edit"]);
        }
        other => panic!("{other}"),
    }
    assert!(matches!(
        policy.permission("scheduled_event", "view"),
        Err(PermissionError::UnknownArea(e)) if e.nearest().first().map(String::as_str) == Some("scheduled_events")
    ));
    assert!(policy.permission("contacts", "view|manage").is_err());
    let view = policy.permission("scheduled_events", "view").unwrap();
    assert_eq!(view.verb(), Verb::VIEW);
    let closer = Principal::member(UserId::new(1), policy.role("closer").unwrap());
    let others = [UserId::new(2)];
    let call = Resource::new(view.area()).hosted_by(&others);
    assert_eq!(
        policy.check(&closer, view, &call),
        policy.can(&closer, Verb::VIEW, &call)
    );
    // A handle of one area on a record of another is denied, not silently re-aimed.
    let contact = Resource::new(policy.area("contacts").unwrap());
    assert!(matches!(
        policy.check(&closer, view, &contact),
        Decision::Deny(Deny::WrongArea { .. })
    ));
    // A check takes one verb by type: a set of several is not one (and `can` does not
    // compile with it, see the `compile_fail` example on `Verb`).
    assert!(Verb::try_from(Actions::VIEW | Actions::EDIT).is_err());
}

#[test]
fn a12_parse_errors_carry_line_and_column_in_both_formats() {
    // `rnak` is on line 21 of BASE with the typo added after `rank = 5` (line 20).
    let typo = BASE.replace("rank = 5", "rank = 5\nrnak = 6");
    match load(&typo).unwrap_err() {
        PolicyError::Parse {
            format: DocumentFormat::Toml,
            line,
            column,
            ..
        } => {
            let line = line.expect("TOML errors say where");
            assert!(column.is_some());
            let text_line = typo.lines().nth(line - 1).unwrap();
            assert!(text_line.contains("rnak"), "line {line}: {text_line}");
        }
        other => panic!("A-12: {other}"),
    }
    let err = Policy::from_json("{\n  \"name\": 5\n}").unwrap_err();
    match &err {
        PolicyError::Parse {
            format: DocumentFormat::Json,
            line: Some(2),
            column: Some(_),
            message,
        } => assert!(!message.contains("at line"), "{message}"),
        other => panic!("A-12: {other}"),
    }
    assert!(err.to_string().contains("at line 2, column"), "{err}");
}

#[test]
fn a12_an_unknown_scope_names_the_role_area_and_verb() {
    let scope = BASE.replace("edit = \"exclusive\"", "edit = \"everything\"");
    let err = load(&scope).unwrap_err();
    let message = err.to_string();
    for part in [
        "`writer`",
        "`notes`",
        "`edit`",
        "`everything`",
        "`exclusive`",
    ] {
        assert!(message.contains(part), "A-12: {message}");
    }
    assert!(!message.contains("untagged"), "A-12: {message}");
    let whole = BASE.replace("notes = \"full\"", "notes = \"ful\"");
    let message = load(&whole).unwrap_err().to_string();
    assert!(
        message.contains("`boss`") && message.contains("`ful`"),
        "A-12: {message}"
    );
}

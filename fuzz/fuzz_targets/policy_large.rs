//! Large policy documents (T-5, T-6): no input aborts the process, allocates beyond the
//! limits or panics; whatever compiles fits the limits it was compiled under and its guest
//! role only views.
//!
//! Inputs starting with `T` or `J` are TOML or JSON text (up to 2 MiB, over the default
//! 1 MiB document limit); any other input is a recipe that expands to a document of up to
//! 65,535 roles × 65,535 areas with chains, wildcards, guest roles and labels.
//!
//! Run from the repository root (cargo-fuzz, nightly):
//!   mkdir -p fuzz/corpus/policy_large
//!   for f in src/presets/*.toml; do (printf T; cat "$f") > fuzz/corpus/policy_large/$(basename "$f"); done
//!   cargo +nightly fuzz run policy_large -- -max_total_time=300 -max_len=2097152 -rss_limit_mb=2048
#![no_main]

use libfuzzer_sys::arbitrary::{Result as ArbResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use seatwise::{
    Actions, AreaSpec, Limit, Policy, PolicyDocument, PolicyError, PolicyLimits, RoleSpec, Scope,
};

/// The limits a host that raised everything might use: the tables may still not exceed
/// 4,000,000 cells (96 MB).
fn raised() -> PolicyLimits {
    PolicyLimits::default()
        .with(Limit::DocumentBytes, 4 << 20)
        .with(Limit::Roles, 65_535)
        .with(Limit::Areas, 65_535)
        .with(Limit::RolesTimesAreas, 4_000_000)
        .with(Limit::InheritanceDepth, 65_535)
}

fn check(result: Result<Policy, PolicyError>, limits: &PolicyLimits, bytes: Option<usize>) {
    let policy = match result {
        Ok(policy) => policy,
        Err(PolicyError::LimitExceeded { limit, max, found, .. }) => {
            assert_eq!(max, limits.get(limit));
            assert!(found > max, "{limit}: {found} <= {max}");
            return;
        }
        Err(_) => {
            if let Some(len) = bytes {
                assert!(len <= limits.get(Limit::DocumentBytes), "bytes are checked first");
            }
            return;
        }
    };
    if let Some(len) = bytes {
        assert!(len <= limits.get(Limit::DocumentBytes));
    }
    let roles = policy.roles().count();
    let areas = policy.areas().count();
    assert!(roles <= limits.get(Limit::Roles));
    assert!(areas <= limits.get(Limit::Areas));
    assert!(roles * areas <= limits.get(Limit::RolesTimesAreas));
    if let Some(guest) = policy.guest_role() {
        assert_ne!(guest, policy.owner_role());
        for area in policy.areas() {
            for verb in Actions::changes().verbs() {
                assert_eq!(policy.scope_of(guest, area.id(), verb), Scope::None);
            }
        }
    }
}

const SCOPES: [Scope; 4] = Scope::ALL;

/// Expands a short recipe into a (possibly very large) document.
fn recipe(u: &mut Unstructured<'_>) -> ArbResult<PolicyDocument> {
    // Sizes spread over every magnitude (a shift of 0 to 15 bits), so that most runs are quick
    // and the fuzzer still reaches documents of up to 65,535 roles × 65,535 areas.
    let shift = u.arbitrary::<u8>()? % 16;
    let roles = usize::from(u.arbitrary::<u16>()? >> shift).max(1);
    let areas = usize::from(u.arbitrary::<u16>()? >> shift);
    let chain_every = usize::from(u.arbitrary::<u8>()?); // 0: one long chain
    let wildcard_every = usize::from(u.arbitrary::<u8>()?).max(1);
    let verbs = Actions::from_bits_truncate(u.arbitrary::<u32>()?) | Actions::VIEW;
    let scope = SCOPES[usize::from(u.arbitrary::<u8>()?) % SCOPES.len()];
    let guest = u.arbitrary::<Option<u16>>()?.map(|g| usize::from(g) % roles);
    let label: String = u.arbitrary()?;
    let mut doc = PolicyDocument::new("recipe", &format!("r{}", roles - 1));
    for a in 0..areas {
        let mut area = AreaSpec::new(&format!("a{a}"), verbs);
        if a % 97 == 0 {
            area = area.label(&label);
        }
        doc = doc.area(area);
    }
    for i in 0..roles {
        let rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut role = RoleSpec::new(&format!("r{i}"), rank);
        let starts_chain = chain_every != 0 && i % chain_every == 0;
        if i > 0 && !starts_chain {
            role = role.parent(&format!("r{}", i - 1));
        }
        if i % wildcard_every == 0 {
            role = role.grant_all("*", scope);
        } else if areas > 0 {
            role = role.grant(&format!("a{}", i % areas), Actions::VIEW, scope);
        }
        doc = doc.role(role);
    }
    if let Some(g) = guest {
        doc = doc.guest_role(&format!("r{g}"));
    }
    Ok(doc)
}

fuzz_target!(|data: &[u8]| {
    let defaults = PolicyLimits::default();
    let raised = raised();
    match data.split_first() {
        Some((b'T', rest)) | Some((b'J', rest)) => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            for limits in [&defaults, &raised] {
                let loaded = if data.first() == Some(&b'T') {
                    Policy::from_toml_with(text, limits)
                } else {
                    Policy::from_json_with(text, limits)
                };
                check(loaded, limits, Some(text.len()));
            }
        }
        _ => {
            let mut u = Unstructured::new(data);
            let Ok(doc) = recipe(&mut u) else { return };
            for limits in [&defaults, &raised] {
                check(doc.compile_with(limits), limits, None);
            }
        }
    }
});

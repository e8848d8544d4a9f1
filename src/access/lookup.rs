//! Looking up areas and roles by name, with a hint when the name is not there.

/// What kind of name a lookup asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookupKind {
    /// An area (`policy.area(..)`).
    Area,
    /// A role (`policy.role(..)`).
    Role,
}

impl std::fmt::Display for LookupKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LookupKind::Area => "area",
            LookupKind::Role => "role",
        })
    }
}

/// A name the policy does not have, with the nearest names it does have.
///
/// ```
/// use seatwise::{presets, LookupKind};
/// let policy = presets::deal_space()?;
/// let err = policy.area("deal_scope").unwrap_err();
/// assert_eq!(err.kind(), LookupKind::Area);
/// assert_eq!(err.name(), "deal_scope");
/// assert!(err.nearest().iter().any(|n| n == "scope"));
/// assert!(err.to_string().ends_with("did you mean `deals` or `scope`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy `{policy}` has no {kind} `{name}`{}", Hint(.nearest))]
pub struct LookupError {
    kind: LookupKind,
    name: String,
    policy: String,
    nearest: Vec<String>,
}

impl LookupError {
    pub(crate) fn new<'n>(
        kind: LookupKind,
        name: &str,
        policy: &str,
        names: impl Iterator<Item = &'n str>,
    ) -> Self {
        LookupError {
            kind,
            name: name.to_owned(),
            policy: policy.to_owned(),
            nearest: nearest(name, names),
        }
    }

    /// Whether an area or a role was asked for.
    pub fn kind(&self) -> LookupKind {
        self.kind
    }

    /// The name that was asked for.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The policy's name.
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The existing names nearest to the one asked for, nearest first (at most three).
    pub fn nearest(&self) -> &[String] {
        &self.nearest
    }
}

struct Hint<'a>(&'a [String]);

impl std::fmt::Display for Hint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { "; did you mean " } else { " or " })?;
            write!(f, "`{name}`")?;
        }
        if !self.0.is_empty() {
            f.write_str("?")?;
        }
        Ok(())
    }
}

/// How many names a hint lists at most.
const HINTS: usize = 3;

/// The names close to `wanted`: within an edit distance of a third of the longer name (at
/// least 2), containing it or contained in it, or one letter from one of its words; nearest
/// first, at most [`HINTS`].
fn nearest<'n>(wanted: &str, names: impl Iterator<Item = &'n str>) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let longer = wanted_lower.chars().count().max(lower.chars().count());
            let close = distance <= (longer / 3).max(2);
            let nested = !lower.is_empty()
                && !wanted_lower.is_empty()
                && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
            // A word of the asked-for name that is the name, give or take a letter.
            let word = wanted_lower
                .split(['_', '-', ' '])
                .filter(|w| w.chars().count() > 2)
                .any(|w| edit_distance(w, &lower) <= 1);
            (close || nested || word).then_some((distance, name))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(HINTS)
        .map(|(_, n)| n.to_owned())
        .collect()
}

/// Levenshtein distance over characters, two rows of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; previous.len()];
    for (i, ca) in a.chars().enumerate() {
        current.clear();
        current.push(i.saturating_add(1));
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d.saturating_add(usize::from(ca != *cb)));
            let delete = previous
                .get(j.saturating_add(1))
                .map_or(usize::MAX, |d| d.saturating_add(1));
            let insert = current.last().map_or(usize::MAX, |d| d.saturating_add(1));
            current.push(substitute.min(delete).min(insert));
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("closer", "closr"), 1);
        assert_eq!(edit_distance("deals", "deal"), 1);
    }

    #[test]
    fn nearest_lists_close_and_nested_names_nearest_first() {
        let names = ["scope", "schedules", "deals", "billing"];
        let got = nearest("deal_scope", names.iter().copied());
        assert_eq!(got, vec!["deals".to_owned(), "scope".to_owned()]);
        assert!(nearest("zzzzzz", names.iter().copied()).is_empty());
    }
}

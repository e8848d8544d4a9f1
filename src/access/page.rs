//! Page modes: how a user interface should show a page (A-10, seed 004 "Working with permissions").

use super::action::Actions;
use super::ids::AreaId;
use super::policy::Policy;
use super::principal::Principal;
use super::scope::Scope;

/// How a page should be shown to a user (A-10).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PageMode {
    /// No view: hidden from navigation, "restricted access" if opened directly.
    Hidden,
    /// View, no change: "You have read-only access to this page".
    ReadOnly,
    /// Some changes allowed; the others' buttons are shown disabled.
    Limited,
    /// Every change the page offers is allowed (on at least the user's own records).
    Full,
}

impl Policy {
    /// The mode of `area`'s page for `principal`, from the verbs granted at any scope.
    ///
    /// ```
    /// use seatwise::{presets, PageMode, Principal, UserId};
    /// let policy = presets::deal_space()?;
    /// let deals = policy.area("deals")?;
    /// let editor = Principal::member(UserId::new(1), policy.role("editor")?);
    /// let guest = Principal::guest(UserId::new(2), policy.role("guest")?);
    /// assert_eq!(policy.page_mode(&editor, deals), PageMode::Limited); // no approve, no delete
    /// assert_eq!(policy.page_mode(&guest, deals), PageMode::ReadOnly);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn page_mode(&self, principal: &Principal<'_>, area: AreaId) -> PageMode {
        let Some(def) = self.area_def(area) else {
            return PageMode::Hidden;
        };
        let granted = |verb: Actions| {
            self.effective(principal, verb, area)
                .is_ok_and(|e| e.scope > Scope::None)
        };
        if !granted(Actions::VIEW) {
            return PageMode::Hidden;
        }
        let changes = def.actions.intersection(Actions::changes());
        let allowed = changes.each().filter(|v| granted(*v)).count();
        if allowed == 0 && !changes.is_empty() {
            PageMode::ReadOnly
        } else if allowed == changes.each().count() {
            PageMode::Full
        } else {
            PageMode::Limited
        }
    }
}

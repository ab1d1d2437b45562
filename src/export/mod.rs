//! Exports of a plan: md, csv, json, dot, mermaid, ron. Each writes from the analysis.

use std::borrow::Cow;

/// A CSV cell a spreadsheet will not run as a formula: cells starting with `=`, `+`, `-`, `@`,
/// tab or carriage return get a leading apostrophe (OWASP's advice); control characters go.
pub fn csv_safe(text: &str) -> Cow<'_, str> {
    let risky = |c: Option<char>| matches!(c, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let clean = crate::diagnostic::printable(text);
    if risky(text.chars().next()) || risky(clean.chars().next()) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

//! The overlays and prompts over the board, one module each: its state, its keys as a table
//! (`keys`), its update and its draw. The keymap, the footer and the help screen read the tables;
//! no key is written down twice.

pub mod capacity;
pub mod changes;
pub mod chart;
pub mod confirm;
pub mod dependencies;
pub mod export;
pub mod filter;
pub mod findings;
pub mod help;
pub mod jump;
pub mod keys;
pub mod prompt;
pub mod rename;

use keys::{Keys, SCROLL, TEXT_EDITING};

use super::app::Mode;

/// The keys of the overlay or prompt `mode` shows (`None`: the board, whose keys are the
/// keymap's).
pub fn keys_of(mode: &Mode) -> Option<Keys> {
    Some(match mode {
        Mode::Board => return None,
        Mode::Help { .. } => help::KEYS,
        Mode::Dependencies { trail, .. } => dependencies::keys_of(trail),
        Mode::Findings(state) => findings::keys_of(state),
        Mode::Chart => chart::KEYS,
        Mode::Changes { .. } => changes::KEYS,
        Mode::Capacity(_) => capacity::KEYS,
        Mode::Filter { .. } => filter::KEYS,
        Mode::Rename { .. } => rename::RENAME,
        Mode::Notes { .. } => rename::NOTES,
        Mode::Jump { .. } => jump::KEYS,
        Mode::Confirm(question) => confirm::keys_of(question),
        Mode::ExportMenu { .. } => export::MENU,
        Mode::ExportPath { .. } => export::PATH,
    })
}

/// Every table, in the order the help lists them.
pub fn all_keys() -> Vec<&'static Keys> {
    let mut all: Vec<&'static Keys> = vec![
        &help::KEYS,
        &dependencies::FOLLOWED,
        &findings::KEYS,
        &findings::SEARCH,
        &changes::KEYS,
        &chart::KEYS,
        &capacity::KEYS,
        &filter::KEYS,
        &rename::RENAME,
        &rename::NOTES,
        &jump::KEYS,
        &export::MENU,
        &export::PATH,
    ];
    all.extend(confirm::ALL_KEYS);
    all
}

/// One table as the help says it: `Title: keys what · keys what`, the scrolling and text keys
/// every such overlay and prompt shares said once, apart.
pub fn help_text(keys: &Keys) -> String {
    let mut parts: Vec<String> = Vec::new();
    for group in keys.groups {
        if *group == SCROLL {
            parts.push("↑↓ PgUp PgDn scroll".to_string());
            continue;
        }
        if *group == dependencies::CHOOSE {
            parts.push("↑↓ PgUp PgDn choose".to_string());
            continue;
        }
        if *group == TEXT_EDITING {
            parts.push("and the text keys".to_string());
            continue;
        }
        parts.extend(group.iter().map(|b| format!("{} {}", b.keys, b.help)));
    }
    format!("{}: {}", keys.title, parts.join(" · "))
}

/// The text keys, as the help says them.
pub fn text_keys_help() -> String {
    let parts: Vec<String> = TEXT_EDITING
        .iter()
        .map(|b| format!("{} {}", b.keys, b.help))
        .collect();
    format!("Text keys: {}", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_a_table_acts_and_no_press_is_taken_twice_by_a_hint() {
        for keys in all_keys() {
            assert!(
                !keys.hints().is_empty(),
                "{} shows its keys in the footer",
                keys.title
            );
            for b in keys.bindings() {
                assert!(!b.presses.is_empty(), "{}: {}", keys.title, b.help);
                assert!(!b.help.is_empty() && !b.keys.is_empty());
            }
        }
    }

    #[test]
    fn the_help_says_the_shared_keys_once() {
        assert_eq!(
            help_text(&help::KEYS),
            "Help: ↑↓ PgUp PgDn scroll · Esc Enter q close"
        );
        assert_eq!(
            help_text(&filter::KEYS),
            "Filter: Enter keep · Esc clear · and the text keys"
        );
        assert!(help_text(&findings::KEYS).starts_with("Findings: ↑↓ PgUp PgDn choose · Home"));
        assert!(text_keys_help().contains("Ctrl+w Ctrl+Backspace delete a word"));
    }
}

//! The line of text a prompt edits (the filter, a wave's name or notes, an export path, a jump):
//! a cursor that moves, deletes and inserts where it stands, and pre-filled text that starts
//! selected, so that typing replaces it.

use std::fmt;

use super::action::Action;

/// Longest text typed into a prompt, in characters.
pub const MAX_INPUT: usize = 200;

/// A line being edited.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct TextInput {
    text: String,
    /// The cursor as a byte offset into `text`, always on a character boundary.
    cursor: usize,
    /// The whole text is selected: typing or pasting replaces it, a deletion removes it.
    selected: bool,
}

impl fmt::Debug for TextInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl fmt::Display for TextInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for TextInput {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for TextInput {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for TextInput {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl TextInput {
    /// `text` to edit, selected (typing replaces it), the cursor at its end.
    pub fn prefilled(text: impl Into<String>) -> TextInput {
        let text: String = text.into();
        let selected = !text.is_empty();
        TextInput {
            cursor: text.len(),
            text,
            selected,
        }
    }

    /// An empty line.
    pub fn empty() -> TextInput {
        TextInput::default()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// The cursor, in characters from the start.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Take away the selection (and the text it holds) before an insertion or deletion.
    fn drop_selection(&mut self) -> bool {
        if self.selected {
            self.selected = false;
            self.text.clear();
            self.cursor = 0;
            true
        } else {
            false
        }
    }

    /// Type `text` at the cursor (over the selection), control characters left out, up to
    /// `MAX_INPUT` characters in all.
    pub fn insert(&mut self, text: &str) {
        self.drop_selection();
        let room = MAX_INPUT.saturating_sub(self.text.chars().count());
        let typed: String = text
            .chars()
            .filter(|c| !c.is_control())
            .take(room)
            .collect();
        self.text.insert_str(self.cursor, &typed);
        self.cursor += typed.len();
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// Carry out a text action; returns false when `action` is not one (the prompt handles
    /// it: accept, cancel, ...).
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Input(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            Action::DeleteChar => {
                if !self.drop_selection() && self.cursor > 0 {
                    let at = self.prev_boundary();
                    self.text.replace_range(at..self.cursor, "");
                    self.cursor = at;
                }
            }
            Action::DeleteForward => {
                if !self.drop_selection() && self.cursor < self.text.len() {
                    let end = self.next_boundary();
                    self.text.replace_range(self.cursor..end, "");
                }
            }
            Action::DeleteWord => {
                if !self.drop_selection() {
                    let before = &self.text[..self.cursor];
                    let trimmed = before.trim_end_matches(' ');
                    let start = trimmed.rfind(' ').map_or(0, |i| i + 1);
                    self.text.replace_range(start..self.cursor, "");
                    self.cursor = start;
                }
            }
            Action::ClearInput => {
                self.text.clear();
                self.cursor = 0;
                self.selected = false;
            }
            Action::CursorLeft => {
                if self.selected {
                    self.selected = false;
                    self.cursor = 0;
                } else {
                    self.cursor = self.prev_boundary();
                }
            }
            Action::CursorRight => {
                if self.selected {
                    self.selected = false;
                    self.cursor = self.text.len();
                } else {
                    self.cursor = self.next_boundary();
                }
            }
            Action::CursorHome => {
                self.selected = false;
                self.cursor = 0;
            }
            Action::CursorEnd => {
                self.selected = false;
                self.cursor = self.text.len();
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &mut TextInput, actions: &[Action]) {
        for &a in actions {
            assert!(input.apply(a));
        }
    }

    fn typed(text: &str) -> Vec<Action> {
        text.chars().map(Action::Input).collect()
    }

    #[test]
    fn prefilled_text_is_replaced_by_typing() {
        let mut input = TextInput::prefilled("Wave 1");
        run(&mut input, &typed("Pilot"));
        assert_eq!(input, "Pilot");
        let mut input = TextInput::prefilled("Wave 1");
        run(&mut input, &[Action::CursorEnd]);
        run(&mut input, &typed(" pilot"));
        assert_eq!(input, "Wave 1 pilot");
        let mut input = TextInput::prefilled("Wave 1");
        run(&mut input, &[Action::DeleteChar]);
        assert_eq!(input, "");
    }

    #[test]
    fn the_cursor_moves_and_edits_where_it_stands() {
        let mut input = TextInput::prefilled("naïve plan");
        run(&mut input, &[Action::CursorHome, Action::CursorRight]);
        run(&mut input, &[Action::CursorRight, Action::CursorRight]);
        assert_eq!(input.cursor_chars(), 3);
        run(&mut input, &[Action::DeleteChar]);
        assert_eq!(input, "nave plan");
        run(&mut input, &[Action::DeleteForward]);
        assert_eq!(input, "nae plan");
        run(&mut input, &typed("iv"));
        assert_eq!(input, "naive plan");
        run(&mut input, &[Action::CursorEnd, Action::DeleteWord]);
        assert_eq!(input, "naive ");
        run(&mut input, &[Action::DeleteWord]);
        assert_eq!(input, "");
        run(&mut input, &[Action::CursorLeft, Action::DeleteChar]);
        assert_eq!(input.cursor_chars(), 0);
        input.insert("a\u{1b}b\nc");
        assert_eq!(input, "abc");
        run(&mut input, &[Action::CursorLeft]);
        input.insert(&"x".repeat(1000));
        assert_eq!(input.chars().count(), MAX_INPUT);
        assert!(input.ends_with('c'), "pasted at the cursor");
    }
}

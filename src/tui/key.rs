//! A key press as the board sees it: normalised (so `H` and `Shift+h` are one key), parsed
//! from the names `keys.ron` uses, and written the way the help screen shows it.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised so that `H` and `Shift+h` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                // The character already says whether Shift was down.
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// Parse a key as written in `keys.ron`: `q`, `H`, `?`, `ctrl+r`, `shift+left`, `pagedown`, `f1`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let (mods_part, key_part) = if text == "+" {
            ("", "+")
        } else if let Some(prefix) = text.strip_suffix("++") {
            (prefix, "+")
        } else {
            match text.rsplit_once('+') {
                Some((m, k)) => (m, k),
                None => ("", text),
            }
        };
        let mut mods = KeyModifiers::NONE;
        for m in mods_part.split('+').filter(|m| !m.is_empty()) {
            mods |= match m.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                other => {
                    return Err(format!(
                        "unknown modifier `{}` in key `{}`; the modifiers are ctrl, alt, shift",
                        other.escape_debug(),
                        text.escape_debug()
                    ));
                }
            };
        }
        let mut chars = key_part.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => match key_part.to_ascii_lowercase().as_str() {
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "space" => KeyCode::Char(' '),
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                f if f.len() > 1
                    && f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => {
                    return Err(format!(
                        "unknown key `{}`; write a character (`q`, `H`, `?`) or a name: left, right, \
                         up, down, enter, esc, tab, backspace, space, pageup, pagedown, home, end, \
                         delete, insert, f1..f24, with ctrl+, alt+ or shift+ in front",
                        text.escape_debug()
                    ));
                }
            },
        };
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    /// How the help screen and the footer write the key: `←`, `Shift+→`, `Ctrl+r`, `PgDn`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl+")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt+")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift+")?;
        }
        match self.code {
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift+Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(
            Key::parse("H").unwrap(),
            Key::new(KeyCode::Char('h'), KeyModifiers::SHIFT)
        );
        assert_eq!(
            Key::parse("shift+h").unwrap(),
            Key::new(KeyCode::Char('H'), KeyModifiers::NONE)
        );
        assert_eq!(Key::parse("ctrl+r").unwrap().to_string(), "Ctrl+r");
        assert_eq!(Key::parse("shift+left").unwrap().to_string(), "Shift+←");
        assert_eq!(Key::parse("+").unwrap().to_string(), "+");
        assert_eq!(Key::parse("ctrl++").unwrap().to_string(), "Ctrl++");
        assert_eq!(Key::parse("PageDown").unwrap().to_string(), "PgDn");
        assert_eq!(Key::parse("f5").unwrap().to_string(), "F5");
        assert!(Key::parse("hyper+x").is_err());
        assert!(Key::parse("leftt").is_err());
    }
}

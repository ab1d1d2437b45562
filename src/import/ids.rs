//! Ids made from other tools' names: `Zahlungsverkehr Zürich (neu)` becomes
//! `Zahlungsverkehr-Zurich-neu`, deterministically, with letters outside ASCII kept readable
//! (transliterated, or kept as their code point), and made unique across an import.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::model::validate::is_valid_id;

/// How a name that is not a valid id becomes one (the `ids` of a mapping file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum IdRepair {
    /// Letters with accents lose them (`é` → `e`, `ß` → `ss`), Greek and Cyrillic are written
    /// in Latin letters, other letters and digits as their code point (`u4e2d`); every other
    /// run of characters an id may not hold becomes one `-`.
    #[default]
    Transliterate,
    /// Every letter outside ASCII kept as its code point (`é` → `u00e9`): nothing is lost
    /// and no two names meet on one id, at the cost of readability.
    Keep,
    /// No repair: a name that is not a valid id is an error.
    Refuse,
}

/// The ASCII letters for a letter outside ASCII, when there is a usual transliteration.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ª' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' | 'ĸ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' | 'Ǒ' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'º' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ǔ' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return greek_or_cyrillic(c),
    })
}

fn greek_or_cyrillic(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let s = match lower {
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ъ' | 'ь' => "",
        _ => return None,
    };
    // Upper-case letters keep their case on the first letter.
    if c != lower && !s.is_empty() {
        return Some(match s {
            "a" => "A",
            "b" => "B",
            "v" => "V",
            "g" => "G",
            "d" => "D",
            "e" => "E",
            "z" => "Z",
            "i" => "I",
            "th" => "Th",
            "k" => "K",
            "l" => "L",
            "m" => "M",
            "n" => "N",
            "x" => "X",
            "o" => "O",
            "p" => "P",
            "r" => "R",
            "s" => "S",
            "t" => "T",
            "y" => "Y",
            "f" => "F",
            "ch" => "Ch",
            "ps" => "Ps",
            "zh" => "Zh",
            "u" => "U",
            "kh" => "Kh",
            "ts" => "Ts",
            "sh" => "Sh",
            "shch" => "Shch",
            "yu" => "Yu",
            "ya" => "Ya",
            other => other,
        });
    }
    Some(s)
}

/// A valid waveplan id made from `text`, deterministically (see `IdRepair`). `letters` gives
/// the user's own transliterations (`ü` → `ue`), which win over the built-in ones. Text with
/// no letter or digit at all becomes `app`. `None` only for `IdRepair::Refuse` when `text` is
/// not a valid id.
pub fn repair(text: &str, how: IdRepair, letters: &BTreeMap<String, String>) -> Option<String> {
    if is_valid_id(text) {
        return Some(text.to_string());
    }
    if how == IdRepair::Refuse {
        return None;
    }
    let mut id = String::with_capacity(text.len());
    let mut gap = false;
    let push = |piece: &str, id: &mut String, gap: &mut bool| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                if *gap && !id.is_empty() {
                    id.push('-');
                }
                *gap = false;
                id.push(c);
            } else {
                *gap = true;
            }
        }
    };
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            push(c.encode_utf8(&mut buf), &mut id, &mut gap);
            continue;
        }
        if let Some(own) = letters.get(c.encode_utf8(&mut buf) as &str) {
            push(own, &mut id, &mut gap);
            continue;
        }
        match how {
            IdRepair::Transliterate if latin(c).is_some() => {
                push(latin(c).unwrap_or_default(), &mut id, &mut gap)
            }
            _ if c.is_alphanumeric() => {
                gap = true;
                push(&format!("u{:04x}", c as u32), &mut id, &mut gap);
                gap = true;
            }
            _ => gap = true,
        }
    }
    let id = id.trim_start_matches(['.', '_', '-']);
    let id = id.trim_end_matches(['.', '_', '-']);
    Some(if id.is_empty() {
        "app".to_string()
    } else {
        id.to_string()
    })
}

/// Unique ids for the apps of one import, in the order asked for: the first to want an id
/// gets it, the next `ID-2`, `ID-3`, ...
#[derive(Debug, Default)]
pub struct IdMaker {
    used: HashSet<String>,
    /// The next number to try for each wanted id.
    next: HashMap<String, usize>,
}

impl IdMaker {
    /// `wanted` itself when no app has it yet, else the first free `wanted-N`.
    pub fn unique(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let n = self.next.entry(wanted.to_string()).or_insert(2);
        loop {
            let id = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Take `id` as used (an id the import keeps as given).
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> String {
        repair(text, IdRepair::Transliterate, &BTreeMap::new()).unwrap()
    }

    #[test]
    fn letters_stay_readable() {
        assert_eq!(
            t("Zahlungsverkehr Zürich (neu)"),
            "Zahlungsverkehr-Zurich-neu"
        );
        assert_eq!(t("été"), "ete");
        assert_eq!(t("Straße"), "Strasse");
        assert_eq!(t("Ørsted Æble"), "Orsted-AEble");
        assert_eq!(t("Łódź"), "Lodz");
        assert_eq!(t("Бухгалтерия"), "Bukhgalteriya");
        assert_eq!(t("Λογιστική"), "Logistiki");
        assert_eq!(t("中文 app"), "u4e2d-u6587-app");
        assert_eq!(t("***"), "app");
        assert_eq!(t("orders-db"), "orders-db");
        let keep = repair("Zürich", IdRepair::Keep, &BTreeMap::new()).unwrap();
        assert_eq!(keep, "Z-u00fc-rich");
        assert_eq!(repair("a b", IdRepair::Refuse, &BTreeMap::new()), None);
        let own: BTreeMap<String, String> = [("ü".to_string(), "ue".to_string())].into();
        assert_eq!(
            repair("Zürich", IdRepair::Transliterate, &own).unwrap(),
            "Zuerich"
        );
        for text in ["x", "-", "ünïcödé", "a\nb", "ΣΟΦΙΑ", "ЁЖ", "\u{1b}[31m"] {
            for how in [IdRepair::Transliterate, IdRepair::Keep] {
                let id = repair(text, how, &BTreeMap::new()).unwrap();
                assert!(is_valid_id(&id), "{text:?} -> {id:?}");
            }
        }
    }

    #[test]
    fn unique_ids() {
        let mut ids = IdMaker::default();
        assert_eq!(ids.unique("a"), "a");
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.unique("a"), "a-3");
        assert_eq!(ids.unique("a"), "a-4");
        assert_eq!(ids.unique("b"), "b");
    }
}

//! The files of a catalog: those given, every `catalog-info.yaml` under a folder given, and the
//! targets of Location entities (relative to the file that holds the Location, `*` and `**`
//! allowed as Backstage allows them), each read once.

use std::collections::{HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use super::{MAX_CATALOG_BYTES, Reading};
use crate::diagnostic::Diagnostic;
use crate::import::Note;
use crate::load::{self, LoadError, Stdin};

/// How many files one import reads at most.
const MAX_FILES: usize = 10_000;
/// How deep a folder is searched.
const MAX_DEPTH: usize = 32;

/// Read the files and folders given, then every Location target, into `reading`.
pub fn read_all(paths: &[PathBuf], reading: &mut Reading) -> Result<(), LoadError> {
    let mut queue: VecDeque<(PathBuf, bool)> = VecDeque::new();
    let mut problems = Vec::new();
    for path in paths {
        if !load::read::is_stdin(path) && path.is_dir() {
            let mut found = Vec::new();
            catalog_files(path, 0, &mut found);
            if found.is_empty() {
                problems.push(Diagnostic::error(
                    &path.display().to_string(),
                    None,
                    "is a folder, not a file, and holds no catalog-info.yaml file; give the \
                     catalog files, or a folder that holds them",
                ));
            }
            queue.extend(found.into_iter().map(|f| (f, true)));
        } else {
            queue.push_back((path.clone(), true));
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::Unreadable(problems));
    }
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut given_errors = Vec::new();
    while let Some((path, given)) = queue.pop_front() {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        if reading.files.len() >= MAX_FILES {
            return Err(LoadError::Unreadable(vec![Diagnostic::error(
                &path.display().to_string(),
                None,
                format!("the catalog has more than {MAX_FILES} files; waveplan reads that many"),
            )]));
        }
        let name = load::input_name(&path, Stdin::Allowed);
        let stdin = if given {
            Stdin::Allowed
        } else {
            Stdin::Refused
        };
        let text = match load::read_input(&path, stdin, MAX_CATALOG_BYTES) {
            Ok(t) => t,
            Err(e) if given => {
                given_errors.extend(e.diagnostics().iter().cloned());
                continue;
            }
            Err(e) => {
                // A Location target that cannot be read: its entities are missing, which the
                // user should know, but the rest of the catalog still imports.
                for d in e.diagnostics() {
                    reading.diags.push(Diagnostic::warning(
                        &d.file,
                        d.pos,
                        format!(
                            "{} (a Location target; its entities are left out)",
                            d.message
                        ),
                    ));
                }
                continue;
            }
        };
        let first_entity = reading.entities.len();
        reading.add(&name, &text)?;
        let base = if load::read::is_stdin(&path) {
            PathBuf::from(".")
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        for e in first_entity..reading.entities.len() {
            let (d, entity) = &reading.entities[e];
            if !entity.kind.eq_ignore_ascii_case("location") {
                continue;
            }
            for target in entity.targets.clone() {
                let target = target.trim();
                let at = reading.docs[*d].place(target);
                if target.contains("://") {
                    reading.notes.push(Note::new(
                        &name,
                        Some(at),
                        format!(
                            "Location target `{}` is a URL, which waveplan does not fetch; give \
                             the file it names (or its folder) on the command line",
                            target.escape_debug()
                        ),
                    ));
                    continue;
                }
                let matched = expand(&base, target);
                if matched.is_empty() {
                    reading.diags.push(Diagnostic::warning(
                        &name,
                        Some(at),
                        format!(
                            "Location target `{}` names no file (looked for {}); its entities \
                             are left out",
                            target.escape_debug(),
                            normal(&base.join(target)).display()
                        ),
                    ));
                }
                queue.extend(matched.into_iter().map(|p| (p, false)));
            }
        }
    }
    if !given_errors.is_empty() {
        return Err(LoadError::Unreadable(given_errors));
    }
    Ok(())
}

/// `a/./b/../c` as `a/c`, for names in messages.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Every catalog-info.yaml (or .yml) under `dir`, in name order; hidden folders and
/// `node_modules` are skipped.
fn catalog_files(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || found.len() > MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                catalog_files(&path, depth + 1, found);
            }
        } else if matches!(name.as_str(), "catalog-info.yaml" | "catalog-info.yml") {
            found.push(normal(&path));
        }
    }
}

/// The files a Location target names: a path relative to `base`, whose parts may hold `*` and
/// `?` (within a part) or be `**` (any folders).
fn expand(base: &Path, target: &str) -> Vec<PathBuf> {
    let target = target.strip_prefix("file:").unwrap_or(target);
    let path = normal(&base.join(target));
    if !target.contains(['*', '?']) {
        return if path.is_file() {
            vec![path]
        } else {
            Vec::new()
        };
    }
    let mut current = vec![PathBuf::new()];
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let mut next = Vec::new();
        for dir in &current {
            if part == "**" {
                let mut all = vec![dir.clone()];
                folders(dir, 0, &mut all);
                next.extend(all);
            } else if part.contains(['*', '?']) {
                let listing = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir.as_path()
                };
                let Ok(entries) = std::fs::read_dir(listing) else {
                    continue;
                };
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| wildcard(part, n))
                    .collect();
                names.sort();
                next.extend(names.into_iter().map(|n| dir.join(n)));
            } else {
                next.push(dir.join(part));
            }
            if next.len() > MAX_FILES {
                break;
            }
        }
        next.retain(|p| if last { p.is_file() } else { p.is_dir() });
        next.dedup();
        current = next;
    }
    current
}

/// Every folder under `dir` (not hidden), depth first in name order.
fn folders(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || out.len() > MAX_FILES {
        return;
    }
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(listing) else {
        return;
    };
    let mut subs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| dir.join(e.file_name()))
        .collect();
    subs.sort();
    for s in subs {
        out.push(s.clone());
        folders(&s, depth + 1, out);
    }
}

/// Whether `name` matches `pattern` with `*` (any run) and `?` (one character).
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.yaml", "a.yaml"));
        assert!(wildcard("catalog-?.yaml", "catalog-1.yaml"));
        assert!(!wildcard("*.yaml", "a.yml"));
        assert!(wildcard("*", ""));
        assert_eq!(normal(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}

//! `-o`: the file a command writes, checked before anything is written. One guard for every
//! command: `-o` never names a file the same command reads (under any name), never replaces
//! a portfolio or a plan with something else, and replaces a file the user may not write only
//! with `--force`.

use std::path::Path;

use waveplan::clobber::{self, Kind};

use super::{Failure, shown};

/// What a command writes with `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    Portfolio,
    Plan,
    /// Anything else, with how to call it: "a Markdown report".
    Other(&'static str),
}

impl Writes {
    /// The kind of file this is, when it is one that `-o` protects.
    fn kind(self) -> Option<Kind> {
        match self {
            Writes::Portfolio => Some(Kind::Portfolio),
            Writes::Plan => Some(Kind::Plan),
            Writes::Other(_) => None,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Writes::Portfolio => "a portfolio",
            Writes::Plan => "a plan",
            Writes::Other(noun) => noun,
        }
    }
}

/// The `-o` of a command: where it writes, what, and whether `--force` was given.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub path: &'a Path,
    pub writes: Writes,
    pub force: bool,
}

impl<'a> Output<'a> {
    /// The output of `-o PATH` (`None` without `-o`: stdout).
    pub fn new(path: Option<&'a Path>, writes: Writes, force: bool) -> Option<Output<'a>> {
        path.map(|path| Output {
            path,
            writes,
            force,
        })
    }

    /// Refuse an output that is one of the files the command reads (`reads`: each path with
    /// what it is to the command, "the portfolio it reads"), or that holds a portfolio or a plan when
    /// the command writes something else. `hint` ends the first message ("" for none).
    pub fn check(&self, reads: &[(Option<&Path>, &str)], hint: &str) -> Result<(), Failure> {
        let out = self.path;
        let os = out.as_os_str().as_encoded_bytes();
        if out.is_dir() || os.ends_with(b"/") || os.is_empty() {
            return Err(Failure::Usage(format!(
                "-o {}: that is a folder, not a file; give the path of the file to write{hint}",
                shown(out)
            )));
        }
        for &(read, what) in reads {
            let Some(read) = read else { continue };
            if waveplan::load::read::is_stdin(read) {
                // `-` reads standard input: redirected from a file, it is that file.
                if clobber::is_standard_input(out) {
                    return Err(Failure::Usage(format!(
                        "-o {}: standard input is read from that file ({what}), and -o never writes over a file the command reads; write {} to another file{hint}",
                        shown(out),
                        self.writes.noun()
                    )));
                }
                continue;
            }
            if !clobber::same_file(read, out) {
                continue;
            }
            // The same path, or a symbolic link to it, or the same file under another name.
            let how = match (std::fs::canonicalize(read), std::fs::canonicalize(out)) {
                (Ok(a), Ok(b)) if a == b => {
                    if out.is_symlink() || read.is_symlink() {
                        ", through a symbolic link"
                    } else {
                        ""
                    }
                }
                _ => ", under another name (a hard link)",
            };
            return Err(Failure::Usage(format!(
                "-o {}: that is {what} ({}){how}, and -o never writes over a file the command reads; write {} to another file{hint}",
                shown(out),
                shown(read),
                self.writes.noun()
            )));
        }
        if let Some(there) = clobber::kind_of(out)
            && self.writes.kind() != Some(there)
        {
            return Err(Failure::Usage(format!(
                "-o {}: that file holds {}, and this would replace it with {}; write to another file, or move {} away first if you mean to replace it",
                shown(out),
                there.noun(),
                self.writes.noun(),
                shown(out)
            )));
        }
        Ok(())
    }

    /// Write `text` to the file, atomically; a file the user may not write only with `--force`.
    pub fn write(&self, text: &[u8]) -> Result<(), Failure> {
        let options = waveplan::atomic::Options { force: self.force };
        waveplan::atomic::write_with_options(self.path, options, |w| w.write_all(text)).map_err(
            |e| match waveplan::atomic::read_only(&e) {
                Some(refusal) => Failure::Usage(format!(
                    "-o {}: {refusal}; give --force to replace it anyway (it keeps its mode), or write to another file",
                    shown(self.path)
                )),
                None => Failure::Usage(format!("{}: cannot write the file: {e}", shown(self.path))),
            },
        )
    }
}

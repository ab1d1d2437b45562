//! Reading a CSV table: the separator, the header row (column names matched leniently, unknown
//! columns reported), and the rows, each with the line it starts on.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::locate::LineIndex;
use crate::model::validate::suggest;

use super::Input;
use crate::import::Note;

/// A CSV table: what each column holds and the rows that hold anything.
#[derive(Debug)]
pub struct Table<F> {
    /// The field of each column, by column number; `None` for ignored columns.
    pub columns: Vec<Option<F>>,
    /// Whether numbers may use a decimal comma (`12,5`): so in files separated by `;`.
    pub decimal_comma: bool,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn pos(&self, column: usize) -> Option<Pos> {
        Some(Pos {
            line: self.line,
            col: column + 1,
        })
    }
}

/// The separator of the file: the one of `,`, `;` and tab that the header row uses most
/// (spreadsheets in many countries write `;`).
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |b: u8| header.bytes().filter(|&c| c == b).count();
    let mut best = b',';
    for candidate in [b';', b'\t'] {
        if count(candidate) > count(best) {
            best = candidate;
        }
    }
    best
}

/// `Data GB`, `data-gb` and `DATA_GB` all name the column `data_gb`.
fn column_key(header: &str) -> String {
    header
        .trim()
        .chars()
        .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a quoted cell opens that the text ends inside, reading one record from byte `start`
/// as the CSV reader does (a `"` opens a quoted cell only as its first character, `""` inside
/// is a quote): the byte offset of the quote and the cell's index.
fn unclosed_quote(bytes: &[u8], start: usize, sep: u8) -> Option<(usize, usize)> {
    let mut cell = 0;
    let mut cell_start = true;
    let mut open: Option<usize> = None;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
            continue;
        }
        if b == b'"' && cell_start {
            open = Some(i - 1);
        } else if b == sep {
            cell += 1;
            cell_start = true;
            continue;
        } else if b == b'\r' || b == b'\n' {
            // The record ends: no quote is left open.
            return None;
        }
        cell_start = false;
    }
    open.map(|at| (at, cell))
}

/// Read the header and rows of a table. `None` when the header lacks a required column or the
/// text cannot be read as CSV: its rows would only give misleading messages.
pub fn read_table<F: Copy>(
    input: Input,
    fields: &[(&str, F)],
    required: &[&str],
    diags: &mut Vec<Diagnostic>,
    notes: &mut Vec<Note>,
    unreadable: &mut bool,
) -> Option<Table<F>> {
    let file = input.file;
    let sep = separator(input.text.trim_start_matches('\u{feff}'));
    if sep != b',' {
        notes.push(Note::new(
            file,
            None,
            format!(
                "read with `{}` as the separator",
                if sep == b'\t' { "\\t" } else { ";" }
            ),
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .delimiter(sep)
        .from_reader(input.text.as_bytes());
    // The reader's position of a record is where the previous one ended: before the `\n` of
    // a `\r\n` and before any blank lines. A record starts at its first byte after those.
    let bytes = input.text.as_bytes();
    let lines = LineIndex::new(input.text);
    let start_of = |p: &::csv::Position| {
        let from = usize::try_from(p.byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        from + bytes[from..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count()
    };
    let mut records = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let mut last_start = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(0, start_of);
                last_start = Some(start);
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                records.push(Row {
                    line: lines.line(start),
                    cells,
                });
            }
            Err(e) => {
                let pos = e.position().map(|p| Pos {
                    line: lines.line(start_of(p)),
                    col: 1,
                });
                diags.push(Diagnostic::error(
                    file,
                    pos,
                    format!("cannot read the file as CSV: {e}"),
                ));
                *unreadable = true;
                return None;
            }
        }
    }
    // A quoted cell that is never closed takes the rest of the file: the reader does not say
    // so, and its last record would hold every line after the quote.
    if let Some((quote, cell)) = last_start.and_then(|start| unclosed_quote(bytes, start, sep)) {
        diags.push(Diagnostic::error(
            file,
            Some(Pos {
                line: lines.line(quote),
                col: cell + 1,
            }),
            "the quoted cell that starts here is never closed: a `\"` is missing, so the rest of \
             the file would be this one cell; close the quote (a `\"` inside a quoted cell is \
             written `\"\"`)",
        ));
        *unreadable = true;
        return None;
    }
    let mut rows = records.into_iter();
    let header = rows.next()?;
    let mut columns = Vec::with_capacity(header.cells.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut usable = true;
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    let mut nameless = Vec::new();
    for (c, cell) in header.cells.iter().enumerate() {
        let key = column_key(cell);
        let at = header.pos(c);
        if let Some(first) = seen.insert(key.clone(), c).filter(|_| !key.is_empty()) {
            diags.push(Diagnostic::error(
                file,
                at,
                format!(
                    "column `{}` is given twice (columns {} and {}); keep one",
                    cell.escape_debug(),
                    first + 1,
                    c + 1
                ),
            ));
            usable = false;
            columns.push(None);
            continue;
        }
        let field = fields.iter().find(|(n, _)| *n == key).map(|&(_, f)| f);
        if field.is_none() {
            if key.is_empty() {
                nameless.push(c);
            } else if key == "depends_on" {
                diags.push(Diagnostic::error(
                    file,
                    at,
                    "dependencies go in their own file with the columns from,to,via; remove the \
                     column `depends_on`",
                ));
            } else if let Some(near) = suggest(&key, names.iter().copied()) {
                // A near miss is a typo: ignoring it would quietly drop a whole field.
                diags.push(Diagnostic::error(
                    file,
                    at,
                    format!(
                        "unknown column `{}`; did you mean `{near}`? the columns are: {}",
                        cell.escape_debug(),
                        names.join(", ")
                    ),
                ));
            } else {
                // CMDB exports carry columns of their own (cost centre, location, ...): making
                // the architect delete them first helps nobody, so they are ignored, loudly.
                diags.push(Diagnostic::warning(
                    file,
                    at,
                    format!(
                        "column `{}` is not a portfolio field and is ignored; the columns waveplan \
                         reads are: {}",
                        cell.escape_debug(),
                        names.join(", ")
                    ),
                ));
            }
        }
        columns.push(field);
    }
    for name in required {
        if !seen.contains_key(*name) {
            diags.push(Diagnostic::error(
                file,
                header.pos(0),
                format!(
                    "the header row has no `{name}` column; the first row must name the columns \
                     ({})",
                    names.join(", ")
                ),
            ));
            usable = false;
        }
    }
    let rows: Vec<Row> = rows
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    for c in nameless {
        if let Some(row) = rows
            .iter()
            .find(|r| r.cells.get(c).is_some_and(|v| !v.is_empty()))
        {
            diags.push(Diagnostic::warning(
                file,
                row.pos(c),
                format!(
                    "column {} has no name in the header row and is ignored",
                    c + 1
                ),
            ));
        }
    }
    usable.then_some(Table {
        columns,
        decimal_comma: sep == b';',
        rows,
    })
}

/// Check that a row has as many cells as the header has columns (extra empty cells, which
/// spreadsheets like to add, are fine).
pub fn check_width(row: &Row, width: usize, file: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let used = row
        .cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    if row.cells.len() < width || used > width {
        let (n, col) = if row.cells.len() < width {
            (row.cells.len(), row.cells.len())
        } else {
            (used, width)
        };
        diags.push(Diagnostic::error(
            file,
            row.pos(col),
            format!(
                "this row has {n} cells but the header has {width} columns; is a separator \
                 missing or extra, or a cell with a separator not in double quotes?"
            ),
        ));
        return false;
    }
    true
}

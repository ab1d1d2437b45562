//! Reading a CSV table for any import: the separator, the header row (column names matched
//! leniently against the import's fields and the mapping file, with one message per file that
//! lists every column and what it was taken as when the header cannot be used), and the rows,
//! each with the line it starts on.

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::locate::LineIndex;
use crate::model::validate::suggest;

use super::Note;
use super::map::{IGNORE, ImportMap, fold};
use super::summary::{Count, Summary};

/// One CSV file given to an import: its name for messages and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Input<'_> {
    /// Nothing but a byte order mark and blanks: no header row to read.
    pub fn is_blank(&self) -> bool {
        self.text.trim_start_matches('\u{feff}').trim().is_empty()
    }
}

/// A CSV table: what each column holds and the rows that hold anything.
#[derive(Debug)]
pub struct Table<F> {
    /// The field of each column, by column number; `None` for ignored columns.
    pub columns: Vec<Option<F>>,
    /// Whether numbers may use a decimal comma (`12,5`): so in files separated by `;`.
    pub decimal_comma: bool,
    pub rows: Vec<Row>,
    /// The header's cells.
    pub header: Vec<String>,
    /// Columns for a field that another column gives first, in order: read where it is empty.
    pub spares: Vec<(usize, F)>,
}

impl<F: Copy + PartialEq> Table<F> {
    /// The column that holds `field`.
    pub fn col(&self, field: F) -> Option<usize> {
        self.columns.iter().position(|&f| f == Some(field))
    }

    /// Each field's cell in `row` with its column: the field's column, or where that is empty
    /// the first spare column for it that is not.
    pub fn cells<'r>(&'r self, row: &'r Row) -> impl Iterator<Item = (usize, F, &'r str)> + 'r {
        self.columns.iter().enumerate().filter_map(move |(c, f)| {
            let f = (*f)?;
            Some(match self.cell(row, f) {
                Some((at, text)) => (at, f, text),
                None => (c, f, ""),
            })
        })
    }

    /// The cell of `row` for `field`: its column's, or where that is empty the first spare
    /// column's that is not.
    pub fn cell<'r>(&self, row: &'r Row, field: F) -> Option<(usize, &'r str)> {
        let at = |c: usize| {
            row.cells
                .get(c)
                .map(String::as_str)
                .filter(|t| !t.is_empty())
        };
        let first = self.col(field)?;
        if let Some(t) = at(first) {
            return Some((first, t));
        }
        self.spares
            .iter()
            .filter(|&&(_, f)| f == field)
            .find_map(|&(c, _)| at(c).map(|t| (c, t)))
    }
}

/// A field an import reads, by its name (as the mapping file and messages say it) and the other
/// names exports give its column, the likeliest first.
#[derive(Debug, Clone, Copy)]
pub struct Column<F> {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub field: F,
}

/// What a header must give.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a, F> {
    /// Each entry: the fields of which at least one must have a column.
    pub required: &'a [&'a [&'static str]],
    /// Whether a column close to a field's name is an error (a typo would drop a whole field)
    /// and other unknown columns warnings; otherwise unknown columns are only counted (exports
    /// carry dozens of columns of their own).
    pub strict: bool,
    /// Columns refused with a message of their own.
    pub refused: &'a [(&'static str, &'static str)],
    /// Columns named on the command line as holding a field (`--waves-from wave_id`): they win
    /// over every other column for it.
    pub named: &'a [(&'a str, F)],
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

/// The records of a CSV file, each with the line it starts on; `None` (with the error) when
/// the text cannot be read as CSV at all.
fn read_records(
    input: Input,
    diags: &mut Vec<Diagnostic>,
    notes: &mut Vec<Note>,
    unreadable: &mut bool,
) -> Option<(Vec<Row>, u8)> {
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
    let lines = LineIndex::counting_lone_cr(input.text);
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
    Some((records, sep))
}

/// What the reading of a table found, besides the table.
pub struct Found<'a> {
    pub diags: &'a mut Vec<Diagnostic>,
    pub notes: &'a mut Vec<Note>,
    pub summary: &'a mut Summary,
    pub unreadable: &'a mut bool,
}

/// Read the header and rows of a table. `None` when the header does not give what the import
/// needs (one error that lists every column) or the text cannot be read as CSV: its rows would
/// only give misleading messages.
pub fn read_table<F: Copy + PartialEq>(
    input: Input,
    fields: &[Column<F>],
    rules: Rules<F>,
    map: &ImportMap,
    found: Found,
) -> Option<Table<F>> {
    let file = input.file;
    let (records, sep) = read_records(input, found.diags, found.notes, found.unreadable)?;
    let mut rows = records.into_iter();
    let header = rows.next()?;
    let (columns, spares) =
        resolve_header(&header, fields, rules, map, file, found.diags, found.notes)?;
    let rows: Vec<Row> = rows
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let mut ignored: Vec<(String, usize)> = Vec::new();
    for (c, field) in columns.iter().enumerate() {
        if field.is_some() || spares.iter().any(|&(s, _)| s == c) {
            continue;
        }
        let name = header.cells.get(c).map(String::as_str).unwrap_or_default();
        if name.is_empty() {
            if let Some(row) = rows
                .iter()
                .find(|r| r.cells.get(c).is_some_and(|v| !v.is_empty()))
            {
                found.diags.push(Diagnostic::warning(
                    file,
                    row.pos(c),
                    format!(
                        "column {} has no name in the header row and is ignored",
                        c + 1
                    ),
                ));
            }
        } else {
            ignored.push((format!("`{name}`"), 1));
        }
    }
    found
        .summary
        .dropped(Count::new(ignored.len(), "column not read", "columns not read").by(ignored));
    Some(Table {
        columns,
        decimal_comma: sep == b';',
        rows,
        header: header.cells,
        spares,
    })
}

/// What one column of a header was taken as.
#[derive(Debug, Clone)]
enum Taken {
    Field(usize),
    Ignored,
    /// One of several columns that give the same field.
    Twice(usize),
    /// A column for a field that another column gives first: read where that one is empty.
    Spare(usize),
    /// A problem, said in the header's message; the field meant, when it can be guessed.
    Problem(Option<&'static str>),
}

/// The field of each column of a header, and the spare columns (see `Table::spares`).
type Resolved<F> = (Vec<Option<F>>, Vec<(usize, F)>);

/// The field of each column of `header`, or `None` with one error for the file.
fn resolve_header<F: Copy + PartialEq>(
    header: &Row,
    fields: &[Column<F>],
    rules: Rules<F>,
    map: &ImportMap,
    file: &str,
    diags: &mut Vec<Diagnostic>,
    notes: &mut Vec<Note>,
) -> Option<Resolved<F>> {
    let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
    let mut spares: Vec<(usize, F)> = Vec::new();
    let field_named = |name: &str| {
        let name = fold(name);
        fields
            .iter()
            .position(|f| fold(f.key) == name || f.aliases.iter().any(|a| fold(a) == name))
    };
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut taken: Vec<Taken> = Vec::with_capacity(header.cells.len());
    // For each field, the columns that could hold it and how strongly (0: the mapping file
    // says so, 1: the field's name, 2..: its aliases in order).
    let mut claims: Vec<Vec<(usize, usize)>> = vec![Vec::new(); fields.len()];
    for (c, name) in header.cells.iter().enumerate() {
        let key = fold(name);
        if key.is_empty() {
            taken.push(Taken::Ignored);
            continue;
        }
        if let Some(&(_, field)) = rules.named.iter().find(|(n, _)| fold(n) == key)
            && let Some(f) = fields.iter().position(|spec| spec.field == field)
        {
            claims[f].push((0, c));
            taken.push(Taken::Field(f));
            continue;
        }
        if let Some(target) = map.column(name) {
            if fold(target) == IGNORE {
                taken.push(Taken::Ignored);
            } else if let Some(f) = field_named(target) {
                claims[f].push((0, c));
                taken.push(Taken::Field(f));
            } else {
                let (map_file, at) = map.column_place(name);
                let hint = suggest(target, keys.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                diags.push(Diagnostic::error(
                    &map_file,
                    at,
                    format!(
                        "columns: `{}` is not a field this import reads; {hint}the fields are: \
                         {}, and `{IGNORE}`",
                        target.escape_debug(),
                        keys.join(", ")
                    ),
                ));
                problems.push((
                    c,
                    format!(
                        "the mapping file gives column {} a field this import does not read",
                        c + 1
                    ),
                ));
                taken.push(Taken::Problem(None));
            }
            continue;
        }
        let rank = fields.iter().enumerate().find_map(|(f, spec)| {
            if fold(spec.key) == key {
                Some((f, 1))
            } else {
                spec.aliases
                    .iter()
                    .position(|a| fold(a) == key)
                    .map(|r| (f, r + 2))
            }
        });
        if let Some((f, r)) = rank {
            claims[f].push((r, c));
            taken.push(Taken::Field(f));
        } else if let Some((_, why)) = rules.refused.iter().find(|(k, _)| fold(k) == key) {
            problems.push((
                c,
                format!("column {} `{}`: {why}", c + 1, name.escape_debug()),
            ));
            taken.push(Taken::Problem(None));
        } else if let Some(near) = rules
            .strict
            .then(|| suggest(&key, keys.iter().copied()))
            .flatten()
        {
            // A near miss is a typo: ignoring it would quietly drop a whole field.
            problems.push((
                c,
                format!(
                    "column {} `{}` is not a field (did you mean `{near}`?)",
                    c + 1,
                    name.escape_debug()
                ),
            ));
            let meant = fields.iter().find(|f| f.key == near).map(|f| f.key);
            taken.push(Taken::Problem(meant));
        } else {
            taken.push(Taken::Ignored);
        }
    }
    let mut columns: Vec<Option<F>> = vec![None; header.cells.len()];
    for (f, claim) in claims.iter_mut().enumerate() {
        claim.sort();
        let Some(&(best, c)) = claim.first() else {
            continue;
        };
        let same: Vec<usize> = claim
            .iter()
            .filter(|(r, _)| *r == best)
            .map(|&(_, c)| c + 1)
            .collect();
        if same.len() > 1 {
            let cols: Vec<String> = same.iter().map(ToString::to_string).collect();
            problems.push((
                same[1] - 1,
                format!(
                    "columns {} {} give `{}`; keep one",
                    cols.join(" and "),
                    if same.len() == 2 { "both" } else { "all" },
                    fields[f].key
                ),
            ));
            for &c in &same {
                taken[c - 1] = Taken::Twice(f);
            }
            continue;
        }
        columns[c] = Some(fields[f].field);
        for &(_, other) in &claim[1..] {
            taken[other] = Taken::Spare(f);
            spares.push((other, fields[f].field));
        }
    }
    for group in rules.required {
        let given = group.iter().any(|k| {
            fields
                .iter()
                .position(|f| f.key == *k)
                .is_some_and(|f| !claims[f].is_empty())
        });
        if !given {
            let names: Vec<String> = group.iter().map(|k| format!("`{k}`")).collect();
            problems.push((
                usize::MAX,
                format!("no column gives {}", names.join(" or ")),
            ));
        }
    }
    let describe = |c: usize| -> String {
        let name = header.cells[c].escape_debug().to_string();
        let what = match &taken[c] {
            _ if header.cells[c].is_empty() => return format!("{} (no name) → ignored", c + 1),
            Taken::Field(f) if columns[c].is_some() => fields[*f].key.to_string(),
            Taken::Field(f) => format!(
                "ignored (`{}` is taken from another column)",
                fields[*f].key
            ),
            Taken::Ignored => "ignored".to_string(),
            Taken::Twice(f) => format!("{} (given twice)", fields[*f].key),
            Taken::Spare(f) => {
                let first = columns
                    .iter()
                    .position(|&g| g == Some(fields[*f].field))
                    .map_or(0, |g| g + 1);
                format!("{} where column {first} is empty", fields[*f].key)
            }
            Taken::Problem(_) => "?".to_string(),
        };
        format!("{} `{name}` → {what}", c + 1)
    };
    if problems.is_empty() {
        // Say which columns were read under another name than the field's.
        let renamed: Vec<String> = (0..header.cells.len())
            .filter(|&c| {
                matches!(taken[c], Taken::Field(f) if columns[c].is_some() && fold(&header.cells[c]) != fold(fields[f].key))
                    || matches!(taken[c], Taken::Spare(_))
            })
            .map(&describe)
            .collect();
        if !renamed.is_empty() {
            notes.push(Note::new(
                file,
                None,
                format!("columns read as fields: {}", renamed.join(", ")),
            ));
        }
        if rules.strict {
            let ignored: Vec<usize> = (0..header.cells.len())
                .filter(|&c| {
                    matches!(taken[c], Taken::Ignored)
                        && !header.cells[c].is_empty()
                        && map.column(&header.cells[c]).is_none()
                })
                .collect();
            if let Some(&first) = ignored.first() {
                let names: Vec<String> = ignored
                    .iter()
                    .map(|&c| {
                        if ignored.len() == 1 {
                            format!("`{}`", header.cells[c].escape_debug())
                        } else {
                            format!("`{}` ({})", header.cells[c].escape_debug(), c + 1)
                        }
                    })
                    .collect();
                // CMDB exports carry columns of their own (cost centre, location, ...): making
                // the architect delete them first helps nobody, so they are ignored, loudly.
                diags.push(Diagnostic::warning(
                    file,
                    header.pos(first),
                    format!(
                        "{} {} {} and {} ignored; the columns waveplan reads are: {} (or say \
                         what a column holds in a --map file)",
                        if ignored.len() == 1 {
                            "column"
                        } else {
                            "columns"
                        },
                        names.join(", "),
                        if ignored.len() == 1 {
                            "is not a portfolio field"
                        } else {
                            "are not portfolio fields"
                        },
                        if ignored.len() == 1 { "is" } else { "are" },
                        keys.join(", ")
                    ),
                ));
            }
        }
        return Some((columns, spares));
    }
    problems.sort_by_key(|(c, _)| *c);
    let first = problems[0].0;
    let said: Vec<&str> = problems.iter().map(|(_, m)| m.as_str()).collect();
    let listed: Vec<String> = (0..header.cells.len()).map(describe).collect();
    // The example mapping: a column in question, and the field it most likely holds.
    let (example, field) = (0..header.cells.len())
        .find_map(|c| match taken[c] {
            Taken::Problem(meant) => Some((c, meant.unwrap_or(keys[0]))),
            _ => None,
        })
        .or_else(|| {
            (0..header.cells.len())
                .find(|&c| matches!(taken[c], Taken::Ignored) && !header.cells[c].is_empty())
                .map(|c| (c, keys[0]))
        })
        .map_or(("Application".to_string(), keys[0]), |(c, f)| {
            (header.cells[c].escape_debug().to_string(), f)
        });
    diags.push(Diagnostic::error(
        file,
        header.pos(if first == usize::MAX { 0 } else { first }),
        format!(
            "the header row cannot be read: {}. The columns found and what each was taken as: \
             {}. Rename the columns, or say what each holds in a mapping file given with --map \
             (columns: {{\"{example}\": \"{field}\"}}); the fields are: {}",
            said.join("; "),
            if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            },
            keys.join(", ")
        ),
    ));
    None
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

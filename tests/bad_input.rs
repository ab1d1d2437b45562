//! The bad-input corpus: every file in `tests/bad_input/` goes through `waveplan check`, which
//! must give the expected exit status and messages (with `FILE:LINE:COL`) and never panic; so do
//! the weights files in `weights/` (as `--weights`) and the import inputs in `import/` (through
//! `waveplan import`). Huge and deeply nested inputs are made at run time rather than kept in
//! the repository. What `-o` refuses and how unwritable output ends (each case with its exit
//! status and message) is in `tests/outputs.rs`: those cases need links, modes and descriptors
//! that a file in the corpus cannot carry.

mod cli_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cli_support::{Run, run_in};

/// Where the corpus lives.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

/// The portfolio that the `*.plan.ron` cases are checked against.
const PLAN_PORTFOLIO: &str = "plan_portfolio.ron";

/// One case per file: the file, the exit status of `waveplan check`, and fragments that must
/// all appear on stderr. Files ending in `.plan.ron` are checked as `--plan` of
/// `plan_portfolio.ron`. Exit 2: not readable as RON; 1: RON that breaks the format's rules;
/// 0: fine, warnings allowed.
const CASES: &[(&str, i32, &[&str])] = &[
    // Malformed or incomplete RON.
    (
        "malformed_missing_comma.ron",
        2,
        &["error: malformed_missing_comma.ron:4:20: expected a comma"],
    ),
    (
        "truncated.ron",
        2,
        &["error: truncated.ron:5:51: unexpected end of file"],
    ),
    (
        "unclosed_string.ron",
        2,
        &["error: unclosed_string.ron:4:27: this string is not closed"],
    ),
    (
        "unclosed_comment.ron",
        2,
        &["error: unclosed_comment.ron:4:22: this comment is not closed: a `*/` is missing"],
    ),
    (
        "trailing_characters.ron",
        2,
        &["error: trailing_characters.ron:6:1: non-whitespace trailing characters"],
    ),
    ("empty.ron", 2, &["error: empty.ron:1:1: the file is empty"]),
    (
        "whitespace_only.ron",
        2,
        &["error: whitespace_only.ron:1:1: the file is empty"],
    ),
    (
        "comment_only.ron",
        2,
        &["error: comment_only.ron:2:14: unexpected end of file"],
    ),
    (
        "not_utf8.ron",
        2,
        &["error: not_utf8.ron:2:15: the file is not UTF-8 text (byte 0xe9)"],
    ),
    (
        "not_utf8_binary.ron",
        2,
        &["error: not_utf8_binary.ron:2:118: the file is not UTF-8 text (byte 0x80)"],
    ),
    // Well-formed RON with the wrong shape.
    (
        "wrong_type_data_gb.ron",
        1,
        &["error: wrong_type_data_gb.ron:3:36: expected a number here"],
    ),
    (
        "wrong_type_legacy.ron",
        1,
        &["error: wrong_type_legacy.ron:3:29: expected `true` or `false` here"],
    ),
    (
        "wrong_type_tags.ron",
        1,
        &["error: wrong_type_tags.ron:3:27: expected a list `[...]` here"],
    ),
    (
        "wrong_type_value_on_next_line.ron",
        1,
        &["error: wrong_type_value_on_next_line.ron:6:17: expected a number here"],
    ),
    (
        "wrong_type_portfolio_name.ron",
        1,
        &["error: wrong_type_portfolio_name.ron:2:11: expected a string in double quotes"],
    ),
    (
        "unknown_field.ron",
        1,
        &["error: unknown_field.ron:3:21: unknown field `ownr` in App; did you mean `owner`?"],
    ),
    (
        "crlf_unknown_field.ron",
        1,
        &["error: crlf_unknown_field.ron:3:21: unknown field `ownr` in App; did you mean `owner`?"],
    ),
    (
        "unknown_field_in_dependency.ron",
        1,
        &[
            "error: unknown_field_in_dependency.ron:3:46: unknown field `how` in Dep; the fields are: to, via",
        ],
    ),
    (
        "unknown_enum_value.ron",
        1,
        &[
            "error: unknown_enum_value.ron:3:27: unknown value `Servce` for Kind; did you mean `Service`?",
        ],
    ),
    (
        "unknown_via.ron",
        1,
        &["error: unknown_via.ron:3:51: unknown value `Grcp` for Via; did you mean `Grpc`?"],
    ),
    (
        "missing_id.ron",
        1,
        &["error: missing_id.ron:3:30: missing field `id` in App"],
    ),
    (
        "field_given_twice.ron",
        1,
        &["error: field_given_twice.ron:3:33: field `owner` is given twice in App"],
    ),
    (
        "not_ron_json.ron",
        1,
        &["error: not_ron_json.ron:1:1: expected opening `(` for struct `Portfolio`"],
    ),
    (
        "portfolio_is_a_plan.ron",
        1,
        &["error: portfolio_is_a_plan.ron:1:1: expected `Portfolio(` but found `Plan(`"],
    ),
    // Readable portfolios that break the rules.
    (
        "duplicate_id.ron",
        1,
        &["error: duplicate_id.ron:5:14: duplicate id `crm`"],
    ),
    (
        "unknown_dependency.ron",
        1,
        &[
            "error: unknown_dependency.ron:3:42: `orders` depends on unknown app `billing`; did you mean `biling`?",
        ],
    ),
    (
        "self_dependency.ron",
        1,
        &["error: self_dependency.ron:3:42: `orders` depends on itself"],
    ),
    (
        "negative_data_gb.ron",
        1,
        &[
            "error: negative_data_gb.ron:3:53: `orders-db` has data_gb -5",
            "error: negative_data_gb.ron:4:33: `nan-db` has data_gb NaN",
            "error: negative_data_gb.ron:5:33: `inf-db` has data_gb inf",
            "error: negative_data_gb.ron:6:35: `bytes-db` has data_gb 2.5e11: more than a billion gigabytes",
        ],
    ),
    (
        "invalid_ids.ron",
        1,
        &[
            "error: invalid_ids.ron:3:14: invalid id `orders db`",
            "error: invalid_ids.ron:4:14: invalid id `-leading-dash`",
            "error: invalid_ids.ron:5:14: invalid id ``",
            "error: invalid_ids.ron:6:14: invalid id `café`",
        ],
    ),
    (
        "duplicate_edge.ron",
        0,
        &["warning: duplicate_edge.ron:9:17: duplicate dependency of `web` on `api` via Http"],
    ),
    (
        "no_apps.ron",
        0,
        &["warning: no_apps.ron:1:38: the portfolio has no apps"],
    ),
    // Several problems in one file: all reported in one run.
    (
        "several_parse_errors.ron",
        1,
        &[
            "error: several_parse_errors.ron:4:28: expected a number here",
            "error: several_parse_errors.ron:5:25: unknown value `Servce` for Kind",
            "error: several_parse_errors.ron:7:19: unknown field `ownr` in App",
            "error: several_parse_errors.ron:8:27: expected `true` or `false` here",
        ],
    ),
    (
        "several_rule_errors.ron",
        1,
        &[
            "error: several_rule_errors.ron:4:42: `orders` depends on unknown app `billing`; did you mean `biling`?",
            "error: several_rule_errors.ron:4:59: `orders` depends on itself",
            "error: several_rule_errors.ron:5:14: duplicate id `orders`",
            "error: several_rule_errors.ron:6:33: `biling` has data_gb -1",
            "error: several_rule_errors.ron:7:14: invalid id `bad id`",
            "warning: several_rule_errors.ron:8:50: duplicate dependency of `web` on `biling`",
        ],
    ),
    // Every bad field of every app, each at its place; the rules checked on what could be read.
    (
        "several_problems_in_one_app.ron",
        1,
        &[
            "error: several_problems_in_one_app.ron:3:25: unknown value `Nope` for Kind",
            "error: several_problems_in_one_app.ron:3:38: unknown value `Bad` for State",
            "error: several_problems_in_one_app.ron:3:52: expected a number here",
        ],
    ),
    (
        "unknown_dependency_beside_a_type_error.ron",
        1,
        &[
            "error: unknown_dependency_beside_a_type_error.ron:3:29: expected `true` or `false` here",
            "error: unknown_dependency_beside_a_type_error.ron:4:39: `api` depends on unknown app `biling`; did you mean `billing`?",
        ],
    ),
    (
        "several_problems_in_dependencies.ron",
        1,
        &[
            "error: several_problems_in_dependencies.ron:6:38: unknown value `Grcp` for Via; did you mean `Grpc`?",
            "error: several_problems_in_dependencies.ron:7:22: expected a string in double quotes here",
            "error: several_problems_in_dependencies.ron:8:39: expected `true` or `false` here",
            "error: several_problems_in_dependencies.ron:8:46: unknown field `how` in Dep",
        ],
    ),
    (
        // A misspelt required field is one mistake: no word of the field it misses.
        "misspelt_and_repeated_fields.ron",
        1,
        &[
            "error: misspelt_and_repeated_fields.ron:2:5: unknown field `nme` in Portfolio; did you mean `name`?",
            "error: misspelt_and_repeated_fields.ron:4:10: unknown field `idd` in App; did you mean `id`?",
            "error: misspelt_and_repeated_fields.ron:5:16: expected a string in double quotes here",
            "error: misspelt_and_repeated_fields.ron:5:17: missing field `id` in App",
            "error: misspelt_and_repeated_fields.ron:6:31: field `owner` is given twice in App; keep one",
            "error: misspelt_and_repeated_fields.ron:6:43: unknown field `ownr` in App; did you mean `owner`?",
            "error: misspelt_and_repeated_fields.ron:7:33: unknown field `too` in Dep; did you mean `to`?",
        ],
    ),
    (
        "wrong_types_everywhere.ron",
        1,
        &[
            "error: wrong_types_everywhere.ron:2:11: expected a string in double quotes here",
            "error: wrong_types_everywhere.ron:4:27: expected `true` or `false` here",
            "error: wrong_types_everywhere.ron:4:39: expected a list `[...]` here",
            "error: wrong_types_everywhere.ron:5:32: unknown value `Hihg` for Criticality; did you mean `High`?",
            "error: wrong_types_everywhere.ron:5:66: expected a value's name here (such as `Http` or `Service`, without quotes), not `3`",
            "error: wrong_types_everywhere.ron:6:28: `c` has data_gb -2",
            "error: wrong_types_everywhere.ron:7:37: `d` depends on unknown app `nowhere`",
        ],
    ),
    (
        "duplicate_tags.ron",
        0,
        &[
            "warning: duplicate_tags.ron:3:59: `payments` has the tag `pci` twice (as `pci` and `PCI`: tags ignore case); it counts once",
            "warning: duplicate_tags.ron:3:73: `payments` has the tag `pci` twice; it counts once",
        ],
    ),
    // Plans, checked against plan_portfolio.ron.
    (PLAN_PORTFOLIO, 0, &[]),
    ("plan_valid.plan.ron", 0, &[]),
    (
        "plan_unknown_app.plan.ron",
        1,
        &[
            "error: plan_unknown_app.plan.ron:3:39: unknown app `ordres` in Pilot; did you mean `orders`?",
        ],
    ),
    (
        "plan_app_in_two_waves.plan.ron",
        1,
        &["error: plan_app_in_two_waves.plan.ron:4:40: `web` is in Pilot and again in Wave 2"],
    ),
    (
        "plan_never_moving_apps.plan.ron",
        1,
        &[
            "error: plan_never_moving_apps.plan.ron:4:33: `old-shop` never moves (strategy Retire)",
            "error: plan_never_moving_apps.plan.ron:4:45: `erp` never moves (strategy Retain)",
            "error: plan_never_moving_apps.plan.ron:4:52: `core` never moves (runs on a mainframe)",
        ],
    ),
    (
        "plan_malformed.plan.ron",
        2,
        &["error: plan_malformed.plan.ron:3:38: expected a comma"],
    ),
    (
        "plan_wrong_types.plan.ron",
        1,
        &[
            "error: plan_wrong_types.plan.ron:3:25: unknown field `aps` in Wave; did you mean `apps`?",
            "error: plan_wrong_types.plan.ron:4:32: expected a list `[...]` here",
        ],
    ),
    (
        "plan_several_bad_fields.plan.ron",
        1,
        &[
            "error: plan_several_bad_fields.plan.ron:2:26: expected a number here",
            "error: plan_several_bad_fields.plan.ron:2:40: capacity `pilot` is 0",
            "error: plan_several_bad_fields.plan.ron:2:54: unknown value `Nope` for State",
            "error: plan_several_bad_fields.plan.ron:4:16: expected a string in double quotes here",
            "error: plan_several_bad_fields.plan.ron:4:26: unknown app `ghost` in Wave 1",
            "error: plan_several_bad_fields.plan.ron:4:51: expected `true` or `false` here",
            "error: plan_several_bad_fields.plan.ron:4:81: `api` is pinned to Wave 1 but is not among its apps",
            "error: plan_several_bad_fields.plan.ron:5:24: expected a string in double quotes here",
            "error: plan_several_bad_fields.plan.ron:6:10: unknown field `nam` in Wave; did you mean `name`?",
            "error: plan_several_bad_fields.plan.ron:6:31: `core` never moves (runs on a mainframe)",
            "warning: plan_several_bad_fields.plan.ron:4:74: `web` is pinned twice",
        ],
    ),
    (
        "plan_is_a_portfolio.plan.ron",
        1,
        &["error: plan_is_a_portfolio.plan.ron:1:1: expected `Plan(` but found `Portfolio(`"],
    ),
    // Hostile text loads fine; `hostile_output_is_clean` looks at what is printed.
    ("hostile_text.ron", 0, &[]),
    ("hostile_raw_bytes.ron", 0, &[]),
];

/// Weights files in `weights/`, each given as `--weights` to `waveplan check` of
/// `plan_portfolio.ron`: the file, the exit status and fragments that must appear on stderr,
/// one line each.
const WEIGHTS_CASES: &[(&str, i32, &[&str])] = &[
    (
        "malformed_missing_comma.ron",
        2,
        &["error: weights/malformed_missing_comma.ron:14:9: expected a comma"],
    ),
    (
        "truncated.ron",
        2,
        &["error: weights/truncated.ron:10:77: unexpected end of file"],
    ),
    (
        "empty.ron",
        2,
        &[
            "error: weights/empty.ron:1:1: the file is empty; a portfolio starts with `Portfolio(`, a plan with `Plan(` and a weights file with `Weights(`",
        ],
    ),
    (
        "not_utf8.ron",
        2,
        &["error: weights/not_utf8.ron:1:15: the file is not UTF-8 text (byte 0xe9)"],
    ),
    (
        "deeply_nested.ron",
        2,
        &[
            "error: weights/deeply_nested.ron:1:19: expected opening `(` for struct `CouplingPoints`",
        ],
    ),
    (
        "hostile_escape_sequences.ron",
        2,
        &["error: weights/hostile_escape_sequences.ron:5:54: expected a number here"],
    ),
    (
        "wrong_type.ron",
        1,
        &["error: weights/wrong_type.ron:26:19: expected a number here"],
    ),
    (
        "fractional_points.ron",
        1,
        &["error: weights/fractional_points.ron:21:27: "],
    ),
    (
        "negative_points.ron",
        1,
        &[
            "error: weights/negative_points.ron:12:26: this number is out of range: a whole number, 0 or more (and not too large), is expected here",
        ],
    ),
    (
        "number_too_large.ron",
        1,
        &["error: weights/number_too_large.ron:14:22: this number is out of range"],
    ),
    (
        "huge_points.ron",
        1,
        &[
            "error: weights/huge_points.ron:14:22: coupling.split_group is 4294967295; points are whole numbers from 0 to 1000",
        ],
    ),
    (
        "ease_weights_zero.ron",
        1,
        &["error: weights/ease_weights_zero.ron:33:11: the ease weights add up to 0%"],
    ),
    (
        "ease_weights_overflow.ron",
        1,
        &["error: weights/ease_weights_overflow.ron:33:11: the ease weights add up to 4294967297%"],
    ),
    (
        "unknown_field.ron",
        1,
        &[
            "error: weights/unknown_field.ron:26:9: unknown field `no_owners` in RiskPoints; did you mean `no_owner`?",
        ],
    ),
    (
        "unknown_via_key.ron",
        1,
        &[
            "error: weights/unknown_via_key.ron:8:57: unknown field `Databse` in ViaPoints; did you mean `Database`?",
        ],
    ),
    (
        "missing_field.ron",
        1,
        &["error: weights/missing_field.ron:35:1: missing field `hybrid` in Weights"],
    ),
    (
        "several_problems.ron",
        1,
        &[
            "error: weights/several_problems.ron:12:25: expected a number here",
            "error: weights/several_problems.ron:14:22: coupling.split_group is 100000; points are whole numbers from 0 to 1000",
            "error: weights/several_problems.ron:26:9: unknown field `no_owners` in RiskPoints; did you mean `no_owner`?",
            "error: weights/several_problems.ron:33:41: this number is out of range",
        ],
    ),
    (
        "is_a_portfolio.ron",
        1,
        &["error: weights/is_a_portfolio.ron:2:1: expected `Weights(` but found `Portfolio(`"],
    ),
    (
        "json_not_ron.ron",
        1,
        &["error: weights/json_not_ron.ron:1:1: expected opening `(` for struct `Weights`"],
    ),
];

/// Import inputs in `import/`: the arguments of `waveplan import`, the exit status and fragments
/// that must appear on stderr. `import/deps.csv` is an empty dependencies table.
const IMPORT_CASES: &[(&[&str], i32, &[&str])] = &[
    (
        // A quote never closed would take the rest of the file as one cell.
        &["csv", "import/truncated_quote.csv", "import/deps.csv"],
        2,
        &[
            "error: import/truncated_quote.csv:3:2: the quoted cell that starts here is never closed",
        ],
    ),
    (
        &["csv", "import/unclosed_quote.csv", "import/deps.csv"],
        2,
        &[
            "error: import/unclosed_quote.csv:2:2: the quoted cell that starts here is never closed: a `\"` is missing",
        ],
    ),
    (
        // Lines as an editor counts them, whatever the line ends and the blank lines.
        &["csv", "import/crlf_blank_lines.csv", "import/deps.csv"],
        1,
        &[
            "error: import/crlf_blank_lines.csv:2:3: unknown kind `Servce`",
            "error: import/crlf_blank_lines.csv:5:3: unknown kind `Nope`",
        ],
    ),
    (
        &[
            "csv",
            "import/blank_lines_and_multi_line_cells.csv",
            "import/deps.csv",
        ],
        1,
        &[
            "error: import/blank_lines_and_multi_line_cells.csv:3:3: unknown kind `Servce`",
            "error: import/blank_lines_and_multi_line_cells.csv:7:3: unknown kind `Nope`",
        ],
    ),
    (
        &["csv", "import/utf16_no_bom.csv"],
        2,
        &["error: import/utf16_no_bom.csv:1:1: the file looks like UTF-16 text"],
    ),
    (
        &["csv", "import/old_mac_line_ends.csv"],
        1,
        &["error: import/old_mac_line_ends.csv:3:2: unknown kind `Servce`"],
    ),
    (
        &["backstage", "import/duplicate_key.yaml"],
        2,
        &[
            "error: import/duplicate_key.yaml:6:3: this is not valid YAML: spec: the key `dependsOn` is given twice",
        ],
    ),
    (
        &["csv", "import/utf16.csv", "import/deps.csv"],
        2,
        &[
            "error: import/utf16.csv:1:1: the file looks like UTF-16 text (every other byte is 0); save it as UTF-8",
        ],
    ),
    (
        &["csv", "import/binary.csv", "import/deps.csv"],
        2,
        &["error: import/binary.csv:2:118: the file is not UTF-8 text (byte 0x80)"],
    ),
    (
        &["csv", "import/header_only.csv", "import/deps.csv"],
        0,
        &["warning: import/header_only.csv: the portfolio has no apps"],
    ),
    (
        &[
            "csv",
            "import/apps.csv",
            "import/deps_self_unknown_bad_via.csv",
        ],
        1,
        &[
            "error: import/deps_self_unknown_bad_via.csv:2:2: `claims` depends on itself; remove this row",
            "error: import/deps_self_unknown_bad_via.csv:3:3: unknown via `Carrier pigeon`",
            "error: import/deps_self_unknown_bad_via.csv:4:2: unknown app `nobody` in `to`",
        ],
    ),
    (&["csv", "import/hostile.csv", "import/deps.csv"], 0, &[]),
    (
        &["servicenow", "import/unclosed_quote.csv"],
        2,
        &["error: import/unclosed_quote.csv:2:2: the quoted cell that starts here is never closed"],
    ),
    (&["servicenow", "import/hostile.csv"], 0, &[]),
    (
        &["servicenow", "import/utf16.csv", "import/binary.csv"],
        2,
        &[
            "error: import/utf16.csv:1:1: the file looks like UTF-16 text",
            "error: import/binary.csv:2:118: the file is not UTF-8 text (byte 0x80)",
        ],
    ),
    (
        &["connections", "import/apps.csv"],
        1,
        &[
            "error: import/apps.csv:1:1: the header row cannot be read: no column gives `source` or `source_ip`",
        ],
    ),
    (
        &["csv", "import/hostile_id.csv", "import/deps.csv"],
        0,
        &[
            "note: import/hostile_id.csv: 1 name or id was made into valid, unique ids (the text \
           given is kept as the name): `\\u{1b}[31mweb` → 31mweb",
        ],
    ),
    (
        &["backstage", "import/deeply_nested.yaml"],
        2,
        &["error: import/deeply_nested.yaml:6:76: the document nests deeper than 64 levels here"],
    ),
    (
        &["backstage", "import/truncated.yaml"],
        2,
        &["error: import/truncated.yaml:9:1: this is not valid YAML"],
    ),
    (
        &["backstage", "import/not_utf8.yaml"],
        2,
        &["error: import/not_utf8.yaml:5:11: the file is not UTF-8 text (byte 0xe9)"],
    ),
    (
        &["backstage", "import/binary.yaml"],
        2,
        &["error: import/binary.yaml:1:4: the file is not UTF-8 text (byte 0xff)"],
    ),
    (
        &["backstage", "import/wrong_types.yaml"],
        1,
        &[
            "error: import/wrong_types.yaml:7:3: `spec.owner` should be a text",
            "error: import/wrong_types.yaml:12:1: the entity has no `metadata.name`",
        ],
    ),
    (
        // A component naming itself is left out without a word (it may consume its own API).
        &["backstage", "import/self_and_unknown_dependency.yaml"],
        0,
        &[
            "warning: import/self_and_unknown_dependency.yaml:8:33: `claims` names `component:biling` in `dependsOn`, which is not in the catalog",
        ],
    ),
    (
        &["backstage", "import/unknown_kind_and_field.yaml"],
        0,
        &[
            "warning: import/unknown_kind_and_field.yaml:10:15: `claims` names `reource:claims-db` in `dependsOn`",
        ],
    ),
    (&["backstage", "import/hostile.yaml"], 0, &[]),
];

/// Keys files in `keys/`, each given as `--keys` to the board (which reads it before anything
/// else, so a bad one never opens the terminal): the file and fragments that must appear on
/// stderr, one line each. A keys file the board cannot use is exit status 2.
const KEYS_CASES: &[(&str, &[&str])] = &[
    (
        "quit_unbound.ron",
        &[
            "error: keys/quit_unbound.ron:1:12: `quit` needs a key: it is the only way to leave the board",
        ],
    ),
    (
        "quit_keys_taken.ron",
        &[
            "error: keys/quit_keys_taken.ron:3:12: `quit` has no key left, and it is the only way to leave the board: this file gives `q` to `help` and `Ctrl+c` to `undo`",
        ],
    ),
    (
        "several_problems.ron",
        &[
            "error: keys/several_problems.ron:2:5: unknown field `sav` in Keys; did you mean `save`?",
            "error: keys/several_problems.ron:3:12: unknown key `ctrl+nope`",
            "error: keys/several_problems.ron:4:11: expected a list `[...]` here",
            "error: keys/several_problems.ron:6:20: key `g` is bound to both `redo` and `dependencies`",
        ],
    ),
];

/// `waveplan check` on a corpus file (as a plan when it is one).
fn check_case(file: &str) -> Run {
    if file.ends_with(".plan.ron") {
        run_in(&corpus(), &["check", PLAN_PORTFOLIO, "--plan", file])
    } else {
        run_in(&corpus(), &["check", file])
    }
}

/// Everything that must hold for any input, whatever its exit status; problems are described in
/// `failures`.
fn check_invariants(name: &str, run: &Run, expected_code: i32, failures: &mut Vec<String>) {
    let mut fail = |what: String| failures.push(format!("{name}: {what}"));
    if run.stderr.contains("panicked") || run.code == 101 {
        fail(format!("panicked:\n{}", run.stderr));
    }
    if run.code != expected_code {
        fail(format!(
            "exit {} instead of {expected_code}; stderr:\n{}",
            run.code, run.stderr
        ));
    }
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
            fail(format!("{stream} holds the control character {c:?}"));
        }
    }
    for line in run.stderr.lines() {
        if !(line.starts_with("error: ") || line.starts_with("warning: ")) {
            fail(format!("stderr line is not a diagnostic: {line:?}"));
        }
    }
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .count();
    match run.code {
        0 => {
            if errors > 0 {
                fail(format!("exit 0 with errors:\n{}", run.stderr));
            }
            if !run.stdout.contains("  apps ") {
                fail(format!("exit 0 without a summary:\n{}", run.stdout));
            }
        }
        _ => {
            if errors == 0 {
                fail("failed without an error message".to_string());
            }
            if !run.stdout.is_empty() {
                fail(format!("failed but printed to stdout:\n{}", run.stdout));
            }
        }
    }
}

#[test]
fn every_case_gives_its_exit_status_and_messages() {
    let mut failures = Vec::new();
    for &(file, code, fragments) in CASES {
        let run = check_case(file);
        check_invariants(file, &run, code, &mut failures);
        for fragment in fragments {
            if !run.stderr.contains(fragment) {
                failures.push(format!(
                    "{file}: stderr lacks {fragment:?}; it was:\n{}",
                    run.stderr
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_weights_case_gives_its_exit_status_and_messages() {
    let mut failures = Vec::new();
    for &(file, code, fragments) in WEIGHTS_CASES {
        let path = format!("weights/{file}");
        let run = run_in(&corpus(), &["check", PLAN_PORTFOLIO, "--weights", &path]);
        check_invariants(&path, &run, code, &mut failures);
        for fragment in fragments {
            if !run.stderr.contains(fragment) {
                failures.push(format!(
                    "{path}: stderr lacks {fragment:?}; it was:\n{}",
                    run.stderr
                ));
            }
        }
        // Each problem once.
        if run.stderr.lines().count() != fragments.len() {
            failures.push(format!(
                "{path}: not {} lines:\n{}",
                fragments.len(),
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_keys_case_stops_the_board_with_its_messages() {
    let mut failures = Vec::new();
    for &(file, fragments) in KEYS_CASES {
        let path = format!("keys/{file}");
        let run = run_in(&corpus(), &["--keys", &path]);
        check_invariants(&path, &run, 2, &mut failures);
        for fragment in fragments {
            if !run.stderr.contains(fragment) {
                failures.push(format!(
                    "{path}: stderr lacks {fragment:?}; it was:\n{}",
                    run.stderr
                ));
            }
        }
        if run.stderr.lines().count() != fragments.len() {
            failures.push(format!(
                "{path}: not {} lines:\n{}",
                fragments.len(),
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_import_case_gives_its_exit_status_and_messages() {
    let mut failures = Vec::new();
    for &(args, code, fragments) in IMPORT_CASES {
        let name = args.join(" ");
        let mut all = vec!["import"];
        all.extend_from_slice(args);
        let run = run_in(&corpus(), &all);
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        if run.stderr.contains("panicked") || run.code != code {
            fail(format!(
                "exit {} instead of {code}:\n{}",
                run.code, run.stderr
            ));
        }
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
                fail(format!("{stream} holds the control character {c:?}"));
            }
        }
        // Diagnostics, then the import's summary (its heading and four indented lines).
        let mut lines = run.stderr.lines();
        for line in lines.by_ref() {
            if line.starts_with("summary of ") {
                break;
            }
            if !["error: ", "warning: ", "note: "]
                .iter()
                .any(|p| line.starts_with(p))
            {
                fail(format!("stderr line is not a diagnostic: {line:?}"));
            }
        }
        for line in lines {
            if !line.starts_with("  ") {
                fail(format!(
                    "stderr line is not a diagnostic nor the summary: {line:?}"
                ));
            }
        }
        if code == 0 && !run.stderr.contains("summary of ") {
            fail(format!("no summary:\n{}", run.stderr));
        }
        for fragment in fragments {
            if !run.stderr.contains(fragment) {
                fail(format!(
                    "stderr lacks {fragment:?}; it was:\n{}",
                    run.stderr
                ));
            }
        }
        let errors = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count();
        if code == 0 {
            // What an import writes, `waveplan check` reads.
            if let Err(e) = waveplan::load::portfolio_from_str(&run.stdout, "stdout") {
                fail(format!("the import does not load: {e}\n{}", run.stdout));
            }
            if errors > 0 {
                fail(format!("exit 0 with errors:\n{}", run.stderr));
            }
        } else if errors == 0 || !run.stdout.is_empty() {
            fail(format!(
                "failed without an error, or wrote a portfolio:\n{}{}",
                run.stderr, run.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Hostile text survives the import as data and is written escaped: no terminal escape reaches
/// the output, and the text reads back as it was.
#[test]
fn hostile_imports_keep_their_text_escaped() {
    let run = run_in(
        &corpus(),
        &["import", "csv", "import/hostile.csv", "import/deps.csv"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(r#"name: "\u{1b}[2J\u{1b}]0;pwned\u{7}Web shop","#),
        "{}",
        run.stdout
    );
    let back = waveplan::load::portfolio_from_str(&run.stdout, "stdout")
        .unwrap()
        .value;
    let web = &back.apps[0];
    assert_eq!(web.owner.as_deref(), Some("=cmd|' /C calc'!A0"));
    assert_eq!(web.tags, ["<script>", "**bold**", "|pipe|"]);
    let run = run_in(&corpus(), &["import", "backstage", "import/hostile.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let back = waveplan::load::portfolio_from_str(&run.stdout, "stdout")
        .unwrap()
        .value;
    let web = &back.apps[0];
    assert_eq!(
        web.name.as_deref(),
        Some("\u{1b}[2J\u{1b}]0;pwned\u{7}=HYPERLINK(\"x\")")
    );
    assert_eq!(web.tags, ["**bold**", "|pipe|", "\u{1b}[31m"]);
    // An owner is read as an entity reference (`NAMESPACE/NAME`), its parts trimmed.
    assert_eq!(web.owner.as_deref(), Some("=cmd|'/C calc'!A0"));
}

/// Files over the size limit are refused before they are read (the test files are sparse:
/// they take no room on the disk). A catalog has a smaller limit of its own.
#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let size = waveplan::load::MAX_FILE_BYTES + 1;
    let catalog_size = waveplan::import::backstage::MAX_CATALOG_BYTES + 1;
    for (name, size) in [
        ("huge.ron", size),
        ("huge.plan.ron", size),
        ("huge-weights.ron", size),
        ("huge-keys.ron", size),
        ("huge.csv", size),
        ("huge.yaml", catalog_size),
    ] {
        let file = std::fs::File::create(dir.path().join(name)).unwrap();
        file.set_len(size).unwrap();
    }
    let portfolio = corpus().join(PLAN_PORTFOLIO);
    let portfolio = portfolio.to_str().unwrap();
    let cases: [(&str, &[&str], u64); 6] = [
        ("huge.ron", &["check", "huge.ron"], 512),
        (
            "huge.plan.ron",
            &["check", portfolio, "--plan", "huge.plan.ron"],
            512,
        ),
        (
            "huge-weights.ron",
            &["check", portfolio, "--weights", "huge-weights.ron"],
            512,
        ),
        ("huge-keys.ron", &["--keys", "huge-keys.ron"], 512),
        ("huge.csv", &["import", "csv", "huge.csv", "huge.csv"], 512),
        ("huge.yaml", &["import", "backstage", "huge.yaml"], 64),
    ];
    for (name, args, mb) in cases {
        let run = run_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!(
                "error: {name}: the file is {mb} MB; waveplan reads files up to {mb} MB"
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

/// Devices, named pipes and sockets are refused before a byte is read from them, wherever a
/// command reads a file: `/dev/zero` would fill the memory, and a pipe nobody writes to would
/// never end. (Each run has a deadline, so that a command that waits fails the test.)
#[cfg(unix)]
#[test]
fn special_files_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let socket = dir.path().join("socket.ron");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let portfolio = corpus().join(PLAN_PORTFOLIO);
    let portfolio = portfolio.to_str().unwrap();
    let mut failures = Vec::new();
    for (special, what) in [
        ("/dev/zero", "a device"),
        (fifo.to_str().unwrap(), "a named pipe (FIFO)"),
        (socket.to_str().unwrap(), "a socket"),
    ] {
        // Where standard input is not taken, and where `-` is it.
        let stdin_hint = "give the path of a file, or `-` to read standard input";
        let cases: [(Vec<&str>, &str); 8] = [
            (vec!["check", special], stdin_hint),
            (
                vec!["check", portfolio, "--plan", special],
                "give the path of a file",
            ),
            (
                vec!["check", portfolio, "--weights", special],
                "give the path of a file",
            ),
            (vec!["--keys", special], "give the path of a file"),
            (
                vec!["diff", portfolio, special, special],
                "give the path of a file",
            ),
            (vec!["import", "csv", special, "-"], stdin_hint),
            (vec!["import", "csv", "-", special], stdin_hint),
            (vec!["import", "backstage", special], stdin_hint),
        ];
        for (args, hint) in cases {
            let out = Command::cargo_bin("waveplan")
                .unwrap()
                .args(&args)
                .write_stdin("")
                .timeout(std::time::Duration::from_secs(30))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let want = format!(
                "error: {special}: is not a regular file but {what}; waveplan reads only regular \
                 files: {hint}"
            );
            if out.status.code() != Some(2) || !stderr.lines().any(|l| l == want) {
                failures.push(format!(
                    "{args:?}: exit {:?}, want {want:?}, got:\n{stderr}",
                    out.status.code()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// `-` reads the portfolio or the import's input from standard input, as a file would be read.
#[test]
fn standard_input_is_read_where_a_command_takes_dash() {
    let run = |args: &[&str], stdin: &str| {
        Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(corpus())
            .args(args)
            .write_stdin(stdin.to_string())
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap()
    };
    let text = std::fs::read_to_string(corpus().join(PLAN_PORTFOLIO)).unwrap();
    let out = run(&["check", "-"], &text);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.starts_with("Plan cases (<stdin>)"), "{stdout}");
    // Problems name it as a file would be named.
    let out = run(
        &["check", "-"],
        "Portfolio(apps: [(id: \"a\", kind: Nope)])",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: <stdin>:1:34: unknown value `Nope`"),
        "{out:?}"
    );
    let out = run(&["import", "csv", "-", "import/deps.csv"], "id,name\na,A\n");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("name: \"imported\""));
    let out = run(&["import", "csv", "-", "-"], "id\na\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot both be `-`"));
    let catalog = "kind: Component\nmetadata:\n  name: a\n";
    let out = run(&["import", "backstage", "-"], catalog);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The board saves its plan beside the portfolio file: it needs one.
    let out = run(&["-"], &text);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the board needs a portfolio file"));
}

/// Deeply nested YAML is refused by a scan before the parser sees it (the parser takes time
/// quadratic in the nesting: a hundred thousand brackets took half a minute).
#[test]
fn deep_yaml_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let head = "kind: Component\nmetadata:\n  name: deep\nspec:\n  dependsOn: ";
    let stairs: String = (0..2000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let cases = [
        (
            "brackets.yaml",
            format!("{head}{}", "[".repeat(100_000)),
            "5:76",
        ),
        (
            "maps.yaml",
            format!("{head}{}", "{a: ".repeat(100_000)),
            "5:262",
        ),
        (
            "dashes.yaml",
            format!("---\n{}x\n", "- ".repeat(100_000)),
            "2:127",
        ),
        ("stairs.yaml", stairs, "65:65"),
    ];
    let mut failures = Vec::new();
    for (name, text, place) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(dir.path())
            .args(["import", "backstage", name])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let want = format!("error: {name}:{place}: the document nests deeper than 64 levels");
        if out.status.code() != Some(2) || !stderr.starts_with(&want) {
            failures.push(format!(
                "{name}: want {want:?}, got {:?}:\n{stderr}",
                out.status
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Placing diagnostics costs time proportional to the file, not to the file times the number
/// of problems: twenty thousand problems on one line of a few hundred kilobytes would take
/// minutes to place if each were counted from the start of its line.
#[test]
fn many_problems_on_one_line_are_all_placed() {
    let n = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("\"app-{i}\"")).collect();
    let apps: String = (0..n).map(|i| format!("(id: \"app-{i}\"), ")).collect();
    std::fs::write(
        dir.path().join("p.ron"),
        format!("Portfolio(apps: [{apps}])"),
    )
    .unwrap();
    // Every app planned twice.
    let list = ids.join(", ");
    std::fs::write(
        dir.path().join("twice.plan.ron"),
        format!("Plan(waves: [(apps: [{list}]), (apps: [{list}])])"),
    )
    .unwrap();
    // Every id given twice, and every app with a bad field, all on one line.
    std::fs::write(
        dir.path().join("dup.ron"),
        format!("Portfolio(apps: [{apps}{apps}])"),
    )
    .unwrap();
    let bad: String = (0..n)
        .map(|i| format!("(id: \"app-{i}\", kind: Nope), "))
        .collect();
    std::fs::write(
        dir.path().join("bad.ron"),
        format!("Portfolio(apps: [{bad}])"),
    )
    .unwrap();
    let cases: [(&[&str], &str, String); 3] = [
        (
            &["check", "p.ron", "--plan", "twice.plan.ron"],
            "is in Wave 1 and again in Wave 2",
            format!(
                "error: twice.plan.ron:1:{}: `app-{}` is in Wave 1",
                format!("Plan(waves: [(apps: [{list}]), (apps: [")
                    .chars()
                    .count()
                    + 1
                    + ids[..n - 1].iter().map(|s| s.len() + 2).sum::<usize>(),
                n - 1
            ),
        ),
        (
            &["check", "dup.ron"],
            "duplicate id",
            format!(
                "error: dup.ron:1:{}: duplicate id `app-{}`",
                format!("Portfolio(apps: [{apps}").len() + apps.len()
                    - format!("(id: \"app-{}\"), ", n - 1).len()
                    + 6,
                n - 1
            ),
        ),
        (
            &["check", "bad.ron"],
            "unknown value `Nope` for Kind",
            format!(
                "error: bad.ron:1:{}: unknown value `Nope`",
                "Portfolio(apps: [".len() + bad.len()
                    - format!("(id: \"app-{}\", kind: Nope), ", n - 1).len()
                    + format!("(id: \"app-{}\", kind: ", n - 1).len()
                    + 1
            ),
        ),
    ];
    for (args, message, last) in cases {
        let run = run_in(dir.path(), args);
        assert_eq!(run.code, 1, "{args:?}");
        let found: Vec<&str> = run.stderr.lines().filter(|l| l.contains(message)).collect();
        assert_eq!(found.len(), n, "{args:?}");
        assert!(run.stderr.contains(&last), "{args:?}: want {last}");
    }
}

#[test]
fn several_problems_are_reported_once_each() {
    for (file, count) in [
        ("several_parse_errors.ron", 4),
        ("several_rule_errors.ron", 6),
    ] {
        let run = check_case(file);
        assert_eq!(run.stderr.lines().count(), count, "{file}:\n{}", run.stderr);
    }
}

#[test]
fn every_corpus_file_has_a_case_and_every_case_a_file() {
    let files_in = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let sorted = |mut names: Vec<String>| {
        names.sort();
        names.dedup();
        names
    };
    let listed = sorted(CASES.iter().map(|c| c.0.to_string()).collect());
    assert_eq!(files_in(&corpus()), listed);
    let listed = sorted(WEIGHTS_CASES.iter().map(|c| c.0.to_string()).collect());
    assert_eq!(files_in(&corpus().join("weights")), listed);
    let listed = sorted(KEYS_CASES.iter().map(|c| c.0.to_string()).collect());
    assert_eq!(files_in(&corpus().join("keys")), listed);
    let listed = sorted(
        IMPORT_CASES
            .iter()
            .flat_map(|c| c.0[1..].iter())
            .map(|f| f.strip_prefix("import/").unwrap().to_string())
            .collect(),
    );
    assert_eq!(files_in(&corpus().join("import")), listed);
}

#[test]
fn hostile_output_is_clean() {
    let run = check_case("hostile_text.ron");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'));
    // The text around the escape sequences is kept; only the control characters go.
    assert!(
        run.stdout.starts_with("Evil [2J[H corp (hostile_text.ron)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  apps          2 "), "{}", run.stdout);

    let run = check_case("hostile_raw_bytes.ron");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Raw [2J[3J escape (hostile_raw_bytes.ron)"),
        "{}",
        run.stdout
    );
}

/// Write `text` to a fresh folder and run `waveplan check` on it.
fn check_text(name: &str, text: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    run_in(dir.path(), &["check", name])
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = 100_000;
    let open = "[".repeat(deep);
    let cases: Vec<(&str, String, i32, &str)> = vec![
        (
            "brackets.ron",
            open.clone(),
            2,
            "error: brackets.ron:1:1: expected opening `(` for struct `Portfolio`",
        ),
        (
            "parens.ron",
            "(".repeat(deep),
            2,
            "error: parens.ron:1:2: expected identifier",
        ),
        (
            "apps.ron",
            format!("Portfolio(apps: {open}"),
            2,
            "error: apps.ron:1:18: expected opening `(` for struct `App`",
        ),
        (
            "tags.ron",
            format!(
                "Portfolio(apps: [(id: \"a\", tags: {open}{})])",
                "]".repeat(deep)
            ),
            2,
            "error: tags.ron:1:35: expected a string in double quotes here",
        ),
        (
            "name.ron",
            format!("Portfolio(name: {open}"),
            2,
            "error: name.ron:1:17: expected a string in double quotes here",
        ),
    ];
    let mut failures = Vec::new();
    for (name, text, code, fragment) in cases {
        let run = check_text(name, text.as_bytes());
        check_invariants(name, &run, code, &mut failures);
        if !run.stderr.contains(fragment) {
            failures.push(format!(
                "{name}: stderr lacks {fragment:?}:\n{}",
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn deep_nesting_in_a_plan_is_refused() {
    let dir = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("deep.plan.ron");
    std::fs::write(&plan, format!("Plan(waves: {}", "[".repeat(100_000))).unwrap();
    let run = run_in(
        &dir,
        &["check", PLAN_PORTFOLIO, "--plan", plan.to_str().unwrap()],
    );
    let mut failures = Vec::new();
    check_invariants("deep.plan.ron", &run, 2, &mut failures);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    assert!(
        run.stderr
            .contains("deep.plan.ron:1:14: expected opening `(` for struct `Wave`"),
        "{}",
        run.stderr
    );
}

/// A portfolio of about 20 MB, in the shape `waveplan generate` writes; made once per run.
fn large_portfolio() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let portfolio = waveplan::generate::generate(40_000, 7);
        let text = waveplan::model::write::portfolio_to_ron(&portfolio);
        assert!(text.len() > 19_000_000, "{} bytes", text.len());
        text
    })
}

#[test]
fn a_large_portfolio_is_read_and_its_errors_found_at_the_right_line() {
    let text = large_portfolio();
    let run = check_text("large.ron", text.as_bytes());
    let mut failures = Vec::new();
    check_invariants("large.ron", &run, 0, &mut failures);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    assert!(
        run.stdout.contains("  apps          40,000 "),
        "{}",
        run.stdout
    );

    // An unknown field in the last app, and a wrong type in the first.
    let last = text.rfind("            id: \"").unwrap();
    let line_end = last + text[last..].find('\n').unwrap() + 1;
    let mut broken = text.to_string();
    broken.insert_str(line_end, "            ownr: \"x\",\n");
    let ownr_line = text[..line_end].matches('\n').count() + 1;
    let first = broken.find("            id: \"").unwrap();
    let first_end = first + broken[first..].find('\n').unwrap() + 1;
    broken.insert_str(first_end, "            legacy: 1,\n");
    let legacy_line = broken[..first_end].matches('\n').count() + 1;
    let run = check_text("large.ron", broken.as_bytes());
    let mut failures = Vec::new();
    check_invariants("large.ron (broken)", &run, 1, &mut failures);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    let want = [
        format!("error: large.ron:{legacy_line}:21: expected `true` or `false` here"),
        format!(
            "error: large.ron:{}:13: unknown field `ownr` in App; did you mean `owner`?",
            ownr_line + 1
        ),
    ];
    for w in &want {
        assert!(
            run.stderr.contains(w.as_str()),
            "want {w}, got:\n{}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
}

#[test]
fn a_large_truncated_portfolio_is_reported_near_its_end() {
    let text = large_portfolio();
    let cut = text.len() * 2 / 3;
    let cut = (cut..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let truncated = &text[..cut];
    let last_line = truncated.matches('\n').count() + 1;
    let run = check_text("cut.ron", truncated.as_bytes());
    let mut failures = Vec::new();
    check_invariants("cut.ron", &run, 2, &mut failures);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    assert!(
        run.stderr.contains(&format!("error: cut.ron:{last_line}:")),
        "want line {last_line}, got:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unexpected end of file"),
        "{}",
        run.stderr
    );
}

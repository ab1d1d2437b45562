//! The README's command examples are the program's real output: every fenced block that starts
//! with `$ waveplan ARGS` is run from the repository's root and its standard output compared
//! with the block's lines (a last line `...` or `  ...` means the output goes on). Examples that
//! name files the repository does not hold (`retail.ron` in a user's folder, `git:HEAD`) are
//! illustrations and are skipped; the test says which.

use assert_cmd::Command;

#[test]
fn the_readme_examples_are_what_the_program_prints() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("the README");
    let mut checked = Vec::new();
    let mut skipped = Vec::new();
    let mut lines = readme.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let mut block: Vec<&str> = Vec::new();
        for inner in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            block.push(inner);
        }
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ waveplan ")) else {
            continue;
        };
        let args: Vec<&str> = command.split_whitespace().collect();
        let missing = args.iter().any(|a| {
            a.starts_with("git:")
                || ((a.ends_with(".ron") || a.contains('/'))
                    && !std::path::Path::new(root).join(a).exists())
        });
        if missing {
            skipped.push(command.to_string());
            continue;
        }
        let output = Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(root)
            .env("NO_COLOR", "1")
            .args(&args)
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let expected = &block[1..];
        let goes_on = expected.last().is_some_and(|l| l.trim() == "...");
        let expected: Vec<&str> = if goes_on {
            expected[..expected.len() - 1].to_vec()
        } else {
            expected.to_vec()
        };
        let got: Vec<&str> = stdout.lines().collect();
        if goes_on {
            assert!(
                got.len() >= expected.len() && got[..expected.len()] == expected[..],
                "README `waveplan {command}` shows\n{}\nbut the program prints\n{stdout}",
                expected.join("\n")
            );
        } else {
            assert_eq!(
                got, expected,
                "README `waveplan {command}` shows what the program does not print"
            );
        }
        checked.push(command.to_string());
    }
    assert!(
        checked.iter().any(|c| c.starts_with("recommend"))
            && checked.iter().any(|c| c.starts_with("check")),
        "checked {checked:?}, skipped {skipped:?}"
    );
}

//! Report exports as CSV: quoting, the byte-order mark, and no formula injection.

use voronka::format::csv_out::{neutralise, to_csv};

fn check(cell: &str, expected: &str) {
    assert_eq!(neutralise(cell), expected, "cell {cell:?}");
}

#[test]
fn text_that_would_start_a_formula_is_marked_as_text() {
    check(
        "=HYPERLINK(\"http://x\",\"y\")",
        "'=HYPERLINK(\"http://x\",\"y\")",
    );
    check("+7 495 123-45-67", "'+7 495 123-45-67");
    check("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0");
    check("@SUM(A1)", "'@SUM(A1)");
    check("\tTAB", "'\tTAB");
    check("\r=1", "'\r=1");
}

#[test]
fn numbers_and_ordinary_text_are_unchanged() {
    for cell in [
        "-1500.25",
        "-3",
        "+3",
        "1234567.89",
        "0",
        "Acme",
        "ООО «Ромашка»",
        "",
        "a=b",
        "<img src=x>",
        "-",
    ] {
        let expected = if cell == "-" { "'-" } else { cell };
        check(cell, expected);
    }
}

#[test]
fn the_file_starts_with_a_bom_and_quotes_what_needs_it() {
    let out = to_csv(&[
        vec!["Client".into(), "Amount".into()],
        vec!["=cmd, \"quoted\"\nline".into(), "-10.50".into()],
    ]);
    assert_eq!(
        out,
        "\u{feff}Client,Amount\n\"'=cmd, \"\"quoted\"\"\nline\",-10.50\n"
    );
}

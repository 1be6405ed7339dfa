//! Directly and indirectly standardised rates, and quantiles.

use ics_outcomes::Error;
use ics_outcomes::stats::{
    Confidence, DsrOptions, ESP2013, Events, Field, Groups, Invert, IsrOptions, IsrScale, Reference, dsr, isr, quantile,
};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_column, column};
use crate::shared::register;

const TIGHT: f64 = 1e-11;

fn pair() -> Confidence {
    Confidence::standard(&[0.95, 0.998]).expect("pair")
}

fn groups_of(rows: &[Row], column: &str) -> (Groups, Vec<String>) {
    let keys: Vec<String> = rows.iter().map(|r| r.text(column).to_owned()).collect();
    Groups::from_keys(&keys)
}

fn check(table: &ics_outcomes::stats::Table, expected: &[Row], names: &[&str], tolerance: f64, what: &str) {
    for name in names {
        assert_column(table.numbers(name).expect(name), &column(expected, name), tolerance, &format!("{what} {name}"));
    }
    for (i, row) in expected.iter().enumerate() {
        for text in ["statistic", "method"] {
            if row.0.contains_key(text) {
                assert_eq!(table.text_at(text, i), Some(row.text(text)), "{what} {text} row {i}");
            }
        }
    }
}

const LIMITS: [&str; 4] = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"];

fn dsr_matches_the_package_and_suppresses_small_counts() {
    let input = read("test_vectors/dsr_input_multiarea.csv");
    let expected = read("r_generated/dsr.csv");
    let (groups, areas) = groups_of(&input, "area");
    assert_eq!(areas, ["testdata_big", "testdata_small", "testdata_tiny"]);
    let (x, n, w) = (column(&input, "count"), column(&input, "pop"), column(&input, "esp2013"));
    // The input's weights are the embedded ESP 2013, band by band.
    assert_eq!(&w[..19], &ESP2013);
    let options = DsrOptions { confidence: pair(), multiplier: 10_000.0 };
    let table = dsr(
        Field::new("count", &x),
        Field::new("pop", &n),
        Field::new("esp2013", &w),
        Some(&groups),
        Events::Independent,
        &options,
    )
    .expect("valid");
    let names = ["total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"];
    check(&table, &expected[..3], &names, TIGHT, "dsr");
    assert_eq!(table.names()[..3], ["total_count", "total_pop", "value"]);

    // The package's own sheet, default multiplier (rows 5-7).
    let sheet = read("test_vectors/dsr_expected.csv");
    let table = dsr(
        Field::new("count", &x),
        Field::new("pop", &n),
        Field::new("esp2013", &w),
        Some(&groups),
        Events::Independent,
        &DsrOptions { confidence: pair(), multiplier: 100_000.0 },
    )
    .expect("valid");
    check(&table, &sheet[4..7], &names, 1e-9, "dsr sheet");

    // The 1976 standard population, ungrouped, one level.
    let old = read("test_vectors/dsr_input_1976.csv");
    let (x, n, w) = (column(&old, "count"), column(&old, "pop"), column(&old, "esp1976"));
    let options = DsrOptions { confidence: Confidence::standard(&[0.95]).expect("95"), multiplier: 100_000.0 };
    let table = dsr(
        Field::new("count", &x),
        Field::new("pop", &n),
        Field::new("esp1976", &w),
        None,
        Events::Independent,
        &options,
    )
    .expect("valid");
    let row8 = &sheet[7..8];
    for (ours, theirs) in
        [("total_count", "total_count"), ("value", "value"), ("lowercl", "lower95_0cl"), ("uppercl", "upper95_0cl")]
    {
        assert_column(table.numbers(ours).expect(ours), &column(row8, theirs), 1e-9, "dsr 1976");
    }
}

fn dsr_for_non_independent_events_widens_the_interval_only() {
    let input = read("test_vectors/dsr_input_nonindependent_long.csv");
    let sheet = read("test_vectors/dsr_expected.csv");
    let (groups, _) = groups_of(&input, "area");
    let (bands, _) = groups_of(&input, "ageband");
    let (x, n, w, f) =
        (column(&input, "persons"), column(&input, "pop"), column(&input, "esp2013"), column(&input, "freq"));
    let events = Events::NonIndependent { frequency: Field::new("freq", &f), ageband: &bands };
    let table = dsr(
        Field::new("persons", &x),
        Field::new("pop", &n),
        Field::new("esp2013", &w),
        Some(&groups),
        events,
        &DsrOptions { confidence: pair(), multiplier: 100_000.0 },
    )
    .expect("valid");
    // Stored to 8 decimals.
    check(
        &table,
        &sheet[8..12],
        &["total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"],
        1e-10,
        "non-independent",
    );

    // Different populations within one area and band are refused.
    let mut bad_n = n.clone();
    bad_n[1] += 1.0;
    let err = dsr(
        Field::new("persons", &x),
        Field::new("pop", &bad_n),
        Field::new("esp2013", &w),
        Some(&groups),
        events,
        &DsrOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("same grouping variables and ageband but with different populations"), "{err}");
}

fn dsr_invalid_inputs_raise_the_package_errors() {
    let rows = read("test_vectors/dsr_isr_invalid_inputs.csv");
    let (cases, names) = groups_of(&rows, "case");
    assert_eq!(names.len(), 3);
    for (code, members) in cases.members().iter().enumerate() {
        let subset: Vec<Row> = members.iter().map(|&r| rows[r].clone()).collect();
        let (x, n, w) = (column(&subset, "count"), column(&subset, "pop"), column(&subset, "stdpop"));
        let err = dsr(
            Field::new("count", &x),
            Field::new("pop", &n),
            Field::new("stdpop", &w),
            None,
            Events::Independent,
            &DsrOptions::default(),
        )
        .unwrap_err();
        // Messages may name the function: "... (DSR) / ... (ISR)", "... (calculate_dsr)".
        let message = subset[0].text("expected_error").split(" (").next().unwrap_or_default();
        assert!(matches!(err, Error::Data { .. }));
        assert!(err.to_string().contains(message), "{}: {err} lacks {message:?}", names[code]);
    }
    let err = dsr(
        Field::new("x", &[20.0]),
        Field::new("n", &[f64::NAN]),
        Field::new("w", &[1.0]),
        None,
        Events::Independent,
        &DsrOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("field n cannot have missing values"));
    let options = DsrOptions { multiplier: 0.0, ..DsrOptions::default() };
    let err = dsr(
        Field::new("x", &[20.0]),
        Field::new("n", &[100.0]),
        Field::new("w", &[1.0]),
        None,
        Events::Independent,
        &options,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Argument { .. }));
}

fn indirect_standardisation_matches_every_variant() {
    let input = read("test_vectors/isr_input_multiarea.csv");
    let refdata = read("test_vectors/isr_refdata.csv");
    let expected = read("r_generated/isr.csv");
    let (groups, _) = groups_of(&input, "area");
    let (x, n) = (column(&input, "count"), column(&input, "pop"));
    let (xr_rows, nr_rows) = (column(&input, "refcount"), column(&input, "refpop"));
    let (xr, nr) = (column(&refdata, "refcount"), column(&refdata, "refpop"));
    let block = |args: &str| -> Vec<Row> { expected.iter().filter(|r| r.text("args") == args).cloned().collect() };
    let vectors = Reference::Vectors { x_ref: &xr, n_ref: &nr };
    let fields = Reference::Fields { x_ref: Field::new("refcount", &xr_rows), n_ref: Field::new("refpop", &nr_rows) };
    let mut with_na = xr.clone();
    with_na[3] = f64::NAN;
    with_na[0] += xr[3]; // same total reference count, so only NA handling differs
    for (args, scale) in [
        ("multiplier=100000", IsrScale::Rate { multiplier: 100_000.0 }),
        ("multiplier=1000", IsrScale::Rate { multiplier: 1000.0 }),
        ("refvalue=1", IsrScale::Ratio { refvalue: 1.0 }),
        ("refvalue=100", IsrScale::Ratio { refvalue: 100.0 }),
    ] {
        let rows = block(args);
        let options = IsrOptions { confidence: pair(), scale };
        for reference in [vectors, fields] {
            let table = isr(Field::new("count", &x), Field::new("pop", &n), reference, Some(&groups), None, &options)
                .expect("valid");
            let mut names = vec!["observed", "expected", "value"];
            names.extend(LIMITS);
            if matches!(scale, IsrScale::Rate { .. }) {
                names.push("ref_rate");
            }
            check(&table, &rows, &names, TIGHT, args);
        }
    }
    // observed_totals replaces the summed counts.
    let totals = column(&read("test_vectors/isr_observed_totals.csv"), "total_count");
    let options = IsrOptions { confidence: pair(), scale: IsrScale::Rate { multiplier: 100_000.0 } };
    let table = isr(
        Field::new("count", &vec![0.0; x.len()]),
        Field::new("pop", &n),
        vectors,
        Some(&groups),
        Some(&totals),
        &options,
    )
    .expect("valid");
    check(&table, &block("multiplier=100000; observed_totals"), &["observed", "value"], TIGHT, "observed_totals");

    // A zero population band is allowed.
    let zero = read("test_vectors/isr_input_zero_pop.csv");
    let (zgroups, _) = groups_of(&zero, "area");
    let (zx, zn) = (column(&zero, "count"), column(&zero, "pop"));
    let one = Confidence::standard(&[0.95]).expect("95");
    for (args, scale) in [
        ("multiplier=100000; zero pop input", IsrScale::Rate { multiplier: 100_000.0 }),
        ("refvalue=100; zero pop input", IsrScale::Ratio { refvalue: 100.0 }),
    ] {
        let options = IsrOptions { confidence: one.clone(), scale };
        let table = isr(Field::new("count", &zx), Field::new("pop", &zn), vectors, Some(&zgroups), None, &options)
            .expect("valid");
        check(&table, &block(args), &["observed", "expected", "value", "lowercl", "uppercl"], TIGHT, args);
    }

    // Negative counts, and groups of unequal size against reference vectors, are refused.
    let err = isr(
        Field::new("count", &[-1.0]),
        Field::new("pop", &[1.0]),
        Reference::Vectors { x_ref: &[1.0], n_ref: &[1.0] },
        None,
        None,
        &options_ratio(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("numerators must all be greater than or equal to zero"));
    let (uneven, _) = Groups::from_keys(&["a", "a", "b"]);
    let err = isr(
        Field::new("count", &[1.0; 3]),
        Field::new("pop", &[1.0; 3]),
        Reference::Vectors { x_ref: &[1.0, 1.0], n_ref: &[1.0, 1.0] },
        Some(&uneven),
        None,
        &options_ratio(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("data must contain the same number of rows for each group"));
}

fn options_ratio() -> IsrOptions {
    IsrOptions { confidence: Confidence::standard(&[0.95]).expect("95"), scale: IsrScale::Ratio { refvalue: 1.0 } }
}

fn quantiles_match_the_package_for_every_grouping() {
    let rows = read("r_generated/quantiles.csv");
    for (case, nquantiles, keys) in
        [("IndSexReg", 10, &["IndSexRef", "ParentCode"][..]), ("IndSex", 7, &["IndSexRef"]), ("None", 4, &[])]
    {
        let subset: Vec<Row> = rows.iter().filter(|r| r.text("case") == case).cloned().collect();
        let values = column(&subset, "Value");
        let keys: Vec<Vec<String>> =
            subset.iter().map(|r| keys.iter().map(|k| r.text(k).to_owned()).collect()).collect();
        let (groups, _) = Groups::from_keys(&keys);
        let polarity: Vec<bool> = subset.iter().map(|r| r.text("Polarity") == "TRUE").collect();
        let invert = if case == "None" { Invert::All(true) } else { Invert::PerRow(&polarity) };
        let table = quantile(Field::new("Value", &values), Some(&groups), nquantiles, invert).expect("valid");
        assert_column(table.numbers("quantile").expect("quantile"), &column(&subset, "quantile"), 0.0, case);
        for (i, row) in subset.iter().enumerate() {
            assert_eq!(table.text_at("qinverted", i), Some(row.text("qinverted")), "{case} row {i}");
        }
    }
    // Polarity that varies within a group is refused (the BadPolarity rows).
    let sheet = read("test_vectors/quantiles_testdata.csv");
    let bad: Vec<Row> = sheet.iter().filter(|r| r.text("Test") == "BadPolarity").cloned().collect();
    let values = column(&bad, "Value");
    let flags: Vec<bool> = bad.iter().map(|r| r.text("Polarity") == "TRUE").collect();
    let keys: Vec<&str> = bad.iter().map(|r| r.text("IndSexRef")).collect();
    let (groups, _) = Groups::from_keys(&keys);
    let err = quantile(Field::new("Value", &values), Some(&groups), 7, Invert::PerRow(&flags)).unwrap_err();
    assert!(
        err.to_string().contains("invert field values must take the same logical value for each data grouping set")
    );
    // Too few values for the quantiles: missing, with the package's warning.
    let table = quantile(Field::new("v", &[1.0, 2.0, f64::NAN]), None, 10, Invert::All(true)).expect("valid");
    assert!(table.numbers("quantile").expect("q").iter().all(|q| q.is_nan()));
    assert_eq!(
        table.warnings,
        ["One or more groups had too few small areas with values to allow quantiles to be assigned"]
    );
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => dsr_matches_the_package_and_suppresses_small_counts, dsr_for_non_independent_events_widens_the_interval_only, dsr_invalid_inputs_raise_the_package_errors, indirect_standardisation_matches_every_variant, quantiles_match_the_package_for_every_grouping;
    }
}

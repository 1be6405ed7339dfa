//! The package's own expected values (from its test sheets, partly computed in Excel) for the
//! files whose R-generated twins the other modules check: they must agree as well.

use ics_outcomes::stats::{
    Confidence, DsrOptions, ESP2013, Events, Field, Groups, IsrOptions, IsrScale, ProportionOptions, RateOptions,
    Reference, dsr, isr, mean, proportion, rate,
};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_column, column};
use crate::shared::register;

/// The sheets were computed partly in Excel, which agrees with R to about 1e-14.
const SHEET: f64 = 1e-9;

fn pair() -> Confidence {
    Confidence::standard(&[0.95, 0.998]).expect("pair")
}

fn keys(rows: &[Row], column: &str) -> Groups {
    let keys: Vec<&str> = rows.iter().map(|r| r.text(column)).collect();
    Groups::from_keys(&keys).0
}

/// The sheet's rows in our group order (sorted keys); the sheets list them in their own order.
fn in_key_order(sheet: &[Row], input: &[Row], column: &str) -> Vec<Row> {
    let keys: Vec<&str> = input.iter().map(|r| r.text(column)).collect();
    let (_, distinct) = Groups::from_keys(&keys);
    distinct.iter().map(|k| sheet.iter().find(|r| r.text(column) == *k).expect("sheet row").clone()).collect()
}

fn grouped_proportion_and_rate_sheets() {
    let input = read("test_vectors/proportion.csv");
    let groups = keys(&input, "Area");
    let (x, n) = (column(&input, "Numerator"), column(&input, "Denominator"));
    let expected = in_key_order(&read("test_vectors/proportion_grouped_expected.csv"), &input, "Area");
    let table = proportion(Field::new("x", &x), Field::new("n", &n), Some(&groups), &ProportionOptions::default())
        .expect("valid");
    for name in ["value", "lowercl", "uppercl"] {
        assert_column(table.numbers(name).expect(name), &column(&expected, name), SHEET, name);
    }

    let input = read("test_vectors/rate.csv");
    let groups = keys(&input, "Area");
    let (x, n) = (column(&input, "Numerator"), column(&input, "Denominator"));
    let expected = in_key_order(&read("test_vectors/rate_grouped_expected.csv"), &input, "Area");
    let table = rate(Field::new("x", &x), Field::new("n", &n), Some(&groups), &RateOptions::default()).expect("valid");
    for name in ["value", "lowercl", "uppercl"] {
        assert_column(table.numbers(name).expect(name), &column(&expected, name), SHEET, name);
    }
    for (i, row) in expected.iter().enumerate() {
        let method = row.text("method");
        assert_eq!(table.text_at("method", i), (!method.is_empty()).then_some(method));
    }
}

fn mean_sheet() {
    let input = read("test_vectors/mean_input.csv");
    let expected = read("test_vectors/mean_expected.csv");
    let values = column(&input, "values");
    let grouped = mean(Field::new("values", &values), Some(&keys(&input, "area")), &pair()).expect("valid");
    let all = mean(Field::new("values", &values), None, &pair()).expect("valid");
    for name in
        ["value_sum", "value_count", "stdev", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
    {
        let mut actual = grouped.numbers(name).expect(name).to_vec();
        actual.extend_from_slice(all.numbers(name).expect(name));
        assert_column(&actual, &column(&expected, name), SHEET, name);
    }
}

fn isr_sheet() {
    let input = read("test_vectors/isr_input_multiarea.csv");
    let zero = read("test_vectors/isr_input_zero_pop.csv");
    let refdata = read("test_vectors/isr_refdata.csv");
    let (xr, nr) = (column(&refdata, "refcount"), column(&refdata, "refpop"));
    let expected = read("test_vectors/isr_expected.csv");
    assert_eq!(expected.len(), 16);
    let cases: [(&[Row], std::ops::Range<usize>, IsrScale, bool); 6] = [
        (&input, 0..3, IsrScale::Rate { multiplier: 100_000.0 }, true),
        (&input, 3..6, IsrScale::Rate { multiplier: 1000.0 }, true),
        (&input, 6..9, IsrScale::Ratio { refvalue: 1.0 }, true),
        (&input, 9..12, IsrScale::Ratio { refvalue: 100.0 }, true),
        (&zero, 12..14, IsrScale::Rate { multiplier: 100_000.0 }, false),
        (&zero, 14..16, IsrScale::Ratio { refvalue: 100.0 }, false),
    ];
    for (data, range, scale, two_levels) in cases {
        let rows = &expected[range.clone()];
        let confidence = if two_levels { pair() } else { Confidence::standard(&[0.95]).expect("95") };
        let options = IsrOptions { confidence, scale };
        let (x, n) = (column(data, "count"), column(data, "pop"));
        let reference = Reference::Vectors { x_ref: &xr, n_ref: &nr };
        let table =
            isr(Field::new("count", &x), Field::new("pop", &n), reference, Some(&keys(data, "area")), None, &options)
                .expect("valid");
        // Single-level results sit in the sheet's 95% columns.
        let names: &[(&str, &str)] = if two_levels {
            &[
                ("value", "value"),
                ("lower95_0cl", "lower95_0cl"),
                ("upper95_0cl", "upper95_0cl"),
                ("lower99_8cl", "lower99_8cl"),
                ("upper99_8cl", "upper99_8cl"),
            ]
        } else {
            &[("value", "value"), ("lowercl", "lower95_0cl"), ("uppercl", "upper95_0cl")]
        };
        for (ours, theirs) in names {
            assert_column(
                table.numbers(ours).expect(ours),
                &column(rows, theirs),
                SHEET,
                &format!("rows {range:?} {ours}"),
            );
        }
    }
}

fn non_independent_dsr_from_the_wide_sheet() {
    // The sheet gives, per area and band, the people with 1, 2, 3 and 4 events; laid out long
    // (one row per frequency) it is the package's test input, with ESP 2013 by band position.
    let wide = read("test_vectors/dsr_input_nonindependent_wide.csv");
    let (mut area, mut band, mut persons, mut pop, mut weight, mut freq) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for (i, row) in wide.iter().enumerate() {
        for f in 1..=4 {
            area.push(row.text("area").to_owned());
            band.push(row.text("ageband").to_owned());
            persons.push(row.num(&format!("f{f}")));
            pop.push(row.num("pop"));
            weight.push(ESP2013[i % ESP2013.len()]);
            freq.push(f64::from(f));
        }
    }
    let (groups, areas) = Groups::from_keys(&area);
    let (bands, _) = Groups::from_keys(&band);
    let events = Events::NonIndependent { frequency: Field::new("freq", &freq), ageband: &bands };
    let table = dsr(
        Field::new("persons", &persons),
        Field::new("pop", &pop),
        Field::new("esp2013", &weight),
        Some(&groups),
        events,
        &DsrOptions { confidence: pair(), multiplier: 100_000.0 },
    )
    .expect("valid");
    let expected = read("test_vectors/dsr_expected.csv");
    let rows: Vec<Row> =
        areas.iter().map(|a| expected.iter().find(|r| r.text("area") == a).expect("area").clone()).collect();
    for name in ["total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"] {
        assert_column(table.numbers(name).expect(name), &column(&rows, name), 1e-10, name);
    }
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => grouped_proportion_and_rate_sheets, mean_sheet, isr_sheet, non_independent_dsr_from_the_wide_sheet;
    }
}

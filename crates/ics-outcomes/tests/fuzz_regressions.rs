//! Inputs worth keeping from fuzzing and review, replayed through the fuzz targets' own
//! checks (`fuzz/fuzz_targets/checks.rs`): a crash the fuzzer finds is added here.

use ics_outcomes::files::Format;

#[path = "../../../fuzz/fuzz_targets/checks.rs"]
mod checks;

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn framework_inputs() {
    let toml = [
        format!("kind = \"national\"\nx = {}\n", nested("[", "]", 100_000)),
        format!("kind = \"national\"\nx = {}\n", nested("{a = ", "}", 50_000)),
        format!("kind = \"national\"\n{} = 1\n", vec!["a"; 100_000].join(".")),
        format!("kind = \"national\"\n[{}]\n", vec!["a"; 100_000].join(".")),
        "kind = \"national\"\nname = \"\"\"x\"\"\"\"\nid = \"[[[[\"\n".to_owned(),
        "kind = \"local\"\narea = \"\\u0000\"\n".to_owned(),
        "\u{feff}kind = \"national\"".to_owned(),
    ];
    for text in &toml {
        checks::framework(text.as_bytes(), Format::Toml);
    }
    let json = [
        format!("{{\"kind\": \"national\", \"x\": {}}}", nested("[", "]", 200_000)),
        "{\"kind\": \"national\", \"id\": 1e400}".to_owned(),
        "{\"kind\": \"local\", \"priorities\": [{}]}".to_owned(),
    ];
    for text in &json {
        checks::framework(text.as_bytes(), Format::Json);
    }
    checks::framework(&[0xff, 0xfe, b'{'], Format::Json);
}

#[test]
fn maturity_model_inputs() {
    checks::maturity_model(format!("name = \"m\"\nx = {}\n", nested("[", "]", 100_000)).as_bytes());
    checks::maturity_model(ics_outcomes::maturity::HEWITT_TOML.replace("levels", "level").as_bytes());
}

#[test]
fn observation_csv_inputs() {
    let header = "area_code,metric_id,period,value\n";
    let inputs = [
        format!("{header}QOP,ae_4h,2025/26 Q1,{}\n", "9".repeat(5_000_000)),
        format!("{header}\"{}\",ae_4h,2025/26 Q1,1\n", "Q\n".repeat(1_000_000)),
        format!("# label\n# another\n{header}QOP,ae_4h,2025/26 Q1,71.5\n"),
        format!("#\n{header}QOP,ae_4h,2025/26 Q1,1e-30\n"),
        format!("{header}QOP,ae_4h,2025/26 Q1,79228162514264337593543950335\n"),
        format!("{header}QOP,ae_4h,2025/26 Q1,\n"),
        "area_code\n\"".to_owned(),
    ];
    for text in &inputs {
        checks::observations_csv(text.as_bytes());
    }
}

#[test]
fn period_text_inputs() {
    for text in ["Août 2025", "août-25", "Junk 2025", "9999/00", "9999-12", "Dec-99", "0001-01"] {
        checks::period_text(text.as_bytes());
    }
    let header = "area_code,metric_id,period,value\n";
    checks::observations_csv(format!("{header}QOP,ae_4h,Août 2025,5\n").as_bytes());
}

#[test]
fn decimal_and_scoring_inputs() {
    // Non-ASCII digits and signs, separators, exponents at the edges: refused or exact.
    for text in ["٧٨", "７８", "−5", "7_8", "1e400", "1e-400", "1e28", "-0", "+.5e-3"] {
        checks::decimal_text(text.as_bytes());
    }
    checks::decimal_text(format!("0.{}", "9".repeat(40)).as_bytes());
    // The findings' observations: huge values on a relative target, a value its counts
    // contradict, a stray later period, an England row; each scored under every policy.
    let header = "area_code,metric_id,period,value,numerator,denominator\n";
    for rows in [
        "QOP,ld_inpatients,2025/26 Q4,99999999999999,,\nQOP,ld_inpatients,2024/25 Q4,1,,\n",
        "QOP,ae_4h,2025/26 Q4,99.0,164119,214348\n",
        "QOP,ae_4h,2025/26 Q4,77.0,,\nQRL,ae_4h,2026-04,80.0,,\n",
        "E92000001,ae_4h,2025/26 Q4,1,1,100\nQOP,ae_4h,2025/26 Q4,77.0,77,100\n",
        "QOP,ae_4h,2025/26 Q4,,5,7\nQOP,ae_4h,2025/26 Q3,71.4,,\n",
    ] {
        checks::scoring(format!("{header}{rows}").as_bytes());
    }
    checks::scoring(ics_outcomes::defaults::Edition::Plan2025_26.observations_csv().as_bytes());
}

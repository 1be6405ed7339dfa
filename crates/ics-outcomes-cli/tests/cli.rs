//! The `ics-outcomes` binary, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

use rust_decimal::Decimal;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ics-outcomes")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader.records().map(Result::unwrap).collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ics-outcomes-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn version_names_the_embedded_data_and_its_vintage() {
    let long = stdout(&run(&["--version"]));
    assert_eq!(long.trim_end(), format!("ics-outcomes {}", ics_outcomes::version_line()));
    assert!(long.contains("2026/27 edition: ICBs of 2026-04") && long.contains("synthetic"), "{long}");
    let short = stdout(&run(&["-V"]));
    assert_eq!(short.trim_end(), format!("ics-outcomes {}", ics_outcomes::VERSION));
}

#[test]
fn score_prints_the_36_icbs_of_2026_27_ranked_and_labelled_synthetic() {
    let output = run(&["score"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("*** SYNTHETIC DATA"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("ics-national-2026-27 2026/27.1 | period 2026/27 Q4"), "{text}");
    let rows: Vec<&str> = text.lines().skip(3).collect();
    assert_eq!(rows.len(), 36);
    assert!(rows[0].starts_with("1 "), "{}", rows[0]);
    assert!(text.contains("West and North London") && !text.contains("Frimley"), "{text}");

    // A 2025/26 period scores the 42 ICBs of the time against the 2025/26 framework.
    let before = stdout(&run(&["score", "--period", "2025/26 Q4"]));
    assert!(before.lines().nth(1).unwrap().starts_with("ics-national-2025-26 2025/26.1"), "{before}");
    assert_eq!(before.lines().skip(3).count(), 42);
    assert!(before.contains("Frimley"));
    assert_eq!(stdout(&run(&["score", "--edition", "2025/26"])), before);
    // Scoring today's framework on the 2023 geography names where the missing ICBs went.
    let refused = run(&["score", "--vintage", "2023-04"]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("S1Y5D (Central East) was created in 2026-04, after 2023-04"), "{message}");

    let output = run(&["score", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("SYNTHETIC"));
    let rows = csv_rows(&stdout(&output));
    assert_eq!(rows.len(), 36);
    let header = csv::Reader::from_reader(stdout(&output).as_bytes()).headers().unwrap().clone();
    for column in ["rank", "code", "name", "overall", "national", "local", "targets_met"] {
        assert!(header.iter().any(|h| h == column), "{column}");
    }
}

#[test]
fn explain_adds_up_exactly_to_the_overall_score() {
    let scores = csv_rows(&stdout(&run(&["score", "--format", "csv"])));
    for code in ["QOP", "E54000038", "QKS"] {
        let row = scores.iter().find(|r| &r[1] == code || &r[2] == code).unwrap();
        let overall: Decimal = row[4].parse().unwrap();
        let output = run(&["explain", code, "--format", "csv"]);
        assert!(output.status.success());
        let text = stdout(&output);
        let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
        let column = header.iter().position(|h| h == "contribution").unwrap();
        let sum: Decimal = csv_rows(&text).iter().map(|r| r[column].parse::<Decimal>().unwrap()).sum();
        assert_eq!(sum, overall, "{code}");
        let spc = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (variation, assurance) = (spc("variation"), spc("assurance"));
        for r in csv_rows(&text) {
            let icons = ["common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low"];
            assert!(icons.contains(&&r[variation]), "{r:?}");
            assert!(["consistent_pass", "consistent_fail", "inconsistent", ""].contains(&&r[assurance]), "{r:?}");
        }
    }
    let plain = stdout(&run(&["explain", "QOP", "--no-spc", "--format", "csv"]));
    let header = csv::Reader::from_reader(plain.as_bytes()).headers().unwrap().clone();
    let position = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (variation, assurance) = (position("variation"), position("assurance"));
    assert!(csv_rows(&plain).iter().all(|r| r[variation].is_empty() && r[assurance].is_empty()), "--no-spc");
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["explain", "QOP", "--format", "json"]))).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 18);
    assert!(json["data_label"].as_str().unwrap().contains("SYNTHETIC"));
}

#[test]
fn explain_an_unknown_ics_fails_clearly() {
    let output = run(&["explain", "QZZ"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"QZZ\" not found"));
}

#[test]
fn validate_refuses_eleven_national_priorities_naming_11_and_10() {
    let dir = temp_dir("eleven");
    let mut text = String::from(
        "kind = \"national\"\nid = \"x\"\nname = \"x\"\nversion = \"1\"\n[[metrics]]\nid = \"m\"\nname = \"m\"\nunit = \"percentage\"\npolarity = \"higher_is_better\"\ndecimals = 1\n",
    );
    for i in 0..11 {
        text.push_str(&format!(
            "[[priorities]]\nid = \"p{i}\"\ntitle = \"p\"\n[[priorities.targets]]\nid = \"t{i}\"\nmetric = \"m\"\ntype = \"threshold\"\nvalue = \"1\"\n"
        ));
    }
    let file = dir.join("eleven.toml");
    std::fs::write(&file, text).unwrap();
    let output = run(&["validate", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("11 national priorities given; the limit is 10"), "{message}");
    assert!(message.contains("eleven.toml"), "{message}");
    assert!(message.starts_with("error (ValidationError): "), "{message}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["validate", file.to_str().unwrap(), "--format", "json"]))).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["issues"][0]["path"], "priorities");
    assert_eq!(json["issues"][0]["value"], "11");
    assert_eq!(
        (&json["class"], &json["issues"][0]["kind"]),
        (&"ValidationError".into(), &"too_many_national_priorities".into())
    );
    // A data error names its data, in the same shape.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "area_code,metric_id,period,value\nQNQ,ae_4h,2026/27 Q1,1\n").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["validate", bad.to_str().unwrap(), "--format", "json"]))).unwrap();
    assert_eq!((&json["class"], &json["data"]), (&"DataError".into(), &"observations".into()));
    assert_eq!(
        (&json["issues"][0]["kind"], &json["issues"][0]["path"]),
        (&"other_vintage".into(), &"row 1.area_code".into())
    );
}

#[test]
fn defaults_writes_editable_files_that_score_and_validate() {
    let dir = temp_dir("defaults");
    assert!(run(&["defaults", dir.to_str().unwrap()]).status.success());
    for file in ["national.toml", "observations.csv", "framework.schema.json", "local/QOP.toml"] {
        let path = dir.join(file);
        assert!(path.exists(), "{file}");
        if !file.ends_with(".json") {
            assert!(run(&["validate", path.to_str().unwrap()]).status.success(), "{file}");
        }
    }
    let embedded = stdout(&run(&["score", "--format", "csv"]));
    let from_files = stdout(&run(&["score", "--format", "csv", "--dir", dir.to_str().unwrap()]));
    assert_eq!(embedded, from_files);

    // An edit shows: raise Greater Manchester's smoking threshold so it is met.
    let local = dir.join("local/QOP.toml");
    let text = std::fs::read_to_string(&local).unwrap().replace("value = \"10.0\"", "value = \"99.0\"");
    std::fs::write(&local, text).unwrap();
    let edited = stdout(&run(&["explain", "QOP", "--format", "csv", "--dir", dir.to_str().unwrap()]));
    let smoking = csv_rows(&edited).into_iter().find(|r| &r[2] == "gm_smoking_10pct").unwrap();
    assert_eq!(&smoking[8], "met");
}

#[test]
fn options_change_the_result_and_bad_options_are_refused() {
    let per_target = stdout(&run(&["explain", "QOP", "--format", "csv", "--weighting", "equal-per-target"]));
    assert!(csv_rows(&per_target).iter().all(|r| &r[11] == "1/18"));
    let early = stdout(&run(&["score", "--format", "json", "--period", "2024/25 Q1"]));
    let json: serde_json::Value = serde_json::from_str(&early).unwrap();
    assert_eq!(json["period"], "2024/25 Q1");
    let output = run(&["score", "--period", "2030/31 Q1"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("the data cover 2024/25 Q1"));
    let output = run(&["score", "--period", "someday"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read \"someday\" as a period"));
}

#[test]
fn schema_is_json_schema() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["schema"]))).unwrap();
    assert_eq!(json["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn oversight_segments_and_ranks_every_ics_beside_its_framework_score() {
    let output = run(&["oversight", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = csv_rows(&stdout(&output));
    assert_eq!(rows.len(), 36);
    assert_eq!(&rows[0][0], "1");
    let segments: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[6]).collect();
    assert_eq!(segments.into_iter().collect::<Vec<_>>(), ["1", "2", "3", "4"]);
    // Every ICS keeps its framework rank beside its oversight rank.
    assert!(rows.iter().all(|r| !r[9].is_empty()));
    let json = stdout(&run(&["oversight", "--format", "json"]));
    assert!(json.contains("\"cut_points\""), "{json}");
}

#[test]
fn prevention_prints_every_ics_share_and_trajectory() {
    let output = run(&["prevention", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
    assert_eq!(&header[1], "year");
    assert_eq!(&header[8], "status");
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 36);
    assert!(rows.iter().all(|r| &r[1] == "2026/27" && ["on track", "off track"].contains(&&r[8])));
    let all = csv_rows(&stdout(&run(&["prevention", "--all-years", "--basis", "per-year", "--format", "csv"])));
    assert_eq!(all.len(), 36 * 3);
    assert!(all.iter().any(|r| &r[8] == "baseline") && all.iter().any(|r| &r[8] == "before baseline"));
    assert!(!run(&["prevention", "--baseline", "2025"]).status.success());
}

#[test]
fn maturity_prints_every_ics_level_weakest_dimension_and_autonomy() {
    let output = run(&["maturity", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    let header: Vec<&str> = text.lines().next().unwrap_or_default().split(',').collect();
    assert_eq!(
        header,
        [
            "code",
            "level",
            "score",
            "weakest_dimension",
            "weakest_level",
            "limited",
            "change",
            "eligible",
            "not_met",
            "unscored",
            "reason"
        ],
        "the core's maturity_levels table"
    );
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 42);
    let levels = ["emerging", "developing", "maturing", "thriving"];
    for r in &rows {
        assert!(levels.contains(&&r[1]) && levels.contains(&&r[4]) && !r[3].is_empty(), "{r:?}");
        assert!(["true", "false"].contains(&&r[7]));
        assert_eq!(&r[7] == "true", r[8].is_empty(), "a failed condition is named: {r:?}");
        assert!(["1", "0", "-1", "2", "-2"].contains(&&r[6]), "{r:?}");
    }
    let table = stdout(&run(&["maturity"]));
    assert!(table.starts_with("*** SYNTHETIC DATA"), "{table}");
    assert!(table.contains("earned autonomy: ") && table.contains("levels: emerging "), "{table}");

    let area = stdout(&run(&["maturity", "--area", "QRL"]));
    assert!(area.contains("Hampshire and Isle of Wight (E54000042, QRL)"), "{area}");
    assert!(area.contains("judged targets met") && area.contains("self-assessment against peer review"), "{area}");

    let digital = csv_rows(&stdout(&run(&["maturity", "--model", "digital", "--format", "csv"])));
    assert_eq!(digital.len(), 42);

    let dir = temp_dir("maturity");
    let file = dir.join("assessments.csv");
    std::fs::write(&file, "area,criterion,source,score\nE54000054,well_led_strategy,self_assessment,7\n").unwrap();
    let refused = run(&["maturity", "--model", "digital", "--assessments", file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("assessments[0].score") && message.contains("off the scale 1 to 5"), "{message}");
}

#[test]
fn score_with_uncertainty_gives_each_rank_a_90_percent_interval() {
    let output = run(&["score", "--uncertainty", "200", "--seed", "3", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
    assert_eq!(&header.iter().take(4).collect::<Vec<_>>(), &["rank", "rank_median", "rank_q5", "rank_q95"]);
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 36);
    for r in &rows {
        let (q5, median, q95): (f64, f64, f64) = (r[2].parse().unwrap(), r[1].parse().unwrap(), r[3].parse().unwrap());
        assert!((1.0..=36.0).contains(&q5) && q5 <= median && median <= q95 && q95 <= 36.0, "{r:?}");
    }
    assert_eq!(text, stdout(&run(&["score", "--uncertainty", "200", "--seed", "3", "--format", "csv"])));
    assert!(!run(&["score", "--uncertainty", "0"]).status.success());
}

#[test]
fn explain_suppress_hides_the_values_of_small_numerators() {
    let dir = temp_dir("suppress");
    assert!(run(&["defaults", dir.to_str().unwrap()]).status.success());
    let path = dir.join("observations.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Greater Manchester's first ratio observation in the latest quarter gets 3 events.
    let mut metric = String::new();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            if metric.is_empty() && f.len() == 6 && f[0] == "E54000057" && f[2] == "2026/27 Q4" && !f[4].is_empty() {
                metric = f[1].to_owned();
                return format!("{},{},{},,3,{}", f[0], f[1], f[2], f[5]);
            }
            line.to_owned()
        })
        .collect();
    assert!(!metric.is_empty());
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", "QOP", "--dir", dir.to_str().unwrap(), "--format", "csv"];
        args.extend_from_slice(extra);
        run(&args)
    };
    let row_of = |output: &Output| {
        let text = stdout(output);
        let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let row = csv_rows(&text).into_iter().find(|r| r[at("metric")] == *metric).unwrap();
        (row[at("observed")].to_owned(), row[at("note")].to_owned())
    };
    let (observed, _) = row_of(&explain(&[]));
    assert!(!observed.is_empty(), "without --suppress the value is shown");
    let output = explain(&["--suppress", "7", "--round-to", "5"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (observed, note) = row_of(&output);
    assert_eq!(observed, "");
    assert!(note.contains("suppressed: numerator of 1 to 7"), "{note}");
    let output = explain(&["--suppress", "9"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("suppress = 9"));
    // Rounding is part of disclosure control, never applied (or dropped) without it (clap).
    let output = explain(&["--round-to", "5"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--suppress"));
}

#[test]
fn defaults_never_overwrite_edits_silently_and_speak_json() {
    // Finding D23: an edited national.toml was overwritten without warning, and
    // `--format json defaults` printed plain text.
    let dir = temp_dir("defaults-edits");
    let path = dir.to_str().unwrap();
    let first = run(&["--format", "json", "defaults", path]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(json["synthetic"], true);
    assert!(json["written"].as_array().unwrap().len() > 3);
    // Writing the same files again is harmless.
    assert!(run(&["defaults", path]).status.success());
    let national = dir.join("national.toml");
    let edited = std::fs::read_to_string(&national).unwrap() + "# MY EDITS\n";
    std::fs::write(&national, &edited).unwrap();
    let refused = run(&["defaults", path]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("national.toml") && message.contains("--force"), "{message}");
    assert_eq!(std::fs::read_to_string(&national).unwrap(), edited, "the edit is kept");
    assert!(run(&["defaults", path, "--force"]).status.success());
    assert!(!std::fs::read_to_string(&national).unwrap().contains("MY EDITS"));
}

#[test]
fn explain_suppress_withholds_a_partial_score_that_gives_the_value_back() {
    // Finding D2: `score 0.57` with `baseline 60` and `required 80` gave back 5 of 7.
    let dir = temp_dir("suppress-partial");
    assert!(run(&["defaults", dir.to_str().unwrap()]).status.success());
    let path = dir.join("observations.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("E54000032,km_mh_crisis_24h,2026/27 Q4,") {
                "E54000032,km_mh_crisis_24h,2026/27 Q4,,5,7".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let output = run(&["explain", "QKS", "--dir", dir.to_str().unwrap(), "--suppress", "7", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = csv_rows(&text).into_iter().find(|r| r[at("target")] == *"km_crisis_80pct").unwrap();
    for field in ["observed", "published", "score", "contribution", "variation"] {
        assert_eq!(&row[at(field)], "", "{field}");
    }
    let note = &row[at("note")];
    assert!(note.contains("partial score withheld"), "{note}");
}

#[test]
fn geography_lists_each_vintage_and_reproject_carries_counts_onto_it() {
    let output = run(&["geography", "--vintage", "2026-04", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(csv_rows(&stdout(&output)).len(), 36);
    assert!(!run(&["geography", "--vintage", "2025-04"]).status.success());
    let dir = temp_dir("reproject");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "area_code,metric_id,period,value,numerator,denominator\n\
         QRV,ae_4h,2025/26 Q4,,70,100\nE54000028,ae_4h,2025/26 Q4,,80,100\nQNQ,ae_4h,2025/26 Q4,,5,10\n",
    )
    .unwrap();
    let refused = run(&["reproject", input.to_str().unwrap(), "--to", "2026-04"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("E54000034 (Frimley) was split between"), "{message}");
    let shares = dir.join("shares.csv");
    std::fs::write(&shares, "from_code,to_code,share\nQNQ,E54000067,0.2\nQNQ,E54000069,0.5\nQNQ,E54000070,0.3\n")
        .unwrap();
    let output = run(&[
        "reproject",
        input.to_str().unwrap(),
        "--to",
        "2026-04",
        "--apportionment",
        shares.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.starts_with("area_code,metric_id,period,value,numerator,denominator,reprojected_from,method\n"));
    let rows = csv_rows(&text);
    let wnl = rows.iter().find(|r| r[0] == *"E54000071").unwrap();
    assert_eq!(wnl.iter().skip(3).collect::<Vec<_>>(), ["75", "150", "200", "E54000027 + E54000028", "merged"]);
    let surrey = rows.iter().find(|r| r[0] == *"E54000069").unwrap();
    assert_eq!(surrey.iter().skip(4).collect::<Vec<_>>(), ["2.5", "5", "E54000034", "apportioned"]);

    // Frimley rebuilt from small areas through an ONS-shaped lookup, names with commas and all.
    let small = dir.join("small.csv");
    std::fs::write(
        &small,
        "area_code,metric_id,period,value,numerator,denominator\n\
         E01000001,ae_4h,2025/26 Q4,,3,6\nE01000002,ae_4h,2025/26 Q4,,2,4\n",
    )
    .unwrap();
    let lookup = dir.join("lookup.csv");
    std::fs::write(
        &lookup,
        "LSOA21CD,LSOA21NM,ICB26CD\nE01000001,\"Surrey Heath, 001A\",E54000069\nE01000002,Bracknell 001A,E54000070\n",
    )
    .unwrap();
    let args = ["reproject", small.to_str().unwrap(), "--to", "2026-04", "--format", "csv"];
    let output = run(&[&args[..], &["--lookup", lookup.to_str().unwrap()]].concat());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = csv_rows(&stdout(&output));
    let methods: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[4], &r[7])).collect();
    assert_eq!(methods, [("E54000069", "3", "rolled_up"), ("E54000070", "2", "rolled_up")]);
    let refused = run(&args);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("E01000001"), "small areas without a lookup are named");
    // Read in 2022-07, the 2023 code of Surrey Heartlands is refused by name.
    let recoded = dir.join("recoded.csv");
    std::fs::write(&recoded, "area_code,metric_id,period,value,numerator,denominator\nE54000063,ae_4h,2022-08,,1,2\n")
        .unwrap();
    let output = run(&["reproject", recoded.to_str().unwrap(), "--to", "2026-04", "--from", "2022-07"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an ICB of the 2022-07 geography"));
}

#[test]
fn the_2025_26_edition_is_written_validated_and_scored_in_its_own_vintage() {
    let dir = temp_dir("edition-2025-26");
    let output = run(&["defaults", dir.to_str().unwrap(), "--edition", "2025/26"]);
    assert!(stdout(&output).contains("--vintage 2023-04"), "{}", stdout(&output));
    let qrv = dir.join("local/QRV.toml");
    let refused = run(&["validate", qrv.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("QRV (North West London) was abolished on 2026-04-01; its area went to E54000071"));
    assert!(run(&["validate", qrv.to_str().unwrap(), "--vintage", "2023-04"]).status.success());
    let scored = stdout(&run(&["score", "--dir", dir.to_str().unwrap(), "--vintage", "2023-04", "--format", "csv"]));
    assert_eq!(csv_rows(&scored).len(), 42);
    assert!(!run(&["score", "--edition", "2024/25"]).status.success());
}

#[test]
fn a_reorganisation_file_adds_the_next_vintage_to_every_command() {
    let dir = temp_dir("reorganisation");
    let wave = dir.join("wave-2027.csv");
    std::fs::write(
        &wave,
        "vintage,from,to,change,to_ods,to_name,to_region\n\
         2027-04,E54000065,E54000080,merger,QZA,East Anglia and Essex,Y61\n\
         2027-04,D7T5G,E54000080,merger,,,\n",
    )
    .unwrap();
    let with = |args: &[&str]| run(&[args, &["--reorganisation", wave.to_str().unwrap()]].concat());
    let output = with(&["geography", "--vintage", "2027-04", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = csv_rows(&stdout(&output));
    assert_eq!(rows.len(), 35);
    assert!(
        rows.iter().any(
            |r| r.iter().collect::<Vec<_>>() == ["E54000080", "QZA", "East Anglia and Essex", "Y61", "2027-04", ""]
        )
    );
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "area_code,metric_id,period,value,numerator,denominator\n\
         S1Y5D,ae_4h,2026/27 Q2,,60,100\nE54000066,ae_4h,2026/27 Q2,,30,50\nQRV,ae_4h,2025/26 Q4,,7,10\n",
    )
    .unwrap();
    let output = with(&["reproject", input.to_str().unwrap(), "--to", "2027-04", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = csv_rows(&stdout(&output));
    let got: Vec<Vec<&str>> = rows.iter().map(|r| vec![&r[0], &r[4], &r[5], &r[6], &r[7]]).collect();
    assert_eq!(
        got,
        [
            vec!["E54000071", "7", "10", "E54000027", "recoded"],
            vec!["E54000080", "90", "150", "E54000065 + E54000066", "merged"]
        ]
    );
    // Without the file 2027-04 is no vintage; the embedded data, keyed by 2026 codes, are
    // refused in 2027-04 naming where the abolished ICBs went.
    assert!(String::from_utf8_lossy(&run(&["geography", "--vintage", "2027-04"]).stderr).contains("2026-04"));
    let refused = with(&["score", "--vintage", "2027-04"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("was abolished on 2027-04-01; its area went to E54000080")
    );
    // A bad file is refused naming the row and field.
    std::fs::write(&wave, "vintage,from,to,change\n2027-04,QOP,QNQ,merger\n").unwrap();
    let refused = with(&["geography"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("successions[0].to"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let schema: serde_json::Value = serde_json::from_str(&stdout(&run(&["schema", "reorganisation"]))).unwrap();
    assert_eq!(schema["title"], "ics-outcomes reorganisation file");
}

#[test]
fn replay_reproduces_a_scorecard_and_names_a_changed_input() {
    let dir = temp_dir("replay");
    let inputs = dir.join("inputs");
    assert!(run(&["defaults", inputs.to_str().unwrap()]).status.success());
    let record = dir.join("run.json");
    for extra in [&[][..], &["--uncertainty", "40", "--seed", "5"][..]] {
        let mut args = vec!["score", "--dir", inputs.to_str().unwrap(), "--format", "json"];
        args.extend(extra);
        let output = run(&args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        std::fs::write(&record, &output.stdout).unwrap();
        let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(document["run"]["table"], document["table"]);
        // The record is the core's, as in Python: its options under `score`.
        assert_eq!(document["run"]["settings"]["score"]["weighting"], "equal_per_priority");
        assert_eq!(document["run"]["seed"], if extra.is_empty() { serde_json::json!(null) } else { 5.into() });
        let replayed = run(&["replay", record.to_str().unwrap()]);
        assert!(replayed.status.success(), "{}", String::from_utf8_lossy(&replayed.stderr));
        assert!(stdout(&replayed).contains(document["run"]["result"].as_str().unwrap()), "{}", stdout(&replayed));
    }
    // One value changed, still consistent with its counts: the replay names the input.
    let data = inputs.join("observations.csv");
    let text = std::fs::read_to_string(&data).unwrap();
    let changed = text.replacen(",72.0180,209463,290848", ",72.0181,209463,290848", 1);
    assert_ne!(changed, text);
    std::fs::write(&data, changed).unwrap();
    let refused = run(&["replay", record.to_str().unwrap(), "--format", "json"]);
    assert!(!refused.status.success());
    let error: serde_json::Value = serde_json::from_str(&stdout(&refused)).unwrap();
    assert_eq!(error["class"], "DataError");
    assert_eq!(error["data"], "run_record");
    assert_eq!(error["issues"][0]["path"], "inputs.observations");
}

#[test]
fn chart_draws_any_kind_from_a_csv_and_names_what_is_wrong() {
    let dir = temp_dir("chart");
    let file = dir.join("readmissions.csv");
    // Two trusts' monthly readmissions, 2024-01 to 2025-12; RYY's rise after 16 months.
    let mut csv = String::from("trust,month,readmitted,discharged\n");
    for (trust, rises) in [("RXX", false), ("RYY", true)] {
        for m in 0..24 {
            let readmitted = if rises && m >= 16 { 90 } else { 40 + (m * 7) % 11 };
            let month = format!("{}-{:02}", 2024 + m / 12, m % 12 + 1);
            csv.push_str(&format!("{trust},{month},{readmitted},{}\n", 400 + 10 * (m % 4)));
        }
    }
    std::fs::write(&file, csv).unwrap();
    let path = file.to_str().unwrap();
    let args = [
        "--format",
        "csv",
        "chart",
        path,
        "--chart",
        "p_prime",
        "--value",
        "readmitted",
        "--denominator",
        "discharged",
        "--date",
        "month",
        "--group-by",
        "trust",
        "--improvement",
        "decrease",
    ];
    let points = run(&args);
    assert!(points.status.success(), "{}", String::from_utf8_lossy(&points.stderr));
    let rows = csv_rows(&stdout(&points));
    assert_eq!(rows.len(), 48);
    let summary = run(&[&args[..], &["--summary"]].concat());
    let text = stdout(&summary);
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 2, "{text}");
    assert!(text.contains("RYY") && text.contains("p_prime") && text.contains("concern_high"), "{text}");
    // Neither a missing column nor a chart needing a denominator passes silently.
    let missing = run(&["chart", path, "--value", "nope", "--date", "month"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope"));
    let no_denominator =
        run(&["chart", path, "--chart", "p", "--value", "readmitted", "--date", "month", "--group-by", "trust"]);
    assert!(String::from_utf8_lossy(&no_denominator.stderr).contains("needs a denominator"));
}

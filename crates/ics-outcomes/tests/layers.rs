//! The crate's layers, read from its source: building blocks depend on nothing above them,
//! and the statistical methods depend only on building blocks and on each other; none reaches
//! for scoring, frameworks or the demo data. Above them the model (frameworks, geography,
//! observations), scoring, the bridges that join a method to a scorecard, and the demo data
//! follow one another, and no module of the crate is in a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules every layer may use, which use only each other.
const FOUNDATION: &[&str] = &[
    "capacity",
    "error",
    "files",
    "input_limits",
    "metric",
    "number",
    "period",
    "purpose",
    "rounding",
    "spc_chart",
    "table",
    "target",
    "threads",
    "util",
    "weight",
];

/// The statistical methods: they use the foundation and each other.
const METHODS: &[&str] = &["composite", "disclosure", "oversight", "prevention", "ratings", "spc", "stats"];

/// Files inside a method's module that join it to scoring or frameworks: each is its own
/// node, above the methods, so the rest of its module stays a method.
const BRIDGES: &[&str] =
    &["composite/scorecard", "disclosure/explanation", "maturity/evidence", "oversight/ics", "vintage/reproject"];

/// The module each item re-exported at the crate root (`pub use scoring::{Scorecard, ..}`)
/// comes from, so that `crate::Scorecard` counts as a use of `scoring`.
fn root_items(src: &Path) -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let mut items = BTreeMap::new();
    for statement in lib.split(';') {
        let Some((_, rest)) = statement.split_once("pub use ") else { continue };
        let Some((module, names)) = rest.split_once("::") else { continue };
        for name in names.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|n| !n.is_empty()) {
            items.insert(name.to_owned(), module.trim().to_owned());
        }
    }
    items
}

/// The modules named on one line of code: `crate::module`, `crate::Item` re-exported at the
/// root, and items in `crate::{A, b::C}` groups.
fn named_modules(line: &str, items: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    let word = |text: &str| -> String { text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut resolve = |name: String| {
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            found.extend(items.get(&name).cloned());
        } else if !name.is_empty() {
            found.push(name);
        }
    };
    for (i, _) in line.match_indices("crate::") {
        let rest = &line[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            group.split(',').map(|part| word(part.trim())).for_each(&mut resolve);
        } else {
            resolve(word(rest));
        }
    }
    found
}

/// Each top-level module of `src` (or bridge file, see [`BRIDGES`]) and the top-level
/// modules it uses through `crate::` paths.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let items = root_items(&src);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("src").map(|e| e.expect("entry").path()));
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src").to_string_lossy().trim_end_matches(".rs").to_owned();
        let top = relative.split('/').next().expect("a component").to_owned();
        if top == "lib" {
            continue;
        }
        let node = if BRIDGES.contains(&relative.as_str()) { relative.clone() } else { top.clone() };
        let text = std::fs::read_to_string(&path).expect("source");
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        let used = graph.entry(node).or_default();
        for line in code {
            used.extend(named_modules(line, &items).into_iter().filter(|name| *name != top));
        }
    }
    // Macros (`crate::text_serde!`) and the like are not modules.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    graph.values_mut().for_each(|used| used.retain(|m| modules.contains(m)));
    graph
}

/// A cycle among `modules` in `graph`, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, modules: &[&str]) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        modules: &[&str],
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == at) {
            return Some(path[start..].to_vec());
        }
        if !done.insert(at.to_owned()) {
            return None;
        }
        path.push(at.to_owned());
        for next in graph.get(at).into_iter().flatten().filter(|m| modules.contains(&m.as_str())) {
            if let Some(found) = visit(next, graph, modules, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    modules.iter().find_map(|m| visit(m, graph, modules, &mut Vec::new(), &mut BTreeSet::new()))
}

#[test]
fn the_crate_is_layered_without_cycles() {
    let graph = dependencies();
    for module in FOUNDATION.iter().chain(METHODS) {
        assert!(graph.contains_key(*module), "{module} is not a module of src");
    }
    for module in FOUNDATION {
        let above: Vec<&String> = graph[*module].iter().filter(|m| !FOUNDATION.contains(&m.as_str())).collect();
        assert!(above.is_empty(), "{module} is a building block but uses {above:?}");
    }
    for module in METHODS {
        let allowed = |m: &&String| FOUNDATION.contains(&m.as_str()) || METHODS.contains(&m.as_str());
        let above: Vec<&String> = graph[*module].iter().filter(|m| !allowed(m)).collect();
        assert!(above.is_empty(), "the method {module} uses {above:?} (scoring, frameworks or demo data)");
    }
    let all: Vec<&str> = graph.keys().map(String::as_str).collect();
    assert_eq!(cycle(&graph, &all), None, "a cycle among the crate's modules");
}

#[test]
fn the_check_finds_a_cycle_and_a_module_above_its_layer() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("stats".into()).or_default().insert("spc".into());
    graph.entry("spc".into()).or_default().insert("stats".into());
    assert_eq!(cycle(&graph, &["stats", "spc"]), Some(vec!["stats".to_owned(), "spc".to_owned()]));
    assert_eq!(cycle(&graph, &["stats"]), None);
    // The real graph: stats once drew its random numbers from the demo data.
    let graph = dependencies();
    assert!(!graph["stats"].contains("synthetic"));
    assert!(graph["synthetic"].contains("util"), "the reader sees crate:: paths");
    // Items re-exported at the root count as uses of their module.
    assert!(graph["oversight/ics"].contains("scoring"), "crate::Scorecard is a use of scoring");
    assert!(!graph["oversight"].contains("scoring"), "the bridge is its own node");
    let items = BTreeMap::from([("Scorecard".to_owned(), "scoring".to_owned())]);
    assert_eq!(named_modules("use crate::{Scorecard, table::Table};", &items), ["scoring", "table"]);
}

//! The crate's layers, read from its source: building blocks depend on nothing above them,
//! and the statistical methods depend only on building blocks and on each other, without a
//! cycle; none reaches for scoring, frameworks or the demo data.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules every layer may use, which use only each other.
const FOUNDATION: &[&str] =
    &["capacity", "error", "metric", "number", "period", "purpose", "rounding", "table", "target", "util"];

/// The statistical methods: they use the foundation and each other.
const METHODS: &[&str] = &["disclosure", "oversight", "ratings", "spc", "stats"];

/// Each top-level module of `src` and the top-level modules it names as `crate::name`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("src").map(|e| e.expect("entry").path()));
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src");
        let top = relative.components().next().expect("a component").as_os_str().to_string_lossy();
        let module = top.trim_end_matches(".rs").to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        let used = graph.entry(module.clone()).or_default();
        for line in code {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if !name.is_empty() && name != module {
                    used.insert(name);
                }
            }
        }
    }
    // Items re-exported at the root (`crate::Error`) or macros (`crate::text_serde!`) are not
    // modules.
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
fn the_foundation_and_the_methods_are_layered_without_cycles() {
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
    let all: Vec<&str> = FOUNDATION.iter().chain(METHODS).copied().collect();
    assert_eq!(cycle(&graph, &all), None, "a cycle among the layers");
}

#[test]
fn the_check_finds_a_cycle_and_a_module_above_its_layer() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("stats".into()).or_default().insert("spc".into());
    graph.entry("spc".into()).or_default().insert("stats".into());
    assert_eq!(cycle(&graph, &["stats", "spc"]), Some(vec!["stats".to_owned(), "spc".to_owned()]));
    assert_eq!(cycle(&graph, &["stats"]), None);
    // The real graph: stats once drew its random numbers from the demo data.
    assert!(!dependencies()["stats"].contains("synthetic"));
    assert!(dependencies()["synthetic"].contains("util"), "the reader sees crate:: paths");
}

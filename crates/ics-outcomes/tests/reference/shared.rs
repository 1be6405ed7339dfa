//! The shared data folder, and trials that need part of it.
//!
//! Published expectations live outside the repository, in `$ICS_SHARED_DIR` or else in
//! `shared/` beside the checkout. A trial names the folder it reads; when that folder is
//! absent the trial is ignored at run time with the path in its reason, and the run ends with
//! one line counting such trials, unless `ICS_REQUIRE_REFERENCE=1`, under which an absent
//! folder fails the trial instead (CI sets it, so CI can never pass by skipping).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use libtest_mimic::{Completion, Trial};

/// Where the shared folder is, when not beside the checkout.
const ROOT_VARIABLE: &str = "ICS_SHARED_DIR";
/// Set to `1` to make an absent folder a failure rather than a skip.
const REQUIRE_VARIABLE: &str = "ICS_REQUIRE_REFERENCE";

/// The folders found absent so far, and how many trials that skipped.
static SKIPPED: Mutex<(BTreeSet<PathBuf>, usize)> = Mutex::new((BTreeSet::new(), 0));

/// The shared folder: `$ICS_SHARED_DIR`, else `shared` beside the checkout.
pub fn root() -> PathBuf {
    if let Some(root) = std::env::var_os(ROOT_VARIABLE) {
        return PathBuf::from(root);
    }
    // The crate is at crates/ics-outcomes in the checkout.
    let beside_checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    beside_checkout.canonicalize().unwrap_or(beside_checkout).join("shared")
}

/// A path inside the shared folder, such as `reference/coinr`.
pub fn path(relative: &str) -> PathBuf {
    root().join(relative)
}

fn required() -> bool {
    std::env::var(REQUIRE_VARIABLE).is_ok_and(|v| v == "1")
}

/// A trial of `test`, which reads `folder` inside the shared folder.
pub fn needing(folder: &'static str, name: String, test: fn()) -> Trial {
    Trial::ignorable_test(name, move || {
        let Some(missing) = missing(&root(), folder) else {
            test();
            return Ok(Completion::Completed);
        };
        if required() {
            return Err(format!("reference data not found at {}, and {REQUIRE_VARIABLE}=1", missing.display()).into());
        }
        let reason = format!("reference data not found at {}", missing.display());
        let mut skipped = SKIPPED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        skipped.0.insert(missing);
        skipped.1 += 1;
        Ok(Completion::ignored_with(reason))
    })
}

/// A trial of `test`, which needs nothing outside the repository.
pub fn standalone(name: String, test: fn()) -> Trial {
    Trial::test(name, move || {
        test();
        Ok(())
    })
}

/// What to name when `folder` is absent from `root`: `root` itself when that is absent too.
fn missing(root: &Path, folder: &str) -> Option<PathBuf> {
    let wanted = root.join(folder);
    if wanted.is_dir() {
        None
    } else if root.is_dir() {
        Some(wanted)
    } else {
        Some(root.to_owned())
    }
}

/// The closing line when trials were skipped: how many, and the folders looked for.
pub fn skip_summary() -> Option<String> {
    let skipped = SKIPPED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    summary(skipped.1, &skipped.0)
}

fn summary(count: usize, folders: &BTreeSet<PathBuf>) -> Option<String> {
    (count > 0).then(|| {
        let folders: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
        let tests = if count == 1 { "test" } else { "tests" };
        format!(
            "{count} reference {tests} skipped: reference data not found at {}; set {ROOT_VARIABLE}",
            folders.join(", ")
        )
    })
}

/// Trials of the listed test functions: `needing "folder" => a, b` for tests that read that
/// folder, `standalone => c, d` for tests beside them that read nothing outside the
/// repository. Trials are named by module path, as libtest names tests.
macro_rules! register {
    ($(needing $folder:expr => $($needing:ident),+ ;)? $(standalone => $($standalone:ident),+ ;)?) => {{
        let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
        let name = |test: &str| format!("{module}::{test}");
        vec![
            $($($crate::shared::needing($folder, name(stringify!($needing)), $needing),)+)?
            $($($crate::shared::standalone(name(stringify!($standalone)), $standalone),)+)?
        ]
    }};
}
pub(crate) use register;

fn an_absent_shared_folder_is_named_itself() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-shared-folder");
    assert_eq!(missing(&root, "reference/coinr"), Some(root));
}

fn an_absent_folder_inside_a_present_one_is_named_in_full() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-without-coinr");
    std::fs::create_dir_all(root.join("reference/nof")).expect("a scratch folder");
    assert_eq!(missing(&root, "reference/coinr"), Some(root.join("reference/coinr")));
    assert_eq!(missing(&root, "reference/nof"), None);
}

fn the_summary_counts_skips_and_names_each_folder_once() {
    assert_eq!(summary(0, &BTreeSet::new()), None);
    let one = BTreeSet::from([PathBuf::from("/a/shared")]);
    assert_eq!(
        summary(1, &one).as_deref(),
        Some("1 reference test skipped: reference data not found at /a/shared; set ICS_SHARED_DIR")
    );
    let two = BTreeSet::from([PathBuf::from("/s/reference/nof"), PathBuf::from("/s/reference/coinr")]);
    assert_eq!(
        summary(12, &two).as_deref(),
        Some(
            "12 reference tests skipped: reference data not found at /s/reference/coinr, /s/reference/nof; \
             set ICS_SHARED_DIR"
        )
    );
}

pub fn trials() -> Vec<Trial> {
    register! {
        standalone => an_absent_shared_folder_is_named_itself, an_absent_folder_inside_a_present_one_is_named_in_full,
            the_summary_counts_skips_and_names_each_folder_once;
    }
}

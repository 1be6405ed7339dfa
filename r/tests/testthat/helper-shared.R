# The folder `folder` of the shared reference data: $ICS_SHARED_DIR, else `shared` beside the
# workspace ($ICS_OUTCOMES_ROOT). Skipped when absent, unless ICS_REQUIRE_REFERENCE is set
# (CI), when an absent folder fails.
shared_dir <- function(folder) {
  root <- Sys.getenv("ICS_SHARED_DIR")
  workspace <- Sys.getenv("ICS_OUTCOMES_ROOT")
  if (!nzchar(root) && nzchar(workspace)) root <- file.path(workspace, "..", "shared")
  path <- file.path(root, folder)
  if (!nzchar(root) || !dir.exists(path)) {
    if (nzchar(Sys.getenv("ICS_REQUIRE_REFERENCE"))) stop("reference data not found at ", path)
    skip(paste0("reference data not found at ", path, "; set ICS_SHARED_DIR"))
  }
  path
}

# testthat 3e compares doubles with a tolerance; these helpers say how close.
expect_close <- function(actual, expected, tolerance = 1e-9) {
  expect_equal(as.numeric(actual), as.numeric(expected), tolerance = tolerance)
}

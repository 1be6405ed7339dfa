#' Proportions with Wilson score limits
#'
#' `x / denominator * multiplier` with Wilson score confidence limits, as
#' PHEindicatormethods' `phe_proportion()` computes them. Without groups each row keeps its
#' columns and gains the results; with `group_by` (or a grouped tibble's groups), `x` and
#' `denominator` are summed within each group (a missing value makes the group missing) and
#' there is one row per group.
#'
#' Unlike PHEindicatormethods, columns are named by strings (`x = "deaths"`), not unquoted.
#'
#' @param data A data frame.
#' @param x The numerator column's name.
#' @param denominator The denominator column's name.
#' @param group_by Names of grouping columns.
#' @param confidence One level, the pair `c(0.95, 0.998)`, or `NULL` for values only.
#' @param multiplier `100` gives percentages.
#' @param type `"full"` (default), `"standard"`, `"value"`, `"lower"` or `"upper"`: which
#'   columns, as PHEindicatormethods chooses them.
#' @return A data frame with `value`, the limits (`lowercl`, `uppercl`, or `lower95_0cl` ...
#'   for two levels), `confidence`, `statistic` and `method`.
#' @export
#' @examples
#' df <- data.frame(area = c("A", "B", "C"), deaths = c(65, 82, 48), people = c(1000, 1500, 900))
#' ico_proportion(df, x = "deaths", denominator = "people", multiplier = 100)
ico_proportion <- function(data, x, denominator, group_by = NULL, confidence = 0.95, multiplier = 1,
                           type = "full") {
  .counts("proportion", data, x, denominator, group_by, confidence, multiplier, type)
}

#' Crude rates with exact or Byar's limits
#'
#' `x / denominator * multiplier` with exact Poisson limits below 10 events and Byar's from
#' 10, as PHEindicatormethods' `phe_rate()` computes them; rows and groups as
#' [ico_proportion()].
#'
#' @inheritParams ico_proportion
#' @param multiplier Rate per this many (default 100,000).
#' @return A data frame as [ico_proportion()]'s.
#' @export
#' @examples
#' df <- data.frame(area = c("A", "B"), deaths = c(5, 120), people = c(20000, 350000))
#' ico_rate(df, x = "deaths", denominator = "people")
ico_rate <- function(data, x, denominator, group_by = NULL, confidence = 0.95, multiplier = 100000,
                     type = "full") {
  .counts("rate", data, x, denominator, group_by, confidence, multiplier, type)
}

# A statistic of counts (`proportion` or `rate`): each row beside its results, or a row per
# group with `x` and `denominator` summed.
.counts <- function(statistic, data, x, denominator, group_by, confidence, multiplier, type) {
  data <- .data_frame(data)
  group_by <- .group_names(data, group_by)
  groups <- .groups(data, group_by)
  result <- .ico(rs_counts(statistic, .column(data, x, "x"), .column(data, denominator, "denominator"),
                           c(x, denominator), groups$codes, groups$count, confidence, multiplier, type))
  .attach(data, result, groups, per_row = is.null(group_by), renames = c(numerator = x, denominator = denominator))
}

#' Means with Student's t limits
#'
#' One row per group (or one row), as PHEindicatormethods' `phe_mean()`: `value_sum`,
#' `value_count` (every row of the group, missing values included, as the package counts),
#' `stdev`, `value` and the limits.
#'
#' @inheritParams ico_proportion
#' @param x The values' column name.
#' @return A data frame, one row per group.
#' @export
#' @examples
#' df <- data.frame(area = rep(c("A", "B"), each = 3), wait = c(10, 12, 14, 30, 28, 35))
#' ico_mean(df, x = "wait", group_by = "area")
ico_mean <- function(data, x, group_by = NULL, confidence = 0.95, type = "full") {
  data <- .data_frame(data)
  groups <- .groups(data, .group_names(data, group_by))
  result <- .ico(rs_mean(.column(data, x, "x"), x, groups$codes, groups$count, confidence, type))
  .attach(data, result, groups, per_row = FALSE)
}

#' Directly standardised rates with Dobson limits
#'
#' One row per group, as PHEindicatormethods' `calculate_dsr()`: the age-specific rates of
#' each group weighted by a standard population. Groups with fewer than 10 events are not
#' published (missing value and limits), with a warning.
#'
#' @inheritParams ico_proportion
#' @param x The events' column name.
#' @param n The populations' column name.
#' @param stdpop A column name of standard population weights, or weights matched to each
#'   group's rows by position; by default the European Standard Population 2013 (19 age
#'   bands in order).
#' @param multiplier Rate per this many of the standard population (default 100,000).
#' @param independent_events `FALSE` when each row counts the people with `eventfreq`
#'   events in `ageband`; the interval then widens for the dependence between one person's
#'   events.
#' @param eventfreq,ageband Column names, needed when `independent_events` is `FALSE`.
#' @return A data frame, one row per group: `total_count`, `total_pop`, `value`, the
#'   limits, `confidence`, `statistic` and `method`.
#' @export
#' @examples
#' df <- data.frame(area = rep(c("A", "B"), each = 19), deaths = rep(c(1:19) * 3, 2),
#'                  people = rep(seq(5000, 23000, by = 1000), 2))
#' ico_dsr(df, x = "deaths", n = "people", group_by = "area")
ico_dsr <- function(data, x, n, stdpop = NULL, group_by = NULL, confidence = 0.95, multiplier = 100000,
                    independent_events = TRUE, eventfreq = NULL, ageband = NULL, type = "full") {
  data <- .data_frame(data)
  groups <- .groups(data, .group_names(data, group_by))
  by_position <- !is.character(stdpop)
  weights <- if (by_position) stdpop else .column(data, stdpop, "stdpop")
  frequency <- bands <- NULL
  band_count <- 0L
  if (!.flag(independent_events, "independent_events")) {
    if (is.null(eventfreq) || is.null(ageband)) {
      .argument_error("eventfreq", eventfreq %||% "NULL",
                      "eventfreq and ageband columns are needed when independent_events is FALSE")
    }
    frequency <- .column(data, eventfreq, "eventfreq")
    band_groups <- .groups(data, ageband)
    bands <- band_groups$codes
    band_count <- band_groups$count
  }
  names <- c(x, n, if (by_position) "stdpop" else stdpop, eventfreq %||% "eventfreq")
  result <- .ico(rs_dsr(.column(data, x, "x"), .column(data, n, "n"), weights, by_position, names, groups$codes,
                        groups$count, frequency, bands, band_count, confidence, multiplier, type))
  .attach(data, result, groups, per_row = FALSE)
}

#' Indirectly standardised ratios and rates
#'
#' One row per group, as PHEindicatormethods' `calculate_ISRatio()` (observed over expected
#' events, times `refvalue`) and `calculate_ISRate()` (the ratio times the reference crude
#' rate, per `multiplier`), with Byar's or exact limits.
#'
#' @inheritParams ico_dsr
#' @param x_ref,n_ref The reference events and populations: column names (a value on every
#'   row), or numeric vectors matched to each group's rows by position (PHEindicatormethods'
#'   `refpoptype = "vector"`).
#' @param refvalue The ratio of the reference population (default 1; 100 for an SMR in
#'   percent).
#' @return A data frame, one row per group: `observed`, `expected`, `value`, the limits,
#'   `confidence`, `statistic` and `method`.
#' @export
#' @examples
#' df <- data.frame(area = rep(c("A", "B"), each = 3), deaths = c(10, 20, 30, 12, 25, 40),
#'                  people = c(1000, 2000, 3000, 1100, 2100, 3200))
#' ico_isr_ratio(df, x = "deaths", n = "people", x_ref = c(50, 100, 200), n_ref = c(10000, 10000, 10000),
#'               group_by = "area")
ico_isr_ratio <- function(data, x, n, x_ref, n_ref, group_by = NULL, confidence = 0.95, refvalue = 1,
                          type = "full") {
  .isr(data, x, n, x_ref, n_ref, group_by, confidence, refvalue, NULL, type)
}

#' @rdname ico_isr_ratio
#' @export
ico_isr_rate <- function(data, x, n, x_ref, n_ref, group_by = NULL, confidence = 0.95, multiplier = 100000,
                         type = "full") {
  .isr(data, x, n, x_ref, n_ref, group_by, confidence, NULL, multiplier, type)
}

.isr <- function(data, x, n, x_ref, n_ref, group_by, confidence, refvalue, multiplier, type) {
  data <- .data_frame(data)
  groups <- .groups(data, .group_names(data, group_by))
  by_field <- is.character(x_ref)
  if (by_field != is.character(n_ref)) {
    .argument_error("n_ref", n_ref, "x_ref and n_ref must both be column names or both be vectors")
  }
  names <- if (by_field) c(x, n, x_ref, n_ref) else c(x, n, "x_ref", "n_ref")
  if (by_field) {
    x_ref <- .column(data, x_ref, "x_ref")
    n_ref <- .column(data, n_ref, "n_ref")
  }
  result <- .ico(rs_isr(.column(data, x, "x"), .column(data, n, "n"), x_ref, n_ref, by_field, names, groups$codes,
                        groups$count, confidence, refvalue, multiplier, type))
  .attach(data, result, groups, per_row = FALSE)
}

#' Life expectancy
#'
#' Life expectancy at each age band by the Chiang II abridged life table, with Silcocks'
#' variance for the final band, as PHEindicatormethods' `phe_life_expectancy()`. Rows come
#' back sorted by start age within each group, beside their input columns. Groups with bad
#' data (negative deaths, too few people, deaths above population, not every band) get
#' missing values and a warning, as do values whose 95% interval is wider than 20 years.
#'
#' @inheritParams ico_proportion
#' @param deaths,population The deaths' and populations' column names.
#' @param startage The column of each band's start age: numbers, or labels such as `"90+"`
#'   (their first run of digits is the age).
#' @param age_contents The start ages (or labels) of the bands every group must have; by
#'   default 0, 1, 5, 10, ..., 90.
#' @param le_age `"all"` (default), or the start ages (or labels) of the bands to return.
#' @param confidence Any number of levels (`0.95`, or `c(0.95, 0.998)`; percentages too).
#' @return A data frame, one row per band: the input columns, `value`, the limits,
#'   `pops_used`, `dths_used`, `confidence`, `statistic` and `method`.
#' @export
#' @examples
#' df <- data.frame(startage = c(0, 1, seq(5, 90, by = 5)),
#'                  pops = c(7060, 35059, 46974, 48489, 43219, 38561, 46009, 58832, 60598, 63142, 52389,
#'                           46233, 44202, 37707, 31108, 25121, 18467, 13068, 8103, 5113),
#'                  deaths = c(17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 384, 468, 775, 1159, 1591,
#'                             1894, 2309))
#' head(ico_life_expectancy(df, deaths = "deaths", population = "pops", startage = "startage"))
ico_life_expectancy <- function(data, deaths, population, startage, group_by = NULL, age_contents = NULL,
                                le_age = "all", confidence = 0.95, type = "full") {
  data <- .data_frame(data)
  groups <- .groups(data, .group_names(data, group_by))
  if (identical(le_age, "all")) le_age <- NULL
  life <- .ico(rs_life_expectancy(.column(data, deaths, "deaths"), .column(data, population, "population"),
                                  .column(data, startage, "startage"), c(deaths, population, startage),
                                  groups$codes, groups$count, age_contents, le_age, confidence, type))
  .warn(life$result$warnings)
  columns <- life$result$table
  columns$startage <- NULL
  columns$row <- life$rows
  .beside_rows(data, columns)
}

# The package's warnings about a result (groups suppressed, wide intervals), each an
# `icsoutcomes_statistics_warning` from the function called.
.warn <- function(notes) {
  for (note in notes) {
    warning(structure(class = c("icsoutcomes_statistics_warning", "warning", "condition"),
                      list(message = note, call = .user_call())))
  }
}

# The statistics beside the input rows (`per_row`) or beside each group's keys, the
# package's warnings raised as `icsoutcomes_statistics_warning`s.
.attach <- function(data, result, groups, per_row, renames = NULL) {
  for (note in result$warnings) {
    warning(structure(class = c("icsoutcomes_statistics_warning", "warning", "condition"),
                      list(message = note)))
  }
  columns <- result$table
  if (!is.null(renames)) {
    renamed <- names(columns) %in% names(renames)
    names(columns)[renamed] <- renames[names(columns)[renamed]]
  }
  if (per_row) {
    out <- as.list(data)
    for (name in names(columns)) out[[name]] <- columns[[name]]
    return(.frame(out))
  }
  .frame(c(groups$keys, columns))
}

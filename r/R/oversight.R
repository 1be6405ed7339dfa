#' Oversight segments of every ICS
#'
#' NHS Oversight Framework-style segments (1 to 4) and league table of every ICS on the
#' national framework's metrics, beside its framework score. Arguments as [ico_score()];
#' `NULL`s are the embedded edition's (of `period`'s planning year when a period is named).
#'
#' @inheritParams ico_score
#' @param cut_points Three ascending upper bounds of segments 1, 2 and 3 for the average
#'   metric score, instead of the framework's rule (character for exact bounds).
#' @return A data frame, one row per ICS in league-table order, of class `ico_oversight`;
#'   its attribute `metrics` is a data frame of every ICS's metric values and scores, led by
#'   the ICS's `code`.
#' @export
#' @examples
#' oversight <- ico_oversight()
#' head(oversight)
#' head(attr(oversight, "metrics"))
ico_oversight <- function(national = NULL, locals = NULL, observations = NULL, period = NULL, vintage = NULL,
                          edition = NULL, cut_points = NULL, exact = FALSE) {
  national <- .framework_arg(national, "national")
  observations <- .observations_arg(observations)
  result <- .ico(rs_oversight(national, .locals_arg(locals), observations, period, vintage, edition, cut_points,
                              .flag(exact, "exact")))
  metrics <- Map(function(code, rows) .frame(c(list(code = rep(code, length(rows[[1]]))), rows)),
                 result$codes, result$metrics)
  out <- .frame(result$table, class = "ico_oversight")
  attr(out, "metrics") <- do.call(rbind, unname(metrics))
  out
}

#' ICS maturity
#'
#' Each ICS's maturity level against a model of ICS maturity, with its weakest dimension,
#' movement since the round before and earned-autonomy eligibility. Scores the embedded
#' synthetic rounds (2025/26 against 2024/25, the 42 ICSs of the time) with outcome evidence
#' from the embedded scorecard, as the command line's `maturity` does.
#'
#' @param model `"hewitt"` (default; the Hewitt Review's themes), `"digital"`, or the path
#'   of a model file (TOML or JSON).
#' @param exact Decimals as character columns with every digit.
#' @return A named list of data frames: `levels`, `dimensions`, `criteria`, `autonomy`,
#'   `criterion_divergence`, `dimension_divergence`, `distribution` and `movements`.
#' @export
#' @examples
#' maturity <- ico_maturity()
#' head(maturity$levels)
ico_maturity <- function(model = "hewitt", exact = FALSE) {
  lapply(.ico(rs_maturity(model, .flag(exact, "exact"))), .frame)
}

#' Carry observations onto another geography vintage
#'
#' Observations of ICBs of one vintage carried onto the ICBs of another across the
#' reorganisations (April 2026: twelve ICBs abolished and six created): mergers summed,
#' counts of split ICBs shared by an apportionment, metrics without counts combined as the
#' framework says. Each row says where it came from and how.
#'
#' @param data A data frame of observations, as [ico_score()] takes.
#' @param to The vintage to carry them to (default: the latest, `"2026-04"`).
#' @param from The vintage of the data (default: told from their codes).
#' @param apportionment A CSV file sharing split ICBs between their successors.
#' @param lookup A CSV file of small areas to ICBs, for data by small area.
#' @inheritParams ico_score
#' @return A data frame: the observation columns, `reprojected_from` and `method`.
#' @export
#' @examples
#' old <- data.frame(area_code = c("E54000063", "E54000064"), metric_id = "ae_4h",
#'                   period = "2025/26 Q4", value = NA, numerator = c(900, 1100),
#'                   denominator = c(1000, 1500))
#' ico_reproject(old, to = "2026-04")
ico_reproject <- function(data, to = NULL, from = NULL, apportionment = NULL, lookup = NULL, national = NULL,
                          locals = NULL, exact = FALSE) {
  data <- .observations_arg(.data_frame(data))
  national <- .framework_arg(national, "national")
  .frame(.ico(rs_reproject(data, to, from, apportionment, lookup, national, .locals_arg(locals),
                           .flag(exact, "exact"))))
}

#' Score every ICS
#'
#' Judges every target of the national and local frameworks exactly, after the framework's
#' rounding rule, and scores each ICS: per-target attainment, equal-weighted priority, tier
#' and overall scores, and ranks. With no arguments it scores the embedded default (the
#' 2026/27 edition's frameworks and its synthetic observations).
#'
#' @param national A national framework (default: the edition's).
#' @param locals A list of local frameworks (default: the edition's).
#' @param observations A data frame of observations: `area_code`, `metric_id`, `period`,
#'   `value`, and optionally `numerator` and `denominator`; any other column is refused.
#'   Numbers may be doubles (read as the shortest decimal that prints as them), integers or
#'   character (read exactly). Default: the edition's.
#' @param period The period to judge, e.g. `"2026/27 Q4"` (default: the latest period the
#'   data cover well).
#' @param weighting `"equal_per_priority"` (default: local priorities weigh what national
#'   ones do), `"equal_per_target"`, `"equal_per_tier"`, or a named vector of priority id to
#'   weight (character for exact weights).
#' @param missing `"exclude"` (default) or `"score_zero"`: what a target without data counts.
#' @param vintage The ICSs to score: `"2026-04"` (today's 36) or `"2023-04"` (the 42 before);
#'   by default the local frameworks' vintage, else the period's.
#' @param edition The embedded edition whose defaults fill `NULL` arguments.
#' @param spc Chart each target's history (Making Data Count variation and assurance).
#' @param exact Decimals as character columns with every digit, rather than doubles.
#' @return A data frame of class `ico_scorecard`, one row per ICS in league-table order,
#'   with the columns (and their order) of the Python package's scorecard table. Its
#'   attribute `record` is the run record (JSON): settings, input digests, version.
#' @export
#' @examples
#' card <- ico_score()
#' head(card[, c("rank", "code", "name", "overall")])
#' ico_explain(card, card$code[[1]])[1:3, c("target", "attainment", "contribution")]
ico_score <- function(national = NULL, locals = NULL, observations = NULL, period = NULL, weighting = NULL,
                      missing = "exclude", vintage = NULL, edition = NULL, spc = TRUE, exact = FALSE) {
  national <- .framework_arg(national, "national")
  scored <- .ico(rs_score(national, .locals_arg(locals), .observations_arg(observations), period, weighting, missing, vintage, edition,
                          .flag(spc, "spc"), .flag(exact, "exact")))
  card <- .frame(scored$table, class = "ico_scorecard")
  attr(card, "record") <- scored$record
  attr(card, "handle") <- scored$handle
  card
}

#' Explain one ICS's score
#'
#' Every target's contribution to the ICS's score: its observed and required values,
#' attainment, weight and contribution (adding up exactly to the score), the comparison
#' with England, and the Making Data Count variation and assurance.
#'
#' @param card A scorecard from [ico_score()].
#' @param code The ICS's ONS (`E54...`) or ODS (`Q..`) code.
#' @param exact Decimals as character columns with every digit.
#' @param suppress Disclosure control: counts of 1 to `suppress` (1 to 7; NHS convention 7)
#'   are withheld, with what would give them back, and each row gains its public
#'   `disclosure` status.
#' @param round_to With `suppress`, counts published are rounded to a multiple of this.
#' @return A data frame, one row per target.
#' @export
#' @examples
#' card <- ico_score()
#' why <- ico_explain(card, card$code[[1]], exact = TRUE)
#' why[, c("target", "contribution")]
#' ico_explain(card, card$code[[1]], suppress = 5)[, c("target", "observed", "disclosure")]
ico_explain <- function(card, code, exact = FALSE, suppress = NULL, round_to = NULL) {
  handle <- .handle(card)
  if (is.null(suppress)) {
    return(.frame(.ico(rs_explain(handle, code, .flag(exact, "exact")))))
  }
  .frame(.ico(rs_protected_explanation(handle, code, suppress, round_to, .flag(exact, "exact"))))
}

#' Every target of every ICS
#'
#' One row per target of every ICS, in league-table order: `code`, `ods`, `rank`, then the
#' columns of [ico_explain()].
#'
#' @inheritParams ico_explain
#' @return A data frame.
#' @export
#' @examples
#' targets <- ico_targets(ico_score())
#' table(targets$tier)
ico_targets <- function(card, exact = FALSE) {
  .frame(.ico(rs_targets(.handle(card), .flag(exact, "exact"))))
}

#' Icons as data
#'
#' Every target of every ICS read the Making Data Count way, one row each: its value,
#' requirement and trajectory point, `variation` and `assurance` icons, the rules that fired,
#' process limits, the latest values and notes on the data (the command line's `summary`).
#'
#' @inheritParams ico_explain
#' @return A data frame.
#' @export
#' @examples
#' icons <- ico_icon_summary(ico_score())
#' table(icons$variation)
ico_icon_summary <- function(card, exact = FALSE) .frame(.ico(rs_icon_summary(.handle(card), .flag(exact, "exact"))))

#' An ICS's integrated performance report
#'
#' One ICS's report as a self-contained HTML page (headline, icon matrix, every target's
#' icons and Making Data Count chart, the explanation adding up to the score, notes on the
#' data), as the command line's `report` writes it. It needs no script or web font, so it
#' opens offline, from an email, and prints to A4.
#'
#' @inheritParams ico_explain
#' @param file A file to write the page to; `NULL` returns the page.
#' @param previous The scorecard of the period before, for the change in score and rank.
#' @param replications Replications of the rank's uncertainty interval (0 for none).
#' @return The page's HTML (invisibly when written to `file`).
#' @export
#' @examples
#' card <- ico_score()
#' page <- ico_report(card, card$code[[1]], replications = 0)
#' substr(page, 1, 15)
ico_report <- function(card, code, file = NULL, previous = NULL, suppress = NULL, round_to = NULL,
                       replications = 200) {
  report <- .ico(rs_report(.handle(card), code, if (!is.null(previous)) .handle(previous), suppress, round_to,
                           replications))
  if (is.null(file)) {
    return(report$html)
  }
  writeLines(report$html, file, useBytes = TRUE)
  invisible(report$html)
}

#' England's ICSs
#'
#' @param vintage `"2026-04"` (today's 36, the default) or `"2023-04"` (the 42 before).
#' @return A data frame: `code` (ONS), `ods`, `name`, `region`.
#' @export
#' @examples
#' nrow(ico_systems())
#' nrow(ico_systems("2023-04"))
ico_systems <- function(vintage = NULL) .frame(.ico(rs_systems(vintage)))

#' @export
print.ico_scorecard <- function(x, ...) {
  cat(sprintf("<ico_scorecard: %d ICSs>\n", nrow(x)))
  print(structure(x, class = "data.frame", record = NULL, handle = NULL), ...)
  invisible(x)
}

# The engine's handle on a scorecard's core value.
.handle <- function(card) {
  if (!inherits(card, "ico_scorecard")) {
    .argument_error("card", class(card)[[1]], "must be a scorecard from ico_score()")
  }
  attr(card, "handle")
}

# Local frameworks (one, or a list), each refused by name when it is something else.
.locals_arg <- function(locals) {
  if (inherits(locals, "ico_framework")) locals <- list(locals)
  for (local in locals) .framework_arg(local, "locals")
  locals
}

# A data frame of observations as a list of columns, factors as their labels.
.observations_arg <- function(observations) {
  if (is.null(observations)) {
    return(NULL)
  }
  observations <- .data_frame(observations, "observations")
  columns <- as.list(observations)
  for (name in names(columns)) columns[name] <- list(.plain(columns[[name]], name))
  columns
}

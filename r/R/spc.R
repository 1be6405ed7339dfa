#' Making Data Count charts of every kind
#'
#' A Making Data Count chart of `value` over `date`, one per group of `group_by`, with
#' qicharts2's limits and Making Data Count's rules and icons for every kind of chart.
#'
#' `chart` is `"xmr"`, `"p"` or `"u"` (with a `denominator` column: the value is the
#' numerator), Laney's `"p_prime"` or `"u_prime"` (recommended for large denominators),
#' `"run"` (median and Anhøj's runs rules), `"t"` (time between rare events) or `"g"`
#' (opportunities between them). A missing value is a gap, never a special cause.
#'
#' @param data A data frame.
#' @param value The values' (or numerators') column name.
#' @param date The dates' column name: dates, numbers, ISO dates as text (`"2024-04-01"`) or
#'   NHS periods (`"2025/26 Q1"`).
#' @param chart The kind of chart.
#' @param denominator The denominators' column name, for P and U charts.
#' @param group_by Names of the columns whose values name each series.
#' @param baseline The last point (counting from 1) of the centre line's and limits'
#'   calculation (qicharts2's `freeze`).
#' @param parts The last point of each part but the last.
#' @param exclude Points left out of the calculations.
#' @param multiplier P and U charts plot numerator over denominator times this.
#' @param screened_mr Screen moving ranges above 3.267 times their average (P′ and U′).
#' @param improvement `"increase"`, `"decrease"` or `"neutral"`.
#' @param target A number, or the name of a column whose value at each series' last date is
#'   its target.
#' @param categorical Units, not times: judge each point by its limits only.
#' @param shift,trend The runs of points that signal (6 to 9; Making Data Count's 7).
#' @param two_in_three Whether two of three points near a limit signal.
#' @param runs_method `"anhoej"` (default), `"bestbox"` or `"cutbox"`.
#' @return A data frame in chart order (group, then date): the input columns and per point
#'   `chart`, `part`, `baseline`, `status`, `plotted`, `centre`, `lower`, `upper`, the
#'   signals, `point_type`, the runs analysis, `variation_icon`, `assurance` and
#'   `assurance_icon`, as the Python package's `spc.chart` gives them.
#' @export
#' @examples
#' df <- data.frame(month = 1:12,
#'                  readmitted = c(30, 28, 35, 31, 29, 33, 30, 32, 31, 29, 33, 70),
#'                  discharged = c(400, 380, 420, 410, 390, 405, 398, 402, 400, 395, 410, 410))
#' p <- ico_spc_chart(df, value = "readmitted", date = "month", chart = "p_prime",
#'                    denominator = "discharged", improvement = "decrease")
#' p[12, c("plotted", "sigma_signal", "point_type")]
ico_spc_chart <- function(data, value, date, chart = "xmr", denominator = NULL, group_by = NULL, baseline = NULL,
                          parts = NULL, exclude = NULL, multiplier = 1, screened_mr = TRUE, improvement = "increase",
                          target = NULL, categorical = FALSE, shift = 7, trend = 7, two_in_three = TRUE,
                          runs_method = "anhoej") {
  data <- .data_frame(data)
  groups <- .groups(data, .group_names(data, group_by))
  .target_arg(target)
  options <- list(
    chart = chart, improvement = improvement, target = if (is.numeric(target)) target,
    multiplier = multiplier, screened_mr = .flag(screened_mr, "screened_mr"), baseline = baseline,
    parts = parts, exclude = exclude, categorical = .flag(categorical, "categorical"), shift = shift,
    trend = trend, two_in_three = .flag(two_in_three, "two_in_three"), runs_method = runs_method
  )
  charts <- .ico(rs_spc_chart(
    .column(data, value, "value"), value,
    if (!is.null(denominator)) .column(data, denominator, "denominator"), denominator %||% "denominator",
    .date_ordinals(data, date), date, groups$codes,
    if (is.character(target)) .column(data, target, "target"), options
  ))
  .beside_rows(data, charts)
}

#' XmR charts as NHSRplotthedots draws them
#'
#' XmR charts of `value` over `date`, one per group of `group_by`, at parity with
#' NHSRplotthedots: per point `mean`, `lpl`, `upl`, `nlpl`, `nupl`, `amr`,
#' `relative_to_mean`, `close_to_limits`, `outside_limits`, `special_cause`, `point_type`,
#' `rebase_group` and `short_group_warning`; per series `assurance`, `variation_icon` and
#' `assurance_icon`.
#'
#' @inheritParams ico_spc_chart
#' @param rebase The name of a logical column: a new segment starts at its `TRUE` rows.
#' @param screen_outliers `FALSE` reproduces NHS England's Excel tools.
#' @param fix_after_n_points Fix the limits on the first points (12 or more) of each segment.
#' @return A data frame in chart order with the input columns and the chart's.
#' @export
#' @examples
#' df <- data.frame(week = 1:20, waits = c(5, 6, 5, 7, 6, 5, 6, 7, 6, 5, 9, 10, 11, 10, 12, 11, 12, 13, 12, 14))
#' chart <- ico_xmr(df, value = "waits", date = "week", improvement = "decrease")
#' tail(chart[, c("week", "waits", "mean", "upl", "point_type")])
ico_xmr <- function(data, value, date, improvement = "increase", target = NULL, rebase = NULL,
                    screen_outliers = TRUE, fix_after_n_points = NULL, group_by = NULL) {
  data <- .data_frame(data)
  .target_arg(target)
  groups <- .groups(data, .group_names(data, group_by))
  charts <- .ico(rs_xmr(
    .column(data, value, "value"), value, .date_ordinals(data, date), date, groups$codes,
    if (!is.null(rebase)) .column(data, rebase, "rebase"),
    if (is.character(target)) .column(data, target, "target"),
    improvement, if (is.numeric(target)) target, .flag(screen_outliers, "screen_outliers"), fix_after_n_points
  ))
  .beside_rows(data, charts)
}

# A target: NULL, one number, or a column's name.
.target_arg <- function(target) {
  if (!is.null(target) && !((is.numeric(target) || is.character(target)) && length(target) == 1 && !is.na(target))) {
    .argument_error("target", target, "must be one number or the name of a column of targets")
  }
}

# Each row's date as a sortable ordinal: text through the core's reading of dates and
# periods, dates and numbers by their dense rank.
.date_ordinals <- function(data, date) {
  column <- .column(data, date, "date", dates = TRUE)
  if (is.character(column)) {
    return(.ico(rs_date_ordinals(column, date)))
  }
  if (!(is.numeric(column) || inherits(column, c("Date", "POSIXt")))) {
    .argument_error(date, class(column)[[1]], "dates must be dates, numbers or ISO text")
  }
  if (anyNA(column)) {
    .argument_error(date, paste("row", which(is.na(column))[[1]]), paste("field", date, "must not have missing dates"))
  }
  as.numeric(match(column, sort(unique(column))))
}

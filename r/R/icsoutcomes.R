#' icsoutcomes: outcome frameworks, scores and statistics for England's ICSs
#'
#' The R face of the `ics-outcomes` engine. Every function calls the same compiled Rust
#' core as the Python package and the command line, so the same inputs give the same
#' numbers, column names and errors from each.
#'
#' * Frameworks and scoring: [ico_frameworks()], [ico_load_framework()], [ico_score()],
#'   [ico_explain()], [ico_targets()], [ico_systems()].
#' * Indicator statistics with PHEindicatormethods' arguments: [ico_proportion()],
#'   [ico_rate()], [ico_mean()], [ico_dsr()].
#' * Making Data Count charts: [ico_spc_chart()], [ico_xmr()].
#'
#' Data frames go in and come out (base `data.frame`; tibbles and data.tables are data
#' frames too). Exact decimals (scores, thresholds, weights) come out as doubles, or with
#' `exact = TRUE` as character columns holding every digit.
#'
#' @section Errors:
#' Every error is a condition of class `icsoutcomes_error` and `error`, and of the class
#' of its kind, listed by [ico_error_classes()] (`icsoutcomes_validation_error`,
#' `icsoutcomes_data_error`, ...). It carries `path` and `value` (of the first problem),
#' `source`, `data` and `issues`, a data frame of every problem (`kind`, `path`, `value`,
#' `message`). Catch one with `tryCatch(..., icsoutcomes_data_error = function(e) ...)`.
#' @keywords internal
"_PACKAGE"

#' The library's version
#'
#' @param data `TRUE` to add the embedded data's vintage (each edition's planning year,
#'   geography vintage and quarters), as `ics-outcomes --version` and Python's
#'   `ico.version()` print it.
#' @return The version of the compiled core, e.g. `"0.1.0"`, or with `data = TRUE` that
#'   version followed by the embedded data's vintage.
#' @export
#' @examples
#' ico_version()
#' ico_version(data = TRUE)
ico_version <- function(data = FALSE) {
  if (.flag(data, "data")) rs_version_line() else rs_version()
}

#' The condition classes of errors
#'
#' One condition class per kind of error the core reports, each inheriting
#' `icsoutcomes_error` and `error`. Python raises the exception named in `python` for the
#' same problem.
#'
#' @return A data frame: `condition`, `python` and `when`.
#' @export
#' @examples
#' ico_error_classes()
#' tryCatch(
#'   ico_score(period = "2030/31 Q9"),
#'   icsoutcomes_argument_error = function(e) conditionMessage(e)
#' )
ico_error_classes <- function() .frame(rs_error_classes())

# Calls a compiled entry point with its named arguments, every text in them (data frame
# columns and names, framework lists, options) as UTF-8: text marked latin1 is converted;
# text that is no valid UTF-8 (bytes) is refused, naming the argument and row.
.native <- function(routine, ...) {
  args <- list(...)
  for (name in names(args)) args[name] <- list(.utf8(args[[name]], name))
  do.call(.Call, c(list(routine), unname(args)))
}

.utf8 <- function(x, argument) {
  if (is.character(x)) {
    x <- enc2utf8(x)
    invalid <- which(!validUTF8(x))
    if (length(invalid)) {
      .argument_error(argument, paste("row", invalid[[1]]), "is not valid UTF-8 text; convert it with iconv()")
    }
  } else if (is.list(x)) {
    for (i in seq_along(x)) {
      label <- if (is.null(names(x)) || !nzchar(names(x)[[i]])) argument else paste0(argument, "$", names(x)[[i]])
      if (!is.null(x[[i]])) x[[i]] <- .utf8(x[[i]], label)
    }
  }
  if (!is.null(names(x))) names(x) <- .utf8(names(x), paste0("names(", argument, ")"))
  x
}

# Raises a failure of the compiled code as its condition, or returns the value. A failure
# that is only a string is the engine's last resort after a panic: an internal error.
.ico <- function(x, call = .user_call()) {
  if (is.character(x) && identical(class(x), "character") && identical(x, "icsoutcomes_internal_error")) {
    x <- structure(list(class = x, message = "internal error in ics-outcomes (please report it)", issues = list()),
                   class = "icsoutcomes_failure")
  }
  if (!inherits(x, "icsoutcomes_failure")) {
    return(x)
  }
  issues <- .frame(x$issues)
  condition <- structure(
    class = c(x$class, "icsoutcomes_error", "error", "condition"),
    list(
      message = x$message,
      call = call,
      source = x$source,
      data = x$data,
      path = if (nrow(issues)) issues$path[[1]] else NULL,
      value = if (nrow(issues)) issues$value[[1]] else NULL,
      issues = issues
    )
  )
  stop(condition)
}

# The innermost call of an exported function (`ico_*`) on the stack: where a condition is
# reported from, whichever helper raised it.
.user_call <- function() {
  for (call in rev(sys.calls())) {
    name <- call[[1]]
    # `icsoutcomes::ico_score(...)` names the function in its third part.
    if (is.call(name) && as.character(name[[1]]) %in% c("::", ":::")) name <- name[[3]]
    if (is.name(name) && startsWith(as.character(name), "ico_")) {
      return(call)
    }
  }
  NULL
}

# An argument refused in R, raised as the core raises it.
.argument_error <- function(argument, value, message, call = .user_call()) {
  .ico(rs_argument_error(argument, paste(format(value), collapse = ", "), message), call = call)
}

# A named list of equal-length columns as a data frame.
.frame <- function(columns, class = NULL) {
  rows <- if (length(columns)) length(columns[[1]]) else 0L
  structure(columns, class = c(class, "data.frame"), row.names = c(NA_integer_, -rows))
}

# A data frame argument, or a condition naming it.
.data_frame <- function(data, argument = "data") {
  if (!is.data.frame(data)) {
    .argument_error(argument, class(data)[[1]], "must be a data frame")
  }
  data
}

# The column `name` of `data`, or a condition naming it and the columns there are. A factor
# is read as its labels; a number with a class (integer64, difftime, a date outside a date
# argument) is refused, not read as its storage.
.column <- function(data, name, argument, dates = FALSE) {
  if (!is.character(name) || length(name) != 1 || is.na(name) || !name %in% names(data)) {
    .argument_error(
      argument, name,
      paste0("is not a field name from data (columns: ", paste(names(data), collapse = ", "), ")")
    )
  }
  .plain(data[[name]], name, dates)
}

# A column as the engine reads it: a factor as its labels; a classed number refused, but for
# dates (Date and POSIXct) where `dates` allows them.
.plain <- function(column, name, dates = FALSE) {
  if (is.factor(column)) {
    return(as.character(column))
  }
  classed <- (is.double(column) || is.integer(column)) && !is.null(oldClass(column))
  if (classed && !(dates && inherits(column, c("Date", "POSIXt")))) {
    .argument_error(name, class(column)[[1]], "is a classed number; convert it with as.numeric() or as.character()")
  }
  column
}

# One flag argument, or a condition naming it.
.flag <- function(value, argument) {
  if (!is.logical(value) || length(value) != 1 || is.na(value)) {
    .argument_error(argument, value, "must be TRUE or FALSE")
  }
  value
}

# The grouping columns: `group_by`, else a grouped tibble's groups (as PHEindicatormethods
# reads them), else none.
.group_names <- function(data, group_by) {
  if (is.null(group_by) && inherits(data, "grouped_df")) {
    group_by <- setdiff(names(attr(data, "groups")), ".rows")
  }
  if (length(group_by) == 0) NULL else group_by
}

# Group codes from 1, numbered in ascending key order with missing keys last (as dplyr
# orders groups, and the Python package numbers them; a factor in the order of its levels,
# as dplyr orders it), and the key of each group.
.groups <- function(data, group_by) {
  if (is.null(group_by)) {
    return(list(codes = NULL, count = 0L, keys = NULL))
  }
  ranks <- lapply(group_by, function(name) {
    .column(data, name, "group_by", dates = TRUE)
    column <- data[[name]]
    if (is.factor(column)) {
      return(match(column, levels(column), nomatch = nlevels(column) + 1L))
    }
    match(column, sort(unique(column), method = "radix", na.last = TRUE))
  })
  if (length(ranks) == 1) {
    # Numbered densely: a factor's unused levels make no group, as dplyr drops them.
    codes <- match(ranks[[1]], sort(unique(ranks[[1]])))
  } else {
    combined <- do.call(paste, c(ranks, sep = "\r"))
    distinct <- !duplicated(combined)
    order <- do.call(order, lapply(ranks, function(r) r[distinct]))
    codes <- match(combined, combined[distinct][order])
  }
  first <- match(seq_len(max(codes, 0L)), codes)
  keys <- lapply(group_by, function(name) data[[name]][first])
  names(keys) <- group_by
  list(codes = as.integer(codes), count = length(first), keys = keys)
}

# A result's columns beside the input rows they describe: `row` (from 0) is the input row
# of each result row.
.beside_rows <- function(data, columns) {
  rows <- columns$row + 1
  columns$row <- NULL
  out <- lapply(as.list(data), function(column) column[rows])
  for (name in names(columns)) out[[name]] <- columns[[name]]
  .frame(out)
}

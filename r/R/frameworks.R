#' The embedded outcome frameworks
#'
#' The national framework of an embedded edition and the local frameworks nested in it:
#' 2026/27 (the default; NHS England's Medium Term Planning Framework 2026/27 to 2028/29
#' and the 36 ICSs of April 2026) or 2025/26 (the 2025/26 planning guidance and the 42 ICSs
#' before).
#'
#' A framework is a list of class `ico_framework` with its `kind` (`"national"` or
#' `"local"`), `id`, `name`, `version` (for a local framework, the national version it
#' nests in), `area` and `vintage` (local), and `text`, its definition as TOML, which
#' [ico_load_framework()] reads back.
#'
#' @param edition `"2026/27"` (default) or `"2025/26"`.
#' @return A list: `national`, a framework, and `locals`, a list of frameworks.
#' @export
#' @examples
#' frameworks <- ico_frameworks()
#' frameworks$national
#' vapply(frameworks$locals, function(f) f$name, "")
ico_frameworks <- function(edition = NULL) {
  embedded <- .ico(rs_frameworks(edition))
  national <- .framework(embedded$national)
  list(national = national, locals = lapply(embedded$locals, .framework, national = national))
}

#' Load a national or local framework
#'
#' Reads a framework from a TOML or JSON file (the format by its extension) or from its
#' `text`, and checks it: a national framework against the rules of the model (no more than
#' ten priorities, exact targets ...), a local one also against `national` and the ICSs of
#' `vintage` (an abolished ICB is refused, naming its successors). Every problem is
#' reported at once, in an `icsoutcomes_validation_error`.
#'
#' @param path A file path.
#' @param text The framework's text, instead of a file.
#' @param format `"toml"` or `"json"` for `text`; by default told from the text.
#' @param national The national framework a local one nests in (default: the embedded one).
#' @param vintage The geography vintage of the local framework's ICS (`"2026-04"`, the
#'   default, or `"2023-04"`).
#' @return A framework (see [ico_frameworks()]).
#' @export
#' @examples
#' national <- ico_frameworks()$national
#' again <- ico_load_framework(text = national$text)
#' identical(again$text, national$text)
#' tryCatch(
#'   ico_load_framework(text = "kind = \"national\"\nid = 1\n"),
#'   icsoutcomes_error = function(e) class(e)[[1]]
#' )
ico_load_framework <- function(path = NULL, text = NULL, format = NULL, national = NULL, vintage = NULL) {
  if (!is.null(path)) path <- path.expand(path)
  national <- .framework_arg(national, "national")
  framework <- .ico(rs_load_framework(path, text, format, national, vintage))
  .framework(framework, national = if (framework$kind == "local") national %||% ico_frameworks()$national)
}

#' @export
print.ico_framework <- function(x, ...) {
  cat(sprintf("<ico_framework %s %s> %s (version %s)\n", x$kind, x$id, x$name, x$version))
  invisible(x)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

.framework <- function(framework, national = NULL) {
  framework$national <- national
  structure(framework, class = "ico_framework")
}

# A framework argument (or NULL), refused by name when it is something else.
.framework_arg <- function(value, argument) {
  if (!is.null(value) && !inherits(value, "ico_framework")) {
    .argument_error(argument, class(value)[[1]], "must be a framework from ico_frameworks() or ico_load_framework()")
  }
  value
}

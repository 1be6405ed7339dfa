# The compiled entry points (crates/ics-outcomes-r). Each returns its value or an
# `icsoutcomes_failure`, which `.ico()` raises as a classed condition.
#' @useDynLib icsoutcomes, .registration = TRUE
NULL

rs_version <- function() .Call(wrap__rs_version)
rs_error_classes <- function() .Call(wrap__rs_error_classes)
rs_argument_error <- function(argument, value, message) .Call(wrap__rs_argument_error, argument, value, message)
rs_panic <- function() .Call(wrap__rs_panic)
rs_frameworks <- function(edition) .Call(wrap__rs_frameworks, edition)
rs_load_framework <- function(path, text, format, national, vintage) {
  .Call(wrap__rs_load_framework, path, text, format, national, vintage)
}
rs_score <- function(national, locals, observations, period, weighting, missing, vintage, edition, spc, exact) {
  .Call(wrap__rs_score, national, locals, observations, period, weighting, missing, vintage, edition, spc, exact)
}
rs_explain <- function(handle, code, exact) .Call(wrap__rs_explain, handle, code, exact)
rs_targets <- function(handle, exact) .Call(wrap__rs_targets, handle, exact)
rs_systems <- function(vintage) .Call(wrap__rs_systems, vintage)
rs_counts <- function(statistic, x, n, names, codes, count, confidence, multiplier, output) {
  .Call(wrap__rs_counts, statistic, x, n, names, codes, count, confidence, multiplier, output)
}
rs_mean <- function(x, names, codes, count, confidence, output) {
  .Call(wrap__rs_mean, x, names, codes, count, confidence, output)
}
rs_dsr <- function(x, n, stdpop, by_position, names, codes, count, frequency, bands, band_count, confidence,
                   multiplier, output) {
  .Call(wrap__rs_dsr, x, n, stdpop, by_position, names, codes, count, frequency, bands, band_count, confidence,
        multiplier, output)
}
rs_date_ordinals <- function(dates, name) .Call(wrap__rs_date_ordinals, dates, name)
rs_spc_chart <- function(values, value_name, denominators, denominator_name, dates, date_name, groups, targets,
                         options) {
  .Call(wrap__rs_spc_chart, values, value_name, denominators, denominator_name, dates, date_name, groups, targets,
        options)
}
rs_xmr <- function(values, value_name, dates, date_name, groups, rebase, targets, improvement, target,
                   screen_outliers, fix_after_n_points) {
  .Call(wrap__rs_xmr, values, value_name, dates, date_name, groups, rebase, targets, improvement, target,
        screen_outliers, fix_after_n_points)
}
rs_icon_summary <- function(handle, exact) .Call(wrap__rs_icon_summary, handle, exact)
rs_protected_explanation <- function(handle, code, suppress, round_to, exact) {
  .Call(wrap__rs_protected_explanation, handle, code, suppress, round_to, exact)
}
rs_report <- function(handle, code, previous, suppress, round_to, replications) {
  .Call(wrap__rs_report, handle, code, previous, suppress, round_to, replications)
}
rs_oversight <- function(national, locals, observations, period, vintage, edition, cut_points, exact) {
  .Call(wrap__rs_oversight, national, locals, observations, period, vintage, edition, cut_points, exact)
}
rs_maturity <- function(model, exact) .Call(wrap__rs_maturity, model, exact)
rs_reproject <- function(data, to, from, apportionment, lookup, national, locals, exact) {
  .Call(wrap__rs_reproject, data, to, from, apportionment, lookup, national, locals, exact)
}

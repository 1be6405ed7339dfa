# The compiled entry points (crates/ics-outcomes-r), each called through `.native()`, which
# hands the engine text as valid UTF-8 and names what is not. Each returns its value or an
# `icsoutcomes_failure`, which `.ico()` raises as a classed condition.
#' @useDynLib icsoutcomes, .registration = TRUE
NULL

rs_version <- function() .native(wrap__rs_version)
rs_version_line <- function() .native(wrap__rs_version_line)
rs_error_classes <- function() .native(wrap__rs_error_classes)
rs_argument_error <- function(argument, value, message) {
  .native(wrap__rs_argument_error, argument = argument, value = value, message = message)
}
rs_panic <- function() .native(wrap__rs_panic)
rs_frameworks <- function(edition) .native(wrap__rs_frameworks, edition = edition)
rs_load_framework <- function(path, text, format, national, vintage) {
  .native(wrap__rs_load_framework, path = path, text = text, format = format, national = national, vintage = vintage)
}
rs_score <- function(national, locals, observations, period, weighting, missing, vintage, edition, spc, exact) {
  .native(wrap__rs_score,
          national = national, locals = locals, observations = observations, period = period, weighting = weighting,
          missing = missing, vintage = vintage, edition = edition, spc = spc, exact = exact)
}
rs_explain <- function(handle, code, exact) .native(wrap__rs_explain, handle = handle, code = code, exact = exact)
rs_targets <- function(handle, exact) .native(wrap__rs_targets, handle = handle, exact = exact)
rs_systems <- function(vintage) .native(wrap__rs_systems, vintage = vintage)
rs_counts <- function(statistic, x, n, names, codes, count, confidence, multiplier, output) {
  .native(wrap__rs_counts,
          statistic = statistic, x = x, n = n, names = names, codes = codes, count = count, confidence = confidence,
          multiplier = multiplier, output = output)
}
rs_mean <- function(x, names, codes, count, confidence, output) {
  .native(wrap__rs_mean, x = x, names = names, codes = codes, count = count, confidence = confidence, output = output)
}
rs_dsr <- function(x, n, stdpop, by_position, names, codes, count, frequency, bands, band_count, confidence,
                   multiplier, output) {
  .native(wrap__rs_dsr,
          x = x, n = n, stdpop = stdpop, by_position = by_position, names = names, codes = codes, count = count,
          frequency = frequency, bands = bands, band_count = band_count, confidence = confidence,
          multiplier = multiplier, output = output)
}
rs_date_ordinals <- function(dates, name) .native(wrap__rs_date_ordinals, dates = dates, name = name)
rs_spc_chart <- function(values, value_name, denominators, denominator_name, dates, date_name, groups, targets,
                         options) {
  .native(wrap__rs_spc_chart,
          values = values, value_name = value_name, denominators = denominators, denominator_name = denominator_name,
          dates = dates, date_name = date_name, groups = groups, targets = targets, options = options)
}
rs_xmr <- function(values, value_name, dates, date_name, groups, rebase, targets, improvement, target,
                   screen_outliers, fix_after_n_points) {
  .native(wrap__rs_xmr,
          values = values, value_name = value_name, dates = dates, date_name = date_name, groups = groups,
          rebase = rebase, targets = targets, improvement = improvement, target = target,
          screen_outliers = screen_outliers, fix_after_n_points = fix_after_n_points)
}
rs_icon_summary <- function(handle, exact) .native(wrap__rs_icon_summary, handle = handle, exact = exact)
rs_protected_explanation <- function(handle, code, suppress, round_to, exact) {
  .native(wrap__rs_protected_explanation,
          handle = handle, code = code, suppress = suppress, round_to = round_to, exact = exact)
}
rs_report <- function(handle, code, previous, suppress, round_to, replications) {
  .native(wrap__rs_report,
          handle = handle, code = code, previous = previous, suppress = suppress, round_to = round_to,
          replications = replications)
}
rs_oversight <- function(national, locals, observations, period, vintage, edition, cut_points, exact) {
  .native(wrap__rs_oversight,
          national = national, locals = locals, observations = observations, period = period, vintage = vintage,
          edition = edition, cut_points = cut_points, exact = exact)
}
rs_maturity <- function(model, exact) .native(wrap__rs_maturity, model = model, exact = exact)
rs_reproject <- function(data, to, from, apportionment, lookup, national, locals, exact) {
  .native(wrap__rs_reproject,
          data = data, to = to, from = from, apportionment = apportionment, lookup = lookup, national = national,
          locals = locals, exact = exact)
}
rs_isr <- function(x, n, x_ref, n_ref, by_field, names, codes, count, confidence, refvalue, multiplier, output) {
  .native(wrap__rs_isr,
          x = x, n = n, x_ref = x_ref, n_ref = n_ref, by_field = by_field, names = names, codes = codes,
          count = count, confidence = confidence, refvalue = refvalue, multiplier = multiplier, output = output)
}
rs_life_expectancy <- function(deaths, population, startage, names, codes, count, age_contents, le_age, confidence,
                               output) {
  .native(wrap__rs_life_expectancy,
          deaths = deaths, population = population, startage = startage, names = names, codes = codes,
          count = count, age_contents = age_contents, le_age = le_age, confidence = confidence, output = output)
}

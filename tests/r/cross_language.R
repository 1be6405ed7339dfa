# Writes what the R package gives for the cross-language test (tests/test_r.py) as CSV files
# in the folder named by the first argument: the default scorecard and one explanation
# (exact decimals), the statistics on PHEindicatormethods' test vectors (in the folder named
# by the second argument) and charts. Doubles are written with 17 significant digits, so
# they read back bit for bit; NA is an empty field.
args <- commandArgs(trailingOnly = TRUE)
out <- args[[1]]
vectors <- file.path(args[[2]], "test_vectors")
library(icsoutcomes)

write <- function(frame, name) {
  frame <- as.data.frame(lapply(frame, function(column) {
    text <- if (is.double(column)) sprintf("%.17g", column) else as.character(column)
    text[is.na(column)] <- ""
    text
  }), stringsAsFactors = FALSE, check.names = FALSE)
  utils::write.csv(frame, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
}
read <- function(name) utils::read.csv(file.path(vectors, name), stringsAsFactors = FALSE)

card <- ico_score(exact = TRUE)
write(card, "scorecard")
write(ico_explain(card, card$code[[1]], exact = TRUE), "explanation")

proportion <- read("proportion.csv")
proportion <- proportion[proportion$multiplier == 1, c("Area", "Numerator", "Denominator")]
write(ico_proportion(proportion, x = "Numerator", denominator = "Denominator", confidence = c(0.95, 0.998)),
      "proportion")
write(ico_proportion(proportion, x = "Numerator", denominator = "Denominator", group_by = "Area"),
      "proportion_grouped")
rate <- read("rate.csv")
rate <- rate[rate$multiplier == 100, c("Area", "Numerator", "Denominator")]
write(ico_rate(rate, x = "Numerator", denominator = "Denominator", multiplier = 100), "rate")
dsr <- read("dsr_input_multiarea.csv")
write(ico_dsr(dsr, x = "count", n = "pop", stdpop = "esp2013", group_by = "area", multiplier = 10000,
              confidence = c(0.95, 0.998)), "dsr")
write(ico_mean(read("mean_input.csv"), x = "values", group_by = "area"), "mean")
life <- read("life_expectancy_grouped_with_warnings_input.csv")
write(suppressWarnings(ico_life_expectancy(life, deaths = "deaths", population = "pop", startage = "startage",
                                           group_by = "area", confidence = c(0.95, 0.998))), "life_expectancy")
isr <- read("isr_input_multiarea.csv")
write(ico_isr_rate(isr, x = "count", n = "pop", x_ref = "refcount", n_ref = "refpop", group_by = "area"), "isr_rate")

series <- data.frame(
  month = rep(1:24, 2),
  ward = rep(c("north", "south"), each = 24),
  readmitted = c(30, 28, 35, 31, 29, 33, 30, 32, 31, 29, 33, 70, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20,
                 12, 15, 11, 14, 13, 12, 16, 11, 13, 14, 12, 15, 13, 12, 14, 30, 13, 12, 11, 15, 14, 13, 12, 11),
  discharged = c(rep(c(400, 380, 420, 410, 390, 405), 4), rep(c(200, 210, 190, 205, 195, 200), 4))
)
write(ico_xmr(series, value = "readmitted", date = "month", group_by = "ward", improvement = "decrease"), "xmr")
write(ico_spc_chart(series, value = "readmitted", date = "month", chart = "p_prime", denominator = "discharged",
                    group_by = "ward", improvement = "decrease"), "p_prime")
write(series, "series")
quarters <- data.frame(quarter = c("2025/26 Q3", "2025/26 Q1", "2025/26 Q4", "2025/26 Q2", "2026/27 Q1"),
                       waits = c(31, 30, 35, 28, 40))
write(ico_spc_chart(quarters, value = "waits", date = "quarter", chart = "run"), "quarters")

# The class, path and value of each error, as R raises it, and the classes' names.
write(ico_error_classes(), "error_classes")
caught <- function(case, expression) {
  error <- tryCatch({
    force(expression)
    NULL
  }, icsoutcomes_error = function(e) e)
  data.frame(case = case, class = class(error)[[1]], path = error$path %||% "", value = error$value %||% "")
}
`%||%` <- function(a, b) if (is.null(a)) b else a
unknown <- data.frame(area_code = "E54999999", metric_id = "ae_4h", period = "2026/27 Q1", value = "1")
write(rbind(
  caught("unknown_area", ico_score(observations = unknown)),
  caught("bad_confidence", ico_proportion(proportion, x = "Numerator", denominator = "Denominator", confidence = 0.5)),
  caught("bad_quarter", ico_spc_chart(transform(quarters, quarter = c(quarter[-5], "2026/27 Q5")), value = "waits",
                                      date = "quarter"))
), "errors")

vectors <- function(name) {
  utils::read.csv(file.path(shared_dir("reference/pheindicatormethods"), "test_vectors", name),
                  stringsAsFactors = FALSE)
}

test_that("proportions match PHEindicatormethods' test vectors", {
  df <- vectors("proportion.csv")
  for (m in unique(df$multiplier)) {
    rows <- df[df$multiplier == m, ]
    got <- ico_proportion(rows, x = "Numerator", denominator = "Denominator", multiplier = m,
                          confidence = c(0.95, 0.998))
    for (column in c("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")) {
      expect_close(got[[column]], rows[[column]], tolerance = 1e-8)
    }
    expect_equal(got$method[!is.na(rows$value)], rows$method[!is.na(rows$value)])
    expect_equal(names(got)[1:ncol(rows)], names(rows))
  }
})

test_that("grouped proportions sum within groups, as phe_proportion on a grouped tibble", {
  df <- vectors("proportion.csv")
  expected <- vectors("proportion_grouped_expected.csv")
  got <- ico_proportion(df, x = "Numerator", denominator = "Denominator", group_by = "Area")
  expect_setequal(got$Area, expected$Area)
  expect_equal(got$Area, sort(got$Area, method = "radix"))
  expect_close(got$value, expected$value[match(got$Area, expected$Area)], tolerance = 1e-8)
  grouped <- structure(df, class = c("grouped_df", "tbl_df", "tbl", "data.frame"),
                       groups = data.frame(Area = sort(unique(df$Area))))
  expect_equal(ico_proportion(grouped, x = "Numerator", denominator = "Denominator")$value, got$value)
})

test_that("rates match PHEindicatormethods' test vectors", {
  df <- vectors("rate.csv")
  for (m in unique(df$multiplier)) {
    rows <- df[df$multiplier == m, ]
    got <- ico_rate(rows, x = "Numerator", denominator = "Denominator", multiplier = m, confidence = c(0.95, 0.998))
    for (column in c("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")) {
      expect_close(got[[column]], rows[[column]], tolerance = 1e-8)
    }
  }
})

test_that("directly standardised rates match PHEindicatormethods' test vectors", {
  df <- vectors("dsr_input_multiarea.csv")
  expected <- vectors("dsr_expected.csv")
  expected <- expected[expected$input == "test_multiarea (esp2013)" & expected$multiplier == 10000, ]
  dsr <- function() {
    ico_dsr(df, x = "count", n = "pop", stdpop = "esp2013", group_by = "area", multiplier = 10000,
            confidence = c(0.95, 0.998))
  }
  got <- dsr()
  expect_equal(got$statistic, expected$statistic)
  expect_equal(got$area, expected$area)
  expect_close(got$total_count, expected$total_count)
  for (column in c("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")) {
    expect_close(got[[column]], expected[[column]], tolerance = 1e-8)
  }
  # The default standard population is the ESP 2013, matched by position within each group.
  by_position <- (ico_dsr(df, x = "count", n = "pop", group_by = "area", multiplier = 10000))
  expect_equal(by_position$value, (ico_dsr(df, x = "count", n = "pop", stdpop = "esp2013",
                                                           group_by = "area", multiplier = 10000))$value)
})

test_that("means match PHEindicatormethods' test vectors", {
  df <- vectors("mean_input.csv")
  expected <- vectors("mean_expected.csv")
  got <- ico_mean(df, x = "values", group_by = "area", confidence = c(0.95, 0.998))
  rows <- expected[expected$area != "No grouping", ]
  for (column in c("value_sum", "value_count", "stdev", "value", "lower95_0cl", "upper99_8cl")) {
    expect_close(got[[column]], rows[[column]], tolerance = 1e-8)
  }
})

test_that("bad statistics inputs are argument or data errors naming the field", {
  df <- data.frame(x = c(5, 20), n = c(10, 0))
  error <- expect_error(ico_proportion(df, x = "x", denominator = "n"), class = "icsoutcomes_error")
  expect_match(conditionMessage(error), "denominators must be greater than zero")
  error <- expect_error(ico_proportion(df, x = "deaths", denominator = "n"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "x")
  expect_match(conditionMessage(error), "columns: x, n")
  error <- expect_error(ico_proportion(df, x = "x", denominator = "n", confidence = 0.5),
                        class = "icsoutcomes_argument_error")
  expect_equal(error$path, "confidence")
  expect_error(ico_rate(list(x = 1), x = "x", denominator = "n"), class = "icsoutcomes_argument_error")
})

test_that("indirectly standardised rates and ratios match PHEindicatormethods' test vectors", {
  df <- vectors("isr_input_multiarea.csv")
  reference <- vectors("isr_refdata.csv")
  expected <- vectors("isr_expected.csv")
  rate <- expected[expected$`function` == "calculate_ISRate" & expected$args == "multiplier=100000" &
                     expected$input == "isr_input_multiarea + isr_refdata", ]
  got <- ico_isr_rate(df, x = "count", n = "pop", x_ref = reference$refcount, n_ref = reference$refpop,
                      group_by = "area", confidence = c(0.95, 0.998))
  expect_equal(got$area, rate$area)
  for (column in c("observed", "expected", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")) {
    expect_close(got[[column]], rate[[column]], tolerance = 1e-8)
  }
  expect_equal(got$method, rate$method)
  # The reference as columns on every row gives the same.
  by_field <- ico_isr_rate(df, x = "count", n = "pop", x_ref = "refcount", n_ref = "refpop", group_by = "area",
                           confidence = c(0.95, 0.998))
  expect_equal(by_field$value, got$value)
  ratio <- ico_isr_ratio(df, x = "count", n = "pop", x_ref = "refcount", n_ref = "refpop", group_by = "area")
  expect_close(ratio$value, rate$observed / rate$expected, tolerance = 1e-12)
  error <- expect_error(ico_isr_ratio(df, x = "count", n = "pop", x_ref = "refcount", n_ref = reference$refpop,
                                      group_by = "area"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "n_ref")
})

test_that("factor groups come out in the order of their levels, as dplyr orders them", {
  df <- data.frame(area = factor(c("b", "a", "c", "a"), levels = c("c", "z", "b", "a", "y")), x = c(1, 2, 3, 4),
                   n = c(10, 10, 10, 10))
  got <- ico_proportion(df, x = "x", denominator = "n", group_by = "area")
  # Unused levels (z, y) make no group, as dplyr drops them.
  expect_equal(as.character(got$area), c("c", "b", "a"))
  expect_equal(got$x, c(3, 1, 6))
  with_missing <- transform(df, area = factor(c("b", NA, "c", "a"), levels = levels(area)))
  expect_equal(as.character(ico_proportion(with_missing, x = "x", denominator = "n", group_by = "area")$area),
               c("c", "b", "a", NA))
  text <- transform(df, area = as.character(area))
  expect_equal(ico_proportion(text, x = "x", denominator = "n", group_by = "area")$area, c("a", "b", "c"))
})

test_that("life expectancy matches PHEindicatormethods' test vectors", {
  df <- vectors("life_expectancy_input.csv")
  expected <- vectors("life_expectancy_expected.csv")
  shuffled <- df[c(20:1), ]
  got <- ico_life_expectancy(shuffled, deaths = "deaths", population = "pops", startage = "startage")
  expect_equal(got$startage, expected$startage)
  # The package's expected limits were made with z = 1.96, not qnorm(0.975): 1e-5 years.
  for (column in c("value", "lowercl", "uppercl")) expect_close(got[[column]], expected[[column]], tolerance = 1e-5)
  expect_close(got$pops_used, expected$pops_used)
  labels <- transform(df, startage = paste0(startage, ifelse(startage == 90, "+", " to x")))
  by_label <- ico_life_expectancy(labels, deaths = "deaths", population = "pops", startage = "startage", le_age = c(5, 25))
  expect_equal(by_label$value, got$value[got$startage %in% c(5, 25)])
})

test_that("groups of bad data are suppressed with a warning each, none dropped", {
  df <- vectors("life_expectancy_grouped_with_warnings_input.csv")
  warned <- list()
  got <- withCallingHandlers(
    ico_life_expectancy(df, deaths = "deaths", population = "pop", startage = "startage", group_by = "area"),
    icsoutcomes_statistics_warning = function(w) {
      warned[[length(warned) + 1]] <<- w
      invokeRestart("muffleWarning")
    }
  )
  expect_equal(nrow(got), nrow(df))
  expect_length(warned, 5)
  expect_true(all(!is.na(got$value[got$area == "Good data"])))
  expect_true(all(is.na(got$value[got$area != "Good data"])))
  expect_equal(deparse(warned[[1]]$call[[1]]), "ico_life_expectancy")
})

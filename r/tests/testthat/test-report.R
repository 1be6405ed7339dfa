test_that("the icon summary reads every target of every ICS", {
  card <- ico_score()
  icons <- ico_icon_summary(card)
  expect_equal(nrow(icons), nrow(ico_targets(card)))
  expect_true(all(icons$code %in% card$code))
  expect_true(all(icons$variation[!is.na(icons$variation)] %in%
                    c("common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
                      "neither_high", "neither_low")))
})

test_that("disclosure control withholds small counts and says so", {
  card <- ico_score()
  plain <- ico_explain(card, card$code[[1]])
  protected <- ico_explain(card, card$code[[1]], suppress = 7, round_to = 5)
  expect_equal(nrow(protected), nrow(plain))
  expect_equal(names(protected), c(names(plain), "disclosure"))
  expect_true(all(protected$disclosure %in% c("published", "suppressed", "secondary_suppressed", "rounded")))
  error <- expect_error(ico_explain(card, card$code[[1]], suppress = 2.5), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "suppress")
  error <- expect_error(ico_explain(card, card$code[[1]], suppress = 8), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "suppress")
  expect_equal(deparse(error$call[[1]]), "ico_explain")
  # NA is never taken for "no disclosure control", nor rounding without suppression.
  error <- expect_error(ico_explain(card, card$code[[1]], suppress = NA), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "suppress")
  error <- expect_error(ico_report(card, card$code[[1]], suppress = NA, replications = 0),
                        class = "icsoutcomes_argument_error")
  expect_equal(error$path, "suppress")
  error <- expect_error(ico_report(card, card$code[[1]], round_to = 5, replications = 0),
                        class = "icsoutcomes_argument_error")
  expect_equal(error$path, "round_to")
})

test_that("an ICS's report is one self-contained page, written where asked", {
  card <- ico_score()
  page <- ico_report(card, card$ods[[1]], replications = 0)
  expect_match(page, "^<!DOCTYPE html>")
  expect_false(grepl("<script", page, fixed = TRUE))
  file <- tempfile(fileext = ".html")
  ico_report(card, card$code[[1]], file = file, previous = ico_score(period = "2026/27 Q3"), replications = 0)
  expect_true(file.size(file) > 10000)
  expect_error(ico_report(card, "Q99", replications = 0), class = "icsoutcomes_not_found_error")
})

test_that("oversight segments every ICS beside its framework score", {
  oversight <- ico_oversight()
  expect_s3_class(oversight, "ico_oversight")
  expect_equal(nrow(oversight), 36)
  expect_true(all(oversight$segment_final %in% 1:5))
  metrics <- attr(oversight, "metrics")
  expect_setequal(unique(metrics$code), oversight$code)
  strict <- ico_oversight(cut_points = c("1.2", "1.5", "2.0"))
  expect_false(identical(strict$segment, oversight$segment))
  error <- expect_error(ico_oversight(cut_points = c(1, 2)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "cut_points")
})

test_that("maturity of the synthetic rounds, with movements", {
  maturity <- ico_maturity()
  expect_named(maturity, c("levels", "dimensions", "criteria", "autonomy", "criterion_divergence",
                           "dimension_divergence", "distribution", "movements"))
  expect_equal(nrow(maturity$levels), 42)
  expect_type(maturity$levels$eligible, "logical")
  expect_error(ico_maturity(tempfile(fileext = ".toml")), class = "icsoutcomes_file_error")
})

test_that("reprojection carries merged ICBs onto their successor", {
  old <- data.frame(area_code = c("E54000063", "E54000064"), metric_id = "ae_4h", period = "2025/26 Q4",
                    value = NA, numerator = c(900, 1100), denominator = c(1000, 1500))
  new <- ico_reproject(old, to = "2026-04", exact = TRUE)
  expect_equal(new$area_code, "E54000069")
  expect_equal(new$numerator, "2000")
  expect_equal(new$denominator, "2500")
  expect_equal(new$value, "80")
  expect_equal(new$method, "merged")
  error <- expect_error(ico_reproject(transform(old, area_code = "E54999999"), to = "2026-04"),
                        class = "icsoutcomes_error")
  expect_match(conditionMessage(error), "E54999999")
})

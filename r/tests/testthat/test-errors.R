observations <- function(...) {
  rows <- data.frame(area_code = "E54000039", metric_id = "ae_4h", period = "2026/27 Q4", value = 78.5)
  utils::modifyList(rows, list(...))
}

test_that("every core error class is an R condition class inheriting error", {
  classes <- ico_error_classes()
  expect_equal(classes$condition, c(
    "icsoutcomes_validation_error", "icsoutcomes_data_error", "icsoutcomes_file_error",
    "icsoutcomes_argument_error", "icsoutcomes_limit_error", "icsoutcomes_not_found_error"
  ))
  expect_equal(classes$python, c("ValidationError", "DataError", "FileError", "ArgumentError", "LimitError",
                                 "NotFoundError"))
})

test_that("an unknown area is a data error naming the field and value", {
  bad <- observations(area_code = "E54999999")
  error <- expect_error(ico_score(observations = bad), class = "icsoutcomes_data_error")
  expect_s3_class(error, "error")
  expect_equal(error$data, "observations")
  expect_equal(error$issues$kind[[1]], "unknown_area")
  expect_equal(error$path, "row 1.area_code")
  expect_equal(error$value, "E54999999")
  caught <- tryCatch(ico_score(observations = bad), icsoutcomes_error = function(e) "caught")
  expect_equal(caught, "caught")
})

test_that("NA where a value is required is named", {
  error <- expect_error(ico_score(observations = observations(area_code = NA_character_)),
                        class = "icsoutcomes_data_error")
  expect_match(error$path, "area_code")
  error <- expect_error(ico_score(observations = observations(value = NA_real_)), class = "icsoutcomes_data_error")
  expect_match(error$path, "value")
})

test_that("wrong types are argument errors naming the argument", {
  error <- expect_error(ico_score(observations = list(1, 2)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "observations")
  error <- expect_error(ico_score(observations = observations(area_code = 1)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "area_code")
  error <- expect_error(ico_score(observations = observations(value = TRUE)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "value")
  error <- expect_error(ico_score(spc = "yes"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "spc")
  error <- expect_error(ico_score(national = "national"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "national")
  error <- expect_error(ico_explain(data.frame(), "E54000039"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "card")
})

test_that("a column the data should not have is refused, not dropped", {
  error <- expect_error(ico_score(observations = observations(comment = "x")), class = "icsoutcomes_error")
  expect_match(conditionMessage(error), "comment")
})

test_that("malformed framework text is a file error; a broken rule a validation error", {
  expect_error(ico_load_framework(text = "kind = \"national\"\nid = [\n"), class = "icsoutcomes_file_error")
  national <- ico_frameworks()$national
  eleven <- paste0(national$text, paste0(
    "\n[[priorities]]\nid = \"extra", 1:11, "\"\ntitle = \"Extra\"\npurpose = \"population_health\"\n",
    collapse = ""
  ))
  error <- expect_error(ico_load_framework(text = eleven), class = "icsoutcomes_error")
  expect_true(inherits(error, "icsoutcomes_validation_error") || inherits(error, "icsoutcomes_file_error"))
  expect_gt(nrow(error$issues), 0)
  expect_error(ico_load_framework(path = tempfile(fileext = ".toml")), class = "icsoutcomes_file_error")
})

test_that("an unknown ICS to explain is not found, naming the code", {
  error <- expect_error(ico_explain(ico_score(), "E54999999"), class = "icsoutcomes_not_found_error")
  expect_equal(error$path, "area")
  expect_equal(error$value, "E54999999")
})

test_that("a panic in the engine is a condition, and R carries on", {
  error <- expect_error(icsoutcomes:::.ico(icsoutcomes:::rs_panic()), class = "icsoutcomes_internal_error")
  expect_s3_class(error, "icsoutcomes_error")
  expect_match(conditionMessage(error), "deliberate panic")
  expect_equal(nrow(ico_score()), 36)
})

test_that("text that is not UTF-8 is refused by name, and latin1 is converted", {
  bytes <- "\xff\xfe"
  Encoding(bytes) <- "bytes"
  error <- expect_error(ico_load_framework(text = bytes), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "text")
  error <- expect_error(ico_score(observations = observations(area_code = bytes)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "observations$area_code")
  latin1 <- "E54000039\xe9"
  Encoding(latin1) <- "latin1"
  error <- expect_error(ico_score(observations = observations(area_code = latin1)), class = "icsoutcomes_data_error")
  expect_equal(error$value, enc2utf8(latin1))
})

test_that("NA is never taken for a default", {
  error <- expect_error(ico_score(missing = NA), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "missing")
  error <- expect_error(ico_score(period = NA_character_), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "period")
  df <- data.frame(x = c(5, 20), n = c(10, 30))
  error <- expect_error(ico_proportion(df, x = "x", denominator = "n", multiplier = NA), class = "icsoutcomes_error")
  expect_equal(error$path, "multiplier")
})

test_that("a weight given twice, or without a priority, is refused", {
  national <- ico_frameworks()$national
  error <- expect_error(ico_score(weighting = c(a = 1, a = 2)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "weighting.a")
  error <- expect_error(ico_score(weighting = c(a = 1, 2)), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "weighting[2]")
})

test_that("numbers with a class are refused, not read as their storage", {
  df <- data.frame(x = c(5, 20), n = c(10, 30))
  df$x <- structure(c(2.47e-323, 9.88e-323), class = "integer64")
  error <- expect_error(ico_proportion(df, x = "x", denominator = "n"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "x")
  days <- data.frame(area_code = "E54000039", metric_id = "ae_4h", period = "2026/27 Q4",
                     value = as.difftime(5, units = "days"))
  expect_error(ico_score(observations = days), class = "icsoutcomes_argument_error")
})

test_that("an error names the function called, with or without the package's name", {
  error <- expect_error(icsoutcomes::ico_score(missing = "sometimes"), class = "icsoutcomes_argument_error")
  expect_equal(deparse(error$call[[1]]), "icsoutcomes::ico_score")
})

test_that("the version with data names the embedded data's vintage, or is refused as an argument", {
  expect_match(ico_version(), "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  line <- ico_version(data = TRUE)
  expect_true(startsWith(line, paste0(ico_version(), " (embedded data: 2026/27 edition: ICBs of 2026-04")))
  error <- expect_error(ico_version(data = NA), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "data")
})

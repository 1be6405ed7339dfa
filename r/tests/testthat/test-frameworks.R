test_that("the embedded frameworks of both editions", {
  current <- ico_frameworks()
  expect_s3_class(current$national, "ico_framework")
  expect_equal(current$national$kind, "national")
  expect_gt(length(current$locals), 0)
  expect_true(all(vapply(current$locals, function(f) f$kind, "") == "local"))
  expect_true(all(vapply(current$locals, function(f) f$version, "") == current$national$version))
  before <- ico_frameworks("2025/26")
  expect_false(identical(before$national$version, current$national$version))
  expect_output(print(current$national), "ico_framework national")
})

test_that("a framework reads back from its text, and from a file", {
  frameworks <- ico_frameworks()
  again <- ico_load_framework(text = frameworks$national$text)
  expect_identical(again$text, frameworks$national$text)
  file <- tempfile(fileext = ".toml")
  writeLines(frameworks$locals[[1]]$text, file)
  local <- ico_load_framework(file)
  expect_equal(local$kind, "local")
  expect_identical(local$text, frameworks$locals[[1]]$text)
  card <- ico_score(again, list(local))
  expect_equal(nrow(card), 36)
})

test_that("frameworks saved with saveRDS score again (checked from their text)", {
  frameworks <- ico_frameworks()
  file <- tempfile(fileext = ".rds")
  saveRDS(frameworks, file)
  restored <- readRDS(file)
  expect_equal(ico_score(restored$national, restored$locals)$overall, ico_score()$overall)
})

test_that("a local framework whose ICB was abolished is refused naming where it went", {
  before <- ico_frameworks("2025/26")
  text <- before$locals[[1]]$text
  result <- tryCatch(ico_load_framework(text = text, national = before$national), icsoutcomes_error = function(e) e)
  if (inherits(result, "icsoutcomes_error")) {
    expect_s3_class(result, "icsoutcomes_validation_error")
    expect_match(conditionMessage(result), "2026")
  } else {
    expect_equal(result$kind, "local")
  }
})

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
  areas <- vapply(before$locals, function(f) f$area, "")
  abolished <- setdiff(areas, ico_systems("2026-04")$code)
  expect_gt(length(abolished), 0)
  local <- before$locals[[match(abolished[[1]], areas)]]
  error <- expect_error(ico_load_framework(text = local$text, national = before$national),
                        class = "icsoutcomes_validation_error")
  expect_equal(error$issues$kind[[1]], "other_vintage")
  expect_match(conditionMessage(error), "2026-04-01")
  # In the vintage of its time it loads.
  expect_equal(ico_load_framework(text = local$text, national = before$national, vintage = "2023-04")$area,
               abolished[[1]])
})

test_that("a path and a text together are refused, not one of them dropped", {
  national <- ico_frameworks()$national
  file <- tempfile(fileext = ".toml")
  writeLines(national$text, file)
  error <- expect_error(ico_load_framework(file, text = national$text), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "text")
})

test_that("a framework of the wrong kind is refused by name, from its handle or its text", {
  frameworks <- ico_frameworks()
  error <- expect_error(ico_score(national = frameworks$locals[[1]]), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "national")
  file <- tempfile(fileext = ".rds")
  saveRDS(frameworks$national, file)
  error <- expect_error(ico_score(locals = list(readRDS(file))), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "locals")
})

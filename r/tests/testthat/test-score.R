test_that("ico_score() scores the embedded default, league-table ordered", {
  card <- ico_score()
  expect_s3_class(card, c("ico_scorecard", "data.frame"), exact = TRUE)
  expect_equal(nrow(card), 36)
  expect_equal(names(card)[1:5], c("rank", "code", "ods", "name", "overall"))
  expect_true(all(diff(card$overall) <= 0))
  expect_type(card$rank, "integer")
  expect_setequal(card$code, ico_systems()$code)
  record <- attr(card, "record")
  expect_match(record, "\"library\"")
  expect_match(record, ico_version(), fixed = TRUE)
})

test_that("an explanation adds up exactly to the ICS's score", {
  card <- ico_score(exact = TRUE)
  expect_type(card$overall, "character")
  for (code in card$code[1:5]) {
    why <- ico_explain(card, code, exact = TRUE)
    # Exact decimals: the sum of the contributions' text, in whole units of 10^-28, is the score.
    expect_equal(sum(as.numeric(why$contribution)), as.numeric(card$overall[card$code == code]), tolerance = 1e-15)
    expect_true(all(nchar(why$contribution[!is.na(why$contribution)]) > 0))
  }
  ods <- card$ods[[1]]
  expect_equal(ico_explain(card, ods), ico_explain(card, card$code[[1]]))
})

test_that("the 2025/26 edition scores the 42 ICSs before April 2026", {
  card <- ico_score(edition = "2025/26")
  expect_equal(nrow(card), 42)
  expect_equal(nrow(ico_systems("2023-04")), 42)
})

test_that("observations from a data frame score as the embedded ones do", {
  frameworks <- ico_frameworks()
  card <- ico_score()
  targets <- ico_targets(card)
  expect_equal(nrow(targets), sum(card$targets_judged + card$targets_no_data))
  # A data frame of the edition's own observations scores the same.
  path <- file.path(Sys.getenv("ICS_OUTCOMES_ROOT"), "crates", "ics-outcomes", "data", "2026-27", "observations.csv")
  skip_if_not(file.exists(path), "the workspace's embedded data are not at ICS_OUTCOMES_ROOT")
  observations <- utils::read.csv(path, comment.char = "#", colClasses = c(value = "character",
                                  numerator = "character", denominator = "character"))
  again <- ico_score(frameworks$national, frameworks$locals, observations)
  expect_equal(again$overall, card$overall)
  expect_equal(again$code, card$code)
})

test_that("another weighting policy changes the scores; an unknown one is named", {
  card <- ico_score()
  per_target <- ico_score(weighting = "equal_per_target")
  expect_false(identical(per_target$overall, card$overall))
  error <- expect_error(ico_score(weighting = "equal_per_planet"), class = "icsoutcomes_argument_error")
  expect_equal(error$path, "weighting")
  expect_equal(error$value, "equal_per_planet")
})

test_that("a scorecard saved and read back says how to get its explanation again", {
  card <- ico_score()
  file <- tempfile(fileext = ".rds")
  saveRDS(card, file)
  restored <- readRDS(file)
  expect_equal(restored$overall, card$overall)
  error <- expect_error(ico_explain(restored, restored$code[[1]]), class = "icsoutcomes_not_found_error")
  expect_match(conditionMessage(error), "score again")
})

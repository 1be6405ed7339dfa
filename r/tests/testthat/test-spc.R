readmissions <- data.frame(
  month = 1:12,
  readmitted = c(30, 28, 35, 31, 29, 33, 30, 32, 31, 29, 33, 70),
  discharged = c(400, 380, 420, 410, 390, 405, 398, 402, 400, 395, 410, 410)
)

test_that("a P' chart flags the last month as a special cause of concern", {
  p <- ico_spc_chart(readmissions, value = "readmitted", date = "month", chart = "p_prime",
                     denominator = "discharged", improvement = "decrease")
  expect_equal(round(p$plotted[[12]], 4), 0.1707)
  expect_true(p$sigma_signal[[12]])
  expect_equal(p$point_type[[12]], "special_cause_concern")
  expect_equal(names(p)[1:3], names(readmissions))
})

test_that("charts come back in chart order, by group then date, whatever the input order", {
  two <- rbind(transform(readmissions, ward = "B"), transform(readmissions, ward = "A"))
  shuffled <- two[c(24:13, 1:12), ]
  chart <- ico_spc_chart(shuffled, value = "readmitted", date = "month", group_by = "ward")
  expect_equal(chart$ward, rep(c("A", "B"), each = 12))
  expect_equal(chart$month, rep(1:12, 2))
  one <- ico_spc_chart(readmissions, value = "readmitted", date = "month")
  expect_equal(chart$upper[1:12], one$upper)
})

test_that("a gap stays a gap, with its reason", {
  gappy <- readmissions
  gappy$readmitted[[5]] <- NA
  chart <- ico_spc_chart(gappy, value = "readmitted", date = "month")
  expect_true(is.na(chart$plotted[[5]]))
  expect_false(chart$status[[5]] == "charted")
})

test_that("NHS periods and dates as text order the points", {
  quarters <- data.frame(quarter = c("2025/26 Q2", "2025/26 Q1", "2025/26 Q4", "2025/26 Q3"), v = c(2, 1, 4, 3))
  chart <- ico_xmr(quarters, value = "v", date = "quarter")
  expect_equal(chart$v, c(1, 2, 3, 4))
  error <- expect_error(ico_xmr(transform(quarters, quarter = c("2025/26 Q2", "2025/26 Q5", "x", "y")),
                                value = "v", date = "quarter"), class = "icsoutcomes_data_error")
  expect_match(conditionMessage(error), "quarter")
  days <- data.frame(day = as.Date("2026-01-01") + c(3, 1, 2, 0), v = c(4, 2, 3, 1))
  expect_equal(ico_xmr(days, value = "v", date = "day")$v, c(1, 2, 3, 4))
})

test_that("an XmR chart gives NHSRplotthedots' limits", {
  chart <- ico_xmr(readmissions, value = "readmitted", date = "month")
  moving <- abs(diff(readmissions$readmitted))
  screened <- moving[moving <= 3.267 * mean(moving)]
  expect_equal(chart$mean[[1]], mean(readmissions$readmitted))
  expect_equal(chart$upl[[1]], mean(readmissions$readmitted) + 2.66 * mean(screened))
})

test_that("chart options are checked by the core and named", {
  error <- expect_error(ico_spc_chart(readmissions, value = "readmitted", date = "month", chart = "pie"),
                        class = "icsoutcomes_argument_error")
  expect_equal(error$path, "chart")
  error <- expect_error(ico_spc_chart(readmissions, value = "readmitted", date = "month", shift = 3),
                        class = "icsoutcomes_argument_error")
  expect_match(conditionMessage(error), "shift")
  error <- expect_error(ico_spc_chart(readmissions, value = "readmitted", date = "month", chart = "p"),
                        class = "icsoutcomes_error")
  expect_match(conditionMessage(error), "denominator")
})

library(testthat)
library(icsoutcomes)

test_check("icsoutcomes")

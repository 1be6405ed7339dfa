# Times ico_score() on the embedded 2026/27 frameworks with the edition's observations as a
# data frame (read once, as an analyst's would be), `repeats` times after one warm-up call,
# and prints each time in seconds, one a line. Called by benches/r_scoring.py.
args <- commandArgs(trailingOnly = TRUE)
csv <- args[[1]]
repeats <- as.integer(args[[2]])
library(icsoutcomes)
frameworks <- ico_frameworks()
observations <- utils::read.csv(csv, comment.char = "#", stringsAsFactors = FALSE)
score <- function() ico_score(frameworks$national, frameworks$locals, observations)
stopifnot(nrow(score()) == 36)
for (i in seq_len(repeats)) {
  # Sys.time() has microseconds; proc.time() only milliseconds.
  started <- Sys.time()
  score()
  cat(sprintf("%.6f\n", as.numeric(Sys.time() - started, units = "secs")))
}

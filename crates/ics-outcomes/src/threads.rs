//! How many threads a bulk call may use.
//!
//! Calls over many rows (interval limits, XmR charts over many series, rank-uncertainty
//! replications) split their work into contiguous parts computed on rayon's pool. Each part
//! computes exactly what one thread would, and parts never share an accumulator, so a result
//! is identical, bit for bit, whatever the number of threads.
//!
//! The cap is one setting for the process: engines that already run one call per core
//! (Spark, DuckDB, Polars' own pool) set it to 1.
//!
//! ```
//! use ics_outcomes::threads;
//! threads::set_max_threads(1);
//! assert_eq!(threads::max_threads(), 1);
//! threads::set_max_threads(0); // back to every core
//! assert!(threads::max_threads() >= 1);
//! ```

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// The cap; 0 means every core rayon sees.
static CAP: AtomicUsize = AtomicUsize::new(0);

/// Caps the threads a bulk call uses at `threads`; 0 lifts the cap (every core). The cores
/// are rayon's: `RAYON_NUM_THREADS` sets how many it sees.
pub fn set_max_threads(threads: usize) {
    CAP.store(threads, Ordering::Relaxed);
}

/// The most threads a bulk call uses now: the cap, or the number of cores if fewer.
pub fn max_threads() -> usize {
    let cores = rayon::current_num_threads().max(1);
    match CAP.load(Ordering::Relaxed) {
        0 => cores,
        cap => cap.min(cores),
    }
}

/// How many contiguous parts `items` items of work split into, when a part is worth its
/// thread only above `min_per_part` items.
pub(crate) fn parts(items: usize, min_per_part: usize) -> usize {
    (items / min_per_part.max(1)).clamp(1, max_threads())
}

/// Fills `out` by `fill(first_index, part)` over contiguous parts, in parallel when large.
pub(crate) fn fill<T: Send>(out: &mut [T], min_per_part: usize, fill: impl Fn(usize, &mut [T]) + Sync) {
    fill_rows(out, 1, min_per_part, fill);
}

/// Fills `out`, rows of `row` items laid end to end, by `fill(first_row, part)` over parts
/// of whole rows, in parallel when large.
pub(crate) fn fill_rows<T: Send>(
    out: &mut [T],
    row: usize,
    min_per_part: usize,
    fill: impl Fn(usize, &mut [T]) + Sync,
) {
    let row = row.max(1);
    let parts = parts(out.len(), min_per_part);
    if parts == 1 {
        return fill(0, out);
    }
    let rows = (out.len() / row).div_ceil(parts).max(1);
    out.par_chunks_mut(rows * row).enumerate().for_each(|(i, part)| fill(i * rows, part));
}

/// Fills two equal-length outputs by `fill(first_index, part_a, part_b)`, in parallel when large.
pub(crate) fn fill_pair<A: Send, B: Send>(
    a: &mut [A],
    b: &mut [B],
    min_per_part: usize,
    fill: impl Fn(usize, &mut [A], &mut [B]) + Sync,
) {
    debug_assert_eq!(a.len(), b.len());
    let parts = parts(a.len(), min_per_part);
    if parts == 1 {
        return fill(0, a, b);
    }
    let size = a.len().div_ceil(parts);
    a.par_chunks_mut(size).zip(b.par_chunks_mut(size)).enumerate().for_each(|(i, (a, b))| fill(i * size, a, b));
}

/// `0..count` cut into contiguous runs, as many as [`parts`] gives.
pub(crate) fn runs(count: usize, min_per_part: usize) -> Vec<Range<usize>> {
    let parts = parts(count, min_per_part);
    (0..parts).map(|p| count * p / parts..count * (p + 1) / parts).collect()
}

/// `work(part)` for each of the parts a caller has split its work into (at most
/// [`max_threads`]), in order, in parallel when there are several.
pub(crate) fn map_parts<T: Send, R: Send>(parts: Vec<T>, work: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if parts.len() <= 1 {
        return parts.into_iter().map(work).collect();
    }
    parts.into_par_iter().map(work).collect()
}

/// `map(i)` for each `i` in `0..count`, in order, in parallel when `count` is large.
pub(crate) fn map<T: Send>(count: usize, min_per_part: usize, map: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    map_init(count, min_per_part, || (), |(), i| map(i))
}

/// [`map`] with a state that each part of the work (a rayon job, so at least one per
/// thread) makes for itself by `init` and passes to every `map` it runs: copies of shared
/// values, so threads do not contend for one reference count.
pub(crate) fn map_init<S, T: Send>(
    count: usize,
    min_per_part: usize,
    init: impl Fn() -> S + Sync + Send,
    map: impl Fn(&mut S, usize) -> T + Sync + Send,
) -> Vec<T> {
    let parts = parts(count, min_per_part);
    if parts == 1 {
        let mut state = init();
        return (0..count).map(|i| map(&mut state, i)).collect();
    }
    (0..count).into_par_iter().with_min_len(count.div_ceil(parts)).map_init(init, map).collect()
}

/// Whether `test` holds for any block of the rows `0..rows`, blocks tested in parallel when
/// there are many.
pub(crate) fn any_block(rows: usize, min_per_part: usize, test: impl Fn(Range<usize>) -> bool + Sync) -> bool {
    const BLOCK: usize = 4096;
    let blocks = rows.div_ceil(BLOCK);
    let block = |b: usize| test(b * BLOCK..((b + 1) * BLOCK).min(rows));
    let parts = parts(rows, min_per_part);
    if parts == 1 {
        return (0..blocks).any(block);
    }
    (0..blocks).into_par_iter().with_min_len(blocks.div_ceil(parts)).any(block)
}

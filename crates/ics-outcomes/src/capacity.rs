//! Work too large to hold in memory is refused before anything is allocated.
//!
//! Replication counts (Monte Carlo draws, uncertainty and sensitivity runs, bootstrap
//! resamples) come from users and size buffers directly. A count whose buffers overflow
//! `usize`, or that the allocator cannot provide, is an [`Error::Argument`] naming the count,
//! not an arithmetic-overflow panic or an aborted process.

use crate::Error;

/// `Ok` when `count` items of `bytes_each` bytes can be allocated; otherwise an
/// [`Error::Argument`] naming `argument` and the count.
///
/// The check asks the allocator for the whole size and gives it straight back: untouched
/// pages cost nothing, and a size the system cannot provide fails here, recoverably, rather
/// than in the `vec!` that would abort.
pub(crate) fn ensure_allocatable(argument: &str, count: usize, bytes_each: usize) -> Result<(), Error> {
    let fits =
        count.checked_mul(bytes_each.max(1)).is_some_and(|bytes| Vec::<u8>::new().try_reserve_exact(bytes).is_ok());
    if fits {
        Ok(())
    } else {
        Err(Error::argument(
            argument,
            count,
            format!("too large: {count} × {bytes_each} bytes of working memory cannot be allocated"),
        ))
    }
}

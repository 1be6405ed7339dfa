//! Notes on charts: what happened at a date (a new pathway, a coding change, a
//! reorganisation), carried to every chart's point and every summary's row so that a reader
//! sees the reason beside the signal.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A note at a date, on one series or on all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// The date, as the same sortable ordinal as the rows' dates.
    pub date: i64,
    /// The series (group code) the note is for; every series when `None`.
    pub group: Option<u32>,
    /// What happened.
    pub text: String,
}

/// Each row's annotations, joined with `"; "` in the order given: those at the row's date,
/// for its group or for every group.
///
/// ```
/// use ics_outcomes::spc::{Annotation, annotations_by_row};
/// let dates = [1, 2, 3, 1, 2, 3];
/// let groups = [0, 0, 0, 1, 1, 1];
/// let notes = [
///     Annotation { date: 2, group: None, text: "new triage".into() },
///     Annotation { date: 3, group: Some(1), text: "ICB merged".into() },
/// ];
/// let by_row = annotations_by_row(&dates, Some(&groups), &notes)?;
/// assert_eq!(by_row[1].as_deref(), Some("new triage"));
/// assert_eq!(by_row[5].as_deref(), Some("ICB merged"));
/// assert_eq!(by_row[2], None);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`] naming an annotation whose date is no row's date in its series: it
/// could not be shown, and a note is never dropped silently.
pub fn annotations_by_row(
    dates: &[i64],
    groups: Option<&[u32]>,
    annotations: &[Annotation],
) -> Result<Vec<Option<String>>, Error> {
    if groups.is_some_and(|g| g.len() != dates.len()) {
        return Err(Error::argument("groups", format!("{} dates", dates.len()), "one group per row"));
    }
    if annotations.is_empty() {
        return Ok(vec![None; dates.len()]);
    }
    let group = |row: usize| groups.map_or(0, |g| g[row]);
    let mut rows_at: HashMap<i64, Vec<usize>> = HashMap::new();
    for (row, &date) in dates.iter().enumerate() {
        rows_at.entry(date).or_default().push(row);
    }
    let mut texts: Vec<Option<String>> = vec![None; dates.len()];
    for (i, annotation) in annotations.iter().enumerate() {
        let rows = rows_at.get(&annotation.date).map_or(&[][..], Vec::as_slice);
        let mut placed = false;
        for &row in rows.iter().filter(|&&row| annotation.group.is_none_or(|g| g == group(row))) {
            placed = true;
            match &mut texts[row] {
                Some(text) => {
                    text.push_str("; ");
                    text.push_str(&annotation.text);
                }
                empty => *empty = Some(annotation.text.clone()),
            }
        }
        if !placed {
            return Err(Error::argument(
                &format!("annotations[{i}]"),
                annotation.text.clone(),
                "its date is not a date of the series it is for",
            ));
        }
    }
    Ok(texts)
}

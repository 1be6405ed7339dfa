//! Groups of rows, as integer codes, and the one-pass sums over them.

use std::borrow::Cow;

use crate::Error;
use crate::error::DataKind;

/// An assignment of rows to groups `0..count`: the columnar form of dplyr's `group_by`.
///
/// Build it once from codes (or from keys with [`Groups::from_keys`], which orders groups by
/// key as dplyr does) and reuse it for every column.
///
/// ```
/// use ics_outcomes::stats::Groups;
/// let (groups, keys) = Groups::from_keys(&["b", "a", "b"]);
/// assert_eq!(keys, ["a", "b"]);
/// assert_eq!(groups.sum(&[1.0, 2.0, 3.0]), [2.0, 4.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    codes: Vec<u32>,
    count: usize,
}

impl Groups {
    /// Groups from one code per row; every code must be below `count`.
    pub fn new(codes: Vec<u32>, count: usize) -> Result<Self, Error> {
        if let Some((row, code)) = codes.iter().enumerate().find(|&(_, &c)| c as usize >= count) {
            return Err(Error::argument(
                "group codes",
                format!("row {row}: {code}"),
                format!("codes must be below the group count {count}"),
            ));
        }
        Ok(Groups { codes, count })
    }

    /// All `rows` rows in one group (an ungrouped frame).
    pub fn single(rows: usize) -> Self {
        Groups { codes: vec![0; rows], count: usize::from(rows > 0) }
    }

    /// The given groups, or all `rows` rows in one group when there are none (the functions
    /// that always summarise treat an ungrouped frame as one group, as the package does).
    pub fn or_single(groups: Option<&Groups>, rows: usize) -> Cow<'_, Groups> {
        groups.map_or_else(|| Cow::Owned(Groups::single(rows)), Cow::Borrowed)
    }

    /// Groups from one key per row, numbered in ascending key order; returns the distinct keys.
    pub fn from_keys<K: Ord + Clone>(keys: &[K]) -> (Self, Vec<K>) {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        let mut codes = vec![0u32; keys.len()];
        let mut distinct: Vec<K> = Vec::new();
        for &row in &order {
            let key = &keys[row as usize];
            if distinct.last() != Some(key) {
                distinct.push(key.clone());
            }
            codes[row as usize] = (distinct.len() - 1) as u32;
        }
        let count = distinct.len();
        (Groups { codes, count }, distinct)
    }

    /// Lays a per-band vector (a standard or reference population) onto the rows by position
    /// within each group, as the package matches vectors: every group must have as many rows
    /// as the vector has values.
    ///
    /// # Errors
    /// [`Error::Data`] when groups differ in size, or their size differs from the vector's.
    pub fn by_position(&self, name: &str, vector: &[f64]) -> Result<Vec<f64>, Error> {
        let sizes = self.sizes();
        let problem = if sizes.iter().any(|&s| s != sizes[0]) {
            Some((
                "group_by".to_owned(),
                String::new(),
                "data must contain the same number of rows for each group".to_owned(),
            ))
        } else if sizes.first().is_some_and(|&size| size != vector.len()) {
            Some((
                name.to_owned(),
                vector.len().to_string(),
                format!("{name} length must equal number of rows in each group within data"),
            ))
        } else {
            None
        };
        if let Some((path, value, reason)) = problem {
            let issue = crate::error::Issue::new(path, value, crate::error::IssueKind::Invalid { reason });
            return Err(Error::Data {
                data: DataKind::IndicatorData,
                source_name: name.to_owned(),
                issues: crate::error::Issues(vec![issue]),
            });
        }
        let mut position = vec![0usize; self.count];
        Ok(self
            .codes
            .iter()
            .map(|&code| {
                let at = &mut position[code as usize];
                *at += 1;
                vector[*at - 1]
            })
            .collect())
    }

    /// The group of each row.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// How many groups there are.
    pub fn count(&self) -> usize {
        self.count
    }

    /// How many rows there are.
    pub fn rows(&self) -> usize {
        self.codes.len()
    }

    /// Sum of `values` per group in one pass; a missing (`NaN`) value makes its group's sum
    /// missing, as R's `sum` does.
    pub fn sum(&self, values: &[f64]) -> Vec<f64> {
        let mut sums = vec![0.0; self.count];
        for (&code, &value) in self.codes.iter().zip(values) {
            sums[code as usize] += value;
        }
        sums
    }

    /// Sum per group treating missing values as zero.
    pub fn sum_present(&self, values: &[f64]) -> Vec<f64> {
        let mut sums = vec![0.0; self.count];
        for (&code, &value) in self.codes.iter().zip(values) {
            if !value.is_nan() {
                sums[code as usize] += value;
            }
        }
        sums
    }

    /// Rows per group.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.count];
        for &code in &self.codes {
            sizes[code as usize] += 1;
        }
        sizes
    }

    /// The rows of each group, in input order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut members: Vec<Vec<usize>> = self.sizes().into_iter().map(Vec::with_capacity).collect();
        for (row, &code) in self.codes.iter().enumerate() {
            members[code as usize].push(row);
        }
        members
    }
}

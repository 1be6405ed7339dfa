//! The columnar result of a statistic, with the package's column names.

use crate::Error;

/// A result table: named columns of equal length, in the package's order and names.
///
/// Missing values (R's `NA`) are `NaN` in [`ColumnData::Number`] and `None` in
/// [`ColumnData::Text`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns, in output order.
    pub columns: Vec<Column>,
    /// How many rows every column has.
    pub rows: usize,
    /// What the package reports as warnings: results were computed, but some were
    /// suppressed or adjusted (e.g. groups with too few values for quantiles).
    pub warnings: Vec<String>,
}

/// One named output column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column name, e.g. `value`, `lower95_0cl` or `statistic`.
    pub name: String,
    /// What the column holds, which decides whether an [`OutputType`] keeps it.
    pub role: Role,
    /// The values.
    pub data: ColumnData,
}

/// The values of a [`Column`].
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers; `NaN` is missing.
    Number(Vec<f64>),
    /// Text from a small set of labels: `codes[i]` indexes `labels`, `None` is missing.
    Text {
        /// The distinct strings.
        labels: Vec<String>,
        /// One code per row.
        codes: Vec<Option<u32>>,
    },
    /// The same text on every row (`None`: missing on every row), stored once: the
    /// `confidence`, `statistic` and `method` labels of most statistics.
    Repeated(Option<String>),
}

impl ColumnData {
    /// Text stored once per row, so that single rows can change: a [`ColumnData::Repeated`]
    /// becomes [`ColumnData::Text`] over `rows` rows; other data are unchanged.
    pub fn expand(&mut self, rows: usize) {
        if let ColumnData::Repeated(label) = self {
            let (labels, code) = match label.take() {
                Some(label) => (vec![label], Some(0)),
                None => (Vec::new(), None),
            };
            *self = ColumnData::Text { labels, codes: vec![code; rows] };
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Role {
    /// Aggregated inputs or intermediate quantities (`total_count`, `value_sum`, `observed`).
    Data,
    /// The point estimate.
    Value,
    /// A lower confidence or control limit.
    Lower,
    /// An upper confidence or control limit.
    Upper,
    /// Descriptive metadata (`confidence`, `statistic`, `method`).
    Metadata,
}

/// Which columns to return, as the package's `type` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputType {
    /// Data, value, limits and metadata (the default).
    #[default]
    Full,
    /// Data, value and limits.
    Standard,
    /// The point estimate only.
    Value,
    /// The lower limits only.
    Lower,
    /// The upper limits only.
    Upper,
}

impl std::str::FromStr for OutputType {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        OutputType::ALL
            .into_iter()
            .find(|t| t.name() == text)
            .ok_or_else(|| Error::argument("type", text, "type must be one of value, lower, upper, standard or full"))
    }
}

impl OutputType {
    /// Every output type, in the package's order.
    pub const ALL: [OutputType; 5] =
        [OutputType::Value, OutputType::Lower, OutputType::Upper, OutputType::Standard, OutputType::Full];

    /// The package's name for it (`type = "full"`).
    pub fn name(self) -> &'static str {
        match self {
            OutputType::Full => "full",
            OutputType::Standard => "standard",
            OutputType::Value => "value",
            OutputType::Lower => "lower",
            OutputType::Upper => "upper",
        }
    }

    fn keeps(self, role: Role) -> bool {
        match self {
            OutputType::Full => true,
            OutputType::Standard => role != Role::Metadata,
            OutputType::Value => role == Role::Value,
            OutputType::Lower => role == Role::Lower,
            OutputType::Upper => role == Role::Upper,
        }
    }
}

impl Table {
    pub(crate) fn new(rows: usize) -> Self {
        Table { columns: Vec::new(), rows, warnings: Vec::new() }
    }

    pub(crate) fn number(&mut self, name: impl Into<String>, role: Role, values: Vec<f64>) {
        debug_assert_eq!(values.len(), self.rows);
        self.columns.push(Column { name: name.into(), role, data: ColumnData::Number(values) });
    }

    pub(crate) fn text(&mut self, name: impl Into<String>, role: Role, labels: Vec<String>, codes: Vec<Option<u32>>) {
        debug_assert_eq!(codes.len(), self.rows);
        self.columns.push(Column { name: name.into(), role, data: ColumnData::Text { labels, codes } });
    }

    /// A metadata column with one value on every row (`None`: missing on every row).
    pub(crate) fn constant(&mut self, name: impl Into<String>, value: Option<String>) {
        self.columns.push(Column { name: name.into(), role: Role::Metadata, data: ColumnData::Repeated(value) });
    }

    /// Keeps the columns an [`OutputType`] asks for.
    pub fn select(mut self, output: OutputType) -> Self {
        self.columns.retain(|c| output.keeps(c.role));
        self
    }

    /// The column called `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The numbers of the column called `name`, if it is numeric.
    pub fn numbers(&self, name: &str) -> Option<&[f64]> {
        match &self.column(name)?.data {
            ColumnData::Number(values) => Some(values),
            ColumnData::Text { .. } | ColumnData::Repeated(_) => None,
        }
    }

    /// The text of row `row` of the column called `name`, if it is text and not missing.
    pub fn text_at(&self, name: &str, row: usize) -> Option<&str> {
        match &self.column(name)?.data {
            ColumnData::Text { labels, codes } => {
                codes.get(row).copied().flatten().map(|c| labels[c as usize].as_str())
            }
            ColumnData::Repeated(label) => label.as_deref().filter(|_| row < self.rows),
            ColumnData::Number(_) => None,
        }
    }

    /// The column names in order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

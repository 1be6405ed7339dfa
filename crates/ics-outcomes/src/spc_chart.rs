//! Which Making Data Count chart a series is drawn with: a framework metric names one
//! (`spc_chart`), and every chart of [`spc`](crate::spc) takes one.

crate::util::label_enum! {
    /// Which chart (`chart=` in every front end).
    pub enum ChartKind("chart") {
        /// Individuals and moving ranges, as [`xmr`](crate::spc::xmr).
        Xmr => "xmr",
        /// Proportions: numerators of denominators.
        P => "p",
        /// Laney's P′: a P chart whose σ also carries the variation between points;
        /// recommended when denominators are large.
        PPrime => "p_prime",
        /// Rates: counts per unit of exposure.
        U => "u",
        /// Laney's U′, the U chart with the variation between points.
        UPrime => "u_prime",
        /// The median and Anhøj's runs rules, no limits.
        Run => "run",
        /// Time between rare events.
        T => "t",
        /// Opportunities (cases, days) between rare events.
        G => "g",
    }
}

/// XmR is the chart Making Data Count starts from.
impl Default for ChartKind {
    fn default() -> Self {
        ChartKind::Xmr
    }
}

impl ChartKind {
    /// The chart's name as titles and keys show it.
    pub const fn title(self) -> &'static str {
        match self {
            ChartKind::Xmr => "XmR chart",
            ChartKind::P => "P chart",
            ChartKind::PPrime => "P′ chart (Laney)",
            ChartKind::U => "U chart",
            ChartKind::UPrime => "U′ chart (Laney)",
            ChartKind::Run => "Run chart",
            ChartKind::T => "T chart (time between events)",
            ChartKind::G => "G chart (opportunities between events)",
        }
    }

    /// What the centre line is, as keys show it.
    pub const fn centre_line(self) -> &'static str {
        match self {
            ChartKind::Run | ChartKind::G => "Centre line (median)",
            ChartKind::T => "Centre line (mean of y^(1/3.6), back-transformed)",
            _ => "Centre line (mean)",
        }
    }

    /// Whether the chart charts numerators over denominators.
    pub const fn needs_denominator(self) -> bool {
        matches!(self, ChartKind::P | ChartKind::PPrime | ChartKind::U | ChartKind::UPrime)
    }

    /// Whether the chart has control limits (all but the run chart).
    pub const fn has_limits(self) -> bool {
        !matches!(self, ChartKind::Run)
    }

    pub(crate) const fn laney(self) -> bool {
        matches!(self, ChartKind::PPrime | ChartKind::UPrime)
    }

    pub(crate) const fn proportion(self) -> bool {
        matches!(self, ChartKind::P | ChartKind::PPrime)
    }
}

//! Frameworks and their parts as Python classes: thin wrappers over the core definitions.
//! Every constructor builds a core definition and lets the core check it.

use ics_outcomes::FrameworkFile;
use ics_outcomes::files::{Format, write};
use ics_outcomes::vintage::CURRENT;
use ics_outcomes::{
    Geography, LocalFramework, LocalFrameworkDef, LocalKind, LocalTrajectoryDef, Metric, NationalFramework,
    NationalFrameworkDef, NationalKind, PriorityDef, TargetDef, Tier, defaults,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use rust_decimal::Decimal;

use crate::convert::{Int, decimal, name_of, named, opt_decimal, opt_named, parsed, period};
use crate::errors::OrRaise;
use crate::results::display;

/// A metric: what is measured, its unit, which direction is better, and to how many
/// decimal places it is published.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> metric = ico.Metric("ae_4h", "A&E: patients seen within 4 hours", "percentage",
/// ...                     "higher_is_better", 1)
/// >>> metric
/// Metric("ae_4h", percentage, higher_is_better, 1 dp)
/// >>> ico.default_national_framework().metrics[0].name
/// 'Referral to treatment: % of waiting list within 18 weeks'
#[pyclass(module = "ics_outcomes", name = "Metric", frozen, eq, from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyMetric(pub Metric);

#[pymethods]
impl PyMetric {
    #[new]
    #[pyo3(signature = (
        id, name, unit, polarity, decimals, source=None, statistic=None, combine=None, weight=None, spc_chart=None
    ))]
    #[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python class.
    fn new(
        id: String,
        name: String,
        unit: &str,
        polarity: &str,
        decimals: Int,
        source: Option<String>,
        statistic: Option<&str>,
        combine: Option<&str>,
        weight: Option<String>,
        spc_chart: Option<&str>,
    ) -> PyResult<Self> {
        Ok(PyMetric(Metric {
            id,
            name,
            unit: parsed(unit, "Metric.unit")?,
            polarity: named(polarity, "Metric.polarity")?,
            decimals: decimals.get("Metric.decimals")?,
            source,
            statistic: opt_named(statistic, "Metric.statistic")?,
            combine: opt_named(combine, "Metric.combine")?,
            weight,
            spc_chart: opt_named(spc_chart, "Metric.spc_chart")?,
        }))
    }

    /// How values without counts combine when ICBs merge or split: `sum`,
    /// `weighted_mean` (by `weight`), `not_combinable`, or `None` (only counts combine).
    #[getter]
    fn combine(&self) -> Option<String> {
        self.0.combine.as_ref().map(name_of)
    }

    /// The metric whose value weights this one's in a weighted mean.
    #[getter]
    fn weight(&self) -> Option<&str> {
        self.0.weight.as_deref()
    }

    /// The Making Data Count chart of the metric's history (`xmr` when `None`).
    #[getter]
    fn spc_chart(&self) -> Option<&'static str> {
        self.0.spc_chart.map(|c| c.as_str())
    }

    /// Unique id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// Unit, e.g. `percentage` or `rate per 100000`.
    #[getter]
    fn unit(&self) -> String {
        self.0.unit.to_string()
    }

    /// `higher_is_better`, `lower_is_better` or `no_judgement`.
    #[getter]
    fn polarity(&self) -> String {
        name_of(&self.0.polarity)
    }

    /// Publication decimals: values are rounded to these before targets are judged.
    #[getter]
    fn decimals(&self) -> u32 {
        self.0.decimals
    }

    /// Where the data come from.
    #[getter]
    fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }

    /// `proportion` or `rate` when values are compared with England by confidence interval.
    #[getter]
    fn statistic(&self) -> Option<String> {
        self.0.statistic.as_ref().map(name_of)
    }

    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let args =
            (self.id(), self.name(), self.unit(), self.polarity(), self.decimals(), self.source(), self.statistic());
        let kwargs = PyDict::new(py);
        kwargs.set_item("combine", self.combine())?;
        kwargs.set_item("weight", self.weight())?;
        kwargs.set_item("spc_chart", self.spc_chart())?;
        Ok((args.into_pyobject(py)?, kwargs))
    }

    fn __repr__(&self) -> String {
        format!("Metric({:?}, {}, {}, {} dp)", self.0.id, self.unit(), self.polarity(), self.0.decimals)
    }
}

/// A target on one metric: a threshold, an improvement on a baseline, or a trajectory.
/// Decimal values are `decimal.Decimal`, `str` or `int`; floats are refused as inexact.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.Target("ae_78pct", "ae_4h", "threshold", value="78")
/// Target("ae_78pct" on "ae_4h", threshold, value=78)
/// >>> ico.Target("ae_gain", "ae_4h", "improvement", baseline_period="2024/25 Q1", change="5",
/// ...            change_kind="relative")
/// Target("ae_gain" on "ae_4h", improvement, change=5 relative)
#[pyclass(module = "ics_outcomes", name = "Target", frozen, eq, from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyTarget(pub TargetDef);

#[pymethods]
impl PyTarget {
    #[new]
    #[pyo3(signature = (
        id, metric, r#type, *, comparison=None, value=None, floor=None, baseline_period=None,
        baseline_value=None, change=None, change_kind=None, goal_period=None, goal_value=None,
        scoring=None, allow_local_trajectory=false, description=None
    ))]
    #[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python class.
    fn new(
        id: String,
        metric: String,
        r#type: &str,
        comparison: Option<&str>,
        value: Option<&Bound<'_, PyAny>>,
        floor: Option<&Bound<'_, PyAny>>,
        baseline_period: Option<&str>,
        baseline_value: Option<&Bound<'_, PyAny>>,
        change: Option<&Bound<'_, PyAny>>,
        change_kind: Option<&str>,
        goal_period: Option<&str>,
        goal_value: Option<&Bound<'_, PyAny>>,
        scoring: Option<&str>,
        allow_local_trajectory: bool,
        description: Option<String>,
    ) -> PyResult<Self> {
        let mut def = TargetDef::new(id, metric, named(r#type, "Target.type")?);
        def.comparison = opt_named(comparison, "Target.comparison")?;
        def.value = opt_decimal(value, "Target.value")?;
        def.floor = opt_decimal(floor, "Target.floor")?;
        def.baseline_period = baseline_period.map(|p| period(p, "Target.baseline_period")).transpose()?;
        def.baseline_value = opt_decimal(baseline_value, "Target.baseline_value")?;
        def.change = opt_decimal(change, "Target.change")?;
        def.change_kind = opt_named(change_kind, "Target.change_kind")?;
        def.goal_period = goal_period.map(|p| period(p, "Target.goal_period")).transpose()?;
        def.goal_value = opt_decimal(goal_value, "Target.goal_value")?;
        def.scoring = opt_named(scoring, "Target.scoring")?;
        def.allow_local_trajectory = allow_local_trajectory;
        def.description = description;
        Ok(PyTarget(def))
    }

    /// Unique id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The metric the target is on.
    #[getter]
    fn metric(&self) -> &str {
        &self.0.metric
    }

    /// `threshold`, `improvement` or `trajectory`.
    #[getter(r#type)]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }

    /// `at_least` or `at_most`, when stated (otherwise it follows the metric's polarity).
    #[getter]
    fn comparison(&self) -> Option<String> {
        self.0.comparison.as_ref().map(name_of)
    }

    /// Threshold: the value to reach.
    #[getter]
    fn value(&self) -> Option<Decimal> {
        self.0.value
    }

    /// Threshold under linear scoring: the value scoring 0.
    #[getter]
    fn floor(&self) -> Option<Decimal> {
        self.0.floor
    }

    /// Improvement and trajectory: the baseline period.
    #[getter]
    fn baseline_period(&self) -> Option<String> {
        self.0.baseline_period.map(|p| p.to_string())
    }

    /// The baseline value (improvement: read from the data when absent).
    #[getter]
    fn baseline_value(&self) -> Option<Decimal> {
        self.0.baseline_value
    }

    /// Improvement: the size of the change.
    #[getter]
    fn change(&self) -> Option<Decimal> {
        self.0.change
    }

    /// Improvement: `absolute` or `relative`.
    #[getter]
    fn change_kind(&self) -> Option<String> {
        self.0.change_kind.as_ref().map(name_of)
    }

    /// Trajectory: when the goal is due.
    #[getter]
    fn goal_period(&self) -> Option<String> {
        self.0.goal_period.map(|p| p.to_string())
    }

    /// Trajectory: the goal.
    #[getter]
    fn goal_value(&self) -> Option<Decimal> {
        self.0.goal_value
    }

    /// `binary` or `linear`, when it overrides the framework's rule.
    #[getter]
    fn scoring(&self) -> Option<String> {
        self.0.scoring.as_ref().map(name_of)
    }

    /// Whether local frameworks may set a trajectory towards it.
    #[getter]
    fn allow_local_trajectory(&self) -> bool {
        self.0.allow_local_trajectory
    }

    /// Free text.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("comparison", self.comparison())?;
        kwargs.set_item("value", self.0.value)?;
        kwargs.set_item("floor", self.0.floor)?;
        kwargs.set_item("baseline_period", self.baseline_period())?;
        kwargs.set_item("baseline_value", self.0.baseline_value)?;
        kwargs.set_item("change", self.0.change)?;
        kwargs.set_item("change_kind", self.change_kind())?;
        kwargs.set_item("goal_period", self.goal_period())?;
        kwargs.set_item("goal_value", self.0.goal_value)?;
        kwargs.set_item("scoring", self.scoring())?;
        kwargs.set_item("allow_local_trajectory", self.0.allow_local_trajectory)?;
        kwargs.set_item("description", self.description())?;
        Ok(((self.id(), self.metric(), self.kind()).into_pyobject(py)?, kwargs))
    }

    fn __repr__(&self) -> String {
        let d = &self.0;
        let detail = match (d.value, d.change, d.goal_value) {
            (Some(v), ..) => format!("value={v}"),
            (_, Some(c), _) => format!("change={c} {}", self.change_kind().unwrap_or_default()),
            (.., Some(g)) => format!("goal={g} by {}", self.goal_period().unwrap_or_default()),
            _ => String::new(),
        };
        format!("Target({:?} on {:?}, {}, {detail})", d.id, d.metric, self.kind())
    }
}

/// A priority: a title, the statutory purposes it serves, and its targets.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> target = ico.Target("ae_78pct", "ae_4h", "threshold", value="78")
/// >>> priority = ico.Priority("urgent_care", "Urgent and emergency care", [target],
/// ...                         purposes=["outcomes"])
/// >>> priority
/// Priority("urgent_care", "Urgent and emergency care", 1 targets)
/// >>> priority.tier is None, ico.default_national_framework().priorities[0].tier
/// (True, 'national')
#[pyclass(module = "ics_outcomes", name = "Priority", frozen, eq, from_py_object)]
#[derive(Clone)]
pub struct PyPriority {
    pub def: PriorityDef,
    tier: Option<Tier>,
}

/// Two priorities are equal when their definitions are: the tier is where one sits, not
/// what it is.
impl PartialEq for PyPriority {
    fn eq(&self, other: &Self) -> bool {
        self.def == other.def
    }
}

impl PyPriority {
    pub fn in_tier(def: PriorityDef, tier: Tier) -> Self {
        PyPriority { def, tier: Some(tier) }
    }
}

#[pymethods]
impl PyPriority {
    #[new]
    #[pyo3(
        signature = (id, title, targets, *, purposes=Vec::new(), principles=Vec::new(), description=None),
        text_signature = "(id, title, targets, *, purposes=(), principles=(), description=None)"
    )]
    fn new(
        id: String,
        title: String,
        targets: Vec<PyTarget>,
        purposes: Vec<String>,
        principles: Vec<String>,
        description: Option<String>,
    ) -> PyResult<Self> {
        let purposes = purposes
            .iter()
            .enumerate()
            .map(|(i, p)| parsed(p, &format!("Priority.purposes[{i}]")))
            .collect::<PyResult<_>>()?;
        let principles = principles
            .iter()
            .enumerate()
            .map(|(i, p)| parsed(p, &format!("Priority.principles[{i}]")))
            .collect::<PyResult<_>>()?;
        let targets = targets.into_iter().map(|t| t.0).collect();
        Ok(PyPriority { def: PriorityDef { id, title, purposes, principles, description, targets }, tier: None })
    }

    /// Unique id.
    #[getter]
    fn id(&self) -> &str {
        &self.def.id
    }

    /// Display title.
    #[getter]
    fn title(&self) -> &str {
        &self.def.title
    }

    /// `national` or `local` once part of a framework; `None` for a priority on its own.
    #[getter]
    fn tier(&self) -> Option<String> {
        self.tier.as_ref().map(name_of)
    }

    /// Statutory purposes served: `outcomes`, `inequalities`, `productivity`, `social_economic`.
    #[getter]
    fn purposes(&self) -> Vec<String> {
        self.def.purposes.iter().map(|p| p.id().to_owned()).collect()
    }

    /// Hewitt principles reflected.
    #[getter]
    fn principles(&self) -> Vec<String> {
        self.def.principles.iter().map(|p| p.id().to_owned()).collect()
    }

    /// The targets.
    #[getter]
    fn targets(&self) -> Vec<PyTarget> {
        self.def.targets.iter().cloned().map(PyTarget).collect()
    }

    /// Free text.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.def.description.as_deref()
    }

    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("purposes", self.purposes())?;
        kwargs.set_item("principles", self.principles())?;
        kwargs.set_item("description", self.description())?;
        Ok(((self.id(), self.title(), self.targets()).into_pyobject(py)?, kwargs))
    }

    fn __repr__(&self) -> String {
        format!("Priority({:?}, {:?}, {} targets)", self.def.id, self.def.title, self.def.targets.len())
    }
}

fn unwrap_priorities(priorities: Vec<PyPriority>) -> Vec<PriorityDef> {
    priorities.into_iter().map(|p| p.def).collect()
}

/// A checked national outcomes framework: at most ten national priorities.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> metric = ico.Metric("ae_4h", "A&E: patients seen within 4 hours", "percentage",
/// ...                     "higher_is_better", 1)
/// >>> target = ico.Target("ae_78pct", "ae_4h", "threshold", value="78")
/// >>> priority = ico.Priority("urgent_care", "Urgent and emergency care", [target],
/// ...                         purposes=["outcomes"])
/// >>> ico.NationalFramework("my-national", "My national framework", "1.0", [metric], [priority])
/// NationalFramework("my-national", version "1.0": 1 priorities, 1 targets)
#[pyclass(module = "ics_outcomes", name = "NationalFramework", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyNationalFramework(pub NationalFramework);

#[pymethods]
impl PyNationalFramework {
    #[new]
    #[pyo3(signature = (id, name, version, metrics, priorities, *, rounding="half_away_from_zero", scoring="binary", description=None, trajectory_years=None))]
    #[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python class.
    fn new(
        py: Python<'_>,
        id: String,
        name: String,
        version: String,
        metrics: Vec<PyMetric>,
        priorities: Vec<PyPriority>,
        rounding: &str,
        scoring: &str,
        description: Option<String>,
        trajectory_years: Option<u16>,
    ) -> PyResult<Self> {
        let def = NationalFrameworkDef {
            kind: NationalKind::National,
            id,
            name,
            version,
            description,
            rounding: named(rounding, "NationalFramework.rounding")?,
            scoring: named(scoring, "NationalFramework.scoring")?,
            trajectory_years: trajectory_years.unwrap_or(ics_outcomes::DEFAULT_TRAJECTORY_YEARS),
            metrics: metrics.into_iter().map(|m| m.0).collect(),
            priorities: unwrap_priorities(priorities),
        };
        py.detach(|| NationalFramework::new(def, "<NationalFramework>")).or_raise().map(PyNationalFramework)
    }

    /// Identifier.
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// The longest a local trajectory may take to reach a national value, in years.
    #[getter]
    fn trajectory_years(&self) -> u16 {
        self.0.def().trajectory_years
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    /// The version local frameworks nest in.
    #[getter]
    fn version(&self) -> &str {
        self.0.version()
    }

    /// How values are rounded before judging, e.g. `half_away_from_zero`.
    #[getter]
    fn rounding(&self) -> String {
        name_of(&self.0.def().rounding)
    }

    /// The default attainment scoring, `binary` or `linear`.
    #[getter]
    fn scoring(&self) -> String {
        name_of(&self.0.def().scoring)
    }

    /// Free text.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.0.def().description.as_deref()
    }

    /// The national metrics.
    #[getter]
    fn metrics(&self) -> Vec<PyMetric> {
        self.0.metrics().iter().cloned().map(PyMetric).collect()
    }

    /// The national priorities.
    #[getter]
    fn priorities(&self) -> Vec<PyPriority> {
        self.0.def().priorities.iter().cloned().map(|p| PyPriority::in_tier(p, Tier::National)).collect()
    }

    /// For each statutory purpose, the ids of the priorities that serve it.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> coverage = dict(ico.default_national_framework().coverage())
    /// >>> coverage["productivity"]
    /// ['elective', 'finance']
    fn coverage(&self) -> Vec<(String, Vec<String>)> {
        self.0.coverage().purposes.into_iter().map(|(p, ids)| (p.id().to_owned(), ids)).collect()
    }

    /// The framework as TOML text (decimals as strings, exactly).
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> national = ico.default_national_framework()
    /// >>> text = national.to_toml()
    /// >>> text.splitlines()[1]
    /// 'id = "ics-national-2026-27"'
    /// >>> ico.parse_framework(text) == national
    /// True
    fn to_toml(&self) -> PyResult<String> {
        write(self.0.def(), Format::Toml).or_raise()
    }

    /// The framework as JSON text (decimals as strings, exactly).
    ///
    /// Examples
    /// --------
    /// >>> import json
    /// >>> import ics_outcomes as ico
    /// >>> national = ico.default_national_framework()
    /// >>> json.loads(national.to_json())["version"]
    /// '2026/27.1'
    /// >>> ico.parse_framework(national.to_json(), format="json") == national
    /// True
    fn to_json(&self) -> PyResult<String> {
        write(self.0.def(), Format::Json).or_raise()
    }

    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("rounding", self.rounding())?;
        kwargs.set_item("scoring", self.scoring())?;
        kwargs.set_item("description", self.description())?;
        kwargs.set_item("trajectory_years", self.trajectory_years())?;
        Ok(((self.id(), self.name(), self.version(), self.metrics(), self.priorities()).into_pyobject(py)?, kwargs))
    }

    fn __repr__(&self) -> String {
        let targets: usize = self.0.priorities().iter().map(|p| p.targets.len()).sum();
        format!(
            "NationalFramework({:?}, version {:?}: {} priorities, {targets} targets)",
            self.0.id(),
            self.0.version(),
            self.0.priorities().len()
        )
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        display(slf.as_any(), "framework_html")
    }
}

/// A checked local outcomes framework of one ICS, nested in a national framework.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> target = ico.Target("gm_ae_80pct", "ae_4h", "threshold", value="80")
/// >>> priority = ico.Priority("gm_ae", "Faster A&E", [target], purposes=["outcomes"])
/// >>> local = ico.LocalFramework("QOP", "Greater Manchester", ico.default_national_framework(),
/// ...                            priorities=[priority])
/// >>> local
/// LocalFramework("Greater Manchester" for E54000057: 1 local priorities, nests in "2026/27.1")
/// >>> local.area, local.vintage
/// ('E54000057', '2026-04')
#[pyclass(module = "ics_outcomes", name = "LocalFramework", frozen)]
pub struct PyLocalFramework {
    pub local: LocalFramework,
    pub national: Py<PyNationalFramework>,
}

impl PyLocalFramework {
    pub fn from_core(py: Python<'_>, local: LocalFramework, national: &NationalFramework) -> PyResult<Self> {
        Ok(PyLocalFramework { local, national: Py::new(py, PyNationalFramework(national.clone()))? })
    }
}

fn trajectory(obj: &Bound<'_, PyAny>, i: usize) -> PyResult<LocalTrajectoryDef> {
    let path = |field: &str| format!("LocalFramework.trajectories[{i}].{field}");
    let text = |field: &str| -> PyResult<String> { obj.get_item(field)?.extract() };
    Ok(LocalTrajectoryDef {
        target: text("target")?,
        baseline_period: period(&text("baseline_period")?, &path("baseline_period"))?,
        baseline_value: decimal(&obj.get_item("baseline_value")?, &path("baseline_value"))?,
        goal_period: period(&text("goal_period")?, &path("goal_period"))?,
    })
}

#[pymethods]
impl PyLocalFramework {
    #[new]
    #[pyo3(
        signature = (area, name, national, *, metrics=Vec::new(), priorities=Vec::new(), trajectories=Vec::new(), description=None, vintage=None),
        text_signature = "(area, name, national, *, metrics=(), priorities=(), trajectories=(), description=None, vintage=None)"
    )]
    #[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python class.
    fn new(
        py: Python<'_>,
        area: String,
        name: String,
        national: &Bound<'_, PyNationalFramework>,
        metrics: Vec<PyMetric>,
        priorities: Vec<PyPriority>,
        trajectories: Vec<Bound<'_, PyAny>>,
        description: Option<String>,
        vintage: Option<&str>,
    ) -> PyResult<Self> {
        let nat = &national.get().0;
        let def = LocalFrameworkDef {
            kind: LocalKind::Local,
            area,
            name,
            nests_in: nat.version().to_owned(),
            description,
            metrics: metrics.into_iter().map(|m| m.0).collect(),
            priorities: unwrap_priorities(priorities),
            trajectories: trajectories.iter().enumerate().map(|(i, t)| trajectory(t, i)).collect::<PyResult<_>>()?,
        };
        let geography = Geography::of_vintage(vintage.unwrap_or(CURRENT)).or_raise()?;
        let local = py.detach(|| LocalFramework::new(def, nat, &geography, "<LocalFramework>")).or_raise()?;
        Ok(PyLocalFramework { local, national: national.clone().unbind() })
    }

    /// The ICS's ONS code (E54...), whichever code was given.
    #[getter]
    fn area(&self) -> &str {
        self.local.area_code()
    }

    /// The geography vintage the ICS was checked in (`"2026-04"` ...).
    #[getter]
    fn vintage(&self) -> Option<&str> {
        self.local.vintage()
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        self.local.name()
    }

    /// The national framework version it nests in.
    #[getter]
    fn nests_in(&self) -> &str {
        &self.local.def().nests_in
    }

    /// The national framework it nests in.
    #[getter]
    fn national(&self, py: Python<'_>) -> Py<PyNationalFramework> {
        self.national.clone_ref(py)
    }

    /// Free text.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.local.def().description.as_deref()
    }

    /// Locally defined metrics.
    #[getter]
    fn metrics(&self) -> Vec<PyMetric> {
        self.local.metrics().iter().cloned().map(PyMetric).collect()
    }

    /// The local priorities.
    #[getter]
    fn priorities(&self) -> Vec<PyPriority> {
        self.local.def().priorities.iter().cloned().map(|p| PyPriority::in_tier(p, Tier::Local)).collect()
    }

    /// Local trajectories towards national targets, as dicts with `target`,
    /// `baseline_period`, `baseline_value` and `goal_period`.
    #[getter]
    fn trajectories<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.local
            .def()
            .trajectories
            .iter()
            .map(|t| {
                let d = PyDict::new(py);
                d.set_item("target", &t.target)?;
                d.set_item("baseline_period", t.baseline_period.to_string())?;
                d.set_item("baseline_value", t.baseline_value)?;
                d.set_item("goal_period", t.goal_period.to_string())?;
                Ok(d)
            })
            .collect()
    }

    /// For each statutory purpose, the ids of the national and local priorities serving it.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> north_east = ico.default_local_frameworks()[0]
    /// >>> dict(north_east.coverage())["inequalities"]
    /// ['cancer', 'mental_health', 'cvd_prevention', 'nenc_alcohol', 'nenc_smokefree_pregnancy']
    fn coverage(&self) -> Vec<(String, Vec<String>)> {
        let national = &self.national.get().0;
        self.local.coverage(national).purposes.into_iter().map(|(p, ids)| (p.id().to_owned(), ids)).collect()
    }

    /// The framework as TOML text.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> local = ico.default_local_frameworks()[0]
    /// >>> text = local.to_toml()
    /// >>> text.splitlines()[1]
    /// 'area = "QHM"'
    /// >>> ico.parse_framework(text) == local
    /// True
    fn to_toml(&self) -> PyResult<String> {
        write(self.local.def(), Format::Toml).or_raise()
    }

    /// The framework as JSON text.
    ///
    /// Examples
    /// --------
    /// >>> import json
    /// >>> import ics_outcomes as ico
    /// >>> local = ico.default_local_frameworks()[0]
    /// >>> json.loads(local.to_json())["nests_in"]
    /// '2026/27.1'
    /// >>> ico.parse_framework(local.to_json(), format="json") == local
    /// True
    fn to_json(&self) -> PyResult<String> {
        write(self.local.def(), Format::Json).or_raise()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyLocalFramework>().is_ok_and(|o| {
            let o = o.get();
            o.local == self.local && o.national.get().0 == self.national.get().0
        })
    }

    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("metrics", self.metrics())?;
        kwargs.set_item("priorities", self.priorities())?;
        kwargs.set_item("trajectories", self.trajectories(py)?)?;
        kwargs.set_item("description", self.description())?;
        kwargs.set_item("vintage", self.vintage())?;
        let args = (self.local.def().area.as_str(), self.name(), self.national.clone_ref(py));
        Ok((args.into_pyobject(py)?, kwargs))
    }

    fn __repr__(&self) -> String {
        format!(
            "LocalFramework({:?} for {}: {} local priorities, nests in {:?})",
            self.local.name(),
            self.local.area_code(),
            self.local.priorities().len(),
            self.nests_in()
        )
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        display(slf.as_any(), "framework_html")
    }
}

/// Parses framework text of either kind; a local one is checked against `national`.
pub fn load(
    py: Python<'_>,
    text: &str,
    name: &str,
    format: Option<Format>,
    national: Option<&Bound<'_, PyNationalFramework>>,
    vintage: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let parsed = match format {
        Some(format) => py.detach(|| FrameworkFile::parse_as(text, format, name)),
        None => py.detach(|| FrameworkFile::parse(text, name)),
    };
    match parsed.or_raise()? {
        FrameworkFile::National(def) => {
            let framework = py.detach(|| NationalFramework::new(def, name)).or_raise()?;
            Ok(Py::new(py, PyNationalFramework(framework))?.into_any())
        }
        FrameworkFile::Local(def) => {
            let national = match national {
                Some(n) => n.clone(),
                None => Bound::new(py, PyNationalFramework(defaults::national_framework()))?,
            };
            let geography = Geography::of_vintage(vintage.unwrap_or(CURRENT)).or_raise()?;
            let nat = &national.get().0;
            let local = py.detach(|| LocalFramework::new(def, nat, &geography, name)).or_raise()?;
            Ok(Py::new(py, PyLocalFramework { local, national: national.unbind() })?.into_any())
        }
    }
}

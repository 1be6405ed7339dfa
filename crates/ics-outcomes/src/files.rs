//! Reading and writing framework files in TOML and JSON.
//!
//! Decimal values are written as strings (`value = "95.50"`) and read from their exact
//! text: they never pass through binary floating point. Every parse error names the file,
//! the path to the field and, where the format gives one, the line.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::framework::{LocalFrameworkDef, NationalFrameworkDef};
use crate::limits::Limits;

/// A file format for framework definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// Every format, in the order declared.
    pub const ALL: &'static [Format] = &[Format::Toml, Format::Json];

    /// The format's name, as front ends accept it (`toml`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
        }
    }

    /// The format called `name`.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the formats there are.
    pub fn from_name(name: &str) -> Result<Format, Error> {
        Format::ALL.iter().copied().find(|f| f.name() == name).ok_or_else(|| Error::Argument {
            argument: "format".into(),
            value: name.into(),
            message: "should be one of toml, json".into(),
        })
    }

    /// The format of a file: by its extension, else JSON when the text opens with `{`.
    pub fn detect(source_name: &str, text: &str) -> Format {
        let lower = source_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Format::Json
        } else if lower.ends_with(".toml") {
            Format::Toml
        } else if without_bom(text).trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// A framework file of either kind, told apart by its `kind` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameworkFile {
    /// `kind = "national"`.
    National(NationalFrameworkDef),
    /// `kind = "local"`.
    Local(LocalFrameworkDef),
}

#[derive(serde::Deserialize)]
struct Peek {
    kind: Option<String>,
}

impl FrameworkFile {
    /// Parses a framework file's text; `source_name` (a file name) chooses the format
    /// and names the file in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, Error> {
        FrameworkFile::parse_as(text, Format::detect(source_name, text), source_name)
    }

    /// Parses a framework's text in a given format; `source_name` names it in errors.
    ///
    /// ```
    /// use ics_outcomes::files::{Format, FrameworkFile};
    /// let national = ics_outcomes::defaults::national_framework();
    /// let text = ics_outcomes::files::write(national.def(), Format::Json)?;
    /// assert!(matches!(FrameworkFile::parse_as(&text, Format::Json, "<text>")?, FrameworkFile::National(_)));
    /// assert!(matches!(FrameworkFile::parse_as(&text, Format::Toml, "<text>"), Err(ics_outcomes::Error::File { .. })));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::File`] when the text is not a framework in that format.
    pub fn parse_as(text: &str, format: Format, source_name: &str) -> Result<Self, Error> {
        let peek: Peek = parse(text, format, source_name)?;
        match peek.kind.as_deref() {
            Some("national") => parse(text, format, source_name).map(FrameworkFile::National),
            Some("local") => parse(text, format, source_name).map(FrameworkFile::Local),
            other => Err(Error::File {
                file: source_name.to_owned(),
                message: format!("kind: expected \"national\" or \"local\", found {other:?}"),
            }),
        }
    }

    /// Reads and parses a framework file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        FrameworkFile::parse(&read_text(path)?, &name)
    }
}

/// Reads a whole framework or model file, naming it in the error; a file larger than
/// [`Limits::max_file_bytes`] is refused before it is read.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let name = path.display().to_string();
    let file_error = |e: std::io::Error| Error::File { file: name.clone(), message: e.to_string() };
    let max = Limits::default().max_file_bytes;
    let mut text = String::new();
    std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_string(&mut text)).map_err(file_error)?;
    if text.len() as u64 > max {
        return Err(crate::limits::exceeded(&name, "max_file_bytes", max, format!("more than {max} bytes")));
    }
    Ok(text)
}

/// Deserialises `text` within the default [`Limits`], tracking the path to the field that
/// fails.
pub(crate) fn parse<T: DeserializeOwned>(text: &str, format: Format, source_name: &str) -> Result<T, Error> {
    let text = without_bom(text);
    Limits::default().check_text(text, format, source_name)?;
    let file_error = |message: String| Error::File { file: source_name.to_owned(), message };
    match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let value: T =
                serde_path_to_error::deserialize(&mut de).map_err(|e| file_error(describe(e.path(), e.inner())))?;
            de.end().map_err(|e| file_error(e.to_string()))?;
            Ok(value)
        }
        Format::Toml => {
            let de = toml::Deserializer::parse(text).map_err(|e| file_error(e.to_string()))?;
            serde_path_to_error::deserialize(de).map_err(|e| file_error(describe(e.path(), e.inner())))
        }
    }
}

/// `text` without a leading byte-order mark, which editors on Windows write and which both
/// formats then read alike (TOML's parser allows one; JSON's does not).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn describe(path: &serde_path_to_error::Path, inner: &dyn std::fmt::Display) -> String {
    let path = path.to_string();
    let inner = inner.to_string();
    if path == "." { inner.trim().to_owned() } else { format!("{path}: {}", inner.trim()) }
}

/// Writes a definition in the given format.
pub fn write<T: Serialize>(def: &T, format: Format) -> Result<String, Error> {
    let failed = |message: String| Error::File { file: "<output>".into(), message };
    match format {
        Format::Json => serde_json::to_string_pretty(def).map(|s| s + "\n").map_err(|e| failed(e.to_string())),
        Format::Toml => toml::to_string_pretty(def).map_err(|e| failed(e.to_string())),
    }
}

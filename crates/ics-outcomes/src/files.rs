//! Reading and writing framework and model files in TOML and JSON, within the input limits.
//!
//! Decimal values are written as strings (`value = "95.50"`) and read from their exact
//! text: they never pass through binary floating point. Every parse error names the file,
//! the path to the field and, where the format gives one, the line.
//!
//! ```
//! use ics_outcomes::files::{self, Format};
//! use ics_outcomes::{defaults, FrameworkFile};
//! let national = defaults::national_framework();
//! let toml = files::write(national.def(), Format::Toml)?;
//! assert_eq!(Format::detect("national.toml", &toml), Format::Toml);
//! assert!(toml.contains("value = \"82.0\""));
//! let FrameworkFile::National(def) = FrameworkFile::parse(&toml, "national.toml")? else { panic!("not national") };
//! assert_eq!(&def, national.def());
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::input_limits::Limits;

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

/// Reads a whole framework or model file, naming it in the error; a file larger than
/// [`Limits::max_file_bytes`] is refused before it is read.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let name = path.display().to_string();
    let file_error = |e: std::io::Error| Error::File { file: name.clone(), message: e.to_string() };
    let max = Limits::default().max_file_bytes;
    let mut text = String::new();
    std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_string(&mut text)).map_err(file_error)?;
    if text.len() as u64 > max {
        return Err(crate::input_limits::exceeded(&name, "max_file_bytes", max, format!("more than {max} bytes")));
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

impl Limits {
    /// Checks a framework or model file's text against the size and nesting limits (here,
    /// beside the formats whose nesting it reads).
    pub fn check_text(&self, text: &str, format: Format, source_name: &str) -> Result<(), Error> {
        let bytes = text.len() as u64;
        if bytes > self.max_file_bytes {
            return Err(crate::input_limits::exceeded(
                source_name,
                "max_file_bytes",
                self.max_file_bytes,
                format!("{bytes} bytes"),
            ));
        }
        match nesting_exceeds(text, format, self.max_depth) {
            Some(line) => Err(crate::input_limits::exceeded(
                source_name,
                "max_depth",
                self.max_depth as u64,
                format!("deeper nesting at line {line}"),
            )),
            None => Ok(()),
        }
    }
}

/// The line where arrays and tables first nest deeper than `max`, if they do. Brackets inside
/// strings and comments do not count; TOML table headers (`[[a.b]]`) open and close on one
/// line and so count only while open.
fn nesting_exceeds(text: &str, format: Format, max: usize) -> Option<usize> {
    let toml = format == Format::Toml;
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut i) = (0usize, 1usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if toml => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'"' | b'\'') if toml || quote == b'"' => {
                let triple = toml && bytes[i..].starts_with(&[quote; 3]);
                let escapes = quote == b'"';
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    let b = bytes[i];
                    if escapes && b == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b == b'\n' {
                        line += 1;
                    }
                    if b == quote && (!triple || bytes[i..].starts_with(&[quote; 3])) {
                        i += if triple { 3 } else { 1 };
                        // A multi-line string may end with one or two quotes of its own
                        // before the delimiter (`"""x""""` is `x"`).
                        while triple && bytes.get(i) == Some(&quote) {
                            i += 1;
                        }
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

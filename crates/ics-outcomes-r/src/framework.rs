//! Frameworks in R: an `ico_framework` list holds the framework's summary, its TOML text and
//! a handle on the checked core value. A handle does not survive `saveRDS`; the text does,
//! and the framework is checked again from it.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::files::{Format, write};
use ics_outcomes::vintage::CURRENT;
use ics_outcomes::{Error, FrameworkFile, Geography, LocalFramework, NationalFramework, defaults};

use crate::condition::guard;
use crate::frame::{bad, list, opt_text};

/// A checked framework, behind an R handle.
pub enum Checked {
    /// A national framework.
    National(NationalFramework),
    /// A local framework.
    Local(LocalFramework),
}

/// The embedded edition named, or the current one.
pub fn edition(obj: &Robj) -> Result<defaults::Edition, Error> {
    opt_text(obj, "edition")?.map_or(Ok(defaults::Edition::CURRENT), |e| e.parse())
}

/// The element `name` of the R list `obj` (`NULL` when absent).
pub fn element(obj: &Robj, name: &str) -> Robj {
    List::try_from(obj.clone())
        .ok()
        .and_then(|list| list.iter().find(|(n, _)| *n == name).map(|(_, value)| value))
        .unwrap_or_else(|| Robj::from(()))
}

/// The R list of a checked framework: `kind`, `id`, `name`, `version`, `area`, `vintage`,
/// `text` and `handle`.
fn robj(framework: Checked) -> Result<Robj, Error> {
    let (kind, id, version, area, vintage, text) = match &framework {
        Checked::National(n) => {
            ("national", n.id().to_owned(), n.version().to_owned(), None, None, write(n.def(), Format::Toml)?)
        }
        Checked::Local(l) => (
            "local",
            l.area_code().to_owned(),
            l.def().nests_in.clone(),
            Some(l.area_code().to_owned()),
            l.vintage().map(str::to_owned),
            write(l.def(), Format::Toml)?,
        ),
    };
    let name = match &framework {
        Checked::National(n) => n.name().to_owned(),
        Checked::Local(l) => l.name().to_owned(),
    };
    let names = ["kind", "id", "name", "version", "area", "vintage", "text", "handle"].map(String::from).to_vec();
    let values = vec![
        Robj::from(kind),
        Robj::from(id),
        Robj::from(name),
        Robj::from(version),
        Robj::from(area),
        Robj::from(vintage),
        Robj::from(text),
        ExternalPtr::new(framework).into(),
    ];
    list(names, values)
}

/// The framework of an R framework list: its handle's, or its text checked again (a handle
/// does not survive `saveRDS`); a local one against its own national framework and vintage.
fn checked(obj: &Robj) -> Result<Checked, Error> {
    if let Ok(ptr) = <&ExternalPtr<Checked>>::try_from(&element(obj, "handle")) {
        return Ok(match &**ptr {
            Checked::National(n) => Checked::National(n.clone()),
            Checked::Local(l) => Checked::Local(l.clone()),
        });
    }
    match parse(&element(obj, "text"), None)? {
        FrameworkFile::National(def) => NationalFramework::new(def, "<national>").map(Checked::National),
        FrameworkFile::Local(def) => {
            let national = national(&element(obj, "national"))?;
            let vintage = crate::frame::text_or_na(&element(obj, "vintage"), "vintage")?;
            let geography = Geography::of_vintage(vintage.as_deref().unwrap_or(CURRENT))?;
            LocalFramework::new(def, &national, &geography, "<local>").map(Checked::Local)
        }
    }
}

/// The national framework of an R framework list (`NULL`: the embedded one).
pub fn national(obj: &Robj) -> Result<NationalFramework, Error> {
    if obj.is_null() {
        return Ok(defaults::national_framework());
    }
    match checked(obj)? {
        Checked::National(n) => Ok(n),
        Checked::Local(l) => Err(bad("national", l.area_code(), "is a local framework, not a national one")),
    }
}

/// The local frameworks of an R list of framework lists.
pub fn locals(obj: &Robj) -> Result<Vec<LocalFramework>, Error> {
    let list = List::try_from(obj.clone())
        .map_err(|_| bad("locals", crate::frame::type_name(obj), "must be a list of local frameworks"))?;
    list.values()
        .map(|framework| match checked(&framework)? {
            Checked::Local(l) => Ok(l),
            Checked::National(n) => Err(bad("locals", n.id(), "is a national framework, not a local one")),
        })
        .collect()
}

fn parse(text: &Robj, format: Option<Format>) -> Result<FrameworkFile, Error> {
    let text = opt_text(text, "text")?.ok_or_else(|| bad("framework", "", "has neither a handle nor its text"))?;
    match format {
        Some(format) => FrameworkFile::parse_as(&text, format, "<text>"),
        None => FrameworkFile::parse(&text, "<text>"),
    }
}

/// The embedded frameworks of an edition: `national`, and `locals`, a list.
#[extendr]
fn rs_frameworks(edition: Robj) -> Robj {
    guard(|| {
        let edition = self::edition(&edition)?;
        let national = robj(Checked::National(edition.national_framework()))?;
        let locals: Vec<Robj> =
            edition.local_frameworks().into_iter().map(|l| robj(Checked::Local(l))).collect::<Result<_, _>>()?;
        list(vec!["national".into(), "locals".into()], vec![national, List::from_values(locals).into()])
    })
}

/// A framework from its file at `path` or its `text` (`format` `toml` or `json`, else told by
/// the file's extension or the text's content); a local one checked against `national` and the ICSs of `vintage`.
#[extendr]
fn rs_load_framework(path: Robj, text: Robj, format: Robj, national: Robj, vintage: Robj) -> Robj {
    guard(|| {
        let (body, name) = match opt_text(&path, "path")? {
            Some(_) if !text.is_null() => return Err(bad("text", "given", "give a path or text, not both")),
            Some(path) => (ics_outcomes::files::read_text(std::path::Path::new(&path))?, path),
            None => {
                let text = opt_text(&text, "text")?.ok_or_else(|| bad("text", "NULL", "give a path or text"))?;
                (text, "<text>".to_owned())
            }
        };
        let parsed = match opt_text(&format, "format")? {
            Some(format) => FrameworkFile::parse_as(&body, Format::from_name(&format)?, &name)?,
            None => FrameworkFile::parse(&body, &name)?,
        };
        match parsed {
            FrameworkFile::National(def) => robj(Checked::National(NationalFramework::new(def, &name)?)),
            FrameworkFile::Local(def) => {
                let national = self::national(&national)?;
                let vintage = opt_text(&vintage, "vintage")?;
                let geography = Geography::of_vintage(vintage.as_deref().unwrap_or(CURRENT))?;
                robj(Checked::Local(LocalFramework::new(def, &national, &geography, &name)?))
            }
        }
    })
}

extendr_module! {
    mod framework;
    fn rs_frameworks;
    fn rs_load_framework;
}

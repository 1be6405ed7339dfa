//! The four statutory purposes of every ICS and the six principles of the Hewitt Review,
//! used as tags on priorities so a framework can show what it covers.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! tag_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $id:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl $name {
            /// Every value, in the order of the source document.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable string id used in files and outputs.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            /// The wording of the source document, for display.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {}; expected one of {}",
                        stringify!($name),
                        [$($id),+].join(", ")
                    )),
                }
            }
        }
    };
}

tag_enum! {
    /// The four purposes every ICS serves (NHS England, ICS design framework).
    // Not a `///` comment: the JSON Schema would take the example into its description.
    #[cfg_attr(any(doc, doctest), doc = r##"
```
use ics_outcomes::{defaults, Purpose};
assert_eq!(Purpose::ALL.len(), 4);
assert_eq!("social_economic".parse::<Purpose>(), Ok(Purpose::SocialEconomic));
assert_eq!(Purpose::Inequalities.label(), "Tackle inequalities in outcomes, experience and access");
let national = defaults::national_framework();
assert!(national.priorities().iter().all(|p| !p.purposes.is_empty()));
```
    "##)]
    Purpose {
        /// Improve outcomes in population health and healthcare.
        Outcomes => "outcomes", "Improve outcomes in population health and healthcare";
        /// Tackle inequalities in outcomes, experience and access.
        Inequalities => "inequalities", "Tackle inequalities in outcomes, experience and access";
        /// Enhance productivity and value for money.
        Productivity => "productivity", "Enhance productivity and value for money";
        /// Help the NHS support broader social and economic development.
        SocialEconomic => "social_economic", "Help the NHS support broader social and economic development";
    }
}

tag_enum! {
    /// The six principles of the Hewitt Review (2023).
    // Not a `///` comment: the JSON Schema would take the example into its description.
    #[cfg_attr(any(doc, doctest), doc = r##"
```
use ics_outcomes::{defaults, Principle};
assert_eq!(Principle::ALL.len(), 6);
assert_eq!(Principle::TimelyData.id(), "timely_data");
let national = defaults::national_framework();
assert_eq!(national.priorities()[0].principles, [Principle::SharedPriorities]);
```
    "##)]
    Principle {
        /// Collaboration within and between systems and national bodies.
        Collaboration => "collaboration", "Collaboration within and between systems and national bodies";
        /// A limited number of shared priorities.
        SharedPriorities => "shared_priorities", "A limited number of shared priorities";
        /// Allowing local leaders the space and time to lead.
        SpaceToLead => "space_to_lead", "Allowing local leaders the space and time to lead";
        /// The right support.
        RightSupport => "right_support", "The right support";
        /// Balancing freedom with accountability.
        FreedomWithAccountability => "freedom_with_accountability", "Balancing freedom with accountability";
        /// Timely, transparent and high-quality data.
        TimelyData => "timely_data", "Timely, transparent, high-quality data";
    }
}

/// Which priorities serve each statutory purpose.
///
/// ```
/// use ics_outcomes::{defaults, Purpose};
/// let coverage = defaults::national_framework().coverage();
/// let (purpose, ids) = &coverage.purposes[3];
/// assert_eq!(*purpose, Purpose::SocialEconomic);
/// assert_eq!(*ids, ["prevention_shift"]);
/// assert!(coverage.uncovered().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// One entry per purpose, in [`Purpose::ALL`] order, with the ids of the priorities
    /// tagged with it (empty when the purpose is not served).
    pub purposes: Vec<(Purpose, Vec<String>)>,
}

impl Coverage {
    pub(crate) fn from_tags<'a>(tagged: impl Iterator<Item = (&'a str, &'a [Purpose])> + Clone) -> Self {
        let purposes = Purpose::ALL
            .iter()
            .map(|&purpose| {
                let ids =
                    tagged.clone().filter(|(_, tags)| tags.contains(&purpose)).map(|(id, _)| id.to_owned()).collect();
                (purpose, ids)
            })
            .collect();
        Coverage { purposes }
    }

    /// The purposes no priority serves.
    pub fn uncovered(&self) -> Vec<Purpose> {
        self.purposes.iter().filter(|(_, ids)| ids.is_empty()).map(|(p, _)| *p).collect()
    }
}

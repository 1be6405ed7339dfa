//! Private building blocks every layer may use: competition ranking, seeded random
//! numbers and digests. They depend on nothing else in the crate, so no method module need depend on
//! scoring or on the demo data for them.

pub(crate) mod digest;
pub(crate) mod random;
pub(crate) mod ranking;

/// Defines a fieldless enum whose values are fixed strings (a package's labels): `as_str`, `Display`,
/// `FromStr` (an unknown string is an [`Error::Argument`]) and serde all use them.
macro_rules! label_enum {
    ($(#[$meta:meta])* pub enum $name:ident($argument:literal) {
        $($(#[$variant_meta:meta])* $variant:ident => $label:literal,)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $label)] $variant,)+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// This value's position in [`ALL`](Self::ALL).
            pub const fn index(self) -> usize {
                self as usize
            }

            /// The package's text for this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    let expected: Vec<String> = Self::ALL.iter().map(|v| format!("{:?}", v.as_str())).collect();
                    crate::Error::argument($argument, format!("{text:?}"), format!("should be one of {}", expected.join(", ")))
                })
            }
        }
    };
}
pub(crate) use label_enum;

//! The calendar in Dutch, for what people read and write: the names of the months.

/// The months, January first, as Dutch writes them (lower case).
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

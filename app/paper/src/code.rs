//! The sheet's short code: eight characters that point at one dialogue, printed under the sheet
//! and in its QR code, typed back when the camera cannot read it.
//!
//! The code comes from the dialogue's id (FNV-1a, 40 bits, Crockford's base 32: no I, L, O or U,
//! so nothing reads as another character), so it needs no field of its own and says nothing about
//! the client: a sheet left on a kitchen table names no one.

use std::fmt;

/// Crockford's base 32: digits and capitals without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code.
pub const LEN: usize = 8;
/// What the QR code says before the code: a photo of any other QR code is not taken for a sheet.
const PREFIX: &str = "WZ1";

/// The eight characters of a sheet's code, in capitals, without the dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SheetCode([u8; LEN]);

/// Whose sheet: the client's or the worker's (seed 001: *elk een groot wit blad*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Client,
    Worker,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Client, Side::Worker];

    fn letter(self) -> char {
        match self {
            Side::Client => 'K',
            Side::Worker => 'H',
        }
    }

    fn from_letter(letter: &str) -> Option<Side> {
        match letter {
            "K" => Some(Side::Client),
            "H" => Some(Side::Worker),
            _ => None,
        }
    }

    /// *blad van de cliënt* / *blad van de hulpverlener*.
    pub fn label(self) -> &'static str {
        match self {
            Side::Client => "blad van de cliënt",
            Side::Worker => "blad van de hulpverlener",
        }
    }
}

/// Why a typed code is not one (in plain Dutch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Empty,
    Length,
    Character,
}

impl CodeProblem {
    pub fn message(self) -> &'static str {
        match self {
            CodeProblem::Empty => "Typ de code die onder op het blad staat.",
            CodeProblem::Length => {
                "Een code heeft 8 tekens, bijvoorbeeld 4KQ7-M2XB. Kijk nog eens onder op het blad."
            }
            CodeProblem::Character => {
                "In een code staan alleen cijfers en hoofdletters. Kijk nog eens onder op het blad."
            }
        }
    }
}

/// The 64-bit FNV-1a hash of `bytes`.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

impl SheetCode {
    /// The code of the dialogue with `id`: always the same for the same id.
    pub fn of(dialogue_id: &str) -> SheetCode {
        let bits = fnv1a(dialogue_id.as_bytes()) >> 24;
        let mut out = [0u8; LEN];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = ALPHABET[((bits >> (5 * (LEN - 1 - i))) & 31) as usize];
        }
        SheetCode(out)
    }

    /// A code as a person types it: small letters, spaces and dashes are fine, and so are the
    /// letters that look like a digit (O for 0, I and L for 1).
    pub fn parse(typed: &str) -> Result<SheetCode, CodeProblem> {
        let mut out = Vec::with_capacity(LEN);
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{a0}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(CodeProblem::Character);
            }
            out.push(c as u8);
        }
        if out.is_empty() {
            return Err(CodeProblem::Empty);
        }
        let code: [u8; LEN] = out.try_into().map_err(|_| CodeProblem::Length)?;
        Ok(SheetCode(code))
    }

    /// What the sheet's QR code holds: `WZ1-XXXXXXXX-K` (or `-H` for the worker's sheet).
    pub fn payload(self, side: Side) -> String {
        format!("{PREFIX}-{}-{}", self.plain(), side.letter())
    }

    /// The code and side in a QR code's text, if it is one of a sheet.
    pub fn from_payload(text: &str) -> Option<(SheetCode, Side)> {
        let mut parts = text.trim().split('-');
        if parts.next()? != PREFIX {
            return None;
        }
        let code = SheetCode::parse(parts.next()?).ok()?;
        let side = Side::from_letter(parts.next()?)?;
        parts.next().is_none().then_some((code, side))
    }

    /// The eight characters without the dash.
    pub fn plain(self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// `4KQ7-M2XB`: two groups of four, easier to read out and type.
impl fmt::Display for SheetCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.plain();
        write!(f, "{}-{}", &plain[..4], &plain[4..])
    }
}

//! The Dutch a team speaks (issue 18, item 7): Nederland (`nl-NL`) or Vlaanderen (`nl-BE`). A
//! team chooses; its workers and their clients then read the words of their own region where
//! the two differ in what matters on a home visit — the device handed to the client (*apparaat*,
//! *toestel*), the eraser (*gum*, *gom*), the crayons (*waskrijt*, seed 001's *wasco's*), the
//! number that identifies a person (BSN, rijksregisternummer) — and, in Flanders, the sharing
//! with the team as *gedeeld beroepsgeheim*. Everything else is common Dutch.

use serde::{Deserialize, Serialize};

use crate::dialogue::Address;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Variant {
    #[default]
    #[serde(rename = "nl-NL")]
    NlNl,
    #[serde(rename = "nl-BE")]
    NlBe,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::NlNl, Variant::NlBe];

    /// `nl-NL` or `nl-BE` (as stored and sent).
    pub fn code(self) -> &'static str {
        match self {
            Variant::NlNl => "nl-NL",
            Variant::NlBe => "nl-BE",
        }
    }

    pub fn parse(code: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.code() == code)
    }

    /// What an administrator chooses from.
    pub fn label(self) -> &'static str {
        match self {
            Variant::NlNl => "Nederland (nl-NL)",
            Variant::NlBe => "Vlaanderen (nl-BE)",
        }
    }

    /// The phone or tablet, as a worker and a client say it.
    pub fn device(self) -> &'static str {
        match self {
            Variant::NlNl => "apparaat",
            Variant::NlBe => "toestel",
        }
    }

    /// The drawing pad's eraser.
    pub fn eraser(self) -> &'static str {
        match self {
            Variant::NlNl => "Gum",
            Variant::NlBe => "Gom",
        }
    }

    /// Wax crayons (seed 001 is Flemish: *wasco's*).
    pub fn crayons(self) -> &'static str {
        match self {
            Variant::NlNl => "waskrijtjes",
            Variant::NlBe => "wasco's",
        }
    }

    /// The number that identifies a person, which never belongs in a text.
    pub fn person_number(self) -> &'static str {
        match self {
            Variant::NlNl => "BSN",
            Variant::NlBe => "rijksregisternummer",
        }
    }

    /// The client's device handed back: *Geef het apparaat terug aan je hulpverlener.*
    pub fn give_back(self, address: Address) -> String {
        let yours = match address {
            Address::Je => "je",
            Address::U => "uw",
        };
        format!("Geef het {} terug aan {yours} hulpverlener.", self.device())
    }

    /// In Flanders, what sharing with the team is called, for the client in plain words (B1);
    /// nothing to add in the Netherlands.
    pub fn shared_secrecy(self, address: Address) -> Option<&'static str> {
        match (self, address) {
            (Variant::NlNl, _) => None,
            (Variant::NlBe, Address::Je) => {
                Some("Dat heet gedeeld beroepsgeheim: wat je vertelt, blijft binnen het team.")
            }
            (Variant::NlBe, Address::U) => {
                Some("Dat heet gedeeld beroepsgeheim: wat u vertelt, blijft binnen het team.")
            }
        }
    }

    /// `text` with the Netherlands' words where the team speaks Flemish, for texts written once
    /// for both (the seeds' tips, a hint): *apparaat* → *toestel*, *waskrijtjes* → *wasco's*.
    pub fn words(self, text: &str) -> String {
        match self {
            Variant::NlNl => text.replace("wasco's", "waskrijtjes"),
            Variant::NlBe => text
                .replace("apparaten", "toestellen")
                .replace("apparaat", "toestel")
                .replace("Apparaat", "Toestel")
                .replace("waskrijtjes", "wasco's"),
        }
    }
}

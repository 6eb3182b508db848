//! The dialogue as a guided conversation (issue 18), as plain functions: its steps per way of
//! holding it, whether a step holds something yet, the guidance in the worker's pocket (the
//! seeds' own words), and what client mode says with *je* or *u*. No Leptos, no browser;
//! tested natively in `tests/it`.

use werkzaam_domain::dialogue::{
    Address, Aspect, ConsentDecision, Domain, PartKey, Path, Question, Side,
};
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Dialogue;

/// One screen of the guided dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Voorbereiden: the day, the place, *je* or *u*, the way, *Vorige keer*.
    Prepare,
    /// Hoe ervaart de cliënt jouw begeleiding?
    Client,
    /// Hoe ervaart de hulpverlener de begeleiding?
    Worker,
    /// Krachten.
    Strengths,
    /// Afspraken.
    Agreements,
    /// The photo of the paper sheet (*Foto van het blad en klaar*).
    Sheet,
    /// Delen: the client's consent.
    Share,
    /// The worker's reflection, after the visit.
    Reflect,
}

impl Step {
    /// The step's name in the address (`/dialoog/…?stap=afspraken`).
    pub fn slug(self) -> &'static str {
        match self {
            Step::Prepare => "voorbereiden",
            Step::Client => "client",
            Step::Worker => "hulpverlener",
            Step::Strengths => "krachten",
            Step::Agreements => "afspraken",
            Step::Sheet => "blad",
            Step::Share => "delen",
            Step::Reflect => "na-het-gesprek",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        ALL_STEPS.into_iter().find(|s| s.slug() == slug)
    }

    /// The step's heading.
    pub fn title(self) -> &'static str {
        match self {
            Step::Prepare => "Voorbereiden",
            Step::Client => "Hoe ervaart de cliënt jouw begeleiding?",
            Step::Worker => "Hoe ervaart de hulpverlener de begeleiding?",
            Step::Strengths => "Krachten van de cliënt",
            Step::Agreements => "Afspraken",
            Step::Sheet => "Foto van het blad",
            Step::Share => "Delen met het team",
            Step::Reflect => "Na het gesprek",
        }
    }

    /// The step's name in the progress bar.
    pub fn short(self) -> &'static str {
        match self {
            Step::Prepare => "Voorbereiden",
            Step::Client => "Cliënt",
            Step::Worker => "Hulpverlener",
            Step::Strengths => "Krachten",
            Step::Agreements => "Afspraken",
            Step::Sheet => "Blad",
            Step::Share => "Delen",
            Step::Reflect => "Na het gesprek",
        }
    }

    /// The step's name under its number in the step bar (seven fit on a phone).
    pub fn tiny(self) -> &'static str {
        match self {
            Step::Prepare => "Start",
            Step::Client => "Cliënt",
            Step::Worker => "Jij",
            Step::Strengths => "Kracht",
            Step::Agreements => "Afspraak",
            Step::Sheet => "Blad",
            Step::Share => "Delen",
            Step::Reflect => "Daarna",
        }
    }

    /// Whether the step is part of the visit (the reflection comes after, apart).
    pub fn during_visit(self) -> bool {
        self != Step::Reflect
    }

    /// The guidance for this step, in the seeds' words (folded, one tap away).
    pub fn guide(self) -> &'static [&'static str] {
        match self {
            Step::Prepare => &[
                "Geef de twee vragen mee: Hoe ervaart de cliënt jouw begeleiding? Hoe ervaart de \
                 hulpverlener de begeleiding?",
                "Jullie schrijven of tekenen allebei wat goed gaat en wat beter kan. Samen een \
                 collage maken mag ook.",
                "Kies een manier van werken die zo nauw mogelijk aansluit bij hoe de cliënt het \
                 liefst vertelt: woorden, tekenen of plaatjes.",
                "Neem mee: elk een groot wit blad, potloden, stiften, wasco's en tijdschriften.",
            ],
            Step::Client => &[
                "De cliënt is de deskundige van de eigen ervaringen.",
                "Ga op je handen zitten: draag niet meteen je eigen oplossing aan.",
                "Maak je eigen oordeel ondergeschikt; dan gaat het gesprek veel makkelijker.",
                "Ik laat me graag verrassen. De tekeningen zijn een handvat voor gesprek.",
            ],
            Step::Worker => &[
                "Ook jij schrijft of tekent wat goed gaat en wat beter kan: zo maak je jouw kijk \
                 op de samenwerking helder.",
                "Erkennend, begripvol en welwillend; geduldig, uitnodigend en waarderend; \
                 aanmoedigend, activerend en doelgericht.",
            ],
            Step::Strengths => &[
                "Van klacht naar kracht: wat lukt er wel? Wie of wat helpt?",
                "De cliënt heeft eigen krachten, talenten en mensen om zich heen.",
            ],
            Step::Agreements => &[
                "Klant in regie: de cliënt kiest de volgende stap.",
                "Klein en concreet: wat, wie en wanneer.",
                "Je hoeft niet alle antwoorden te hebben; stel de juiste vragen.",
            ],
            Step::Sheet => &[
                "Maak een foto van het hele blad, met de helft van de cliënt en die van jou.",
                "De foto blijft versleuteld op dit apparaat tot hij veilig op de server staat.",
            ],
            Step::Share => &[
                "Delen met het team is een bewuste keuze, geen gewoonte (geheimhoudingsplicht).",
                "Vraag het de cliënt zelf. Nee zeggen is ook goed.",
            ],
            Step::Reflect => &[
                "Voor jezelf, na het bezoek. Elke vraag mag je overslaan.",
                "In het teamoverleg (STAP 3) bespreken jullie samen wat jullie leren.",
            ],
        }
    }
}

/// Every step, in the order of the full conversation.
pub const ALL_STEPS: [Step; 8] = [
    Step::Prepare,
    Step::Client,
    Step::Worker,
    Step::Strengths,
    Step::Agreements,
    Step::Sheet,
    Step::Share,
    Step::Reflect,
];

/// The steps of a way of holding the dialogue; the reflection is always last.
pub fn steps(path: Path) -> &'static [Step] {
    match path {
        Path::Steps => &[
            Step::Prepare,
            Step::Client,
            Step::Worker,
            Step::Strengths,
            Step::Agreements,
            Step::Share,
            Step::Reflect,
        ],
        Path::TwoQuestions => &[
            Step::Prepare,
            Step::Client,
            Step::Worker,
            Step::Share,
            Step::Reflect,
        ],
        Path::Sheet => &[Step::Prepare, Step::Sheet, Step::Share, Step::Reflect],
    }
}

/// The step to show for the address's `stap`: that step when the way has it, else the first.
pub fn current(path: Path, slug: Option<&str>) -> Step {
    let list = steps(path);
    slug.and_then(Step::from_slug)
        .filter(|s| list.contains(s))
        .unwrap_or(list[0])
}

/// The step before and after `step` in `path`.
pub fn neighbours(path: Path, step: Step) -> (Option<Step>, Option<Step>) {
    let list = steps(path);
    let Some(at) = list.iter().position(|s| *s == step) else {
        return (None, list.first().copied());
    };
    (
        at.checked_sub(1).map(|i| list[i]),
        list.get(at + 1).copied(),
    )
}

/// Whether a step holds anything yet (a tick in the progress bar).
pub fn filled(d: &Dialogue, step: Step) -> bool {
    let side = |side: Side| {
        [Aspect::Good, Aspect::Better]
            .into_iter()
            .any(|a| !d.part(PartKey::new(side, a)).is_empty())
    };
    match step {
        Step::Prepare => !d.checks.is_empty() || !d.nickname.is_empty(),
        Step::Client => {
            side(Side::Client)
                || d.others
                    .iter()
                    .any(|p| !p.good.is_empty() || !p.better.is_empty())
        }
        Step::Worker => side(Side::Worker),
        Step::Strengths => Domain::ALL.iter().any(|x| !d.strengths.get(*x).is_empty()),
        Step::Agreements => !d.agreements.is_empty(),
        Step::Sheet => !d.sheet.is_empty(),
        Step::Share => d.consent.decision != ConsentDecision::NotAsked,
        Step::Reflect => Question::ALL
            .iter()
            .any(|q| !d.reflection.get(*q).is_empty()),
    }
}

/// The step to go on with: the first step of the visit after *Voorbereiden* that holds
/// nothing yet, or the reflection when all do.
pub fn resume(d: &Dialogue) -> Step {
    steps(d.path)
        .iter()
        .copied()
        .filter(|s| *s != Step::Prepare)
        .find(|s| !filled(d, *s))
        .unwrap_or(Step::Reflect)
}

/// How far the visit's steps are: (filled, all), the reflection left out.
pub fn progress(d: &Dialogue) -> (usize, usize) {
    let visit: Vec<Step> = steps(d.path)
        .iter()
        .copied()
        .filter(|s| s.during_visit() && *s != Step::Prepare)
        .collect();
    (visit.iter().filter(|s| filled(d, **s)).count(), visit.len())
}

/// The words of the *wat kan beter* parts that are not an agreement yet: suggestions for the
/// *Afspraken* step (each once: the client's, the worker's, then the others' in a family
/// dialogue).
pub fn agreement_suggestions(d: &Dialogue) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let better = [Side::Client, Side::Worker]
        .into_iter()
        .map(|side| d.part(PartKey::new(side, Aspect::Better)))
        .chain(d.others.iter().map(|p| &p.better));
    for part in better {
        for word in &part.keywords {
            let taken = d
                .agreements
                .iter()
                .any(|a| a.what.to_lowercase().contains(&word.to_lowercase()));
            if !taken && !out.iter().any(|o| o.to_lowercase() == word.to_lowercase()) {
                out.push(word.clone());
            }
        }
    }
    out
}

/// What client mode says, with *je* or *u* (B1, short sentences).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientWords {
    pub address: Address,
    /// The team's Dutch (*apparaat* or *toestel*, *gedeeld beroepsgeheim*).
    pub variant: Variant,
}

/// The screens of client mode: good, better, the scales, the mirror, sharing, thanks.
pub const CLIENT_STEPS: usize = 6;

impl ClientWords {
    /// The heading of client mode's screen `step` (0-based).
    pub fn heading(self, step: usize) -> &'static str {
        match (step, self.address) {
            (0, _) => "😊 Wat gaat goed?",
            (1, _) => "🔧 Wat kan beter?",
            (2, Address::Je) => "Hoeveel? (mag je overslaan)",
            (2, Address::U) => "Hoeveel? (mag u overslaan)",
            (3, _) => "Hoe ging het gesprek?",
            (4, _) => "Mag het team meelezen?",
            _ => self.thanks(),
        }
    }

    /// What *Voorlezen* says on screen `step`: the question and what the screen asks, without
    /// pictograms.
    pub fn spoken(self, step: usize) -> String {
        self.spoken_by(step, false)
    }

    /// What *Voorlezen* says on screen `step` when `someone_else` (a participant of a family
    /// dialogue) answers: their question on the first two screens.
    pub fn spoken_by(self, step: usize, someone_else: bool) -> String {
        let mut out = vec![self.question_for(someone_else)];
        match step {
            0 => out.push("Wat gaat goed?"),
            1 => out.push("Wat kan beter?"),
            2 => out.push("Hoeveel? Nul is helemaal niet goed, tien is heel goed."),
            3 => {
                out.push("Hoe ging het gesprek?");
                for a in werkzaam_domain::dialogue::Attitude::ALL {
                    out.push(a.client_question(self.address));
                }
            }
            4 => {
                out = vec!["Mag het team meelezen?"];
                out.extend(self.consent_text());
            }
            _ => return self.give_back(),
        }
        out.join(" ")
    }

    pub fn question(self) -> &'static str {
        match self.address {
            Address::Je => "Hoe vind jij de hulp die je krijgt?",
            Address::U => "Hoe vindt u de hulp die u krijgt?",
        }
    }

    /// The question for whoever answers: the client's, or — for someone else in a family
    /// dialogue — the same question about the help the family gets.
    pub fn question_for(self, someone_else: bool) -> &'static str {
        match (someone_else, self.address) {
            (false, _) => self.question(),
            (true, Address::Je) => "Hoe vind jij de hulp die jullie krijgen?",
            (true, Address::U) => "Hoe vindt u de hulp die jullie krijgen?",
        }
    }

    /// The short explanation the client reads or hears before choosing.
    pub fn consent_text(self) -> Vec<&'static str> {
        let mut lines = match self.address {
            Address::Je => vec![
                "Je hulpverlener werkt samen met collega's in een team.",
                "Het team leert van wat cliënten vertellen en tekenen.",
                "Mogen zij zien wat je vandaag hebt verteld en getekend? Je naam staat er niet bij.",
                "Nee zeggen mag. Je hulp blijft hetzelfde.",
            ],
            Address::U => vec![
                "Uw hulpverlener werkt samen met collega's in een team.",
                "Het team leert van wat cliënten vertellen en tekenen.",
                "Mogen zij zien wat u vandaag hebt verteld en getekend? Uw naam staat er niet bij.",
                "Nee zeggen mag. Uw hulp blijft hetzelfde.",
            ],
        };
        // In Flanders the sharing has its name: after the question, before *Nee zeggen mag*.
        if let Some(secrecy) = self.variant.shared_secrecy(self.address) {
            lines.insert(3, secrecy);
        }
        lines
    }

    /// The client's three answers to the consent question.
    pub fn consent_choices(self) -> [(ConsentDecision, &'static str, &'static str); 3] {
        [
            (ConsentDecision::Yes, "👍", "Ja, dat mag"),
            (ConsentDecision::No, "✋", "Nee, liever niet"),
            (ConsentDecision::NotAsked, "🤔", "Weet ik nog niet"),
        ]
    }

    pub fn thanks(self) -> &'static str {
        match self.address {
            Address::Je => "Dank je wel! 🙌",
            Address::U => "Dank u wel! 🙌",
        }
    }

    pub fn give_back(self) -> String {
        self.variant.give_back(self.address)
    }
}

/// What the worker reads about the client's choice in client mode while it waits for her
/// confirmation (`None`: nothing to confirm). Any decision of the worker takes it in
/// ([`decide`]).
pub fn client_choice(d: &Dialogue) -> Option<&'static str> {
    match d.client_consent {
        ConsentDecision::Yes => Some("De cliënt koos in de cliëntmodus: ‘Ja, dat mag’."),
        ConsentDecision::No => Some("De cliënt koos in de cliëntmodus: ‘Nee, liever niet’."),
        ConsentDecision::NotAsked => None,
    }
}

/// The worker records the consent `value` (by confirming the client's choice or by choosing it
/// herself): the day is set, the client's choice is taken in, and a *ja* covers the answers and
/// the drawings unless she chose parts already.
pub fn decide(d: &mut Dialogue, value: ConsentDecision, today: String) {
    d.consent.decision = value;
    d.client_consent = ConsentDecision::NotAsked;
    if value == ConsentDecision::NotAsked {
        d.consent.recorded_on.clear();
    } else if d.consent.recorded_on.is_empty() {
        d.consent.recorded_on = today;
    }
    if value == ConsentDecision::Yes
        && !(d.consent.answers || d.consent.media || d.consent.reflection)
    {
        d.consent.answers = true;
        d.consent.media = true;
    }
}

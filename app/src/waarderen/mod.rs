//! *Waarderen van wat werkt* (seed 000): the waarderend interview, the team session (stories,
//! groepsdroom, acties, summary), the action board, the dialoogrondes (issue 19), and their pure
//! logic.

pub mod advice;
pub mod advice_logic;
pub mod interview;
pub mod listen;
pub mod logic;
pub mod meeting;
pub mod round_logic;
pub mod round_meeting;
pub mod rounds;

//! The team lead's review (online): the overview with alerts, a client's trend, what the team
//! learns, the meeting's agenda, one shared dialogue; and their pure logic.

pub mod logic;
pub mod screens;

//! The rules about records: what a valid record is ([`validate`]), what the client's consent
//! shares ([`consent`]), what might identify a client ([`privacy`]), how werkzame elementen are
//! counted ([`vocabulary`]), who may write what of a team record ([`authorship`]), and what
//! one dialogue with a client carries to the next ([`follow_up`]).

pub mod authorship;
pub mod consent;
pub mod follow_up;
pub mod privacy;
pub mod validate;
pub mod vocabulary;

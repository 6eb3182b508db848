//! The rules about records: what a valid record is ([`validate`]), what the client's consent
//! shares ([`consent`]), what might identify a client ([`privacy`]), how werkzame elementen are
//! counted ([`vocabulary`]), and who may write what of a team record ([`authorship`]).

pub mod authorship;
pub mod consent;
pub mod privacy;
pub mod validate;
pub mod vocabulary;

//! What the server decides, apart from how it is stored or asked for over HTTP: each service
//! takes the store and the caller, applies the domain's rules and asks the store to write.

pub mod push;
pub mod retention;

//! The worker's werkalliantie-dialogen (seed 001): the clients and their history, the dialogue
//! being held (it saves itself), client mode for a client who draws, and their pure logic.

pub mod autosave;
pub mod client_mode;
pub mod conflicts;
pub mod course;
pub mod editor;
pub mod guide;
pub mod keepsake;
pub mod logic;
pub mod paper;
pub mod screens;

//! The app's native tests: the screen logic of each feature, without a browser.

mod advice;
mod course;
mod dialogues;
mod family;
mod guide;
mod keepsake;
mod paper;
mod review;
mod rounds;
mod ui;
mod vault;
mod waarderen;

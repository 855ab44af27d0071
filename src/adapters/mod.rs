//! The web app's adapters to the browser: the engine's `FileSource` over
//! `fetch` ([`http`]) and over files the user picked ([`local`]); flash in
//! `localStorage` ([`storage`]); and the small pieces of page glue
//! (downloads, clipboard, time: [`browser`]). Adapters classify errors into
//! the engine's `FetchError`; the words about them are the engine's.

pub mod browser;
pub mod http;
pub mod local;
pub mod storage;

//! The CLI's adapters: the engine's `FileSource` over a folder ([`dir`]) and
//! over HTTP(S) with ureq and rustls ([`http`], [`peer_cert`]), and the one
//! type a command holds either in ([`source`]). They classify errors into
//! the engine's `FetchError`; the words about them are the engine's.

pub mod dir;
pub mod http;
pub mod peer_cert;
pub mod source;

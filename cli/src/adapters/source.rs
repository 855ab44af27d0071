//! The file source a run uses: a folder or the network.

use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;

use crate::dir::DirSource;
use crate::http::HttpSource;

pub enum Source {
    Dir(DirSource),
    Http(HttpSource),
}

impl FileSource for Source {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        match self {
            Source::Dir(d) => d.get(req, sink).await,
            Source::Http(h) => h.get(req, sink).await,
        }
    }

    fn now_ms(&self) -> f64 {
        match self {
            Source::Dir(d) => d.now_ms(),
            Source::Http(h) => h.now_ms(),
        }
    }
}

//! A provisioning folder on disk as the file server.
//!
//! The engine builds URLs from the servers; [`DirSource`] maps each URL back to
//! a path under its folder:
//! - `file:///<abs folder>/<path>` (its own [`DirSource::base_url`]) -> `<folder>/<path>`;
//! - `http://host:port/<path>` or `https://...` (from option 242) -> `<folder>/<path>`,
//!   so `HTTPDIR` is a sub-folder of the folder.
//!
//! A path with `..`, a backslash or a NUL, or a symbolic link that leads out of
//! the folder, is refused ([`FetchError::BadUrl`]); a missing file is a 404.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;

/// Bytes handed to the sink per call.
pub const CHUNK: usize = 64 * 1024;

pub struct DirSource {
    /// The folder as given, made absolute (for messages and the base URL).
    root: PathBuf,
    /// The folder with symbolic links resolved (for the escape check).
    canonical: PathBuf,
    base_url: String,
    start: Instant,
}

impl DirSource {
    pub fn new(dir: &Path) -> std::io::Result<DirSource> {
        let root = std::path::absolute(dir)?;
        let canonical = root.canonicalize()?;
        if !canonical.is_dir() {
            return Err(std::io::Error::other("not a folder"));
        }
        Ok(DirSource {
            base_url: file_url(&root),
            root,
            canonical,
            start: Instant::now(),
        })
    }

    /// `file:///<abs folder>/`: the base URL that maps onto the folder itself.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `url` under the folder, relative (`/`-separated).
    fn relative<'u>(&self, url: &'u str) -> Result<&'u str, FetchError> {
        if let Some(rest) = url.strip_prefix(&self.base_url) {
            return Ok(rest);
        }
        let bad = |detail: String| Err(FetchError::BadUrl { detail });
        let Some((scheme, rest)) = url.split_once("://") else {
            return bad(format!("{url} is not a URL the folder can serve"));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => {}
            "file" => {
                return bad(format!(
                    "{url} is outside the folder {}",
                    self.root.display()
                ))
            }
            other => return bad(format!("{other}:// URLs cannot be served from a folder")),
        }
        // Drop the authority (host:port); keep the path. Query and fragment are
        // not part of a file name on an HTTP server.
        let path = rest.find('/').map(|i| &rest[i + 1..]).unwrap_or("");
        let path = path.split(['?', '#']).next().unwrap_or("");
        Ok(path)
    }

    /// Maps a URL onto a file under the folder; never leaves the folder.
    pub fn resolve(&self, url: &str) -> Result<PathBuf, FetchError> {
        let rel = self.relative(url)?;
        let mut path = self.root.clone();
        for comp in rel.split('/') {
            if comp.is_empty() || comp == "." {
                continue;
            }
            if comp == ".." {
                return Err(FetchError::BadUrl {
                    detail: format!(
                        "{url}: \"..\" would leave the folder {}; refused",
                        self.root.display()
                    ),
                });
            }
            if comp.contains(['\\', '\0']) || (cfg!(windows) && comp.contains(':')) {
                return Err(FetchError::BadUrl {
                    detail: format!("{url}: \"{comp}\" is not a file name the folder can serve"),
                });
            }
            path.push(comp);
        }
        Ok(path)
    }
}

/// `file://` URL of an absolute folder, ending in `/`.
fn file_url(root: &Path) -> String {
    let mut s = root.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    if !s.ends_with('/') {
        s.push('/');
    }
    format!("file://{s}")
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("txt") | Some("sha256") | Some("cfg") => "text/plain",
        Some("htm") | Some("html") => "text/html",
        _ => {
            if path.file_name().is_some_and(|n| n == "SHA256SUMS") {
                "text/plain"
            } else {
                "application/octet-stream"
            }
        }
    }
}

/// An ETag as Apache would make it: size and modification time in hex.
fn etag(meta: &std::fs::Metadata) -> Option<String> {
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("\"{:x}-{:x}\"", meta.len(), mtime.as_micros()))
}

/// Sends a small error answer (the sink usually stops at the head).
fn error_answer(status: u16, text: &str, sink: &mut dyn BodySink) -> FetchHead {
    let body = format!("{status} {text}\n");
    let head = FetchHead {
        status,
        content_length: Some(body.len() as u64),
        etag: None,
        content_type: Some("text/plain".to_owned()),
        ..Default::default()
    };
    if sink.head(&head).is_continue() {
        let _ = sink.chunk(body.as_bytes());
    }
    head
}

impl FileSource for DirSource {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let path = self.resolve(&req.url)?;
        let meta = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => m,
            Ok(_) => return Ok(error_answer(404, "Not Found (a folder)", sink)),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Ok(error_answer(404, "Not Found", sink))
            }
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                return Ok(error_answer(403, "Forbidden", sink))
            }
            Err(e) => {
                return Err(FetchError::Other {
                    detail: format!("cannot read {}: {e}", path.display()),
                })
            }
        };
        // A symbolic link may lead out of the folder: refuse that too.
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.canonical) => {}
            Ok(real) => {
                return Err(FetchError::BadUrl {
                    detail: format!(
                        "{} is a link to {}, outside the folder {}; refused",
                        path.display(),
                        real.display(),
                        self.root.display()
                    ),
                })
            }
            Err(e) => {
                return Err(FetchError::Other {
                    detail: format!("cannot resolve {}: {e}", path.display()),
                })
            }
        }
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                return Ok(error_answer(403, "Forbidden", sink))
            }
            Err(e) => {
                return Err(FetchError::Other {
                    detail: format!("cannot open {}: {e}", path.display()),
                })
            }
        };
        let size = meta.len();
        let head = FetchHead {
            status: 200,
            content_length: Some(size),
            etag: etag(&meta),
            content_type: Some(content_type(&path).to_owned()),
            ..Default::default()
        };
        if sink.head(&head).is_break() {
            return Ok(head);
        }
        let mut buf = vec![0u8; CHUNK];
        let mut received = 0u64;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(FetchError::Interrupted {
                        received,
                        detail: format!("reading {} failed: {e}", path.display()),
                    })
                }
            };
            received += n as u64;
            if sink.chunk(&buf[..n]).is_break() {
                return Ok(head);
            }
        }
        if received < size {
            return Err(FetchError::Interrupted {
                received,
                detail: format!(
                    "{} shrank while it was read ({size} bytes expected)",
                    path.display()
                ),
            });
        }
        Ok(head)
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phoneboot_engine::source::Purpose;
    use phoneboot_engine::testing::Recorder;

    fn sink(stop_after: Option<usize>) -> Recorder {
        Recorder {
            stop_after_chunks: stop_after,
            ..Recorder::default()
        }
    }

    fn req(url: &str) -> FetchRequest {
        FetchRequest {
            url: url.to_owned(),
            file: url.rsplit('/').next().unwrap_or("").to_owned(),
            purpose: Purpose::Settings,
            timeout_ms: 1000,
        }
    }

    fn demo() -> DirSource {
        DirSource::new(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../demo"))).unwrap()
    }

    #[test]
    fn serves_files_in_chunks_with_their_length() {
        let d = demo();
        let url = format!("{}hb16xxdemo_r1_5.bin", d.base_url());
        let mut s = sink(None);
        let head = pollster::block_on(d.get(&req(&url), &mut s)).unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.content_length, Some(57344));
        assert_eq!(s.body.len(), 57344);
        let big = format!("{}ha1616demo_r2_0.bin", d.base_url());
        let mut s = sink(None);
        pollster::block_on(d.get(&req(&big), &mut s)).unwrap();
        assert_eq!(s.body.len(), 178176);
        assert_eq!(s.chunks.len(), 3);
        assert!(s.chunks.iter().all(|&n| n <= CHUNK));
        let mut s = sink(Some(1));
        pollster::block_on(d.get(&req(&big), &mut s)).unwrap();
        assert_eq!(s.body.len(), CHUNK, "Break stops the stream");
    }

    #[test]
    fn maps_http_urls_onto_the_folder_and_404s_missing_files() {
        let d = DirSource::new(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut s = sink(None);
        let h = pollster::block_on(d.get(&req("http://10.0.0.9:80/Cargo.toml"), &mut s)).unwrap();
        assert_eq!(h.status, 200);
        let mut s = sink(None);
        let h = pollster::block_on(d.get(&req("http://10.0.0.9:80/nope.txt"), &mut s)).unwrap();
        assert_eq!(h.status, 404);
        let mut s = sink(None);
        let h = pollster::block_on(d.get(&req("https://h:443/src/"), &mut s)).unwrap();
        assert_eq!(h.status, 404, "a folder is not a file");
    }

    #[test]
    fn never_leaves_the_folder() {
        let d = demo();
        for url in [
            format!("{}../Cargo.toml", d.base_url()),
            format!("{}broken/../../Cargo.toml", d.base_url()),
            "http://h:80/../Cargo.toml".to_owned(),
            "http://h:80/a\\..\\b".to_owned(),
            "file:///etc/passwd".to_owned(),
            "ftp://h/x".to_owned(),
        ] {
            let mut s = sink(None);
            let r = pollster::block_on(d.get(&req(&url), &mut s));
            assert!(matches!(r, Err(FetchError::BadUrl { .. })), "{url}: {r:?}");
            assert!(s.head.is_none());
        }
    }
}

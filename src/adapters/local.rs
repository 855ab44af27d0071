//! Local folder mode: the engine's [`FileSource`] over files the user picked
//! or dropped, so a provisioning folder can be checked with no server at all.
//!
//! Nothing is read until the boot asks for a file; then its `Blob.stream()`
//! is handed to the sink chunk by chunk, like an HTTP body, so a large
//! application file is hashed as it is read and never held whole here.

use std::rc::Rc;

use js_sys::Reflect;
use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList, ReadableStreamDefaultReader};

/// The base URL of local files: every request the boot makes is `local:///name`.
pub const LOCAL_BASE: &str = "local:///";

/// One picked file and where it sits in the picked folder.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalFile {
    /// Path inside the picked folder (the top folder's own name removed), or
    /// the bare name for files picked one by one.
    pub path: String,
    pub size: u64,
    pub file: File,
}

impl LocalFile {
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// The picked files; cheap to clone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalFiles(pub Rc<Vec<LocalFile>>);

/// `top/sub/f.txt` -> `sub/f.txt`; a bare name stays as it is.
pub fn relative_path(webkit_relative_path: &str, name: &str) -> String {
    match webkit_relative_path.split_once('/') {
        Some((_, rest)) if !rest.is_empty() => rest.to_owned(),
        _ => name.to_owned(),
    }
}

impl LocalFiles {
    pub fn new(mut files: Vec<LocalFile>) -> LocalFiles {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        LocalFiles(Rc::new(files))
    }

    pub fn from_files(files: impl IntoIterator<Item = File>) -> LocalFiles {
        LocalFiles::new(
            files
                .into_iter()
                .map(|f| LocalFile {
                    path: relative_path(
                        &get(&f, "webkitRelativePath")
                            .as_string()
                            .unwrap_or_default(),
                        &f.name(),
                    ),
                    size: f.size() as u64,
                    file: f,
                })
                .collect(),
        )
    }

    pub fn from_file_list(list: &FileList) -> LocalFiles {
        LocalFiles::from_files((0..list.length()).filter_map(|i| list.get(i)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &LocalFile> {
        self.0.iter()
    }

    /// The file a request names: by relative path first, else by bare name
    /// (a GET of `group3.txt` finds `configs/group3.txt`). Names are compared
    /// exactly, as on a case-sensitive server.
    pub fn find(&self, name: &str) -> Option<&LocalFile> {
        let name = name.trim_start_matches('/');
        self.0.iter().find(|f| f.path == name).or_else(|| {
            let bare = name.rsplit('/').next().unwrap_or(name);
            self.0.iter().find(|f| f.name() == bare)
        })
    }
}

/// Serves [`LocalFiles`] under [`LOCAL_BASE`]; anything else is a 404.
pub struct LocalSource {
    files: LocalFiles,
}

impl LocalSource {
    pub fn new(files: LocalFiles) -> Self {
        LocalSource { files }
    }
}

fn read_error(e: &JsValue, received: u64) -> FetchError {
    let detail = Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the file could not be read".to_owned());
    FetchError::Interrupted { received, detail }
}

impl FileSource for LocalSource {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let name = req.url.strip_prefix(LOCAL_BASE).unwrap_or(&req.url);
        let Some(f) = self.files.find(name) else {
            let head = FetchHead {
                status: 404,
                content_length: Some(0),
                etag: None,
                content_type: None,
                ..Default::default()
            };
            let _ = sink.head(&head);
            return Ok(head);
        };
        let head = FetchHead {
            status: 200,
            content_length: Some(f.size),
            etag: None,
            content_type: Some(f.file.type_()).filter(|t| !t.is_empty()),
            ..Default::default()
        };
        if sink.head(&head).is_break() {
            return Ok(head);
        }
        let reader: ReadableStreamDefaultReader = f.file.stream().get_reader().unchecked_into();
        crate::browser::pump_body(&reader, sink, read_error).await?;
        Ok(head)
    }

    fn now_ms(&self) -> f64 {
        crate::browser::now_ms()
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `target.method(resolve, reject)` and waits for either callback.
async fn callback_call(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(target, method).dyn_into()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Err(e) = f.call2(target, &resolve, &reject) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    JsFuture::from(promise).await
}

/// The entries of a drop, taken while the drop event is being handled (the
/// browser empties `dataTransfer` afterwards). Folders are kept as entries
/// and read later by [`dropped_files`].
pub fn drop_entries(data_transfer: &JsValue) -> (Vec<JsValue>, Vec<File>) {
    let items = get(data_transfer, "items");
    let len = get(&items, "length").as_f64().unwrap_or(0.0) as u32;
    let mut entries = Vec::new();
    for i in 0..len {
        let item = Reflect::get_u32(&items, i).unwrap_or(JsValue::UNDEFINED);
        let entry = get(&item, "webkitGetAsEntry")
            .dyn_into::<js_sys::Function>()
            .ok()
            .and_then(|f| f.call0(&item).ok())
            .filter(|e| !e.is_null() && !e.is_undefined());
        if let Some(e) = entry {
            entries.push(e);
        }
    }
    let files = get(data_transfer, "files")
        .dyn_into::<FileList>()
        .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default();
    (entries, files)
}

/// Reads dropped entries, folders included, into files with their paths
/// inside the dropped folder. Without entry support, the plain file list.
pub async fn dropped_files(entries: Vec<JsValue>, files: Vec<File>) -> LocalFiles {
    if entries.is_empty() {
        return LocalFiles::from_files(files);
    }
    let mut stack = entries;
    let mut out = Vec::new();
    while let Some(entry) = stack.pop() {
        if get(&entry, "isFile").as_bool() == Some(true) {
            let Ok(file) = callback_call(&entry, "file").await else {
                continue;
            };
            let Ok(file) = file.dyn_into::<File>() else {
                continue;
            };
            let full = get(&entry, "fullPath").as_string().unwrap_or_default();
            out.push(LocalFile {
                path: relative_path(full.trim_start_matches('/'), &file.name()),
                size: file.size() as u64,
                file,
            });
        } else if get(&entry, "isDirectory").as_bool() == Some(true) {
            let Ok(reader) = get(&entry, "createReader")
                .dyn_into::<js_sys::Function>()
                .and_then(|f| f.call0(&entry))
            else {
                continue;
            };
            // readEntries answers in batches until it answers an empty one.
            while let Ok(batch) = callback_call(&reader, "readEntries").await {
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                stack.extend(batch.iter());
            }
        }
    }
    LocalFiles::new(out)
}

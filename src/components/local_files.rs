use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::local::{drop_entries, dropped_files, LocalFiles};
use crate::view::format_bytes;

#[derive(Properties, PartialEq)]
pub struct LocalFilesProps {
    pub files: LocalFiles,
    pub on_files: Callback<LocalFiles>,
}

/// The dragover and dragleave handlers of a drop zone: `dragging` is true while
/// something is held over it (the zone's highlight). dragover must prevent the
/// default, or the browser never fires drop.
pub fn drag_hover(dragging: &UseStateHandle<bool>) -> (Callback<DragEvent>, Callback<DragEvent>) {
    let over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    (over, leave)
}

/// How many picked files are listed by name.
const LISTED: usize = 12;

/// Local folder mode: pick a folder or files, or drop them here. Nothing is
/// uploaded; the boot reads them in the browser.
#[function_component]
pub fn LocalFilesPicker(p: &LocalFilesProps) -> Html {
    let dragging = use_state(|| false);
    let on_input = {
        let cb = p.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                let files = LocalFiles::from_file_list(&list);
                if !files.is_empty() {
                    cb.emit(files);
                }
            }
        })
    };
    let (on_dragover, on_dragleave) = drag_hover(&dragging);
    let on_drop = {
        let dragging = dragging.clone();
        let cb = p.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let dt = js_sys::Reflect::get(&e, &"dataTransfer".into()).unwrap_or_default();
            // Entries must be taken now: the browser empties the drop afterwards.
            let (entries, files) = drop_entries(&dt);
            let cb = cb.clone();
            spawn_local(async move {
                let files = dropped_files(entries, files).await;
                if !files.is_empty() {
                    cb.emit(files);
                }
            });
        })
    };
    let total: u64 = p.files.iter().map(|f| f.size).sum();
    let has_script = p.files.find("16xxupgrade.txt").is_some();
    markup! {
        <div class={classes!("local-files", dragging.then_some("dragging"))} data-testid="local-drop"
             ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            <div class="field">
                <label for="local-folder">{"Folder"}</label>
                <input type="file" id="local-folder" data-testid="local-folder-input"
                       webkitdirectory=true multiple=true onchange={on_input.clone()}
                       aria-describedby="local-hint" />
            </div>
            <div class="field">
                <label for="local-files">{"Or files"}</label>
                <input type="file" id="local-files" data-testid="local-files-input"
                       multiple=true onchange={on_input} aria-describedby="local-hint" />
            </div>
            <p class="hint" id="local-hint">
                {"Or drop a folder or files here. Nothing is uploaded: the boot reads them in this browser, by path inside the folder or by bare name."}
            </p>
            if !p.files.is_empty() {
                <p class="local-summary" data-testid="local-summary">
                    {format!("{} file{} ({}) ready.", p.files.len(), if p.files.len() == 1 { "" } else { "s" }, format_bytes(total))}
                </p>
                <ul class="local-list" data-testid="local-list">
                    { for p.files.iter().take(LISTED).map(|f| markup! {
                        <li><span class="mono">{f.path.clone()}</span>{" "}<span class="muted">{format_bytes(f.size)}</span></li>
                    }) }
                    if p.files.len() > LISTED {
                        <li class="muted">{format!("and {} more", p.files.len() - LISTED)}</li>
                    }
                </ul>
                if !has_script {
                    <p class="field-error" data-testid="local-no-script">{"No 16xxupgrade.txt among them: the phone will find no upgrade script."}</p>
                }
            }
        </div>
    }
}

fn main() {
    // index.html's first screen (the header and a status line) is hidden in
    // the task that renders the app: yew renders in a microtask of this one
    // and yields to the browser only with the DOM complete, so no frame shows
    // both headers or neither. The app removes it once rendered.
    phoneboot_web::browser::hide_shell();
    yew::Renderer::<phoneboot_web::App>::new().render();
}

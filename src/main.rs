fn main() {
    // index.html's first screen (the header and a status line) goes in the
    // task that renders the app: yew renders in a microtask of this one and
    // yields to the browser only with the DOM complete, so no frame shows
    // both headers or neither.
    phoneboot_web::browser::remove_shell();
    yew::Renderer::<phoneboot_web::App>::new().render();
}

fn main() {
    yew::Renderer::<phoneboot_web::App>::new().render();
}

fn main() {
    yew::Renderer::<refassured_tab::app::App>::new().render();
}

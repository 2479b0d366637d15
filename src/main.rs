fn main() {
    refassured_tab::components::format::mark("ra:wasm-start");
    yew::Renderer::<refassured_tab::app::App>::new().render();
}

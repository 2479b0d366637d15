use refassured_tab::app::{start_embedded, App, AppProps, Boot};

fn main() {
    refassured_tab::components::format::mark("ra:wasm-start");
    // The context is read (and the key scrubbed from the address) once, here, so that inside
    // JobDiva the tab's requests are under way before the first render.
    let boot = Boot::from_host();
    if let Boot::Embedded(ctx) = &boot {
        start_embedded(ctx);
    }
    yew::Renderer::<App>::with_props(AppProps { boot }).render();
}

use refassured_tab::app::{in_a_task_of_its_own, rehearsal, start_embedded, App, AppProps, Boot};
use refassured_tab::components::format;

fn main() {
    format::mark("ra:wasm-start");
    // The context is read (and the key scrubbed from the address) once, here, so that inside
    // JobDiva the tab's requests are under way before the first render.
    let boot = Boot::from_host();
    let embedded = matches!(boot, Boot::Embedded(_));
    if let Boot::Embedded(ctx) = &boot {
        start_embedded(ctx);
    }
    // The first render in a task of its own: the task that ends the module's compile and runs
    // this stays short, and the first wave is out before anything is drawn. Then, in tasks of
    // their own, the date formatters are built (ahead of the first answers' render), and, at the
    // lowest priority, the tab rehearses its load over canned answers while the first wave is
    // out, so that the code the answers run is compiled before they arrive (docs/performance.md).
    in_a_task_of_its_own(move || {
        yew::Renderer::<App>::with_props(AppProps { boot }).render();
        format::warm_up_later();
        if embedded {
            rehearsal::rehearse_later();
        }
    });
}

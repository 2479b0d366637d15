//! The admin console (`/app/console/`): a bundle of its own, so that the tab every recruiter
//! loads inside JobDiva carries none of it.

fn main() {
    yew::Renderer::<refassured_tab::app::console::ConsoleApp>::new().render();
}

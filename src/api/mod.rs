//! Everything that crosses the tab's boundary: the host page (embedding contract) and, in
//! later modules, one client per upstream over one shared transport.

pub mod host;

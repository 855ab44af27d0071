//! The Diagnose view: what the phone shows, the server's access log beside
//! the emulated boot, and a place for the option-242 builder.

use phoneboot_engine::{BootConfig, Flash, Model, ServerSpec};
use yew::prelude::*;

use super::diagnose_log::LogCompare;
use super::diagnose_says::PhoneShows;
use crate::error::WebError;
use crate::local::LocalFiles;
use crate::scenario::Scenario;

pub struct DiagnoseViewProps {
    /// The Boot view's phone and server, for the log comparison.
    pub config: Result<BootConfig, WebError>,
    pub flash: Flash,
    pub local: Option<LocalFiles>,
    pub described: AttrValue,
    /// Set up and run the boot that shows a message.
    pub on_show: Callback<AttrValue>,
}

/// The Diagnose view, with more diagnosis tools (the option-242 builder) in
/// their own section after the log comparison. A plain function, not a
/// component: its two panels are components that skip renders while their
/// props are equal, so a wrapping component only added its machinery (and
/// the comparison of its children) to the wasm.
pub fn diagnose_view(p: DiagnoseViewProps, tools: Html) -> Html {
    markup! {
        <div class="diagnose">
            <PhoneShows on_show={p.on_show} />
            <LogCompare config={p.config} flash={p.flash} local={p.local} described={p.described} />
            <section class="panel diagnose-tools" data-testid="diagnose-tools" aria-label="More diagnosis tools">
                { tools }
            </section>
        </div>
    }
}

/// What a "show me" link sets up: the server, the model, and the flash the
/// phone starts with, plus the demo scenario when it is one.
pub struct ShowSetup {
    pub server: ServerSpec,
    pub flash: Flash,
    pub scenario: Option<Scenario>,
}

/// The set-up of a `display_messages::SCENARIOS` id for a phone of `model`,
/// against the demo server at `demo_base` (ending in `/`).
pub fn show_setup(
    id: &str,
    model: Model,
    group: u16,
    mac: &str,
    demo_base: &str,
) -> Option<ShowSetup> {
    if let Some(sc) = Scenario::parse(id) {
        return Some(ShowSetup {
            server: ServerSpec::BaseUrl(format!("{demo_base}{}", sc.folder())),
            flash: sc.flash(model, Some(group), mac),
            scenario: Some(sc),
        });
    }
    let server = match id {
        // A folder of the demo server that does not exist: 16xxupgrade.txt is a 404.
        "no-upgrade-script" => format!("{demo_base}no-such-folder/"),
        // Nothing listens on the discard port of the loopback address.
        "unreachable" => "http://127.0.0.1:9/".to_owned(),
        _ => return None,
    };
    Some(ShowSetup {
        server: ServerSpec::BaseUrl(server),
        flash: Flash {
            model: Some(model),
            group: Some(group),
            mac: Some(mac.to_owned()),
            ..Flash::factory()
        },
        scenario: None,
    })
}

/// The phone and server the log is compared with, in words.
pub fn diagnose_described(form: &crate::state::Form) -> AttrValue {
    use crate::state::ServerMode;
    let held = |n: &str| {
        if n.trim().is_empty() {
            "nothing".to_owned()
        } else {
            n.trim().to_owned()
        }
    };
    let server = match form.mode {
        ServerMode::BaseUrl => form.base_url.trim().to_owned(),
        ServerMode::Option242 => format!("option 242 \u{201c}{}\u{201d}", form.option242.trim()),
        ServerMode::Local => format!("the local folder ({} files)", form.local.len()),
    };
    AttrValue::from(format!(
        "a {} in group {} holding boot code {} and application {}, against {server} (change them in the Boot view)",
        form.model,
        form.group.trim(),
        held(&form.bootname),
        held(&form.appname),
    ))
}

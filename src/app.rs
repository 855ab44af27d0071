//! The shell: the header and its tabs, the notice, and which page shows;
//! it holds the app's [`State`] and wires it to the pages (the Boot page
//! `crate::pages::BootPage`, the Fleet and the Diagnose tabs), with the side
//! effects they share (flash in storage, share links in the URL).

use yew::prelude::*;

use crate::browser;
use crate::components::{notice_bar, Option242Builder};
use crate::pages::{
    diagnose_described, diagnose_view, show_setup, AppState, BootPage, DiagnoseViewProps, FleetView,
};
use crate::runner;
use crate::state::fleet::OpenPhone;
use crate::state::{Action, Defaults, ServerMode, State, View};
use crate::storage;
use phoneboot_engine::Cause;

fn defaults() -> Defaults {
    let base_url = browser::page_href()
        .and_then(|h| browser::demo_url(&h))
        .unwrap_or_else(|| "demo/".to_owned());
    let option242 = browser::option242_for(&base_url)
        .unwrap_or_else(|| "HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".to_owned());
    Defaults {
        base_url,
        option242,
    }
}

fn initial_state() -> State {
    let (flash, notice) = storage::load_flash();
    State::new(flash, notice, &defaults())
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let on_action = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // index.html's first screen, hidden since the app started (src/main.rs),
    // goes once the app is on the page; until then src/shell.js can show it
    // again to say why the app did not start.
    use_effect_with((), |_| browser::remove_shell());

    // The phone's flash outlives the page, like a real phone's outlives a power cut.
    // The flash the page opened with is what storage holds (or nothing, which
    // also loads as factory-fresh), so it is written back only when storage held
    // something unreadable (the notice says so): the first frame does not wait
    // for a JSON round trip that changes nothing.
    {
        let unchanged = use_mut_ref(|| state.notice.is_none());
        use_effect_with(state.flash.clone(), move |flash| {
            if !std::mem::take(&mut *unchanged.borrow_mut()) {
                // Without storage the emulator still works, it only forgets on reload.
                let _ = storage::save_flash(flash);
            }
        });
    }

    // A share link restores its configuration, when the page opens and when
    // the fragment changes in an open page.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let fragment = browser::page_fragment();
            if !fragment.is_empty() {
                d.dispatch(Action::OpenLink(fragment));
            }
            let listener = browser::HashListener::new(move |f| d.dispatch(Action::OpenLink(f)));
            move || drop(listener)
        });
    }

    // A fleet cell: that phone in the Boot view, booting if the user asked.
    // Made once, so the fleet's matrix does not re-render with every change
    // of the Boot view (the handle reads the current state when called).
    let on_open = {
        let state = state.clone();
        let on_action = on_action.clone();
        use_callback((), move |o: OpenPhone, _| {
            on_action.emit(Action::OpenPhone {
                model: o.model,
                group: o.group,
                server: o.server.clone(),
            });
            if o.boot {
                let mut form = state.form.clone();
                form.show_phone(o.model, o.group, &o.server);
                let flash = form.apply_loaded(&state.flash);
                runner::boot::start(&state, &form, flash, Cause::PowerOn, &on_action);
            }
        })
    };
    // A Diagnose "show me" link: set the phone up and boot it in the Boot view.
    // Made once, like `on_open`: the hidden Diagnose view then skips the
    // renders of a boot that do not change its props.
    let on_show = {
        let state = state.clone();
        let on_action = on_action.clone();
        use_callback((), move |id: AttrValue, _| {
            let f = &state.form;
            let group = crate::state::parse_group(&f.group).unwrap_or(0);
            let base = &state.defaults.base_url;
            let Some(setup) = show_setup(&id, f.model, group, f.mac.trim(), base) else {
                return;
            };
            if let Some(sc) = setup.scenario {
                on_action.emit(Action::PickScenario(sc));
            }
            let (model, server) = (f.model, setup.server.clone());
            on_action.emit(Action::OpenPhone {
                model,
                group,
                server,
            });
            let mut form = f.clone();
            form.show_phone(model, group, &setup.server);
            form.sync_loaded(&setup.flash);
            runner::boot::start(&state, &form, setup.flash, Cause::PowerOn, &on_action);
        })
    };
    let tab = |v: View| on_action.reform(move |_: MouseEvent| Action::SetView(v));
    let on_dismiss = on_action.reform(|_| Action::DismissNotice);

    let fleet_server = AttrValue::from(match state.form.mode {
        ServerMode::BaseUrl => state.form.base_url.clone(),
        ServerMode::Option242 => state.form.option242.clone(),
        // The fleet view fetches over HTTP; it starts from the last URL typed.
        ServerMode::Local => state.form.base_url.clone(),
    });
    // The Fleet and Diagnose tabs are built the first time they are shown, not
    // before the page's first paint (which shows the Boot tab); once built they
    // stay mounted while hidden, so the matrix survives a look at one phone.
    let seen = use_mut_ref(|| (false, false));
    let (fleet_seen, diagnose_seen) = {
        let mut s = seen.borrow_mut();
        s.0 |= state.view == View::Fleet;
        s.1 |= state.view == View::Diagnose;
        *s
    };
    // The fleet's server field starts from the Boot view's server as the page
    // opened with it, whenever the tab is first shown.
    let fleet_start = use_memo((), {
        let s = fleet_server.clone();
        move |_| s
    });

    markup! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <h1>{"phoneboot"}</h1>
                    <p class="tagline">{"How an Avaya one-X 1600-series IP desk phone boots from its provisioning server"}</p>
                    <nav class="tabs" role="tablist" aria-label="View">
                        <button type="button" role="tab" id="tab-boot" aria-controls="view-boot" data-testid="tab-boot" aria-selected={(state.view == View::Boot).to_string()}
                                onclick={tab(View::Boot)}>{"Boot"}</button>
                        <button type="button" role="tab" id="tab-fleet" aria-controls="view-fleet" data-testid="tab-fleet" aria-selected={(state.view == View::Fleet).to_string()}
                                onclick={tab(View::Fleet)}>{"Fleet"}</button>
                        <button type="button" role="tab" id="tab-diagnose" aria-controls="view-diagnose" data-testid="tab-diagnose" aria-selected={(state.view == View::Diagnose).to_string()}
                                onclick={tab(View::Diagnose)}>{"Diagnose"}</button>
                    </nav>
                </div>
            </header>
            if let Some(n) = &state.notice {
                { notice_bar(n, &on_dismiss) }
            }
            <BootPage state={AppState(state.clone())} />
            <main class="fleet-layout" id="view-fleet" role="tabpanel" aria-labelledby="tab-fleet" hidden={state.view != View::Fleet}>
                if fleet_seen {
                    <FleetView server={fleet_server} start={Some((*fleet_start).clone())} reveal={state.reveal} on_open={on_open} />
                }
            </main>
            <main class="diagnose-layout" id="view-diagnose" role="tabpanel" aria-labelledby="tab-diagnose" hidden={state.view != View::Diagnose}>
                if diagnose_seen {
                    { diagnose_view(
                        DiagnoseViewProps {
                            config: state.form.boot_config(),
                            flash: state.form.apply_loaded(&state.flash),
                            local: (state.form.mode == ServerMode::Local).then(|| state.form.local.clone()),
                            described: diagnose_described(&state.form),
                            on_show,
                        },
                        markup! { <>
                            <h2>{"DHCP option 242"}</h2>
                            <Option242Builder open=true />
                        </> },
                    ) }
                }
            </main>
            <footer class="footer">
                <p>{"The demo server's .bin files are generated stand-ins, not Avaya software. Rules marked "}
                   <span class="emu-badge">{"emulator rule"}</span>
                   {" are this emulator's conventions where Avaya documents nothing."}</p>
            </footer>
        </div>
    }
}

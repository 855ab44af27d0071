//! When a running boot's events reach the page (`Delivery`), and when the
//! Boot view shows its result panels (`Run::shows_results`).

use std::rc::Rc;

use phoneboot_engine::report::ReportBuilder;
use phoneboot_engine::{BootConfig, Cause, Event, Flash, Model, PhoneConfig, ServerSpec};
use phoneboot_web::state::{Action, Defaults, Delivery, State, DELIVERY_MS};
use yew::Reducible;

#[test]
fn deliveries_come_at_most_every_200_ms_and_a_request_sent_once_due_delivers_at_once() {
    let d = Delivery::new(1000.0);
    // The first event right after a delivery waits out the interval...
    assert_eq!(d.wait_ms(1000.0), DELIVERY_MS as u32);
    assert_eq!(d.wait_ms(1030.0), 170);
    // ...and one after a long quiet spell is delivered by the next timer turn.
    assert_eq!(d.wait_ms(1500.0), 0);
    assert_eq!(DELIVERY_MS, 200.0);
    // A clock that went backwards never makes a timer longer than the interval.
    assert_eq!(d.wait_ms(900.0), DELIVERY_MS as u32);
    // A request going out delivers only once a delivery is due.
    assert!(!d.due(1000.0));
    assert!(!d.due(1199.9));
    assert!(d.due(1200.0));
    assert!(d.due(5000.0));
}

fn started() -> (Rc<State>, BootConfig) {
    let defaults = Defaults {
        base_url: "http://127.0.0.1:8080/demo/".into(),
        option242: "HTTPSRVR=127.0.0.1".into(),
    };
    let config = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::BaseUrl("x".into()),
    );
    let s = Rc::new(State::new(Flash::factory(), None, &defaults)).reduce(Action::Started {
        id: 1,
        cause: Cause::PowerOn,
        config: config.clone(),
        flash: Flash::factory(),
    });
    (s, config)
}

#[test]
fn the_result_panels_show_once_the_display_reaches_an_event_or_the_boot_ends() {
    let (s, config) = started();
    assert!(
        !s.run.as_ref().unwrap().shows_results(),
        "nothing to show when Boot is pressed"
    );

    // Animated: the first message waits for its frame, what comes before it shows.
    let display = Event::Display {
        text: "Loading".into(),
        screen: vec!["Loading".into()],
    };
    let s = s.reduce(Action::Events {
        id: 1,
        events: vec![display.clone()],
    });
    assert!(
        !s.run.as_ref().unwrap().shows_results(),
        "a message not yet shown"
    );
    let s = s.reduce(Action::Tick { id: 1 });
    assert!(s.run.as_ref().unwrap().shows_results());

    // A session that ends without a single event still shows its (empty) results.
    let (s, _) = started();
    let s = s.reduce(Action::Finished {
        id: 1,
        report: Box::new(ReportBuilder::new(&config).finish(&Flash::factory())),
        flash: Flash::factory(),
    });
    let run = s.run.as_ref().unwrap();
    assert!(run.done() && run.shows_results());

    // Skipped: every event shows as it arrives.
    let (s, _) = started();
    let s = s.reduce(Action::SkipAnimation).reduce(Action::Events {
        id: 1,
        events: vec![
            Event::BootStart {
                pass: 1,
                cause: Cause::PowerOn,
            },
            display,
        ],
    });
    let run = s.run.as_ref().unwrap();
    assert!(run.shows_results());
    assert_eq!(run.visible_events().len(), 2);
}

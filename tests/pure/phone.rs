//! The phone's picture: the fixed part of each model's front, built as one
//! SVG fragment the page inserts at once (the display's text, its status line
//! and the message lamp are rendered around it, and change during a boot).

use phoneboot_engine::Model;
use phoneboot_web::components::front_svg;

fn count(svg: &str, what: &str) -> usize {
    svg.matches(what).count()
}

#[test]
fn every_models_front_has_its_keys_buttons_and_display() {
    for model in Model::ALL {
        let svg = front_svg(model);
        let name = model.name();
        // Line-appearance buttons: 1603s have one column of three, 1608s two
        // columns of four, 1616s two of four on each side of the display.
        let buttons = match model.model4() {
            "1603" => 3,
            "1608" => 8,
            _ => 16,
        };
        assert_eq!(count(&svg, r#"class="line-button""#), buttons, "{name}");
        assert_eq!(count(&svg, r#"class="dial-key""#), 12, "{name}");
        assert_eq!(count(&svg, r#"data-testid="display""#), 1, "{name}");
        assert_eq!(
            count(&svg, "softkey"),
            if model.model4() == "1603" { 0 } else { 4 },
            "{name}"
        );
        // The status line's rule where the model has a status line.
        assert_eq!(
            count(&svg, "lcd-rule"),
            usize::from(model.display().status_line),
            "{name}"
        );
        assert!(
            svg.ends_with(&format!(r#"class="model-label">{name}</text>"#)),
            "{name}"
        );
        // The changing parts are not in it: the page renders them.
        assert_eq!(count(&svg, "display-line"), 0, "{name}");
        assert_eq!(count(&svg, "lamp"), 0, "{name}");
        // Every element opened is closed (or self-closing).
        for tag in ["g", "text", "linearGradient", "defs"] {
            assert_eq!(
                count(&svg, &format!("<{tag}>")) + count(&svg, &format!("<{tag} ")),
                count(&svg, &format!("</{tag}>")),
                "{name} <{tag}>"
            );
        }
    }
}

#[test]
fn a_models_front_is_the_same_on_every_call() {
    // The page compares the fragment with the one it shows to skip the DOM work.
    assert_eq!(front_svg(Model::M1608), front_svg(Model::M1608));
    assert_ne!(front_svg(Model::M1608), front_svg(Model::M1616));
}

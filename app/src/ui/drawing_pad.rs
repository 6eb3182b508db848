//! The drawing sheet: full screen, crayons, widths, eraser, undo/redo, clear with confirmation.
//!
//! Pointer events cover finger, pen (with pressure) and mouse. Once a pen has touched the
//! sheet, touches are ignored (a palm resting on a tablet does not draw); a second finger
//! cancels the stroke in progress. The sheet has `touch-action: none`, so drawing never
//! scrolls the page. Every finished stroke is handed to `on_change` at once, so a killed app
//! loses at most the stroke in progress.

use leptos::prelude::*;
use werkzaam_domain::drawing::{
    stroke_color, stroke_path, to_svg, Drawing, Editor, StrokeBuilder, PALETTE, SIZES,
};

/// The eraser's reach around the pointer, in sheet units.
const ERASER_REACH: f64 = 24.0;

/// The drawing as SVG markup for inside an `<svg>` (no outer element).
fn strokes_markup(drawing: &Drawing) -> String {
    let svg = to_svg(drawing);
    let start = svg.find("/>").map_or(0, |i| i + 2);
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    svg[start..end].to_owned()
}

/// Where the sheet is on the screen: left, top, width, height.
fn sheet_box(svg: &leptos::web_sys::SvgElement) -> (f64, f64, f64, f64) {
    #[cfg(feature = "hydrate")]
    {
        let r = svg.get_bounding_client_rect();
        (r.left(), r.top(), r.width(), r.height())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = svg;
        (0.0, 0.0, 0.0, 0.0)
    }
}

#[component]
pub fn DrawingPad(
    /// The drawing to go on with, or `None` for a new sheet.
    initial: Option<Drawing>,
    /// Called with the whole drawing after every change.
    on_change: Callback<Drawing>,
    on_close: Callback<()>,
    /// What the sheet is for, shown above it.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let sheet = initial.unwrap_or_else(|| {
        #[cfg(feature = "hydrate")]
        {
            let w = window();
            let width = w
                .inner_width()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(390.0);
            let height = w
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(844.0);
            Drawing::for_screen(width - 16.0, height - 190.0)
        }
        #[cfg(not(feature = "hydrate"))]
        Drawing::for_screen(390.0, 650.0)
    });
    let (sheet_w, sheet_h) = (sheet.width, sheet.height);
    let editor = RwSignal::new(Editor::new(sheet));
    let current = RwSignal::new(None::<StrokeBuilder>);
    let color = RwSignal::new(0u8);
    let size = RwSignal::new(1u8);
    let eraser = RwSignal::new(false);
    let confirm_clear = RwSignal::new(false);
    let active = StoredValue::new(None::<i32>);
    let pen_seen = StoredValue::new(false);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    let changed = move || on_change.run(editor.with_untracked(|e| e.drawing().clone()));

    // Where a pointer event lands on the sheet, and how hard it presses (0–1).
    let locate = move |ev: &leptos::ev::PointerEvent| -> Option<(f64, f64, f64)> {
        let svg = svg_ref.get_untracked()?;
        let (left, top, width, height) = sheet_box(&svg);
        let (x, y) = crate::ui::drawing_pad::to_sheet(
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            left,
            top,
            width,
            height,
            f64::from(sheet_w),
            f64::from(sheet_h),
        );
        let pressure = if ev.pointer_type() == "pen" {
            f64::from(ev.pressure())
        } else {
            0.5
        };
        Some((x, y, pressure))
    };

    let erase = move |x: f64, y: f64| {
        if editor
            .try_update(|e| e.erase_at(x, y, ERASER_REACH))
            .unwrap_or(false)
        {
            changed();
        }
    };

    let down = move |ev: leptos::ev::PointerEvent| {
        let kind = ev.pointer_type();
        if kind == "pen" {
            pen_seen.set_value(true);
        } else if kind == "touch" && pen_seen.get_value() {
            return; // a palm while drawing with a pen
        }
        if active.get_value().is_some() {
            // A second finger: this is not drawing. Drop the stroke in progress.
            active.set_value(None);
            current.set(None);
            return;
        }
        ev.prevent_default();
        if let Some(svg) = svg_ref.get_untracked() {
            let _ = svg.set_pointer_capture(ev.pointer_id());
        }
        let Some((x, y, p)) = locate(&ev) else {
            return;
        };
        active.set_value(Some(ev.pointer_id()));
        if eraser.get_untracked() {
            erase(x, y);
        } else {
            let mut builder = editor.with_untracked(|e| {
                StrokeBuilder::new(e.drawing(), color.get_untracked(), size.get_untracked())
            });
            builder.push(x, y, p);
            current.set(Some(builder));
        }
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        if active.get_value() != Some(ev.pointer_id()) {
            return;
        }
        ev.prevent_default();
        let Some((x, y, p)) = locate(&ev) else {
            return;
        };
        if eraser.get_untracked() {
            erase(x, y);
        } else {
            current.update(|b| {
                if let Some(b) = b {
                    b.push(x, y, p);
                }
            });
        }
    };
    let up = move |ev: leptos::ev::PointerEvent| {
        if active.get_value() != Some(ev.pointer_id()) {
            return;
        }
        active.set_value(None);
        if let Some(stroke) = current
            .try_update(|b| b.take())
            .flatten()
            .and_then(|b| b.finish())
        {
            editor.update(|e| e.add(stroke));
            changed();
        }
    };
    let cancel = move |_ev: leptos::ev::PointerEvent| {
        active.set_value(None);
        current.set(None);
    };

    let undo = move |_| {
        if editor.try_update(|e| e.undo()).unwrap_or(false) {
            changed();
        }
    };
    let redo = move |_| {
        if editor.try_update(|e| e.redo()).unwrap_or(false) {
            changed();
        }
    };
    let clear = move |_| {
        confirm_clear.set(false);
        if editor.try_update(|e| e.clear()).unwrap_or(false) {
            changed();
        }
    };

    view! {
        <div class="pad" role="dialog" aria-label=title.clone() data-testid="drawing-pad">
            <div class="pad-side">
            <div class="pad-bar">
                <strong class="pad-title">{title.clone()}</strong>
                <button type="button" class="primary" on:click=move |_| on_close.run(()) data-testid="pad-done">
                    "Klaar"
                </button>
            </div>
            <div class="pad-tools" role="toolbar" aria-label="Kleuren en gereedschap">
                {PALETTE
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let class = format!("swatch swatch-{i}");
                        let i = i as u8;
                        view! {
                            <button
                                type="button"
                                class=class
                                aria-label=*name
                                aria-pressed=move || (color.get() == i && !eraser.get()).to_string()
                                on:click=move |_| {
                                    color.set(i);
                                    eraser.set(false);
                                }
                            ></button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="pad-tools" role="toolbar" aria-label="Dikte en bewerken">
                {SIZES
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let dot = format!("dot dot-{i}");
                        let i = i as u8;
                        view! {
                            <button
                                type="button"
                                class="tool"
                                aria-label=*name
                                aria-pressed=move || (size.get() == i && !eraser.get()).to_string()
                                on:click=move |_| {
                                    size.set(i);
                                    eraser.set(false);
                                }
                            >
                                <span class=dot></span>
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    type="button"
                    class="tool"
                    aria-pressed=move || eraser.get().to_string()
                    on:click=move |_| eraser.update(|e| *e = !*e)
                >
                    {move || crate::state::use_app().who.with(|w| w.variant().eraser())}
                </button>
                <button type="button" class="tool" aria-label="Ongedaan maken" disabled=move || !editor.with(|e| e.can_undo()) on:click=undo>
                    "↶"
                </button>
                <button type="button" class="tool" aria-label="Opnieuw" disabled=move || !editor.with(|e| e.can_redo()) on:click=redo>
                    "↷"
                </button>
                <button type="button" class="tool" on:click=move |_| confirm_clear.set(true)>
                    "Wissen"
                </button>
            </div>
            <Show when=move || confirm_clear.get()>
                <div class="notice warn pad-confirm" role="alertdialog">
                    "Alles van dit blad wissen? "
                    <button type="button" class="danger" on:click=clear>"Ja, alles wissen"</button>
                    <button type="button" class="secondary" on:click=move |_| confirm_clear.set(false)>"Nee"</button>
                </div>
            </Show>
            </div>
            <svg
                node_ref=svg_ref
                class="pad-sheet"
                data-testid="pad-sheet"
                viewBox=format!("0 0 {sheet_w} {sheet_h}")
                preserveAspectRatio="xMidYMid meet"
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=cancel
            >
                <rect width=sheet_w.to_string() height=sheet_h.to_string() fill="#fffdf7"></rect>
                <g inner_html=move || editor.with(|e| strokes_markup(e.drawing()))></g>
                {move || {
                    current
                        .with(|b| {
                            b.as_ref()
                                .map(|b| (stroke_path(b.stroke()), stroke_color(b.stroke())))
                        })
                        .map(|(d, fill)| view! { <path d=d fill=fill></path> })
                }}
            </svg>
        </div>
    }
    .into_any()
}

/// Where a pointer at (`x`, `y`) on the screen lands on a `sheet_w` × `sheet_h` sheet shown in
/// the box (`left`, `top`, `w`, `h`) with `preserveAspectRatio="xMidYMid meet"`.
#[allow(clippy::too_many_arguments)]
pub fn to_sheet(
    x: f64,
    y: f64,
    left: f64,
    top: f64,
    w: f64,
    h: f64,
    sheet_w: f64,
    sheet_h: f64,
) -> (f64, f64) {
    if w <= 0.0 || h <= 0.0 {
        return (0.0, 0.0);
    }
    let scale = (w / sheet_w).min(h / sheet_h);
    let (off_x, off_y) = ((w - sheet_w * scale) / 2.0, (h - sheet_h * scale) / 2.0);
    ((x - left - off_x) / scale, (y - top - off_y) / scale)
}

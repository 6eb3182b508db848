//! The printable sheet (seed 001: *elk een groot wit blad*): one page for the client and one for
//! the worker, each with its question, a half for *wat gaat goed* and a half for *wat kan beter*,
//! room to write, draw or stick a collage, and the code with its QR code at the foot.
//!
//! The sheet is laid out once as a list of [`Shape`]s on an A4 page in landscape (points, from
//! the top left), drawn as PDF to print ([`pdf`], A4 or A3) and as SVG to show ([`svg`]).

use werkzaam_domain::dialogue::Address;
use werkzaam_domain::markup::escape;
use werkzaam_domain::pdf::{self, Page};

use crate::code::{SheetCode, Side};
use crate::qr::{self, Modules, QUIET};

/// A4 in landscape, in points: the sheet's own coordinates.
pub const WIDTH: f64 = 842.0;
pub const HEIGHT: f64 = 595.0;
const MARGIN: f64 = 28.0;

/// The paper to print on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    A4,
    A3,
}

impl Size {
    /// The page in landscape, in points.
    fn page(self) -> (f64, f64) {
        match self {
            Size::A4 => (842.0, 595.0),
            Size::A3 => (1191.0, 842.0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Size::A4 => "A4",
            Size::A3 => "A3",
        }
    }
}

/// Where a text stands against its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

/// One thing drawn on the sheet, in black.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle's outline.
    Frame {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        line: f64,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        line: f64,
    },
    /// A circle's outline.
    Circle { cx: f64, cy: f64, r: f64, line: f64 },
    Text {
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
        anchor: Anchor,
        text: String,
    },
    /// A QR code whose top left module is at `x`, `y`, each `module` points wide.
    Qr {
        x: f64,
        y: f64,
        module: f64,
        modules: Modules,
    },
}

/// The question at the top of `side`'s sheet, in the words of client mode (*je* or *u*).
pub fn question(side: Side, address: Address) -> &'static str {
    match (side, address) {
        (Side::Client, Address::Je) => "Hoe vind jij de hulp die je krijgt?",
        (Side::Client, Address::U) => "Hoe vindt u de hulp die u krijgt?",
        (Side::Worker, _) => "Hoe ervaar ik als hulpverlener de begeleiding?",
    }
}

/// What may go on the sheet: seed 001's writing, drawing and collage.
pub const INVITATION: &str = "Schrijf, teken of plak er plaatjes op. Een collage mag ook.";
pub const GOOD: &str = "Wat gaat goed?";
pub const BETTER: &str = "Wat kan beter?";

/// The sheet of `side` for the dialogue with `code`.
pub fn layout(code: SheetCode, side: Side, address: Address) -> Vec<Shape> {
    let mut shapes = vec![
        Shape::Text {
            x: WIDTH / 2.0,
            y: 62.0,
            size: 26.0,
            bold: true,
            anchor: Anchor::Middle,
            text: question(side, address).into(),
        },
        Shape::Text {
            x: WIDTH / 2.0,
            y: 86.0,
            size: 13.0,
            bold: false,
            anchor: Anchor::Middle,
            text: INVITATION.into(),
        },
    ];
    let (top, bottom, gap) = (100.0, 500.0, 12.0);
    let half = (WIDTH - 2.0 * MARGIN - gap) / 2.0;
    for (i, heading) in [GOOD, BETTER].into_iter().enumerate() {
        let x = MARGIN + i as f64 * (half + gap);
        shapes.push(Shape::Frame {
            x,
            y: top,
            w: half,
            h: bottom - top,
            line: 2.0,
        });
        let (cx, cy) = (x + 30.0, top + 30.0);
        if i == 0 {
            shapes.extend(sun(cx, cy));
        } else {
            shapes.extend(step_up(cx, cy));
        }
        shapes.push(Shape::Text {
            x: x + 54.0,
            y: top + 37.0,
            size: 20.0,
            bold: true,
            anchor: Anchor::Start,
            text: heading.into(),
        });
    }
    let modules = qr::encode(code, side);
    let size = 74.0;
    let module = size / (modules.width + 2 * QUIET) as f64;
    shapes.push(Shape::Qr {
        x: WIDTH - MARGIN - size + QUIET as f64 * module,
        y: HEIGHT - 14.0 - size + QUIET as f64 * module,
        module,
        modules,
    });
    shapes.push(Shape::Text {
        x: MARGIN,
        y: 530.0,
        size: 16.0,
        bold: true,
        anchor: Anchor::Start,
        text: format!("Code {code}"),
    });
    shapes.push(Shape::Text {
        x: MARGIN,
        y: 550.0,
        size: 10.0,
        bold: false,
        anchor: Anchor::Start,
        text: format!("Werkalliantie-dialoog · {}", side.label()),
    });
    shapes.push(Shape::Text {
        x: MARGIN,
        y: 566.0,
        size: 10.0,
        bold: false,
        anchor: Anchor::Start,
        text: "Na het gesprek: maak in Werkzaam een foto van dit blad. De code zegt bij welk \
               gesprek het hoort."
            .into(),
    });
    shapes
}

/// A sun for *wat gaat goed*: a circle with eight rays.
fn sun(cx: f64, cy: f64) -> Vec<Shape> {
    let mut out = vec![Shape::Circle {
        cx,
        cy,
        r: 9.0,
        line: 2.0,
    }];
    for i in 0..8 {
        let a = f64::from(i) * std::f64::consts::FRAC_PI_4;
        let (s, c) = a.sin_cos();
        out.push(Shape::Line {
            x1: cx + 13.0 * c,
            y1: cy + 13.0 * s,
            x2: cx + 18.0 * c,
            y2: cy + 18.0 * s,
            line: 2.0,
        });
    }
    out
}

/// Steps going up for *wat kan beter*: a stair of three and an arrow.
fn step_up(cx: f64, cy: f64) -> Vec<Shape> {
    let (l, b) = (cx - 16.0, cy + 14.0);
    let stair = [
        (l, b, l + 10.0, b),
        (l + 10.0, b, l + 10.0, b - 8.0),
        (l + 10.0, b - 8.0, l + 20.0, b - 8.0),
        (l + 20.0, b - 8.0, l + 20.0, b - 16.0),
        (l + 20.0, b - 16.0, l + 30.0, b - 16.0),
        // The arrow above the top step.
        (l + 4.0, b - 12.0, l + 16.0, b - 26.0),
        (l + 16.0, b - 26.0, l + 9.0, b - 25.0),
        (l + 16.0, b - 26.0, l + 16.0, b - 19.0),
    ];
    stair
        .into_iter()
        .map(|(x1, y1, x2, y2)| Shape::Line {
            x1,
            y1,
            x2,
            y2,
            line: 2.0,
        })
        .collect()
}

/// About how wide `text` is in Helvetica of `size` (for centring: PDF has no anchor).
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let per = if bold { 0.56 } else { 0.5 };
    text.chars().count() as f64 * size * per
}

/// PDF drawing operators for `shapes`, the page `height` high (PDF counts from the bottom).
fn operators(shapes: &[Shape], height: f64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut out = String::new();
    for shape in shapes {
        match shape {
            Shape::Frame { x, y, w, h, line } => {
                out += &format!("{line} w {x:.2} {:.2} {w:.2} {h:.2} re S\n", height - y - h);
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                line,
            } => {
                out += &format!(
                    "{line} w 1 J {x1:.2} {:.2} m {x2:.2} {:.2} l S\n",
                    height - y1,
                    height - y2
                );
            }
            Shape::Circle { cx, cy, r, line } => {
                // Four Bézier curves; k places their control points.
                let (x, y, k) = (*cx, height - cy, 0.5523 * r);
                out += &format!(
                    "{line} w {:.2} {y:.2} m \
                     {:.2} {:.2} {:.2} {:.2} {x:.2} {:.2} c \
                     {:.2} {:.2} {:.2} {:.2} {:.2} {y:.2} c \
                     {:.2} {:.2} {:.2} {:.2} {x:.2} {:.2} c \
                     {:.2} {:.2} {:.2} {:.2} {:.2} {y:.2} c S\n",
                    x + r,
                    x + r,
                    y + k,
                    x + k,
                    y + r,
                    y + r,
                    x - k,
                    y + r,
                    x - r,
                    y + k,
                    x - r,
                    x - r,
                    y - k,
                    x - k,
                    y - r,
                    y - r,
                    x + k,
                    y - r,
                    x + r,
                    y - k,
                    x + r,
                );
            }
            Shape::Text {
                x,
                y,
                size,
                bold,
                anchor,
                text,
            } => {
                let x = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - text_width(text, *size, *bold) / 2.0,
                };
                let font = if *bold { "F2" } else { "F1" };
                out += &format!("BT /{font} {size} Tf {x:.2} {:.2} Td ", height - y);
                // The text in WinAnsi, one byte per letter (not UTF-8).
                bytes.extend(std::mem::take(&mut out).into_bytes());
                bytes.extend(pdf::literal(text));
                out += " Tj ET\n";
            }
            Shape::Qr {
                x,
                y,
                module,
                modules,
            } => {
                for (col, row) in modules.dark_cells() {
                    out += &format!(
                        "{:.3} {:.3} {module:.3} {module:.3} re ",
                        x + col * module,
                        height - (y + (row + 1.0) * module)
                    );
                }
                out += "f\n";
            }
        }
    }
    bytes.extend(out.into_bytes());
    bytes
}

/// The two sheets of the dialogue with `code` (the client's, then the worker's) as a PDF on
/// `size` paper in landscape.
pub fn pdf(code: SheetCode, address: Address, size: Size) -> Vec<u8> {
    let (width, height) = size.page();
    let scale = width / WIDTH;
    let pages: Vec<Page> = Side::BOTH
        .into_iter()
        .map(|side| {
            let mut content = format!("{scale:.5} 0 0 {scale:.5} 0 0 cm\n").into_bytes();
            content.extend(operators(&layout(code, side, address), HEIGHT));
            Page {
                width,
                height,
                content,
            }
        })
        .collect();
    pdf::write(&format!("Werkalliantie-dialoog, blad {code}"), &pages)
}

/// `side`'s sheet as an SVG picture (to show before printing, and as large as the screen).
pub fn svg(code: SheetCode, side: Side, address: Address) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"Helvetica, Arial, sans-serif\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#fff\"/>\
         <g fill=\"none\" stroke=\"#000\" stroke-linecap=\"round\">",
        escape(&format!("Het {} met code {code}", side.label()))
    );
    let mut texts = String::new();
    let mut qr_rects = String::new();
    for shape in layout(code, side, address) {
        match shape {
            Shape::Frame { x, y, w, h, line } => {
                out += &format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" stroke-width=\"{line}\"/>"
                );
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                line,
            } => {
                out += &format!(
                    "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" stroke-width=\"{line}\"/>"
                );
            }
            Shape::Circle { cx, cy, r, line } => {
                out +=
                    &format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" stroke-width=\"{line}\"/>");
            }
            Shape::Text {
                x,
                y,
                size,
                bold,
                anchor,
                text,
            } => {
                texts += &format!(
                    "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\"{}{}>{}</text>",
                    if bold { " font-weight=\"bold\"" } else { "" },
                    if anchor == Anchor::Middle {
                        " text-anchor=\"middle\""
                    } else {
                        ""
                    },
                    escape(&text)
                );
            }
            Shape::Qr {
                x,
                y,
                module,
                modules,
            } => {
                for (col, row) in modules.dark_cells() {
                    qr_rects += &format!(
                        "<rect x=\"{:.3}\" y=\"{:.3}\" width=\"{module:.3}\" height=\"{module:.3}\"/>",
                        x + col * module,
                        y + row * module
                    );
                }
            }
        }
    }
    out += "</g><g fill=\"#000\">";
    out += &texts;
    out += &format!("</g><g fill=\"#000\" shape-rendering=\"crispEdges\">{qr_rects}</g></svg>");
    out
}

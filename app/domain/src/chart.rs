//! Charts as pictures (issue 6): a client's trend drawn as SVG — by the server for the team lead,
//! and on the device for the worker's own clients (issue 18), so the page, a tablet and paper show
//! the same thing, offline too, and no chart library is downloaded. Pure functions.

use crate::dialogue::Scale;
use crate::markup::escape;
use crate::review::TrendPoint;

/// `2026-09-20` → `20-09`.
fn short_day(day: &str) -> String {
    if day.len() == 10 {
        format!("{}-{}", &day[8..10], &day[5..7])
    } else {
        day.to_owned()
    }
}

const CLIENT_COLOUR: &str = "#1d5c4d";
const WORKER_COLOUR: &str = "#b85c00";

/// A client's four scales over their dialogues: one small chart per scale (0–10), the client's
/// line solid green with dots, the worker's dashed orange with squares; missing scores are left
/// out. `title` heads the picture.
pub fn trend_svg(title: &str, points: &[TrendPoint]) -> String {
    // One chart under the other: as readable on a phone as on a laptop or paper.
    let (panel_w, panel_h) = (330.0_f64, 190.0_f64);
    let (w, h) = (360.0_f64, 60.0 + 4.0 * (panel_h + 15.0));
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         font-family=\"sans-serif\" role=\"img\" aria-label=\"{}\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\
         <text x=\"10\" y=\"24\" font-size=\"18\" font-weight=\"700\" fill=\"#1c2421\">{}</text>\
         <line x1=\"10\" y1=\"44\" x2=\"40\" y2=\"44\" stroke=\"{CLIENT_COLOUR}\" stroke-width=\"3\"/>\
         <text x=\"46\" y=\"49\" font-size=\"14\" fill=\"#1c2421\">cliënt</text>\
         <line x1=\"120\" y1=\"44\" x2=\"150\" y2=\"44\" stroke=\"{WORKER_COLOUR}\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/>\
         <text x=\"156\" y=\"49\" font-size=\"14\" fill=\"#1c2421\">hulpverlener</text>",
        escape(title),
        escape(title)
    );
    for (i, scale) in Scale::ALL.into_iter().enumerate() {
        let (ox, oy) = (10.0, 62.0 + i as f64 * (panel_h + 15.0));
        let (left, top, right, bottom) = (ox + 28.0, oy + 24.0, ox + panel_w, oy + panel_h - 6.0);
        let y_of = |v: u8| bottom - (bottom - top) * f64::from(v) / 10.0;
        let n = points.len();
        let x_of = |k: usize| {
            if n <= 1 {
                (left + right) / 2.0
            } else {
                left + (right - left) * k as f64 / (n - 1) as f64
            }
        };
        svg.push_str(&format!(
            "<g data-scale=\"{}\"><text x=\"{ox}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" fill=\"#1c2421\">{}</text>",
            scale.slug(),
            oy + 12.0,
            escape(scale.label())
        ));
        for v in [0u8, 5, 10] {
            let y = y_of(v);
            svg.push_str(&format!(
                "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#d6d2c6\"/>\
                 <text x=\"{}\" y=\"{:.1}\" font-size=\"12\" fill=\"#56615c\" text-anchor=\"end\">{v}</text>",
                left - 6.0,
                y + 4.0
            ));
        }
        for (k, p) in points.iter().enumerate() {
            if n <= 6 || k == 0 || k == n - 1 || k % n.div_ceil(5) == 0 {
                svg.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#56615c\" text-anchor=\"middle\">{}</text>",
                    x_of(k),
                    bottom + 14.0,
                    escape(&short_day(&p.held_on))
                ));
            }
        }
        for (side, colour, dash) in [
            ("client", CLIENT_COLOUR, ""),
            ("worker", WORKER_COLOUR, " stroke-dasharray=\"6 4\""),
        ] {
            let values: Vec<(f64, f64)> = points
                .iter()
                .enumerate()
                .filter_map(|(k, p)| {
                    let set = if side == "client" {
                        &p.client
                    } else {
                        &p.worker
                    };
                    set.get(scale).map(|v| (x_of(k), y_of(v)))
                })
                .collect();
            if values.len() > 1 {
                let path: Vec<String> = values
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                svg.push_str(&format!(
                    "<polyline data-side=\"{side}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>",
                    path.join(" ")
                ));
            }
            for (x, y) in &values {
                if side == "client" {
                    svg.push_str(&format!(
                        "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{colour}\"/>"
                    ));
                } else {
                    svg.push_str(&format!(
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>",
                        x - 4.0,
                        y - 4.0
                    ));
                }
            }
        }
        if points
            .iter()
            .all(|p| p.client.get(scale).is_none() && p.worker.get(scale).is_none())
        {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#56615c\" text-anchor=\"middle\">geen scores</text>",
                (left + right) / 2.0,
                (top + bottom) / 2.0
            ));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

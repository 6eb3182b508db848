//! Drawings as vectors: the strokes a client or worker makes with a finger, pen or mouse.
//!
//! * [`Drawing`] is a sheet (`width` × `height` units) with strokes of points; a point has
//!   integer coordinates on the sheet and a pressure of 0–15.
//! * [`encode`] / [`decode`]: a compact binary form (quantised, delta-encoded, varints) that is
//!   stored on the device and synced as an attachment. A 200-point stroke takes well under 1 KB.
//! * [`Editor`]: adding, erasing, clearing, with undo and redo.
//! * [`to_svg`]: the drawing as SVG, so it renders crisp at any size.

use std::fmt::Write as _;

/// The content type drawings are stored and served with.
pub const CONTENT_TYPE: &str = "application/vnd.werkzaam.drawing";
/// The width of every sheet in units; the height follows the screen's shape.
pub const SHEET_WIDTH: u16 = 1000;
/// Highest pressure value.
pub const MAX_PRESSURE: u8 = 15;
/// Most strokes one drawing may hold.
pub const MAX_STROKES: usize = 5_000;
/// Most points one stroke may hold.
pub const MAX_POINTS: usize = 20_000;

const MAGIC: &[u8; 2] = b"WZ";
const VERSION: u8 = 1;

/// The crayon box: name for people, colour for the screen.
pub const PALETTE: [(&str, &str); 8] = [
    ("Zwart", "#222222"),
    ("Rood", "#d7263d"),
    ("Oranje", "#f46036"),
    ("Geel", "#f2c14e"),
    ("Groen", "#2e9e44"),
    ("Blauw", "#1b6ec2"),
    ("Paars", "#7b2cbf"),
    ("Bruin", "#8a5a44"),
];

/// Line widths: name for people, width in sheet units.
pub const SIZES: [(&str, f32); 3] = [("Dun", 8.0), ("Middel", 18.0), ("Dik", 36.0)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub x: u16,
    pub y: u16,
    /// 0 (lightest) to [`MAX_PRESSURE`].
    pub pressure: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stroke {
    /// Index in [`PALETTE`].
    pub color: u8,
    /// Index in [`SIZES`].
    pub size: u8,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawing {
    pub width: u16,
    pub height: u16,
    pub strokes: Vec<Stroke>,
}

impl Drawing {
    pub fn new(width: u16, height: u16) -> Self {
        Drawing {
            width: width.max(1),
            height: height.max(1),
            strokes: Vec::new(),
        }
    }

    /// A sheet [`SHEET_WIDTH`] wide with the shape of a `w` × `h` screen area.
    pub fn for_screen(w: f64, h: f64) -> Self {
        let ratio = if w > 0.0 && h > 0.0 { h / w } else { 1.0 };
        let height = (f64::from(SHEET_WIDTH) * ratio.clamp(0.4, 2.5)).round() as u16;
        Drawing::new(SHEET_WIDTH, height)
    }
}

/// Why bytes are not a drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    NotADrawing,
    UnknownVersion(u8),
    Truncated,
    TooLarge,
    OutOfSheet,
    UnknownColourOrSize,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            DecodeError::NotADrawing => "dit is geen tekening",
            DecodeError::UnknownVersion(_) => "deze tekening komt uit een nieuwere app",
            DecodeError::Truncated => "de tekening is onvolledig",
            DecodeError::TooLarge => "de tekening is te groot",
            DecodeError::OutOfSheet => "de tekening valt buiten het blad",
            DecodeError::UnknownColourOrSize => "de tekening gebruikt een onbekende kleur of dikte",
        };
        f.write_str(text)
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.at).ok_or(DecodeError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(DecodeError::NotADrawing)
    }
}

/// The drawing as bytes: `WZ`, version, sheet size, then per stroke its colour and size, its
/// number of points and each point as the difference from the one before (zigzag varints).
pub fn encode(drawing: &Drawing) -> Vec<u8> {
    let points: usize = drawing.strokes.iter().map(|s| s.points.len()).sum();
    let mut out = Vec::with_capacity(8 + drawing.strokes.len() * 3 + points * 3);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    put_varint(&mut out, u64::from(drawing.width));
    put_varint(&mut out, u64::from(drawing.height));
    put_varint(&mut out, drawing.strokes.len() as u64);
    for stroke in &drawing.strokes {
        out.push((stroke.color & 0x0f) | (stroke.size << 4));
        put_varint(&mut out, stroke.points.len() as u64);
        let (mut x, mut y, mut p) = (0i64, 0i64, 0i64);
        for point in &stroke.points {
            let (nx, ny, np) = (
                i64::from(point.x),
                i64::from(point.y),
                i64::from(point.pressure),
            );
            put_varint(&mut out, zigzag(nx - x));
            put_varint(&mut out, zigzag(ny - y));
            put_varint(&mut out, zigzag(np - p));
            (x, y, p) = (nx, ny, np);
        }
    }
    out
}

/// Reads bytes made by [`encode`]; refuses anything else without panicking.
pub fn decode(bytes: &[u8]) -> Result<Drawing, DecodeError> {
    if bytes.len() < 3 || &bytes[..2] != MAGIC {
        return Err(DecodeError::NotADrawing);
    }
    if bytes[2] != VERSION {
        return Err(DecodeError::UnknownVersion(bytes[2]));
    }
    let mut r = Reader { bytes, at: 3 };
    let dim = |v: u64| u16::try_from(v).ok().filter(|v| *v > 0);
    let width = dim(r.varint()?).ok_or(DecodeError::OutOfSheet)?;
    let height = dim(r.varint()?).ok_or(DecodeError::OutOfSheet)?;
    let count = r.varint()? as usize;
    if count > MAX_STROKES {
        return Err(DecodeError::TooLarge);
    }
    let mut strokes = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let style = r.byte()?;
        let (color, size) = (style & 0x0f, style >> 4);
        if usize::from(color) >= PALETTE.len() || usize::from(size) >= SIZES.len() {
            return Err(DecodeError::UnknownColourOrSize);
        }
        let n = r.varint()? as usize;
        if n > MAX_POINTS {
            return Err(DecodeError::TooLarge);
        }
        let mut points = Vec::with_capacity(n.min(4096));
        let (mut x, mut y, mut p) = (0i64, 0i64, 0i64);
        for _ in 0..n {
            x += unzigzag(r.varint()?);
            y += unzigzag(r.varint()?);
            p += unzigzag(r.varint()?);
            if !(0..=i64::from(width)).contains(&x)
                || !(0..=i64::from(height)).contains(&y)
                || !(0..=i64::from(MAX_PRESSURE)).contains(&p)
            {
                return Err(DecodeError::OutOfSheet);
            }
            points.push(Point {
                x: x as u16,
                y: y as u16,
                pressure: p as u8,
            });
        }
        strokes.push(Stroke {
            color,
            size,
            points,
        });
    }
    if r.at != bytes.len() {
        return Err(DecodeError::NotADrawing);
    }
    Ok(Drawing {
        width,
        height,
        strokes,
    })
}

/// A drawing as text (its [`encode`]d bytes in base64, without padding), to keep it inside a
/// record that syncs as JSON — a groepsdroom statement's drawing.
pub fn to_text(drawing: &Drawing) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(encode(drawing))
}

/// Reads text made by [`to_text`]; refuses anything else without panicking.
pub fn from_text(text: &str) -> Result<Drawing, DecodeError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text)
        .map_err(|_| DecodeError::NotADrawing)?;
    decode(&bytes)
}

/// Collects the points of the stroke in progress, in sheet units.
#[derive(Debug, Clone)]
pub struct StrokeBuilder {
    stroke: Stroke,
    width: u16,
    height: u16,
}

impl StrokeBuilder {
    pub fn new(sheet: &Drawing, color: u8, size: u8) -> Self {
        StrokeBuilder {
            stroke: Stroke {
                color: color.min(PALETTE.len() as u8 - 1),
                size: size.min(SIZES.len() as u8 - 1),
                points: Vec::new(),
            },
            width: sheet.width,
            height: sheet.height,
        }
    }

    /// Adds a point; `pressure` is 0.0–1.0 as pointer events report it. Points closer than
    /// 2 units to the last one are skipped: they add bytes, not shape.
    pub fn push(&mut self, x: f64, y: f64, pressure: f64) {
        let point = Point {
            x: x.round().clamp(0.0, f64::from(self.width)) as u16,
            y: y.round().clamp(0.0, f64::from(self.height)) as u16,
            pressure: (pressure.clamp(0.0, 1.0) * f64::from(MAX_PRESSURE)).round() as u8,
        };
        if let Some(last) = self.stroke.points.last() {
            let dx = f64::from(point.x) - f64::from(last.x);
            let dy = f64::from(point.y) - f64::from(last.y);
            if dx * dx + dy * dy < 4.0 {
                return;
            }
        }
        if self.stroke.points.len() < MAX_POINTS {
            self.stroke.points.push(point);
        }
    }

    pub fn stroke(&self) -> &Stroke {
        &self.stroke
    }

    pub fn finish(self) -> Option<Stroke> {
        (!self.stroke.points.is_empty()).then_some(self.stroke)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Edit {
    Add(Stroke),
    Erase { index: usize, stroke: Stroke },
    Clear(Vec<Stroke>),
}

/// A drawing being made, with undo and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    drawing: Drawing,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl Editor {
    pub fn new(drawing: Drawing) -> Self {
        Editor {
            drawing,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    pub fn drawing(&self) -> &Drawing {
        &self.drawing
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn did(&mut self, edit: Edit) {
        self.undo.push(edit);
        self.redo.clear();
    }

    pub fn add(&mut self, stroke: Stroke) {
        if self.drawing.strokes.len() >= MAX_STROKES {
            return;
        }
        self.drawing.strokes.push(stroke.clone());
        self.did(Edit::Add(stroke));
    }

    /// Erases the topmost stroke that passes within `radius` units of (`x`, `y`).
    pub fn erase_at(&mut self, x: f64, y: f64, radius: f64) -> bool {
        let hit = self.drawing.strokes.iter().rposition(|s| {
            let reach = radius + f64::from(SIZES[usize::from(s.size)].1) / 2.0;
            touches(s, x, y, reach)
        });
        match hit {
            Some(index) => {
                let stroke = self.drawing.strokes.remove(index);
                self.did(Edit::Erase { index, stroke });
                true
            }
            None => false,
        }
    }

    /// Removes every stroke (undoable).
    pub fn clear(&mut self) -> bool {
        if self.drawing.strokes.is_empty() {
            return false;
        }
        let strokes = std::mem::take(&mut self.drawing.strokes);
        self.did(Edit::Clear(strokes));
        true
    }

    pub fn undo(&mut self) -> bool {
        let Some(edit) = self.undo.pop() else {
            return false;
        };
        match &edit {
            Edit::Add(_) => {
                self.drawing.strokes.pop();
            }
            Edit::Erase { index, stroke } => {
                let at = (*index).min(self.drawing.strokes.len());
                self.drawing.strokes.insert(at, stroke.clone());
            }
            Edit::Clear(strokes) => self.drawing.strokes = strokes.clone(),
        }
        self.redo.push(edit);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(edit) = self.redo.pop() else {
            return false;
        };
        match &edit {
            Edit::Add(stroke) => self.drawing.strokes.push(stroke.clone()),
            Edit::Erase { index, .. } => {
                if *index < self.drawing.strokes.len() {
                    self.drawing.strokes.remove(*index);
                }
            }
            Edit::Clear(_) => self.drawing.strokes.clear(),
        }
        self.undo.push(edit);
        true
    }
}

fn touches(stroke: &Stroke, x: f64, y: f64, reach: f64) -> bool {
    let pts: Vec<(f64, f64)> = stroke
        .points
        .iter()
        .map(|p| (f64::from(p.x), f64::from(p.y)))
        .collect();
    let near = |(ax, ay): (f64, f64), (bx, by): (f64, f64)| {
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 == 0.0 {
            0.0
        } else {
            (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
        };
        let (cx, cy) = (ax + t * dx - x, ay + t * dy - y);
        cx * cx + cy * cy <= reach * reach
    };
    match pts.as_slice() {
        [] => false,
        [only] => near(*only, *only),
        _ => pts.windows(2).any(|w| near(w[0], w[1])),
    }
}

/// The radius of a stroke at a point: thicker when pressed harder.
fn radius(stroke: &Stroke, point: &Point) -> f64 {
    let base = f64::from(SIZES[usize::from(stroke.size.min(2))].1) / 2.0;
    base * (0.45 + 0.75 * f64::from(point.pressure) / f64::from(MAX_PRESSURE))
}

/// One stroke as an SVG path (`d`) to fill: a disc at every point and a band between each two,
/// each as wide as the pressure there. All parts wind the same way, so the default fill rule
/// joins them into one smooth shape of varying width, also at sharp turns.
pub fn stroke_path(stroke: &Stroke) -> String {
    let mut d = String::new();
    let mut last: Option<(f64, f64, f64)> = None;
    for p in &stroke.points {
        let (x, y, r) = (f64::from(p.x), f64::from(p.y), radius(stroke, p));
        if last.is_some_and(|(lx, ly, _)| (lx, ly) == (x, y)) {
            continue;
        }
        // A disc: two half arcs, clockwise on screen (sweep flag 1).
        let _ = write!(
            d,
            "M{:.1} {y:.1}a{r:.1} {r:.1} 0 1 1 {:.1} 0a{r:.1} {r:.1} 0 1 1 {:.1} 0Z",
            x - r,
            2.0 * r,
            -2.0 * r
        );
        if let Some((ax, ay, ar)) = last {
            let (dx, dy) = (x - ax, y - ay);
            let len = (dx * dx + dy * dy).sqrt();
            let (nx, ny) = (-dy / len, dx / len);
            // a − n·ar → b − n·r → b + n·r → a + n·ar runs clockwise on screen (y points down).
            let _ = write!(
                d,
                "M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
                ax - nx * ar,
                ay - ny * ar,
                x - nx * r,
                y - ny * r,
                x + nx * r,
                y + ny * r,
                ax + nx * ar,
                ay + ny * ar
            );
        }
        last = Some((x, y, r));
    }
    d
}

/// The colour of a stroke.
pub fn stroke_color(stroke: &Stroke) -> &'static str {
    PALETTE[usize::from(stroke.color) % PALETTE.len()].1
}

/// The whole drawing as an SVG document that scales to its container.
pub fn to_svg(drawing: &Drawing) -> String {
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" preserveAspectRatio="xMidYMid meet" role="img"><rect width="100%" height="100%" fill="#fffdf7"/>"##,
        drawing.width, drawing.height
    );
    for stroke in &drawing.strokes {
        let _ = write!(
            svg,
            r#"<path d="{}" fill="{}"/>"#,
            stroke_path(stroke),
            stroke_color(stroke)
        );
    }
    svg.push_str("</svg>");
    svg
}

use proptest::prelude::*;
use werkzaam_domain::drawing::*;

fn stroke(width: u16, height: u16) -> impl Strategy<Value = Stroke> {
    (
        0..PALETTE.len() as u8,
        0..SIZES.len() as u8,
        prop::collection::vec((0..=width, 0..=height, 0..=MAX_PRESSURE), 1..60),
    )
        .prop_map(|(color, size, pts)| Stroke {
            color,
            size,
            points: pts
                .into_iter()
                .map(|(x, y, pressure)| Point { x, y, pressure })
                .collect(),
        })
}

fn drawing() -> impl Strategy<Value = Drawing> {
    (1..=2000u16, 1..=2500u16).prop_flat_map(|(w, h)| {
        prop::collection::vec(stroke(w, h), 0..12).prop_map(move |strokes| Drawing {
            width: w,
            height: h,
            strokes,
        })
    })
}

/// A hand-drawn line: 200 points in small steps with a slowly changing pressure.
fn scribble(points: usize) -> Stroke {
    let mut pts = Vec::with_capacity(points);
    let (mut x, mut y) = (100.0f64, 200.0f64);
    for i in 0..points {
        let t = i as f64 / 10.0;
        x += 4.0 + 3.0 * t.sin();
        y += 5.0 * t.cos();
        pts.push(Point {
            x: x as u16,
            y: y as u16,
            pressure: (7.0 + 4.0 * (t / 3.0).sin()) as u8,
        });
    }
    Stroke {
        color: 1,
        size: 1,
        points: pts,
    }
}

proptest! {
    #[test]
    fn encoding_round_trips(d in drawing()) {
        let bytes = encode(&d);
        prop_assert_eq!(decode(&bytes).unwrap(), d);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode(&bytes);
        let mut prefixed = b"WZ\x01".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = decode(&prefixed);
    }

    #[test]
    fn a_cut_off_drawing_is_refused(d in drawing(), cut in 1usize..20) {
        let bytes = encode(&d);
        prop_assume!(cut < bytes.len() && !d.strokes.is_empty());
        prop_assert!(decode(&bytes[..bytes.len() - cut]).is_err());
    }

    #[test]
    fn undo_then_redo_returns_to_the_same_drawing(strokes in prop::collection::vec(stroke(1000, 1000), 1..10), erase in (0.0..1000.0f64, 0.0..1000.0f64)) {
        let mut editor = Editor::new(Drawing::new(1000, 1000));
        for s in strokes {
            editor.add(s);
        }
        editor.erase_at(erase.0, erase.1, 30.0);
        editor.clear();
        let after = editor.drawing().clone();
        let mut undone = 0;
        while editor.undo() {
            undone += 1;
        }
        prop_assert!(editor.drawing().strokes.is_empty());
        for _ in 0..undone {
            prop_assert!(editor.redo());
        }
        prop_assert_eq!(editor.drawing(), &after);
    }
}

#[test]
fn a_200_point_stroke_takes_under_one_kilobyte() {
    let mut d = Drawing::new(SHEET_WIDTH, 1300);
    d.strokes.push(scribble(200));
    let bytes = encode(&d);
    assert!(bytes.len() < 1024, "{} bytes", bytes.len());
    // Three small deltas per point, not six bytes of raw coordinates.
    assert!(bytes.len() < 200 * 4, "{} bytes", bytes.len());
    assert_eq!(decode(&bytes).unwrap(), d);
}

#[test]
fn other_bytes_are_not_a_drawing() {
    assert_eq!(
        decode(b"\xff\xd8\xff\xe0JFIF"),
        Err(DecodeError::NotADrawing)
    );
    assert_eq!(decode(b"WZ\x09"), Err(DecodeError::UnknownVersion(9)));
    let mut d = Drawing::new(100, 100);
    d.strokes.push(Stroke {
        color: 0,
        size: 0,
        points: vec![Point {
            x: 5,
            y: 5,
            pressure: 3,
        }],
    });
    let mut bytes = encode(&d);
    bytes.push(0);
    assert_eq!(decode(&bytes), Err(DecodeError::NotADrawing));
}

#[test]
fn a_point_outside_the_sheet_is_refused() {
    let d = Drawing {
        width: 100,
        height: 100,
        strokes: vec![Stroke {
            color: 0,
            size: 0,
            points: vec![Point {
                x: 150,
                y: 5,
                pressure: 3,
            }],
        }],
    };
    assert_eq!(decode(&encode(&d)), Err(DecodeError::OutOfSheet));
}

#[test]
fn the_builder_skips_points_that_add_no_shape_and_clamps_to_the_sheet() {
    let sheet = Drawing::new(1000, 500);
    let mut b = StrokeBuilder::new(&sheet, 2, 9);
    b.push(10.0, 10.0, 0.5);
    b.push(10.5, 10.4, 0.5);
    b.push(30.0, 10.0, 1.0);
    b.push(2000.0, -40.0, 2.0);
    let stroke = b.finish().unwrap();
    assert_eq!(stroke.size, (SIZES.len() - 1) as u8);
    assert_eq!(
        stroke.points,
        vec![
            Point {
                x: 10,
                y: 10,
                pressure: 8
            },
            Point {
                x: 30,
                y: 10,
                pressure: 15
            },
            Point {
                x: 1000,
                y: 0,
                pressure: 15
            },
        ]
    );
    assert!(StrokeBuilder::new(&sheet, 0, 0).finish().is_none());
}

#[test]
fn the_eraser_takes_the_topmost_stroke_it_touches() {
    let mut editor = Editor::new(Drawing::new(1000, 1000));
    let line = |color: u8, y: u16| Stroke {
        color,
        size: 0,
        points: vec![
            Point {
                x: 100,
                y,
                pressure: 8,
            },
            Point {
                x: 900,
                y,
                pressure: 8,
            },
        ],
    };
    editor.add(line(0, 500));
    editor.add(line(1, 505));
    editor.add(line(2, 900));
    assert!(editor.erase_at(500.0, 502.0, 10.0));
    let colors: Vec<u8> = editor.drawing().strokes.iter().map(|s| s.color).collect();
    assert_eq!(colors, vec![0, 2]);
    assert!(!editor.erase_at(500.0, 100.0, 10.0));
    assert!(editor.undo());
    let colors: Vec<u8> = editor.drawing().strokes.iter().map(|s| s.color).collect();
    assert_eq!(colors, vec![0, 1, 2]);
}

#[test]
fn a_new_stroke_after_undo_drops_the_redo() {
    let mut editor = Editor::new(Drawing::new(1000, 1000));
    editor.add(scribble(10));
    editor.undo();
    assert!(editor.can_redo());
    editor.add(scribble(5));
    assert!(!editor.can_redo());
    assert_eq!(editor.drawing().strokes.len(), 1);
}

#[test]
fn the_svg_has_the_sheet_and_one_filled_path_per_stroke() {
    let mut d = Drawing::new(1000, 1300);
    d.strokes.push(scribble(50));
    d.strokes.push(Stroke {
        color: 5,
        size: 2,
        points: vec![Point {
            x: 500,
            y: 500,
            pressure: 15,
        }],
    });
    let svg = to_svg(&d);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains(r#"viewBox="0 0 1000 1300""#));
    assert_eq!(svg.matches("<path").count(), 2);
    assert!(svg.contains(PALETTE[1].1) && svg.contains(PALETTE[5].1));
    // A dot is a disc of the stroke's width; a line is a disc per point and a band between.
    assert_eq!(stroke_path(&d.strokes[1]).matches('M').count(), 1);
    assert!(stroke_path(&d.strokes[1]).contains('a'));
    let line = Stroke {
        color: 0,
        size: 1,
        points: vec![
            Point {
                x: 10,
                y: 10,
                pressure: 8,
            },
            Point {
                x: 10,
                y: 10,
                pressure: 8,
            },
            Point {
                x: 60,
                y: 10,
                pressure: 8,
            },
            Point {
                x: 60,
                y: 90,
                pressure: 8,
            },
        ],
    };
    assert_eq!(stroke_path(&line).matches('M').count(), 3 + 2);
}

#[test]
fn the_sheet_follows_the_screen_shape() {
    assert_eq!(Drawing::for_screen(390.0, 507.0).height, 1300);
    assert_eq!(Drawing::for_screen(844.0, 390.0).height, 462);
    assert_eq!(Drawing::for_screen(0.0, 0.0).height, 1000);
}

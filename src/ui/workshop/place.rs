//! Where the tour's popover goes: next to the highlighted element (below, above, right or left,
//! whichever fits first), always whole on screen; in the middle when there is nothing to point
//! at. Pure: sizes in CSS pixels of the viewport.

/// A rectangle in viewport coordinates (`getBoundingClientRect`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The part of `self` inside a viewport of `w` × `h`; `None` when nothing of it is.
    pub fn visible_in(&self, w: f64, h: f64) -> Option<Rect> {
        let (x0, y0) = (self.x.max(0.0), self.y.max(0.0));
        let (x1, y1) = (self.right().min(w), self.bottom().min(h));
        (x1 > x0 && y1 > y0).then_some(Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        })
    }
}

/// Which side of the element the popover is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Below,
    Above,
    Right,
    Left,
    /// The element fills the screen: the popover sits over its lower right corner.
    Over,
    /// Nothing to point at.
    Centre,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Below => "below",
            Side::Above => "above",
            Side::Right => "right",
            Side::Left => "left",
            Side::Over => "over",
            Side::Centre => "centre",
        }
    }
}

/// The popover's top-left corner and side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub side: Side,
}

/// Space kept between the popover and the screen's edge.
pub const MARGIN: f64 = 12.0;
/// Space between the popover and the element.
pub const GAP: f64 = 14.0;

fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.min(hi).max(lo)
}

/// Places a popover of `pop` (width, height) for `target` in a viewport of `view` (width,
/// height). A popover larger than the screen keeps its top-left corner on screen (it scrolls).
pub fn place(target: Option<Rect>, pop: (f64, f64), view: (f64, f64)) -> Placement {
    let (pw, ph) = pop;
    let (vw, vh) = view;
    let max_x = (vw - pw - MARGIN).max(MARGIN);
    let max_y = (vh - ph - MARGIN).max(MARGIN);
    let Some(t) = target.and_then(|t| t.visible_in(vw, vh)) else {
        return Placement {
            x: clamp((vw - pw) / 2.0, MARGIN, max_x),
            y: clamp((vh - ph) / 2.0, MARGIN, max_y),
            side: Side::Centre,
        };
    };
    let centred_x = clamp(t.x + t.w / 2.0 - pw / 2.0, MARGIN, max_x);
    let centred_y = clamp(t.y + t.h / 2.0 - ph / 2.0, MARGIN, max_y);
    let below = t.bottom() + GAP;
    if below + ph <= vh - MARGIN {
        return Placement {
            x: centred_x,
            y: below,
            side: Side::Below,
        };
    }
    let above = t.y - GAP - ph;
    if above >= MARGIN {
        return Placement {
            x: centred_x,
            y: above,
            side: Side::Above,
        };
    }
    let right = t.right() + GAP;
    if right + pw <= vw - MARGIN {
        return Placement {
            x: right,
            y: centred_y,
            side: Side::Right,
        };
    }
    let left = t.x - GAP - pw;
    if left >= MARGIN {
        return Placement {
            x: left,
            y: centred_y,
            side: Side::Left,
        };
    }
    Placement {
        x: max_x,
        y: max_y,
        side: Side::Over,
    }
}

//! What the changes page compares with, in the URL's terms, and where the "from" pipeline comes
//! from. Pure (no browser), host-tested below.
//!
//! URL keys: `since` (`week` | `month` | `snap-YYYY-MM-DD` | `file`), `cperiod` (the reporting
//! period for expected closes: `all` | `this_month` | `this_quarter` | `next_quarter` |
//! `this_year`), `cmeasure` (`amount` | `weighted`), `cgroup` (`seller` | `stage`), and `copen`
//! (the open drill-down, [`Open`]).

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::changes::{Bar, Basis, Exit, Group, History, MatrixCell, Snapshot};
use crate::domain::filter::Period;
use crate::domain::{SellerId, StageId, Workspace};
pub use crate::ui::snapshots::{CompareFile, date_in_name};

/// What to compare with.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Since {
    /// Seven days ago.
    #[default]
    Week,
    /// The same day a month ago.
    Month,
    /// A stored snapshot of that day.
    Snapshot(NaiveDate),
    /// A Voronka file the user chose.
    File,
}

impl Since {
    pub fn parse(s: Option<&str>) -> Since {
        match s {
            Some("month") => Since::Month,
            Some("file") => Since::File,
            Some(x) => x
                .strip_prefix("snap-")
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or(Since::Week, Since::Snapshot),
            None => Since::Week,
        }
    }

    pub fn slug(&self) -> String {
        match self {
            Since::Week => "week".into(),
            Since::Month => "month".into(),
            Since::Snapshot(d) => format!("snap-{d}"),
            Since::File => "file".into(),
        }
    }

    /// The day "last week" or "last month" means.
    pub fn target(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Since::Week => Some(today - chrono::Duration::days(7)),
            Since::Month => Some(
                today
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(today - chrono::Duration::days(30)),
            ),
            _ => None,
        }
    }
}

/// The reporting period for expected close dates (`metrics.md`: "when a reporting period is
/// chosen — only those whose expected close at d falls inside it"). Whole calendar periods: the
/// filter bar's periods end today and look back, which suits closed deals, not expected closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClosePeriod {
    #[default]
    All,
    ThisMonth,
    ThisQuarter,
    NextQuarter,
    ThisYear,
}

impl ClosePeriod {
    pub const ALL: [ClosePeriod; 5] = [
        ClosePeriod::All,
        ClosePeriod::ThisMonth,
        ClosePeriod::ThisQuarter,
        ClosePeriod::NextQuarter,
        ClosePeriod::ThisYear,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ClosePeriod::All => "all",
            ClosePeriod::ThisMonth => "this_month",
            ClosePeriod::ThisQuarter => "this_quarter",
            ClosePeriod::NextQuarter => "next_quarter",
            ClosePeriod::ThisYear => "this_year",
        }
    }

    pub fn from_slug(s: &str) -> Option<ClosePeriod> {
        ClosePeriod::ALL.into_iter().find(|p| p.slug() == s)
    }

    /// The days it covers, as of `today`; `None` for no period.
    pub fn resolve(self, today: NaiveDate) -> Option<Period> {
        let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
        let span = |from: Option<NaiveDate>, months: u32| {
            let from = from?;
            let to = from.checked_add_months(Months::new(months))? - chrono::Duration::days(1);
            Some(Period { from, to })
        };
        let quarter = (today.month() - 1) / 3 * 3 + 1;
        match self {
            ClosePeriod::All => None,
            ClosePeriod::ThisMonth => span(first(today.year(), today.month()), 1),
            ClosePeriod::ThisQuarter => span(first(today.year(), quarter), 3),
            ClosePeriod::NextQuarter => span(
                first(today.year(), quarter).and_then(|d| d.checked_add_months(Months::new(3))),
                3,
            ),
            ClosePeriod::ThisYear => span(first(today.year(), 1), 12),
        }
    }
}

/// The drill-down open on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// A bar of the whole waterfall.
    Bar(Bar),
    /// A cell of the per-seller or per-stage table.
    Group(Group, Bar),
    /// A cell of the stage matrix.
    Cell(MatrixCell),
}

fn exit_code(e: Exit) -> &'static str {
    match e {
        Exit::Won => "won",
        Exit::Lost => "lost",
        Exit::Left => "left",
    }
}

impl Open {
    /// `bar.won`, `seller.5.won`, `stage.10.moved_in`, `move.10.20`, `exit.10.lost`,
    /// `entered.20`.
    pub fn slug(&self) -> String {
        match self {
            Open::Bar(b) => format!("bar.{}", b.code()),
            Open::Group(Group::Seller(s), b) => format!("seller.{}.{}", s.0, b.code()),
            Open::Group(Group::Stage(s), b) => format!("stage.{}.{}", s.0, b.code()),
            Open::Cell(MatrixCell::Move(a, b)) => format!("move.{}.{}", a.0, b.0),
            Open::Cell(MatrixCell::Exit(a, e)) => format!("exit.{}.{}", a.0, exit_code(*e)),
            Open::Cell(MatrixCell::Entered(b)) => format!("entered.{}", b.0),
        }
    }

    pub fn parse(s: &str) -> Option<Open> {
        let parts: Vec<&str> = s.split('.').collect();
        let id = |i: usize| parts.get(i).and_then(|p| p.parse::<u64>().ok());
        let bar = |i: usize| parts.get(i).and_then(|p| Bar::from_code(p));
        match parts.first().copied()? {
            "bar" if parts.len() == 2 => bar(1).map(Open::Bar),
            "seller" if parts.len() == 3 => {
                Some(Open::Group(Group::Seller(SellerId(id(1)?)), bar(2)?))
            }
            "stage" if parts.len() == 3 => {
                Some(Open::Group(Group::Stage(StageId(id(1)?)), bar(2)?))
            }
            "move" if parts.len() == 3 => Some(Open::Cell(MatrixCell::Move(
                StageId(id(1)?),
                StageId(id(2)?),
            ))),
            "exit" if parts.len() == 3 => {
                let exit = match parts[2] {
                    "won" => Exit::Won,
                    "lost" => Exit::Lost,
                    "left" => Exit::Left,
                    _ => return None,
                };
                Some(Open::Cell(MatrixCell::Exit(StageId(id(1)?), exit)))
            }
            "entered" if parts.len() == 2 => Some(Open::Cell(MatrixCell::Entered(StageId(id(1)?)))),
            _ => None,
        }
    }
}

/// Where the "from" pipeline comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A snapshot stored on that day (the latest on or before the day asked for).
    Stored {
        day: NaiveDate,
        asked: Option<NaiveDate>,
    },
    /// Rebuilt from stage history on that day (no snapshot that old).
    History {
        day: NaiveDate,
        first_snapshot: Option<NaiveDate>,
    },
    /// A Voronka file.
    File { name: String, day: NaiveDate },
}

/// What the comparison starts from, or why it cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Ready {
        snapshot: Snapshot,
        basis: Basis,
        source: Source,
    },
    /// The stored history is still being read.
    Loading,
    /// No stored snapshot of that day (dropped, or never taken).
    NoSnapshot(NaiveDate),
    /// "A file" is chosen and none is loaded.
    NoFile,
}

/// Resolves `since` against the history (`None` while loading; an unreadable history counts as
/// empty) and today's workspace.
pub fn resolve(
    since: &Since,
    today: NaiveDate,
    history: Option<&History>,
    ws: &Workspace,
    file: Option<&CompareFile>,
) -> Start {
    match since {
        Since::File => match file {
            Some(f) => Start::Ready {
                snapshot: f.snapshot.clone(),
                basis: Basis::Snapshot,
                source: Source::File {
                    name: f.name.clone(),
                    day: f.date,
                },
            },
            None => Start::NoFile,
        },
        Since::Snapshot(day) => match history {
            None => Start::Loading,
            Some(h) => match h.on(*day) {
                Some(snapshot) => Start::Ready {
                    snapshot,
                    basis: Basis::Snapshot,
                    source: Source::Stored {
                        day: *day,
                        asked: None,
                    },
                },
                None => Start::NoSnapshot(*day),
            },
        },
        Since::Week | Since::Month => {
            let Some(history) = history else {
                return Start::Loading;
            };
            // ok: Week and Month always have a target.
            let target = since.target(today).unwrap_or(today);
            match history.at_or_before(target) {
                Some(snapshot) => Start::Ready {
                    source: Source::Stored {
                        day: snapshot.date,
                        asked: Some(target),
                    },
                    snapshot,
                    basis: Basis::Snapshot,
                },
                None => Start::Ready {
                    snapshot: Snapshot::from_history(ws, target),
                    basis: Basis::History,
                    source: Source::History {
                        day: target,
                        first_snapshot: history.dates().next(),
                    },
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        // ok: test code, called with literal valid dates only.
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn since_round_trips_through_the_url() {
        for s in [
            Since::Week,
            Since::Month,
            Since::File,
            Since::Snapshot(day(2025, 6, 1)),
        ] {
            assert_eq!(Since::parse(Some(&s.slug())), s);
        }
        assert_eq!(Since::parse(None), Since::Week);
        assert_eq!(
            Since::parse(Some("snap-2025-02-30")),
            Since::Week,
            "no such day"
        );
        assert_eq!(Since::Week.target(day(2025, 6, 8)), Some(day(2025, 6, 1)));
        assert_eq!(
            Since::Month.target(day(2025, 3, 31)),
            Some(day(2025, 2, 28))
        );
    }

    #[test]
    fn close_periods_are_whole_calendar_periods() {
        let today = day(2025, 11, 20);
        let p = |c: ClosePeriod| c.resolve(today).map(|p| (p.from, p.to));
        assert_eq!(p(ClosePeriod::All), None);
        assert_eq!(
            p(ClosePeriod::ThisMonth),
            Some((day(2025, 11, 1), day(2025, 11, 30)))
        );
        assert_eq!(
            p(ClosePeriod::ThisQuarter),
            Some((day(2025, 10, 1), day(2025, 12, 31)))
        );
        assert_eq!(
            p(ClosePeriod::NextQuarter),
            Some((day(2026, 1, 1), day(2026, 3, 31)))
        );
        assert_eq!(
            p(ClosePeriod::ThisYear),
            Some((day(2025, 1, 1), day(2025, 12, 31)))
        );
        for c in ClosePeriod::ALL {
            assert_eq!(ClosePeriod::from_slug(c.slug()), Some(c));
        }
    }

    #[test]
    fn the_open_drill_down_round_trips_through_the_url() {
        let all = [
            Open::Bar(Bar::Won),
            Open::Group(Group::Seller(SellerId(5)), Bar::MovedIn),
            Open::Group(Group::Stage(StageId(10)), Bar::PulledIn),
            Open::Cell(MatrixCell::Move(StageId(10), StageId(20))),
            Open::Cell(MatrixCell::Exit(StageId(10), Exit::Left)),
            Open::Cell(MatrixCell::Entered(StageId(20))),
        ];
        for o in all {
            assert_eq!(Open::parse(&o.slug()), Some(o), "{}", o.slug());
        }
        for bad in [
            "",
            "bar",
            "bar.nope",
            "seller.x.won",
            "exit.1.gone",
            "move.1",
            "bar.won.1",
        ] {
            assert_eq!(Open::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_file_is_dated_by_its_name() {
        assert_eq!(
            date_in_name("voronka-2025-06-01.json"),
            Some(day(2025, 6, 1))
        );
        assert_eq!(
            date_in_name("team (2025-06-01) copy.json"),
            Some(day(2025, 6, 1))
        );
        assert_eq!(date_in_name("voronka-2025-13-01.json"), None);
        assert_eq!(date_in_name("pipeline.json"), None);
        assert_eq!(date_in_name("файл-2025-06-01.json"), Some(day(2025, 6, 1)));
    }
}

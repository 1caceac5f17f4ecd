//! How each scenario's problem is planted in a demo company. Every change keeps the workspace
//! valid (`validate` finds nothing): histories stay in time order, closed deals get their close
//! date, removed contacts leave no deal pointing at them.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};

use crate::Lang;
use crate::demo::{DEAL_NOUNS, LOST_REASONS, date_to_millis};
use crate::filter::Filter;
use crate::forecast::{ForecastSpec, Granularity, forecast};
use crate::index::DealIndex;
use crate::model::*;
use crate::money::Money;
use crate::rng::SplitMix64;

fn pick(lang: Lang, pair: (&str, &str)) -> String {
    match lang {
        Lang::Ru => pair.0.to_string(),
        Lang::En => pair.1.to_string(),
    }
}

fn deal_title(lang: Lang, direction: usize, client: &str) -> String {
    let noun = pick(lang, DEAL_NOUNS[direction % DEAL_NOUNS.len()]);
    match lang {
        Lang::Ru => format!("{noun} — {client}"),
        Lang::En => format!("{noun} for {client}"),
    }
}

fn stage_ids(ws: &Workspace, kind: StageKind) -> Vec<StageId> {
    ws.stages
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.id)
        .collect()
}

/// Closes `deal` as lost on `at`, with `reason`.
fn close_lost(deal: &mut Deal, lost: StageId, at: NaiveDate, reason: String) {
    deal.history.push(StageEntry {
        stage: lost,
        entered: at,
    });
    deal.stage = lost;
    deal.closed = Some(at);
    deal.expected_close = Some(at);
    deal.next_step = None;
    deal.probability = None;
    deal.forecast_category = None;
    deal.lost_reason = Some(reason);
    deal.updated_at = date_to_millis(at);
}

/// Leaking stage: four deals in five that moved past open stage `leak` (by order among the open
/// stages) are instead lost on the day they would have moved on — "too expensive" after the
/// proposal — so the conversion funnel's step from that stage collapses.
pub(super) fn leak_after_stage(ws: &mut Workspace, rng: &mut SplitMix64, lang: Lang, leak: usize) {
    let open = stage_ids(ws, StageKind::Open);
    let Some(lost) = stage_ids(ws, StageKind::Lost).first().copied() else {
        return;
    };
    let mut beyond: HashSet<StageId> = open.iter().skip(leak + 1).copied().collect();
    beyond.extend(stage_ids(ws, StageKind::Won));
    for deal in &mut ws.deals {
        let Some(cut) = deal.history.iter().position(|e| beyond.contains(&e.stage)) else {
            continue;
        };
        if cut == 0 || !rng.chance(80) {
            continue;
        }
        let at = deal.history[cut].entered;
        deal.history.truncate(cut);
        close_lost(deal, lost, at, pick(lang, LOST_REASONS[3]));
    }
}

/// Stale hoard: seller `seller` (position in `ws.sellers`) gets 45 more open deals, created
/// 7–14 months ago, stuck in an early stage since, expected to close months ago, with no next
/// step or an overdue one.
pub(super) fn hoard_stale_deals(
    ws: &mut Workspace,
    rng: &mut SplitMix64,
    lang: Lang,
    today: NaiveDate,
    seller: usize,
) {
    let Some(seller) = ws.sellers.get(seller).map(|s| s.id) else {
        return;
    };
    let open = stage_ids(ws, StageKind::Open);
    if open.is_empty() || ws.directions.is_empty() {
        return;
    }
    let clients: Vec<(ClientId, String, bool)> = ws
        .real_clients()
        .map(|c| (c.id, c.name.clone(), c.key))
        .collect();
    let new_business = ws.deal_types.first().map(|t| t.id);
    let first_id = ws.deals.iter().map(|d| d.id.0).max().unwrap_or(0) + 1;
    for n in 0..45 {
        let (client, name, key) = clients[rng.below(clients.len() as u64) as usize].clone();
        let dir = rng.below(ws.directions.len() as u64) as usize;
        let created = today - Duration::days(rng.range(210, 420));
        let reached = rng.below(3.min(open.len() as u64)) as usize;
        let history: Vec<StageEntry> = (0..=reached)
            .map(|k| StageEntry {
                stage: open[k],
                entered: created + Duration::days(12 * k as i64),
            })
            .collect();
        let amount = if key {
            rng.range(1_500, 6_000)
        } else {
            rng.range(400, 2_500)
        };
        let next_step = rng.chance(40).then(|| NextStep {
            text: pick(lang, ("Перезвонить клиенту", "Call the client back")),
            due: Some(today - Duration::days(rng.range(20, 90))),
            done: false,
        });
        ws.deals.push(Deal {
            id: DealId(first_id + n),
            title: deal_title(lang, dir, &name),
            client,
            seller,
            direction: Some(ws.directions[dir].id),
            deal_type: new_business,
            amount: Money::from_major(amount * 1_000),
            probability: None,
            stage: open[reached],
            created,
            expected_close: Some(today - Duration::days(rng.range(30, 150))),
            closed: None,
            updated_at: date_to_millis(history.last().map_or(created, |e| e.entered)),
            history,
            next_step,
            lost_reason: None,
            contacts: Vec::new(),
            forecast_category: None,
        });
    }
}

/// One contact: every key client but the first keeps a single contact — its head of procurement
/// if it has one, else its first — a loyal one; the others go (and leave the deals naming them).
/// The first key client keeps its full coverage, for contrast.
pub(super) fn one_contact_per_key_client(ws: &mut Workspace) {
    let procurement = ws.roles.get(3).map(|r| r.id);
    let mut keep: HashMap<ClientId, ContactId> = HashMap::new();
    let key_clients: Vec<ClientId> = ws
        .clients
        .iter()
        .filter(|c| c.key && !c.no_client)
        .map(|c| c.id)
        .skip(1)
        .collect();
    for client in &key_clients {
        let theirs: Vec<&Contact> = ws.contacts.iter().filter(|c| c.client == *client).collect();
        let chosen = theirs
            .iter()
            .find(|c| c.role.is_some() && c.role == procurement)
            .or(theirs.first());
        if let Some(c) = chosen {
            keep.insert(*client, c.id);
        }
    }
    let thinned: HashSet<ClientId> = key_clients.into_iter().collect();
    ws.contacts
        .retain(|c| !thinned.contains(&c.client) || keep.get(&c.client) == Some(&c.id));
    for c in &mut ws.contacts {
        if keep.get(&c.client) == Some(&c.id) {
            c.level = c.level.max(4);
        }
    }
    let left: HashSet<ContactId> = ws.contacts.iter().map(|c| c.id).collect();
    for d in &mut ws.deals {
        d.contacts.retain(|c| left.contains(c));
    }
}

/// Whitespace: every client buys in one direction only — client i in direction i mod 4 — so the
/// last two directions are sold to nobody and every row of the matrix is one cell wide.
pub(super) fn one_direction_per_client(ws: &mut Workspace, lang: Lang) {
    let home_count = ws.directions.len().min(4);
    if home_count == 0 {
        return;
    }
    let home: HashMap<ClientId, (usize, String)> = ws
        .clients
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, (i % home_count, c.name.clone())))
        .collect();
    for d in &mut ws.deals {
        if d.direction.is_none() {
            continue;
        }
        if let Some((dir, name)) = home.get(&d.client) {
            d.direction = Some(ws.directions[*dir].id);
            d.title = deal_title(lang, *dir, name);
        }
    }
}

/// Short quarter: of the open deals expected between today and the quarter's end (or the next 45
/// days, when the quarter ends sooner), seven in ten slip past their date (now overdue) and two
/// move to next quarter; most open deals lose their next step; and the quarter's plans are set so
/// the forecast reaches about 60% of them.
pub(super) fn short_quarter(ws: &mut Workspace, rng: &mut SplitMix64, today: NaiveDate) {
    let quarter_first = YearMonth::new(today.year(), (today.month() - 1) / 3 * 3 + 1);
    let quarter_end = YearMonth::from_ordinal(quarter_first.ordinal() + 3)
        .first_day()
        .and_then(|d| d.pred_opt())
        .unwrap_or(today);
    let horizon = quarter_end.max(today + Duration::days(45));
    let open: HashSet<StageId> = stage_ids(ws, StageKind::Open).into_iter().collect();
    for d in &mut ws.deals {
        if !open.contains(&d.stage) {
            continue;
        }
        let near = d.expected_close.is_some_and(|e| e >= today && e <= horizon);
        if near {
            let roll = rng.below(100);
            let slipped = today - Duration::days(rng.range(3, 35));
            if roll < 70 && slipped > d.created {
                d.expected_close = Some(slipped);
            } else if roll < 90 {
                d.expected_close = Some(horizon + Duration::days(rng.range(10, 60)));
            }
        }
        if rng.chance(60) {
            d.next_step = None;
        } else if let Some(step) = &mut d.next_step
            && rng.chance(40)
        {
            step.due = Some(today - Duration::days(rng.range(2, 25)));
        }
    }

    // The plans: the quarter's forecast is about 60% of them.
    let spec = ForecastSpec {
        granularity: Granularity::Quarter,
        from: quarter_first,
        periods: 1,
    };
    let report = forecast(ws, &DealIndex::build(ws), &Filter::default(), today, spec);
    let Some(row) = report.total.rows.first() else {
        return;
    };
    let target = row.forecast.round().0 as i128 * 100 / 60;
    let months: HashSet<YearMonth> = spec.months().into_iter().collect();
    let current: i128 = ws
        .plans
        .iter()
        .filter(|p| months.contains(&p.month))
        .map(|p| p.amount.0 as i128)
        .sum();
    if current <= 0 || target <= 0 {
        return;
    }
    const ROUND: i128 = 10_000_000; // 100,000 in major units
    for p in ws.plans.iter_mut().filter(|p| months.contains(&p.month)) {
        let scaled = p.amount.0 as i128 * target / current;
        // Rounded up, so rounding never lifts the forecast over the 60% line.
        let rounded = ((scaled + ROUND - 1) / ROUND).max(1) * ROUND;
        p.amount = Money(rounded as i64);
    }
}

// The plain-JavaScript peer of three Voronka reports (issue 17), for `benches/web_reports.rs`:
// what a JS dashboard would do over `JSON.parse`d objects of the Voronka file — `Map`s from ids
// to positions, one loop over the deal objects, ISO date strings compared as strings and turned
// into days with `Date.parse` where a difference is needed. Each function computes the same
// figures as its Rust counterpart (funnel::funnel, pipeline::StageGrid::build,
// matrix::directions_matrix) for a seller filter and no period; the bench checks a few of them
// against the Rust result so the two really do the same work.

const DAY = 86400000;
const days = (iso) => Date.parse(iso) / DAY;

function positions(list) {
  const m = new Map();
  list.forEach((x, i) => m.set(x.id, i));
  return m;
}

/** The snapshot and conversion funnel of the deals of `seller` (an id, or null for all). */
export function js_funnel(file, seller, todayIso) {
  const ws = file.workspace;
  if (Number.isNaN(seller)) seller = null; // NaN from Rust: every seller
  const stagePos = positions(ws.stages);
  const kinds = ws.stages.map((s) => s.kind);
  const n = ws.stages.length;
  const today = days(todayIso);
  const open = ws.stages.map(() => ({ count: 0, amount: 0, weighted: 0, age: 0 }));
  const conv = ws.stages.map(() => ({ furthestCount: 0, furthestAmount: 0, daysLeft: 0, dealsLeft: 0 }));
  const won = { count: 0, amount: 0, weighted: 0, cycle: 0 };
  const lost = { count: 0, amount: 0 };
  let cohortCount = 0;
  let cohortAmount = 0;
  let cohortWon = 0;
  const leftBy = new Array(n).fill(-1);
  ws.deals.forEach((d, i) => {
    if (seller !== null && d.seller !== seller) return;
    const s = stagePos.get(d.stage);
    if (s === undefined) return;
    const kind = kinds[s];
    const stage = ws.stages[s];
    const p = kind === 'won' ? 100 : kind === 'lost' ? 0 : Math.min(d.probability ?? stage.probability, 100);
    const h = d.history;
    if (kind === 'open') {
      const o = open[s];
      o.count += 1;
      o.amount += d.amount_minor;
      o.weighted += d.amount_minor * p;
      o.age += today - days(h.length ? h[h.length - 1].entered : d.created);
    } else if (kind === 'won') {
      won.count += 1;
      won.amount += d.amount_minor;
      won.weighted += d.amount_minor * 100;
      const closed = d.closed ?? (h.length ? h[h.length - 1].entered : d.created);
      won.cycle += days(closed) - days(d.created);
    } else {
      lost.count += 1;
      lost.amount += d.amount_minor;
    }
    // Every deal is in the cohort (no period).
    cohortCount += 1;
    cohortAmount += d.amount_minor;
    let furthest = kind === 'open' ? s : -1;
    let visit = null;
    let began = 0;
    for (const e of h) {
      const pos = stagePos.get(e.stage) ?? -2;
      if (pos >= 0 && kinds[pos] === 'open' && pos > furthest) furthest = pos;
      if (visit === null) {
        visit = pos;
        began = days(e.entered);
      } else if (visit !== pos) {
        const entered = days(e.entered);
        if (visit >= 0 && kinds[visit] === 'open') {
          conv[visit].daysLeft += entered - began;
          if (leftBy[visit] !== i) {
            leftBy[visit] = i;
            conv[visit].dealsLeft += 1;
          }
        }
        visit = pos;
        began = entered;
      }
    }
    if (kind === 'won') cohortWon += 1;
    else if (furthest >= 0) {
      conv[furthest].furthestCount += 1;
      conv[furthest].furthestAmount += d.amount_minor;
    }
  });
  // reached(k) = won + Σ furthest(j ≥ k) over open stages.
  const reached = new Array(n).fill(0);
  let running = cohortWon;
  for (let s = n - 1; s >= 0; s--) {
    if (kinds[s] !== 'open') continue;
    running += conv[s].furthestCount;
    reached[s] = running;
  }
  return { open, conv, reached, won, lost, cohortCount, cohortAmount };
}

/** The open pipeline of `seller` (or every seller) as a seller × open stage grid with the deals of
 *  each cell, row and column totals. */
export function js_stage_grid(file, seller, todayIso) {
  const ws = file.workspace;
  if (Number.isNaN(seller)) seller = null; // NaN from Rust: every seller
  const stagePos = positions(ws.stages);
  const sellerPos = positions(ws.sellers);
  const clientPos = positions(ws.clients);
  const cols = [];
  const colOf = new Array(ws.stages.length).fill(-1);
  ws.stages.forEach((s, i) => {
    if (s.kind === 'open') { colOf[i] = cols.length; cols.push(i); }
  });
  const rows = seller === null ? ws.sellers.map((_, i) => i) : [sellerPos.get(seller)].filter((x) => x !== undefined);
  const rowOf = new Array(ws.sellers.length).fill(-1);
  rows.forEach((p, r) => { rowOf[p] = r; });
  const cells = [];
  for (let c = 0; c < rows.length * cols.length; c++) cells.push({ count: 0, amount: 0, weighted: 0, overdue: 0, deals: [] });
  ws.deals.forEach((d, i) => {
    if (seller !== null && d.seller !== seller) return;
    const st = stagePos.get(d.stage);
    const se = sellerPos.get(d.seller);
    if (st === undefined || se === undefined || !clientPos.has(d.client)) return;
    const stage = ws.stages[st];
    if (stage.kind !== 'open') return;
    const r = rowOf[se];
    const c = colOf[st];
    if (r < 0 || c < 0) return;
    const cell = cells[r * cols.length + c];
    const p = Math.min(d.probability ?? stage.probability, 100);
    cell.count += 1;
    cell.amount += d.amount_minor;
    cell.weighted += d.amount_minor * p;
    if (d.expected_close != null && d.expected_close < todayIso) cell.overdue += 1;
    cell.deals.push(i);
  });
  const rowTotals = rows.map(() => ({ count: 0, amount: 0, weighted: 0, overdue: 0 }));
  const colTotals = cols.map(() => ({ count: 0, amount: 0, weighted: 0, overdue: 0 }));
  const total = { count: 0, amount: 0, weighted: 0, overdue: 0 };
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < cols.length; c++) {
      const a = cells[r * cols.length + c];
      for (const t of [rowTotals[r], colTotals[c], total]) {
        t.count += a.count; t.amount += a.amount; t.weighted += a.weighted; t.overdue += a.overdue;
      }
    }
  }
  return { cells, rowTotals, colTotals, total };
}

/** The client × direction matrix of `seller`'s book (or everyone's): won / in work / lost per
 *  cell, a client's size, coverage per column, rows sorted by whitespace score (size × empty
 *  cells), whitespace, size, key clients first, name. */
export function js_directions_matrix(file, seller) {
  const ws = file.workspace;
  if (Number.isNaN(seller)) seller = null; // NaN from Rust: every seller
  const stagePos = positions(ws.stages);
  const clientPos = positions(ws.clients);
  const dirPos = positions(ws.directions);
  const nd = ws.directions.length;
  const nc = ws.clients.length;
  const cell = () => ({ won: 0, wonAmount: 0, inWork: 0, inWorkAmount: 0, lost: 0, lostAmount: 0 });
  const grid = new Array(nc * nd);
  const unassigned = new Array(nc);
  const size = new Array(nc).fill(0);
  const inBook = new Array(nc).fill(seller === null);
  for (const d of ws.deals) {
    if (seller !== null && d.seller !== seller) continue;
    const c = clientPos.get(d.client);
    const s = stagePos.get(d.stage);
    if (c === undefined || s === undefined) continue;
    if (ws.clients[c].no_client) continue;
    inBook[c] = true;
    const kind = ws.stages[s].kind;
    if (kind !== 'lost') size[c] += d.amount_minor;
    const dir = d.direction == null ? undefined : dirPos.get(d.direction);
    let target;
    if (dir === undefined) target = unassigned[c] ??= cell();
    else target = grid[c * nd + dir] ??= cell();
    if (kind === 'won') { target.won += 1; target.wonAmount += d.amount_minor; }
    else if (kind === 'open') { target.inWork += 1; target.inWorkAmount += d.amount_minor; }
    else { target.lost += 1; target.lostAmount += d.amount_minor; }
  }
  const columns = ws.directions.map(() => ({ won: 0, inWork: 0, lostOnly: 0, empty: 0 }));
  const rows = [];
  for (let c = 0; c < nc; c++) {
    if (!inBook[c] || ws.clients[c].no_client) continue;
    let whitespace = 0;
    let directionsWon = 0;
    for (let k = 0; k < nd; k++) {
      const x = grid[c * nd + k];
      const col = columns[k];
      if (x === undefined) { whitespace += 1; col.empty += 1; }
      else if (x.won > 0) { directionsWon += 1; col.won += 1; }
      else if (x.inWork > 0) col.inWork += 1;
      else col.lostOnly += 1;
    }
    rows.push({ client: c, name: ws.clients[c].name.toLowerCase(), key: ws.clients[c].key, size: size[c], whitespace, directionsWon, score: size[c] * whitespace });
  }
  rows.sort((a, b) => b.score - a.score || b.whitespace - a.whitespace || b.size - a.size
    || (a.key === b.key ? 0 : a.key ? -1 : 1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.client - b.client));
  return { rows, columns, unassigned };
}

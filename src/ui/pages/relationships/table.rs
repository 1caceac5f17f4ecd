//! The relationship matrix as a table (the heatmap's equivalent), a page of rows at a time.

use leptos::prelude::*;

use super::cells::{level_name, role_label, share};
use crate::charts::matrix as heat;
use crate::domain::matrix::RelationshipMatrix;
use crate::domain::{ClientId, RoleId};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::matrix::client_row_head;
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, use_app};

/// The relationship matrix as a table: per client the best level per role and the coverage.
#[component]
pub(super) fn RelTable(
    /// The matrix.
    report: Memo<Shared<RelationshipMatrix>>,
    /// How many rows are drawn.
    pager: Pager,
    /// The selected cell (client, role), marked in the table.
    selected: RwSignal<Option<(ClientId, RoleId)>>,
    /// A click on a cell: (row, column) in the matrix.
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="table-scroll matrix-scroll">
            <table class="grid matrix" data-testid="rel-table">
                <caption>{move || i18n.tf("relationships.table_caption", &[("n", fmt::count(report.with(|m| m.rows.len()), i18n.lang()))])}</caption>
                <thead><tr>
                    <th scope="col" class="rowhead">{move || i18n.t("relationships.client")}</th>
                    {move || app.ws().with(|ws| report.with(|m| m.columns.iter().map(|c| view! {
                        <th scope="col" class="mcol">{role_label(ws, c.role)}</th>
                    }).collect_view()))}
                    <th scope="col" class="num">{move || i18n.t("relationships.coverage")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.strong")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.in_work")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = pager.shown();
                        app.ws().with(|ws| report.with(|m| {
                            let ncols = m.columns.len();
                            m.rows.iter().take(limit).enumerate().map(|(r, row)| {
                                let client = ws.clients.get(row.client);
                                let name = client.map(|c| c.name.clone()).unwrap_or_default();
                                let key = client.is_some_and(|c| c.key);
                                let cid = client.map(|c| c.id);
                                let cells = row.cells.iter().enumerate().map(|(c, cell)| {
                                    let role_pos = m.columns[c].role;
                                    let role = role_label(ws, role_pos);
                                    let rid = ws.roles.get(role_pos).map(|x| x.id);
                                    // Each cell follows the selection itself, so a click does not redraw the table.
                                    let key = cid.zip(rid);
                                    let is_sel = move || key.is_some() && selected.with(|s| *s == key);
                                    let (class, text, what, data_level) = match cell.best_level {
                                        Some(l) => (
                                            format!("mcell lvl-{l}"),
                                            l.to_string(),
                                            fill(&tr(lang, "relationships.cell_level"), &[("level", level_name(lang, l)), ("n", cell.contacts.to_string())]),
                                            l.to_string(),
                                        ),
                                        None => (
                                            "mcell gap".to_string(),
                                            heat::GAP_MARK.to_string(),
                                            tr(lang, "relationships.cell_gap"),
                                            "gap".to_string(),
                                        ),
                                    };
                                    let label = format!("{name}, {role}: {what}");
                                    view! {
                                        <td class="mtd">
                                            <button type="button" class=class class:selected=is_sel
                                                data-testid="rel-cell" data-row=r data-col=c data-level=data_level
                                                data-client=cid.map(|x| x.0.to_string()) data-role=rid.map(|x| x.0.to_string())
                                                aria-label=label title=what.clone()
                                                on:click=move |_| on_select.run((r, c))>
                                                {text}
                                            </button>
                                        </td>
                                    }
                                }).collect_view();
                                view! {
                                    <tr data-testid="rel-row">
                                        {client_row_head(name.clone(), key, lang)}
                                        {cells}
                                        <td class="num">{share(row.covered, ncols, row.coverage, lang)}</td>
                                        <td class="num">{share(row.strong, ncols, row.strong_coverage, lang)}</td>
                                        <td class="num">{fmt::money(row.amount_in_work, &ws.currency, lang)}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }))
                    }}
                </tbody>
                <tfoot><tr>
                    <th scope="row" class="rowhead">{move || i18n.t("relationships.covered_clients")}</th>
                    {move || {
                        let lang = i18n.lang();
                        report.with(|m| {
                            let n = m.rows.len();
                            m.columns.iter().map(|c| view! {
                                <td class="num" data-testid="rel-col-covered">
                                    {format!("{}\u{a0}/\u{a0}{}", fmt::count(c.covered_clients as usize, lang), fmt::count(n, lang))}
                                    <span class="sub">{i18n.tf("relationships.strong_short", &[("n", fmt::count(c.strong_clients as usize, lang))])}</span>
                                </td>
                            }).collect_view()
                        })
                    }}
                    <td colspan="3"></td>
                </tr></tfoot>
            </table>
        </div>
    }
}

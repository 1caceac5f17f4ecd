//! The plans tab: a seller × month grid of plan amounts, typed or pasted from a spreadsheet.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controls::HorizonControls;
use super::deals::apply;
use super::text::{amount_error_text, month_label, plan_text};
use super::url::spec_of;
use crate::domain::edit::upsert;
use crate::domain::money::parse_amount;
use crate::domain::{Lang, Money, Plan, SellerId, Workspace, YearMonth};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::state::{Shared, use_app};

/// Splits a pasted spreadsheet block into rows of cells (tabs between cells, newlines between
/// rows; a trailing newline is not a row). `None` for a single value, which is typed as usual.
pub(super) fn paste_block(text: &str) -> Option<Vec<Vec<String>>> {
    if !text.contains('\t') && !text.trim_end_matches(['\r', '\n']).contains('\n') {
        return None;
    }
    let body = text.trim_end_matches(['\r', '\n']);
    Some(
        body.split('\n')
            .map(|line| {
                line.trim_end_matches('\r')
                    .split('\t')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .collect(),
    )
}

/// The plans of every (seller, month), for the cells to read.
pub(super) type PlanMap = HashMap<(SellerId, YearMonth), Money>;

/// Writes `changes` (a zero or empty amount removes the plan) all at once, or nothing if any is
/// refused. Returns whether anything changed.
pub(super) fn write_plans(ws: &mut Workspace, changes: &[(SellerId, YearMonth, Money)]) -> bool {
    let before = ws.plans.clone();
    for &(seller, month, amount) in changes {
        if amount == Money::ZERO {
            ws.plans
                .retain(|p| !(p.seller == seller && p.month == month));
        } else if upsert(
            ws,
            Plan {
                seller,
                month,
                amount,
            },
        )
        .is_err()
        {
            ws.plans = before;
            return false;
        }
    }
    ws.plans != before
}

#[component]
pub(super) fn PlansTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let spec = Memo::new(move |_| app.route().with(|r| spec_of(r, app.today())));
    let months = Memo::new(move |_| spec.get().months());
    let sellers = Memo::new(move |_| {
        let only = filter.with(|f| f.seller);
        app.ws().with(|ws| {
            ws.sellers
                .iter()
                .filter(|s| only.is_none_or(|o| o == s.id))
                .map(|s| (s.id, s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let plans = Memo::new(move |_| {
        app.ws().with(|ws| {
            Shared(Arc::new(
                ws.plans
                    .iter()
                    .map(|p| ((p.seller, p.month), p.amount))
                    .collect::<PlanMap>(),
            ))
        })
    });
    // Cells whose typed text was refused: (text, message). The data is unchanged for them.
    let errors = RwSignal::new(HashMap::<(SellerId, YearMonth), (String, String)>::new());
    let paste_error = RwSignal::new(None::<String>);

    // Pasting a block: every value checked first, then all written at once, or nothing.
    let paste = Callback::new(
        move |(seller, month, block): (SellerId, YearMonth, Vec<Vec<String>>)| {
            let lang = i18n.lang_untracked();
            let ss = sellers.get_untracked();
            let ms = months.get_untracked();
            let (Some(r0), Some(c0)) = (
                ss.iter().position(|s| s.0 == seller),
                ms.iter().position(|m| *m == month),
            ) else {
                return;
            };
            let height = block.len();
            let width = block.iter().map(|r| r.len()).max().unwrap_or(0);
            if r0 + height > ss.len() || c0 + width > ms.len() {
                paste_error.set(Some(i18n.tf(
                    "forecast.plans.paste_too_big",
                    &[
                        ("rows", height.to_string()),
                        ("cols", width.to_string()),
                        ("fit_rows", (ss.len() - r0).to_string()),
                        ("fit_cols", (ms.len() - c0).to_string()),
                    ],
                )));
                return;
            }
            let mut changes = Vec::new();
            for (dr, line) in block.iter().enumerate() {
                for (dc, text) in line.iter().enumerate() {
                    let (s, m) = (ss[r0 + dr].0, ms[c0 + dc]);
                    let amount = if text.is_empty() {
                        Ok(Money::ZERO)
                    } else {
                        parse_amount(text, lang.number_style())
                    };
                    match amount {
                        Ok(a) => changes.push((s, m, a)),
                        Err(e) => {
                            paste_error.set(Some(i18n.tf(
                                "forecast.plans.paste_bad",
                                &[
                                    ("value", text.clone()),
                                    ("seller", ss[r0 + dr].1.clone()),
                                    ("month", month_label(m, lang)),
                                    ("reason", amount_error_text(&e, lang)),
                                ],
                            )));
                            return;
                        }
                    }
                }
            }
            paste_error.set(None);
            errors
                .update(|e| e.retain(|(s, m), _| !changes.iter().any(|c| c.0 == *s && c.1 == *m)));
            let label = i18n.tf("forecast.undo.paste", &[("n", changes.len().to_string())]);
            apply(app, label, |ws| write_plans(ws, &changes));
            app.notify(i18n.tf("forecast.plans.pasted", &[("n", changes.len().to_string())]));
        },
    );

    let totals = move |lang: Lang| {
        let p = plans.get();
        let cur = app.ws().with(|w| w.currency.clone());
        let ms = months.get();
        let ss = sellers.get();
        let col: Vec<Money> = ms
            .iter()
            .map(|m| {
                ss.iter()
                    .filter_map(|(s, _)| p.get(&(*s, *m)))
                    .copied()
                    .sum()
            })
            .collect();
        let all: Money = col.iter().copied().sum();
        (
            col.into_iter()
                .map(|m| fmt::money_short(m, &cur, lang))
                .collect::<Vec<_>>(),
            fmt::money_short(all, &cur, lang),
        )
    };

    view! {
        <section class="card" aria-labelledby="fc-plans-title">
            <div class="fc-toolbar">
                <h2 id="fc-plans-title">{move || i18n.t("forecast.plans.title")}</h2>
                <HorizonControls spec=spec/>
            </div>
            <p class="help">{move || i18n.tf("forecast.plans.help", &[("example", plan_text(Money::from_major(1_250_000), i18n.lang()))])}</p>
            {move || paste_error.get().map(|e| view! {
                <p class="field-error fc-paste-error" role="alert" data-testid="plan-paste-error">{e}</p>
            })}
            {move || {
                let ss = sellers.get();
                let ms = months.get();
                if ss.is_empty() {
                    return view! { <p class="empty" data-testid="plans-none">{i18n.t("forecast.plans.no_sellers")}</p> }.into_any();
                }
                let lang = i18n.lang();
                view! {
                    <div class="fc-scroll fc-plans-scroll">
                    <table class="grid fc-plans" data-testid="plans-grid">
                        <caption class="sr-only">{tr(lang, "forecast.plans.caption")}</caption>
                        <thead><tr>
                            <th scope="col">{tr(lang, "filter.seller")}</th>
                            {ms.iter().map(|m| view! { <th scope="col" class="num">{month_label(*m, lang)}</th> }).collect_view()}
                            <th scope="col" class="num">{tr(lang, "forecast.total")}</th>
                        </tr></thead>
                        <tbody>
                            {ss.iter().map(|(s, name)| {
                                let s = *s;
                                let ms2 = ms.clone();
                                view! {
                                    <tr data-testid="plan-row">
                                        <th scope="row">{name.clone()}</th>
                                        {ms.iter().map(|m| view! {
                                            <td class="fc-plan-td">
                                                <PlanCell seller=s month=*m seller_name=name.clone() plans=plans errors=errors paste=paste/>
                                            </td>
                                        }).collect_view()}
                                        <td class="num fc-plan-total">{move || {
                                            let p = plans.get();
                                            let cur = app.ws().with(|w| w.currency.clone());
                                            fmt::money_short(ms2.iter().filter_map(|m| p.get(&(s, *m))).copied().sum(), &cur, i18n.lang())
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">{tr(lang, "forecast.total")}</th>
                            {move || {
                                let (cols, all) = totals(i18n.lang());
                                view! {
                                    {cols.into_iter().map(|t| view! { <td class="num">{t}</td> }).collect_view()}
                                    <td class="num" data-testid="plans-total">{all}</td>
                                }
                            }}
                        </tr></tfoot>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// One plan cell: typed amounts are parsed in the user's number style; a bad one shows an error
/// beside the cell and leaves the plan as it was. Pasting a block fills the grid from here.
#[component]
pub(super) fn PlanCell(
    /// The plan's seller.
    seller: SellerId,
    /// The plan's month.
    month: YearMonth,
    /// The seller's name, for the cell's label.
    seller_name: String,
    /// Every plan by seller and month.
    plans: Memo<Shared<PlanMap>>,
    /// Refused entries by cell: (what was typed, why it was refused).
    errors: RwSignal<HashMap<(SellerId, YearMonth), (String, String)>>,
    /// A pasted block of cells, from this cell on.
    paste: Callback<(SellerId, YearMonth, Vec<Vec<String>>)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let key = (seller, month);
    let stored = Memo::new(move |_| plans.with(|p| p.get(&key).copied()));
    let error = Memo::new(move |_| errors.with(|e| e.get(&key).cloned()));
    let value = move || match error.get() {
        Some((text, _)) => text,
        None => stored
            .get()
            .map(|m| plan_text(m, i18n.lang()))
            .unwrap_or_default(),
    };
    let undo_label = i18n.tf(
        "forecast.undo.plan",
        &[
            ("seller", seller_name.clone()),
            ("month", month_label(month, i18n.lang_untracked())),
        ],
    );
    let test = format!("plan-cell-{}-{}", seller.0, month);
    let err_id = format!("plan-err-{}-{}", seller.0, month);
    let described = err_id.clone();
    let label = move || {
        i18n.tf(
            "forecast.plans.cell_label",
            &[
                ("seller", seller_name.clone()),
                ("month", month_label(month, i18n.lang())),
            ],
        )
    };
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let text = text.trim();
        let parsed = if text.is_empty() {
            Ok(Money::ZERO)
        } else {
            parse_amount(text, i18n.lang_untracked().number_style())
        };
        match parsed {
            Ok(amount) => {
                errors.update(|e| {
                    e.remove(&key);
                });
                apply(app, undo_label.clone(), |ws| {
                    write_plans(ws, &[(seller, month, amount)])
                });
            }
            Err(e) => {
                let msg = amount_error_text(&e, i18n.lang_untracked());
                errors.update(|m| {
                    m.insert(key, (text.to_string(), msg));
                });
            }
        }
    };
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let text = js_sys::Reflect::get(&ev, &"clipboardData".into())
            .ok()
            .and_then(|dt| {
                let get = js_sys::Reflect::get(&dt, &"getData".into())
                    .ok()?
                    .dyn_into::<js_sys::Function>()
                    .ok()?;
                get.call1(&dt, &"text/plain".into()).ok()?.as_string()
            })
            .unwrap_or_default();
        if let Some(block) = paste_block(&text) {
            ev.prevent_default();
            paste.run((seller, month, block));
        }
    };
    view! {
        <input type="text" inputmode="decimal" class="fc-plan-input" data-testid=test
            aria-label=label
            aria-invalid=move || error.with(|e| e.is_some()).to_string()
            aria-describedby=described
            prop:value=value
            on:change=on_change
            on:paste=on_paste/>
        {move || error.get().map(|(_, msg)| view! {
            <span class="field-error fc-plan-error" id=err_id.clone() role="alert" data-testid="plan-cell-error">{msg}</span>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_block_splits_into_rows_and_cells() {
        assert_eq!(paste_block("100"), None);
        assert_eq!(paste_block("100\n"), None);
        assert_eq!(
            paste_block("1\t2\r\n3\t4\r\n"),
            Some(vec![
                vec!["1".to_string(), "2".to_string()],
                vec!["3".to_string(), "4".to_string()]
            ])
        );
        assert_eq!(
            paste_block("1\n2"),
            Some(vec![vec!["1".to_string()], vec!["2".to_string()]])
        );
        assert_eq!(
            paste_block("1\t\t3"),
            Some(vec![vec!["1".to_string(), String::new(), "3".to_string()]])
        );
    }

    #[test]
    fn plans_are_written_all_or_nothing() {
        let mut ws = Workspace {
            sellers: vec![crate::domain::Seller {
                id: SellerId(1),
                name: "A".into(),
            }],
            ..Workspace::default()
        };
        let m = YearMonth::new(2026, 1);
        assert!(write_plans(&mut ws, &[(SellerId(1), m, Money(100))]));
        assert_eq!(ws.plans.len(), 1);
        // A missing seller refuses the whole batch, the good change included.
        assert!(!write_plans(
            &mut ws,
            &[
                (SellerId(1), m.next(), Money(5)),
                (SellerId(9), m, Money(5))
            ]
        ));
        assert_eq!(ws.plans.len(), 1);
        // Zero removes.
        assert!(write_plans(&mut ws, &[(SellerId(1), m, Money::ZERO)]));
        assert!(ws.plans.is_empty());
        assert!(!write_plans(&mut ws, &[(SellerId(1), m, Money::ZERO)]));
    }
}

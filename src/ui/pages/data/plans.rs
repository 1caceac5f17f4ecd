//! Sales plans: one amount per seller and month (the forecast's "plan" line), as a list with the
//! filter bar's seller applied. The Forecast page has a seller × month grid for bulk entry; the
//! list links to it.

use std::sync::Arc;

use leptos::prelude::*;

use super::common::{Errs, Kind, KindText, Msg, fid, form_title, options};
use super::form::{InputField, Panel, Pick, Picker};
use super::list::{DataList, Key, ListCtl, delete_button, hits, open_cell, sort_rows, text_key};
use crate::domain::edit::{self, FieldErrorKind, ItemRef};
use crate::domain::money::{format_amount, parse_amount};
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::route::{Page, parse_month};
use crate::ui::state::{Shared, now_millis, use_app};

/// Money as typed back into a form: `1 234 567,89` / `1,234,567.89` (no fraction when whole).
pub fn amount_text(m: Money, lang: Lang) -> String {
    format_amount(m, lang.number_style(), m.0 % 100 != 0).replace('\u{a0}', " ")
}

struct PlanRows {
    list: Vec<(Plan, String)>,
    total: Money,
}

#[component]
pub fn PlansList() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let ctl = ListCtl::new("month");
    let editing = RwSignal::new(None::<Option<(SellerId, YearMonth)>>);
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        let seller = filter.with(|f| f.seller);
        app.ws().with(|w| {
            let name = |s: SellerId| w.seller(s).map(|x| x.name.clone()).unwrap_or_default();
            let mut all: Vec<(Plan, String)> = w
                .plans
                .iter()
                .filter(|p| seller.is_none_or(|s| p.seller == s))
                .map(|p| (p.clone(), name(p.seller)))
                .filter(|(p, n)| hits(&terms, &[n, &p.month.to_string()]))
                .collect();
            let mut pos: Vec<usize> = (0..all.len()).collect();
            sort_rows(&mut pos, desc, |i| {
                let (p, n) = &all[i];
                match col.as_str() {
                    "seller" => text_key(n),
                    "amount" => Key::N(p.amount.0 as i128),
                    _ => Key::N(p.month.ordinal() as i128),
                }
            });
            let total: Money = all.iter().map(|(p, _)| p.amount).sum();
            let sorted: Vec<(Plan, String)> = pos.into_iter().map(|i| all[i].clone()).collect();
            all.clear();
            Shared(Arc::new(PlanRows {
                list: sorted,
                total,
            }))
        })
    });
    let total = Signal::derive(move || rows.with(|r| r.list.len()));
    let delete = move |seller: SellerId, month: YearMonth| {
        let lang = i18n.lang_untracked();
        let target = ItemRef::Plan(seller, month);
        let name = app
            .ws()
            .with_untracked(|w| super::common::item_name(w, target));
        let label = super::delete::delete_label(i18n, Kind::Plan, &name);
        match app.change(label, |w| edit::delete(w, target, now_millis())) {
            Ok(()) => app.notify(fill(
                &tr(lang, "data.deleted"),
                &[("what", Kind::Plan.noun(lang)), ("name", name)],
            )),
            Err(e) => app.notify(super::common::edit_error_text(lang, &e)),
        }
    };

    let body = move || {
        let lang = i18n.lang();
        let cur = app.ws().with(|w| w.currency.clone());
        let range = ctl.window(total.get());
        rows.with(|rs| {
            rs.list[range]
                .iter()
                .map(|(p, n)| {
                    let (seller, month) = (p.seller, p.month);
                    view! {
                        <tr data-testid="list-row">
                            {open_cell(format!("open-plan-{}-{month}", seller.0), n.clone(), None, Callback::new(move |_| editing.set(Some(Some((seller, month))))))}
                            <td>{month.to_string()}</td>
                            <td class="num">{fmt::money(p.amount, &cur, lang)}</td>
                            <td class="dactions">
                                {delete_button(lang, None, &format!("{n}, {month}"), Callback::new(move |_| delete(seller, month)))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let grid_link = move || {
        view! {
            <a href=move || app.route().with(|r| r.on_page(Page::Forecast).with("fview", Some("plans".into()))).to_hash()
                data-testid="plans-grid-link">{move || i18n.t("data.plans_grid")}</a>
        }
    };

    view! {
        <DataList id="plans" title="data.plans" help="data.plans_help" help_more=grid_link ctl=ctl total=total
            count=Signal::derive(move || {
                let lang = i18n.lang();
                let cur = app.ws().with(|w| w.currency.clone());
                rows.with(|r| fill(&tr(lang, "data.plans_total"), &[
                    ("count", fmt::count(r.list.len(), lang)),
                    ("amount", fmt::money(r.total, &cur, lang)),
                ]))
            })
            count_test_id="plans-total"
            add=("add-plan", "data.add_plan", Callback::new(move |_| editing.set(Some(None))))
            empty=Signal::derive(move || i18n.t("data.empty_plans"))
            columns=vec![
                ("seller", "filter.seller", false),
                ("month", "data.month", false),
                ("amount", "common.amount", true),
            ]
            actions=true rows=body/>
        {move || editing.get().map(|key| view! {
            <PlanForm key=key on_close=Callback::new(move |_| editing.set(None))/>
        })}
    }
}

#[component]
fn PlanForm(key: Option<(SellerId, YearMonth)>, on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let lang0 = i18n.lang_untracked();
    let stored = key.and_then(|(s, m)| {
        app.ws().with_untracked(|w| {
            w.plans
                .iter()
                .find(|p| p.seller == s && p.month == m)
                .cloned()
        })
    });
    let seller_name = key.and_then(|(s, _)| {
        app.ws()
            .with_untracked(|w| w.seller(s).map(|x| x.name.clone()))
    });
    let seller = Pick::new(key.map(|(s, _)| s.0), seller_name.unwrap_or_default());
    let month = RwSignal::new(key.map_or_else(
        || YearMonth::of(app.today()).to_string(),
        |(_, m)| m.to_string(),
    ));
    let amount = RwSignal::new(
        stored
            .as_ref()
            .map(|p| amount_text(p.amount, lang0))
            .unwrap_or_default(),
    );
    let opts = Signal::derive(move || app.ws().with(|w| options(w, Kind::Seller)));
    let p = "plan-form";
    let (month_id, amount_id) = (fid(p, "month"), fid(p, "amount"));
    let save = Callback::new(move |_| {
        errs.clear();
        let lang = i18n.lang_untracked();
        let s = seller.check("seller", true, errs);
        let m = parse_month(&month.get_untracked());
        if m.is_none() {
            errs.add("month", Msg::Field(FieldErrorKind::Required));
        }
        let a = match parse_amount(&amount.get_untracked(), lang.number_style()) {
            Ok(a) => Some(a),
            Err(e) => {
                errs.add("amount", Msg::Amount(e));
                None
            }
        };
        let (Some(s), Some(m), Some(a)) = (s, m, a) else {
            return;
        };
        let item = Plan {
            seller: SellerId(s),
            month: m,
            amount: a,
        };
        let taken = app.ws().with_untracked(|w| {
            Some((item.seller, item.month)) != key
                && w.plans
                    .iter()
                    .any(|p| p.seller == item.seller && p.month == item.month)
        });
        if taken {
            errs.add("month", Msg::Field(FieldErrorKind::Duplicate));
            return;
        }
        let name = app.ws().with_untracked(|w| {
            super::common::item_name(w, ItemRef::Plan(item.seller, item.month))
        });
        let label = super::common::change_label(i18n, key.is_none(), Kind::Plan, &name);
        let result = app.change(label, |w| {
            if let Some((s, m)) = key {
                w.plans.retain(|p| !(p.seller == s && p.month == m));
            }
            edit::upsert(w, item.clone())
        });
        match result {
            Ok(()) => on_close.run(()),
            Err(e) => errs.add_domain(e),
        }
    });
    let title = Signal::derive(move || form_title(i18n.lang(), key.is_none(), Kind::Plan));
    view! {
        <Panel title=title test_id="plan-form" on_submit=save on_close=on_close>
            <Picker id=fid(p, "seller") label=Signal::derive(move || i18n.t("filter.seller")) field="seller" pick=seller
                options=opts errs=errs hint=Signal::derive(move || i18n.t("data.picker_hint")) />
            <InputField id=month_id.clone() label=Signal::derive(move || i18n.t("data.month")) field="month" kind="month" value=month errs=errs/>
            <InputField id=amount_id.clone() label=Signal::derive(move || i18n.t("common.amount")) field="amount" kind="text" value=amount errs=errs
                hint=Signal::derive(move || i18n.t("data.amount_hint"))/>
        </Panel>
    }
}

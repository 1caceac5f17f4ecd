//! The pipeline's stages, in pipeline order: reorder (up/down), rename, default probability,
//! kind (open/won/lost), rotting days and forecast category.

use std::sync::Arc;

use leptos::html::Button;
use leptos::prelude::*;

use super::common::{Errs, Kind, Msg, fid, form_title};
use super::delete::{Ask, MoveAndDelete, delete_action, request_delete};
use super::form::{Field, InputField, Panel, described_by, save_item};
use super::list::{DataList, Key, ListCtl, delete_button, hits, open_cell, sort_rows, text_key};
use crate::domain::edit;
use crate::domain::index::NONE;
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, fresh_id, use_app};

pub fn kind_key(k: StageKind) -> &'static str {
    match k {
        StageKind::Open => "data.stage_kind.open",
        StageKind::Won => "data.stage_kind.won",
        StageKind::Lost => "data.stage_kind.lost",
    }
}

pub fn category_key(c: ForecastCategory) -> String {
    format!("data.category.{}", c.as_str())
}

fn kind_slug(k: StageKind) -> &'static str {
    match k {
        StageKind::Open => "open",
        StageKind::Won => "won",
        StageKind::Lost => "lost",
    }
}

#[component]
pub fn StagesList() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let ctl = ListCtl::new("order");
    let editing = RwSignal::new(None::<Option<StageId>>);
    let ask = RwSignal::new(None::<Ask>);
    // (position, stage, deals in it)
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        let ix = app.index().get();
        app.ws().with(|w| {
            let mut deals = vec![0usize; w.stages.len()];
            for &p in &ix.stage {
                if p != NONE && (p as usize) < deals.len() {
                    deals[p as usize] += 1;
                }
            }
            let lang = i18n.lang_untracked();
            let mut pos: Vec<usize> = (0..w.stages.len())
                .filter(|&i| {
                    let s = &w.stages[i];
                    hits(
                        &terms,
                        &[
                            &s.name,
                            &tr(lang, kind_key(s.kind)),
                            &tr(lang, &category_key(s.forecast_category)),
                        ],
                    )
                })
                .collect();
            sort_rows(&mut pos, desc, |i| {
                let s = &w.stages[i];
                match col.as_str() {
                    "name" => text_key(&s.name),
                    "kind" => Key::N(s.kind as i128),
                    "probability" => Key::N(s.probability as i128),
                    "rotting" => Key::N(s.rotting_days.map_or(i128::MAX, |d| d as i128)),
                    "category" => Key::N(s.forecast_category as i128),
                    "deals" => Key::N(deals[i] as i128),
                    _ => Key::N(i as i128),
                }
            });
            Shared(Arc::new(
                pos.into_iter()
                    .map(|i| (i, w.stages[i].clone(), deals[i]))
                    .collect::<Vec<_>>(),
            ))
        })
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let count = Signal::derive(move || app.ws().with(|w| w.stages.len()));
    // The stage whose up (true) or down arrow was used last, to focus it again once redrawn.
    let refocus = RwSignal::new(None::<(StageId, bool)>);
    let shift = move |id: StageId, name: String, to: usize, up: bool| {
        let lang = i18n.lang_untracked();
        let key = if up {
            "data.undo.stage_up"
        } else {
            "data.undo.stage_down"
        };
        let label = fill(&tr(lang, key), &[("name", name)]);
        // Keep the keyboard on the control that was used (the list is drawn again).
        refocus.set(Some((id, up)));
        if let Err(e) = app.change(label, |w| edit::move_stage(w, id, to)) {
            refocus.set(None);
            app.notify(super::common::edit_error_text(lang, &e));
        }
    };

    let body = move || {
        let lang = i18n.lang();
        let n = count.get();
        let range = ctl.window(total.get());
        let focus_after = refocus.get_untracked();
        rows.with(|rs| {
            rs[range]
                .iter()
                .map(|(i, s, deals)| {
                    let (i, id, name) = (*i, s.id, s.name.clone());
                    let (n1, n2) = (name.clone(), name.clone());
                    // The arrow just used, drawn again after the move: it keeps the keyboard.
                    let (up_ref, down_ref) = (NodeRef::<Button>::new(), NodeRef::<Button>::new());
                    if let Some(up) = focus_after.and_then(|(f, up)| (f == id).then_some(up)) {
                        (if up { up_ref } else { down_ref }).on_load(move |b| {
                            b.focus().ok();
                            refocus.set(None);
                        });
                    }
                    view! {
                        <tr data-testid="list-row">
                            <td class="num">{i + 1}</td>
                            {open_cell(format!("open-stage-{}", id.0), s.name.clone(), None, Callback::new(move |_| editing.set(Some(Some(id)))))}
                            <td>{tr(lang, kind_key(s.kind))}</td>
                            <td class="num">{format!("{}\u{a0}%", s.probability)}</td>
                            <td class="num">{s.rotting_days.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td>{tr(lang, &category_key(s.forecast_category))}</td>
                            <td class="num">{fmt::count(*deals, lang)}</td>
                            <td class="dactions">
                                <button type="button" class="secondary dicon" id=format!("stage-up-{}", id.0)
                                    node_ref=up_ref data-testid="stage-up" disabled={i == 0}
                                    aria-label=fill(&tr(lang, "data.move_up"), &[("name", name.clone())])
                                    on:click=move |_| shift(id, n1.clone(), i.saturating_sub(1), true)>"↑"</button>
                                <button type="button" class="secondary dicon" id=format!("stage-down-{}", id.0)
                                    node_ref=down_ref data-testid="stage-down" disabled={i + 1 >= n}
                                    aria-label=fill(&tr(lang, "data.move_down"), &[("name", name.clone())])
                                    on:click=move |_| shift(id, n2.clone(), i + 1, false)>"↓"</button>
                                {delete_button(lang, Some(format!("del-stage-{}", id.0)), &name, Callback::new(move |_| {
                                    request_delete(app, i18n, edit::ItemRef::Stage(id), ask);
                                }))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <DataList id="stages" title="data.stages" help="data.stages_help" ctl=ctl total=total
            count=Signal::derive(move || fmt::count(count.get(), i18n.lang()))
            add=("add-stage", "data.add_stage", Callback::new(move |_| editing.set(Some(None))))
            empty=Signal::derive(move || i18n.t("data.nothing_matches"))
            columns=vec![
                ("order", "data.order", true),
                ("name", "common.name", false),
                ("kind", "data.stage_kind_label", false),
                ("probability", "data.probability_default", true),
                ("rotting", "data.rotting_days", true),
                ("category", "data.forecast_category", false),
                ("deals", "common.deals", true),
            ]
            actions=true rows=body/>
        {move || editing.get().map(|id| view! {
            <StageForm id=id on_close=Callback::new(move |_| editing.set(None)) ask=ask/>
        })}
        <MoveAndDelete ask=ask/>
    }
}

/// The stage form: new when `id` is `None`.
#[component]
fn StageForm(
    /// The stage, or `None` for a new one.
    id: Option<StageId>,
    /// Closes the form.
    on_close: Callback<()>,
    /// Set when a delete is refused (deals are in the stage), to offer moving them.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let stored = id.and_then(|id| app.ws().with_untracked(|w| w.stage(id).cloned()));
    let name = RwSignal::new(stored.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(stored.as_ref().map_or(StageKind::Open, |s| s.kind));
    let probability = RwSignal::new(
        stored
            .as_ref()
            .map_or(String::from("50"), |s| s.probability.to_string()),
    );
    let rotting = RwSignal::new(
        stored
            .as_ref()
            .and_then(|s| s.rotting_days)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(
        stored
            .as_ref()
            .map_or(ForecastCategory::Pipeline, |s| s.forecast_category),
    );
    let p = "stage-form";
    let (name_id, kind_id, prob_id, rot_id, cat_id) = (
        fid(p, "name"),
        fid(p, "kind"),
        fid(p, "probability"),
        fid(p, "rotting_days"),
        fid(p, "forecast_category"),
    );
    let save = Callback::new(move |_| {
        errs.clear();
        let prob = match probability.get_untracked().trim().parse::<u32>() {
            Ok(v) if v <= 100 => v as u8,
            Ok(_) => {
                errs.add("probability", Msg::Field(edit::FieldErrorKind::OutOfRange));
                0
            }
            Err(_) => {
                errs.add("probability", Msg::Number);
                0
            }
        };
        let rot_text = rotting.get_untracked();
        let rotting_days = if rot_text.trim().is_empty() {
            None
        } else {
            match rot_text.trim().parse::<u32>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errs.add("rotting_days", Msg::Number);
                    None
                }
            }
        };
        let item = Stage {
            id: id.unwrap_or_else(|| StageId(fresh_id())),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            probability: prob,
            rotting_days,
            forecast_category: category.get_untracked(),
        };
        save_item(app, i18n, errs, Kind::Stage, id.is_none(), item, on_close);
    });
    let delete = delete_action(app, i18n, id.map(edit::ItemRef::Stage), on_close, ask);
    let title = Signal::derive(move || form_title(i18n.lang(), id.is_none(), Kind::Stage));
    view! {
        <Panel title=title test_id="stage-form" on_submit=save on_close=on_close
            danger_label=id.map(|_| Signal::derive(move || i18n.t("common.delete"))) on_danger=Some(delete)>
            <InputField id=name_id.clone() label=Signal::derive(move || i18n.t("common.name")) field="name" kind="text" value=name errs=errs/>
            <Field id=kind_id.clone() label=Signal::derive(move || i18n.t("data.stage_kind_label")) field="kind" errs=errs
                hint=Signal::derive(move || i18n.t("data.stage_kind_hint"))>
                <select id=kind_id.clone() data-testid=kind_id.clone() aria-describedby=described_by(&kind_id)
                    aria-invalid=move || errs.has("kind").then_some("true")
                    on:change=move |ev| {
                        kind.set(match event_target_value(&ev).as_str() {
                            "won" => StageKind::Won,
                            "lost" => StageKind::Lost,
                            _ => StageKind::Open,
                        });
                        errs.clear_field("kind");
                    }>
                    {[StageKind::Open, StageKind::Won, StageKind::Lost].into_iter().map(|k| view! {
                        <option value=kind_slug(k) selected=move || kind.get() == k>{move || i18n.t(kind_key(k))}</option>
                    }).collect_view()}
                </select>
            </Field>
            <InputField id=prob_id.clone() label=Signal::derive(move || i18n.t("data.probability_default")) field="probability" kind="number" value=probability errs=errs
                hint=Signal::derive(move || i18n.t("data.probability_hint"))/>
            <InputField id=rot_id.clone() label=Signal::derive(move || i18n.t("data.rotting_days")) field="rotting_days" kind="number" value=rotting errs=errs
                hint=Signal::derive(move || i18n.t("data.rotting_hint"))/>
            <Field id=cat_id.clone() label=Signal::derive(move || i18n.t("data.forecast_category")) field="forecast_category" errs=errs>
                <select id=cat_id.clone() data-testid=cat_id.clone() aria-describedby=described_by(&cat_id)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(c) = ForecastCategory::ALL.into_iter().find(|c| c.as_str() == v) {
                            category.set(c);
                        }
                    }>
                    {ForecastCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=move || category.get() == c>{move || i18n.t(&category_key(c))}</option>
                    }).collect_view()}
                </select>
            </Field>
        </Panel>
    }
}

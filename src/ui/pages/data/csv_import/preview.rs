//! The preview: what applying would do, the questions and choices, skipped rows, and Apply —
//! disabled, and saying how many rows wait, while any question is open.

use std::sync::Arc;

use leptos::prelude::*;

use super::answers::{Answer, stage_choice_of, stage_choice_value};
use super::text::row_error_text;
use crate::domain::edit::name_key;
use crate::domain::import::{DateOrder, ImportOptions, ImportPlan, NameKind, StageChoice};
use crate::domain::{StageId, StageKind};
use crate::ui::i18n::use_i18n;
use crate::ui::state::use_app;

/// Skipped rows listed before "and N more".
const SHOWN_ROW_ERRORS: usize = 100;
/// Currencies offered for a file that names none (the workspace's comes first).
const CURRENCIES: [&str; 6] = ["RUB", "USD", "EUR", "GBP", "KZT", "CNY"];

/// A list of names, the first few of them.
fn names(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(8).map(String::as_str).collect();
    let mut s = shown.join(", ");
    if list.len() > shown.len() {
        s.push_str(&format!(" … +{}", list.len() - shown.len()));
    }
    s
}

#[component]
pub fn Preview(
    /// The name of the file being imported.
    file_name: String,
    /// What applying would do with the current answers.
    plan: Arc<ImportPlan>,
    /// The current answers.
    options: ImportOptions,
    /// Called with each answer; the plan is made again.
    on_answer: Callback<Answer>,
    /// Applies the plan (only offered when no question is open).
    on_apply: impl Fn() + Clone + Send + Sync + 'static,
    /// Leaves the import.
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (stages, ws_currency, ws_empty) = app.ws().with_untracked(|ws| {
        (
            ws.stages
                .iter()
                .map(|s| (s.id, s.name.clone()))
                .collect::<Vec<(StageId, String)>>(),
            ws.currency.clone(),
            ws.deals.is_empty(),
        )
    });

    let counts = [
        ("csv.count.clients", plan.clients_added.clone()),
        ("csv.count.sellers", plan.sellers_added.clone()),
        ("csv.count.contacts", plan.contacts_added.clone()),
        ("csv.count.directions", plan.directions_added.clone()),
        ("csv.count.stages", plan.stages_added.clone()),
        ("csv.count.deal_types", plan.deal_types_added.clone()),
        ("csv.count.stages_removed", plan.stages_removed.clone()),
    ]
    .into_iter()
    .filter(|(_, l)| !l.is_empty())
    .map(|(key, list)| {
        let text = names(&list);
        view! { <li>{i18n.tf(key, &[("n", list.len().to_string())])}" "<span class="muted">{text}</span></li> }
    })
    .collect_view();

    // Rows without a client: kept under the entry (default) or skipped.
    let no_client = (plan.no_client_rows > 0).then(|| {
        let rows = plan.no_client_rows.to_string();
        let entry = plan
            .no_client_created
            .clone()
            .unwrap_or_else(|| options.no_client_name.clone());
        let skip = options.skip_without_client;
        view! {
            <fieldset class="csv-question" data-testid="csv-no-client">
                <legend>{i18n.tf("csv.no_client.question", &[("rows", rows)])}</legend>
                <label><input type="radio" name="csv-no-client" checked=!skip data-testid="csv-no-client-keep"
                    on:change=move |_| on_answer.run(Answer::SkipWithoutClient(false)) />
                    {i18n.tf("csv.no_client.keep", &[("name", entry)])}</label>
                <label><input type="radio" name="csv-no-client" checked=skip data-testid="csv-no-client-skip"
                    on:change=move |_| on_answer.run(Answer::SkipWithoutClient(true)) />
                    {i18n.t("csv.no_client.skip")}</label>
            </fieldset>
        }
    });

    // The currency of amounts that name none.
    let currency_question = (plan.currency_question || options.currency.is_some()).then(|| {
        let mut codes: Vec<String> = vec![ws_currency.clone()];
        for c in CURRENCIES {
            if !codes.iter().any(|x| x == c) {
                codes.push(c.to_string());
            }
        }
        let chosen = options.currency.clone().unwrap_or_default();
        view! {
            <div class="csv-question" data-testid="csv-currency-question">
                <label for="csv-currency">{i18n.t("csv.currency.question")}</label>
                <select id="csv-currency" data-testid="csv-currency" prop:value=chosen.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        on_answer.run(Answer::Currency((!v.is_empty()).then_some(v)));
                    }>
                    <option value="" selected=chosen.is_empty()>{i18n.t("csv.choose_one")}</option>
                    {codes.into_iter().map(|c| view! {
                        <option value=c.clone() selected=c == chosen>{c.clone()}</option>
                    }).collect_view()}
                </select>
                <p class="help">{if ws_empty { i18n.t("csv.currency.sets_workspace") } else {
                    i18n.tf("csv.currency.keeps_workspace", &[("currency", ws_currency.clone())])
                }}</p>
            </div>
        }
    });

    let date_question = (plan.ambiguous_dates || options.date_order.is_some()).then(|| {
        let rows = plan.ambiguous_date_rows;
        let chosen = match options.date_order {
            Some(DateOrder::DayFirst) => "day",
            Some(DateOrder::MonthFirst) => "month",
            None => "",
        };
        view! {
            <div class="csv-question" data-testid="csv-dates">
                <label for="csv-date-order">{i18n.tf("csv.dates_question", &[("rows", rows.to_string())])}</label>
                <select id="csv-date-order" data-testid="csv-date-order" on:change=move |ev| {
                    let order = match event_target_value(&ev).as_str() {
                        "day" => Some(DateOrder::DayFirst),
                        "month" => Some(DateOrder::MonthFirst),
                        _ => None,
                    };
                    on_answer.run(Answer::DateOrder(order));
                }>
                    <option value="" selected=chosen.is_empty()>{i18n.t("csv.choose_one")}</option>
                    <option value="day" selected=chosen == "day">{i18n.t("csv.day_first")}</option>
                    <option value="month" selected=chosen == "month">{i18n.t("csv.month_first")}</option>
                </select>
            </div>
        }
    });

    // Stage questions: the open ones, and those already answered (so an answer can change).
    let mut asked: Vec<(String, Option<usize>)> = options
        .stage_choices
        .iter()
        .map(|(n, _)| (n.clone(), None))
        .collect();
    for (n, rows) in &plan.unknown_stages {
        if !asked.iter().any(|(a, _)| name_key(a) == name_key(n)) {
            asked.push((n.clone(), Some(*rows)));
        }
    }
    let stage_questions = asked
        .into_iter()
        .enumerate()
        .map(|(i, (name, rows))| {
            let current = options
                .stage_choices
                .iter()
                .find(|(n, _)| name_key(n) == name_key(&name))
                .map(|(_, c)| *c);
            let value = stage_choice_value(current.as_ref());
            let label = match rows {
                Some(rows) => i18n.tf("csv.stage_question", &[("name", name.clone()), ("rows", rows.to_string())]),
                None => i18n.tf("csv.stage_answered", &[("name", name.clone())]),
            };
            let id = format!("csv-stage-{i}");
            let stage_name = name.clone();
            let option = |v: &str, key: &str| {
                let v = v.to_string();
                view! { <option value=v.clone() selected=v == value>{i18n.t(key)}</option> }
            };
            view! {
                <div class="csv-question" data-testid="csv-stage-question">
                    <label for=id.clone()>{label}</label>
                    <select id=id.clone() data-testid=id on:change=move |ev| {
                        let choice = stage_choice_of(&event_target_value(&ev));
                        on_answer.run(Answer::Stage(stage_name.clone(), choice));
                    }>
                        {option("", "csv.choose_one")}
                        {option("new-open", "csv.new_open")}
                        {option("new-won", "csv.new_won")}
                        {option("new-lost", "csv.new_lost")}
                        {stages.iter().map(|(sid, sname)| view! {
                            <option value=sid.0.to_string() selected=sid.0.to_string() == value>{sname.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();

    // The new stages in pipeline order, each movable among the new stages of its kind.
    let kind_of = |name: &str| {
        options
            .stage_choices
            .iter()
            .find(|(n, _)| name_key(n) == name_key(name))
            .and_then(|(_, c)| match c {
                StageChoice::Create(k) => Some(*k),
                StageChoice::Existing(_) => None,
            })
    };
    let new_stages: Vec<(String, Option<StageKind>)> = plan
        .stages_added
        .iter()
        .map(|n| (n.clone(), kind_of(n)))
        .collect();
    let stage_order = (new_stages.len() > 1).then(|| {
        let items = new_stages
            .iter()
            .enumerate()
            .map(|(i, (name, kind))| {
                let same_before = new_stages[..i].iter().any(|(_, k)| k == kind);
                let same_after = new_stages[i + 1..].iter().any(|(_, k)| k == kind);
                let (up, down) = (name.clone(), name.clone());
                let kind_label = kind.map(|k| i18n.t(&format!("csv.kind.{}", match k {
                    StageKind::Open => "open",
                    StageKind::Won => "won",
                    StageKind::Lost => "lost",
                })));
                view! {
                    <li data-testid="csv-new-stage">
                        <span data-testid="csv-new-stage-name">{name.clone()}</span>" "
                        <span class="muted">{kind_label}</span>" "
                        <button type="button" class="dicon" disabled=!same_before data-testid=format!("csv-stage-up-{i}")
                            aria-label=i18n.tf("data.move_up", &[("name", name.clone())])
                            on:click=move |_| on_answer.run(Answer::MoveStage(up.clone(), -1))>"↑"</button>
                        <button type="button" class="dicon" disabled=!same_after data-testid=format!("csv-stage-down-{i}")
                            aria-label=i18n.tf("data.move_down", &[("name", name.clone())])
                            on:click=move |_| on_answer.run(Answer::MoveStage(down.clone(), 1))>"↓"</button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="csv-question csv-stage-order" data-testid="csv-stage-order">
                <p>{i18n.t("csv.stage_order")}</p>
                <ol>{items}</ol>
            </div>
        }
    });

    // Only the file's stages: offered when the workspace has no deals.
    let only_file = ws_empty.then(|| {
        let on = options.only_file_stages;
        view! {
            <div class="csv-question" data-testid="csv-only-file-stages">
                <label><input type="checkbox" checked=on data-testid="csv-only-file-stages-box"
                    on:change=move |ev| on_answer.run(Answer::OnlyFileStages(event_target_checked(&ev))) />
                    {i18n.t("csv.only_file_stages")}</label>
            </div>
        }
    });

    // "Same as …?": the open questions and those answered.
    let mut same: Vec<(NameKind, String, String, Option<bool>)> = options
        .same_names
        .iter()
        .map(|a| (a.kind, a.name.clone(), String::new(), Some(a.same)))
        .collect();
    for s in &plan.similar_names {
        same.push((s.kind, s.name.clone(), s.existing.clone(), None));
    }
    let same_questions = same
        .into_iter()
        .enumerate()
        .map(|(i, (kind, name, existing, answer))| {
            let id = format!("csv-same-{i}");
            let label = if answer.is_some() {
                i18n.tf(&format!("csv.same.answered.{}", kind.code()), &[("name", name.clone())])
            } else {
                i18n.tf(&format!("csv.same.question.{}", kind.code()), &[("name", name.clone()), ("existing", existing.clone())])
            };
            let value = match answer {
                Some(true) => "same",
                Some(false) => "new",
                None => "",
            };
            let n = name.clone();
            view! {
                <div class="csv-question" data-testid="csv-same-question">
                    <label for=id.clone()>{label}</label>
                    <select id=id.clone() data-testid=id on:change=move |ev| {
                        let a = match event_target_value(&ev).as_str() {
                            "same" => Some(true),
                            "new" => Some(false),
                            _ => None,
                        };
                        on_answer.run(Answer::Same(kind, n.clone(), a));
                    }>
                        <option value="" selected=value.is_empty()>{i18n.t("csv.choose_one")}</option>
                        <option value="same" selected=value == "same">{i18n.t("csv.same.yes")}</option>
                        <option value="new" selected=value == "new">{i18n.t(&format!("csv.same.no.{}", kind.code()))}</option>
                    </select>
                </div>
            }
        })
        .collect_view();

    let errors: Vec<String> = plan
        .row_errors
        .iter()
        .take(SHOWN_ROW_ERRORS)
        .map(|e| row_error_text(i18n, e))
        .collect();
    let more_errors = plan.row_errors.len().saturating_sub(SHOWN_ROW_ERRORS);
    let error_count = plan.row_errors.len();
    let valid = plan.valid_rows();
    // With the currency open every row waits, and waiting rows are not counted as added yet.
    let (added, updated) = if plan.currency_question {
        (0, 0)
    } else {
        (plan.deals_added, plan.deals_updated)
    };
    let open_questions = plan.open_questions();
    // With the currency open, every row waits for it.
    let waiting = plan.waiting_rows + if plan.currency_question { valid } else { 0 };
    let complete = plan.is_complete();
    let apply_label = if complete {
        i18n.tf("csv.apply", &[("n", valid.to_string())])
    } else {
        i18n.tf(
            "csv.apply_waiting",
            &[
                ("questions", open_questions.to_string()),
                ("rows", waiting.to_string()),
            ],
        )
    };
    let notes = [
        plan.new_currency.as_ref().map(|c| ("info", i18n.tf("csv.new_currency", &[("currency", c.clone())]))),
        (plan.other_currency_rows > 0).then(|| ("warn", i18n.tf("csv.other_currency", &[("rows", plan.other_currency_rows.to_string())]))),
        (plan.open_without_amount > 0).then(|| ("warn", i18n.tf("csv.open_without_amount", &[("n", plan.open_without_amount.to_string())]))),
        (plan.contacts_without_client > 0).then(|| ("info", i18n.tf("csv.contacts_without_client", &[("n", plan.contacts_without_client.to_string())]))),
    ]
    .into_iter()
    .flatten()
    .map(|(class, text)| view! { <p class=format!("csv-note {class}") data-testid="csv-note">{text}</p> })
    .collect_view();
    let (apply, cancel) = (on_apply.clone(), on_cancel.clone());
    view! {
        <div class="csv-step" data-testid="csv-preview">
            <h3>{i18n.tf("csv.preview_title", &[("file", file_name)])}</h3>
            <p data-testid="csv-summary"><strong>{i18n.tf("csv.summary", &[("added", added.to_string()), ("updated", updated.to_string()), ("skipped", error_count.to_string())])}</strong>
                {(waiting > 0).then(|| view! { " "<span data-testid="csv-waiting-count">{i18n.tf("csv.summary_waiting", &[("rows", waiting.to_string())])}</span> })}</p>
            <ul class="csv-counts">{counts}</ul>
            {notes}
            {(open_questions > 0 || !options.stage_choices.is_empty() || !options.same_names.is_empty() || plan.no_client_rows > 0 || ws_empty).then(|| view! {
                <h4>{i18n.tf("csv.questions_title", &[("n", open_questions.to_string())])}</h4>
            })}
            {no_client}
            {currency_question}
            {date_question}
            {stage_questions}
            {stage_order}
            {only_file}
            {same_questions}
            {(!complete).then(|| view! { <p class="help" data-testid="csv-waiting">{i18n.t("csv.waiting")}</p> })}
            {(error_count > 0).then(|| view! {
                <details class="csv-errors" data-testid="csv-row-errors" open=error_count <= 10>
                    <summary>{i18n.tf("csv.skipped", &[("n", error_count.to_string())])}</summary>
                    <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    {(more_errors > 0).then(|| view! { <p class="muted">{format!("… +{more_errors}")}</p> })}
                </details>
            })}
            <div class="action-row">
                <button type="button" data-testid="csv-apply" disabled=!complete || valid == 0
                    on:click=move |_| apply()>{apply_label}</button>
                <button type="button" class="link" on:click=move |_| cancel()>{i18n.t("common.cancel")}</button>
            </div>
        </div>
    }
}

//! Merging a teammate's Voronka file into the open workspace (issue 8): the view over the pure
//! [`crate::domain::merge`].
//!
//! The panel is a preview: it shows what [`merge_with_choices`] would do — items added per list,
//! updated, unchanged, same-named items, and every conflict with the side kept and why — and
//! each conflict can be flipped ("take theirs instead" / "keep ours instead"), which re-runs the
//! merge with that choice. Nothing changes until "Apply merge", which is one step on the undo
//! stack. A merge that is refused ([`MergeError`]) shows why and changes nothing.
//!
//! Every name is rendered as a text node.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::common::counted;
use crate::domain::merge::{
    Conflict, ConflictReason, ItemKind, MergeError, MergeReport, Side, merge_with_choices,
};
use crate::domain::{Lang, Workspace};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::messages::problem_lines;
use crate::ui::state::use_app;

/// Conflict rows rendered before "Show all".
const SHOWN_ROWS: usize = 200;
/// Problems listed under a refused merge before "and N more".
const SHOWN_PROBLEMS: usize = 20;

/// "Take this side for that item", as [`merge_with_choices`] takes it.
type Choice = (ItemKind, u64, Side);
type Key = (ItemKind, u64);

fn kind_label(lang: Lang, kind: ItemKind) -> String {
    tr(lang, &format!("data.merge.kind.{}", kind.code()))
}

fn kept_label(lang: Lang, side: Side) -> String {
    tr(lang, &format!("data.merge.kept.{}", side.code()))
}

fn reason_text(lang: Lang, reason: ConflictReason) -> String {
    tr(lang, &format!("data.merge.reason.{}", reason.code()))
}

/// The flip button's text: the side it would take.
fn flip_label(lang: Lang, kept: Side) -> String {
    match kept {
        Side::Ours => tr(lang, "data.merge.take_theirs"),
        Side::Theirs => tr(lang, "data.merge.keep_ours"),
    }
}

/// "1 seller, 12 deals", or `None` when nothing is added.
fn added_text(lang: Lang, report: &MergeReport) -> Option<String> {
    let parts: Vec<String> = ItemKind::ALL
        .into_iter()
        .filter_map(|k| {
            let n = report.added_of(k);
            (n > 0).then(|| counted(lang, n, &format!("data.merge.count.{}", k.code())))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A refused merge in `lang`: the message, and the problems behind it if any.
pub fn merge_error_text(lang: Lang, e: &MergeError) -> (String, Vec<String>) {
    let problems =
        |ps: &[crate::domain::validate::Problem]| problem_lines(lang, ps, SHOWN_PROBLEMS);
    match e {
        MergeError::CurrencyMismatch { ours, theirs } => (
            fill(
                &tr(lang, "data.merge.err.currency_mismatch"),
                &[("ours", ours.clone()), ("theirs", theirs.clone())],
            ),
            vec![],
        ),
        MergeError::InvalidInput { side, problems: ps } => (
            fill(
                &tr(lang, &format!("data.merge.err.invalid_{}", side.code())),
                &[("n", fmt::count(ps.len(), lang))],
            ),
            problems(ps),
        ),
        MergeError::Incompatible(ps) => (
            fill(
                &tr(lang, "data.merge.err.incompatible"),
                &[("n", fmt::count(ps.len(), lang))],
            ),
            problems(ps),
        ),
    }
}

/// The merge preview for a file read from disk (`incoming`, named `file_name`). `on_close` is
/// called after "Apply merge" succeeds and on "Cancel".
#[component]
pub fn MergePanel(
    /// Their workspace: the file, already read and validated.
    incoming: Arc<Workspace>,
    /// The file's name, for the heading and the undo label.
    #[prop(into)]
    file_name: String,
    /// Closes the panel (after merging, or without).
    on_close: Callback<()>,
    /// Called once the merge is applied (the file's snapshot history joins ours there).
    #[prop(optional)]
    on_applied: Option<Callback<()>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let incoming = StoredValue::new(incoming);
    let file_name = StoredValue::new(file_name);
    let choices = RwSignal::new(Vec::<Choice>::new());
    // A flip or an apply that was refused: the message and its problems.
    let refused = RwSignal::new(None::<(String, Vec<String>)>);
    let show_all = RwSignal::new(false);

    // The preview, re-run when a choice flips or the open workspace changes (another tab, Undo).
    let report = Memo::new(move |_| {
        let theirs = incoming.get_value();
        choices.with(|ch| {
            app.ws()
                .with(|ours| merge_with_choices(ours, &theirs, ch).map(|(_, r)| r))
        })
    });
    let ok = Memo::new(move |_| report.with(Result::is_ok));
    let by_key = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.conflicts
                        .iter()
                        .map(|c| ((c.kind, c.id), c.clone()))
                        .collect::<HashMap<Key, Conflict>>()
                })
                .unwrap_or_default()
        })
    });
    let total = Memo::new(move |_| by_key.with(HashMap::len));
    let shown_keys = Memo::new(move |_| {
        let limit = if show_all.get() {
            usize::MAX
        } else {
            SHOWN_ROWS
        };
        report.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.conflicts
                        .iter()
                        .take(limit)
                        .map(|c| (c.kind, c.id))
                        .collect::<Vec<Key>>()
                })
                .unwrap_or_default()
        })
    });

    // Takes the other version of one item. A choice that only restates what the rules would pick
    // is dropped, so flipping back shows the rule's reason again.
    let flip = move |key: Key, kept: Side| {
        let want = kept.other();
        let theirs = incoming.get_value();
        let run = |ch: &[Choice]| {
            app.ws()
                .with_untracked(|ours| merge_with_choices(ours, &theirs, ch))
        };
        let mut next = choices.get_untracked();
        next.retain(|&(k, id, _)| (k, id) != key);
        let by_rule = run(&next).ok().and_then(|(_, r)| {
            r.conflicts
                .iter()
                .find(|c| (c.kind, c.id) == key)
                .map(|c| c.kept)
        });
        if by_rule != Some(want) {
            next.push((key.0, key.1, want));
        }
        match run(&next) {
            Ok(_) => {
                refused.set(None);
                choices.set(next);
            }
            Err(e) => {
                let lang = i18n.lang_untracked();
                let (msg, details) = merge_error_text(lang, &e);
                refused.set(Some((
                    format!("{} {msg}", tr(lang, "data.merge.flip_refused")),
                    details,
                )));
            }
        }
    };

    let apply = move |_| {
        let lang = i18n.lang_untracked();
        let label = fill(
            &tr(lang, "data.merge.undo_label"),
            &[("name", file_name.get_value())],
        );
        let theirs = incoming.get_value();
        let ch = choices.get_untracked();
        let out = app.change(label, |ws| {
            let (merged, report) = merge_with_choices(ws, &theirs, &ch)?;
            *ws = merged;
            Ok::<_, MergeError>(report)
        });
        match out {
            Ok(r) => {
                let msg = if r.is_noop() {
                    tr(lang, "data.merge.nothing_done")
                } else {
                    fill(
                        &tr(lang, "data.merge.done"),
                        &[
                            ("added", fmt::count(r.added_total(), lang)),
                            ("updated", fmt::count(r.updated, lang)),
                            ("conflicts", fmt::count(r.conflicts.len(), lang)),
                        ],
                    )
                };
                app.notify(msg);
                if let Some(cb) = on_applied {
                    cb.run(());
                }
                // Last: closing disposes of this panel.
                on_close.run(());
            }
            Err(e) => refused.set(Some(merge_error_text(lang, &e))),
        }
    };

    let line = move |key: &'static str, n: fn(&MergeReport) -> usize| {
        move || {
            report.with(|r| {
                r.as_ref().ok().map(|r| {
                    let lang = i18n.lang();
                    view! { <li>{fill(&tr(lang, key), &[("n", fmt::count(n(r), lang))])}</li> }
                })
            })
        }
    };

    let summary = move || {
        view! {
            <div data-testid="merge-summary" aria-live="polite">
                <ul class="merge-counts">
                    <li>{move || report.with(|r| r.as_ref().ok().map(|r| {
                        let lang = i18n.lang();
                        match added_text(lang, r) {
                            Some(list) => fill(&tr(lang, "data.merge.added"), &[("list", list)]),
                            None => tr(lang, "data.merge.added_none"),
                        }
                    }))}</li>
                    {line("data.merge.updated", |r| r.updated)}
                    {line("data.merge.kept_ours", |r| r.kept_ours)}
                    {line("data.merge.unchanged", |r| r.unchanged)}
                    {line("data.merge.only_ours", |r| r.only_ours)}
                    {line("data.merge.conflicts", |r| r.conflicts.len())}
                </ul>
                {move || report.with(|r| r.as_ref().ok().and_then(|r| r.stage_order).map(|side| view! {
                    <p>{i18n.t(&format!("data.merge.stage_order_{}", side.code()))}</p>
                }))}
                {move || report.with(|r| r.as_ref().is_ok_and(MergeReport::is_noop)).then(|| view! {
                    <p><strong>{i18n.t("data.merge.noop")}</strong></p>
                })}
            </div>
        }
    };

    let clashes = move || {
        report.with(|r| {
            let clashes = r
                .as_ref()
                .map(|r| r.name_clashes.clone())
                .unwrap_or_default();
            (!clashes.is_empty()).then(|| {
                let lang = i18n.lang();
                view! {
                    <div class="merge-clashes" data-testid="merge-clashes">
                        <h4>{tr(lang, "data.merge.clashes_title")}</h4>
                        <p class="help">{tr(lang, "data.merge.clashes_help")}</p>
                        <ul>
                            {clashes.into_iter().map(|c| view! {
                                <li>{fill(&tr(lang, "data.merge.clash"), &[
                                    ("kind", kind_label(lang, c.kind)),
                                    ("name", c.name),
                                    ("n", fmt::count(c.ids.len(), lang)),
                                ])}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })
        })
    };

    let row = move |key: Key| {
        let c = Memo::new(move |_| by_key.with(|m| m.get(&key).cloned()));
        let name = move || c.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
        let kept = move || c.with(|c| c.as_ref().map(|c| c.kept));
        view! {
            <tr data-testid="merge-conflict-row" data-kind=key.0.code()
                data-kept=move || kept().map(Side::code)>
                <td>{move || kind_label(i18n.lang(), key.0)}</td>
                <th scope="row" data-testid="merge-name">{name}</th>
                <td data-testid="merge-kept">{move || kept().map(|s| kept_label(i18n.lang(), s))}</td>
                <td data-testid="merge-reason">{move || c.with(|c| c.as_ref().map(|c| reason_text(i18n.lang(), c.reason)))}</td>
                <td>
                    <button type="button" class="secondary" data-testid="merge-flip"
                        aria-label=move || kept().map(|s| {
                            let lang = i18n.lang();
                            fill(&tr(lang, "data.merge.flip_named"), &[
                                ("action", flip_label(lang, s)),
                                ("kind", kind_label(lang, key.0)),
                                ("name", name()),
                            ])
                        })
                        on:click=move |_| if let Some(s) = kept() { flip(key, s) }>
                        {move || kept().map(|s| flip_label(i18n.lang(), s))}
                    </button>
                </td>
            </tr>
        }
    };

    let table = move || {
        if total.get() == 0 {
            return view! { <p class="muted">{i18n.t("data.merge.no_conflicts")}</p> }.into_any();
        }
        view! {
            <div class="table-scroll">
                <table class="grid merge-conflicts" data-testid="merge-conflicts">
                    <caption>{move || i18n.t("data.merge.conflicts_caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t("data.merge.col.kind")}</th>
                            <th scope="col">{move || i18n.t("data.merge.col.name")}</th>
                            <th scope="col">{move || i18n.t("data.merge.col.kept")}</th>
                            <th scope="col">{move || i18n.t("data.merge.col.why")}</th>
                            <th scope="col">{move || i18n.t("data.merge.col.action")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || shown_keys.get() key=|k| *k children=row />
                    </tbody>
                </table>
            </div>
            {move || (total.get() > shown_keys.with(Vec::len)).then(|| view! {
                <p class="muted">
                    {i18n.tf("data.merge.shown", &[
                        ("shown", fmt::count(shown_keys.with(Vec::len), i18n.lang())),
                        ("total", fmt::count(total.get(), i18n.lang())),
                    ])}
                    " "
                    <button type="button" class="link" data-testid="merge-show-all"
                        on:click=move |_| show_all.set(true)>
                        {i18n.tf("data.merge.show_all", &[("n", fmt::count(total.get(), i18n.lang()))])}
                    </button>
                </p>
            })}
        }
        .into_any()
    };

    let refused_view = move || {
        refused.get().map(|(msg, details)| {
            view! {
                <div class="banner error" role="alert" data-testid="merge-error">
                    <p>{msg}</p>
                    {(!details.is_empty()).then(|| view! {
                        <ul class="problems">{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
        })
    };

    let error_view = move || {
        report.with(|r| {
            r.as_ref().err().map(|e| {
                let lang = i18n.lang();
                let (msg, details) = merge_error_text(lang, e);
                view! {
                    <div class="banner error" role="alert" data-testid="merge-error">
                        <p><strong>{tr(lang, "data.merge.err.title")}</strong></p>
                        <p>{msg}</p>
                        {(!details.is_empty()).then(|| view! {
                            <ul class="problems">{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        })}
                    </div>
                }
            })
        })
    };

    view! {
        <section class="banner confirm merge-panel" data-testid="merge-panel" aria-labelledby="merge-title">
            <h3 id="merge-title">{move || i18n.tf("data.merge.title", &[("name", file_name.get_value())])}</h3>
            {move || if ok.get() {
                view! {
                    <p class="help">{move || i18n.t("data.merge.intro")}</p>
                    {summary()}
                    {clashes}
                    {table}
                    {refused_view}
                }.into_any()
            } else {
                error_view.into_any()
            }}
            <div class="actions">
                {move || ok.get().then(|| view! {
                    <button type="button" data-testid="merge-apply" on:click=apply
                        disabled=move || report.with(|r| r.as_ref().is_ok_and(MergeReport::is_noop))>
                        {move || i18n.t("data.merge.apply")}
                    </button>
                })}
                <button type="button" class="link" data-testid="merge-cancel"
                    on:click=move |_| on_close.run(())>
                    {move || i18n.t("common.cancel")}
                </button>
            </div>
        </section>
    }
}

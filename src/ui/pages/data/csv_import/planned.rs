//! The import's last step: the plan made from the read rows and the answers so far, shown by
//! [`Preview`], and "Apply". The planner and the apply are half of the import's code and run only
//! once a file is read, so the split release build cuts this step into a chunk of its own
//! (`ui::lazy`), fetched while the rows are being read.

use std::sync::Arc;

use leptos::prelude::*;

use super::file::CsvFile;
use super::preview::Preview;
use super::{Answer, Step, apply_answer, remember};
use crate::domain::import::{ImportDraft, ImportPlan, Mapping};
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::LoadError;
use crate::ui::state::use_app;

/// What the step works on: the file, the draft its rows were read into, the import's step and
/// the column mapping (remembered on apply).
#[derive(Clone)]
pub struct Planned {
    pub file: Arc<CsvFile>,
    pub draft: StoredValue<Option<ImportDraft>>,
    pub step: RwSignal<Step>,
    pub mapping: RwSignal<Mapping>,
}

#[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
    data_csv_preview,
    wasm_split_path = ::leptos::wasm_split,
    preload(preload_planned),
    fallible
))]
fn planned(with: Planned) -> Result<AnyView, LoadError> {
    Ok(view! { <PlannedStep with=with/> }.into_any())
}

/// The step's view (in the split build, loaded on first use).
pub fn planned_view(with: Planned) -> AnyView {
    #[cfg(voronka_split)]
    {
        crate::ui::lazy::lazy_view_with(
            SLOT,
            || Box::pin(async { preload_planned().await.map_err(LoadError::from) }),
            move || crate::ui::lazy::poll_once(planned(with.clone())),
        )
    }
    #[cfg(not(voronka_split))]
    {
        // An unsplit build has nothing to load, so it never fails.
        planned(with).unwrap_or_else(|LoadError| ().into_any())
    }
}

#[cfg(voronka_split)]
const SLOT: crate::ui::lazy::Slot = crate::ui::lazy::Slot(49);

/// Fetches the step's chunk (while the rows are read, and in the idle prefetch).
pub fn prefetch_planned() {
    #[cfg(voronka_split)]
    leptos::task::spawn_local(async {
        let _ = crate::ui::lazy::load(SLOT, || {
            Box::pin(async { preload_planned().await.map_err(LoadError::from) })
        })
        .await;
    });
}

#[component]
fn PlannedStep(with: Planned) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let Planned {
        file,
        draft,
        step,
        mapping,
    } = with;
    // Each answer re-plans the draft without reading the file again.
    let answered = RwSignal::new(0_u32);
    let plan = move || {
        answered.track();
        draft.with_value(|d| {
            d.as_ref()
                .map(|d| (Arc::new(d.plan()), d.options().clone()))
        })
    };

    let apply = move |plan: Arc<ImportPlan>, file: Arc<CsvFile>| {
        // The button is disabled while a question is open; never apply half an answer anyway.
        if !plan.is_complete() {
            return;
        }
        let count = plan.valid_rows();
        let label = i18n.tf("csv.undo", &[("file", file.name.clone())]);
        let plan = (*plan).clone();
        let _ = app.change(label, |ws| {
            plan.apply_in_place(ws);
            Ok::<(), ()>(())
        });
        remember(&file.headers, &mapping.get_untracked());
        draft.set_value(None);
        step.set(Step::Idle);
        app.notify(i18n.tf("csv.applied", &[("deals", count.to_string())]));
    };

    move || {
        let file = file.clone();
        plan().map(|(plan, options)| {
            let (f_apply, p_apply) = (file.clone(), plan.clone());
            let on_answer = Callback::new(move |answer: Answer| {
                draft.update_value(|d| {
                    if let Some(d) = d {
                        apply_answer(d.options_mut(), answer);
                    }
                });
                answered.update(|n| *n += 1);
            });
            view! {
                <Preview file_name=file.name.clone() plan=plan options=options
                    on_answer=on_answer
                    on_apply=move || apply(p_apply.clone(), f_apply.clone())
                    on_cancel=move || { draft.set_value(None); step.set(Step::Idle); } />
            }
        })
    }
}

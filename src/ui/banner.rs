//! Storage trouble, said plainly, with a way to keep the data.

use leptos::prelude::*;

use crate::format::json;
use crate::storage::StorageError;
use crate::ui::download::save_json;
use crate::ui::i18n::use_i18n;
use crate::ui::state::{StorageStatus, use_app};

/// Shows what went wrong with browser storage and offers downloads; hidden while all is well.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let download_current = move |_| {
        save_json(app, "voronka", &app.ws().with_untracked(json::write_pretty));
    };
    move || {
        let message = match app.storage_status().get() {
            StorageStatus::Saved => return None,
            StorageStatus::Failed(StorageError::Full) => i18n.t("storage.full"),
            StorageStatus::Failed(StorageError::Unavailable(reason)) => {
                i18n.tf("storage.unavailable", &[("reason", clause(&reason))])
            }
            StorageStatus::Failed(StorageError::Other(reason)) => {
                i18n.tf("storage.other", &[("reason", clause(&reason))])
            }
            StorageStatus::Unreadable { reason, .. } => {
                i18n.tf("storage.unreadable", &[("reason", clause(&reason))])
            }
        };
        let unreadable = matches!(
            app.storage_status().get_untracked(),
            StorageStatus::Unreadable { .. }
        );
        Some(view! {
            <div class="banner warn" role="alert" data-testid="storage-banner">
                <p>{message}</p>
                <div class="actions">
                    <button type="button" on:click=download_current data-testid="download-current">
                        {i18n.t("storage.download_current")}
                    </button>
                    {unreadable.then(|| view! {
                        <button type="button" data-testid="download-stored" on:click=move |_| {
                            if let StorageStatus::Unreadable { raw, .. } = app.storage_status().get_untracked() {
                                save_json(app, "voronka-unreadable", &raw);
                            }
                        }>{i18n.t("storage.download_stored")}</button>
                        <button type="button" class="danger" data-testid="overwrite-stored"
                            on:click=move |_| app.overwrite_stored()>
                            {i18n.t("storage.overwrite")}
                        </button>
                    })}
                </div>
            </div>
        })
    }
}

/// A reason set inside a sentence of the banner: without its own closing full stop, so the
/// banner does not show "…an object.. It is left untouched".
fn clause(reason: &str) -> String {
    reason.trim_end().trim_end_matches('.').to_string()
}

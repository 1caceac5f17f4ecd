//! The offline copy and new deployments: registers the service worker of release builds and
//! offers a reload when a new version is waiting (never a half-old, half-new app: the old
//! worker serves the old files until the user accepts).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::ui::i18n::use_i18n;

#[wasm_bindgen(module = "/src/ui/sw_bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = swRegister)]
    fn sw_register(script_url: &str, on_update_ready: &Closure<dyn Fn()>);
    #[wasm_bindgen(js_name = swApplyUpdate)]
    fn sw_apply_update();
}

/// Registers the service worker (release builds only: `trunk serve` has no sw.js and its live
/// reload must not be cached) and shows "a new version is ready" when one waits.
#[component]
pub fn UpdateOffer() -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(false);
    if !cfg!(debug_assertions) {
        // Lives as long as the page: the worker may report an update at any time.
        let on_ready = Closure::<dyn Fn()>::new(move || ready.set(true));
        sw_register("sw.js", &on_ready);
        on_ready.forget();
    }
    move || {
        ready.get().then(|| {
            view! {
                <div class="banner confirm update-offer" role="status" data-testid="update-offer">
                    <p>{i18n.t("update.ready")}</p>
                    <div class="actions">
                        <button type="button" data-testid="update-reload" on:click=move |_| sw_apply_update()>
                            {i18n.t("update.reload")}
                        </button>
                        <button type="button" class="link" on:click=move |_| ready.set(false)>
                            {i18n.t("update.later")}
                        </button>
                    </div>
                </div>
            }
        })
    }
}

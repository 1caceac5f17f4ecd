//! The planner: the file-wide state the decisions fill in, and fresh ids.

use std::collections::{HashMap, HashSet};

use crate::edit::name_key;
use crate::import::cells::{ID_MASK, currency_code, is_currency_code};
use crate::import::draft::ImportDraft;
use crate::import::names::{NameState, name_states};
use crate::import::options::{DateOrder, NameKind, StageChoice};
use crate::import::plan::{ImportPlan, SimilarName};
use crate::model::*;
use crate::rng::SplitMix64;

/// One planning pass over a draft: the decisions taken so far and what they create.
pub(super) struct Planner<'a> {
    pub(super) d: &'a ImportDraft,
    pub(super) order: Option<DateOrder>,
    pub(super) fraction: bool,
    /// Stage choices by name key: (display name, choice).
    pub(super) choices: HashMap<String, (String, StageChoice)>,
    pub(super) choice_list: Vec<(String, StageChoice)>,
    pub(super) rng: SplitMix64,
    pub(super) used: [HashSet<u64>; 6],
    pub(super) new_sellers: Vec<Seller>,
    pub(super) new_clients: Vec<Client>,
    pub(super) new_contacts: Vec<Contact>,
    pub(super) new_directions: Vec<Direction>,
    pub(super) new_deal_types: Vec<DealType>,
    /// Created stages, per choice index.
    pub(super) created_stages: HashMap<usize, StageId>,
    /// Created stages with their choice index (the pipeline order among them).
    pub(super) new_stages: Vec<(usize, Stage)>,
    /// Workspace stages (positions) that imported deals go to or close from.
    pub(super) targeted: HashSet<usize>,
    pub(super) client_state: Vec<NameState>,
    pub(super) seller_state: Vec<NameState>,
    pub(super) direction_state: Vec<NameState>,
    pub(super) similar: Vec<SimilarName>,
    /// The currency of the workspace after the import, and the one rows without a currency
    /// of their own are in (the user's answer), if any.
    pub(super) target_currency: String,
    pub(super) assumed_currency: Option<String>,
    pub(super) no_client_id: Option<ClientId>,
    pub(super) contact_ids: HashMap<(ClientId, u32), ContactId>,
    pub(super) seller_ids: HashMap<u32, SellerId>,
    pub(super) client_ids: HashMap<u32, ClientId>,
    pub(super) direction_ids: HashMap<u32, DirectionId>,
    pub(super) deal_type_ids: HashMap<u32, DealTypeId>,
    pub(super) first_line: HashMap<DealId, u64>,
    pub(super) plan: ImportPlan,
    pub(super) unknown: Vec<(String, usize)>,
    pub(super) unknown_at: HashMap<String, usize>,
}

impl<'a> Planner<'a> {
    pub(super) fn new(d: &'a ImportDraft) -> Self {
        let mut choices = HashMap::new();
        let mut choice_list = Vec::new();
        for (name, choice) in &d.options.stage_choices {
            let key = name_key(name);
            if key.is_empty() || choices.contains_key(&key) {
                continue;
            }
            choices.insert(key, (name.trim().to_string(), *choice));
            choice_list.push((name.trim().to_string(), *choice));
        }
        let o = &d.options;
        let mut similar = Vec::new();
        let client_state = name_states(
            &d.clients,
            &d.known_clients,
            NameKind::Client,
            &o.same_names,
            &mut similar,
        );
        let seller_state = name_states(
            &d.sellers,
            &d.known_sellers,
            NameKind::Seller,
            &o.same_names,
            &mut similar,
        );
        let direction_state = name_states(
            &d.directions,
            &d.known_directions,
            NameKind::Direction,
            &o.same_names,
            &mut similar,
        );
        // The currency: the workspace's, unless the workspace is empty and the file (or the
        // answer for a file that names none) says one other currency.
        let assumed_currency = o
            .currency
            .as_deref()
            .map(|c| currency_code(c).unwrap_or_else(|| c.trim().to_uppercase()));
        let mut file_currencies: Vec<&str> = Vec::new();
        for i in 0..d.currencies.len() as u32 {
            file_currencies.push(d.currencies.display(i));
        }
        if d.unmarked_amount_rows > 0
            && let Some(a) = &assumed_currency
            && !file_currencies.contains(&a.as_str())
        {
            file_currencies.push(a);
        }
        let target_currency = match file_currencies.as_slice() {
            [one] if d.workspace_empty && is_currency_code(one) => one.to_string(),
            _ => d.currency.clone(),
        };
        Planner {
            d,
            order: d.date_order(),
            fraction: !d.prob_over_one && !d.prob_percent_sign,
            choices,
            choice_list,
            rng: SplitMix64::new(d.options.id_seed),
            used: d.used_ids.clone(),
            new_sellers: Vec::new(),
            new_clients: Vec::new(),
            new_contacts: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            created_stages: HashMap::new(),
            new_stages: Vec::new(),
            targeted: HashSet::new(),
            client_state,
            seller_state,
            direction_state,
            similar,
            target_currency,
            assumed_currency,
            no_client_id: d.no_client,
            contact_ids: HashMap::new(),
            seller_ids: HashMap::new(),
            client_ids: HashMap::new(),
            direction_ids: HashMap::new(),
            deal_type_ids: HashMap::new(),
            first_line: HashMap::new(),
            plan: ImportPlan::empty(d.options.today, d.options.now_ms),
            unknown: Vec::new(),
            unknown_at: HashMap::new(),
        }
    }

    pub(super) fn fresh_id(&mut self, list: usize) -> u64 {
        loop {
            let v = self.rng.next_u64() & ID_MASK;
            if v != 0 && self.used[list].insert(v) {
                return v;
            }
        }
    }
}

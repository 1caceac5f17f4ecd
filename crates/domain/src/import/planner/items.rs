//! The sellers, clients, directions and deal types rows name: the workspace's, or new ones.

use super::state::Planner;
use crate::import::names::{CLIENTS, DEAL_TYPES, DIRECTIONS, NameState, SELLERS};
use crate::model::*;

impl Planner<'_> {
    pub(super) fn seller(&mut self, i: u32) -> SellerId {
        if let Some(id) = self.seller_ids.get(&i) {
            return *id;
        }
        let id = match self.seller_state.get(i as usize) {
            Some(NameState::Known(id)) => SellerId(*id),
            _ => {
                let id = SellerId(self.fresh_id(SELLERS));
                let name = self.d.sellers.display(i).to_string();
                self.plan.sellers_added.push(name.clone());
                self.new_sellers.push(Seller { id, name });
                id
            }
        };
        self.seller_ids.insert(i, id);
        id
    }

    pub(super) fn client(&mut self, i: u32) -> ClientId {
        if let Some(id) = self.client_ids.get(&i) {
            return *id;
        }
        let id = match self.client_state.get(i as usize) {
            Some(NameState::Known(id)) => ClientId(*id),
            _ => {
                let id = ClientId(self.fresh_id(CLIENTS));
                let name = self.d.clients.display(i).to_string();
                self.plan.clients_added.push(name.clone());
                self.new_clients.push(Client {
                    id,
                    name,
                    segment: String::new(),
                    key: false,
                    no_client: false,
                });
                id
            }
        };
        self.client_ids.insert(i, id);
        id
    }

    pub(super) fn direction(&mut self, i: u32) -> DirectionId {
        if let Some(id) = self.direction_ids.get(&i) {
            return *id;
        }
        let id = match self.direction_state.get(i as usize) {
            Some(NameState::Known(id)) => DirectionId(*id),
            _ => {
                let id = DirectionId(self.fresh_id(DIRECTIONS));
                let name = self.d.directions.display(i).to_string();
                self.plan.directions_added.push(name.clone());
                self.new_directions.push(Direction { id, name });
                id
            }
        };
        self.direction_ids.insert(i, id);
        id
    }

    pub(super) fn deal_type(&mut self, i: u32) -> DealTypeId {
        if let Some(id) = self.deal_type_ids.get(&i) {
            return *id;
        }
        let key = self.d.deal_types.key(i);
        let id = match self.d.known_deal_types.by_key.get(key) {
            Some(id) => DealTypeId(*id),
            None => {
                let id = DealTypeId(self.fresh_id(DEAL_TYPES));
                let name = self.d.deal_types.display(i).to_string();
                self.plan.deal_types_added.push(name.clone());
                self.new_deal_types.push(DealType { id, name });
                id
            }
        };
        self.deal_type_ids.insert(i, id);
        id
    }
}

//! What the merge compares of each kind of item: its contents in declaration order, a deal's
//! timestamp, a plan's display name.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::list::Item;
use crate::model::*;

fn kind_rank(k: StageKind) -> u8 {
    match k {
        StageKind::Open => 0,
        StageKind::Won => 1,
        StageKind::Lost => 2,
    }
}

fn entry_key(e: &StageEntry) -> (StageId, NaiveDate) {
    let StageEntry { stage, entered } = e;
    (*stage, *entered)
}

fn step_key(s: &Option<NextStep>) -> Option<(&str, Option<NaiveDate>, bool)> {
    s.as_ref().map(|s| {
        let NextStep { text, due, done } = s;
        (text.as_str(), *due, *done)
    })
}

/// `content_cmp` over the listed fields in declaration order. The pattern names every field but
/// the id, so a field added to the model is a compile error here until the merge compares it.
macro_rules! compare_fields {
    ($($ty:ident { $($field:ident),+ }),+ $(,)?) => {$(
        impl Item for $ty {
            fn content_cmp(&self, o: &Self) -> Ordering {
                let $ty { id: _, $($field),+ } = self;
                Ordering::Equal$(.then_with(|| $field.cmp(&o.$field)))+
            }
        }
    )+};
}

compare_fields!(
    Seller { name },
    Client {
        name,
        segment,
        key,
        no_client
    },
    Contact {
        client,
        name,
        position,
        role,
        level
    },
    Direction { name },
    Role { name, target },
    DealType { name },
);

impl Item for Stage {
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Stage {
            id: _,
            name,
            kind,
            probability,
            rotting_days,
            forecast_category,
        } = self;
        (
            name,
            kind_rank(*kind),
            probability,
            rotting_days,
            forecast_category,
        )
            .cmp(&(
                &o.name,
                kind_rank(o.kind),
                &o.probability,
                &o.rotting_days,
                &o.forecast_category,
            ))
    }
}

impl Item for Deal {
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Deal {
            id: _,
            title,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
            stage,
            created,
            expected_close,
            closed,
            history,
            next_step,
            lost_reason,
            contacts,
            forecast_category,
            updated_at: _,
        } = self;
        (
            title,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
        )
            .cmp(&(
                &o.title,
                &o.client,
                &o.seller,
                &o.direction,
                &o.deal_type,
                &o.amount,
                &o.probability,
            ))
            .then_with(|| {
                (stage, created, expected_close, closed).cmp(&(
                    &o.stage,
                    &o.created,
                    &o.expected_close,
                    &o.closed,
                ))
            })
            .then_with(|| {
                history
                    .iter()
                    .map(entry_key)
                    .cmp(o.history.iter().map(entry_key))
            })
            .then_with(|| step_key(next_step).cmp(&step_key(&o.next_step)))
            .then_with(|| {
                (lost_reason, contacts, forecast_category).cmp(&(
                    &o.lost_reason,
                    &o.contacts,
                    &o.forecast_category,
                ))
            })
    }
    fn stamp(&self) -> Option<i64> {
        Some(self.updated_at)
    }
}

impl Item for Plan {
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Plan {
            seller: _,
            month: _,
            amount,
        } = self;
        amount.cmp(&o.amount)
    }
    fn display(&self, ws: &Workspace) -> String {
        let seller = ws.seller(self.seller).map_or("", |s| s.name.as_str());
        format!("{seller} · {}", self.month)
    }
}

//! One view of the workspace's nine lists, so code that does the same thing to every list
//! (upserts, id checks, merging, deleting) is written once.
//!
//! - [`ItemKind`] names a list, [`ItemRef`] one item of a list by its id.
//! - [`Entity`] is what every item type shares: its id, its kind, its list in the workspace.
//!   [`Named`] adds the name (a deal's title) that forms keep unique.
//! - [`with_entity!`](crate::with_entity) turns a kind known only at run time into the item type,
//!   so a generic function runs on the list a user picked.

use std::fmt::Debug;
use std::hash::Hash;

use super::model::*;

/// The lists of a workspace, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Seller,
    Client,
    Contact,
    Direction,
    Stage,
    Deal,
    Plan,
    Role,
    DealType,
}

impl ItemKind {
    /// Every list, in declaration order (`kind as usize` is the position here).
    pub const ALL: [ItemKind; 9] = [
        ItemKind::Seller,
        ItemKind::Client,
        ItemKind::Contact,
        ItemKind::Direction,
        ItemKind::Stage,
        ItemKind::Deal,
        ItemKind::Plan,
        ItemKind::Role,
        ItemKind::DealType,
    ];

    /// A stable code, used as the key of the translated label.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Seller => "seller",
            ItemKind::Client => "client",
            ItemKind::Contact => "contact",
            ItemKind::Direction => "direction",
            ItemKind::Stage => "stage",
            ItemKind::Deal => "deal",
            ItemKind::Plan => "plan",
            ItemKind::Role => "role",
            ItemKind::DealType => "deal_type",
        }
    }

    /// The list's field in [`Workspace`] (and in validation paths): `deal_types`.
    pub fn list_name(self) -> &'static str {
        match self {
            ItemKind::Seller => "sellers",
            ItemKind::Client => "clients",
            ItemKind::Contact => "contacts",
            ItemKind::Direction => "directions",
            ItemKind::Stage => "stages",
            ItemKind::Deal => "deals",
            ItemKind::Plan => "plans",
            ItemKind::Role => "roles",
            ItemKind::DealType => "deal_types",
        }
    }

    /// The item with this raw id in this list; `None` for plans (named by seller and month).
    pub fn item(self, id: u64) -> Option<ItemRef> {
        Some(match self {
            ItemKind::Seller => ItemRef::Seller(SellerId(id)),
            ItemKind::Client => ItemRef::Client(ClientId(id)),
            ItemKind::Contact => ItemRef::Contact(ContactId(id)),
            ItemKind::Direction => ItemRef::Direction(DirectionId(id)),
            ItemKind::Stage => ItemRef::Stage(StageId(id)),
            ItemKind::Deal => ItemRef::Deal(DealId(id)),
            ItemKind::Role => ItemRef::Role(RoleId(id)),
            ItemKind::DealType => ItemRef::DealType(DealTypeId(id)),
            ItemKind::Plan => return None,
        })
    }

    /// How many items the list holds.
    pub fn len(self, ws: &Workspace) -> usize {
        crate::with_entity!(self, T => T::list(ws).len())
    }
}

/// One item of any list, named by its id (plans by seller and month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemRef {
    Seller(SellerId),
    Client(ClientId),
    Contact(ContactId),
    Direction(DirectionId),
    Stage(StageId),
    Role(RoleId),
    DealType(DealTypeId),
    Deal(DealId),
    Plan(SellerId, YearMonth),
}

impl ItemRef {
    /// The list the item belongs to.
    pub fn kind(self) -> ItemKind {
        match self {
            ItemRef::Seller(_) => ItemKind::Seller,
            ItemRef::Client(_) => ItemKind::Client,
            ItemRef::Contact(_) => ItemKind::Contact,
            ItemRef::Direction(_) => ItemKind::Direction,
            ItemRef::Stage(_) => ItemKind::Stage,
            ItemRef::Role(_) => ItemKind::Role,
            ItemRef::DealType(_) => ItemKind::DealType,
            ItemRef::Deal(_) => ItemKind::Deal,
            ItemRef::Plan(..) => ItemKind::Plan,
        }
    }

    /// The raw id (a plan's: its seller's), as [`ItemKind::item`] takes it back.
    pub fn raw_id(self) -> u64 {
        match self {
            ItemRef::Seller(x) | ItemRef::Plan(x, _) => x.0,
            ItemRef::Client(x) => x.0,
            ItemRef::Contact(x) => x.0,
            ItemRef::Direction(x) => x.0,
            ItemRef::Stage(x) => x.0,
            ItemRef::Role(x) => x.0,
            ItemRef::DealType(x) => x.0,
            ItemRef::Deal(x) => x.0,
        }
    }

    /// True when the item is in the workspace.
    pub fn exists(self, ws: &Workspace) -> bool {
        crate::with_entity!(self.kind(), T => T::id_in(self).is_some_and(|id| T::get(ws, id).is_some()))
    }

    /// The item's name (a deal's title); `None` when it is not there, and for plans.
    pub fn name(self, ws: &Workspace) -> Option<&str> {
        crate::with_entity!(self.kind(), T => T::get(ws, T::id_in(self)?)?.label())
    }
}

/// What every item of a workspace list is: identified within its list, stored in one place.
pub trait Entity: Clone + PartialEq + Sized + 'static {
    /// The id newtype (plans: seller and month).
    type Id: Copy + Eq + Hash + Ord + Debug;
    /// The list it belongs to.
    const KIND: ItemKind;
    fn id(&self) -> Self::Id;
    /// The id as one number: the newtype's value; for plans [`plan_key`].
    fn raw(id: Self::Id) -> u64;
    /// The id as an [`ItemRef`].
    fn item_ref(id: Self::Id) -> ItemRef;
    /// The id inside `r` when `r` names an item of this list.
    fn id_in(r: ItemRef) -> Option<Self::Id>;
    fn list(ws: &Workspace) -> &[Self];
    fn list_mut(ws: &mut Workspace) -> &mut Vec<Self>;

    /// The name it is shown by ([`Named::name`]); plans have none.
    fn label(&self) -> Option<&str> {
        None
    }

    /// The item with this id.
    fn get(ws: &Workspace, id: Self::Id) -> Option<&Self> {
        Self::list(ws).iter().find(|x| x.id() == id)
    }

    /// Replaces the item with the same id, or appends it.
    fn put(ws: &mut Workspace, item: Self) {
        let list = Self::list_mut(ws);
        match list.iter().position(|x| x.id() == item.id()) {
            Some(i) => list[i] = item,
            None => list.push(item),
        }
    }

    /// Removes the item with this id (every copy, should the list repeat it).
    fn remove(ws: &mut Workspace, id: Self::Id) {
        Self::list_mut(ws).retain(|x| x.id() != id);
    }
}

/// An item with a name a person typed: every list but plans (a deal's name is its title).
pub trait Named: Entity {
    fn name(&self) -> &str;
    fn name_mut(&mut self) -> &mut String;
    /// Names are unique among the items of one scope (the forms' rule): the whole list, except
    /// contacts, whose names are unique per client.
    fn name_scope(&self) -> u64 {
        0
    }
}

/// A plan's stable 64-bit key (its [`Entity::raw`] id, used by merge conflicts and choices): a
/// fixed hash of its seller id and month (the same in every build and on every machine).
/// Distinct months of one seller never collide; plans of two sellers could in theory (odds
/// ~2⁻⁶⁴ per pair), and then a merge choice would apply to both.
pub fn plan_key(seller: SellerId, month: YearMonth) -> u64 {
    let ym = (i64::from(month.year) as u64)
        .wrapping_mul(16)
        .wrapping_add(u64::from(month.month & 15));
    mix64(seller.0 ^ mix64(ym ^ 0x5041_4C41_4E00_0000))
}

/// SplitMix64's finalizer: a bijection on `u64`.
fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Evaluates `$body` with `$T` standing for the item type of the list `$kind` (an
/// [`ItemKind`] known at run time): `with_entity!(kind, T => T::list(ws).len())`. The body is
/// compiled once per list, so it may use anything all nine types have ([`Entity`], `Clone`…).
#[macro_export]
macro_rules! with_entity {
    ($kind:expr, $T:ident => $body:expr) => {
        $crate::with_entity!(@each $kind, $T => $body;
            Seller, Client, Contact, Direction, Stage, Deal, Plan, Role, DealType)
    };
    (@each $kind:expr, $T:ident => $body:expr; $($item:ident),+) => {{
        use $crate::entity::ItemKind as __Kind;
        match $kind {
            $(__Kind::$item => {
                type $T = $crate::model::$item;
                $body
            })+
        }
    }};
}

/// `Entity` and `Named` for a list whose items carry an `id` newtype and a name field.
macro_rules! entity {
    ($T:ident, $Id:ident, $list:ident, $name:ident) => {
        impl Entity for $T {
            type Id = $Id;
            const KIND: ItemKind = ItemKind::$T;
            fn id(&self) -> $Id {
                self.id
            }
            fn raw(id: $Id) -> u64 {
                id.0
            }
            fn item_ref(id: $Id) -> ItemRef {
                ItemRef::$T(id)
            }
            fn id_in(r: ItemRef) -> Option<$Id> {
                match r {
                    ItemRef::$T(id) => Some(id),
                    _ => None,
                }
            }
            fn list(ws: &Workspace) -> &[Self] {
                &ws.$list
            }
            fn list_mut(ws: &mut Workspace) -> &mut Vec<Self> {
                &mut ws.$list
            }
            fn label(&self) -> Option<&str> {
                Some(&self.$name)
            }
        }

        impl Named for $T {
            fn name(&self) -> &str {
                &self.$name
            }
            fn name_mut(&mut self) -> &mut String {
                &mut self.$name
            }
            entity!(@scope $T);
        }
    };
    (@scope Contact) => {
        fn name_scope(&self) -> u64 {
            self.client.0
        }
    };
    (@scope $T:ident) => {};
}

entity!(Seller, SellerId, sellers, name);
entity!(Client, ClientId, clients, name);
entity!(Contact, ContactId, contacts, name);
entity!(Direction, DirectionId, directions, name);
entity!(Stage, StageId, stages, name);
entity!(Deal, DealId, deals, title);
entity!(Role, RoleId, roles, name);
entity!(DealType, DealTypeId, deal_types, name);

impl Entity for Plan {
    type Id = (SellerId, YearMonth);
    const KIND: ItemKind = ItemKind::Plan;
    fn id(&self) -> Self::Id {
        (self.seller, self.month)
    }
    fn raw((seller, month): Self::Id) -> u64 {
        plan_key(seller, month)
    }
    fn item_ref((seller, month): Self::Id) -> ItemRef {
        ItemRef::Plan(seller, month)
    }
    fn id_in(r: ItemRef) -> Option<Self::Id> {
        match r {
            ItemRef::Plan(seller, month) => Some((seller, month)),
            _ => None,
        }
    }
    fn list(ws: &Workspace) -> &[Self] {
        &ws.plans
    }
    fn list_mut(ws: &mut Workspace) -> &mut Vec<Self> {
        &mut ws.plans
    }
}

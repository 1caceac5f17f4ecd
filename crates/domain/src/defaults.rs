//! The lists every workspace starts with: the default pipeline, decision-maker roles and deal
//! types, in the user's language. "Start empty" and the demo generator both build on them.

use super::Lang;
use super::model::*;

/// Words for the default lists and the demo company, in one language.
pub struct Names {
    lang: Lang,
}

impl Names {
    pub fn new(lang: Lang) -> Self {
        Names { lang }
    }

    fn pick<'a>(&self, ru: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}

/// One default stage: Russian name, English name, kind, probability, rotting days, category.
type StageRow = (
    &'static str,
    &'static str,
    StageKind,
    u8,
    Option<u32>,
    ForecastCategory,
);

/// The default pipeline: five open stages, then won and lost.
pub fn default_stages(n: &Names) -> Vec<Stage> {
    use ForecastCategory::*;
    use StageKind::*;
    let rows: [StageRow; 7] = [
        (
            "Квалификация",
            "Qualification",
            Open,
            10,
            Some(14),
            Pipeline,
        ),
        (
            "Выявление потребностей",
            "Needs analysis",
            Open,
            20,
            Some(21),
            Pipeline,
        ),
        (
            "Коммерческое предложение",
            "Proposal",
            Open,
            40,
            Some(21),
            BestCase,
        ),
        ("Переговоры", "Negotiation", Open, 60, Some(30), BestCase),
        (
            "Согласование договора",
            "Contract",
            Open,
            80,
            Some(14),
            Commit,
        ),
        ("Успешно реализовано", "Won", Won, 100, None, Commit),
        ("Закрыто и не реализовано", "Lost", Lost, 0, None, Omitted),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (ru, en, kind, p, rot, cat))| Stage {
            id: StageId(i as u64 + 1),
            name: n.pick(ru, en).to_string(),
            kind: *kind,
            probability: *p,
            rotting_days: *rot,
            forecast_category: *cat,
        })
        .collect()
}

/// The default decision-maker roles; the first five are the matrix's target roles.
pub fn default_roles(n: &Names) -> Vec<Role> {
    let rows = [
        ("Генеральный директор", "CEO", true),
        ("Финансовый директор", "CFO", true),
        ("ИТ-директор", "CIO", true),
        ("Руководитель закупок", "Head of procurement", true),
        ("Руководитель подразделения", "Head of business unit", true),
        ("Технический эксперт", "Technical expert", false),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (ru, en, target))| Role {
            id: RoleId(i as u64 + 1),
            name: n.pick(ru, en).to_string(),
            target: *target,
        })
        .collect()
}

pub fn default_deal_types(n: &Names) -> Vec<DealType> {
    [
        ("Новый бизнес", "New business"),
        ("Допродажа", "Upsell"),
        ("Продление", "Renewal"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (ru, en))| DealType {
        id: DealTypeId(i as u64 + 1),
        name: n.pick(ru, en).to_string(),
    })
    .collect()
}

impl Workspace {
    /// An empty workspace with a usable default pipeline, so "start empty" can take deals at once.
    pub fn empty(currency: &str, names: &Names) -> Self {
        Workspace {
            currency: currency.to_string(),
            stages: default_stages(names),
            roles: default_roles(names),
            deal_types: default_deal_types(names),
            ..Workspace::default()
        }
    }
}

//! The embedded demo company: a deterministic generator (fixed seed) of a believable workspace,
//! sized by the number of deals so tests and benchmarks can build 10,000 or 100,000.

use chrono::{Duration, NaiveDate};

use super::Lang;
pub use super::defaults::{Names, default_deal_types, default_roles, default_stages};
use super::model::*;
use super::money::Money;
use super::rng::SplitMix64;

/// The seed of the demo everyone sees on first start.
pub const DEMO_SEED: u64 = 0x0056_6F72_6F6E_6B61; // "Voronka" in ASCII
/// The demo's default size: about 600 deals over 18 months.
pub const DEMO_DEALS: usize = 600;

const DIRECTIONS: [(&str, &str); 6] = [
    ("Облачные сервисы", "Cloud services"),
    ("Кибербезопасность", "Cybersecurity"),
    ("Внедрение ERP", "ERP implementation"),
    ("Техподдержка", "Support contracts"),
    ("Обучение", "Training"),
    ("Аналитика данных", "Data analytics"),
];

const FIRST_RU: [&str; 16] = [
    "Анна",
    "Дмитрий",
    "Елена",
    "Сергей",
    "Ольга",
    "Алексей",
    "Мария",
    "Игорь",
    "Наталья",
    "Павел",
    "Татьяна",
    "Андрей",
    "Ирина",
    "Максим",
    "Светлана",
    "Николай",
];
const LAST_RU: [(&str, &str); 16] = [
    ("Смирнов", "Смирнова"),
    ("Иванов", "Иванова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"),
    ("Козлов", "Козлова"),
    ("Новиков", "Новикова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Орлов", "Орлова"),
    ("Зайцев", "Зайцева"),
    ("Павлов", "Павлова"),
    ("Семёнов", "Семёнова"),
    ("Голубев", "Голубева"),
    ("Виноградов", "Виноградова"),
];
const FIRST_EN: [&str; 16] = [
    "Anna", "David", "Emily", "Samuel", "Olivia", "Alex", "Maria", "Ian", "Natalie", "Paul",
    "Tanya", "Andrew", "Irene", "Max", "Sophie", "Nick",
];
const LAST_EN: [&str; 16] = [
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Walker",
    "Wright", "Hughes", "Green", "Hall", "Wood", "Harris", "Clarke",
];
const CLIENT_ROOTS: [(&str, &str); 24] = [
    ("Альфа", "Alpha"),
    ("Вектор", "Vector"),
    ("Гранит", "Granite"),
    ("Меридиан", "Meridian"),
    ("Северный", "Northern"),
    ("Балтика", "Baltic"),
    ("Урал", "Ural"),
    ("Сибирь", "Siberia"),
    ("Волга", "Volga"),
    ("Орион", "Orion"),
    ("Полюс", "Polus"),
    ("Титан", "Titan"),
    ("Квант", "Quantum"),
    ("Атлант", "Atlas"),
    ("Енисей", "Yenisei"),
    ("Фрегат", "Frigate"),
    ("Сапфир", "Sapphire"),
    ("Зенит", "Zenith"),
    ("Горизонт", "Horizon"),
    ("Кедр", "Cedar"),
    ("Рубин", "Ruby"),
    ("Аврора", "Aurora"),
    ("Парус", "Sail"),
    ("Старт", "Start"),
];
const CLIENT_KINDS: [(&str, &str); 8] = [
    ("Строй", "Construction"),
    ("Трейд", "Trading"),
    ("Логистик", "Logistics"),
    ("Пром", "Industries"),
    ("Энерго", "Energy"),
    ("Тех", "Technologies"),
    ("Агро", "Agro"),
    ("Фарм", "Pharma"),
];
const SEGMENTS: [(&str, &str); 3] = [
    ("Крупный бизнес", "Enterprise"),
    ("Средний бизнес", "Mid-market"),
    ("Малый бизнес", "SMB"),
];
const POSITIONS: [(&str, &str); 6] = [
    ("Генеральный директор", "Chief Executive Officer"),
    ("Финансовый директор", "Chief Financial Officer"),
    ("Директор по ИТ", "Chief Information Officer"),
    ("Руководитель отдела закупок", "Head of Procurement"),
    ("Директор по развитию", "Business Unit Director"),
    ("Ведущий инженер", "Lead Engineer"),
];
pub(crate) const LOST_REASONS: [(&str, &str); 5] = [
    ("Выбрали конкурента", "Chose a competitor"),
    ("Нет бюджета", "No budget"),
    ("Проект отложен", "Project postponed"),
    ("Не устроила цена", "Price too high"),
    ("Нет ответа от клиента", "Client went silent"),
];
pub(crate) const DEAL_NOUNS: [(&str, &str); 6] = [
    ("Миграция в облако", "Cloud migration"),
    ("Аудит безопасности", "Security audit"),
    ("Внедрение ERP", "ERP roll-out"),
    ("Контракт на поддержку", "Support contract"),
    ("Корпоративное обучение", "Corporate training"),
    ("BI-платформа", "BI platform"),
];
const NEXT_STEPS: [(&str, &str); 6] = [
    ("Позвонить и согласовать встречу", "Call to book a meeting"),
    ("Отправить коммерческое предложение", "Send the proposal"),
    ("Провести демонстрацию", "Run the demo"),
    (
        "Согласовать договор с юристами",
        "Agree the contract with legal",
    ),
    ("Встреча с финансовым директором", "Meet the CFO"),
    ("Уточнить бюджет проекта", "Confirm the project budget"),
];

fn person_name(lang: Lang, rng: &mut SplitMix64) -> String {
    let i = rng.below(16) as usize;
    let j = rng.below(16) as usize;
    match lang {
        Lang::Ru => {
            // Russian first names above alternate female/male, and surnames agree in gender.
            let female = i.is_multiple_of(2);
            let (m, f) = LAST_RU[j];
            format!("{} {}", FIRST_RU[i], if female { f } else { m })
        }
        Lang::En => format!("{} {}", FIRST_EN[i], LAST_EN[j]),
    }
}

/// Day count → the `updated_at` timestamp (ms since the epoch, noon UTC of that day).
pub fn date_to_millis(d: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() * 86_400_000 + 43_200_000
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct DemoSpec {
    pub seed: u64,
    pub deals: usize,
    pub lang: Lang,
    /// Deals span the 18 months before this day; nothing happens after it.
    pub today: NaiveDate,
}

impl DemoSpec {
    /// The demo everyone sees on first start.
    pub fn standard(lang: Lang, today: NaiveDate) -> Self {
        DemoSpec {
            seed: DEMO_SEED,
            deals: DEMO_DEALS,
            lang,
            today,
        }
    }
}

/// Builds the demo workspace. Same spec, same workspace, every time.
pub fn generate(spec: DemoSpec) -> Workspace {
    let mut rng = SplitMix64::new(spec.seed);
    let names = Names::new(spec.lang);
    let lang = spec.lang;
    let today = spec.today;
    let pick = |pair: (&str, &str)| match lang {
        Lang::Ru => pair.0.to_string(),
        Lang::En => pair.1.to_string(),
    };

    let stages = default_stages(&names);
    let roles = default_roles(&names);
    let deal_types = default_deal_types(&names);
    let directions: Vec<Direction> = DIRECTIONS
        .iter()
        .enumerate()
        .map(|(i, d)| Direction {
            id: DirectionId(i as u64 + 1),
            name: pick(*d),
        })
        .collect();

    let seller_count = 8 + spec.deals / 2_000;
    // Seller names must be distinct: they label the filter bar and every per-seller row.
    let mut sellers: Vec<Seller> = Vec::with_capacity(seller_count);
    for i in 0..seller_count {
        let mut name = person_name(lang, &mut rng);
        let mut tries = 0;
        while tries < 16 && sellers.iter().any(|s| s.name == name) {
            name = person_name(lang, &mut rng);
            tries += 1;
        }
        if sellers.iter().any(|s| s.name == name) {
            // Only huge workspaces run out of the 256 name combinations.
            name = format!("{name} {}", i + 1);
        }
        sellers.push(Seller {
            id: SellerId(i as u64 + 1),
            name,
        });
    }

    let client_count = (spec.deals / 10).max(60);
    let key_count = (client_count / 6).max(10);
    let mut clients = Vec::with_capacity(client_count);
    for i in 0..client_count {
        let root = CLIENT_ROOTS[i % CLIENT_ROOTS.len()];
        let kind = CLIENT_KINDS[(i / CLIENT_ROOTS.len() + i) % CLIENT_KINDS.len()];
        let round = i / (CLIENT_ROOTS.len() * CLIENT_KINDS.len());
        let base = match lang {
            Lang::Ru => format!("АО «{}{}»", root.0, kind.0.to_lowercase()),
            Lang::En => format!("{} {}", root.1, kind.1),
        };
        let name = if round > 0 {
            format!("{base} {}", round + 1)
        } else {
            base
        };
        let key = i < key_count;
        let segment = if key {
            SEGMENTS[0]
        } else if rng.chance(30) {
            SEGMENTS[1]
        } else {
            SEGMENTS[2]
        };
        clients.push(Client {
            id: ClientId(i as u64 + 1),
            name,
            segment: pick(segment),
            key,
            no_client: false,
        });
    }

    // Contacts: key clients get most roles covered, others a few; some have none at all.
    // About 160 contacts for the standard 60 clients; `client_contacts[ci]` is the range of
    // client `ci`'s contacts (they are generated client by client).
    let mut contacts = Vec::new();
    let mut client_contacts = Vec::with_capacity(clients.len());
    for (ci, client) in clients.iter().enumerate() {
        let start = contacts.len();
        let count = if client.key {
            rng.range(4, 6)
        } else if rng.chance(10) {
            0
        } else {
            rng.range(2, 3)
        };
        for k in 0..count {
            let role_idx = if client.key {
                (k as usize + ci) % roles.len()
            } else {
                rng.below(roles.len() as u64) as usize
            };
            contacts.push(Contact {
                id: ContactId(contacts.len() as u64 + 1),
                client: client.id,
                name: person_name(lang, &mut rng),
                position: pick(POSITIONS[role_idx]),
                role: Some(roles[role_idx].id),
                level: rng.below(6) as u8,
            });
        }
        client_contacts.push(start..contacts.len());
    }

    // Each client has a primary seller and a few directions it buys.
    let client_seller: Vec<usize> = (0..clients.len())
        .map(|_| rng.below(sellers.len() as u64) as usize)
        .collect();
    let client_dirs: Vec<Vec<usize>> = (0..clients.len())
        .map(|_| {
            let n = rng.range(2, 4) as usize;
            let mut v: Vec<usize> = (0..n)
                .map(|_| rng.below(directions.len() as u64) as usize)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();

    let open_stages: Vec<usize> = stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Open)
        .map(|(i, _)| i)
        .collect();
    let won = stages
        .iter()
        .position(|s| s.kind == StageKind::Won)
        .unwrap_or(0);
    let lost = stages
        .iter()
        .position(|s| s.kind == StageKind::Lost)
        .unwrap_or(0);
    let span_days = 540;

    let mut deals = Vec::with_capacity(spec.deals);
    for i in 0..spec.deals {
        // Key clients get a bigger share of the deals.
        let ci = if rng.chance(35) {
            rng.below(key_count as u64) as usize
        } else {
            rng.below(clients.len() as u64) as usize
        };
        let client = &clients[ci];
        let si = if rng.chance(85) {
            client_seller[ci]
        } else {
            rng.below(sellers.len() as u64) as usize
        };
        let di = *rng.pick(&client_dirs[ci]);
        let direction = if rng.chance(3) {
            None
        } else {
            Some(directions[di].id)
        };
        let type_idx = match rng.below(10) {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        };
        let base: i64 = if client.key {
            rng.range(500, 10_000)
        } else if client.segment == pick(SEGMENTS[1]) {
            rng.range(100, 2_000)
        } else {
            rng.range(20, 300)
        };
        // Whole thousands of rubles, sometimes with kopecks, and a few zero-amount deals.
        let amount = if rng.chance(1) {
            Money::ZERO
        } else if rng.chance(10) {
            Money(base * 100_000 + rng.range(1, 99_999))
        } else {
            Money::from_major(base * 1_000)
        };

        let created = today - Duration::days(rng.range(1, span_days));
        let mut at = created;
        let mut pos = match rng.below(20) {
            0 => 2,
            1..=3 => 1,
            _ => 0,
        };
        let mut history = vec![StageEntry {
            stage: stages[open_stages[pos]].id,
            entered: at,
        }];
        let mut current = open_stages[pos];
        loop {
            let wait = rng.range(4, 36);
            let next = at + Duration::days(wait);
            if next >= today {
                break;
            }
            // Per step: 10% lost, 4% back one stage, ~66% forward, 18% no move yet, 2% the deal
            // is abandoned where it stands (it stays open and goes stale). Most deals older than
            // a few months are therefore closed, as in a real pipeline.
            let roll = rng.below(100);
            let target = if roll < 10 {
                Some(lost)
            } else if roll < 14 && pos > 0 {
                pos -= 1;
                Some(open_stages[pos])
            } else if roll < 80 {
                if pos + 1 < open_stages.len() {
                    pos += 1;
                    Some(open_stages[pos])
                } else if rng.chance(75) {
                    Some(won)
                } else {
                    Some(lost)
                }
            } else if roll < 98 {
                // The deal sits still for a while.
                at = next;
                continue;
            } else {
                break;
            };
            if let Some(t) = target {
                at = next;
                current = t;
                history.push(StageEntry {
                    stage: stages[t].id,
                    entered: at,
                });
                if t == won || t == lost {
                    break;
                }
            }
        }
        let stage = &stages[current];
        let is_open = stage.kind == StageKind::Open;
        let closed = (!is_open).then_some(at);
        let expected_close = if is_open {
            let ahead = rng.range(-45, 120);
            Some((today + Duration::days(ahead)).max(created + Duration::days(7)))
        } else {
            Some((at + Duration::days(rng.range(-15, 15))).max(created))
        };
        let next_step = if is_open && rng.chance(78) {
            Some(NextStep {
                text: pick(*rng.pick(&NEXT_STEPS)),
                due: Some(today + Duration::days(rng.range(-12, 21))),
                done: false,
            })
        } else {
            None
        };
        let deal_contacts: Vec<ContactId> = contacts[client_contacts[ci].clone()]
            .iter()
            .take(rng.range(0, 2) as usize)
            .map(|c| c.id)
            .collect();
        let lost_reason = (stage.kind == StageKind::Lost).then(|| pick(*rng.pick(&LOST_REASONS)));
        let probability = (is_open && rng.chance(10)).then(|| (rng.range(1, 19) * 5) as u8);
        let title = match lang {
            Lang::Ru => format!("{} — {}", pick(DEAL_NOUNS[di]), client.name),
            Lang::En => format!("{} for {}", pick(DEAL_NOUNS[di]), client.name),
        };
        deals.push(Deal {
            id: DealId(i as u64 + 1),
            title,
            client: client.id,
            seller: sellers[si].id,
            direction,
            deal_type: Some(deal_types[type_idx].id),
            amount,
            probability,
            stage: stage.id,
            created,
            expected_close,
            closed,
            history,
            next_step,
            lost_reason,
            contacts: deal_contacts,
            forecast_category: None,
            updated_at: date_to_millis(at),
        });
    }

    // Plans: per seller per month, a year back and six months ahead, near each seller's pace.
    let mut plans = Vec::new();
    let first = YearMonth::of(today - Duration::days(365));
    let months = 18;
    for seller in &sellers {
        let won_total: i64 = deals
            .iter()
            .filter(|d| d.seller == seller.id && d.closed.is_some() && d.stage == stages[won].id)
            .map(|d| d.amount.0)
            .sum();
        // At least 100,000 rubles a month.
        let per_month = (won_total / 18).max(10_000_000);
        // Round to 100,000 rubles, then vary by ±20%.
        let mut ym = first;
        for _ in 0..months {
            let varied = per_month * rng.range(90, 130) / 100;
            let rounded = (varied / 10_000_000).max(1) * 10_000_000;
            plans.push(Plan {
                seller: seller.id,
                month: ym,
                amount: Money(rounded),
            });
            ym = ym.next();
        }
    }

    Workspace {
        currency: "RUB".to_string(),
        sellers,
        clients,
        contacts,
        directions,
        stages,
        deals,
        plans,
        roles,
        deal_types,
    }
}

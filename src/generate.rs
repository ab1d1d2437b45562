//! Synthetic portfolios for scale work: deterministic for a seed, shaped like a real estate
//! (systems of frontends, services and data stores per business domain, shared hub services,
//! a legacy core that never moves, a few cycles), about five dependencies per app.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{App, Criticality, Dep, Hosting, Kind, Portfolio, State, Strategy, Via};

const DOMAINS: [&str; 16] = [
    "orders",
    "billing",
    "catalog",
    "customer",
    "payments",
    "inventory",
    "shipping",
    "finance",
    "hr",
    "analytics",
    "identity",
    "marketing",
    "support",
    "risk",
    "claims",
    "pricing",
];

const TEAMS: [&str; 12] = [
    "web",
    "platform",
    "data",
    "core",
    "channels",
    "backoffice",
    "integration",
    "mobile",
    "finance-it",
    "ops",
    "security",
    "analytics",
];

/// Roles an app plays inside its system; decides kind, state and typical dependencies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Frontend,
    Gateway,
    Service,
    Batch,
    Database,
    Cache,
    Queue,
    Storage,
}

impl Role {
    fn kind(self) -> Kind {
        match self {
            Role::Frontend => Kind::Frontend,
            Role::Gateway => Kind::Gateway,
            Role::Service => Kind::Service,
            Role::Batch => Kind::Batch,
            Role::Database => Kind::Database,
            Role::Cache => Kind::Cache,
            Role::Queue => Kind::Queue,
            Role::Storage => Kind::Storage,
        }
    }

    fn short(self) -> &'static str {
        match self {
            Role::Frontend => "web",
            Role::Gateway => "gw",
            Role::Service => "svc",
            Role::Batch => "batch",
            Role::Database => "db",
            Role::Cache => "cache",
            Role::Queue => "mq",
            Role::Storage => "files",
        }
    }
}

/// The most apps `generate` is asked for: the largest scale target, a file (about 400 MB) under
/// the size the loader reads.
pub const MAX_APPS: usize = 1_000_000;

/// The shape of a synthetic portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shape {
    /// Systems of frontends, services and stores per business domain, with shared hubs.
    #[default]
    Estate,
    /// The estate, plus one cycle group of thousands of apps (services that end up calling
    /// each other across systems) and three hubs that two thirds of all apps need.
    Tangled,
}

/// A synthetic portfolio of the given shape; the same seed gives the same portfolio.
pub fn generate_shaped(apps: usize, seed: u64, shape: Shape) -> Portfolio {
    if shape == Shape::Estate || apps < 20 {
        return generate(apps, seed);
    }
    let mut p = generate(apps - 3, seed);
    tangle(&mut p, seed);
    p
}

/// Add a large cycle group and three hubs that two thirds of the apps need.
fn tangle(p: &mut Portfolio, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7a6e_91c3);
    let n = p.apps.len();
    // The cycle: movable services from all over the estate, each calling the next, the last
    // the first.
    let services: Vec<usize> = (5..n)
        .filter(|&i| p.apps[i].kind == Kind::Service && p.apps[i].is_movable())
        .collect();
    let size = (n / 3).clamp(2, 5000).min(services.len());
    let mut ring: Vec<usize> = Vec::with_capacity(size);
    let step = (services.len() / size.max(1)).max(1);
    for k in 0..size {
        ring.push(services[(k * step + rng.random_range(0..step)).min(services.len() - 1)]);
    }
    ring.dedup();
    for k in 0..ring.len() {
        let (from, to) = (ring[k], ring[(k + 1) % ring.len()]);
        if from != to {
            let id = p.apps[to].id.clone();
            if !p.apps[from]
                .depends_on
                .iter()
                .any(|d| d.to == id && d.via == Via::Http)
            {
                p.apps[from].depends_on.push(Dep::new(id, Via::Http));
            }
        }
    }
    // Three hubs most of the estate needs.
    for (name, via) in [
        ("audit-trail", Via::Queue),
        ("feature-flags", Via::Http),
        ("secrets-vault", Via::Http),
    ] {
        let mut hub = App::new(name);
        hub.name = Some(format!("Shared {}", name.replace('-', " ")));
        hub.owner = Some("platform-team".to_string());
        hub.criticality = Criticality::High;
        let hub_id = hub.id.clone();
        for app in p.apps.iter_mut() {
            if rng.random_bool(2.0 / 3.0) {
                app.depends_on.push(Dep::new(hub_id.clone(), via));
            }
        }
        p.apps.push(hub);
    }
    p.name = format!(
        "Synthetic tangled estate ({} apps, seed {seed})",
        crate::number::thousands(p.apps.len() as u64)
    );
}

/// A synthetic portfolio of `apps` applications; the same seed gives the same portfolio.
/// Memory grows with `apps`: callers keep it to `MAX_APPS`.
pub fn generate(apps: usize, seed: u64) -> Portfolio {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut roles: Vec<Role> = Vec::with_capacity(apps);
    let mut system_of: Vec<usize> = Vec::with_capacity(apps);
    let mut systems: Vec<Vec<usize>> = Vec::new();

    // Hubs shared by everyone: identity, config, logging, an enterprise bus, a shared database.
    let hub_roles = [
        Role::Service,
        Role::Service,
        Role::Service,
        Role::Queue,
        Role::Database,
    ];
    let hubs = hub_roles.len().min(apps);
    systems.push(Vec::new());
    for &role in hub_roles.iter().take(hubs) {
        system_of.push(0);
        systems[0].push(roles.len());
        roles.push(role);
    }
    // Then systems of 6 to 16 apps each.
    while roles.len() < apps {
        let s = systems.len();
        systems.push(Vec::new());
        let size = rng.random_range(6..=16).min(apps - roles.len());
        for k in 0..size {
            let role = match k {
                0 => Role::Database,
                1 if rng.random_bool(0.7) => Role::Frontend,
                _ => match rng.random_range(0..100) {
                    0..58 => Role::Service,
                    58..66 => Role::Batch,
                    66..76 => Role::Database,
                    76..84 => Role::Cache,
                    84..89 => Role::Queue,
                    89..94 => Role::Storage,
                    94..97 => Role::Gateway,
                    _ => Role::Frontend,
                },
            };
            system_of.push(s);
            systems[s].push(roles.len());
            roles.push(role);
        }
    }

    let mut out: Vec<App> = Vec::with_capacity(apps);
    for (i, &role) in roles.iter().enumerate() {
        let s = system_of[i];
        let domain = if s == 0 {
            "shared"
        } else {
            DOMAINS[(s - 1) % DOMAINS.len()]
        };
        let id = if s == 0 {
            [
                "identity",
                "config",
                "logging",
                "enterprise-bus",
                "shared-db",
            ][i]
                .to_string()
        } else {
            format!("{domain}-{}-{i:05}", role.short())
        };
        let mut app = App::new(id);
        app.name = Some(format!("{} {} {}", capitalise(domain), role.short(), i));
        app.kind = role.kind();
        app.state = match role {
            Role::Database => State::Database,
            Role::Cache => State::Cache,
            Role::Queue => State::Queue,
            Role::Storage => State::Files,
            Role::Service if rng.random_bool(0.08) => State::Session,
            Role::Batch if rng.random_bool(0.3) => State::Files,
            _ => State::Stateless,
        };
        if matches!(role, Role::Database | Role::Storage) {
            // log-uniform from 1 GB to 10 TB
            app.data_gb = 10f64.powf(rng.random_range(0.0..4.0)).round();
        } else if role == Role::Queue {
            app.data_gb = rng.random_range(1..50) as f64;
        }
        if rng.random_bool(0.9) {
            app.owner = Some(format!("{}-team", TEAMS[rng.random_range(0..TEAMS.len())]));
        }
        app.criticality = match rng.random_range(0..100) {
            0..25 => Criticality::Low,
            25..70 => Criticality::Medium,
            70..92 => Criticality::High,
            _ => Criticality::Critical,
        };
        app.legacy = rng.random_bool(0.12);
        app.hosting = match rng.random_range(0..100) {
            0..62 => Hosting::Vm,
            62..74 => Hosting::BareMetal,
            74..84 => Hosting::Container,
            84..92 => Hosting::Paas,
            92..97 => Hosting::Saas,
            _ => Hosting::Mainframe,
        };
        app.strategy = match rng.random_range(0..100) {
            0..22 => Strategy::Rehost,
            22..62 => Strategy::Replatform,
            62..80 => Strategy::Refactor,
            80..86 => Strategy::Repurchase,
            86..94 => Strategy::Relocate,
            94..97 => Strategy::Retain,
            _ => Strategy::Retire,
        };
        if app.hosting == Hosting::Mainframe {
            app.legacy = true;
        }
        if s == 0 {
            app.hosting = Hosting::Vm;
            app.strategy = Strategy::Replatform;
            app.legacy = false;
            app.owner = Some("platform-team".to_string());
            app.criticality = Criticality::Critical;
        }
        for (tag, p) in [
            ("pci", 0.05),
            ("gdpr", 0.08),
            ("sox", 0.03),
            ("hipaa", 0.01),
        ] {
            if rng.random_bool(p) {
                app.tags.push(tag.to_string());
            }
        }
        if role == Role::Frontend && rng.random_bool(0.5) {
            app.tags.push("customer-facing".to_string());
        }
        out.push(app);
    }

    // Dependencies. Layers keep most edges pointing "down" (frontend -> service -> data store);
    // a few systems get a back edge that closes a cycle.
    let pick = |rng: &mut ChaCha8Rng, list: &[usize]| list[rng.random_range(0..list.len())];
    for i in 0..apps {
        let s = system_of[i];
        if s == 0 {
            continue;
        }
        let members = &systems[s];
        let of_role = |want: &[Role]| -> Vec<usize> {
            members
                .iter()
                .copied()
                .filter(|&m| m != i && want.contains(&roles[m]))
                .collect()
        };
        let data = of_role(&[Role::Database, Role::Cache, Role::Storage]);
        let queues = of_role(&[Role::Queue]);
        let services = of_role(&[Role::Service]);
        let mut deps: Vec<(usize, Via)> = Vec::new();
        match roles[i] {
            Role::Frontend | Role::Gateway => {
                for _ in 0..rng.random_range(2..=4) {
                    if !services.is_empty() {
                        let via = if rng.random_bool(0.8) {
                            Via::Http
                        } else {
                            Via::Grpc
                        };
                        deps.push((pick(&mut rng, &services), via));
                    }
                }
                if rng.random_bool(0.3) && !data.is_empty() {
                    deps.push((pick(&mut rng, &data), Via::Database));
                }
            }
            Role::Service | Role::Batch => {
                if !data.is_empty() {
                    let via = if roles[i] == Role::Batch && rng.random_bool(0.5) {
                        Via::File
                    } else {
                        Via::Database
                    };
                    deps.push((pick(&mut rng, &data), via));
                    if rng.random_bool(0.4) {
                        deps.push((pick(&mut rng, &data), Via::Database));
                    }
                }
                // calls to services later in the system: keeps the system acyclic
                let later: Vec<usize> = services.iter().copied().filter(|&m| m > i).collect();
                for _ in 0..rng.random_range(1..=3) {
                    if !later.is_empty() {
                        let via = match rng.random_range(0..10) {
                            0..6 => Via::Http,
                            6..8 => Via::Grpc,
                            _ => Via::Rpc,
                        };
                        deps.push((pick(&mut rng, &later), via));
                    }
                }
                if !queues.is_empty() && rng.random_bool(0.6) {
                    deps.push((pick(&mut rng, &queues), Via::Queue));
                }
            }
            Role::Database | Role::Cache | Role::Queue | Role::Storage => {}
        }
        if matches!(
            roles[i],
            Role::Service | Role::Batch | Role::Frontend | Role::Gateway
        ) {
            // the shared hubs
            if hubs >= 5 {
                deps.push((0, Via::Http)); // identity
                if rng.random_bool(0.7) {
                    deps.push((1, Via::Http)); // config
                }
                if rng.random_bool(0.3) {
                    deps.push((2, Via::Queue)); // logging
                }
                if rng.random_bool(0.15) {
                    deps.push((3, Via::Queue)); // enterprise bus
                }
                if rng.random_bool(0.03) {
                    deps.push((4, Via::Database)); // the shared database everybody reads
                }
            }
            // calls into other systems
            for _ in 0..rng.random_range(1..=3) {
                // only into systems defined earlier, so that systems do not form cycles
                if s <= 1 {
                    break;
                }
                let other = rng.random_range(1..s);
                {
                    let svc: Vec<usize> = systems[other]
                        .iter()
                        .copied()
                        .filter(|&m| matches!(roles[m], Role::Service | Role::Gateway))
                        .collect();
                    if !svc.is_empty() {
                        let via = match rng.random_range(0..10) {
                            0..5 => Via::Http,
                            5..7 => Via::Queue,
                            7..8 => Via::Rpc,
                            8..9 => Via::File,
                            _ => Via::Grpc,
                        };
                        deps.push((pick(&mut rng, &svc), via));
                    }
                }
            }
        }
        // one system in twenty gets a cycle: a later service calls back
        if roles[i] == Role::Service && s % 40 == 7 {
            let earlier: Vec<usize> = services.iter().copied().filter(|&m| m < i).collect();
            if !earlier.is_empty() && rng.random_bool(0.3) {
                deps.push((pick(&mut rng, &earlier), Via::Http));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (to, via) in deps {
            if to != i && seen.insert((to, via)) {
                let to = out[to].id.clone();
                out[i].depends_on.push(Dep::new(to, via));
            }
        }
    }
    Portfolio {
        name: format!(
            "Synthetic estate ({} apps, seed {seed})",
            crate::number::thousands(apps as u64)
        ),
        apps: out,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::DependencyGraph;
    use crate::model::validate::validate_portfolio;

    #[test]
    fn deterministic_and_valid() {
        let a = generate(2000, 1);
        assert_eq!(a, generate(2000, 1));
        assert_ne!(a, generate(2000, 2));
        assert_eq!(a.apps.len(), 2000);
        assert!(validate_portfolio(&a).is_empty());
        let g = DependencyGraph::build(&a);
        let per_app = g.edge_count() as f64 / 2000.0;
        assert!((4.0..6.0).contains(&per_app), "{per_app} edges per app");
        assert!(!g.cycle_groups().is_empty());
        assert!(g.never_moving().count() > 50);
        assert!(g.fan_in(0) > 500, "identity is a hub");
    }

    #[test]
    fn a_portfolio_is_named_with_its_own_count_and_shape() {
        let p = generate_shaped(2000, 3, Shape::Tangled);
        assert_eq!(p.apps.len(), 2000);
        assert_eq!(p.name, "Synthetic tangled estate (2,000 apps, seed 3)");
        let p = generate_shaped(2000, 3, Shape::Estate);
        assert_eq!(p.name, "Synthetic estate (2,000 apps, seed 3)");
    }

    #[test]
    fn tiny_sizes() {
        for n in 0..8 {
            let p = generate(n, 3);
            assert_eq!(p.apps.len(), n);
            assert!(
                validate_portfolio(&p)
                    .iter()
                    .all(|p| p.severity != crate::diagnostic::Severity::Error)
            );
        }
    }
}

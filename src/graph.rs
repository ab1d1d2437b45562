//! The dependency graph of a portfolio: apps as nodes, `depends_on` edges from dependent to
//! dependency, cycle groups (strongly connected components), fan-in and fan-out.

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{Portfolio, Via};

/// Index of an app in `Portfolio::apps`.
pub type AppIx = usize;

/// Apps that call each other, directly or through others: they should move together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleGroup {
    /// Members, sorted by id.
    pub members: Vec<AppIx>,
}

/// A dependency edge, from the app that needs to the app it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: AppIx,
    pub to: AppIx,
    pub via: Via,
    /// The two apps cannot work apart across the hybrid link (see `Dep::is_hard`).
    pub hard: bool,
}

/// The graph of a valid portfolio, with the lookups the analysis needs.
#[derive(Debug, Clone)]
pub struct DependencyGraph {
    /// Node `i` is app `i`, edge `k` is `edges[k]`: the weights would repeat them.
    graph: DiGraph<(), (), u32>,
    index: HashMap<CompactString, AppIx>,
    edges: Vec<Edge>,
    /// Edge numbers (into `edges`) leaving each app, then entering each app (CSR layout).
    out_start: Vec<u32>,
    out_edges: Vec<u32>,
    in_start: Vec<u32>,
    in_edges: Vec<u32>,
    groups: Vec<CycleGroup>,
    group_of: Vec<Option<u32>>,
    /// Movable apps joined by hard dependencies or in one cycle group (two or more each),
    /// sorted by id, and the move group of each app.
    move_groups: Vec<Vec<AppIx>>,
    move_group_of: Vec<Option<u32>>,
    movable: Vec<bool>,
    /// How many apps are movable (the header counts them in every frame).
    movable_count: usize,
    /// Position of each app when all are sorted by id: ties broken by id without comparing
    /// strings.
    id_order: Vec<u32>,
    /// Built for a summary (`build_summary`): no id index, id order or move groups.
    summary: bool,
}

/// The app each dependency of a portfolio names, dependency by dependency in the order of the
/// apps and of their `depends_on` (an id given to two apps names the first): what validation
/// finds while it checks the ids, so that the graph does not look them up a second time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets(Vec<u32>);

impl Targets {
    const UNKNOWN: u32 = u32::MAX;

    pub fn with_capacity(dependencies: usize) -> Targets {
        Targets(Vec::with_capacity(dependencies))
    }

    /// The next dependency names `app` (`None`: no app has that id).
    pub fn push(&mut self, app: Option<usize>) {
        self.0.push(app.map_or(Self::UNKNOWN, |a| a as u32));
    }

    /// Whether these can be the targets of `portfolio`: one for each of its dependencies.
    fn fit(&self, portfolio: &Portfolio) -> bool {
        let deps: usize = portfolio.apps.iter().map(|a| a.depends_on.len()).sum();
        self.0.len() == deps
    }

    /// Look every dependency of `portfolio` up.
    pub fn resolve(portfolio: &Portfolio) -> Targets {
        let mut index: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(portfolio.apps.len(), Default::default());
        for (i, app) in portfolio.apps.iter().enumerate() {
            index.entry(app.id.as_str()).or_insert(i);
        }
        let mut targets =
            Targets::with_capacity(portfolio.apps.iter().map(|a| a.depends_on.len()).sum());
        for app in &portfolio.apps {
            for dep in &app.depends_on {
                targets.push(index.get(dep.to.as_str()).copied());
            }
        }
        targets
    }
}

impl DependencyGraph {
    /// Build the graph. Unknown targets, self-dependencies and duplicate edges (problems the
    /// validation reports) are left out.
    pub fn build(portfolio: &Portfolio) -> DependencyGraph {
        Self::build_resolved(portfolio, &Targets::resolve(portfolio))
    }

    /// Build the graph from the targets validation found (`validate_portfolio_resolving`).
    /// Targets of another portfolio (a different number of dependencies) are looked up again.
    pub fn build_resolved(portfolio: &Portfolio, targets: &Targets) -> DependencyGraph {
        if !targets.fit(portfolio) {
            return Self::build(portfolio);
        }
        let n = portfolio.apps.len();
        std::thread::scope(|scope| {
            // Position of every app in id order and the index of the ids, on a second thread
            // while the edges are read.
            let id_order = scope.spawn(|| {
                // Sorted by the first 16 bytes as a number, then by the whole id: most
                // comparisons stay in the array instead of reaching for two strings elsewhere.
                let mut by_id: Vec<(u128, &str, u32)> = portfolio
                    .apps
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (id_prefix(&a.id), a.id.as_str(), i as u32))
                    .collect();
                by_id.sort_unstable();
                let mut id_order = vec![0u32; n];
                // The index of `find` (an id given twice names the first app that has it: ties
                // are sorted by position).
                let mut index: HashMap<CompactString, AppIx> =
                    HashMap::with_capacity_and_hasher(n, Default::default());
                for (pos, &(_, id, a)) in by_id.iter().enumerate() {
                    id_order[a as usize] = pos as u32;
                    index.entry(CompactString::from(id)).or_insert(a as usize);
                }
                (id_order, index)
            });
            let mut built = Self::build_edges(portfolio, targets, false);
            // (A panic there is a bug: it goes on here, as it would have on one thread.)
            (built.id_order, built.index) = id_order
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            built.finish(portfolio)
        })
    }

    /// The edges and the petgraph graph of `portfolio`, and each app's edge lists unless it is
    /// built for a `summary`; the rest is filled by `finish` or `build_summary`.
    fn build_edges(portfolio: &Portfolio, targets: &Targets, summary: bool) -> DependencyGraph {
        let n = portfolio.apps.len();
        let mut graph = DiGraph::<(), (), u32>::with_capacity(n, targets.0.len());
        for _ in 0..n {
            graph.add_node(());
        }
        let mut edges = Vec::with_capacity(targets.0.len());
        let mut target = targets.0.iter();
        for (i, app) in portfolio.apps.iter().enumerate() {
            let first = edges.len();
            for dep in &app.depends_on {
                let j = match target.next() {
                    Some(&j) if j != Targets::UNKNOWN => j as usize,
                    _ => continue,
                };
                if j == i
                    || edges[first..]
                        .iter()
                        .any(|e: &Edge| e.to == j && e.via == dep.via)
                {
                    continue;
                }
                edges.push(Edge {
                    from: i,
                    to: j,
                    via: dep.via,
                    hard: dep.is_hard(),
                });
                graph.add_edge(NodeIndex::new(i), NodeIndex::new(j), ());
            }
        }
        let ((out_start, out_edges), (in_start, in_edges)) = if summary {
            Default::default()
        } else {
            (
                csr(n, edges.iter().map(|e| e.from)),
                csr(n, edges.iter().map(|e| e.to)),
            )
        };
        DependencyGraph {
            graph,
            index: HashMap::default(),
            edges,
            out_start,
            out_edges,
            in_start,
            in_edges,
            groups: Vec::new(),
            group_of: Vec::new(),
            move_groups: Vec::new(),
            move_group_of: Vec::new(),
            movable: Vec::new(),
            movable_count: 0,
            id_order: Vec::new(),
            summary,
        }
    }

    /// The graph a summary needs (`check` without a plan): the edges, cycle groups (sorted by
    /// id) and movable apps, without the id index, the id order and the move groups, which cost
    /// a sort and a copy of every id, nor each app's edge lists. `find`, `id_order`,
    /// `move_groups`, `move_group_of` and the edge lists (`outgoing`, `incoming`, the fans,
    /// `edge_between`) belong to the full graph (`build_resolved`): they panic on this one.
    pub fn build_summary(portfolio: &Portfolio, targets: &Targets) -> DependencyGraph {
        if !targets.fit(portfolio) {
            return Self::build_summary(portfolio, &Targets::resolve(portfolio));
        }
        let mut built = Self::build_edges(portfolio, targets, true);
        let by_id = |a: &AppIx, b: &AppIx| portfolio.apps[*a].id.cmp(&portfolio.apps[*b].id);
        built.find_groups(portfolio, by_id);
        built
    }

    /// The cycle groups and move groups, once the edges and `id_order` are known.
    fn finish(mut self, portfolio: &Portfolio) -> DependencyGraph {
        let id_order = std::mem::take(&mut self.id_order);
        self.find_groups(portfolio, |a, b| id_order[*a].cmp(&id_order[*b]));
        let (move_groups, move_group_of) =
            move_groups(&self.groups, &self.edges, &self.movable, &id_order);
        self.move_groups = move_groups;
        self.move_group_of = move_group_of;
        self.id_order = id_order;
        self
    }

    /// The cycle groups (petgraph's strongly connected components of two apps or more), members
    /// and groups in id order as `by_id` compares apps, and the movable apps.
    fn find_groups(
        &mut self,
        portfolio: &Portfolio,
        by_id: impl Fn(&AppIx, &AppIx) -> std::cmp::Ordering,
    ) {
        let n = portfolio.apps.len();
        let graph = &self.graph;
        let mut groups: Vec<CycleGroup> = petgraph::algo::kosaraju_scc(graph)
            .into_iter()
            .filter(|scc| scc.len() > 1)
            .map(|scc| {
                let mut members: Vec<AppIx> = scc.into_iter().map(|n| n.index()).collect();
                members.sort_unstable_by(&by_id);
                CycleGroup { members }
            })
            .collect();
        groups.sort_unstable_by(|x, y| by_id(&x.members[0], &y.members[0]));
        let mut group_of = vec![None; n];
        for (g, group) in groups.iter().enumerate() {
            for &m in &group.members {
                group_of[m] = Some(g as u32);
            }
        }
        self.groups = groups;
        self.group_of = group_of;
        self.movable = portfolio.apps.iter().map(|a| a.is_movable()).collect();
        self.movable_count = self.movable.iter().filter(|&&m| m).count();
    }

    /// The petgraph graph: node `i` is app `i`, edge `k` is `edges()[k]`.
    pub fn petgraph(&self) -> &DiGraph<(), (), u32> {
        &self.graph
    }

    pub fn app_count(&self) -> usize {
        self.movable.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The app with this id.
    pub fn find(&self, id: &str) -> Option<AppIx> {
        self.full("find");
        self.index.get(id).copied()
    }

    /// Numbers (into `edges()`) of the edges leaving `app`.
    pub fn outgoing_ids(&self, app: AppIx) -> &[u32] {
        &self.out_edges[self.out_start[app] as usize..self.out_start[app + 1] as usize]
    }

    /// Numbers (into `edges()`) of the edges entering `app`.
    pub fn incoming_ids(&self, app: AppIx) -> &[u32] {
        &self.in_edges[self.in_start[app] as usize..self.in_start[app + 1] as usize]
    }

    /// The edge from `from` to `to`, a hard one first when there are several (one per `via`).
    pub fn edge_between(&self, from: AppIx, to: AppIx) -> Option<&Edge> {
        let mut found = None;
        for e in self.outgoing(from).filter(|e| e.to == to) {
            if e.hard {
                return Some(e);
            }
            found = found.or(Some(e));
        }
        found
    }

    /// Edges leaving `app`: what it needs.
    pub fn outgoing(&self, app: AppIx) -> impl ExactSizeIterator<Item = &Edge> + '_ {
        let r = self.out_start[app] as usize..self.out_start[app + 1] as usize;
        self.out_edges[r].iter().map(|&e| &self.edges[e as usize])
    }

    /// Edges entering `app`: who needs it.
    pub fn incoming(&self, app: AppIx) -> impl ExactSizeIterator<Item = &Edge> + '_ {
        let r = self.in_start[app] as usize..self.in_start[app + 1] as usize;
        self.in_edges[r].iter().map(|&e| &self.edges[e as usize])
    }

    /// Number of apps that need `app`.
    pub fn fan_in(&self, app: AppIx) -> usize {
        (self.in_start[app + 1] - self.in_start[app]) as usize
    }

    /// Number of apps `app` needs.
    pub fn fan_out(&self, app: AppIx) -> usize {
        (self.out_start[app + 1] - self.out_start[app]) as usize
    }

    /// Cycle groups of two or more apps, sorted by their first member's id.
    pub fn cycle_groups(&self) -> &[CycleGroup] {
        &self.groups
    }

    /// The cycle group `app` belongs to, if any.
    pub fn group_of(&self, app: AppIx) -> Option<usize> {
        self.group_of[app].map(|g| g as usize)
    }

    /// Move groups: movable apps that should move in one wave, joined by hard dependencies or
    /// in one cycle group (a store shared by several apps joins the group of its users).
    /// Members sorted by id; groups sorted by their first member's id.
    pub fn move_groups(&self) -> &[Vec<AppIx>] {
        self.full("move_groups");
        &self.move_groups
    }

    /// The move group `app` belongs to, if any (apps that never move are in none).
    pub fn move_group_of(&self, app: AppIx) -> Option<usize> {
        self.full("move_group_of");
        self.move_group_of[app].map(|g| g as usize)
    }

    /// Whether `app` can ever move (not Retain, Retire or on a mainframe).
    pub fn is_movable(&self, app: AppIx) -> bool {
        self.movable[app]
    }

    /// Apps that never move, in file order.
    pub fn never_moving(&self) -> impl Iterator<Item = AppIx> + '_ {
        (0..self.movable.len()).filter(|&a| !self.movable[a])
    }

    /// The rank of `app` in id order (compare ids without comparing strings).
    pub fn id_order(&self, app: AppIx) -> u32 {
        self.full("id_order");
        self.id_order[app]
    }

    /// A graph built for a summary has no id index, id order or move groups: asking for them
    /// is a bug, never a wrong answer.
    fn full(&self, what: &str) {
        assert!(
            !self.summary,
            "DependencyGraph::{what} on a graph built for a summary (build_summary)"
        );
    }

    /// Number of apps that can move.
    pub fn movable_count(&self) -> usize {
        self.movable_count
    }
}

/// Move groups from the cycle groups and the hard edges between movable apps (union-find).
fn move_groups(
    cycles: &[CycleGroup],
    edges: &[Edge],
    movable: &[bool],
    id_order: &[u32],
) -> (Vec<Vec<AppIx>>, Vec<Option<u32>>) {
    let n = movable.len();
    let mut uf = UnionFind::new(n);
    for g in cycles {
        let mut members = g.members.iter().copied().filter(|&m| movable[m]);
        if let Some(first) = members.next() {
            for m in members {
                uf.union(first, m);
            }
        }
    }
    for e in edges {
        if e.hard && movable[e.from] && movable[e.to] {
            uf.union(e.from, e.to);
        }
    }
    let mut size = vec![0u32; n];
    for (a, _) in movable.iter().enumerate().filter(|&(_, &m)| m) {
        let r = uf.find(a);
        size[r] += 1;
    }
    let mut index = vec![u32::MAX; n];
    let mut groups: Vec<Vec<AppIx>> = Vec::new();
    for (a, _) in movable.iter().enumerate().filter(|&(_, &m)| m) {
        let r = uf.find(a);
        if size[r] < 2 {
            continue;
        }
        if index[r] == u32::MAX {
            index[r] = groups.len() as u32;
            groups.push(Vec::new());
        }
        groups[index[r] as usize].push(a);
    }
    for g in &mut groups {
        g.sort_unstable_by_key(|&a| id_order[a]);
    }
    groups.sort_unstable_by_key(|g| id_order[g[0]]);
    let mut group_of = vec![None; n];
    for (i, g) in groups.iter().enumerate() {
        for &a in g {
            group_of[a] = Some(i as u32);
        }
    }
    (groups, group_of)
}

/// The first 16 bytes of `id` as a big-endian number, zero-padded: ordering these numbers
/// orders the ids (bytes compared in order, a shorter id before its extensions) except for ties,
/// which the whole ids decide.
fn id_prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let take = id.len().min(16);
    bytes[..take].copy_from_slice(&id.as_bytes()[..take]);
    u128::from_be_bytes(bytes)
}

/// Union-find over apps; the smaller index is a set's root, so results are deterministic.
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// The root of `a`'s set.
    pub fn find(&mut self, mut a: usize) -> usize {
        while self.parent[a] as usize != a {
            let p = self.parent[a] as usize;
            self.parent[a] = self.parent[p];
            a = p;
        }
        a
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb) as u32;
        }
    }
}

/// Compressed adjacency: for each node, the numbers of its edges, in edge order.
fn csr(n: usize, ends: impl Iterator<Item = AppIx> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for a in ends.clone() {
        start[a + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0u32; start[n] as usize];
    for (e, a) in ends.enumerate() {
        list[fill[a] as usize] = e as u32;
        fill[a] += 1;
    }
    (start, list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{App, Dep, Strategy};

    fn portfolio(spec: &[(&str, &[&str])]) -> Portfolio {
        Portfolio {
            name: "t".into(),
            apps: spec
                .iter()
                .map(|(id, deps)| {
                    let mut a = App::new(*id);
                    a.depends_on = deps.iter().map(|t| Dep::new(*t, Via::Http)).collect();
                    a
                })
                .collect(),
        }
    }

    #[test]
    fn edges_fans_and_groups() {
        let mut p = portfolio(&[
            ("web", &["api", "api", "missing", "web"]),
            ("api", &["db", "billing"]),
            ("billing", &["crm"]),
            ("crm", &["billing", "api"]),
            ("db", &[]),
        ]);
        p.apps[4].strategy = Strategy::Retain;
        let g = DependencyGraph::build(&p);
        assert_eq!(g.edge_count(), 6);
        assert_eq!(g.fan_out(0), 1);
        assert_eq!(g.fan_in(1), 2);
        assert_eq!(
            g.incoming(1).map(|e| e.from).collect::<Vec<_>>(),
            vec![0, 3]
        );
        assert_eq!(g.cycle_groups().len(), 1);
        assert_eq!(g.cycle_groups()[0].members, vec![1, 2, 3]); // api, billing, crm
        assert_eq!(g.group_of(2), Some(0));
        assert_eq!(g.group_of(0), None);
        assert_eq!(g.never_moving().collect::<Vec<_>>(), vec![4]);
        assert_eq!(g.movable_count(), 4);
        assert_eq!(g.find("crm"), Some(3));
        assert_eq!(g.petgraph().edge_count(), 6);
    }

    #[test]
    fn the_targets_validation_found_give_the_same_graph() {
        // Unknown targets, a self-dependency, a duplicate edge and an id given twice.
        let p = portfolio(&[
            ("web", &["api", "api", "missing", "web"]),
            ("api", &["db", "billing", "web"]),
            ("billing", &["crm", "api"]),
            ("crm", &["billing", "nowhere"]),
            ("db", &[]),
            ("api", &["crm"]),
        ]);
        let (_, targets) = crate::model::validate::validate_portfolio_resolving(&p);
        assert_eq!(targets, Targets::resolve(&p));
        let (a, b) = (
            DependencyGraph::build(&p),
            DependencyGraph::build_resolved(&p, &targets),
        );
        assert_eq!(a.edges(), b.edges());
        assert_eq!(a.edge_count(), 8);
        assert_eq!(a.cycle_groups().len(), 1);
        assert_eq!(a.cycle_groups()[0].members, b.cycle_groups()[0].members);
        assert_eq!(b.find("api"), Some(1));
        assert_eq!(b.find("missing"), None);
        // Targets of another portfolio are not trusted.
        let other = portfolio(&[("x", &["y"]), ("y", &[])]);
        assert_eq!(
            DependencyGraph::build_resolved(&other, &targets).edge_count(),
            1
        );
    }

    #[test]
    fn a_summary_graph_is_the_full_graph_without_its_id_order() {
        for shape in [
            crate::generate::Shape::Estate,
            crate::generate::Shape::Tangled,
        ] {
            let p = crate::generate::generate_shaped(3_000, 7, shape);
            let targets = Targets::resolve(&p);
            let (full, summary) = (
                DependencyGraph::build_resolved(&p, &targets),
                DependencyGraph::build_summary(&p, &targets),
            );
            assert_eq!(full.edges(), summary.edges());
            assert!(
                !full.cycle_groups().is_empty(),
                "{shape:?} has cycle groups"
            );
            assert_eq!(
                full.cycle_groups()
                    .iter()
                    .map(|g| &g.members)
                    .collect::<Vec<_>>(),
                summary
                    .cycle_groups()
                    .iter()
                    .map(|g| &g.members)
                    .collect::<Vec<_>>(),
                "the same groups, members and groups in id order"
            );
            assert_eq!(full.movable_count(), summary.movable_count());
            assert!((0..p.apps.len()).all(|a| full.group_of(a) == summary.group_of(a)));
            assert_eq!(
                full.petgraph().edge_count(),
                summary.petgraph().edge_count()
            );
        }
    }

    #[test]
    #[should_panic(expected = "built for a summary")]
    fn a_summary_graph_refuses_what_it_does_not_hold() {
        let p = portfolio(&[("web", &["api"]), ("api", &[])]);
        let _ = DependencyGraph::build_summary(&p, &Targets::resolve(&p)).find("web");
    }

    #[test]
    #[should_panic]
    fn a_summary_graph_has_no_edge_lists() {
        let p = portfolio(&[("web", &["api"]), ("api", &[])]);
        let _ = DependencyGraph::build_summary(&p, &Targets::resolve(&p)).fan_in(1);
    }

    #[test]
    fn id_order_is_the_order_of_the_ids() {
        // Ids that tie on their first 16 bytes, ids that extend others, bytes above ASCII.
        let ids = [
            "orders-svc-00006-b",
            "orders-svc-00006",
            "orders-svc-00006-a",
            "orders-svc-0000",
            "orders",
            "orders-svc-00006-a-long-tail-x",
            "orders-svc-00006-a-long-tail",
            "zz",
            "Orders",
            "9",
            "ördnung",
            "orders-svc-00005-zzzzzzzzzz",
        ];
        let spec: Vec<(&str, &[&str])> = ids.iter().map(|id| (*id, &[][..])).collect();
        let g = DependencyGraph::build(&portfolio(&spec));
        let mut sorted: Vec<usize> = (0..ids.len()).collect();
        sorted.sort_by_key(|&a| ids[a]);
        let mut by_order: Vec<usize> = (0..ids.len()).collect();
        by_order.sort_by_key(|&a| g.id_order(a));
        assert_eq!(by_order, sorted);
    }

    #[test]
    fn long_chains_do_not_overflow_the_stack() {
        // 200,000 apps, each needing the next, and the last needing the first: one huge group.
        let n = 200_000;
        let apps = (0..n)
            .map(|i| {
                let mut a = App::new(format!("a{i}"));
                a.depends_on = vec![Dep::new(format!("a{}", (i + 1) % n), Via::Http)];
                a
            })
            .collect();
        let g = DependencyGraph::build(&Portfolio {
            name: "chain".into(),
            apps,
        });
        assert_eq!(g.cycle_groups().len(), 1);
        assert_eq!(g.cycle_groups()[0].members.len(), n);
    }
}

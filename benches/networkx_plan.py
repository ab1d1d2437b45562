# The baseline that `waveplan plan` is measured against (benches/planner_vs_networkx.sh):
# what an architect would otherwise do in a notebook with networkx. Read the portfolio,
# build a graph of apps and their dependencies, take its strongly connected components,
# order them dependencies first by topological generations, and cut each generation into
# waves of at most 10 apps (a component bigger than that gets a wave of its own). Apps that
# never move (strategy Retain or Retire, hosting Mainframe) stay out of the waves.
#
# Usage: python3 benches/networkx_plan.py PORTFOLIO.ron PLAN.ron   (needs `pip install networkx`)
# PORTFOLIO as `waveplan generate` writes it: compact RON, one app per line.

import json
import re
import sys

import networkx as nx

MAX_APPS = 10
ID = re.compile(r'^\s*\(id: "([^"]*)"')
STRATEGY = re.compile(r"\bstrategy: (\w+)")
HOSTING = re.compile(r"\bhosting: (\w+)")
DEP = re.compile(r'\(to: "([^"]*)"')


def load(path):
    """Apps in file order, which of them move, and (needed, needed_by) edges."""
    apps, movable, edges = [], set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ID.match(line)
            if not m:
                continue
            app = m.group(1)
            apps.append(app)
            strategy = STRATEGY.search(line)
            hosting = HOSTING.search(line)
            if not (strategy and strategy.group(1) in ("Retain", "Retire")) and not (
                hosting and hosting.group(1) == "Mainframe"
            ):
                movable.add(app)
            deps_at = line.find("depends_on:")
            if deps_at >= 0:
                edges.extend((to, app) for to in DEP.findall(line, deps_at))
    return apps, movable, edges


def plan(apps, movable, edges):
    graph = nx.DiGraph()
    graph.add_nodes_from(apps)
    graph.add_edges_from(edges)  # an edge from each app to the apps that need it
    order = {app: i for i, app in enumerate(apps)}
    components = nx.condensation(graph)
    waves = []
    for generation in nx.topological_generations(components):
        wave = []
        for c in generation:
            members = sorted(
                (a for a in components.nodes[c]["members"] if a in movable),
                key=lambda a: order.get(a, len(order)),
            )
            if len(members) > MAX_APPS:
                waves.append(members)
            elif members:
                if len(wave) + len(members) > MAX_APPS:
                    waves.append(wave)
                    wave = []
                wave.extend(members)
        if wave:
            waves.append(wave)
    return waves


def write(path, waves):
    with open(path, "w", encoding="utf-8") as f:
        f.write("Plan(\n    waves: [\n")
        for wave in waves:
            f.write(f"        (apps: {json.dumps(wave)}),\n")
        f.write("    ],\n)\n")


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    waves = plan(*load(source))
    write(target, waves)
    print(f"{len(waves)} waves, {sum(map(len, waves))} apps: wrote {target}", file=sys.stderr)

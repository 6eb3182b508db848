#!/usr/bin/env python3
# The structure rules of ARCHITECTURE.md, checked on every test run:
# * no import cycle between the modules of a crate (edges from `crate::`, `super::` and `self::`
#   paths in the code, comments left out; a module declaring or re-exporting its own children is
#   not a cycle);
# * no Rust file over 600 lines without a line near its top that says why ("Over 600 lines: …").
# Prints what it checked; exits 1 on a cycle or an unexplained long file.
#
#   python3 .ci/structure.py app/domain/src app/protocol/src app/src server/src
import os
import re
import sys

LONG = 600


def modules(root):
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            parts = os.path.relpath(path, root)[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            found["::".join(parts)] = path
    return found


def resolve(mods, module, path):
    """The deepest module of `mods` that `path` (['crate', 'a', 'B'] …) names, seen from `module`."""
    head, rest = path[0], path[1:]
    if head == "crate":
        base = []
    elif head == "super":
        base = module.split("::")[:-1] if module else []
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    elif head == "self":
        base = module.split("::") if module else []
    else:
        return None
    best = "::".join(base) if "::".join(base) in mods else None
    current = list(base)
    for segment in rest:
        current.append(segment)
        if "::".join(current) in mods:
            best = "::".join(current)
        else:
            break
    return best


def edges(mods):
    out = {m: set() for m in mods}
    pattern = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)(::\{([^;]*?)\})?")
    for module, path in mods.items():
        text = re.sub(r"//[^\n]*", "", open(path, encoding="utf-8").read())
        for m in pattern.finditer(text):
            head = [m.group(1)] + m.group(2).split("::")[1:]
            targets = [head]
            if m.group(4):
                for item in re.split(r"[,{}]", m.group(4)):
                    item = item.strip().split(" as ")[0]
                    if item and item != "self":
                        targets.append(head + item.split("::"))
            for target in targets:
                to = resolve(mods, module, target)
                if to is None or to == module or to.startswith(module + "::") or module == "":
                    continue
                out[module].add(to)
    return out


def cycles(graph):
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def main(roots):
    failed = False
    for root in roots:
        mods = modules(root)
        graph = edges(mods)
        found = cycles(graph)
        print(f"{root}: {len(mods)} modules, {sum(len(e) for e in graph.values())} imports between them, "
              f"{len(found)} cycles")
        for component in found:
            failed = True
            for module in component:
                print(f"    cycle: {module} -> {sorted(x for x in graph[module] if x in component)}")
    tests = [r.replace("/src", "/tests") for r in roots]
    for root in roots + [t for t in tests if os.path.isdir(t)]:
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith(".rs"):
                    continue
                path = os.path.join(folder, name)
                lines = open(path, encoding="utf-8").read().split("\n")
                if len(lines) > LONG:
                    reason = any("Over 600 lines:" in line for line in lines[:30])
                    print(f"{path}: {len(lines)} lines — {'reason given' if reason else 'NO REASON'}")
                    failed |= not reason
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

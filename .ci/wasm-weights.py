#!/usr/bin/env python3
"""Where the bytes of a wasm module go: code per crate (or per module path) and the largest
functions, from the module's name section; data segments; a rough brotli share per group.

    python3 .ci/wasm-weights.py FILE.wasm [--depth N] [--top N] [--grep TEXT]

Build the module with names kept to get names (a debug build, or the release build before
wasm-opt: `target/wasm32-unknown-unknown/wasm-release/app.wasm` has them; after
`wasm-split-cli` the main module is `werkzaam.wasm` in the split folder). Figures only; it
changes nothing. Used to decide what to cut for issue 17's byte budget.
"""
import re
import sys
import zlib
from collections import defaultdict


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, data[i : i + size]
        i += size


def imported_functions(payload):
    count, i = leb(payload, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):
            n, i = leb(payload, i)
            i += n
        kind = payload[i]
        i += 1
        if kind == 0:
            _, i = leb(payload, i)
            funcs += 1
        elif kind == 1:
            i += 1
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 2:
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 3:
            i += 2
        elif kind == 4:
            i += 1
            _, i = leb(payload, i)
    return funcs


def function_names(payload):
    names = {}
    n, i = leb(payload, 0)
    i += n
    if payload[:n + 1][1:] != b"name":
        pass
    while i < len(payload):
        sub = payload[i]
        size, i = leb(payload, i + 1)
        end = i + size
        if sub == 1:
            count, j = leb(payload, i)
            for _ in range(count):
                idx, j = leb(payload, j)
                ln, j = leb(payload, j)
                names[idx] = payload[j : j + ln].decode("utf-8", "replace")
                j += ln
        i = end
    return names


def demangle(name):
    if name.startswith("_ZN"):
        parts, i = [], 3
        while i < len(name) and name[i].isdigit():
            j = i
            while name[j].isdigit():
                j += 1
            ln = int(name[i:j])
            parts.append(name[j : j + ln])
            i = j + ln
        name = "::".join(parts)
    return name.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace(
        "..", "::").replace("$RF$", "&").replace("$C$", ",").replace("$u7b$", "{").replace("$u7d$", "}")


def group_of(name, depth):
    v0 = re.search(r"C[sr][0-9A-Za-z]*_(\d+)([A-Za-z_][A-Za-z0-9_]*)", name) if name.startswith("_R") else None
    if v0:
        return v0.group(2)[: int(v0.group(1))]
    name = demangle(name)
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    if name.startswith("_<"):
        name = name[1:]
    # `<T as Trait>::f` belongs to T's crate; `<&T ...>` too.
    stripped = name.lstrip("<&*").replace("mut ", "").replace("dyn ", "")
    path = re.split(r"[ <>(,]", stripped, maxsplit=1)[0]
    parts = [p for p in path.split("::") if p]
    if not parts:
        return name[:40]
    return "::".join(parts[:depth])


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    depth = int(args[args.index("--depth") + 1]) if "--depth" in args else 1
    top = int(args[args.index("--top") + 1]) if "--top" in args else 25
    grep = args[args.index("--grep") + 1] if "--grep" in args else None
    data = open(args[0], "rb").read()
    imports, bodies, names, data_segments = 0, [], {}, []
    for sid, payload in sections(data):
        if sid == 2:
            imports = imported_functions(payload)
        elif sid == 10:
            count, i = leb(payload, 0)
            for _ in range(count):
                size, j = leb(payload, i)
                bodies.append(payload[j : j + size])
                i = j + size
        elif sid == 11:
            data_segments.append(payload)
        elif sid == 0:
            n, i = leb(payload, 0)
            if payload[i : i + n] == b"name":
                names = function_names(payload)
    code_total = sum(len(b) for b in bodies)
    all_code = b"".join(bodies)
    br_ratio = len(zlib.compress(all_code, 9)) / max(1, len(all_code))
    groups = defaultdict(lambda: [0, 0])
    funcs = []
    for k, body in enumerate(bodies):
        name = names.get(imports + k, f"func{imports + k}")
        g = group_of(name, depth)
        groups[g][0] += len(body)
        groups[g][1] += 1
        funcs.append((len(body), demangle(name)))
    data_total = sum(len(p) for p in data_segments)
    print(f"{args[0]}: {len(data):,} bytes; code {code_total:,} in {len(bodies):,} functions"
          f" (deflate ratio {br_ratio:.2f}); data {data_total:,}; names {'yes' if names else 'no'}")
    print(f"\ncode by {'crate' if depth == 1 else 'path of depth %d' % depth}:")
    for g, (size, count) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:top]:
        if grep and grep not in g:
            continue
        print(f"  {size:>9,}  {100 * size / code_total:5.1f} %  {count:>5} fns  {g}")
    print("\nlargest functions:")
    for size, name in sorted(funcs, reverse=True)[:top]:
        if grep and grep not in name:
            continue
        print(f"  {size:>9,}  {name[:150]}")
    if grep:
        hits = [(s, n) for s, n in funcs if grep in n]
        print(f"\nfunctions matching {grep!r}: {len(hits)}, {sum(s for s, _ in hits):,} bytes")
        for size, name in sorted(hits, reverse=True)[:top]:
            print(f"  {size:>9,}  {name[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

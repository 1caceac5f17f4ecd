#!/usr/bin/env python3
"""Import cycles between the modules of a Rust crate.

Usage: scripts/import-cycles.py [SRC_DIR ...]   (default: src crates/domain/src crates/format/src)

Every file is a module (`lib.rs` is the crate root, `a/mod.rs` is `a`). A module depends on
another when it names one of its items: `use crate::…`, `use super::…`, `use self::…`, a path
written inline (`crate::ui::fmt::count(…)`, `super::common::Kind`), or a child module named bare
in its parent (`app::App` in `ui/mod.rs`). A path stands for the deepest module it names, so
`crate::ui::route::Route` is a dependency on `ui::route`. `pub use` re-exports are not
dependencies (they are the module's public face), nor is declaring a child with `mod x;`.
Comments and string literals are skipped; inline `mod tests { … }` count as their file.

Prints every cycle (each strongly connected group of modules, with one loop through it) and
exits 1 when there is any.
"""

import os
import re
import sys
from collections import defaultdict


def strip(text):
    """The source with comments and string/char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    if text[i] == "\n":
                        out.append("\n")
                    i += 1
        elif re.match(r'(b?r#*")', text[i:i + 8]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c == '"' or (c == "b" and text.startswith('b"', i) and (i == 0 or not text[i - 1].isalnum())):
            i += 2 if c == "b" else 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                if i < n and text[i] == "\n":
                    out.append("\n")
                i += 1
            out.append('""')
            i += 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{a0}') or a lifetime ('a).
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append("' '")
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def module_of(root, path):
    rel = os.path.relpath(path, root)[:-3].split(os.sep)
    if rel[-1] in ("lib", "main", "mod"):
        rel = rel[:-1]
    return tuple(rel)


def use_paths(tree):
    """Expands a use tree (`a::{b, c::{d, e}}`) into full paths."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    out = []

    def expand(prefix, t):
        if not t:
            return
        brace = t.find("{")
        if brace < 0:
            for part in t.split(","):
                if part:
                    out.append(prefix + part)
            return
        head, body = t[:brace], t[brace + 1:-1]
        depth, start, parts = 0, 0, []
        for k, ch in enumerate(body):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(body[start:k])
                start = k + 1
        parts.append(body[start:])
        for p in parts:
            expand(prefix + head, p)

    expand("", tree)
    return [p.split("::") for p in out]


def analyse(root):
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, f) for f in names if f.endswith(".rs")]
    modules = {module_of(root, f): f for f in files}
    edges = defaultdict(set)

    def resolve(base, parts):
        """The deepest known module a path from module `base` names, or None (another crate)."""
        if not parts:
            return None
        head = parts[0]
        if head == "crate":
            cur, rest = (), parts[1:]
        elif head in ("super", "self"):
            cur, rest = base, parts
            while rest and rest[0] in ("super", "self"):
                if rest[0] == "super":
                    cur = cur[:-1]
                rest = rest[1:]
        elif base + (head,) in modules:
            cur, rest = base, parts
        else:
            return None
        best = cur
        for p in rest:
            if cur + (p,) in modules:
                cur = cur + (p,)
                best = cur
            else:
                break
        return best

    for mod, path in modules.items():
        with open(path, encoding="utf-8") as fh:
            src = strip(fh.read())
        children = {m[-1] for m in modules if m[:-1] == mod and len(m) == len(mod) + 1}
        # Inline modules (`mod tests { … }`): a path inside one is written from one level deeper
        # (its `super` is this file's module).
        inline = []
        for m in re.finditer(r"\bmod\s+\w+\s*\{", src):
            depth, k = 0, m.end() - 1
            while k < len(src):
                depth += {"{": 1, "}": -1}.get(src[k], 0)
                if depth == 0:
                    break
                k += 1
            inline.append((m.end(), k))

        def base_at(offset):
            return mod + ("<inline>",) * sum(a <= offset < b for a, b in inline)

        refs = []
        # `use` statements (not re-exports); the names they bring in, for paths through them
        # (`use crate::ui::pages;` then `pages::funnel::FunnelPage`).
        imported = {}
        for m in re.finditer(r"(^|[;{}\s])(pub(\([^)]*\))?\s+)?use\s+([^;]+);", src):
            paths = use_paths(m.group(4))
            for p in paths:
                if p[-1] not in ("*", "self"):
                    imported[p[-1]] = p
                elif p[-1] == "self":
                    imported[p[-2]] = p[:-1]
            if not m.group(2):
                refs += [(p, m.start()) for p in paths]
        body = re.sub(
            r"(^|[;{}\s])(pub(\([^)]*\))?\s+)?use\s+[^;]+;", lambda m: " " * len(m.group(0)), src
        )
        for m in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", body):
            refs.append((m.group(1).split("::"), m.start()))
        for c in children:
            for m in re.finditer(r"(?<![\w:])(%s(?:::\w+)+)" % re.escape(c), body):
                refs.append((m.group(1).split("::"), m.start()))
        for alias, full in imported.items():
            if alias in children or full[0] not in ("crate", "super", "self"):
                continue
            for m in re.finditer(r"(?<![\w:])%s((?:::\w+)+)" % re.escape(alias), body):
                refs.append((full + m.group(1).split("::")[1:], m.start()))
        for parts, offset in refs:
            target = resolve(base_at(offset), parts)
            if target is not None and target != mod and target in modules:
                edges[mod].add(target)
    return modules, edges


def cycles(nodes, edges):
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def loop_through(group, edges):
    """One loop through the first module of `group`, staying inside the group."""
    members, start = set(group), group[0]
    prev, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ())):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return group


def name(m):
    return "::".join(m) or "crate"


def main():
    roots = sys.argv[1:] or ["src", "crates/domain/src", "crates/format/src"]
    found = 0
    for root in roots:
        modules, edges = analyse(root)
        groups = cycles(modules, edges)
        n_edges = sum(len(v) for v in edges.values())
        print(f"{root}: {len(modules)} modules, {n_edges} dependencies, {len(groups)} cycles")
        for g in groups:
            found += 1
            print(f"  cycle of {len(g)} modules: {', '.join(name(m) for m in g)}")
            print(f"    e.g. {' -> '.join(name(m) for m in loop_through(g, edges))}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

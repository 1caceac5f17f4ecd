#!/usr/bin/env python3
"""Import cycles between the modules of the workspace's crates, read from the source text.

usage: scripts/use-cycles.py [crate-root-lib.rs ...]   (default: every crate of the workspace)

A module A depends on a module B when A names an item defined in B: through `use` (plain or
`pub use`) or a path in the code (`crate::x::y::f(…)`, `super::z::T`, `child::T`). A re-export
is followed to the module that defines the item, so `use crate::Money` depends on `money`, not
on the crate root that re-exports it. A parent declaring `mod child;` is not a dependency; a
parent that re-exports a child's items (`pub use child::*`) depends on it. Paths into other
crates are left out: Cargo already forbids cycles between crates.

Prints each strongly connected group of two or more modules (a cycle) with one edge of each
pair and the line that makes it, and exits 1 if there is any; prints "no cycles" and exits 0
otherwise. It reads text, not the compiler's resolution: macros' expansions and `#[path]` are
not followed, and an inline `mod tests { … }` counts as part of its file.
"""
import os
import re
import sys

ITEM = re.compile(
    r'^\s*(?:pub(?:\([^)]*\))?\s+)?(?:unsafe\s+|async\s+|const\s+)*'
    r'(?:fn|struct|enum|trait|const|static|type|union)\s+([A-Za-z_]\w*)',
    re.M,
)
MACRO = re.compile(r'^\s*macro_rules!\s*([A-Za-z_]\w*)', re.M)
MOD_DECL = re.compile(r'^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;', re.M)
USE = re.compile(r'^\s*(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);', re.M)
PATH = re.compile(r'(?<![\w:])((?:crate|super|self|[a-z_]\w*)(?:::[A-Za-z_]\w*)+)')


def strip(text):
    """Drops comments and string literals (keeps line breaks, so line numbers stay right)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append('\n' * text.count('\n', i, j))
            i = j
        elif c == '"' or (c == 'r' and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not text[i - 1].isalnum())):
            if c == 'r':
                hashes = re.match(r'r(#*)"', text[i:]).group(1)
                end = '"' + hashes
                j = text.find(end, i + 2 + len(hashes))
                j = n if j < 0 else j + len(end)
            else:
                j = i + 1
                while j < n and text[j] != '"':
                    j += 2 if text[j] == '\\' else 1
                j += 1
            out.append('""' + '\n' * text.count('\n', i, j))
            i = j
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:i + 4])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def expand(tree, keep_alias=False):
    """`a::{b, c::{d, e}}` → ['a::b', 'a::c::d', 'a::c::e'] (`self` inside braces → the prefix);
    `x as y` stays `x as y` with `keep_alias`, else becomes `x`."""
    tree = re.sub(r'\s+', '', re.sub(r'\s+as\s+', '@as@', tree.strip()))

    def go(prefix, s):
        s = s.strip()
        if not s:
            return []
        m = re.match(r'^([^{]*)\{(.*)\}$', s)
        if not m:
            path, _, alias = s.partition('@as@')
            path = prefix.rstrip(':') if path == 'self' else prefix + path
            return [f'{path} as {alias}' if keep_alias and alias else path]
        head, inner = m.group(1), m.group(2)
        parts, depth, cur = [], 0, ''
        for ch in inner:
            if ch == '{':
                depth += 1
            elif ch == '}':
                depth -= 1
            if ch == ',' and depth == 0:
                parts.append(cur)
                cur = ''
            else:
                cur += ch
        parts.append(cur)
        out = []
        for p in parts:
            out += go(prefix + head, p)
        return out

    return go('', tree)


class Module:
    def __init__(self, path, file):
        self.path = path  # tuple of names from the crate root, () for the root
        self.file = file
        raw = open(file, encoding='utf-8').read()
        self.text = strip(raw)
        self.lines = raw.split('\n')
        self.macros = set(MACRO.findall(self.text))
        self.items = set(ITEM.findall(self.text)) | self.macros
        self.children = MOD_DECL.findall(self.text)
        self.reexports = []  # (name or '*', full path tuple)
        self.uses = []  # (line number, path string)
        self.aliases = {}  # a module brought into scope by `use` (`use crate::ui::pages;`)


def load_crate(lib):
    crate_dir = os.path.dirname(lib)
    mods = {}

    def visit(path, file):
        m = Module(path, file)
        mods[path] = m
        base = os.path.dirname(file)
        own = os.path.splitext(os.path.basename(file))[0]
        folder = base if own in ('lib', 'main', 'mod') else os.path.join(base, own)
        for child in m.children:
            for cand in (os.path.join(folder, child + '.rs'), os.path.join(folder, child, 'mod.rs')):
                if os.path.exists(cand):
                    visit(path + (child,), cand)
                    break

    visit((), lib)
    del crate_dir
    return mods


def absolute(mods, here, path):
    """A path as written in module `here` → a tuple from the crate root, or None (another crate)."""
    segs = path.split('::')
    if segs[0] == 'crate':
        cur, rest = (), segs[1:]
    elif segs[0] in ('super', 'self'):
        cur = here
        while segs and segs[0] in ('super', 'self'):
            if segs[0] == 'super':
                cur = cur[:-1]
            segs = segs[1:]
        rest = segs
    elif here + (segs[0],) in mods:
        cur, rest = here, segs
    elif segs[0] in mods[here].aliases:
        cur, rest = mods[here].aliases[segs[0]], segs[1:]
    else:
        return None
    return cur + tuple(rest)


def resolve(mods, full, seen=None):
    """The module that defines what `full` names."""
    seen = seen or set()
    if full in seen:
        return None
    seen.add(full)
    k = len(full)
    while k >= 0 and full[:k] not in mods:
        k -= 1
    if k < 0:
        return None
    mod = full[:k]
    if k == len(full):
        return mod
    name = full[k]
    m = mods[mod]
    if name in m.items:
        return mod
    for rname, target in m.reexports:
        if rname == name:
            r = resolve(mods, target, seen)
            if r is not None:
                return r
        elif rname == '*':
            r = resolve(mods, target + (name,), seen)
            if r is not None and (r != target or name in mods[target].items):
                return r
    if mod == ():
        # `#[macro_export]` puts a macro at the crate root wherever it is written.
        for other in mods.values():
            if name in other.macros:
                return other.path
    return mod


def analyse(lib):
    mods = load_crate(lib)
    for m in mods.values():
        for u in USE.finditer(m.text):
            for p in expand(u.group(2), keep_alias=True):
                path, _, alias = p.partition(' as ')
                full = absolute(mods, m.path, path)
                if full in mods:
                    m.aliases[alias or full[-1]] = full
    for m in mods.values():
        for u in USE.finditer(m.text):
            line = m.text.count('\n', 0, u.start()) + 1
            for p in expand(u.group(2)):
                m.uses.append((line, p))
                if u.group(1):
                    full = absolute(mods, m.path, p)
                    if full is not None:
                        m.reexports.append((full[-1], full[:-1]) if full[-1] == '*' else (full[-1], full))
        body = USE.sub(lambda x: '\n' * x.group(0).count('\n'), m.text)
        for p in PATH.finditer(body):
            line = body.count('\n', 0, p.start()) + 1
            m.uses.append((line, p.group(1)))
    edges = {}
    for m in mods.values():
        for line, p in m.uses:
            full = absolute(mods, m.path, p.replace('::*', ''))
            if full is None:
                continue
            target = resolve(mods, full)
            if target is None or target == m.path:
                continue
            # A module naming its own descendant through its parent is not a new edge worth
            # listing separately; every edge counts the same.
            edges.setdefault(m.path, {}).setdefault(target, (line, p))
    return mods, edges


def sccs(nodes, edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            strong(v)
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    libs = sys.argv[1:] or sorted(
        [os.path.join(root, 'src', 'lib.rs')]
        + [os.path.join(root, 'crates', c, 'src', 'lib.rs') for c in os.listdir(os.path.join(root, 'crates'))]
    )
    found = 0
    for lib in libs:
        if not os.path.exists(lib):
            continue
        mods, edges = analyse(lib)
        crate = os.path.relpath(lib, root)
        n_edges = sum(len(t) for t in edges.values())
        print(f'{crate}: {len(mods)} modules, {n_edges} dependencies between them')
        for comp in sccs(list(mods), edges):
            if len(comp) < 2:
                continue
            found += 1
            names = sorted('::'.join(c) or 'crate' for c in comp)
            print(f'  cycle of {len(comp)}: {", ".join(names)}')
            members = set(comp)
            for a in sorted(comp):
                for b, (line, p) in sorted(edges.get(a, {}).items()):
                    if b in members:
                        f = os.path.relpath(mods[a].file, root)
                        print(f'    {"::".join(a) or "crate"} -> {"::".join(b) or "crate"}  ({f}:{line}: {p})')
    print('no cycles' if not found else f'{found} cycle(s)')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())

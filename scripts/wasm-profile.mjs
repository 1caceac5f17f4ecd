#!/usr/bin/env node
// A name-section size profile of a wasm module (what twiggy's `top` shows), largest first:
// every function body's bytes by its name, then the same bytes summed per crate / module path
// prefix, plus the data segments. Meant for cargo's unstripped output
// (target/split/wasm32-unknown-unknown/release/voronka.wasm), whose name section wasm-opt and
// wasm-bindgen later remove. Sizes are raw bytes of the module, not gzip.
//
//   node scripts/wasm-profile.mjs FILE.wasm [--top N] [--depth D]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const opt = (name, dflt) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : dflt;
};
if (!file) {
  console.error('usage: node scripts/wasm-profile.mjs FILE.wasm [--top N] [--depth D]');
  process.exit(2);
}
const top = opt('--top', 40);
const depth = opt('--depth', 2);
const buf = readFileSync(file);

let pos = 8;
const uleb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
};
const str = () => {
  const n = uleb();
  const s = buf.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};

let imported = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = uleb();
  const start = pos;
  const end = pos + size;
  if (id === 0) {
    const name = str();
    sections.push([`custom "${name}"`, size]);
    if (name === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const subSize = uleb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = uleb();
          for (let i = 0; i < count; i++) {
            const idx = uleb();
            names.set(idx, str());
          }
        }
        pos = subEnd;
      }
    }
  } else {
    sections.push([['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] ?? `#${id}`, size]);
  }
  if (id === 2) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      str();
      str();
      const kind = buf[pos++];
      if (kind === 0) {
        uleb();
        imported++;
      } else if (kind === 1) {
        pos++;
        const flags = uleb();
        uleb();
        if (flags & 1) uleb();
      } else if (kind === 2) {
        const flags = uleb();
        uleb();
        if (flags & 1) uleb();
      } else if (kind === 3) {
        pos += 2;
      } else {
        pos++;
        uleb();
      }
    }
  } else if (id === 10) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      const len = uleb();
      bodies.push([imported + i, len]);
      pos += len;
    }
  } else if (id === 11) {
    dataBytes = size;
  }
  pos = end;
  void start;
}

// Legacy Rust mangling (_ZN...E) to a path; v0 and plain names are kept as they are.
function demangle(name) {
  if (!name.startsWith('_ZN')) return name;
  const parts = [];
  let i = 3;
  while (i < name.length && name[i] !== 'E') {
    let n = 0;
    while (name[i] >= '0' && name[i] <= '9') n = n * 10 + Number(name[i++]);
    if (n === 0) break;
    parts.push(name.slice(i, i + n));
    i += n;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\$RF\$/g, '&')
    .replace(/\$C\$/g, ',').replace(/\$BP\$/g, '*').replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}')
    .replace(/\.\./g, '::').replace(/\$u5b\$/g, '[').replace(/\$u5d\$/g, ']');
}
// The crate and module a function belongs to: for `<T as Trait>::f`, the implementing type's.
function owner(path) {
  let p = path.startsWith('<') ? path.slice(1) : path;
  p = p.replace(/^(&|mut |dyn |\*const |\*mut )+/, '');
  return p.split(/::| as |<|>/).filter(Boolean).slice(0, depth).join('::');
}

const total = bodies.reduce((s, [, n]) => s + n, 0);
const rows = bodies.map(([idx, n]) => [n, demangle(names.get(idx) ?? `func[${idx}]`)]).sort((a, b) => b[0] - a[0]);
const pct = (n) => ((100 * n) / buf.length).toFixed(2).padStart(6);
const fmt = (n) => n.toLocaleString('en').padStart(10);
console.log(`${file}: ${buf.length.toLocaleString('en')} B; code ${total.toLocaleString('en')} B in ${bodies.length} functions; data ${dataBytes.toLocaleString('en')} B`);
console.log('\nSections');
for (const [name, size] of sections.sort((a, b) => b[1] - a[1])) console.log(`${fmt(size)} ${pct(size)}%  ${name}`);
console.log(`\nTop ${top} functions (bytes, % of file)`);
for (const [n, name] of rows.slice(0, top)) console.log(`${fmt(n)} ${pct(n)}%  ${name.slice(0, 150)}`);
const groups = new Map();
for (const [n, name] of rows) {
  const key = owner(name);
  groups.set(key, (groups.get(key) ?? 0) + n);
}
console.log(`\nCode by path prefix (depth ${depth}), top ${top}`);
for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(n)} ${pct(n)}%  ${key}`);

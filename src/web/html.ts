const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces bidirectional control characters (embeddings, overrides, isolates, marks) with a visible `⟦U+202E⟧`, so
 * that a model output cannot reorder the text shown around it ("Trojan Source" spoofing) while the reader still sees
 * that the characters were there.
 */
export function neutraliseBidi(s: string): string {
  return s.replace(BIDI, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟧`);
}

/**
 * Escapes text for HTML element content and attribute values (bidi controls made visible). Every untrusted string goes
 * through it.
 */
export function esc(v: unknown): string {
  const s =
    v === null || v === undefined
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
  return neutraliseBidi(s).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolation unless it is wrapped with {@link raw}. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    out +=
      (Array.isArray(v)
        ? v.map((x) => (x instanceof Raw ? x.value : esc(x))).join('')
        : v instanceof Raw
          ? v.value
          : esc(v)) + strings[i + 1];
  });
  return new Raw(out);
}

/** Markup that is already safe (produced by {@link html}, the chart library or the sanitising markdown renderer). */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks markup as safe to insert unescaped: only for text built by {@link html} or a sanitiser. */
export function raw(s: string): Raw {
  return new Raw(s);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}
header a{color:#cfe3ff;text-decoration:none}header b{font-size:16px}
main{padding:16px 20px;max-width:1400px}
table{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:right}th{background:#f0f2f5;position:sticky;top:0}
td.text,th.text{text-align:left}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:12px}
.table-card{grid-column:1/-1;overflow-x:auto}.notes{color:#8a5a00;background:#fff8e6;border:1px solid #f0d9a8;border-radius:6px;padding:8px 8px 8px 28px}
.methods a{margin-right:8px}.methods a.on{font-weight:bold;text-decoration:underline}
.side{display:grid;grid-template-columns:1fr 1fr;gap:12px}.side>div{background:#fff;border:1px solid #e3e6ea;padding:10px;overflow:auto}
pre{background:#f6f8fa;padding:8px;overflow:auto}.muted{color:#6b7280}.bad{color:#b42318}
form.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:10px}
.vote button{font-size:16px;padding:8px 14px;margin:4px}
`;

/** A page: title, navigation and body, styled inline (no external resources, no script unless a nonce is given). */
export function page(
  title: string,
  body: Raw,
  nav: { href: string; label: string }[] = [],
  script?: { nonce: string; code: string },
): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<header><b>winrate</b>${nav.map((n) => `<a href="${esc(n.href)}">${esc(n.label)}</a>`).join('')}</header>
<main><h1>${esc(title)}</h1>${body.value}</main>${script ? `<script nonce="${esc(script.nonce)}">${script.code}</script>` : ''}</body></html>`;
}

/**
 * @fileoverview `--format html` (with `--output report.html`): one
 * self-contained page — inline CSS and JS, no request to the network (a
 * Content-Security-Policy says so) — with
 *
 * - a summary: files checked, files with problems, errors, warnings, notes;
 * - the site tree: folders with their files' counts, each file with
 *   problems linked to its section;
 * - filters by severity and by rule (checkboxes, applied by a small script;
 *   `?severity=error,warning&rule=schema/format` in the page's URL presets
 *   them);
 * - per file with problems: its problems, then its source (`file.value`,
 *   the decoded text kfx read) with line numbers and every problem's exact
 *   span marked (`<mark>`; a problem at a point is a caret). A file
 *   without text shows its problems only.
 *
 * Everything from the run is escaped. Notes are included (`--quiet`: errors
 * only). Columns are UTF-16 code units, as kfx counts them and as
 * JavaScript strings index.
 */
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
import type {Severity} from '../types.js'
import {VERSION} from '../version.js'
import type {ReporterOptions} from './index.js'
import {countMessages, type Counts, DEFAULT_DOCS_BASE, docsUrl, plural, ruleDescription, sortMessages, spanOf, visibleMessages} from './shared.js'

/** Escapes text and attribute values for HTML. */
export const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** A reason's Markdown code spans as `<code>`, the rest escaped. */
const reasonHtml = (reason: string): string => escapeHtml(reason).replace(/`([^`]+)`/g, '<code>$1</code>')

const RANK: Readonly<Record<Severity, number>> = {error: 3, warning: 2, info: 1}
const LABEL: Readonly<Record<Severity, string>> = {error: 'error', warning: 'warning', info: 'note'}

interface Problem {
  id: string
  message: VFileMessage
  severity: Severity
  ruleId: string
  /** Offsets into the file's text, when it has one and the place is in it. */
  start?: number
  end?: number
}

interface Entry {
  index: number
  file: VFile
  problems: Problem[]
  counts: Counts
}

const badges = (counts: Counts): string =>
  (['error', 'warning', 'info'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `<span class="badge sev-${severity}" title="${plural(counts[severity], LABEL[severity])}">${counts[severity]}</span>`)
    .join('')

/** Offsets of each problem's span in the text. */
const placeProblems = (text: string, problems: Problem[]): void => {
  const place = location(text)
  for (const problem of problems) {
    const span = spanOf(problem.message)
    if (!span) continue
    const lineStart = place.toOffset({line: span.line, column: 1})
    if (lineStart === undefined) continue
    const lineEnd = /\r\n?|\n/.exec(text.slice(lineStart))
    const lineLimit = lineEnd ? lineStart + lineEnd.index : text.length
    const start = Math.min(lineStart + span.column - 1, lineLimit)
    let end = start
    if (span.endLine !== undefined && span.endColumn !== undefined) {
      const endOffset = place.toOffset({line: span.endLine, column: span.endColumn})
      end = endOffset === undefined ? text.length : Math.max(start, endOffset)
    }
    problem.start = start
    problem.end = end
  }
}

const markOpen = (covering: Problem[]): string => {
  const best = covering.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a))
  const ids = covering.map((problem) => problem.id).join(' ')
  const title = covering.map((problem) => `${LABEL[problem.severity]}: ${problem.message.reason} (${problem.ruleId})`).join('\n')
  return `<mark class="hl sev-${best.severity}" data-ids="${ids}" title="${escapeHtml(title)}">`
}

const caret = (problem: Problem): string =>
  `<mark class="pt sev-${problem.severity}" data-ids="${problem.id}" title="${escapeHtml(`${LABEL[problem.severity]}: ${problem.message.reason} (${problem.ruleId})`)}"></mark>`

/** The text as numbered lines, the problems' spans marked. */
const sourceHtml = (text: string, prefix: string, problems: readonly Problem[]): string => {
  const placed = problems.filter((problem) => problem.start !== undefined && problem.end !== undefined)
  const out: string[] = []
  const breaks = /\r\n?|\n/g
  let lineStart = 0
  let line = 1
  for (;;) {
    const found = breaks.exec(text)
    const lineEnd = found ? found.index : text.length
    if (!found && lineStart === text.length && line > 1) break
    const ranges = placed.filter((p) => p.start! < p.end! && p.start! < lineEnd && p.end! > lineStart)
    const points = placed.filter((p) => p.start === p.end && p.start! >= lineStart && p.start! <= lineEnd)
    const cuts = new Set<number>([lineStart, lineEnd])
    for (const p of ranges) {
      cuts.add(Math.max(p.start!, lineStart))
      cuts.add(Math.min(p.end!, lineEnd))
    }
    for (const p of points) cuts.add(p.start!)
    const sorted = [...cuts].sort((a, b) => a - b)
    let html = ''
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!
      for (const p of points) if (p.start === a) html += caret(p)
      const b = sorted[i + 1]
      if (b === undefined) break
      const segment = escapeHtml(text.slice(a, b))
      const covering = ranges.filter((p) => p.start! <= a && p.end! >= b)
      html += covering.length > 0 ? `${markOpen(covering)}${segment}</mark>` : segment
    }
    out.push(`<span class="line" id="${prefix}-l${line}"><span class="ln">${line}</span>${html}</span>`)
    if (!found) break
    lineStart = found.index + found[0].length
    line++
  }
  // The lines are blocks: no newline between them, or <pre> would show it too.
  return out.join('')
}

interface Folder {
  name: string
  folders: Map<string, Folder>
  entries: Entry[]
  files: number
  counts: Counts
}

const folder = (name: string): Folder => ({name, folders: new Map(), entries: [], files: 0, counts: {error: 0, warning: 0, info: 0}})

const treeHtml = (node: Folder, depth: number): string => {
  const children: string[] = []
  for (const child of [...node.folders.values()].sort((a, b) => a.name.localeCompare(b.name))) children.push(treeHtml(child, depth + 1))
  for (const entry of node.entries) {
    const name = entry.file.path.slice(entry.file.path.lastIndexOf('/') + 1)
    children.push(`<li class="tree-file" data-file="f${entry.index}"><a href="#f${entry.index}">${escapeHtml(name)}</a> ${badges(entry.counts)}</li>`)
  }
  const label = `<span class="folder">${escapeHtml(node.name)}/</span> <span class="files">${plural(node.files, 'file')}</span> ${badges(node.counts)}`
  const open = depth < 3 || node.counts.error + node.counts.warning + node.counts.info > 0 ? ' open' : ''
  return `<li><details${open}><summary>${label}</summary><ul>${children.join('')}</ul></details></li>`
}

const STYLE = `
:root{--error:#c62828;--error-bg:#ffcdd2;--warning:#a05a00;--warning-bg:#ffe0a3;--info:#1565c0;--info-bg:#cfe3fa;--line:#e5e7eb;--muted:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
header{padding:16px 24px;background:#111827;color:#f9fafb}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:0}
.count{font-weight:600;margin-right:12px}
.count.sev-error{color:#fca5a5}.count.sev-warning{color:#fcd34d}.count.sev-info{color:#93c5fd}
.layout{display:grid;grid-template-columns:minmax(240px,320px) 1fr;gap:16px;padding:16px 24px}
aside{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);overflow:auto}
.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px;margin-bottom:12px}
.panel h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:0 0 8px}
fieldset{border:0;margin:0 0 8px;padding:0}
legend{font-weight:600;margin-bottom:4px}
label{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#shown{color:var(--muted);margin:4px 0 0}
#tree ul{list-style:none;margin:0;padding-left:14px}
#tree>ul{padding-left:0}
summary{cursor:pointer}
.folder{font-weight:600}
.files{color:var(--muted);font-size:12px}
.badge{display:inline-block;min-width:18px;padding:0 5px;margin-left:3px;border-radius:9px;font-size:11px;font-weight:600;text-align:center;color:#fff}
.badge.sev-error{background:var(--error)}.badge.sev-warning{background:var(--warning)}.badge.sev-info{background:var(--info)}
section.file{background:#fff;border:1px solid var(--line);border-radius:6px;margin-bottom:16px;overflow:hidden}
section.file h2{margin:0;padding:10px 12px;font-size:15px;border-bottom:1px solid var(--line);background:#f3f4f6;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
section.file h2 a{color:inherit;text-decoration:none}
ol.problems{list-style:none;margin:0;padding:6px 12px;border-bottom:1px solid var(--line)}
li.problem{padding:3px 0}
.place{font-family:ui-monospace,monospace;color:var(--muted);text-decoration:none;display:inline-block;min-width:56px}
.sev{display:inline-block;min-width:64px;font-weight:600}
.sev.sev-error{color:var(--error)}.sev.sev-warning{color:var(--warning)}.sev.sev-info{color:var(--info)}
.rule{color:var(--muted);font-size:12px;margin-left:8px}
.note{color:var(--muted);font-size:12px;margin:2px 0 0 124px;white-space:pre-wrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;border-radius:3px;padding:0 3px}
pre.source code{background:none;padding:0;border-radius:0}
pre.source{margin:0;padding:8px 0;overflow:auto;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4}
.line{display:block;padding-right:12px;white-space:pre}
.line:target{background:#fef9c3}
.ln{display:inline-block;width:48px;padding-right:12px;text-align:right;color:var(--muted);user-select:none}
mark.hl{color:inherit;border-bottom:2px solid;padding:1px 0}
mark.hl.sev-error{background:var(--error-bg);border-color:var(--error)}
mark.hl.sev-warning{background:var(--warning-bg);border-color:var(--warning)}
mark.hl.sev-info{background:var(--info-bg);border-color:var(--info)}
mark.pt{background:none;display:inline-block;width:0;height:1.3em;vertical-align:text-bottom;border-left:3px solid;margin-right:-3px;position:relative}
mark.pt::before{content:'';position:absolute;left:-6px;top:-3px;border:4.5px solid transparent;border-top-color:inherit}
mark.pt.sev-error{border-color:var(--error)}mark.pt.sev-warning{border-color:var(--warning)}mark.pt.sev-info{border-color:var(--info)}
mark.off{background:none;border-color:transparent}
.empty{padding:24px;color:var(--muted)}
`

// The filters: checkboxes (preset from `?severity=…&rule=…`) hide problems,
// unmark spans whose problems are all hidden, hide files left without any,
// and recount what is shown.
const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var params = new URLSearchParams(location.search);
  ['severity', 'rule'].forEach(function (name) {
    if (!params.has(name)) return;
    var wanted = params.get(name).split(',');
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) { input.checked = wanted.indexOf(input.value) !== -1; });
  });
  var rank = {error: 3, warning: 2, info: 1};
  function apply() {
    var on = {severity: {}, rule: {}};
    form.querySelectorAll('input').forEach(function (input) { on[input.name][input.value] = input.checked; });
    var shown = {}, count = 0;
    document.querySelectorAll('li.problem').forEach(function (li) {
      var visible = on.severity[li.dataset.severity] === true && on.rule[li.dataset.rule] === true;
      li.hidden = !visible;
      if (visible) { shown[li.dataset.id] = li.dataset.severity; count++; }
    });
    document.querySelectorAll('mark[data-ids]').forEach(function (mark) {
      var best = '';
      mark.dataset.ids.split(' ').forEach(function (id) { var s = shown[id]; if (s && (!best || rank[s] > rank[best])) best = s; });
      mark.className = (mark.classList.contains('pt') ? 'pt' : 'hl') + ' ' + (best ? 'sev-' + best : 'off');
    });
    document.querySelectorAll('section.file').forEach(function (section) {
      section.hidden = !section.querySelector('li.problem:not([hidden])');
      var item = document.querySelector('li[data-file="' + section.id + '"]');
      if (item) item.style.opacity = section.hidden ? '0.4' : '';
    });
    var total = document.querySelectorAll('li.problem').length;
    document.getElementById('shown').textContent = count + ' of ' + total + ' problem' + (total === 1 ? '' : 's') + ' shown';
  }
  form.addEventListener('change', apply);
  apply();
})();
`

/** Formats the run as one self-contained HTML page. */
export const html = (files: readonly VFile[], options: ReporterOptions): string => {
  const docsBase = options.docsBase ?? DEFAULT_DOCS_BASE
  const entries: Entry[] = []
  const totals: Counts = {error: 0, warning: 0, info: 0}
  const byRule = new Map<string, number>()
  const root = folder('')
  let next = 0
  files.forEach((file, index) => {
    const messages = sortMessages(visibleMessages(file, {quiet: options.quiet ?? false, verbose: true}))
    const problems: Problem[] = messages.map((message) => ({id: `m${next++}`, message, severity: severityOf(message), ruleId: message.ruleId ?? ''}))
    const counts = countMessages(messages)
    countMessages(messages, totals)
    for (const problem of problems) byRule.set(problem.ruleId, (byRule.get(problem.ruleId) ?? 0) + 1)
    const entry: Entry = {index, file, problems, counts}
    // The folder path, one node per segment; counts add up on the way.
    const parts = file.path.split('/')
    parts.pop()
    let node = root
    const chain = [root]
    for (const part of parts) {
      let child = node.folders.get(part)
      if (!child) node.folders.set(part, (child = folder(part)))
      node = child
      chain.push(node)
    }
    for (const step of chain) {
      step.files++
      countMessages(messages, step.counts)
    }
    if (problems.length > 0) {
      node.entries.push(entry)
      entries.push(entry)
    }
  })

  const total = totals.error + totals.warning + totals.info
  const summary = [
    `<span class="count files-checked">${plural(files.length, 'file')} checked</span>`,
    `<span class="count files-with-problems">${plural(entries.length, 'file')} with problems</span>`,
    `<span class="count sev-error" data-count="${totals.error}">${plural(totals.error, 'error')}</span>`,
    `<span class="count sev-warning" data-count="${totals.warning}">${plural(totals.warning, 'warning')}</span>`,
    `<span class="count sev-info" data-count="${totals.info}">${plural(totals.info, 'note')}</span>`
  ].join('')

  const severityFilters = (['error', 'warning', 'info'] as const)
    .map((severity) => `<label><input type="checkbox" name="severity" value="${severity}" checked> ${LABEL[severity]}s (${totals[severity]})</label>`)
    .join('')
  const ruleFilters = [...byRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([ruleId, count]) =>
        `<label title="${escapeHtml(ruleDescription(ruleId))}"><input type="checkbox" name="rule" value="${escapeHtml(ruleId)}" checked> ${escapeHtml(ruleId)} (${count})</label>`
    )
    .join('')

  const tree = [...root.folders.values()].map((child) => treeHtml(child, 1))
  for (const entry of root.entries)
    tree.push(`<li class="tree-file" data-file="f${entry.index}"><a href="#f${entry.index}">${escapeHtml(entry.file.path)}</a> ${badges(entry.counts)}</li>`)

  const sections = entries.map((entry) => {
    const prefix = `f${entry.index}`
    const text = entry.file.value === undefined ? undefined : String(entry.file.value)
    if (text !== undefined) placeProblems(text, entry.problems)
    const items = entry.problems.map((problem) => {
      const span = spanOf(problem.message)
      const where = span ? `<a class="place" href="#${prefix}-l${span.line}">${span.line}:${span.column}</a>` : '<span class="place">–</span>'
      const url = problem.message.url ? docsUrl(problem.message.url, docsBase) : undefined
      const rule = url ? `<a class="rule" href="${escapeHtml(url)}">${escapeHtml(problem.ruleId)}</a>` : `<span class="rule">${escapeHtml(problem.ruleId)}</span>`
      const note = problem.message.note ? `<div class="note">${escapeHtml(problem.message.note)}</div>` : ''
      return (
        `<li class="problem" data-id="${problem.id}" data-severity="${problem.severity}" data-rule="${escapeHtml(problem.ruleId)}">` +
        `${where} <span class="sev sev-${problem.severity}">${LABEL[problem.severity]}</span> <span class="reason">${reasonHtml(problem.message.reason)}</span>${rule}${note}</li>`
      )
    })
    const source = text === undefined ? '' : `<pre class="source"><code>${sourceHtml(text, prefix, entry.problems)}</code></pre>`
    return (
      `<section class="file" id="${prefix}" data-path="${escapeHtml(entry.file.path)}">` +
      `<h2><a href="#${prefix}">${escapeHtml(entry.file.path)}</a> ${badges(entry.counts)}</h2>` +
      `<ol class="problems">${items.join('')}</ol>${source}</section>`
    )
  })

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="kfx ${escapeHtml(VERSION)}">
<title>kfx report: ${total === 0 ? 'no problems' : plural(total, 'problem')}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>kfx report</h1><p id="summary">${summary}</p></header>
<div class="layout">
<aside>
<div class="panel"><h2>Filters</h2><form id="filters"><fieldset><legend>Severity</legend>${severityFilters}</fieldset><fieldset><legend>Rule</legend>${ruleFilters}</fieldset></form><p id="shown">${total} of ${plural(total, 'problem')} shown</p></div>
<div class="panel"><h2>Site</h2><nav id="tree"><ul>${tree.join('')}</ul></nav></div>
</aside>
<main>
${sections.length > 0 ? sections.join('\n') : '<p class="empty">No problems.</p>'}
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`
}

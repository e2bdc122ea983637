// NeuroRig page: status from the SSE "status" event, view frames from "frame" events, actions via the API.
'use strict';
const $ = (id) => document.getElementById(id);
const panels = new Map();       // view node name -> panel
let framesTotal = 0;
let tokenNeeded = false;

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const t = localStorage.getItem('neurorig.token');
  if (t) h['Authorization'] = 'Bearer ' + t;
  return h;
}

// one request; answers {ok, status, data} (data: parsed JSON, or the text) and never throws for a 4xx/5xx
async function send(method, path, body, contentType) {
  const init = { method, headers: headers(contentType ? { 'Content-Type': contentType } : {}) };
  if (body !== undefined) init.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
  const r = await fetch(path, init);
  const text = await r.text();
  const data = text && (r.headers.get('content-type') || '').startsWith('application/json') ? JSON.parse(text) : text;
  if (r.status === 401) { tokenNeeded = true; $('token-box').style.display = 'inline'; }
  return { ok: r.ok, status: r.status, data };
}

async function api(method, path, body, contentType) {
  const { ok, status, data } = await send(method, path, body, contentType);
  if (!ok) {
    $('error').textContent = (data.error || status) + ': ' + (data.detail || data);
    throw new Error(data.error || status);
  }
  $('error').textContent = '';
  return data;
}

// ---- pipeline graph, streams ----
function depthOf(p, byOutput, memo) {
  if (memo.has(p.name)) return memo.get(p.name);
  memo.set(p.name, 0);
  let d = 0;
  for (const s of p.inputs) { const up = byOutput.get(s); if (up) d = Math.max(d, depthOf(up, byOutput, memo) + 1); }
  memo.set(p.name, d);
  return d;
}

function showStatus(st) {
  $('mode').textContent = st.mode;
  $('mode').className = 'mode ' + st.mode;
  $('pipeline').textContent = st.pipeline ? 'pipeline ' + st.pipeline : 'no pipeline';
  const byOutput = new Map();
  for (const p of st.processors) for (const o of p.outputs) byOutput.set(o, p);
  const rates = new Map(st.streams.map((s) => [s.source, s]));
  const memo = new Map();
  const cols = [];
  for (const p of st.processors) { const d = depthOf(p, byOutput, memo); (cols[d] = cols[d] || []).push(p); }
  const g = $('graph');
  g.replaceChildren(...cols.map((col) => {
    const c = document.createElement('div');
    c.className = 'col';
    for (const p of col) {
      const n = document.createElement('div');
      n.className = 'node ' + p.status;
      n.id = 'node-' + p.name;
      const s = rates.get(p.name);
      n.innerHTML = `<b></b> <small class="type"></small><span class="st"></span>
        <small>${s ? (s.rate / 1000).toFixed(1) + ' kS/s · drops ' + s.drops + ' · hop ' + s.recentHopP50Micros + ' µs' : 'in ' + p.blocksIn + ' blocks'}</small>
        <small>${p.meanProcessMicros} µs/call${p.errors ? ' · errors ' + p.errors : ''}</small>`;
      n.querySelector('b').textContent = p.name;
      n.querySelector('.type').textContent = p.type;
      n.querySelector('.st').textContent = p.status + (p.message ? ' — ' + p.message : '');
      c.appendChild(n);
    }
    return c;
  }));
  const tb = $('streams').tBodies[0];
  tb.replaceChildren(...st.streams.map((s) => {
    const tr = document.createElement('tr');
    for (const v of [s.name, s.kind, s.rate.toFixed(0), s.blocks, s.gaps, s.drops, s.recentHopP50Micros, s.recentHopP99Micros]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    return tr;
  }));
}

// ---- views ----
function panelFor(f) {
  let p = panels.get(f.node);
  if (p) return p;
  const el = document.createElement('div');
  el.className = 'panel section';
  el.id = 'view-' + f.node;
  el.innerHTML = `<h3></h3><div class="ctl"></div><div class="plot"></div>`;
  el.querySelector('h3').textContent = f.node + ' (' + f.view + ', ' + f.stream + ')';
  $('views').appendChild(el);
  p = { el, view: f.view, frames: 0, ctl: el.querySelector('.ctl'), plot: el.querySelector('.plot') };
  el.dataset.frames = '0';
  VIEWS[f.view].init(p, f);
  panels.set(f.node, p);
  return p;
}

const TRACE_SECONDS = 3;
function initTraces(p, f) {
  p.gain = f.gain || 1;
  p.ctl.innerHTML = `gain <input type="number" step="0.5" min="0.01" value="${p.gain}" size="4"> ·
    channels <input class="lo" type="number" min="0" value="0" size="3">–<input class="hi" type="number" min="0" value="${Math.min(f.ch.length, 16) - 1}" size="3">
    · scale bar <b class="bar"></b> · frames <b class="count">0</b>`;
  const [gain, lo, hi] = p.ctl.querySelectorAll('input');
  gain.onchange = () => { p.gain = +gain.value || 1; p.dirty = true; };
  lo.onchange = hi.onchange = () => { p.lo = +lo.value; p.hi = +hi.value; rebuildTraces(p); };
  p.lo = 0; p.hi = +hi.value; p.names = f.ch; p.units = f.units || '';
  p.x = []; p.min = f.ch.map(() => []); p.max = f.ch.map(() => []);
  rebuildTraces(p);
}

function rebuildTraces(p) {
  p.lo = Math.max(0, Math.min(p.lo, p.names.length - 1));
  p.hi = Math.max(p.lo, Math.min(p.hi, p.names.length - 1));
  const series = [{}];
  for (let c = p.lo; c <= p.hi; c++) {
    const color = `hsl(${(c * 47) % 360} 60% 40%)`;
    series.push({ label: p.names[c], stroke: color, width: 1, points: { show: false } });
    series.push({ label: p.names[c] + ' min', stroke: color, width: 1, points: { show: false } });
  }
  if (p.u) p.u.destroy();
  p.u = new uPlot({ width: p.plot.clientWidth || 600, height: 300, series, legend: { show: false },
    scales: { x: { time: false } }, axes: [{ label: 's' }, { show: false }], cursor: { show: false } }, [[]], p.plot);
  p.dirty = true;
}

function addTraces(p, f) {
  if (p.x.length && f.t0 < p.x[p.x.length - 1]) {   // a new run starts at 0 again
    p.x = []; p.min = p.names.map(() => []); p.max = p.names.map(() => []);
  }
  for (let k = 0; k < f.columns; k++) p.x.push(f.t0 + k * f.dt);
  for (let c = 0; c < f.ch.length; c++) { p.min[c].push(...f.min[c]); p.max[c].push(...f.max[c]); }
  const keep = Math.round(TRACE_SECONDS / f.dt);
  if (p.x.length > keep) {
    const cut = p.x.length - keep;
    p.x.splice(0, cut);
    for (let c = 0; c < f.ch.length; c++) { p.min[c].splice(0, cut); p.max[c].splice(0, cut); }
  }
  p.dirty = true;
}

function drawTraces(p) {
  // Row spacing from the spread of the shown channels, shrunk by the gain: channel c sits at -c × spacing.
  let spread = 0;
  for (let c = p.lo; c <= p.hi; c++) {
    for (let i = 0; i < p.x.length; i += 8) spread = Math.max(spread, p.max[c][i] - p.min[c][i]);
  }
  const spacing = Math.max(1e-3, spread / p.gain);
  const data = [p.x];
  for (let c = p.lo; c <= p.hi; c++) {
    const off = -(c - p.lo) * spacing;
    data.push(p.max[c].map((v) => v + off));
    data.push(p.min[c].map((v) => v + off));
  }
  p.u.setData(data);
  p.ctl.querySelector('.bar').textContent = spacing.toPrecision(3) + ' ' + p.units + ' per row';
}

function initRaster(p, f) {
  p.ctl.innerHTML = `rows ordered by activity · frames <b class="count">0</b> · spikes <b class="spikes">0</b>`;
  p.canvas = document.createElement('canvas');
  p.canvas.className = 'raster';
  p.plot.appendChild(p.canvas);
  p.spikes = []; p.rows = f.rows; p.order = f.order; p.spikeCount = 0;
}

function addRaster(p, f) {
  if (p.tEnd !== undefined && f.t0 < p.tEnd - 1e-9) p.spikes = [];  // a new run starts at 0 again
  for (let i = 0; i < f.t.length; i++) p.spikes.push([f.t[i], f.row[i]]);
  p.rows = f.rows; p.order = f.order; p.tEnd = f.t1; p.spikeCount += f.t.length;
  while (p.spikes.length && p.spikes[0][0] < f.t1 - TRACE_SECONDS) p.spikes.shift();
  p.dirty = true;
}

function drawRaster(p) {
  const cv = p.canvas, w = cv.clientWidth || 600, h = cv.clientHeight || 300;
  if (cv.width !== w) cv.width = w;
  if (cv.height !== h) cv.height = h;
  const ctx = cv.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  const pos = new Array(p.rows);
  p.order.forEach((row, i) => { pos[row] = i; });
  const rh = h / p.rows, t0 = p.tEnd - TRACE_SECONDS;
  ctx.fillStyle = '#1f2933';
  for (const [t, row] of p.spikes) ctx.fillRect((t - t0) / TRACE_SECONDS * w, pos[row] * rh, 2, Math.max(1, rh - 1));
  p.ctl.querySelector('.spikes').textContent = p.spikeCount;
}

// ---- heatmap: a ring of float columns drawn through ImageData, one pixel row per pooled row ----
function initHeatmap(p, f) {
  p.ctl.innerHTML = `${f.neurons} neurons · ${f.perRow} per row (${f.reduce}) · <span class="order">channel order</span>
    · range <b class="range"></b> · frames <b class="count">0</b>`;
  p.canvas = document.createElement('canvas');
  p.canvas.className = 'heatmap';
  p.plot.appendChild(p.canvas);
  p.rows = f.rows; p.window = f.window;
  p.canvas.width = p.window; p.canvas.height = p.rows;   // CSS stretches it; one pixel per value
  p.values = new Float32Array(p.rows * p.window).fill(NaN);   // column-major ring
  p.next = 0; p.image = p.canvas.getContext('2d').createImageData(p.window, p.rows);
}

function addHeatmap(p, f) {
  if (f.rows !== p.rows) { panels.delete(f.node); p.el.remove(); return; }
  // a sorting node's order: rows are in its order, and its band (cluster) boundaries are marked
  p.bounds = f.bounds || [];
  p.ctl.querySelector('.order').textContent = f.sorted ? `sorted · ${p.bounds.length + 1} bands` : 'channel order';
  const raw = atob(f.data), step = (f.hi - f.lo) / 254;
  for (let k = 0; k < f.columns; k++) {
    const dst = p.next * p.rows, src = k * p.rows;
    for (let r = 0; r < p.rows; r++) {
      const b = raw.charCodeAt(src + r);
      p.values[dst + r] = b === 255 ? NaN : f.lo + b * step;
    }
    p.next = (p.next + 1) % p.window;
  }
  p.dirty = true;
}

// viridis-like ramp: dark blue → green → yellow
const RAMP = Array.from({ length: 256 }, (_, i) => {
  const t = i / 255;
  return [Math.round(255 * Math.min(1, Math.max(0, 1.6 * t - 0.6))), Math.round(255 * Math.min(1, 0.1 + 0.9 * t)),
    Math.round(255 * Math.max(0, 0.55 - 0.5 * t + 0.4 * Math.sin(Math.PI * t)))];
});

function drawHeatmap(p) {
  let lo = Infinity, hi = -Infinity;
  for (const v of p.values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi > lo)) { lo = 0; hi = 1; }
  const px = p.image.data, k = 255 / (hi - lo);
  for (let x = 0; x < p.window; x++) {
    const col = ((p.next + x) % p.window) * p.rows;   // oldest on the left
    for (let r = 0; r < p.rows; r++) {
      const v = p.values[col + r], o = (r * p.window + x) * 4;
      if (v !== v) { px[o] = px[o + 1] = px[o + 2] = 240; } else {
        const c = RAMP[Math.max(0, Math.min(255, Math.round((v - lo) * k)))];
        px[o] = c[0]; px[o + 1] = c[1]; px[o + 2] = c[2];
      }
      px[o + 3] = 255;
    }
  }
  const ctx = p.canvas.getContext('2d');
  ctx.putImageData(p.image, 0, 0);
  // band boundaries: a white tick on the left edge of the first pixel row of each band
  ctx.fillStyle = '#ffffff';
  for (const r of p.bounds || []) ctx.fillRect(0, r, Math.max(3, p.window / 40), 1);
  p.ctl.querySelector('.range').textContent = lo.toPrecision(3) + ' … ' + hi.toPrecision(3);
}

// ---- trajectory: decoded (orange) and true (dark) polylines of the last few seconds ----
function initTrajectory(p, f) {
  p.ctl.innerHTML = `<span style="color:#dd6b20">decoded</span> vs <span style="color:#1f2933">true</span> ${f.columns[0]}, ${f.columns[1]}
    · last ${f.seconds} s · frames <b class="count">0</b>`;
  p.canvas = document.createElement('canvas');
  p.canvas.className = 'trajectory';
  p.plot.appendChild(p.canvas);
  p.seconds = f.seconds; p.lines = { decoded: [], true: [] };
}

function addTrajectory(p, f) {
  for (const name of ['decoded', 'true']) {
    const line = p.lines[name], pts = f[name] || [];
    if (pts.length && line.length && pts[0][0] < line[line.length - 1][0]) line.length = 0;   // a new run
    line.push(...pts);
    const tEnd = line.length ? line[line.length - 1][0] : 0;
    let cut = 0;
    while (cut < line.length && line[cut][0] < tEnd - p.seconds) cut++;
    line.splice(0, cut);
  }
  p.dirty = true;
}

function drawTrajectory(p) {
  const cv = p.canvas, w = cv.clientWidth || 400, h = cv.clientHeight || 300;
  if (cv.width !== w) cv.width = w;
  if (cv.height !== h) cv.height = h;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const line of Object.values(p.lines)) for (const [, x, y] of line) {
    if (x === null || y === null) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const ctx = cv.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  if (!(x1 >= x0)) return;
  const pad = 10, sx = (w - 2 * pad) / Math.max(1e-9, x1 - x0), sy = (h - 2 * pad) / Math.max(1e-9, y1 - y0);
  const s = Math.min(sx, sy);   // same scale on both axes: shapes are not distorted
  for (const [name, color] of [['true', '#1f2933'], ['decoded', '#dd6b20']]) {
    ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.beginPath();
    let pen = false;
    for (const [, x, y] of p.lines[name]) {
      if (x === null || y === null) { pen = false; continue; }
      const px = pad + (x - x0) * s, py = h - pad - (y - y0) * s;   // y up
      if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
  }
}

// ---- model: sorted R² per feature set (uPlot lines), the d' histogram (uPlot bars), the best set per
// neuron (bars and, for two sets, an R² scatter) and the coding-direction projection (live trace and
// per-trial means), the last four on plain canvases ----
function initModel(p, f) {
  p.ctl.innerHTML = `R² per neuron, sorted · <span class="summary"></span> · frames <b class="count">0</b>`;
  p.r2Box = document.createElement('div'); p.dpBox = document.createElement('div');
  p.plot.append(p.r2Box, p.dpBox);
  p.parts = {};
}

function addModel(p, f) {
  if (f.part === 'r2') p.r2 = f;
  else if (f.part === 'dprime') p.dp = f;
  else if (f.part === 'best') p.best = f;
  else if (f.part === 'proj') p.proj = f;
  else if (f.part === 'trials') p.trials = f;
  p.dirty = true;
}

const setColor = (i) => (i < 0 ? '#9aa5b1' : `hsl(${i * 120 + 20} 70% 40%)`);

const MODEL_PARTS = ['best', 'scatter', 'proj', 'trials'];

// a captioned canvas inside the model panel, made when its first frame arrives
function modelPart(p, key, height) {
  let part = p.parts[key];
  if (part) return part;
  const box = document.createElement('div');
  box.className = 'model-part ' + key;
  box.innerHTML = '<div class="caption"></div><canvas class="model"></canvas>';
  p.plot.appendChild(box);
  part = { box, caption: box.querySelector('.caption'), cv: box.querySelector('canvas') };
  part.cv.style.height = height + 'px';
  p.parts[key] = part;
  for (const k of MODEL_PARTS) if (p.parts[k]) p.plot.appendChild(p.parts[k].box);   // same order whatever came first
  return part;
}

function sizedContext(cv) {
  const w = cv.clientWidth || 400, h = cv.clientHeight || 160;
  if (cv.width !== w) cv.width = w;
  if (cv.height !== h) cv.height = h;
  const ctx = cv.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  return [ctx, w, h];
}

function extent(arrays) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (const v of a) if (v !== null) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi >= lo)) return null;
  if (hi === lo) { lo -= 1; hi += 1; }
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

// one polyline of values at x(i), broken where a value is null
function polyline(ctx, values, x, y) {
  ctx.beginPath();
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) { pen = false; return; }
    if (pen) ctx.lineTo(x(i), y(v)); else ctx.moveTo(x(i), y(v));
    pen = true;
  });
  ctx.stroke();
}

function drawBest(p) {
  const f = p.best, part = modelPart(p, 'best', 140);
  part.caption.innerHTML = `neurons per best set (fit on ${f.fit} rows): <span class="best-counts"></span>`;
  const text = part.caption.querySelector('.best-counts');
  text.textContent = f.sets.map((s, i) => `${s}: ${f.counts[i]}`).join(' · ') + (f.undefined ? ` · undefined: ${f.undefined}` : '');
  text.dataset.fit = f.fit;
  const [ctx, w, h] = sizedContext(part.cv);
  const max = Math.max(1, ...f.counts), bw = w / Math.max(1, f.counts.length);
  f.counts.forEach((c, i) => {
    const bh = (h - 30) * c / max;
    ctx.fillStyle = setColor(i);
    ctx.fillRect(i * bw + bw * 0.15, h - 16 - bh, bw * 0.7, bh);
    ctx.fillStyle = '#1f2933';
    ctx.fillText(`${f.sets[i]} ${c}`, i * bw + bw * 0.15, h - 4);
  });
  if (!f.r2 || f.r2.length !== 2) return;
  const sc = modelPart(p, 'scatter', 260);
  sc.caption.textContent = `held-out R² per neuron: ${f.sets[0]} (x) vs ${f.sets[1]} (y), coloured by best set`;
  const [c2, w2, h2] = sizedContext(sc.cv);
  const r = extent([f.r2[0], f.r2[1]]);
  if (!r) return;
  const side = Math.min(w2, h2) - 30, x = (v) => 24 + (v - r[0]) / (r[1] - r[0]) * side, y = (v) => h2 - 20 - (v - r[0]) / (r[1] - r[0]) * side;
  c2.strokeStyle = '#d9dee3'; c2.beginPath(); c2.moveTo(x(r[0]), y(r[0])); c2.lineTo(x(r[1]), y(r[1])); c2.stroke();   // equal R²
  c2.strokeStyle = '#9aa5b1'; c2.strokeRect(24, h2 - 20 - side, side, side);
  for (let j = 0; j < f.best.length; j++) {
    const a = f.r2[0][j], b = f.r2[1][j];
    if (a === null || b === null) continue;
    c2.fillStyle = setColor(f.best[j]);
    c2.fillRect(x(a) - 2, y(b) - 2, 4, 4);
  }
  c2.fillStyle = '#1f2933';
  c2.fillText(r[0].toFixed(2), 24, h2 - 6); c2.fillText(r[1].toFixed(2), 24 + side - 24, h2 - 6);
}

function drawProj(p) {
  const f = p.proj, part = modelPart(p, 'proj', 160);
  const latest = [...f.values].reverse().find((v) => v !== null);
  part.caption.innerHTML = `coding-direction projection (${f.source}), last ${f.seconds} s · latest <b class="proj-latest"></b>`;
  part.caption.querySelector('.proj-latest').textContent = latest === undefined ? '–' : latest.toFixed(3);
  const [ctx, w, h] = sizedContext(part.cv);
  const r = extent([f.values]);
  if (!r) return;
  const t0 = f.now - f.seconds, x = (i) => (f.t0 + (i + 0.5) * f.dt - t0) / f.seconds * w, y = (v) => h - (v - r[0]) / (r[1] - r[0]) * h;
  if (r[0] < 0 && r[1] > 0) { ctx.strokeStyle = '#d9dee3'; ctx.beginPath(); ctx.moveTo(0, y(0)); ctx.lineTo(w, y(0)); ctx.stroke(); }
  ctx.strokeStyle = '#805ad5'; ctx.lineWidth = 1.5;
  polyline(ctx, f.values, x, y);
  ctx.lineWidth = 1;
  ctx.fillStyle = '#52606d';
  ctx.fillText(r[1].toPrecision(3), 2, 11); ctx.fillText(r[0].toPrecision(3), 2, h - 3);
}

function drawTrials(p) {
  const f = p.trials, part = modelPart(p, 'trials', 200);
  part.caption.innerHTML = 'projection per trial, aligned to onset (thick: mean per condition, thin: latest trials): <span class="trial-counts"></span>';
  part.caption.querySelector('.trial-counts').textContent = f.conditions.map((c, k) => `${c}: ${f.trials[k]} trials`).join(' · ');
  const [ctx, w, h] = sizedContext(part.cv);
  const r = extent([...f.mean, ...f.single.map((s) => s.values)]);
  if (!r) return;
  const n = Math.max(1, ...f.mean.map((m) => m.length)), span = n * f.dt;
  const x = (i) => (i + 0.5) * f.dt / span * w, y = (v) => h - (v - r[0]) / (r[1] - r[0]) * h;
  const onset = -f.t0 / span * w;
  ctx.strokeStyle = '#9aa5b1'; ctx.beginPath(); ctx.moveTo(onset, 0); ctx.lineTo(onset, h); ctx.stroke();
  ctx.globalAlpha = 0.35;
  for (const s of f.single) { ctx.strokeStyle = setColor(s.condition); polyline(ctx, s.values, x, y); }
  ctx.globalAlpha = 1; ctx.lineWidth = 2.5;
  f.mean.forEach((m, k) => { ctx.strokeStyle = setColor(k); polyline(ctx, m, x, y); });
  ctx.lineWidth = 1;
  f.conditions.forEach((c, k) => { ctx.fillStyle = setColor(k); ctx.fillText(c, w - 80, 12 + 13 * k); });
}

function drawModel(p) {
  const w = p.plot.clientWidth || 500;
  if (p.r2) {
    const f = p.r2, len = Math.max(1, ...f.sorted.map((c) => c.length));
    const x = Array.from({ length: len }, (_, i) => (len === 1 ? 0 : i / (len - 1)));
    const data = [x, ...f.sorted.map((c) => x.map((_, i) => (c.length < 2 ? c[0] ?? null
      : c[Math.round(i * (c.length - 1) / (len - 1))])))];
    const key = f.sets.join('|');
    if (!p.r2Plot || p.r2Key !== key) {
      if (p.r2Plot) p.r2Plot.destroy();
      p.r2Key = key;
      p.r2Plot = new uPlot({ width: w, height: 220, scales: { x: { time: false } },
        axes: [{ label: 'neurons, best first (fraction)' }, { label: 'held-out R²' }],
        series: [{}, ...f.sets.map((s, i) => ({ label: s || 'R²', stroke: setColor(i), width: 1.5 }))] },
      data, p.r2Box);
    } else p.r2Plot.setData(data);
    p.ctl.querySelector('.summary').textContent = f.sets.map((s, i) =>
      `${s || 'R²'}: n ${f.n[i]}, mean ${f.mean[i] === null ? '–' : f.mean[i].toFixed(3)}`).join(' · ');
  }
  if (p.dp) {
    const f = p.dp, bins = f.counts.length, step = (f.hi - f.lo) / bins;
    const data = [f.counts.map((_, i) => f.lo + (i + 0.5) * step), f.counts];
    if (!p.dpPlot || p.dpBins !== bins) {
      if (p.dpPlot) p.dpPlot.destroy();
      p.dpBins = bins;
      p.dpPlot = new uPlot({ width: w, height: 180, scales: { x: { time: false } },
        axes: [{ label: "d' (" + f.source + ')' }, { label: 'neurons' }],
        series: [{}, { label: "d'", fill: '#4c78a8', stroke: '#4c78a8', paths: uPlot.paths.bars({ size: [0.9] }), points: { show: false } }] },
      data, p.dpBox);
    } else p.dpPlot.setData(data);
  }
  if (p.best) drawBest(p);
  if (p.proj) drawProj(p);
  if (p.trials) drawTrials(p);
}

const VIEWS = {
  model: { init: initModel, add: addModel, draw: drawModel },
  trajectory: { init: initTrajectory, add: addTrajectory, draw: drawTrajectory },
  traces: { init: initTraces, add: addTraces, draw: drawTraces },
  raster: { init: initRaster, add: addRaster, draw: drawRaster },
  heatmap: { init: initHeatmap, add: addHeatmap, draw: drawHeatmap },
};

function onFrame(f) {
  if (!VIEWS[f.view]) return;
  const p = panelFor(f);
  VIEWS[f.view].add(p, f);
  p.frames++;
  p.el.dataset.frames = String(p.frames);
  p.ctl.querySelector('.count').textContent = p.frames;
  framesTotal++;
}

function render() {
  for (const p of panels.values()) {
    if (!p.dirty) continue;
    p.dirty = false;
    VIEWS[p.view].draw(p);
    p.el.dataset.drawn = String((+p.el.dataset.drawn || 0) + 1);
  }
  $('frames').textContent = framesTotal;
  requestAnimationFrame(render);
}

// ---- keys of a node: click it in the graph, edit a value, Enter applies it live ----
const NUMERIC = new Set(['DOUBLE', 'FLOAT', 'INTEGER', 'LONG']);

function showParams(name, type) {
  return api('GET', '/api/processors/' + encodeURIComponent(name) + '/parameters').then((r) => {
    $('params-node').textContent = name;
    $('params-type').textContent = type;
    const tb = $('params').tBodies[0];
    tb.replaceChildren(...r.parameters.map((p) => {
      const tr = document.createElement('tr');
      const input = document.createElement('input');
      input.name = p.name;
      if (p.type === 'BOOLEAN') {
        input.type = 'checkbox';
        input.checked = p.value === true;
      } else {
        input.value = Array.isArray(p.value) ? p.value.join(',') : String(p.value ?? '');
        input.size = 18;
        input.onkeydown = (e) => { if (e.key === 'Enter') input.blur(); };
      }
      input.onchange = () => setParam(name, p, input, tr);
      const cells = [p.name, p.type.toLowerCase(), input, ''].map((v) => {
        const td = document.createElement('td');
        if (v instanceof Node) td.appendChild(v); else td.textContent = v;
        return td;
      });
      tr.dataset.key = p.name;
      tr.append(...cells);
      return tr;
    }));
    $('params-result').textContent = r.parameters.length ? '' : 'this node has no keys';
    $('params-box').hidden = false;
  });
}

function setParam(node, p, input, tr) {
  let value = p.type === 'BOOLEAN' ? input.checked : input.value.trim();
  if (NUMERIC.has(p.type) && value !== '' && !Number.isNaN(Number(value))) value = Number(value);
  const mark = tr.lastChild;
  mark.textContent = '…';
  api('PUT', '/api/processors/' + encodeURIComponent(node) + '/parameters/' + encodeURIComponent(p.name), { value })
    .then((r) => {
      p.value = r.value;
      mark.textContent = 'applied';
      tr.className = 'applied';
      $('params-result').textContent = node + '.' + p.name + ' = ' + JSON.stringify(r.value) + ' applied';
    }, () => {
      // refused: the rig keeps the old value, and so does the field
      mark.textContent = 'refused';
      tr.className = 'refused';
      $('params-result').textContent = node + '.' + p.name + ' refused: ' + $('error').textContent;
      if (p.type === 'BOOLEAN') input.checked = p.value === true;
      else input.value = Array.isArray(p.value) ? p.value.join(',') : String(p.value ?? '');
    });
}

// the graph is rebuilt every second: one listener on its container
$('graph').onclick = (e) => {
  const n = e.target.closest('.node');
  if (n) showParams(n.id.slice('node-'.length), n.querySelector('.type').textContent).catch(() => {});
};

// ---- pipeline file editor: checked as you type (POST /api/pipeline/validate, 300 ms after the last key),
// every error marked at its line (gutter) and column (under the text) and listed; Save and Apply ----
const editor = { seq: 0, timer: 0, issues: [] };
const ta = $('editor-text');

function gutter() {
  const lines = ta.value.split('\n').length;
  const g = $('editor-gutter');
  if (g.childElementCount !== lines) {
    const rows = [];
    for (let i = 1; i <= lines; i++) { const d = document.createElement('div'); d.textContent = i; d.dataset.line = i; rows.push(d); }
    g.replaceChildren(...rows);
  }
  for (const d of g.children) { d.className = ''; d.title = ''; }
  for (const is of editor.issues) {
    const d = g.children[is.line - 1];
    if (!d) continue;
    if (d.className !== 'err') d.className = is.warn ? 'warn' : 'err';
    d.title = (d.title ? d.title + '\n' : '') + is.line + ':' + is.column + ' ' + is.message;
  }
  scrollMarks();
}

function scrollMarks() {
  $('editor-gutter').scrollTop = ta.scrollTop;
  $('editor-marks').style.transform = `translate(${-ta.scrollLeft}px, ${-ta.scrollTop}px)`;
}

// the errors (and warnings) of the text as it is, from the validate answer or a refused Save/Apply
function showIssues(errors, warnings) {
  editor.issues = errors.map((e) => ({ ...e, warn: false })).concat((warnings || []).map((w) => ({ ...w, warn: true })));
  $('editor-marks').replaceChildren(...editor.issues.map((is) => {
    const m = document.createElement('span');
    m.className = is.warn ? 'warn' : 'err';
    m.dataset.line = is.line; m.dataset.column = is.column;
    m.style.top = `${(is.line - 1) * 18}px`;
    m.style.left = `${is.column - 1}ch`;
    m.title = is.message;
    return m;
  }));
  $('editor-errors').replaceChildren(...editor.issues.map((is) => {
    const li = document.createElement('li');
    li.className = is.warn ? 'warn' : 'err';
    li.dataset.line = is.line; li.dataset.column = is.column;
    li.textContent = `${is.line}:${is.column} ${is.warn ? 'warning: ' : ''}${is.message}`;
    return li;
  }));
  gutter();
  const n = errors.length;
  $('editor-state').textContent = n ? `${n} error${n > 1 ? 's' : ''}` : 'valid' + (warnings && warnings.length ? `, ${warnings.length} warning(s)` : '');
  $('editor-state').className = n ? 'invalid' : 'valid';
}

// the caret to line L, column C (1-based) of the text
function caretTo(line, column) {
  const lines = ta.value.split('\n');
  let at = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1;
  at += Math.min(column - 1, (lines[line - 1] || '').length);
  ta.focus();
  ta.setSelectionRange(at, at);
  ta.scrollTop = Math.max(0, (line - 3) * 18);
}

async function validate() {
  const seq = ++editor.seq;
  const text = ta.value;
  if (!text.trim()) { showIssues([], []); $('editor-state').textContent = ''; $('editor').dataset.validated = seq; return; }
  const r = await send('POST', '/api/pipeline/validate', text, 'application/yaml');
  if (seq !== editor.seq) return;   // an answer to an older text
  if (r.ok) showIssues(r.data.errors, r.data.warnings);
  else { $('editor-state').textContent = 'cannot check: ' + (r.data.detail || r.status); $('editor-state').className = 'invalid'; }
  $('editor').dataset.validated = seq;
}

function edited() {
  gutter();
  clearTimeout(editor.timer);
  editor.timer = setTimeout(validate, 300);
}

function setText(text) {
  ta.value = text;
  ta.scrollTop = 0;
  edited();
}

function result(cls, text) {
  $('editor-result').className = cls;
  $('editor-result').dataset.applied = cls;
  $('editor-result').textContent = text;
}

// a refused Save or Apply: the reason, and the errors at their places when the file was at fault
function refused(what, r) {
  result('refused', `${what} refused: ${r.data.error || r.status}: ${r.data.detail || r.data}`);
  if (Array.isArray(r.data.issues)) showIssues(r.data.issues, []);
}

function describe(c) {
  if (!c) return '';
  const parts = [];
  if (c.added.length) parts.push('added ' + c.added.join(', '));
  if (c.removed.length) parts.push('removed ' + c.removed.join(', '));
  if (c.rewired.length) parts.push('re-wired ' + c.rewired.join(', '));
  for (const k of c.keys) parts.push(`${k.node}.${k.key}: ${JSON.stringify(k.from)} → ${JSON.stringify(k.to)}`);
  return parts.length ? ' (' + parts.join('; ') + ')' : ' (no change)';
}

async function loadSavedList() {
  const r = await send('GET', '/api/pipelines');
  if (!r.ok) return;
  const sel = $('editor-open');
  sel.replaceChildren(sel.options[0], ...r.data.pipelines.map((n) => { const o = document.createElement('option'); o.value = o.textContent = n; return o; }));
}

async function loadCurrent() {
  const r = await send('GET', '/api/pipeline');
  if (r.ok) setText(r.data);
  return r.ok;
}

ta.addEventListener('input', edited);
ta.addEventListener('scroll', scrollMarks);
ta.addEventListener('keydown', (e) => {   // Tab indents (YAML takes no tab characters)
  if (e.key !== 'Tab') return;
  e.preventDefault();
  document.execCommand('insertText', false, '  ');
});
for (const list of [$('editor-errors'), $('editor-gutter')]) {
  list.addEventListener('click', (e) => {
    const el = e.target.closest('[data-line]');
    if (!el) return;
    const is = editor.issues.find((i) => i.line === +el.dataset.line && (!el.dataset.column || i.column === +el.dataset.column));
    caretTo(+el.dataset.line, is ? is.column : 1);
  });
}
$('editor-open').onchange = async () => {
  const name = $('editor-open').value;
  if (!name) return;
  const r = await send('GET', '/api/pipelines/' + encodeURIComponent(name));
  if (!r.ok) { refused('open', r); return; }
  $('editor-name').value = name;
  setText(r.data);
  result('', 'opened ' + name);
};
$('editor-loaded').onclick = () => loadCurrent().then((ok) => result('', ok ? 'the loaded pipeline' : 'no pipeline is loaded'));
$('editor-save').onclick = async () => {
  const name = $('editor-name').value.trim();
  const r = await send('PUT', '/api/pipelines/' + encodeURIComponent(name), ta.value, 'application/yaml');
  if (!r.ok) { refused('save', r); return; }
  result('saved', `saved conf/pipelines/${r.data.name}`);
  loadSavedList();
};
$('editor-apply').onclick = async () => {
  result('', 'applying…');
  const r = await send('PUT', '/api/pipeline', ta.value, 'application/yaml');
  if (!r.ok) { refused('apply', r); return; }
  const said = { live: 'applied live', restart: 'restarted', loaded: 'loaded (Start runs it)' }[r.data.applied] || r.data.applied;
  result(r.data.applied, `${said}: pipeline ${r.data.name}, ${r.data.mode}${describe(r.data.changes)}`);
};

// ---- hosts of a rig over hosts that this host coordinates: GET /api/hosts once a second; the panel is
// hidden while the answer is empty (a rig on one host) ----
const HOST_STATES = { ONLINE: 'online', OFFLINE: 'offline' };   // any other state (STARTING, RESTARTING) is pending

function cell(v) {
  const td = document.createElement('td');
  if (v instanceof Node) td.appendChild(v); else td.textContent = v;
  return td;
}

// µs with one decimal and a real minus sign, from nanoseconds
function micros(nanos, signed) {
  const t = (Math.abs(nanos) / 1000).toFixed(1);
  return signed ? (nanos < 0 ? '−' : '+') + t : t;
}

// the host's clock offset to the rig clock ± its bound; the coordinator's clock is the rig clock
function clockText(h) {
  if (h.role === 'coordinator') return 'rig clock';
  const c = h.clock;
  if (!c || !c.samples) return 'no estimate yet';
  return micros(c.offsetNanos, true) + ' ± ' + micros(c.uncertaintyNanos, false);
}

function edgesTable(edges) {
  const names = Object.keys(edges || {});
  if (!names.length) return 'none';
  const t = document.createElement('table');
  t.className = 'edges';
  t.innerHTML = '<thead><tr><th>edge</th><th>role</th><th>frames</th><th>confirmed</th><th>refused blocks</th>'
    + '<th>gap blocks</th><th>connected</th></tr></thead><tbody></tbody>';
  t.tBodies[0].replaceChildren(...names.map((n) => {
    const e = edges[n];
    const tr = document.createElement('tr');
    tr.dataset.edge = n;
    tr.className = e.connected ? 'up' : 'down';
    tr.append(...[n, e.role, e.frames, e.confirmed, e.refusedBlocks, e.gapBlocks, e.connected ? 'yes' : 'no'].map(cell));
    return tr;
  }));
  return t;
}

function showHosts(hosts) {
  const names = Object.keys(hosts);
  $('hosts-box').hidden = names.length === 0;
  $('hosts').tBodies[0].replaceChildren(...names.map((name) => {
    const h = hosts[name];
    const tr = document.createElement('tr');
    tr.dataset.host = name;
    tr.dataset.state = h.state;
    const state = document.createElement('span');
    state.className = 'host-state ' + (HOST_STATES[h.state] || 'pending');
    state.textContent = h.state;
    const clock = document.createElement('span');
    clock.className = 'clock';
    clock.textContent = clockText(h);
    if (h.clock) clock.title = `drift ${h.clock.driftPpm} ppm from ${h.clock.samples} exchanges`;
    const me = h.role === 'coordinator';
    const heard = me ? '' : h.lastHeardMillisAgo == null ? 'never' : h.lastHeardMillisAgo + ' ms ago';
    tr.append(...[name + (me ? ' (this host)' : ''), h.endpoint || '', state, clock, me ? '' : h.restarts, heard,
      edgesTable(h.edges)].map(cell));
    return tr;
  }));
}

async function pollHosts() {
  try {
    const r = await send('GET', '/api/hosts');
    if (r.ok) showHosts(r.data.hosts || {});
  } catch (e) {
    // this host is not answering (restarting): the table keeps what it last showed
  }
  setTimeout(pollHosts, 1000);
}

// ---- live connection ----
function connect() {
  const es = new EventSource('/api/live');
  es.addEventListener('hello', () => { $('conn').textContent = 'connected'; });
  es.addEventListener('status', (e) => showStatus(JSON.parse(e.data)));
  es.addEventListener('frame', (e) => onFrame(JSON.parse(e.data)));
  es.addEventListener('message', (e) => addMessage(JSON.parse(e.data)));
  es.onerror = () => { $('conn').textContent = 'reconnecting'; };
}

// ---- actions ----
$('start').onclick = () => api('PUT', '/api/status', { mode: 'ACQUIRE' }).then((r) => { $('mode').textContent = r.mode; });
$('stop').onclick = () => api('PUT', '/api/status', { mode: 'IDLE' }).then((r) => { $('mode').textContent = r.mode; });
$('token').onchange = () => localStorage.setItem('neurorig.token', $('token').value);
$('upload').onsubmit = async (e) => {
  e.preventDefault();
  const file = $('jar').files[0];
  if (!file) return;
  const r = await api('POST', '/api/bundles?name=' + encodeURIComponent(file.name), file, 'application/java-archive');
  $('upload-result').textContent = `deployed ${r.symbolicName} ${r.version}`;
  loadBundles();
};
$('message').onsubmit = (e) => { e.preventDefault(); api('PUT', '/api/message', { text: $('message-text').value }); };
function addMessage(m) {
  const li = document.createElement('li'); li.textContent = m.time + ' ' + m.text; $('messages').prepend(li);
}
async function loadBundles() {
  const r = await api('GET', '/api/bundles');
  $('bundles').tBodies[0].replaceChildren(...r.bundles.map((b) => {
    const tr = document.createElement('tr');
    for (const v of [b.id, b.symbolicName, b.version, b.state]) { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); }
    return tr;
  }));
}

connect();
loadBundles();
loadCurrent();
loadSavedList();
pollHosts();
requestAnimationFrame(render);

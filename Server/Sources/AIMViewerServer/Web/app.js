// aim-viewer's page: controls -> a request body (the command line's options as fields) -> the
// server's /api/view/* answers (the --format json document and its SVG charts). Nothing is
// computed here: every number shown is read from the document the API returned.
"use strict";

const $ = (id) => document.getElementById(id);
const form = $("controls");
const state = { uploads: { model: null, hardware: null }, analysis: null, seq: 0, inflight: {} };

// Controls whose value is a request field of the same name; the rest are mapped by hand below.
const FIELD_CONTROLS = ["model", "hardware", "schedule", "frames", "merge-keep", "prune-start", "prune-step", "fastv-k",
  "fastv-ratio", "pdrop-lambda", "vtw-layer", "fixed-tokens-per-frame", "keep-ratio", "convention", "flops-unit", "batch", "tp",
  "gen-len", "flash-attention", "kv-dtype", "engine", "context", "images", "image-size", "frame-size", "vision-layers"];
// end-to-end is the sweeps' and devices' field only (analyze shows both times already).
const PAGE_CONTROLS = FIELD_CONTROLS.concat(["precision", "budget-tflops", "end-to-end"]);
// Fields whose value is text; the rest are numbers (or flags).
const TEXT_FIELDS = ["model", "hardware", "schedule", "convention", "flops-unit", "kv-dtype", "engine", "image-size", "frame-size",
  "vision-layers"];
const PAPER_CONVENTIONS = ["fastv-paper", "pdrop-paper"];
const isPaper = () => PAPER_CONVENTIONS.includes(controlValue("convention"));
const METHOD_FIELDS = { aim: ["merge-keep", "prune-start", "prune-step"], fastv: ["fastv-k", "fastv-ratio"],
  pdrop: ["pdrop-lambda"], vtw: ["vtw-layer"], fixed: ["fixed-tokens-per-frame"], "uniform-keep": ["keep-ratio"], baseline: [] };
const defaults = {};

function controlValue(name) {
  const el = $(name);
  if (el.type === "checkbox") return el.checked ? "1" : "";
  if (el.dataset.values) return el.dataset.values.split(",")[Number(el.value)];
  return el.value;
}

function setControl(name, value) {
  const el = $(name);
  if (!el) return;
  if (el.type === "checkbox") { el.checked = value === "1" || value === "true"; return; }
  if (el.dataset.values) {
    const index = el.dataset.values.split(",").indexOf(value);
    if (index >= 0) el.value = String(index);
    return;
  }
  if (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === value)) {
    const option = document.createElement("option");
    option.value = option.textContent = value;
    el.appendChild(option);
  }
  el.value = value;
}

// The settings that differ from the page's defaults: what the URL keeps and the body sends.
function changedSettings() {
  const settings = {};
  for (const name of PAGE_CONTROLS) {
    const value = controlValue(name);
    if (value !== defaults[name] && value !== "") settings[name] = value;
  }
  return settings;
}

function number(text) { return Number(text); }

// The request body of /api/analyze: the command line's options, only those the user changed,
// plus the uploads' contents.
function analyzeBody() {
  const s = changedSettings();
  const body = {};
  const method = controlValue("schedule");
  for (const [name, value] of Object.entries(s)) {
    if (name === "precision" || name === "budget-tflops" || name === "end-to-end") continue;
    const owner = Object.keys(METHOD_FIELDS).find((m) => METHOD_FIELDS[m].includes(name));
    if (owner && owner !== method) continue;  // another method's parameter
    if (name === "context" && !s.engine) continue;  // the engine's decode context
    if (name === "flops-unit" && !isPaper()) continue;  // converts a formula's counts only
    if (name === "flash-attention") body[name] = true;
    else if (TEXT_FIELDS.includes(name)) body[name] = value;
    else body[name] = number(value);
  }
  // Bits ("8,8": w-bit, a-bit) or a format by name (dtype, GEMMs at its peak).
  if (s.precision && s.precision.includes(",")) { const [w, a] = s.precision.split(",").map(Number); body["w-bit"] = w; body["a-bit"] = a; }
  else if (s.precision) body.dtype = s.precision;
  if (!("gen-len" in body)) body["gen-len"] = number(controlValue("gen-len"));
  if (body["gen-len"] === 0) delete body["gen-len"];
  if (state.uploads.model) { delete body.model; body["model-config"] = state.uploads.model.content; }
  if (state.uploads.hardware) { delete body.hardware; body["hardware-file"] = state.uploads.hardware.content; }
  return body;
}

function updateURL() {
  const params = new URLSearchParams(changedSettings());
  const query = params.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

function showOutputs() {
  for (const output of form.querySelectorAll("output")) output.textContent = controlValue(output.htmlFor.value);
  const method = controlValue("schedule");
  for (const slider of form.querySelectorAll(".slider[data-method]")) slider.hidden = slider.dataset.method !== method;
  for (const row of form.querySelectorAll("[data-paper]")) row.hidden = !isPaper();
  for (const row of form.querySelectorAll("[data-engine]")) row.hidden = !controlValue("engine");
}

// The views each kind of answer fills: a paper formula counts operations only (no time, bytes,
// memory or devices), so only its table and the token schedule it counted are shown.
const PAPER_VIEWS = ["paper-view", "schedule-view"];
function showViews(paper) {
  for (const section of document.querySelectorAll("#views section")) {
    section.hidden = paper ? !PAPER_VIEWS.includes(section.id) : section.id === "paper-view";
  }
}

function setStatus(text, stateName) {
  const status = $("status");
  status.textContent = text;
  status.dataset.state = stateName;
}

function showError(message) {
  const box = $("error");
  box.hidden = !message;
  box.textContent = message ? "error: " + message : "";
}

async function post(path, body, key) {
  if (state.inflight[key]) state.inflight[key].abort();  // closing the connection stops a sweep on the server
  const controller = new AbortController();
  state.inflight[key] = controller;
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body), signal: controller.signal });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

function drawCharts(charts) {
  for (const [name, svg] of Object.entries(charts)) {
    const holder = document.querySelector(`[data-chart="${name}"]`);
    if (holder) holder.innerHTML = svg;
  }
}

const fmt = (value, digits) => (value === undefined || value === null || !isFinite(value)) ? "–" : value.toFixed(digits);

// The document's schedules, baseline first: {label, prefill, decode, generation, llmViewerPrefill}.
function schedules(doc) {
  if (doc.exact) doc = doc.exact;
  return doc.baseline ? [doc.baseline, doc.method] : [doc];
}

function showTotals(doc) {
  const all = schedules(doc);
  if (doc.exact) doc = doc.exact;
  const rows = all.map((s) => `<tr data-schedule="${s.label}"><th scope="row">${s.label}</th>`
    + `<td class="tflops">${fmt(s.prefill.ops / 1e12, 2)}</td><td class="ms">${fmt(s.prefill.seconds * 1e3, 2)}</td>`
    + `<td>${fmt(s.prefill.memoryFootprintBytes / 1e9, 2)}</td>`
    + `<td>${s.generation ? fmt(s.generation.timeToFirstTokenSeconds * 1e3, 2) : "–"}</td>`
    + `<td>${s.generation ? fmt(s.generation.decodeTokensPerSecond, 1) : "–"}</td></tr>`);
  $("totals-table").tBodies[0].innerHTML = rows.join("");
  showEngine(doc, all);
  const reference = all.filter((s) => s.llmViewerPrefill)
    .map((s) => `${s.label} ${fmt(s.llmViewerPrefill.ops / 1e12, 2)} TFLOPs, ${fmt(s.llmViewerPrefill.seconds * 1e3, 2)} ms`);
  $("reference").textContent = reference.length
    ? "Under the llm-viewer convention (the published analyzer): " + reference.join("; ") : "";
  $("headline").textContent = `${doc.inputs.model.name} on ${doc.inputs.hardware.name}, ${doc.convention} convention, ${doc.inputs.workload.join("; ")}`;
}

// With an engine: each schedule as the calibrated regime runs it, read from the document's
// "engine" (per forward step) and each generation's "calibrated" (the whole request).
function showEngine(doc, all) {
  const view = $("engine-view");
  view.hidden = !doc.engine;
  if (!doc.engine) { $("engine-table").tBodies[0].innerHTML = ""; return; }
  const rows = all.filter((s) => doc.engine[s.label]).map((s) => {
    const e = doc.engine[s.label];
    const c = s.generation && s.generation.calibrated;
    return `<tr data-schedule="${s.label}"><th scope="row">${s.label}</th>`
      + `<td class="engine-prefill-ms">${fmt(e.prefill.seconds * 1e3, 2)}</td><td class="engine-decode-ms">${fmt(e.decode.seconds * 1e3, 3)}</td>`
      + `<td>${e.decodeContextTokens}</td>`
      + `<td class="engine-ttft-ms">${c ? fmt(c.timeToFirstTokenSeconds * 1e3, 2) : "–"}</td>`
      + `<td>${c ? fmt(c.timePerOutputTokenSeconds * 1e3, 3) : "–"}</td><td>${c ? fmt(c.tokensPerSecond, 1) : "–"}</td></tr>`;
  });
  $("engine-table").tBodies[0].innerHTML = rows.join("");
  const first = doc.engine[all[0].label];
  $("engine-title").textContent = `As ${first.engine} runs it (calibrated; GEMMs at ${first.gemmPrecision}, attention at ${first.attentionPrecision})`;
  $("engine-provenance").textContent = `${first.provenance}. ${first.data}.`;
}

// A paper formula's count beside the exact count of the same schedules.
function showPaper(doc) {
  const unit = doc.unit === "flops" ? "FLOPs" : "MACs";
  const row = (label, stage) => `<tr data-schedule="${label}"><th scope="row">${label}</th>`
    + `<td class="formula">${fmt(stage.formula / 1e12, 3)} T${unit}</td><td class="exact">${fmt(stage.exactFLOPs / 1e12, 3)} TFLOPs</td>`
    + `<td>${fmt(stage.formulaOverExact, 3)}</td></tr>`;
  $("paper-table").tBodies[0].innerHTML = doc.schedules.map((s) => row(`${s.label}, prefill`, s.prefill)
    + (s.total ? row(`${s.label}, prefill + decode`, s.total) : "")).join("");
  $("paper-formula").textContent = `${doc.formula.source}: ${doc.formula.perLayer} per layer; ${doc.unitMeaning || ""}`;
  $("headline").textContent = `${doc.model}, ${doc.convention} convention, ${doc.workload.join("; ")}`;
  $("reference").textContent = "";
}

function showOperators(layerIndex, chartIndex) {
  const all = schedules(state.analysis);
  const s = all[Math.min(chartIndex, all.length - 1)];
  const layer = s.prefill.layers[layerIndex];
  if (!layer) return;
  const ops = layer.operators.slice().sort((a, b) => b.seconds - a.seconds);
  $("operators").innerHTML = `<h3>${s.label}, layer ${layer.index}: ${layer.queryTokens} tokens, ${fmt(layer.seconds * 1e3, 3)} ms</h3>`
    + `<table id="operator-table"><thead><tr><th>operator</th><th>GFLOPs</th><th>GB moved</th><th>ms</th><th>bound</th></tr></thead><tbody>`
    + ops.map((op) => `<tr><th scope="row">${op.name}</th><td>${fmt(op.ops / 1e9, 3)}</td><td>${fmt(op.bytes / 1e9, 4)}</td>`
      + `<td>${fmt(op.seconds * 1e3, 4)}</td><td>${op.bound}</td></tr>`).join("") + "</tbody></table>";
}

document.addEventListener("click", (event) => {
  const bar = event.target.closest("rect[data-layer]");
  if (!bar || !state.analysis) return;
  const chart = bar.closest("svg");
  showOperators(Number(bar.dataset.layer), Number((chart.id.match(/per-layer-(\d+)/) || [0, 0])[1]));
});

function methodTFLOPs(doc) {
  const all = schedules(doc);
  return all[all.length - 1].prefill.ops / 1e12;
}

// The sweep for "methods at equal cost" and the frontier: every method over a coarse grid of its
// parameters, at this prompt, within the budget (the method's own cost unless one is given).
function exploreBody(base, doc) {
  const layers = doc.inputs ? doc.inputs.model.layerCount : (doc.exact.inputs.model.layerCount);
  const body = { methods: "all", "merge-keep": "1,0.5,0.25,0.125", "prune-start": `0...${layers - 1}:3`,
    "prune-step": "0...0.5:0.05", "fastv-k": `0...${layers}:2`, "fastv-ratio": "0.1...0.9", "pdrop-lambda": "0.1...0.9",
    "vtw-layer": `1...${layers}`, "keep-ratio": "0.05...1" };
  for (const key of ["model", "model-config", "hardware", "frames", "convention", "batch", "tp", "w-bit", "a-bit", "dtype", "kv-dtype",
    "flash-attention"]) {
    if (key in base) body[key] = base[key];
  }
  if (body.convention === "both") body.convention = "exact";  // a sweep prices the convention reported
  // The frames at the size asked; with end to end, each time includes the tower (its layers as chosen).
  if ("frame-size" in base) body["frame-size"] = base["frame-size"];
  if (controlValue("end-to-end")) {
    body["end-to-end"] = true;
    if ("vision-layers" in base) body["vision-layers"] = base["vision-layers"];
  }
  if (body.hardware === undefined && base["hardware-file"]) delete body.hardware;
  const budget = controlValue("budget-tflops");
  body["budget-tflops"] = budget ? Number(budget) : Number(methodTFLOPs(doc).toFixed(4));
  return body;
}

async function refresh() {
  const seq = ++state.seq;
  updateURL();
  showOutputs();
  const body = analyzeBody();
  const started = performance.now();
  setStatus("pricing…", "busy");
  try {
    const view = await post("/api/view/analyze", body, "analyze");
    if (seq !== state.seq) return;
    const paper = !!view.document.formula;
    showViews(paper);
    state.analysis = paper ? null : view.document;
    drawCharts(view.charts);
    if (paper) showPaper(view.document); else showTotals(view.document);
    showError("");
    const ms = performance.now() - started;
    setStatus(`priced in ${ms.toFixed(0)} ms`, "ready");
    document.body.dataset.roundTripMs = ms.toFixed(1);
    if (!view.charts.request) document.querySelector('[data-chart="request"]').innerHTML = '<p class="note">Set generated tokens above 0 to price a whole request.</p>';
    if (paper) { document.body.dataset.rendered = String(seq); return; }  // no sweep or device prices a formula's count
    refreshSweeps(body, view.document, seq);
  } catch (error) {
    if (error.name === "AbortError") return;
    if (seq !== state.seq) return;
    showError(error.message);
    setStatus("error", "error");
  }
}

async function refreshSweeps(body, doc, seq) {
  const compareBody = {};
  // compare takes analyze's fields but the engine's (its own request) and one convention.
  const notCompared = ["hardware", "hardware-file", "engine", "context", "flops-unit"];
  for (const [key, value] of Object.entries(body)) if (!notCompared.includes(key)) compareBody[key] = value;
  if (compareBody.convention === "both") compareBody.convention = "exact";
  if (controlValue("end-to-end")) compareBody["end-to-end"] = true;
  if (body["hardware-file"]) compareBody["hardware-file"] = body["hardware-file"];
  else if (body.hardware) compareBody.hardware = `${body.hardware},${"a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm,mi300x,l40s,rtx-4090"}`;
  try {
    const [explore, compare] = await Promise.all([
      post("/api/view/explore", exploreBody(body, doc), "explore"),
      post("/api/view/compare", compareBody, "compare"),
    ]);
    if (seq !== state.seq) return;
    drawCharts(explore.charts);
    drawCharts(compare.charts);
    document.body.dataset.rendered = String(seq);
  } catch (error) {
    if (error.name === "AbortError" || seq !== state.seq) return;
    document.querySelector('[data-chart="methods"]').innerHTML = `<p class="error">${error.message}</p>`;
    document.body.dataset.rendered = String(seq);
  }
}

let timer = null;
function schedule() {
  clearTimeout(timer);
  showOutputs();
  timer = setTimeout(refresh, 120);
}

function readUpload(kind, file) {
  const reader = new FileReader();
  reader.onload = () => {
    try {
      const content = JSON.parse(reader.result);
      state.uploads[kind] = { name: file.name, content };
      $(`${kind}-upload`).textContent = `using ${file.name} (uploaded) `;
      const clear = document.createElement("button");
      clear.type = "button";
      clear.textContent = "clear";
      clear.onclick = () => { state.uploads[kind] = null; $(`${kind}-upload`).textContent = ""; schedule(); };
      $(`${kind}-upload`).appendChild(clear);
      schedule();
    } catch (error) {
      showError(`${file.name} is not JSON: ${error.message}`);
    }
  };
  reader.readAsText(file);
}

function wireUploads() {
  for (const kind of ["model", "hardware"]) {
    const drop = $(`${kind}-drop`);
    $(`${kind}-file`).addEventListener("change", (e) => e.target.files[0] && readUpload(kind, e.target.files[0]));
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer.files[0]) readUpload(kind, e.dataTransfer.files[0]);
    });
  }
}

async function fill(select, path, selected) {
  const response = await fetch(path);
  const items = await response.json();
  select.innerHTML = items.map((item) => `<option value="${item.name}">${item.name}</option>`).join("");
  select.value = selected;
}

async function saveRun() {
  const body = analyzeBody();
  const label = $("label").value.trim();
  if (label) body.label = label;
  try {
    const saved = await post("/api/runs", body, "save");
    $("saved").textContent = `stored run ${saved.id}`;
  } catch (error) {
    $("saved").textContent = "not stored: " + error.message;
  }
}

async function start() {
  await Promise.all([fill($("model"), "/api/models", "qwen2-7b"), fill($("hardware"), "/api/hardware", "nvidia_A100")]);
  for (const name of PAGE_CONTROLS) defaults[name] = controlValue(name);
  for (const [name, value] of new URLSearchParams(location.search)) setControl(name, value);
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (e) => e.preventDefault());
  $("save").addEventListener("click", saveRun);
  wireUploads();
  refresh();
}

start().catch((error) => { showError(error.message); setStatus("error", "error"); });

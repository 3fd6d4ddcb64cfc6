// planqa's page for officials: vanilla JS over the JSON API, no build step, nothing loaded from outside.
// API paths are relative, so the page also works behind a proxy that serves planqa under a path prefix.
// All text from the server (plan text, answers, agency names) goes into the page through textContent or text
// nodes, never innerHTML: a plan file is whatever someone uploaded.
"use strict";

const I18N = {
  vi: {
    "title": "planqa — Tra cứu kế hoạch",
    "tagline": "Tra cứu và hỏi đáp kế hoạch của cơ quan nhà nước",
    "tab.ask": "Hỏi đáp", "tab.plans": "Kế hoạch", "tab.indicators": "So sánh chỉ tiêu", "tab.add": "Thêm kế hoạch",
    "docs": "Tài liệu API",
    "ask.label": "Câu hỏi", "ask.placeholder": "Đặt câu hỏi về các kế hoạch…", "ask.button": "Hỏi",
    "ask.hint": "Ví dụ: “Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?”, “Kế hoạch nào ban hành sớm nhất?”",
    "ask.citations": "Trích dẫn", "ask.asking": "Đang tìm câu trả lời…",
    "ask.found": "Có câu trả lời", "ask.missing": "Không tìm thấy trong kế hoạch",
    "ask.noCitations": "Không có trích dẫn.", "ask.openCitation": "Mở trích dẫn {0} trong kế hoạch",
    "plans.province": "Tỉnh/thành phố", "plans.level": "Cấp", "plans.year": "Năm", "plans.all": "Tất cả",
    "plans.text": "Tìm trong tên, số hiệu", "plans.count": "{0}/{1} kế hoạch", "plans.loading": "Đang tải…",
    "col.number": "Số hiệu", "col.date": "Ngày", "col.title": "Trích yếu", "col.issuer": "Cơ quan ban hành",
    "col.locality": "Địa bàn", "col.level": "Cấp", "col.indicator": "Chỉ tiêu", "col.content": "Nội dung",
    "col.targets": "Mục tiêu", "col.agencies": "Cơ quan được giao", "col.plan": "Kế hoạch",
    "col.status": "Trạng thái", "col.indicators": "Số chỉ tiêu", "col.warnings": "Cần kiểm tra",
    "plan.back": "← Danh sách kế hoạch", "plan.indicators": "Chỉ tiêu và cơ quan được giao",
    "plan.noIndicators": "Kế hoạch không có chỉ tiêu đánh số.", "plan.text": "Toàn văn", "plan.section": "Mục",
    "plan.question": "Câu hỏi", "plan.compare": "So sánh chỉ tiêu này giữa các kế hoạch", "plan.backToAnswer": "← Quay lại câu trả lời", "plan.loading": "Đang mở kế hoạch…", "plan.cited": "Đoạn được trích dẫn được tô sáng bên dưới.",
    "meta.number": "Số hiệu", "meta.date": "Ngày ban hành", "meta.issuer": "Cơ quan ban hành",
    "meta.locality": "Địa bàn", "meta.province": "Tỉnh/thành phố", "meta.level": "Cấp",
    "meta.signer": "Người ký", "meta.legal": "Căn cứ", "meta.source": "Tệp", "meta.blank": "(để trống)",
    "plan": "Kế hoạch", "plan.noNumber": "Kế hoạch (chưa có số hiệu)",
    "level.tỉnh": "Tỉnh", "level.thành phố": "Thành phố", "level.huyện": "Huyện", "level.quận": "Quận",
    "level.thị xã": "Thị xã", "level.xã": "Xã", "level.phường": "Phường", "level.thị trấn": "Thị trấn",
    "role.chủ trì": "chủ trì", "role.phối hợp": "phối hợp", "role.thực hiện": "thực hiện",
    "compare.number": "Chỉ tiêu số", "compare.locality": "Địa bàn (không bắt buộc)", "compare.button": "So sánh",
    "compare.count": "Chỉ tiêu {0}: {1} kế hoạch", "compare.none": "Không kế hoạch nào có chỉ tiêu {0}.",
    "add.intro": "Tải lên tệp kế hoạch (.txt, .md, .docx, .pdf, .html). Cần khóa API của máy chủ (PLANQA_API_KEY).",
    "add.files": "Tệp kế hoạch", "add.key": "Khóa API", "add.button": "Thêm vào kho",
    "add.sending": "Đang tải lên và lập chỉ mục…", "add.done": "Đã cập nhật kho: {0} kế hoạch.",
    "status.added": "đã thêm", "status.replaced": "đã thay", "status.unchanged": "không đổi", "status.removed": "đã xóa",
    "err.prefix": "Không thực hiện được ({0})", "err.server": "Máy chủ trả lời", "err.network": "Không kết nối được máy chủ.",
    "err.401": "Khóa API không đúng.", "err.403": "Máy chủ chưa bật chức năng thêm kế hoạch.",
    "err.404": "Không tìm thấy.", "err.409": "Xung đột với kho hiện tại.", "err.413": "Tệp quá lớn.",
    "err.415": "Định dạng tệp không được hỗ trợ.", "err.422": "Dữ liệu không hợp lệ hoặc không đọc được tệp.",
    "health": "{0} kế hoạch · {1} đoạn · mô hình {2}",
    "switch": "English",
  },
  en: {
    "title": "planqa — Plan search",
    "tagline": "Search and questions over government plans",
    "tab.ask": "Ask", "tab.plans": "Plans", "tab.indicators": "Compare indicators", "tab.add": "Add a plan",
    "docs": "API docs",
    "ask.label": "Question", "ask.placeholder": "Ask a question about the plans…", "ask.button": "Ask",
    "ask.hint": "For example: “Which agency handles indicator 14 in Hải Dương?”, “Which plan was issued first?”",
    "ask.citations": "Citations", "ask.asking": "Looking for the answer…",
    "ask.found": "Answered", "ask.missing": "Not found in the plans",
    "ask.noCitations": "No citations.", "ask.openCitation": "Open citation {0} in its plan",
    "plans.province": "Province/city", "plans.level": "Level", "plans.year": "Year", "plans.all": "All",
    "plans.text": "Search title, number", "plans.count": "{0}/{1} plans", "plans.loading": "Loading…",
    "col.number": "Number", "col.date": "Date", "col.title": "Title", "col.issuer": "Issued by",
    "col.locality": "Locality", "col.level": "Level", "col.indicator": "Indicator", "col.content": "Content",
    "col.targets": "Targets", "col.agencies": "Agencies assigned", "col.plan": "Plan",
    "col.status": "Status", "col.indicators": "Indicators", "col.warnings": "To check",
    "plan.back": "← All plans", "plan.indicators": "Indicators and agencies assigned",
    "plan.noIndicators": "This plan has no numbered indicators.", "plan.text": "Full text", "plan.section": "Section",
    "plan.question": "Question", "plan.compare": "Compare this indicator across plans", "plan.backToAnswer": "← Back to the answer", "plan.loading": "Opening the plan…", "plan.cited": "The cited passage is highlighted below.",
    "meta.number": "Number", "meta.date": "Issued", "meta.issuer": "Issued by",
    "meta.locality": "Locality", "meta.province": "Province/city", "meta.level": "Level",
    "meta.signer": "Signed by", "meta.legal": "Legal basis", "meta.source": "File", "meta.blank": "(left blank)",
    "plan": "Plan", "plan.noNumber": "Plan (no number)",
    "level.tỉnh": "Province", "level.thành phố": "City", "level.huyện": "District", "level.quận": "Urban district",
    "level.thị xã": "Town", "level.xã": "Commune", "level.phường": "Ward", "level.thị trấn": "Township",
    "role.chủ trì": "lead", "role.phối hợp": "supporting", "role.thực hiện": "implementing",
    "compare.number": "Indicator number", "compare.locality": "Locality (optional)", "compare.button": "Compare",
    "compare.count": "Indicator {0}: {1} plans", "compare.none": "No plan has an indicator {0}.",
    "add.intro": "Upload plan files (.txt, .md, .docx, .pdf, .html). The server's API key (PLANQA_API_KEY) is needed.",
    "add.files": "Plan files", "add.key": "API key", "add.button": "Add to the corpus",
    "add.sending": "Uploading and indexing…", "add.done": "Corpus updated: {0} plans.",
    "status.added": "added", "status.replaced": "replaced", "status.unchanged": "unchanged", "status.removed": "removed",
    "err.prefix": "Could not do it ({0})", "err.server": "The server says", "err.network": "Cannot reach the server.",
    "err.401": "Wrong API key.", "err.403": "Adding plans is switched off on this server.",
    "err.404": "Not found.", "err.409": "Conflicts with the current corpus.", "err.413": "The file is too large.",
    "err.415": "This file type is not supported.", "err.422": "Invalid input, or the file cannot be read.",
    "health": "{0} plans · {1} passages · model {2}",
    "switch": "Tiếng Việt",
  },
};

const LANG_KEY = "planqa.lang";
let lang = I18N[localStorage.getItem(LANG_KEY)] ? localStorage.getItem(LANG_KEY) : "vi";
let documentsCache = null;          // GET /documents, shared by the list, labels and the comparison
const planCache = new Map();        // doc_id -> GET /documents/{doc_id}
const answerCache = new Map();      // question -> POST /ask response, so "back" from a plan shows it again
let lastQuestion = null;

function t(key, ...args) {
  const text = (I18N[lang] && I18N[lang][key]) ?? I18N.vi[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ""));
}

// Build an element; children are nodes or strings (strings become text nodes, so they are never parsed as HTML).
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null) continue;
    if (k === "className") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const $ = (sel) => document.querySelector(sel);

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

// The API answers every refusal with a JSON `detail`: a sentence, or (for some validation errors) a list.
function detailText(body) {
  const d = body && body.detail;
  if (typeof d === "string") return d;
  if (Array.isArray(d)) return d.map((e) => (e && e.msg) || JSON.stringify(e)).join("; ");
  return d ? JSON.stringify(d) : "";
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, t("err.network"));
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new ApiError(response.status, detailText(body) || response.statusText);
  return body;
}

function showError(node, err) {
  node.className = "status error";
  const status = err instanceof ApiError ? err.status : 0;
  const known = status && I18N.vi["err." + status] ? t("err." + status) + " " : "";
  node.textContent = status ? `${t("err.prefix", status)}: ${known}${t("err.server")}: “${err.detail}”`
    : (err.message || String(err));
}

function showStatus(node, text, kind = "") {
  node.className = "status" + (kind ? " " + kind : "");
  node.textContent = text;
}

function formatDate(iso) {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) return iso;
  return m[3] ? `${m[3]}/${m[2]}/${m[1]}` : `${m[2]}/${m[1]}`;
}

// The index names a plan's level in Vietnamese ("tỉnh", "huyện", "xã", "phường"); an unknown one is shown as is.
function levelName(level) {
  if (!level) return "";
  return I18N[lang]["level." + level] || level;
}

function planLabel(doc) {
  if (!doc) return "";
  return doc.number ? `${t("plan")} ${doc.number}` : t("plan.noNumber");
}

// the list endpoints answer a page at a time (limit at most 1000): read pages until a short one says it was the last
const PAGE = 1000;
async function allPages(path, rowsOf = (body) => body) {
  const rows = [];
  for (;;) {
    const sep = path.includes("?") ? "&" : "?";
    const page = rowsOf(await api(`${path}${sep}limit=${PAGE}&offset=${rows.length}`));
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

async function documents(refresh = false) {
  if (!documentsCache || refresh) documentsCache = await allPages("documents");
  return documentsCache;
}

async function plan(docId) {
  if (!planCache.has(docId)) planCache.set(docId, await api(`documents/${encodeURIComponent(docId)}`));
  return planCache.get(docId);
}

// ---- language ------------------------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  const button = $("#lang-switch");
  button.textContent = t("switch");
  button.lang = lang === "vi" ? "en" : "vi";
}

function switchLanguage() {
  lang = lang === "vi" ? "en" : "vi";
  localStorage.setItem(LANG_KEY, lang);
  applyLanguage();
  route(true); // re-render what is shown in the new language (from the caches: no new requests)
  health();
}

// ---- ask -----------------------------------------------------------------------------------------------------

async function ask(question) {
  const status = $("#ask-status");
  $("#question").value = question;
  if (!answerCache.has(question)) {
    $("#answer").hidden = true;
    $("#ask-button").disabled = true;
    showStatus(status, t("ask.asking"));
    try {
      answerCache.set(question, await api("ask", {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }),
      }));
    } catch (err) {
      showError(status, err);
      return;
    } finally {
      $("#ask-button").disabled = false;
    }
  }
  showStatus(status, "");
  lastQuestion = question;
  renderAnswer(answerCache.get(question));
}

function citationHash(c, n) {
  const q = new URLSearchParams({ start: c.start, end: c.end, section: c.section || "", cite: n });
  if (lastQuestion) q.set("q", lastQuestion); // the plan view shows the answer it came from
  return `#/plan/${encodeURIComponent(c.doc_id)}?${q}`;
}

// The answer's "[2]" markers become buttons that open that citation.
function answerWithRefs(text, citations) {
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(m[1]);
    if (n < 1 || n > citations.length) continue;
    parts.push(text.slice(at, m.index));
    parts.push(el("button", {
      type: "button", className: "ref", title: t("ask.openCitation", n),
      onclick: () => { location.hash = citationHash(citations[n - 1], n); },
    }, `[${n}]`));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

function renderAnswer(res) {
  const badge = $("#answer-found");
  badge.textContent = res.found ? t("ask.found") : t("ask.missing");
  badge.className = "badge " + (res.found ? "found" : "missing");
  $("#answer-text").replaceChildren(...answerWithRefs(res.answer, res.citations));
  $("#answer-plans").replaceChildren(...(res.plans || []).map((p) => el("a", {
    className: "chip", href: `#/plan/${encodeURIComponent(p.doc_id)}`,
  }, [p.number ? `${t("plan")} ${p.number}` : t("plan.noNumber"), p.locality ? ` — ${p.locality}` : ""].join(""))));
  const list = $("#citations");
  list.replaceChildren(...res.citations.map((c, i) => el("li", { dataset: { docId: c.doc_id } },
    el("span", { className: "cite-no" }, String(i + 1)),
    el("div", { className: "cite-body" },
      el("button", {
        type: "button", className: "cite-open", title: t("ask.openCitation", i + 1),
        onclick: () => { location.hash = citationHash(c, i + 1); },
      },
      el("div", { className: "cite-plan" },
        [planLabel(c), c.locality, formatDate(c.date)].filter(Boolean).join(" — ")),
      el("div", { className: "cite-section" }, c.section || ""),
      el("div", { className: "cite-quote" }, c.quote || ""))))));
  if (!res.citations.length) list.replaceChildren(el("li", { className: "muted" }, t("ask.noCitations")));
  $("#answer").hidden = false;
}

// ---- plans ---------------------------------------------------------------------------------------------------

function fillSelect(select, values, label = (v) => v) {
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, t("plans.all")),
    ...values.map((v) => el("option", { value: v }, label(v))));
  if (values.includes(chosen)) select.value = chosen;
}

const provinceOf = (d) => d.province || d.locality || "";
const yearOf = (d) => (d.date || "").slice(0, 4);
const fold = (s) => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
  .toLowerCase();

async function showPlans() {
  const tbody = $("#plans-table tbody");
  let docs;
  try {
    docs = await documents();
  } catch (err) {
    showError($("#plans-count"), err);
    return;
  }
  const uniq = (xs) => [...new Set(xs.filter(Boolean))].sort((a, b) => a.localeCompare(b, "vi"));
  fillSelect($("#filter-province"), uniq(docs.map(provinceOf)));
  fillSelect($("#filter-level"), uniq(docs.map((d) => d.level)), levelName);
  fillSelect($("#filter-year"), uniq(docs.map(yearOf)).reverse());
  const province = $("#filter-province").value, level = $("#filter-level").value, year = $("#filter-year").value;
  const words = fold($("#filter-text").value).split(/\s+/).filter(Boolean);
  const shown = docs.filter((d) => (!province || provinceOf(d) === province) && (!level || d.level === level)
    && (!year || yearOf(d) === year)
    && words.every((w) => fold([d.title, d.number, d.issuer, d.locality].join(" ")).includes(w)))
    .sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  tbody.replaceChildren(...shown.map((d) => {
    const href = `#/plan/${encodeURIComponent(d.doc_id)}`;
    return el("tr", { dataset: { docId: d.doc_id } },
      el("td", { className: "num" }, el("a", { href }, d.number || "—")),
      el("td", {}, formatDate(d.date)),
      el("td", {}, el("a", { href }, d.title || d.source)),
      el("td", {}, d.issuer || ""),
      el("td", {}, [d.locality, d.province && d.province !== d.locality ? d.province : ""].filter(Boolean).join(", ")),
      el("td", {}, levelName(d.level)));
  }));
  $("#plans-count").className = "muted";
  $("#plans-count").textContent = t("plans.count", shown.length, docs.length);
}

// ---- one plan --------------------------------------------------------------------------------------------------

// Python's offsets count code points, JS strings count UTF-16 units: they differ only past the BMP.
function sliceCodePoints(text, start, end) {
  if (!/[\uD800-\uDFFF]/.test(text)) return [text.slice(0, start), text.slice(start, end), text.slice(end)];
  const cps = Array.from(text);
  return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
}

function agenciesByIndicator(assignments) {
  const by = new Map();
  for (const a of assignments || []) {
    for (const n of a.indicators || []) {
      if (!by.has(n)) by.set(n, []);
      const list = by.get(n);
      if (!list.some((x) => x.agency === a.agency && x.role === a.role)) list.push(a);
    }
  }
  return by;
}

function targetsCell(targets) {
  if (!targets || !targets.length) return "";
  return el("ul", {}, targets.map((tg) => el("li", {}, tg.text || tg.value)));
}

function agenciesCell(list) {
  if (!list || !list.length) return "";
  return el("ul", {}, list.map((a) => {
    const agency = typeof a === "string" ? a : a.agency;
    const role = typeof a === "string" ? "" : a.role;
    return el("li", {}, agency, role ? el("span", { className: "muted" }, ` (${I18N[lang]["role." + role] || role})`) : "");
  }));
}

async function showPlan(docId, params) {
  const status = $("#plan-status");
  showStatus(status, planCache.has(docId) ? "" : t("plan.loading"));
  $("#plan").hidden = true;
  $("#plan-context").hidden = true;
  let doc;
  try {
    doc = await plan(docId);
  } catch (err) {
    showError(status, err);
    return;
  }
  $("#plan-title").textContent = [planLabel(doc), doc.title].filter(Boolean).join(": ");
  const meta = [
    ["meta.number", doc.number || t("meta.blank")], ["meta.date", formatDate(doc.date)],
    ["meta.issuer", doc.issuer], ["meta.locality", [doc.locality, doc.district].filter(Boolean).join(", ")],
    ["meta.province", doc.province], ["meta.level", levelName(doc.level)],
    ["meta.signer", [doc.signer, doc.signer_role].filter(Boolean).join(" — ")],
    ["meta.legal", (doc.legal_basis || []).map((l) => [l.type, l.number, formatDate(l.date)].filter(Boolean)
      .join(" ")).join("; ")],
    ["meta.source", doc.source],
  ].filter(([, v]) => v);
  $("#plan-meta").replaceChildren(...meta.flatMap(([k, v]) => [el("dt", {}, t(k)), el("dd", {}, v)]));
  $("#plan-warnings").replaceChildren(...(doc.warnings || []).map((w) => el("div", {}, "⚠ " + w)));

  const byNumber = agenciesByIndicator(doc.assignments);
  const indicators = doc.indicators || [];
  $("#plan-no-indicators").hidden = indicators.length > 0;
  $("#plan-indicators").hidden = indicators.length === 0;
  $("#plan-indicators tbody").replaceChildren(...indicators.map((ind) => el("tr", {},
    el("td", { className: "num" }, el("a", {
      href: `#/indicators?n=${ind.number}`, title: t("plan.compare"),
    }, String(ind.number))),
    el("td", {}, ind.text),
    el("td", {}, targetsCell(ind.targets)),
    el("td", {}, agenciesCell(byNumber.get(ind.number))))));

  // The plan's text is what citation offsets index (the text read from its file), so the passage is cut out of
  // it exactly rather than searched for.
  const start = Number(params.get("start")), end = Number(params.get("end"));
  const textBox = $("#plan-text");
  const cited = params.has("start") && Number.isInteger(start) && Number.isInteger(end) && start >= 0
    && end > start && end <= doc.text.length + 1;
  let mark = null;
  if (cited) {
    const [before, passage, after] = sliceCodePoints(doc.text, start, end);
    mark = el("mark", { className: "passage", id: "cited-passage" }, passage);
    textBox.replaceChildren(before, mark, after);
  } else {
    textBox.replaceChildren(doc.text);
  }
  showContext(params.get("q"));
  // opened from a citation, the passage comes first; from the list, the plan's indicators do
  $("#plan").insertBefore($("#plan-text-part"), cited ? $("#plan-indicators-part") : null);
  const section = params.get("section");
  $("#passage-path").hidden = !(cited && section);
  $("#passage-section").textContent = section || "";
  showStatus(status, cited && $("#plan-context").hidden ? t("plan.cited") : "");
  $("#plan").hidden = false;
  if (mark) {
    // the passage a third of the way down the text box (positioned, so offsetTop is within it)
    textBox.scrollTop = Math.max(0, mark.offsetTop - textBox.clientHeight / 3);
  }
  window.scrollTo(0, 0);
  // on a short window the box itself may start below the fold: bring the passage up
  if (mark && mark.getBoundingClientRect().bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
}

// The question and answer a citation was opened from, above the plan, with the way back.
function showContext(question) {
  const res = question && answerCache.get(question);
  $("#plan-context").hidden = !res;
  if (!res) return;
  $("#context-question").textContent = question;
  $("#context-answer").replaceChildren(...answerWithRefs(res.answer, res.citations));
  $("#context-back").href = `#/ask?${new URLSearchParams({ q: question })}`;
}

// ---- indicator across plans ----------------------------------------------------------------------------------

let compareCall = 0; // only the latest comparison asked for is shown, whichever answer arrives last

async function compare(number, locality) {
  const call = ++compareCall;
  const status = $("#compare-status");
  $("#compare-number").value = number;
  $("#compare-locality").value = locality || "";
  showStatus(status, t("plans.loading"));
  let rows, docs;
  try {
    const q = new URLSearchParams({ number });
    if (locality) q.set("locality", locality);
    [rows, docs] = [await allPages(`indicators?${q}`, (body) => body.indicators), await documents()];
  } catch (err) {
    if (call !== compareCall) return;
    $("#compare-table").hidden = true;
    showError(status, err);
    return;
  }
  if (call !== compareCall) return; // a later comparison was asked for while this one was loading
  const byId = new Map(docs.map((d) => [d.doc_id, d]));
  const plans = new Set(rows.map((r) => r.doc_id));
  showStatus(status, rows.length ? t("compare.count", number, plans.size) : t("compare.none", number));
  $("#compare-table").hidden = rows.length === 0;
  $("#compare-table tbody").replaceChildren(...rows.map((r) => {
    const d = byId.get(r.doc_id);
    return el("tr", { dataset: { docId: r.doc_id } },
      el("td", { className: "num" }, el("a", { href: `#/plan/${encodeURIComponent(r.doc_id)}` }, planLabel(d) || r.doc_id)),
      el("td", {}, r.locality || ""),
      el("td", {}, r.text),
      el("td", {}, targetsCell(r.targets)),
      el("td", {}, agenciesCell(r.agencies)));
  }));
}

// ---- add a plan ----------------------------------------------------------------------------------------------

async function addPlans(event) {
  event.preventDefault();
  const status = $("#add-status");
  const files = $("#add-files").files;
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  const button = $("#add-form button");
  button.disabled = true;
  $("#add-result").hidden = true;
  showStatus(status, t("add.sending"));
  let res;
  try {
    res = await api("documents", {
      method: "POST", body: form, headers: { authorization: `Bearer ${$("#add-key").value.trim()}` },
    });
  } catch (err) {
    showError(status, err);
    return;
  } finally {
    button.disabled = false;
  }
  documentsCache = null;
  answerCache.clear(); // answers may change with the new plans
  for (const p of res.documents) planCache.delete(p.doc_id);
  showStatus(status, t("add.done", res.index.documents), "success");
  $("#add-result tbody").replaceChildren(...res.documents.map((p) => el("tr", {},
    el("td", {}, p.status === "removed" ? p.doc_id : el("a", { href: `#/plan/${encodeURIComponent(p.doc_id)}` },
      p.title || p.source)),
    el("td", {}, t("status." + p.status)),
    el("td", {}, p.number || ""),
    el("td", {}, p.locality || ""),
    el("td", {}, String(p.indicators)),
    el("td", {}, (p.warnings || []).join("; ")))));
  $("#add-result").hidden = false;
  health();
}

// ---- routing: #/ask?q=…, #/plans, #/plan/<doc_id>?start=&end=&section=, #/indicators?n=&loc=, #/add -----------

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?");
  return { parts: path.split("/").map(decodeURIComponent), params: new URLSearchParams(query) };
}

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  const tab = view === "plan" ? "plans" : view;
  for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.view === tab);
}

function route(rerender = false) {
  const { parts, params } = parseHash();
  const view = parts[0] || "ask";
  if (view === "plan" && parts[1]) {
    show("plan");
    showPlan(parts[1], params);
  } else if (view === "plans") {
    show("plans");
    showPlans();
  } else if (view === "indicators") {
    show("indicators");
    compare(Number(params.get("n")) || Number($("#compare-number").value) || 1, params.get("loc") || "");
  } else if (view === "add") {
    show("add");
  } else {
    show("ask");
    const q = params.get("q");
    if (q) ask(q);
    else if (rerender && lastQuestion && answerCache.has(lastQuestion)) renderAnswer(answerCache.get(lastQuestion));
  }
}

async function health() {
  try {
    const h = await api("health");
    $("#health").textContent = `planqa · ${t("health", h.documents, h.passages, h.model)}`;
  } catch (err) {
    $("#health").textContent = "";
  }
}

function init() {
  applyLanguage();
  $("#lang-switch").addEventListener("click", switchLanguage);
  $("#ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("#question").value.trim();
    if (!q) return;
    const hash = `#/ask?${new URLSearchParams({ q })}`;
    if (location.hash === hash) ask(q);
    else location.hash = hash;
  });
  for (const id of ["#filter-province", "#filter-level", "#filter-year"]) $(id).addEventListener("change", showPlans);
  $("#filter-text").addEventListener("input", showPlans);
  $("#compare-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams({ n: $("#compare-number").value });
    const loc = $("#compare-locality").value.trim();
    if (loc) q.set("loc", loc);
    if (location.hash === `#/indicators?${q}`) route();
    else location.hash = `#/indicators?${q}`;
  });
  $("#add-form").addEventListener("submit", addPlans);
  window.addEventListener("hashchange", () => route());
  route();
  health();
}

init();

// app.js: the script of jixiao-serve's page. The page's whole state is
// its URL (the query, the filters, the page, the report shown), so that
// a search can be bookmarked and sent on; each state is drawn from the
// JSON API (/api/search, /api/count, /api/report), whose answers have
// the schema of jixiao-search --json. Text from reports is only ever set
// as textContent, never as HTML.
"use strict";

const PAGE = 10; // reports per page
const FILTERS = ["year", "dept", "region", "title", "min-score", "max-score", "grade", "type"];
const NAMES = {
  year: "年度", dept: "部门", region: "地区", title: "标题", "min-score": "最低分",
  "max-score": "最高分", grade: "等级", type: "类型", q: "检索式"
};
const FIELD_NAMES = {
  title: "标题", department: "部门", region: "地区", year: "年度", score: "总分",
  grade: "等级", report_type: "类型", type: "类型", published: "发布日期"
};
const SOURCE_NAMES = { text: "正文", properties: "文件属性", sidecar: "附加文件", manifest: "清单" };

const $ = (id) => document.getElementById(id);

// el(tag, attrs, ...children): a new element; strings become text nodes.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

// The state in the URL, as URLSearchParams.
function state() { return new URLSearchParams(location.search); }

// Goes to a new state (a new history entry) and draws it.
function go(params) {
  for (const [k, v] of [...params]) if (v === "") params.delete(k);
  const s = params.toString();
  history.pushState(null, "", s ? "/?" + s : "/");
  draw();
}

// The API's parameters for the current state (the page's own keys out).
function apiParams(st) {
  const p = new URLSearchParams();
  for (const k of ["q", "sort", ...FILTERS]) if (st.get(k)) p.set(k, st.get(k));
  return p;
}

// Fetches an API address; resolves to the lines of JSON Lines parsed,
// or rejects with the server's message.
async function api(path, params) {
  const r = await fetch(path + "?" + params.toString());
  const body = await r.text();
  const rows = body.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  if (!r.ok) throw new Error(rows.length && rows[0].message ? rows[0].message : "HTTP " + r.status);
  return rows;
}

function showError(msg) {
  const e = $("error");
  e.hidden = !msg;
  e.textContent = msg ? "出错了：" + msg : "";
}

// Appends to parent the text with the [start, end) character ranges in
// spans marked.
function marked(parent, text, spans) {
  const chars = Array.from(text || "");
  let at = 0;
  for (const [a, b] of spans || []) {
    if (a > at) parent.append(chars.slice(at, a).join(""));
    parent.append(el("mark", {}, chars.slice(a, b).join("")));
    at = b;
  }
  if (at < chars.length) parent.append(chars.slice(at).join(""));
  return parent;
}

// A passage's text cut to about 160 characters around its matches, with
// the spans moved to the cut.
function excerpt(text, spans) {
  const chars = Array.from(text || "");
  const max = 160;
  if (chars.length <= max) return [text, spans];
  const first = spans.length ? spans[0][0] : 0;
  const from = Math.max(0, Math.min(first - 40, chars.length - max));
  const to = Math.min(chars.length, from + max);
  const kept = spans.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a - from, b - from]);
  return [(from ? "…" : "") + chars.slice(from, to).join("") + (to < chars.length ? "…" : ""),
    kept.map(([a, b]) => (from ? [a + 1, b + 1] : [a, b]))];
}

// Fills the filter form and the chips from the state.
function drawFilters(st) {
  $("q").value = st.get("q") || "";
  const year = st.get("year") || "";
  const [y1, y2] = year.includes("..") ? year.split("..") : [year, year];
  $("f-year-from").value = y1 || "";
  $("f-year-to").value = y2 || "";
  $("f-dept").value = st.get("dept") || "";
  $("f-region").value = st.get("region") || "";
  $("f-min").value = st.get("min-score") || "";
  $("f-max").value = st.get("max-score") || "";
  $("f-grade").value = st.get("grade") || "";
  $("f-type").value = st.get("type") || "";
  $("f-sort").value = st.get("sort") || "";
  const chips = $("chips");
  chips.replaceChildren();
  for (const k of FILTERS) {
    if (!st.get(k)) continue;
    chips.append(el("span", { class: "chip", "data-filter": k }, NAMES[k] + "：" + st.get(k),
      el("button", {
        type: "button", title: "去掉此条件", "aria-label": "去掉" + NAMES[k],
        onclick: () => { const s = state(); s.delete(k); s.delete("offset"); go(s); }
      }, "×")));
  }
}

// Reads the filter form into a new state (the query kept, paging reset).
function formState() {
  const s = state();
  s.delete("offset");
  s.delete("report");
  s.set("q", $("q").value.trim());
  const y1 = $("f-year-from").value.trim(), y2 = $("f-year-to").value.trim();
  // one year, a range, or a range open at one end ("2020..", "..2021")
  s.set("year", y1 && y2 ? (y1 === y2 ? y1 : y1 + ".." + y2) : y1 ? y1 + ".." : y2 ? ".." + y2 : "");
  s.set("dept", $("f-dept").value.trim());
  s.set("region", $("f-region").value.trim());
  s.set("min-score", $("f-min").value.trim());
  s.set("max-score", $("f-max").value.trim());
  s.set("grade", $("f-grade").value);
  s.set("type", $("f-type").value);
  s.set("sort", $("f-sort").value);
  return s;
}

// The bar chart of counts by year: two bars (reports, passages) a year,
// each a link that filters to its year.
function yearChart(rows, hasText) {
  const W = 560, H = 150, pad = 28, top = 22;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H + top + 36}`);
  svg.setAttribute("class", "chart");
  const years = rows.filter((r) => r.value !== null);
  if (!years.length) return el("p", { class: "muted" }, "无年度数据");
  const max = Math.max(...years.map((r) => (hasText ? Math.max(r.reports, r.passages) : r.reports)), 1);
  const slot = (W - pad) / years.length;
  const bw = Math.min(28, slot / 2.6);
  const ns = (t) => document.createElementNS("http://www.w3.org/2000/svg", t);
  years.forEach((r, i) => {
    const g = ns("g");
    g.setAttribute("class", "bar");
    g.setAttribute("data-year", r.value);
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    const x = pad + i * slot + slot / 2;
    const bars = hasText ? [["reports", r.reports, -bw], ["passages", r.passages, 0]] : [["reports", r.reports, -bw / 2]];
    for (const [cls, v, dx] of bars) {
      const h = Math.max(1, (v / max) * H);
      const rect = ns("rect");
      rect.setAttribute("x", x + dx);
      rect.setAttribute("y", H - h + top);
      rect.setAttribute("width", bw);
      rect.setAttribute("height", h);
      rect.setAttribute("class", cls);
      const t = ns("title");
      t.textContent = `${r.value}年：${r.reports} 份报告，${r.passages} 个段落`;
      rect.append(t);
      g.append(rect);
      const n = ns("text");
      n.setAttribute("x", x + dx + bw / 2);
      n.setAttribute("y", H - h + top - 4);
      n.setAttribute("class", "num");
      n.textContent = v;
      g.append(n);
    }
    const label = ns("text");
    label.setAttribute("x", x);
    label.setAttribute("y", H + top + 18);
    label.setAttribute("class", "label");
    label.textContent = r.value;
    g.append(label);
    const pick = () => { const s = state(); s.set("year", r.value); s.delete("offset"); go(s); };
    g.addEventListener("click", pick);
    g.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    svg.append(g);
  });
  const legend = el("p", { class: "legend" }, el("span", { class: "sw reports" }), " 报告数 ",
    hasText ? el("span", { class: "sw passages" }) : null, hasText ? " 段落数" : null);
  return el("div", {}, svg, legend);
}

// The top departments as horizontal bars; a click filters to one.
function deptChart(rows) {
  const top = rows.filter((r) => r.value !== null).slice(0, 8);
  if (!top.length) return el("p", { class: "muted" }, "无部门数据");
  const max = Math.max(...top.map((r) => r.reports), 1);
  return el("ul", { class: "hbars" }, ...top.map((r) => el("li", {},
    el("button", {
      type: "button", class: "dept-bar", title: r.value,
      onclick: () => { const s = state(); s.set("dept", r.value); s.delete("offset"); go(s); }
    }, el("span", { class: "name" }, r.value),
      el("span", { class: "fill" }),
      el("span", { class: "n" }, `${r.reports} 份`)))));
}

// Sets the widths of the department bars (CSP forbids inline styles in
// markup, not set through the DOM).
function sizeDeptBars(rows) {
  const max = Math.max(...rows.filter((r) => r.value !== null).map((r) => r.reports), 1);
  const fills = document.querySelectorAll("#chart-dept .fill");
  rows.filter((r) => r.value !== null).slice(0, 8).forEach((r, i) => {
    if (fills[i]) fills[i].style.width = Math.round((r.reports / max) * 100) + "%";
  });
}

// One result: a report with its best passages.
function resultItem(rank, rep, passages, st) {
  // the report's address keeps the search, for the way back
  const link = new URLSearchParams(st);
  link.set("report", rep.key);
  const meta = [
    rep.department || rep.region || "单位不详",
    rep.year ? rep.year + "年" : "年度不详",
    rep.score ? "总分 " + rep.score : "无总分",
    rep.grade ? "等级 " + rep.grade : null,
    rep.report_type,
    rep.matching_passages !== null && rep.matching_passages !== undefined ? `匹配 ${rep.matching_passages} 段` : null
  ].filter(Boolean);
  const li = el("li", { class: "hit", value: String(rank) },
    el("h3", {}, el("a", {
      href: "/?" + link.toString(), class: "report-link",
      onclick: (e) => { e.preventDefault(); go(link); }
    }, rep.title || rep.path.split("/").pop())),
    el("p", { class: "meta" }, meta.join(" · ")));
  for (const p of passages) {
    const [text, spans] = excerpt(p.text, p.matches);
    li.append(el("blockquote", { class: "passage" },
      p.heading ? marked(el("div", { class: "heading" }), p.heading, p.heading_matches) : null,
      marked(el("div", { class: "text" }), text, spans)));
  }
  return li;
}

// Draws the search results for a state.
async function drawResults(st) {
  $("results-view").hidden = false;
  $("report-view").hidden = true;
  const p = apiParams(st);
  const offset = Number(st.get("offset") || 0);
  const sp = new URLSearchParams(p);
  sp.set("limit", PAGE);
  sp.set("offset", offset);
  // nothing asked yet: every report, as jixiao-search --list-reports
  if (![...p.keys()].some((k) => k !== "sort")) sp.set("list-reports", "1");
  const csv = new URLSearchParams(p);
  csv.set("list-reports", "1");
  csv.set("format", "csv");
  csv.set("limit", "100000");
  $("csv").href = "/api/search?" + csv.toString();
  const byYear = new URLSearchParams(p); byYear.set("count-by", "year");
  const byDept = new URLSearchParams(p); byDept.set("count-by", "dept");
  $("results").replaceChildren(el("li", { class: "muted" }, "检索中…"));
  let rows, years, depts;
  try {
    [rows, years, depts] = await Promise.all([api("/api/search", sp),
      api("/api/count", byYear), api("/api/count", byDept)]);
  } catch (e) {
    showError(e.message);
    $("results").replaceChildren();
    $("totals").replaceChildren();
    $("chart-year").replaceChildren();
    $("chart-dept").replaceChildren();
    $("pager").replaceChildren();
    return;
  }
  showError("");
  const sum = years[0]; // exact: --count-by counts every match
  const hasText = sum.passages !== null;
  $("totals").replaceChildren(el("strong", { id: "total-reports" }, String(sum.reports)), " 份报告",
    hasText ? "，" : "", hasText ? el("strong", { id: "total-passages" }, String(sum.passages)) : "",
    hasText ? " 个段落匹配" : "");
  $("chart-year").replaceChildren(yearChart(years.slice(1), hasText));
  $("chart-dept").replaceChildren(deptChart(depts.slice(1)));
  sizeDeptBars(depts.slice(1));
  const ol = $("results");
  ol.replaceChildren();
  // group the passages by their report's rank
  const groups = new Map();
  for (const r of rows.slice(1)) {
    if (r.type !== "passage" && r.type !== "report") continue;
    if (!groups.has(r.rank)) groups.set(r.rank, { rep: r.type === "report" ? r : r.report, passages: [] });
    if (r.type === "passage") groups.get(r.rank).passages.push(r);
  }
  for (const [rank, g] of groups) ol.append(resultItem(rank, g.rep, g.passages, st));
  if (!groups.size) ol.append(el("li", { class: "muted" }, "没有匹配的报告。"));
  const pages = Math.max(1, Math.ceil(sum.reports / PAGE));
  const cur = Math.floor(offset / PAGE) + 1;
  const nav = $("pager");
  nav.replaceChildren();
  const to = (o) => { const s = state(); s.set("offset", String(o)); go(s); };
  if (cur > 1) nav.append(el("button", { type: "button", id: "prev", onclick: () => to(offset - PAGE) }, "上一页"));
  nav.append(el("span", {}, ` 第 ${cur} / ${pages} 页 `));
  if (cur < pages) nav.append(el("button", { type: "button", id: "next", onclick: () => to(offset + PAGE) }, "下一页"));
}

// Draws one report: metadata with where each field came from, the
// original's download, and its clean text with the matches marked.
async function drawReport(st) {
  $("results-view").hidden = true;
  const view = $("report-view");
  view.hidden = false;
  view.replaceChildren(el("p", { class: "muted" }, "读取中…"));
  const p = new URLSearchParams({ id: st.get("report") });
  if (st.get("q")) p.set("q", st.get("q"));
  let rep;
  try {
    [rep] = await api("/api/report", p);
  } catch (e) {
    view.replaceChildren();
    showError(e.message);
    return;
  }
  showError("");
  const back = new URLSearchParams(st);
  back.delete("report");
  const table = el("table", { class: "fields" },
    el("tr", {}, el("th", {}, "项目"), el("th", {}, "值"), el("th", {}, "来源"), el("th", {}, "取自")));
  for (const f of rep.fields) {
    table.append(el("tr", {}, el("td", {}, FIELD_NAMES[f.name] || f.name), el("td", {}, f.value || "—"),
      el("td", {}, SOURCE_NAMES[f.source] || "—"),
      el("td", { class: "evidence" }, f.line ? el("span", { class: "line" }, `第 ${f.line} 行：`) : "",
        f.evidence || "")));
  }
  const text = el("article", { class: "clean" });
  let last = null;
  for (const p2 of rep.passages) {
    if (p2.heading !== last) {
      if (p2.heading) marked(text.appendChild(el("h3", {})), p2.heading, p2.heading_matches);
      last = p2.heading;
    }
    marked(text.appendChild(el("p", { class: p2.matches.length || p2.heading_matches.length ? "match" : "" })),
      p2.text, p2.matches);
  }
  view.replaceChildren(
    el("p", {}, el("a", { href: "/?" + back.toString(), id: "back", onclick: (e) => { e.preventDefault(); go(back); } }, "← 返回结果")),
    el("h2", { id: "report-title" }, rep.title || "（无标题）"),
    el("p", { class: "meta" }, `${rep.matching_passages === null ? "" : "匹配 " + rep.matching_passages + " 段 · "}格式 ${rep.format} · `,
      el("a", { id: "original", href: "/api/original?id=" + encodeURIComponent(rep.key) }, "下载原文件")),
    el("h3", {}, "元数据（每项取自原文的哪一行）"), table,
    el("h3", {}, "正文（已清理）"), text);
  const first = text.querySelector("mark");
  if (first) first.scrollIntoView({ block: "center" });
}

// Draws the page for the URL's state.
function draw() {
  const st = state();
  drawFilters(st);
  if (st.get("report")) return drawReport(st);
  return drawResults(st);
}

// Department suggestions: the departments of the database with their
// report counts, fetched once, filtered as the user types.
let deptRows = null;
async function suggestDepts() {
  const input = $("f-dept"), list = $("dept-suggest");
  if (!deptRows) {
    try {
      deptRows = (await api("/api/count", new URLSearchParams({ "count-by": "dept", "list-reports": "1" })))
        .slice(1).filter((r) => r.value !== null);
    } catch (e) { deptRows = []; }
  }
  const typed = input.value.trim();
  const hits = deptRows.filter((r) => !typed || r.value.includes(typed)).slice(0, 10);
  list.replaceChildren(...hits.map((r) => el("li", {
    role: "option", onmousedown: (e) => { e.preventDefault(); input.value = r.value; list.hidden = true; }
  }, r.value, el("span", { class: "n" }, `${r.reports} 份`))));
  list.hidden = !hits.length || document.activeElement !== input;
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); go(formState()); });
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); go(formState()); });
  $("help-toggle").addEventListener("click", () => {
    const h = $("help");
    h.hidden = !h.hidden;
    $("help-toggle").setAttribute("aria-expanded", String(!h.hidden));
  });
  $("home").addEventListener("click", (e) => { e.preventDefault(); go(new URLSearchParams()); });
  $("f-dept").addEventListener("input", suggestDepts);
  $("f-dept").addEventListener("focus", suggestDepts);
  $("f-dept").addEventListener("blur", () => { $("dept-suggest").hidden = true; });
  window.addEventListener("popstate", draw);
  draw();
});

"""The HTML report's words (Chinese and English), style and script, and the
Content-Security-Policy that lets only these two blocks run (by hash)."""

from __future__ import annotations

import base64
import hashlib

from mktpolicy.cli.reporters.html_chart import outcome_colour
from mktpolicy.spec.kinds import Outcome

LABELS: dict[str, tuple[str, str]] = {
    "report": ("合规检查报告", "Compliance report"),
    "employee": ("员工", "Employee"),
    "role": ("岗位", "Role"),
    "subject": ("员工或岗位", "Employee or role"),
    "rule": ("规则", "Rule"),
    "outcome": ("结论", "Outcome"),
    "all": ("全部", "All"),
    "events": ("事件", "Events"),
    "verdicts": ("结论数", "Verdicts"),
    "fines": ("罚款", "Fines"),
    "fine": ("罚款", "Fine"),
    "compensation": ("赔偿", "Compensation"),
    "consequence": ("后果", "Consequence"),
    "would_comply": ("合规做法", "What would have complied"),
    "clauses": ("所据条款", "Clauses"),
    "also_at": ("另见", "also at"),
    "rests_on": ("所据事件", "Events it rests on"),
    "chain": ("推理过程", "Chain of firings"),
    "matched": ("匹配", "matched"),
    "derived": ("推得", "derived"),
    "by_month": ("按月", "By month"),
    "by_rule": ("按规则", "By rule"),
    "showing": ("显示", "Showing"),
    "reset": ("重置", "Reset"),
    "filter": ("筛选", "Filter"),
    "nothing": ("没有结论：所查事件均未违反规定。", "No verdicts: the events break no rule."),
    "incomplete": ("不完整：有记录未能读取，已跳过", "INCOMPLETE: bad records were skipped"),
    "policy": ("规则版本", "policy"),
}
OUTCOME_LABELS: dict[str, tuple[str, str, str]] = {
    "violation": ("违规", "violation", "Violations"),
    "warning": ("警告", "warning", "Warnings"),
    "info": ("提示", "information", "Information"),
    "lapsed": ("已失效", "lapsed", "Lapsed"),
    "pending": ("待定", "pending", "Pending"),
    "undetermined": ("无法判定", "undetermined", "Undetermined"),
    "finding": ("认定", "finding", "Findings"),
}
"""Words for the outcomes (Chinese, English for one, English for a count); an outcome not named
here is shown by its value."""
COUNTED = {
    "event": ("个事件", "event", "events"),
    "verdict": ("条结论", "verdict", "verdicts"),
    "employee": ("名员工有结论", "employee with verdicts", "employees with verdicts"),
    "role": ("个岗位有结论", "role with verdicts", "roles with verdicts"),
}
"""What the page counts: in Chinese (`--lang zh`), in English for one and for several."""

_BASE_STYLE = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
color:var(--ink);background:var(--bg)}
header.page,main,section.overview,form.filters{max-width:1100px;margin:0 auto;padding:0 20px}
header.page h1{margin:24px 0 4px;font-size:26px}
.meta{color:var(--muted);font-size:13px;margin:0 0 16px}
.incomplete{background:#fdecea;border:1px solid #c62828;color:#8e1b1b;padding:8px 12px;
border-radius:6px}
.totals{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 20px}
.total{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;
min-width:140px}
.total .n{display:block;font-size:26px;font-weight:700}
.total .k{color:var(--muted);font-size:13px}
.charts{display:grid;grid-template-columns:1fr;gap:16px}
.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;
overflow-x:auto}
.chart h2{font-size:16px;margin:4px 0}
form.filters{position:sticky;top:0;z-index:1;background:var(--bg);padding-top:10px;
padding-bottom:10px;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:12px;
align-items:center}
form.filters label{font-size:13px;color:var(--muted)}
form.filters select{margin-left:4px;max-width:260px}
section.subject{background:var(--card);border:1px solid var(--line);border-radius:8px;
margin:16px 0;padding:4px 16px 12px}
section.subject>h2{font-size:19px;margin:10px 0 0}
.subtotal{color:var(--muted);font-size:13px;margin:0 0 8px}
article.verdict{border-top:1px solid var(--line);padding:10px 0}
article.verdict>h3{font-size:15px;margin:0;font-weight:600}
.badge{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;
font-weight:600;vertical-align:1px}
time,code{font-family:ui-monospace,monospace;font-size:13px}
.message{margin:4px 0}
dl.penalty{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
dl.penalty dt{color:var(--muted)}
dl.penalty dd{margin:0}
.comply{background:#e8f5e9;border-left:3px solid #2e7d32;padding:4px 10px;margin:6px 0}
.clause{margin:6px 0;padding:4px 10px;border-left:3px solid var(--line)}
.clause cite{display:block;font-style:normal;color:var(--muted);font-size:13px}
.clause p{margin:2px 0}
.events{font-size:13px;color:var(--muted);margin:4px 0}
details{font-size:13px;margin:4px 0}
details summary{cursor:pointer;color:var(--muted)}
details ol{margin:4px 0;padding-left:22px}
.empty{padding:24px 0;font-size:17px}
[hidden]{display:none!important}
"""

STYLE = _BASE_STYLE + "".join(
    f".badge-{outcome.value}{{background:{outcome_colour(outcome)}}}\n" for outcome in Outcome
)
"""The page's style; each outcome's badge takes its colour in the chart (no style attributes:
the Content-Security-Policy allows this block only)."""

SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var keys = ["employee", "rule", "outcome"];
  var shown = document.getElementById("shown");
  function apply() {
    var wanted = {};
    keys.forEach(function (key) { wanted[key] = form.elements[key].value; });
    var count = 0, total = 0;
    document.querySelectorAll("section.subject").forEach(function (section) {
      var any = false;
      section.querySelectorAll("article.verdict").forEach(function (article) {
        total += 1;
        var ok = keys.every(function (key) {
          return wanted[key] === "" || article.dataset[key] === wanted[key];
        });
        article.hidden = !ok;
        if (ok) { any = true; count += 1; }
      });
      section.hidden = !any;
    });
    shown.textContent = count + " / " + total;
  }
  function remember() {
    var chosen = new URLSearchParams();
    keys.forEach(function (key) {
      if (form.elements[key].value !== "") { chosen.set(key, form.elements[key].value); }
    });
    var hash = chosen.toString();
    window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
  }
  var given = new URLSearchParams(window.location.hash.slice(1));
  keys.forEach(function (key) {
    var select = form.elements[key];
    var value = given.get(key);
    if (value !== null && Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    })) { select.value = value; }
  });
  form.addEventListener("change", function () { apply(); remember(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { apply(); remember(); }, 0);
  });
  apply();
})();
"""


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
"""Only this module's own style and script run; nothing is fetched, nothing is sent."""

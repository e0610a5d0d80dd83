/*
 * Self-assessment checklist on the per-role pages (roles/provider/, roles/user/).
 *
 * The page already holds the form (guideline/checklist.py renders it from templates): four status
 * radio buttons, a note and detail fields per countermeasure. This script keeps several named
 * assessments per role in this browser only (localStorage), shows progress, and exports or
 * imports an assessment as JSON or as the Excel checksheet. Nothing is sent anywhere.
 *
 * Storage (format 2), one key per role, `aigov-checklist:<role>`:
 *   { storage_version: 2, role, assessments: { <id>: assessment } }
 *   assessment = { id, created, deleted (0 or time), guideline_version,
 *                  subject: { field: value }, subject_t: { field: time },
 *                  answers: { <countermeasure ID>: { status, note, owner, ..., t: time } },
 *                  retired: { <old ID>: answer } }
 * Every answer and subject field carries the time it was last edited, so two tabs merge per
 * answer (the later edit wins) and neither loses the other's work. Format 1 (one assessment per
 * guideline version, `aigov-checklist:<role>:<version>`) is migrated into the first assessment.
 *
 * Written for old office browsers: no build step, no modules, no optional chaining. Every map
 * keyed by data is made with Object.create(null) and read with hasOwnProperty, so IDs such as
 * `constructor`, `toString` or `__proto__` are never mistaken for answers.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("gl-checklist-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var ids = config.ids;
  var strings = config.strings;
  var scriptUrl = document.currentScript ? document.currentScript.src : window.location.href;
  var STORE_KEY = "aigov-checklist:" + config.role;
  var LEGACY_PREFIX = "aigov-checklist:" + config.role + ":";
  var STORAGE_VERSION = 2;
  var STATUS_KEYS = Object.keys(config.statuses).filter(function (k) { return k !== "blank"; });
  var FIELDS = ["status", "note"].concat(config.detailFields);
  var SUBJECT_FIELDS = config.subjectFields;

  function has(object, key) { return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key); }
  function dict() { return Object.create(null); }
  function byId(name) { return document.getElementById(ids[name]); }
  function now() { return Date.now(); }
  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, name) {
      return has(values, name) ? String(values[name]) : all;
    });
  }

  var fieldsets = Array.prototype.slice.call(document.querySelectorAll("fieldset.gl-check[data-cm-id]"));
  var known = dict();
  fieldsets.forEach(function (fs) { known[fs.getAttribute("data-cm-id")] = fs; });
  var roleCode = (fieldsets.length ? fieldsets[0].getAttribute("data-cm-id").split("-")[2] : "") || "";

  var toolbar = byId("toolbar");
  var message = byId("message");
  var saveStatus = byId("save_status");
  var fileInput = byId("import_input");
  var select = byId("assessment_select");

  function say(text) { message.textContent = text; }

  // --- IDs from other guideline versions ----------------------------------------------------------

  /* The current ID of a saved one, following renames transitively (A→B→C gives C). */
  function currentId(id) {
    var seen = dict();
    while (!has(known, id) && has(config.renamed, id) && !has(seen, id)) {
      seen[id] = true;
      id = config.renamed[id];
    }
    return id;
  }

  // --- answers and assessments ---------------------------------------------------------------------

  function isEmpty(answer) {
    return !answer || FIELDS.every(function (f) { return !answer[f]; });
  }

  function cleanAnswer(raw, t) {
    var answer = dict();
    FIELDS.forEach(function (f) { answer[f] = has(raw, f) && typeof raw[f] === "string" ? raw[f] : ""; });
    if (answer.status && STATUS_KEYS.indexOf(answer.status) < 0) answer.status = "";
    answer.t = has(raw, "t") && typeof raw.t === "number" ? raw.t : t;
    return answer;
  }

  function sameAnswer(a, b) {
    return FIELDS.every(function (f) { return (a && a[f] || "") === (b && b[f] || ""); });
  }

  /* The first assessment has a fixed ID, so that tabs opened before anything was saved (or
     migrating the same old answers) create the same one instead of two. */
  var FIRST_ID = "first";

  function newAssessment(name) {
    var a = { id: "a" + now().toString(36) + Math.random().toString(36).slice(2, 8), created: now(), deleted: 0,
              guideline_version: config.version, subject: dict(), subject_t: dict(), answers: dict(), retired: dict() };
    SUBJECT_FIELDS.forEach(function (f) { a.subject[f] = ""; a.subject_t[f] = 0; });
    a.subject.subject = name || "";
    a.subject.municipality = config.municipalityName || "";
    return a;
  }

  function cleanAssessment(raw, id) {
    var a = newAssessment("");
    a.id = id;
    a.created = typeof raw.created === "number" ? raw.created : 0;
    a.deleted = typeof raw.deleted === "number" ? raw.deleted : 0;
    a.guideline_version = typeof raw.guideline_version === "string" ? raw.guideline_version : config.version;
    SUBJECT_FIELDS.forEach(function (f) {
      a.subject[f] = has(raw.subject, f) && typeof raw.subject[f] === "string" ? raw.subject[f] : "";
      a.subject_t[f] = has(raw.subject_t, f) && typeof raw.subject_t[f] === "number" ? raw.subject_t[f] : 0;
    });
    ["answers", "retired"].forEach(function (part) {
      if (!raw[part] || typeof raw[part] !== "object") return;
      Object.keys(raw[part]).forEach(function (cmId) {
        if (raw[part][cmId] && typeof raw[part][cmId] === "object") a[part][cmId] = cleanAnswer(raw[part][cmId], 0);
      });
    });
    return a;
  }

  /* Move answers to the IDs of this guideline version; answers to retired or unknown IDs are kept aside. */
  function carryForward(a) {
    Object.keys(a.answers).forEach(function (savedId) {
      if (has(known, savedId)) return;
      var answer = a.answers[savedId];
      delete a.answers[savedId];
      var id = currentId(savedId);
      if (has(known, id)) {
        if (!has(a.answers, id) || a.answers[id].t <= answer.t) a.answers[id] = answer;
      } else if (!isEmpty(answer)) {
        a.retired[savedId] = answer;
      }
    });
    Object.keys(a.retired).forEach(function (savedId) {  // renamed back into this version
      var id = currentId(savedId);
      if (has(known, id) && !has(a.answers, id)) { a.answers[id] = a.retired[savedId]; delete a.retired[savedId]; }
    });
    a.guideline_version = config.version;
    return a;
  }

  function emptyStore() {
    return { storage_version: STORAGE_VERSION, role: config.role, assessments: dict() };
  }

  function mergeAnswers(mine, theirs) {
    var out = dict();
    Object.keys(mine).forEach(function (k) { out[k] = mine[k]; });
    Object.keys(theirs).forEach(function (k) {
      if (!has(out, k) || theirs[k].t > out[k].t) out[k] = theirs[k];
    });
    return out;
  }

  function mergeAssessment(mine, theirs) {
    var a = newAssessment("");
    a.id = mine.id;
    a.created = Math.min(mine.created || theirs.created, theirs.created || mine.created);
    a.deleted = Math.max(mine.deleted, theirs.deleted);
    SUBJECT_FIELDS.forEach(function (f) {
      var pick = theirs.subject_t[f] > mine.subject_t[f] ? theirs : mine;
      a.subject[f] = pick.subject[f];
      a.subject_t[f] = pick.subject_t[f];
    });
    a.answers = mergeAnswers(mine.answers, theirs.answers);
    a.retired = mergeAnswers(mine.retired, theirs.retired);
    return a;
  }

  /* Both stores' assessments, each answer and subject field taken from whichever was edited last. */
  function merge(mine, theirs) {
    var out = emptyStore();
    Object.keys(mine.assessments).forEach(function (id) { out.assessments[id] = mine.assessments[id]; });
    Object.keys(theirs.assessments).forEach(function (id) {
      out.assessments[id] = has(out.assessments, id) ? mergeAssessment(out.assessments[id], theirs.assessments[id])
                                                     : theirs.assessments[id];
    });
    return out;
  }

  function parseStore(text) {
    var raw = JSON.parse(text);
    if (!raw || raw.storage_version !== STORAGE_VERSION || !raw.assessments || typeof raw.assessments !== "object") return null;
    var store = emptyStore();
    Object.keys(raw.assessments).forEach(function (id) {
      if (raw.assessments[id] && typeof raw.assessments[id] === "object") {
        store.assessments[id] = carryForward(cleanAssessment(raw.assessments[id], id));
      }
    });
    return store;
  }

  var storageProblem = null;  // why saving is impossible, or null

  function readStored() {
    try {
      var text = window.localStorage.getItem(STORE_KEY);
      return text ? parseStore(text) : null;
    } catch (e) {
      storageProblem = e;
      return null;
    }
  }

  function compareVersions(a, b) {
    var x = a.split("."), y = b.split(".");
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      var d = (parseInt(x[i], 10) || 0) - (parseInt(y[i], 10) || 0);
      if (d) return d;
    }
    return 0;
  }

  var migratedFrom = [];

  /* Format 1: one assessment per guideline version. All of them become the first assessment,
     oldest first so that later answers win; the old keys are left in place. */
  function migrateLegacy(store) {
    var legacy = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(LEGACY_PREFIX) === 0) legacy.push(key);
      }
    } catch (e) { return; }
    if (!legacy.length) return;
    legacy.sort(function (k1, k2) { return compareVersions(k1.slice(LEGACY_PREFIX.length), k2.slice(LEGACY_PREFIX.length)); });
    var a = newAssessment("");
    legacy.forEach(function (key, order) {
      var old;
      try { old = JSON.parse(window.localStorage.getItem(key)); } catch (e) { return; }
      if (!old || typeof old.answers !== "object" || old.answers === null) return;
      var t = (Date.parse(old.updated) || 1) + order;
      Object.keys(old.answers).forEach(function (id) {
        if (old.answers[id] && typeof old.answers[id] === "object") a.answers[id] = cleanAnswer(old.answers[id], t);
      });
      if (typeof old.municipality === "string" && old.municipality) {
        a.subject.municipality = old.municipality;
        a.subject_t.municipality = t;
      }
      migratedFrom.push(key.slice(LEGACY_PREFIX.length));
    });
    a.id = FIRST_ID;
    a.created = 1;
    store.assessments[a.id] = carryForward(a);
  }

  function liveAssessments(store) {
    return Object.keys(store.assessments).map(function (id) { return store.assessments[id]; })
      .filter(function (a) { return !a.deleted; })
      .sort(function (a, b) { return a.created - b.created; });
  }

  var state = readStored();
  var firstRun = !state;
  if (!state) {
    state = emptyStore();
    migrateLegacy(state);
  }
  var currentKey = STORE_KEY + ":current";
  var current = null;
  try { current = window.sessionStorage.getItem(currentKey) || window.localStorage.getItem(currentKey); } catch (e) { /* none */ }

  function assessment() {
    if (!current || !has(state.assessments, current) || state.assessments[current].deleted) {
      var live = liveAssessments(state);
      if (!live.length) {
        var a = newAssessment("");
        if (!has(state.assessments, FIRST_ID)) { a.id = FIRST_ID; a.created = 1; }
        state.assessments[a.id] = a;
        live = [a];
      }
      current = live[0].id;
    }
    return state.assessments[current];
  }

  function rememberCurrent() {
    try {
      window.sessionStorage.setItem(currentKey, current);
      window.localStorage.setItem(currentKey, current);
    } catch (e) { /* only a preference */ }
  }

  // --- saving: merge with what other tabs saved, and say so plainly when it fails ------------------

  var unsaved = false;

  function reasonOf(error) {
    var quota = error && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22);
    return quota ? strings.quota : strings.storage_unavailable;
  }

  function save() {
    var stored = readStored();
    if (stored) state = merge(state, stored);
    try {
      if (storageProblem) throw storageProblem;
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      unsaved = true;
      document.documentElement.classList.add("gl-unsaved");
      saveStatus.textContent = format(strings.save_failed, { reason: reasonOf(e) });
      return false;
    }
    if (unsaved) saveStatus.textContent = strings.saved_again;
    unsaved = false;
    document.documentElement.classList.remove("gl-unsaved");
    return true;
  }

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return undefined;
    event.preventDefault();
    event.returnValue = strings.save_failed;
    return strings.save_failed;
  });

  /* Another tab saved: take its edits answer by answer; ours stay where they are newer. */
  window.addEventListener("storage", function (event) {
    if (event.key !== STORE_KEY || !event.newValue) return;
    var theirs;
    try { theirs = parseStore(event.newValue); } catch (e) { return; }
    if (!theirs) return;
    state = merge(state, theirs);
    showState();
    if (unsaved) save();
  });

  // --- state -> page ----------------------------------------------------------------------------

  function answerOf(id) {
    var answers = assessment().answers;
    return has(answers, id) ? answers[id] : null;
  }

  function setValue(element, value) {
    if (element.value !== value) element.value = value;
  }

  function showState() {
    var a = assessment();
    fieldsets.forEach(function (fs) {
      var answer = answerOf(fs.getAttribute("data-cm-id")) || dict();
      Array.prototype.forEach.call(fs.querySelectorAll("input[type=radio]"), function (radio) {
        radio.checked = radio.value === answer.status;
      });
      setValue(fs.querySelector("textarea"), answer.note || "");
      fs.querySelector("[data-note-print]").textContent = answer.note || "";
      Array.prototype.forEach.call(fs.querySelectorAll("input[data-field]"), function (input) {
        setValue(input, answer[input.getAttribute("data-field")] || "");
      });
    });
    SUBJECT_FIELDS.forEach(function (f) { setValue(byId(f), a.subject[f] || ""); });
    showProgress();
    showAssessments();
    showRetired();
    showPrintSummary();
  }

  function counts(a, principle) {
    var result = { blank: 0, total: 0 };
    STATUS_KEYS.forEach(function (k) { result[k] = 0; });
    fieldsets.forEach(function (fs) {
      var id = fs.getAttribute("data-cm-id");
      if (principle && fs.getAttribute("data-principle") !== principle) return;
      result.total += 1;
      var status = has(a.answers, id) ? a.answers[id].status : "";
      result[STATUS_KEYS.indexOf(status) >= 0 ? status : "blank"] += 1;
    });
    return result;
  }

  function progressText(c) {
    var parts = STATUS_KEYS.concat(["blank"]).map(function (k) { return config.statuses[k] + " " + c[k]; });
    return config.progressLabel + ": " + parts.join(" / ");
  }

  function showProgress() {
    var a = assessment();
    Array.prototype.forEach.call(document.querySelectorAll(".gl-progress[data-principle]"), function (box) {
      var c = counts(a, box.getAttribute("data-principle"));
      var summary = progressText(c);
      var text = box.querySelector(".gl-progress__text") || document.createElement("p");
      text.className = "gl-progress__text";
      text.textContent = summary;
      var bar = box.querySelector("progress") || document.createElement("progress");
      bar.max = c.total || 1;
      bar.value = c.total - c.blank;
      bar.setAttribute("aria-label", summary);
      if (!text.parentNode) box.appendChild(text);
      if (!bar.parentNode) box.appendChild(bar);
      box.hidden = false;
    });
  }

  function nameOf(a) { return a.subject.subject || strings.untitled; }

  function lastChange(a) {
    var t = 0;
    Object.keys(a.answers).forEach(function (id) { t = Math.max(t, a.answers[id].t || 0); });
    SUBJECT_FIELDS.forEach(function (f) { t = Math.max(t, a.subject_t[f] || 0); });
    return t ? new Date(t).toLocaleString(config.lang) : "";
  }

  function showAssessments() {
    var live = liveAssessments(state);
    var a = assessment();
    select.textContent = "";
    var list = byId("assessment_list");
    list.textContent = "";
    live.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.id;
      option.textContent = nameOf(item);
      option.selected = item.id === a.id;
      select.appendChild(option);
      var c = counts(item, "");
      var row = document.createElement("tr");
      if (item.id === a.id) row.setAttribute("aria-current", "true");
      [nameOf(item), item.subject.department || "", item.subject.assessor || "",
       (c.total - c.blank) + " / " + c.total, lastChange(item)].forEach(function (value) {
        var cell = document.createElement("td");
        cell.textContent = value;
        row.appendChild(cell);
      });
      list.appendChild(row);
    });
  }

  function answerText(answer) {
    return [answer.status ? config.statuses[answer.status] : "", answer.note || ""];
  }

  function showRetired() {
    var box = byId("retired");
    var a = assessment();
    var retired = Object.keys(a.retired).filter(function (id) { return !isEmpty(a.retired[id]); });
    box.textContent = "";
    box.hidden = !retired.length;
    if (!retired.length) return;
    var heading = document.createElement("p");
    heading.textContent = strings.retired_title;
    var list = document.createElement("ul");
    retired.sort().forEach(function (id) {
      var text = answerText(a.retired[id]);
      var item = document.createElement("li");
      item.textContent = has(config.retired, id)
        ? format(strings.retired_item, { id: id, version: config.retired[id], status: text[0], note: text[1] })
        : format(strings.unknown_item, { id: id, status: text[0], note: text[1] });
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  /* What a printout must say about itself: subject, municipality, assessor, progress, date. */
  function showPrintSummary() {
    var a = assessment();
    var box = byId("print_summary");
    box.textContent = "";
    var list = document.createElement("dl");
    var rows = SUBJECT_FIELDS.map(function (f) {
      return [document.querySelector("label[for='" + ids[f] + "']").textContent, a.subject[f] || ""];
    });
    rows.push([config.progressLabel, progressText(counts(a, "")).split(": ").slice(1).join(": ")]);
    rows.push([strings.printed, new Date().toISOString().slice(0, 10)]);
    rows.forEach(function (pair) {
      var term = document.createElement("dt");
      term.textContent = pair[0];
      var value = document.createElement("dd");
      value.textContent = pair[1] || "—";
      list.appendChild(term);
      list.appendChild(value);
    });
    box.appendChild(list);
  }

  window.addEventListener("beforeprint", showPrintSummary);

  // --- page -> state ----------------------------------------------------------------------------

  function edit(id, field, value) {
    var answers = assessment().answers;
    var answer = has(answers, id) ? answers[id] : cleanAnswer(dict(), 0);
    answer[field] = value;
    answer.t = now();
    answers[id] = answer;
    save();
  }

  fieldsets.forEach(function (fs) {
    var id = fs.getAttribute("data-cm-id");
    fs.addEventListener("change", function (event) {
      if (event.target.type === "radio") {
        edit(id, "status", event.target.value);
        showProgress();
        showAssessments();
      }
    });
    fs.querySelector("textarea").addEventListener("input", function (event) {
      edit(id, "note", event.target.value);
      fs.querySelector("[data-note-print]").textContent = event.target.value;
    });
    Array.prototype.forEach.call(fs.querySelectorAll("input[data-field]"), function (input) {
      input.addEventListener("input", function () { edit(id, input.getAttribute("data-field"), input.value); });
    });
  });

  SUBJECT_FIELDS.forEach(function (f) {
    byId(f).addEventListener("input", function (event) {
      var a = assessment();
      a.subject[f] = event.target.value;
      a.subject_t[f] = now();
      save();
      if (f === "subject" || f === "department" || f === "assessor") showAssessments();
      showPrintSummary();
    });
  });

  // --- several assessments ------------------------------------------------------------------------

  select.addEventListener("change", function () {
    current = select.value;
    rememberCurrent();
    showState();
  });

  function addAssessment(a) {
    state.assessments[a.id] = a;
    current = a.id;
    rememberCurrent();
    save();
    showState();
  }

  byId("new").addEventListener("click", function () {
    var name = window.prompt(strings.rename_prompt, "");
    if (name === null) return;
    var a = newAssessment(name);
    SUBJECT_FIELDS.forEach(function (f) { a.subject_t[f] = now(); });
    addAssessment(a);
  });

  byId("duplicate").addEventListener("click", function () {
    var source = assessment();
    var copy = cleanAssessment(JSON.parse(JSON.stringify(source)), newAssessment("").id);
    copy.created = now();
    copy.deleted = 0;
    copy.subject.subject = format(strings.copy_of, { name: nameOf(source) });
    SUBJECT_FIELDS.forEach(function (f) { copy.subject_t[f] = now(); });
    addAssessment(copy);
  });

  byId("rename").addEventListener("click", function () {
    var a = assessment();
    var name = window.prompt(strings.rename_prompt, a.subject.subject || "");
    if (name === null) return;
    a.subject.subject = name;
    a.subject_t.subject = now();
    save();
    showState();
  });

  byId("delete").addEventListener("click", function () {
    var a = assessment();
    var answered = Object.keys(a.answers).filter(function (id) { return !isEmpty(a.answers[id]); }).length;
    if (!window.confirm(format(strings.delete_confirm, { name: nameOf(a), count: answered }))) return;
    a.deleted = now();
    current = null;
    assessment();
    rememberCurrent();
    save();
    showState();
  });

  // --- export -----------------------------------------------------------------------------------

  function exportDocument() {
    var a = assessment();
    var answers = {};
    Object.keys(a.answers).forEach(function (id) {
      var answer = a.answers[id];
      if (!has(known, id) || isEmpty(answer)) return;
      var out = {};
      FIELDS.forEach(function (f) { out[f] = answer[f] || ""; });
      answers[id] = out;
    });
    var retired = {};
    Object.keys(a.retired).forEach(function (id) {
      var out = {};
      FIELDS.forEach(function (f) { out[f] = a.retired[id][f] || ""; });
      retired[id] = out;
    });
    var subject = {};
    SUBJECT_FIELDS.forEach(function (f) { subject[f] = a.subject[f] || ""; });
    return {
      format: config.format, format_version: config.formatVersion, guideline_version: config.version,
      role: config.role, lang: config.lang, date: new Date().toISOString(),
      municipality: a.subject.municipality || "", subject: subject, answers: answers, retired: retired
    };
  }

  function fileName(extension) {
    var name = (assessment().subject.subject || "").replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 40);
    return "checklist-" + config.role + (name ? "-" + name : "") + "-v" + config.version + "-" +
      new Date().toISOString().slice(0, 10) + "." + extension;
  }

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say(format(strings.exported, { file: name }));
  }

  byId("export_json").addEventListener("click", function () {
    download(new Blob([JSON.stringify(exportDocument(), null, 2)], { type: "application/json" }), fileName("json"));
  });

  // --- Excel: the vendored ExcelJS, loaded only when a workbook is read or written -----------------

  var library = null;

  function loadLibrary() {
    if (window.ExcelJS) return Promise.resolve(window.ExcelJS);
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(config.xlsx.library, scriptUrl).href;
        script.onload = function () { if (window.ExcelJS) resolve(window.ExcelJS); else reject(new Error(strings.library_failed)); };
        script.onerror = function () { library = null; reject(new Error(strings.library_failed)); };
        document.head.appendChild(script);
      });
    }
    return library;
  }

  var layout = config.xlsx;

  function cellText(cell) {
    var value = cell.value;
    if (value === null || value === undefined) return "";
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === "object") {
      if (value.richText) return value.richText.map(function (part) { return part.text; }).join("");
      if (has(value, "result")) return value.result === undefined || value.result === null ? "" : String(value.result);
      if (has(value, "text")) return String(value.text);
      return "";
    }
    return String(value);
  }

  function dateCellValue(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : (text || null);
  }

  function isDateField(field) { return /_on$/.test(field) || field === "started"; }

  /* Values of the summary's formulas for the filled sheet, so previews show the right numbers. */
  function summaryResults(workbook, sheet) {
    var summary = workbook.getWorksheet(layout.summary);
    if (!summary) return;
    var labels = STATUS_KEYS.map(function (k) { return config.statuses[k]; });
    var byPrinciple = dict();
    for (var r = layout.firstRow; r <= layout.lastRow; r++) {
      var principle = cellText(sheet.getCell(layout.columns.principle + r));
      if (!principle) continue;
      if (!has(byPrinciple, principle)) byPrinciple[principle] = [0, 0, 0, 0, 0];
      byPrinciple[principle][0] += 1;
      var k = labels.indexOf(cellText(sheet.getCell(layout.columns.status + r)));
      if (k >= 0) byPrinciple[principle][k + 1] += 1;
    }
    var sums = [0, 0, 0, 0, 0];
    function put(row, numbers) {
      var blank = numbers[0] - numbers[1] - numbers[2] - numbers[3] - numbers[4];
      var done = numbers[1 + STATUS_KEYS.indexOf("done")], na = numbers[1 + STATUS_KEYS.indexOf("na")];
      var results = numbers.concat([blank, numbers[0] - na ? done / (numbers[0] - na) : ""]);
      results.forEach(function (result, i) {
        var cell = summary.getRow(row).getCell(2 + i);
        if (cell.formula) cell.value = { formula: cell.formula, result: result };
      });
    }
    var row = layout.summaryHeaderRow + 1;
    for (; row <= summary.rowCount; row++) {
      var label = cellText(summary.getCell("A" + row));
      if (!summary.getRow(row).getCell(2).formula) break;
      if (!/^=?SUM\(/.test(summary.getRow(row).getCell(2).formula)) {
        var numbers = has(byPrinciple, label) ? byPrinciple[label] : [0, 0, 0, 0, 0];
        numbers.forEach(function (n, i) { sums[i] += n; });
        put(row, numbers);
      } else {
        put(row, sums);
      }
    }
  }

  function exportWorkbook() {
    say("…");
    return loadLibrary().then(function (ExcelJS) {
      return fetch(layout.blank).then(function (response) {
        if (!response.ok) throw new Error(layout.blank + ": " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var workbook = new ExcelJS.Workbook();
        return workbook.xlsx.load(buffer).then(function () { return workbook; });
      });
    }).then(function (workbook) {
      var sheet = workbook.getWorksheet(layout.sheet);
      var a = assessment();
      SUBJECT_FIELDS.forEach(function (f) {
        if (has(layout.cells, f)) {
          var value = a.subject[f] || "";
          sheet.getCell(layout.cells[f]).value = isDateField(f) ? dateCellValue(value) : (value || null);
        }
      });
      for (var r = layout.firstRow; r <= layout.lastGuidelineRow; r++) {
        var id = cellText(sheet.getCell("A" + r));
        var answer = has(a.answers, id) ? a.answers[id] : null;
        if (!answer || isEmpty(answer)) continue;
        FIELDS.forEach(function (f) {
          var cell = sheet.getCell(layout.columns[f] + r);
          var value = f === "status" ? (answer.status ? config.statuses[answer.status] : "") : (answer[f] || "");
          cell.value = isDateField(f) ? dateCellValue(value) : (value || null);
        });
      }
      summaryResults(workbook, sheet);
      workbook.calcProperties.fullCalcOnLoad = true;
      return workbook.xlsx.writeBuffer();
    }).then(function (buffer) {
      download(new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }),
               fileName("xlsx"));
    }).catch(function (error) {
      say(format(strings.error, { reason: error.message }));
    });
  }

  byId("export_xlsx").addEventListener("click", exportWorkbook);

  // --- import: read and check everything, say what will change, change only when confirmed ---------

  function importError(text) { var e = new Error(text); e.importError = true; return e; }

  function checkAnswer(id, raw) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw importError(format(strings.bad_answer, { id: id }));
    FIELDS.forEach(function (f) {
      if (has(raw, f) && raw[f] !== null && typeof raw[f] !== "string") throw importError(format(strings.bad_answer, { id: id }));
    });
    if (has(raw, "status") && raw.status && STATUS_KEYS.indexOf(raw.status) < 0) {
      throw importError(format(strings.bad_answer, { id: id }));
    }
    return cleanAnswer(raw, 0);
  }

  /* Sort a file's answers: current IDs (renames followed), retired ones (kept aside), unknown ones. */
  function sortAnswers(rawAnswers) {
    var result = { answers: dict(), retired: dict(), unknown: [] };
    Object.keys(rawAnswers).forEach(function (savedId) {
      var answer = rawAnswers[savedId];
      var id = currentId(savedId);
      if ((config.omitted || []).indexOf(id) >= 0) return;  // the municipality left it out: nothing to answer
      if (has(known, id)) result.answers[id] = answer;
      else {
        if (has(config.retired, savedId) && !isEmpty(answer)) result.retired[savedId] = answer;
        result.unknown.push(savedId);
      }
    });
    return result;
  }

  function parseJson(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw importError(strings.bad_json); }
    if (!data || typeof data !== "object" || data.format !== config.format ||
        typeof data.answers !== "object" || data.answers === null || Array.isArray(data.answers)) {
      throw importError(strings.not_checklist);
    }
    var formatVersion = has(data, "format_version") ? data.format_version : 1;
    if (typeof formatVersion !== "number" || Math.floor(formatVersion) !== formatVersion ||
        formatVersion < 1 || formatVersion > config.formatVersion) {
      throw importError(format(strings.bad_format_version, { found: String(formatVersion), supported: "1–" + config.formatVersion }));
    }
    if (data.role !== config.role) {
      throw importError(format(strings.wrong_role, { role: has(config.roles, data.role) ? config.roles[data.role] : String(data.role) }));
    }
    var raw = dict();
    Object.keys(data.answers).forEach(function (id) { raw[id] = checkAnswer(id, data.answers[id]); });
    if (data.retired && typeof data.retired === "object") {
      Object.keys(data.retired).forEach(function (id) { if (!has(raw, id)) raw[id] = checkAnswer(id, data.retired[id]); });
    }
    var subject = dict();
    SUBJECT_FIELDS.forEach(function (f) {
      if (has(data.subject, f) && typeof data.subject[f] === "string") subject[f] = data.subject[f];
    });
    if (!has(subject, "municipality") && typeof data.municipality === "string") subject.municipality = data.municipality;
    var sorted = sortAnswers(raw);
    sorted.subject = subject;
    sorted.version = String(data.guideline_version || "");
    return sorted;
  }

  function parseWorkbook(buffer) {
    return loadLibrary().then(function (ExcelJS) {
      var workbook = new ExcelJS.Workbook();
      return workbook.xlsx.load(buffer).then(function () { return workbook; }, function () {
        throw importError(strings.bad_xlsx);
      });
    }).then(function (workbook) {
      var sheet = workbook.getWorksheet(layout.sheet) || workbook.worksheets[0];
      var header = 0;
      for (var r = 1; r <= Math.min(sheet.rowCount, 40) && !header; r++) {
        if (cellText(sheet.getCell("A" + r)) === layout.idHeader || cellText(sheet.getCell("A" + r)) === "ID") header = r;
      }
      if (!header) throw importError(strings.not_checklist);
      var raw = dict();
      var otherRole = 0;
      for (var row = header + 1; row <= sheet.rowCount; row++) {
        var id = cellText(sheet.getCell("A" + row)).trim();
        if (!id) continue;
        var answer = { status: "" };
        var label = cellText(sheet.getCell(layout.columns.status + row)).trim();
        if (label) {
          if (!has(config.statusLabels, label)) throw importError(format(strings.bad_answer, { id: id }));
          answer.status = config.statusLabels[label];
        }
        config.detailFields.concat(["note"]).forEach(function (f) {
          answer[f] = cellText(sheet.getCell(layout.columns[f] + row)).trim();
        });
        if (roleCode && id.split("-")[2] && id.split("-")[2] !== roleCode && /^P\d/.test(id)) otherRole += 1;
        raw[id] = cleanAnswer(answer, 0);
      }
      var sorted = sortAnswers(raw);
      if (otherRole && !Object.keys(sorted.answers).length) {
        var other = Object.keys(config.roles).filter(function (k) { return k !== config.role; })[0];
        throw importError(format(strings.wrong_role, { role: config.roles[other] || "" }));
      }
      sorted.subject = dict();
      SUBJECT_FIELDS.forEach(function (f) {
        if (has(layout.cells, f)) {
          var value = cellText(sheet.getCell(layout.cells[f])).trim();
          if (value) sorted.subject[f] = value;
        }
      });
      sorted.version = has(layout.cells, "version") ? cellText(sheet.getCell(layout.cells.version)).trim() : "";
      return sorted;
    });
  }

  function isZip(bytes) {
    return bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  }

  function readImport(buffer) {
    var bytes = new Uint8Array(buffer);
    if (isZip(bytes)) return parseWorkbook(buffer);
    var text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return Promise.reject(importError(strings.encoding));
    }
    try {
      return Promise.resolve(parseJson(text.replace(/^\uFEFF/, "")));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  function applyImport(imported) {
    var a = assessment();
    var added = 0, changed = 0, same = 0;
    Object.keys(imported.answers).forEach(function (id) {
      var mine = has(a.answers, id) ? a.answers[id] : null;
      if (isEmpty(imported.answers[id]) && isEmpty(mine)) return;
      if (sameAnswer(mine, imported.answers[id])) same += 1;
      else if (isEmpty(mine)) added += 1;
      else changed += 1;
    });
    var subjectChanges = Object.keys(imported.subject).filter(function (f) {
      return (a.subject[f] || "") !== imported.subject[f];
    });
    var question = format(strings.import_confirm, {
      name: nameOf(a), added: added, changed: changed, same: same,
      // Sentences are joined with a space in English and without one in Japanese.
      subject: subjectChanges.length ? strings.import_subject + (config.lang === "ja" ? "" : " ") : ""
    });
    if (imported.unknown.length) question += "\n" + format(strings.unknown_ids, { ids: imported.unknown.join(", ") });
    if (!window.confirm(question)) {
      say(strings.import_cancelled);
      return;
    }
    var t = now();
    Object.keys(imported.answers).forEach(function (id) {
      var answer = imported.answers[id];
      if (isEmpty(answer) && !has(a.answers, id)) return;
      answer.t = t;
      a.answers[id] = answer;
    });
    Object.keys(imported.retired).forEach(function (id) {
      imported.retired[id].t = t;
      a.retired[id] = imported.retired[id];
    });
    subjectChanges.forEach(function (f) { a.subject[f] = imported.subject[f]; a.subject_t[f] = t; });
    var saved = save();
    showState();
    var count = Object.keys(imported.answers).filter(function (id) { return !isEmpty(imported.answers[id]); }).length;
    var lines = [format(saved ? strings.imported : strings.imported_unsaved, { count: count })];
    if (imported.version && imported.version !== config.version) lines.push(format(strings.other_version, { version: imported.version }));
    if (imported.unknown.length) lines.push(format(strings.unmatched, { ids: imported.unknown.join(", ") }));
    say(lines.join(" "));
  }

  byId("import_button").addEventListener("click", function () {
    fileInput.value = "";
    fileInput.click();
  });

  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      readImport(reader.result).then(applyImport, function (error) {
        say(format(strings.error, { reason: error.message }));
      });
    };
    reader.onerror = function () { say(format(strings.error, { reason: strings.bad_json })); };
    reader.readAsArrayBuffer(file);
  });

  byId("clear").addEventListener("click", function () {
    if (!window.confirm(strings.clear_confirm)) return;
    var a = assessment();
    var t = now();
    Object.keys(a.answers).forEach(function (id) { a.answers[id] = cleanAnswer(dict(), t); });
    save();
    showState();
  });

  // --- start --------------------------------------------------------------------------------------

  assessment();
  if (firstRun && migratedFrom.length) {
    save();
    say(format(strings.migrated, { versions: migratedFrom.join(", ") }));
  } else if (storageProblem) {
    save();  // says plainly that nothing can be saved
  }
  toolbar.hidden = false;
  showState();
}());

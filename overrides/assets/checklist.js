/*
 * Self-assessment checklist on the per-role pages (roles/provider/, roles/user/).
 *
 * The page already holds the form: four status radio buttons and a note per countermeasure
 * (rendered by guideline/render.py, so they work with the keyboard and print as boxes). This
 * script keeps the answers in this browser only (localStorage, keyed by role and guideline
 * version, answers keyed by countermeasure ID), shows progress per principle, and exports or
 * imports the answers as a JSON file. Nothing is sent anywhere.
 *
 * Written for old office browsers: no build step, no modules, no optional chaining.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("gl-checklist-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings;
  var STORAGE_KEY = "aigov-checklist:" + config.role + ":" + config.version;
  var STATUS_KEYS = Object.keys(config.statuses).filter(function (k) { return k !== "blank"; });

  var fieldsets = Array.prototype.slice.call(document.querySelectorAll("fieldset.gl-check[data-cm-id]"));
  var known = {};
  fieldsets.forEach(function (fs) { known[fs.getAttribute("data-cm-id")] = fs; });

  var toolbar = document.getElementById("gl-checklist");
  var municipality = document.getElementById("gl-municipality");
  var message = document.getElementById("gl-message");
  var fileInput = document.getElementById("gl-import");

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function emptyState() {
    return { municipality: "", answers: {} };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (saved && typeof saved.answers === "object" && saved.answers !== null) return saved;
    } catch (e) { /* unreadable or unavailable storage: start empty */ }
    return emptyState();
  }

  var state = loadState();

  function saveState() {
    state.updated = new Date().toISOString();
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage unavailable (e.g. private mode): answers stay on the page */ }
  }

  function answerFor(id) {
    if (!state.answers[id]) state.answers[id] = { status: "", note: "" };
    return state.answers[id];
  }

  function principleOf(fieldset) {
    return fieldset.getAttribute("data-principle") || fieldset.getAttribute("data-cm-id").split("-")[0];
  }

  // --- state -> page ----------------------------------------------------------------------------

  function showState() {
    fieldsets.forEach(function (fs) {
      var answer = state.answers[fs.getAttribute("data-cm-id")] || {};
      Array.prototype.forEach.call(fs.querySelectorAll("input[type=radio]"), function (radio) {
        radio.checked = radio.value === answer.status;
      });
      fs.querySelector("textarea").value = answer.note || "";
    });
    municipality.value = state.municipality || "";
    showProgress();
  }

  function showProgress() {
    Array.prototype.forEach.call(document.querySelectorAll(".gl-progress[data-principle]"), function (box) {
      var principle = box.getAttribute("data-principle");
      var counts = { blank: 0 };
      STATUS_KEYS.forEach(function (k) { counts[k] = 0; });
      var total = 0;
      fieldsets.forEach(function (fs) {
        if (principle && principleOf(fs) !== principle) return;
        total += 1;
        var status = (state.answers[fs.getAttribute("data-cm-id")] || {}).status;
        counts[STATUS_KEYS.indexOf(status) >= 0 ? status : "blank"] += 1;
      });
      var parts = STATUS_KEYS.concat(["blank"]).map(function (k) { return config.statuses[k] + " " + counts[k]; });
      var summary = config.progressLabel + ": " + parts.join(" / ");
      var text = box.querySelector(".gl-progress__text") || document.createElement("p");
      text.className = "gl-progress__text";
      text.textContent = summary;
      var bar = box.querySelector("progress") || document.createElement("progress");
      bar.max = total || 1;
      bar.value = total - counts.blank;
      bar.setAttribute("aria-label", summary);
      if (!text.parentNode) box.appendChild(text);
      if (!bar.parentNode) box.appendChild(bar);
      box.hidden = false;
    });
  }

  function say(text) {
    message.textContent = text;
  }

  // --- page -> state ----------------------------------------------------------------------------

  fieldsets.forEach(function (fs) {
    var id = fs.getAttribute("data-cm-id");
    fs.addEventListener("change", function (event) {
      if (event.target.type === "radio") {
        answerFor(id).status = event.target.value;
        saveState();
        showProgress();
      }
    });
    fs.querySelector("textarea").addEventListener("input", function (event) {
      answerFor(id).note = event.target.value;
      saveState();
    });
  });

  municipality.addEventListener("input", function () {
    state.municipality = municipality.value;
    saveState();
  });

  // --- export -----------------------------------------------------------------------------------

  function exportDocument() {
    var answers = {};
    Object.keys(state.answers).forEach(function (id) {
      var a = state.answers[id];
      if (known[id] && (a.status || a.note)) answers[id] = { status: a.status || "", note: a.note || "" };
    });
    return {
      format: config.format,
      format_version: 1,
      guideline_version: config.version,
      role: config.role,
      lang: config.lang,
      date: new Date().toISOString(),
      municipality: state.municipality || "",
      answers: answers
    };
  }

  document.getElementById("gl-export").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify(exportDocument(), null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "checklist-" + config.role + "-v" + config.version + "-" +
      new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });

  // --- import: check everything first, then change the saved state in one step ---------------------

  function parseImport(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error(strings.bad_json); }
    if (!data || typeof data !== "object" || data.format !== config.format ||
        typeof data.answers !== "object" || data.answers === null || Array.isArray(data.answers)) {
      throw new Error(strings.not_checklist);
    }
    if (data.role !== config.role) {
      throw new Error(format(strings.wrong_role, { role: config.roles[data.role] || String(data.role) }));
    }
    var answers = {};
    var unmatched = [];
    var renamed = config.renamed || {};
    Object.keys(data.answers).forEach(function (savedId) {
      var a = data.answers[savedId];
      var id = !known[savedId] && known[renamed[savedId]] ? renamed[savedId] : savedId;
      var ok = a && typeof a === "object" &&
        (a.status === undefined || a.status === "" || STATUS_KEYS.indexOf(a.status) >= 0) &&
        (a.note === undefined || typeof a.note === "string");
      if (!ok) throw new Error(format(strings.bad_answer, { id: savedId }));
      if (known[id]) answers[id] = { status: a.status || "", note: a.note || "" };
      else unmatched.push(id);
    });
    return {
      answers: answers, unmatched: unmatched, version: String(data.guideline_version || ""),
      municipality: typeof data.municipality === "string" ? data.municipality : ""
    };
  }

  document.getElementById("gl-import-button").addEventListener("click", function () {
    fileInput.value = "";
    fileInput.click();
  });

  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var imported;
      try {
        imported = parseImport(String(reader.result));
      } catch (error) {
        say(format(strings.error, { reason: error.message }));
        return;
      }
      state = { municipality: imported.municipality, answers: imported.answers };
      saveState();
      showState();
      var lines = [format(strings.imported, { count: Object.keys(imported.answers).length })];
      if (imported.version && imported.version !== config.version) {
        lines.push(format(strings.other_version, { version: imported.version }));
      }
      if (imported.unmatched.length) lines.push(format(strings.unmatched, { ids: imported.unmatched.join(", ") }));
      say(lines.join(" "));
    };
    reader.onerror = function () { say(format(strings.error, { reason: strings.bad_json })); };
    reader.readAsText(file);
  });

  document.getElementById("gl-clear").addEventListener("click", function () {
    if (!window.confirm(strings.clear_confirm)) return;
    state = emptyState();
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing saved */ }
    showState();
  });

  toolbar.hidden = false;
  showState();
}());

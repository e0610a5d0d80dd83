/*
 * The customizer (自治体版をつくる): a municipality's overlay made in the browser.
 *
 * The form (guideline/templates/customizer.html) edits the `form` object below, which is kept in
 * this browser only (localStorage) and shared between tabs through `storage` events. From it the
 * script writes municipality.yaml and the pages, checks them against the JSON Schema the build
 * uses (municipality.schema.json, with ajv) and the rules the build adds (known sub-items, roles
 * and IDs), and only then offers the `municipality/` folder as a ZIP (fflate). A ZIP made here, or
 * a fork's own municipality/ folder zipped, can be loaded back to continue editing.
 *
 * The upstream guideline and the schema come from assets/customizer-data.js, generated with the
 * site (the same content as downloads/guideline.json and downloads/municipality.schema.json), so
 * the page works from disk (file://) too. Nothing is sent anywhere.
 *
 * Every text from the data or the user is put in the page with textContent, never as HTML.
 * Written for old office browsers: no build step, no modules, no optional chaining.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("gl-customizer-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings;
  var lang = config.lang;
  var app = document.getElementById("gl-cz-app");
  var data = window.aigovCustomizerData;
  var Ajv = window.ajv2020 && (window.ajv2020.default || window.ajv2020);
  if (!data || !Ajv || !window.fflate || !window.jsyaml) {
    var missing = document.createElement("p");
    missing.className = "gl-cz-alert";
    missing.textContent = strings.missing_scripts;
    app.parentNode.insertBefore(missing, app);
    return;
  }

  var STORAGE_KEY = "aigov-customizer";
  var STATE_FORMAT = "aigov-customizer";
  var OVERLAY_FOLDER = "municipality/";
  var OVERLAY_FILE = "municipality.yaml";
  var MAX_ZIP_BYTES = 10 * 1024 * 1024;      // the same limits as `python -m guideline import-overlay`
  var MAX_FILE_BYTES = 2 * 1024 * 1024;
  var MAX_FILES = 200;
  var PAGE_FILE = /^[a-z0-9-]+\.md$/;
  var LOGO_FILE = /^[A-Za-z0-9._-]+\.(svg|png)$/;

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // --- the upstream guideline (a fork's own rules in guideline.json are not part of it) ------------

  var guideline = data.guideline;
  var roles = guideline.roles;
  var roleById = {};
  roles.forEach(function (r) { roleById[r.id] = r; });
  var subItems = [];
  var subItemById = {};
  var records = {};           // upstream risk and countermeasure IDs -> {record, kind, subItem, role}
  guideline.principles.forEach(function (p) {
    p.sub_items.forEach(function (s) {
      var item = { id: s.id, principle: p, sub: s, label: p.number + " " + s.number + " " + s.title[lang] };
      subItems.push(item);
      subItemById[s.id] = item;
      Object.keys(s.roles).forEach(function (roleId) {
        var sheet = s.roles[roleId];
        sheet.risks.forEach(function (r) { records[r.id] = { record: r, kind: "risk", subItem: item, role: roleId }; });
        sheet.countermeasures.forEach(function (c) {
          if (!c.local) records[c.id] = { record: c, kind: "cm", subItem: item, role: roleId };
        });
      });
    });
  });

  // --- the form's state ------------------------------------------------------------------------

  function pair() { return { ja: "", en: "" }; }
  function contact() {
    return { title: pair(), name: pair(), department: pair(), email: "", phone: "", url: "" };
  }
  function emptyForm() {
    return { name: pair(), site_url: "", logo: null, ai_officer: contact(), inquiry: contact(),
             rules: [], omissions: [], pages: [] };
  }

  var form = emptyForm();
  var saveFailed = false;
  var checkedOnce = false;    // after the first export, problems are shown as the user types

  function getPath(object, path) {
    return path.split(".").reduce(function (o, key) { return o === undefined || o === null ? undefined : o[key]; }, object);
  }
  function setPath(object, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    var target = keys.reduce(function (o, key) { return o[key]; }, object);
    target[last] = value;
  }

  // --- saving: every change at once; a failure is said plainly and stays said ---------------------

  var statusBox = document.getElementById("gl-cz-status");
  var alertBox = document.getElementById("gl-cz-alert");

  function say(text) { statusBox.textContent = text; }
  function alarm(text) {
    alertBox.textContent = text || "";
    alertBox.hidden = !text;
  }

  function save() {
    var record = { format: STATE_FORMAT, format_version: 1, saved: new Date().toISOString(), form: form };
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(record));
      if (saveFailed) alarm("");
      saveFailed = false;
    } catch (e) {
      saveFailed = true;
      alarm(strings.save_failed);
    }
  }

  function formFrom(saved) {
    if (!saved || saved.format !== STATE_FORMAT || typeof saved.form !== "object" || saved.form === null) return null;
    var f = emptyForm();
    var s = saved.form;
    ["name"].forEach(function (k) { if (s[k]) f[k] = { ja: s[k].ja || "", en: s[k].en || "" }; });
    f.site_url = s.site_url || "";
    f.logo = s.logo && s.logo.file && s.logo.base64 ? { file: s.logo.file, base64: s.logo.base64 } : null;
    ["ai_officer", "inquiry"].forEach(function (kind) {
      var c = s[kind] || {};
      ["title", "name", "department"].forEach(function (k) { if (c[k]) f[kind][k] = { ja: c[k].ja || "", en: c[k].en || "" }; });
      ["email", "phone", "url"].forEach(function (k) { f[kind][k] = c[k] || ""; });
    });
    f.rules = Array.isArray(s.rules) ? s.rules : [];
    f.omissions = Array.isArray(s.omissions) ? s.omissions : [];
    f.pages = Array.isArray(s.pages) ? s.pages : [];
    return f;
  }

  function loadSaved() {
    try {
      return formFrom(JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null"));
    } catch (e) {
      return null;
    }
  }

  // Another tab saved: take its state, which holds everything, unless this tab has changes it
  // could not save (then keep them on screen and say so).
  window.addEventListener("storage", function (event) {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    if (saveFailed) {
      alarm(strings.save_failed + " " + strings.other_tab_kept);
      return;
    }
    var other = null;
    try { other = formFrom(JSON.parse(event.newValue || "null")); } catch (e) { other = null; }
    form = other || emptyForm();
    showForm();
    say(strings.other_tab);
  });

  function changed() {
    save();
    schedulePreview();
    if (checkedOnce) showProblems(check().problems, false);
  }

  // --- the static fields (identity, contacts) ----------------------------------------------------

  var staticFields = Array.prototype.slice.call(app.querySelectorAll("[data-field]"));
  staticFields.forEach(function (input) {
    input.addEventListener("input", function () {
      setPath(form, input.getAttribute("data-field"), input.value);
      changed();
    });
  });

  // --- logo ----------------------------------------------------------------------------------------

  var logoFile = document.getElementById("gl-cz-logo-file");
  var logoName = document.getElementById("gl-cz-logo-name");
  var logoRemove = document.getElementById("gl-cz-logo-remove");
  document.getElementById("gl-cz-logo-button").addEventListener("click", function () {
    logoFile.value = "";
    logoFile.click();
  });
  logoFile.addEventListener("change", function () {
    var file = logoFile.files && logoFile.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      // The overlay's logo is named in municipality.yaml: keep its name to the letters the schema allows.
      var name = file.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.(SVG|PNG)$/, function (ext) { return ext.toLowerCase(); });
      form.logo = { file: name, base64: toBase64(new Uint8Array(reader.result)), size: reader.result.byteLength };
      showLogo();
      changed();
    };
    reader.readAsArrayBuffer(file);
  });
  logoRemove.addEventListener("click", function () {
    form.logo = null;
    showLogo();
    changed();
    document.getElementById("gl-cz-logo-button").focus();
  });
  function showLogo() {
    logoName.textContent = form.logo ? form.logo.file : strings.logo_none;
    logoRemove.hidden = !form.logo;
  }

  function toBase64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 1) text += String.fromCharCode(bytes[i]);
    return window.btoa(text);
  }
  function fromBase64(text) {
    var raw = window.atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // --- rows: omissions, local rules, pages ---------------------------------------------------------

  var rowCounter = 0;

  // A labelled field bound to `object[key]`, with its place in municipality.yaml for messages.
  function rowField(label, object, key, pointer, options) {
    options = options || {};
    rowCounter += 1;
    var id = "gl-cz-f" + rowCounter;
    var input;
    if (options.choices) {
      input = el("select", { id: id });
      options.choices.forEach(function (choice) {
        if (choice.group) {
          var group = el("optgroup", { label: choice.group });
          choice.options.forEach(function (o) { group.appendChild(el("option", { value: o.value, text: o.text })); });
          input.appendChild(group);
        } else {
          input.appendChild(el("option", { value: choice.value, text: choice.text }));
        }
      });
    } else if (options.rows) {
      input = el("textarea", { id: id, rows: String(options.rows) });
    } else {
      input = el("input", { id: id, type: "text" });
    }
    input.value = object[key] || "";
    input.setAttribute("data-pointer", pointer);
    var hint = options.hint ? el("span", { className: "gl-cz-hint", id: id + "-hint", text: options.hint }) : null;
    var error = el("p", { className: "gl-cz-error", id: id + "-error", hidden: true });
    input.setAttribute("aria-describedby", (hint ? id + "-hint " : "") + id + "-error");
    input.addEventListener(options.choices ? "change" : "input", function () {
      object[key] = input.value;
      if (options.onChange) options.onChange(input.value);
      changed();
    });
    return el("div", { className: "gl-cz-field" }, [el("label", { "for": id, text: label }), hint, input, error]);
  }

  function removeButton(label, list, index, container, focusAfter) {
    var button = el("button", { type: "button", className: "md-button gl-cz-remove", text: label });
    button.addEventListener("click", function () {
      list.splice(index, 1);
      changed();
      showRows();
      document.getElementById(focusAfter).focus();
    });
    return button;
  }

  function rowBox(pointer, legend, fields) {
    var error = el("p", { className: "gl-cz-error", hidden: true, "data-pointer": pointer });
    return el("li", { className: "gl-cz-row", "data-pointer-box": pointer },
      [el("fieldset", {}, [el("legend", { text: legend })].concat(fields).concat([error]))]);
  }

  // Choices of what can be omitted: every upstream risk and countermeasure, by sub-item and role.
  function omissionChoices(current) {
    var choices = [{ value: "", text: strings.choose }];
    if (current && !records[current]) choices.push({ value: current, text: format(strings.unknown_choice, { id: current }) });
    subItems.forEach(function (item) {
      roles.forEach(function (r) {
        var sheet = item.sub.roles[r.id];
        if (!sheet) return;
        var options = [];
        sheet.risks.forEach(function (x) { options.push({ value: x.id, text: x.id + " " + strings.risk_mark + " " + x.text[lang] }); });
        sheet.countermeasures.forEach(function (x) {
          if (!x.local) options.push({ value: x.id, text: x.id + " " + x.text[lang] });
        });
        choices.push({ group: item.label + " — " + r.name[lang], options: options });
      });
    });
    return choices;
  }

  function subItemChoices(current) {
    var choices = [];
    if (current && !subItemById[current]) choices.push({ value: current, text: format(strings.unknown_choice, { id: current }) });
    return choices.concat(subItems.map(function (item) { return { value: item.id, text: item.label }; }));
  }

  function roleChoices(current) {
    var choices = [];
    if (current && !roleById[current]) choices.push({ value: current, text: format(strings.unknown_choice, { id: current }) });
    return choices.concat(roles.map(function (r) { return { value: r.id, text: r.name[lang] }; }));
  }

  // A local rule's ID: L-<sub-item>-<role code>-NN, the next number free for that sub-item and role.
  function rulePrefix(rule) {
    var role = roleById[rule.role];
    return role ? "L-" + rule.sub_item + "-" + role.code + "-" : null;
  }
  function assignRuleId(rule) {
    var prefix = rulePrefix(rule);
    if (!prefix || (rule.id && rule.id.indexOf(prefix) === 0)) return;
    var taken = {};
    form.rules.forEach(function (other) { if (other !== rule) taken[other.id] = true; });
    for (var n = 1; n < 100; n += 1) {
      var id = prefix + (n < 10 ? "0" : "") + n;
      if (!taken[id]) { rule.id = id; return; }
    }
  }

  var omissionsList = document.getElementById("gl-cz-omissions");
  var rulesList = document.getElementById("gl-cz-rules");
  var pagesList = document.getElementById("gl-cz-pages");

  function showRows() {
    while (omissionsList.firstChild) omissionsList.removeChild(omissionsList.firstChild);
    form.omissions.forEach(function (omission, i) {
      var pointer = "/omissions/" + i;
      if (!omission.reason) omission.reason = pair();
      omissionsList.appendChild(rowBox(pointer, format(strings.omission_n, { n: i + 1 }), [
        rowField(strings.omission_item, omission, "id", pointer + "/id", { choices: omissionChoices(omission.id) }),
        rowField(strings.reason_ja, omission.reason, "ja", pointer + "/reason/ja", { rows: 2 }),
        rowField(strings.reason_en, omission.reason, "en", pointer + "/reason/en", { rows: 2 }),
        removeButton(format(strings.remove_omission, { n: i + 1 }), form.omissions, i, omissionsList, "gl-cz-add-omission")
      ]));
    });

    while (rulesList.firstChild) rulesList.removeChild(rulesList.firstChild);
    form.rules.forEach(function (rule, i) {
      var pointer = "/local_rules/" + i;
      ["text", "sub_points", "examples"].forEach(function (k) { if (!rule[k]) rule[k] = pair(); });
      var idLine = el("p", { className: "gl-cz-rule-id", text: format(strings.rule_id, { id: rule.id || "" }) });
      function reassign() {
        assignRuleId(rule);
        idLine.textContent = format(strings.rule_id, { id: rule.id || "" });
      }
      rulesList.appendChild(rowBox(pointer, format(strings.rule_n, { n: i + 1 }), [
        idLine,
        rowField(strings.rule_sub_item, rule, "sub_item", pointer + "/sub_item",
                 { choices: subItemChoices(rule.sub_item), onChange: reassign }),
        rowField(strings.rule_role, rule, "role", pointer + "/role", { choices: roleChoices(rule.role), onChange: reassign }),
        rowField(strings.rule_text_ja, rule.text, "ja", pointer + "/text/ja", { rows: 3 }),
        rowField(strings.rule_text_en, rule.text, "en", pointer + "/text/en", { rows: 3, hint: strings.optional_en }),
        rowField(strings.rule_sub_points_ja, rule.sub_points, "ja", pointer + "/sub_points", { rows: 2, hint: strings.one_per_line }),
        rowField(strings.rule_sub_points_en, rule.sub_points, "en", pointer + "/sub_points/en", { rows: 2, hint: strings.one_per_line_en }),
        rowField(strings.rule_examples_ja, rule.examples, "ja", pointer + "/examples", { rows: 2, hint: strings.one_per_line }),
        rowField(strings.rule_examples_en, rule.examples, "en", pointer + "/examples/en", { rows: 2, hint: strings.one_per_line_en }),
        removeButton(format(strings.remove_rule, { n: i + 1 }), form.rules, i, rulesList, "gl-cz-add-rule")
      ]));
    });

    while (pagesList.firstChild) pagesList.removeChild(pagesList.firstChild);
    form.pages.forEach(function (page, i) {
      var pointer = "/pages/" + i;
      ["title", "body"].forEach(function (k) { if (!page[k]) page[k] = pair(); });
      pagesList.appendChild(rowBox(pointer, format(strings.page_n, { n: i + 1 }), [
        rowField(strings.page_file, page, "file", pointer + "/file", { hint: strings.page_file_hint }),
        rowField(strings.page_title_ja, page.title, "ja", pointer + "/title/ja"),
        rowField(strings.page_title_en, page.title, "en", pointer + "/title/en", { hint: strings.page_en_fallback }),
        rowField(strings.page_body_ja, page.body, "ja", pointer + "/body/ja", { rows: 8, hint: strings.page_body_hint }),
        rowField(strings.page_body_en, page.body, "en", pointer + "/body/en", { rows: 8, hint: strings.page_en_fallback }),
        removeButton(format(strings.remove_page, { n: i + 1 }), form.pages, i, pagesList, "gl-cz-add-page")
      ]));
    });
  }

  function focusLast(list) {
    var rows = list.querySelectorAll(".gl-cz-row");
    var field = rows.length && rows[rows.length - 1].querySelector("select, input, textarea");
    if (field) field.focus();
  }

  document.getElementById("gl-cz-add-omission").addEventListener("click", function () {
    form.omissions.push({ id: "", reason: pair() });
    changed();
    showRows();
    focusLast(omissionsList);
  });
  document.getElementById("gl-cz-add-rule").addEventListener("click", function () {
    var rule = { id: "", sub_item: subItems[0].id, role: roles[0].id, text: pair(), sub_points: pair(), examples: pair() };
    form.rules.push(rule);
    assignRuleId(rule);
    changed();
    showRows();
    focusLast(rulesList);
  });
  document.getElementById("gl-cz-add-page").addEventListener("click", function () {
    form.pages.push({ file: "", anchor: "", title: pair(), body: pair() });
    changed();
    showRows();
    focusLast(pagesList);
  });

  function showForm() {
    staticFields.forEach(function (input) { input.value = getPath(form, input.getAttribute("data-field")) || ""; });
    showLogo();
    showRows();
    schedulePreview();
    if (checkedOnce) showProblems(check().problems, false);
  }

  // --- form -> municipality.yaml and pages ---------------------------------------------------------

  function clean(text) { return typeof text === "string" ? text.trim() : ""; }

  // A {ja, en} text with its empty languages left out (the schema then says what is missing).
  function texts(p) {
    var out = {};
    if (clean(p.ja)) out.ja = clean(p.ja);
    if (clean(p.en)) out.en = clean(p.en);
    return out;
  }
  function hasText(p) { return Boolean(p && (clean(p.ja) || clean(p.en))); }
  function lines(text) {
    return String(text || "").split("\n").map(clean).filter(function (l) { return l; });
  }
  function lineTexts(p) {
    var ja = lines(p.ja), en = lines(p.en);
    return ja.map(function (line, i) { return en[i] ? { ja: line, en: en[i] } : { ja: line }; });
  }

  function contactDocument(c) {
    var out = {};
    ["title", "name", "department"].forEach(function (k) { if (hasText(c[k])) out[k] = texts(c[k]); });
    ["email", "phone", "url"].forEach(function (k) { if (clean(c[k])) out[k] = clean(c[k]); });
    return Object.keys(out).length ? out : null;
  }

  function overlayDocument() {
    var doc = { municipality: { name: texts(form.name) } };
    if (clean(form.site_url)) doc.municipality.site_url = clean(form.site_url);
    if (form.logo) doc.municipality.logo = form.logo.file;
    ["ai_officer", "inquiry"].forEach(function (kind) {
      var c = contactDocument(form[kind]);
      if (c) doc[kind] = c;
    });
    if (form.rules.length) {
      doc.local_rules = form.rules.map(function (rule) {
        var out = { id: rule.id, sub_item: rule.sub_item, role: rule.role, text: texts(rule.text) };
        if (lines(rule.sub_points.ja).length) out.sub_points = lineTexts(rule.sub_points);
        if (lines(rule.examples.ja).length) out.examples = lineTexts(rule.examples);
        return out;
      });
    }
    if (form.omissions.length) {
      doc.omissions = form.omissions.map(function (o) {
        return o.id ? { id: o.id, reason: texts(o.reason) } : { reason: texts(o.reason) };
      });
    }
    if (form.pages.length) doc.pages = form.pages.map(function (p) { return { file: clean(p.file) }; });
    return doc;
  }

  function pageMarkdown(page, language) {
    var title = clean(page.title[language]) || clean(page.title.ja);
    var body = String(page.body[language] || "").trim() ? page.body[language] : page.body.ja;
    body = String(body || "").replace(/\s+$/, "");
    var anchor = clean(page.anchor) || clean(page.file).replace(/\.md$/, "");
    var heading = title ? "# " + title + " { #" + anchor + " }\n\n" : "";
    return heading + body + "\n";
  }

  function yamlText(doc) {
    var header = "# yaml-language-server: $schema=../schemas/municipality.schema.json\n" +
      "# " + strings.yaml_comment + "\n";
    return header + window.jsyaml.dump(doc, { lineWidth: -1, noRefs: true, quotingType: "\"" });
  }

  // --- checks: the schema the build uses, then what the build checks beyond it -----------------

  var validateSchema = new Ajv({ allErrors: true, strict: false }).compile(data.schema);

  function schemaMessage(error) {
    if (error.keyword === "required") return strings.required;
    if (error.keyword === "minLength") return strings.required;
    if (error.keyword === "pattern") return strings.bad_format;
    if (error.keyword === "not") return strings.no_markup;
    if (error.keyword === "additionalProperties") return format(strings.unknown_key, { key: error.params.additionalProperty });
    return format(strings.schema_problem, { message: error.message });
  }

  function check() {
    var doc = overlayDocument();
    var problems = [];
    function problem(pointer, message) { problems.push({ pointer: pointer, message: message }); }
    if (!validateSchema(doc)) {
      validateSchema.errors.forEach(function (error) {
        var pointer = error.instancePath;
        if (error.keyword === "required") pointer += "/" + error.params.missingProperty;
        if (error.keyword === "additionalProperties") pointer += "/" + error.params.additionalProperty;
        problem(pointer, schemaMessage(error));
      });
    }
    var ruleIds = {};
    form.rules.forEach(function (rule, i) {
      var pointer = "/local_rules/" + i;
      if (!subItemById[rule.sub_item]) problem(pointer + "/sub_item", format(strings.unknown_sub_item, { id: rule.sub_item }));
      else if (!roleById[rule.role]) problem(pointer + "/role", format(strings.unknown_role, { id: rule.role }));
      else if (rule.id.indexOf(rulePrefix(rule)) !== 0) problem(pointer, format(strings.rule_id_mismatch, { id: rule.id, prefix: rulePrefix(rule) }));
      if (ruleIds[rule.id]) problem(pointer, format(strings.duplicate_id, { id: rule.id }));
      ruleIds[rule.id] = true;
      ["sub_points", "examples"].forEach(function (k) {
        if (lines(rule[k].en).length > lines(rule[k].ja).length) problem(pointer + "/" + k + "/en", strings.lines_mismatch);
      });
    });
    var omitted = {};
    form.omissions.forEach(function (o, i) {
      var pointer = "/omissions/" + i + "/id";
      if (!o.id) return;   // the schema says it is required
      if (!records[o.id]) problem(pointer, format(strings.unknown_record, { id: o.id }));
      else if (omitted[o.id]) problem(pointer, format(strings.omitted_twice, { id: o.id }));
      omitted[o.id] = true;
    });
    var files = {};
    form.pages.forEach(function (p, i) {
      var pointer = "/pages/" + i;
      if (files[clean(p.file)]) problem(pointer + "/file", format(strings.page_file_taken, { file: clean(p.file) }));
      files[clean(p.file)] = true;
      if (!clean(p.body.ja)) problem(pointer + "/body/ja", strings.required);
    });
    if (form.logo && !LOGO_FILE.test(form.logo.file)) problem("/municipality/logo", strings.bad_logo);
    else if (form.logo && form.logo.base64.length * 3 / 4 > MAX_FILE_BYTES) problem("/municipality/logo", strings.zip_too_big);
    return { doc: doc, problems: problems };
  }

  // Where a problem is shown: the field of its place in municipality.yaml, else the first field
  // inside that place, else the nearest enclosing one.
  function targetFor(pointer) {
    var exact = app.querySelector("[data-pointer=\"" + pointer + "\"]");
    if (exact) return exact;
    var inside = app.querySelector("[data-pointer^=\"" + pointer + "/\"]");
    if (inside) return inside;
    var parts = pointer.split("/");
    while (parts.length > 1) {
      parts.pop();
      var up = app.querySelector("[data-pointer=\"" + parts.join("/") + "\"]");
      if (up) return up;
    }
    return null;
  }

  function errorSlot(target) {
    if (target.classList.contains("gl-cz-error")) return target;
    var id = (target.getAttribute("aria-describedby") || "").split(" ").pop();
    return id ? document.getElementById(id) : null;
  }

  function showProblems(problems, focus) {
    Array.prototype.forEach.call(app.querySelectorAll(".gl-cz-error"), function (slot) {
      slot.textContent = "";
      slot.hidden = true;
    });
    Array.prototype.forEach.call(app.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
    var first = null;
    problems.forEach(function (p) {
      var target = targetFor(p.pointer);
      var slot = target && errorSlot(target);
      if (!slot) slot = document.getElementById("gl-cz-export-message");
      if (slot.classList.contains("gl-cz-error")) {
        if (slot.textContent.indexOf(p.message) < 0) slot.textContent = (slot.textContent ? slot.textContent + " " : "") + p.message;
        slot.hidden = false;
      }
      if (target && !target.classList.contains("gl-cz-error")) target.setAttribute("aria-invalid", "true");
      if (!first && target) first = target;
    });
    if (focus && first) {
      var field = first.classList.contains("gl-cz-error") ? first.parentNode.querySelector("select, input, textarea, button") : first;
      if (field) field.focus();
    }
  }

  // --- the ZIP ----------------------------------------------------------------------------------

  var exportMessage = document.getElementById("gl-cz-export-message");

  function overlayFiles(doc) {
    var encoder = new TextEncoder();
    var files = {};
    files[OVERLAY_FOLDER + OVERLAY_FILE] = encoder.encode(yamlText(doc));
    if (form.logo) files[OVERLAY_FOLDER + form.logo.file] = fromBase64(form.logo.base64);
    form.pages.forEach(function (page) {
      ["ja", "en"].forEach(function (language) {
        files[OVERLAY_FOLDER + "pages/" + language + "/" + clean(page.file)] = encoder.encode(pageMarkdown(page, language));
      });
    });
    return files;
  }

  document.getElementById("gl-cz-export").addEventListener("click", function () {
    checkedOnce = true;
    var result = check();
    showProblems(result.problems, true);
    if (result.problems.length) {
      exportMessage.textContent = format(strings.zip_invalid, { count: result.problems.length });
      return;
    }
    var files = overlayFiles(result.doc);
    // What the build will read is what was checked: the YAML, read back, passes the schema too.
    var reread = window.jsyaml.load(new TextDecoder().decode(files[OVERLAY_FOLDER + OVERLAY_FILE]));
    if (!validateSchema(reread)) {
      exportMessage.textContent = format(strings.schema_problem, { message: validateSchema.errors[0].message });
      return;
    }
    var zipped = window.fflate.zipSync(files, { level: 6, mtime: new Date() });
    var blob = new Blob([zipped], { type: "application/zip" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "municipality-" + new Date().toISOString().slice(0, 10) + ".zip";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    exportMessage.textContent = format(strings.zip_ready, { file: link.download });
  });

  // --- loading a ZIP back: check it all first, say what it will replace, then replace --------------

  var loadMessage = document.getElementById("gl-cz-load-message");
  var loadFile = document.getElementById("gl-cz-load-file");
  var loadButton = document.getElementById("gl-cz-load");

  function fail(message) {
    loadMessage.textContent = message;
    loadMessage.className = "gl-cz-message gl-cz-message--error";
    loadButton.setAttribute("aria-invalid", "true");
    loadButton.focus();
  }

  function text(value) { return typeof value === "string" ? value : ""; }
  function pairFrom(node) { return { ja: text(node && node.ja), en: text(node && node.en) }; }
  function linesFrom(list) {
    list = Array.isArray(list) ? list : [];
    return { ja: list.map(function (t) { return text(t && t.ja); }).join("\n"),
             en: list.map(function (t) { return text(t && t.en); }).join("\n").replace(/\n+$/, "") };
  }

  function parsePage(markdown) {
    var match = /^# (.*?)(?: \{ #([A-Za-z0-9_-]+) \})?\n\n?/.exec(markdown);
    if (!match) return { title: "", anchor: "", body: markdown.replace(/\s+$/, "") };
    return { title: match[1], anchor: match[2] || "", body: markdown.slice(match[0].length).replace(/\s+$/, "") };
  }

  function formFromOverlay(doc, files, prefix) {
    var f = emptyForm();
    var info = doc.municipality;
    f.name = pairFrom(info.name);
    f.site_url = text(info.site_url);
    if (info.logo) {
      var logo = files[prefix + info.logo];
      if (!logo) throw new Error(format(strings.zip_missing_file, { file: info.logo }));
      f.logo = { file: String(info.logo), base64: toBase64(logo) };
    }
    ["ai_officer", "inquiry"].forEach(function (kind) {
      var c = doc[kind] || {};
      ["title", "name", "department"].forEach(function (k) { f[kind][k] = pairFrom(c[k]); });
      ["email", "phone", "url"].forEach(function (k) { f[kind][k] = text(c[k]); });
    });
    f.rules = (Array.isArray(doc.local_rules) ? doc.local_rules : []).map(function (rule) {
      return { id: text(rule.id), sub_item: text(rule.sub_item), role: text(rule.role), text: pairFrom(rule.text),
               sub_points: linesFrom(rule.sub_points), examples: linesFrom(rule.examples) };
    });
    f.omissions = (Array.isArray(doc.omissions) ? doc.omissions : []).map(function (o) {
      return { id: text(o.id), reason: pairFrom(o.reason) };
    });
    var decoder = new TextDecoder();
    f.pages = (Array.isArray(doc.pages) ? doc.pages : []).map(function (p) {
      var file = text(p.file);
      var page = { file: file, anchor: "", title: pair(), body: pair() };
      ["ja", "en"].forEach(function (language) {
        var bytes = files[prefix + "pages/" + language + "/" + file];
        if (!bytes) throw new Error(format(strings.zip_missing_file, { file: "pages/" + language + "/" + file }));
        var parsed = parsePage(decoder.decode(bytes).replace(/\r\n/g, "\n"));
        page.title[language] = parsed.title;
        page.body[language] = parsed.body;
        if (language === "ja") page.anchor = parsed.anchor;
      });
      return page;
    });
    return f;
  }

  function readZip(bytes) {
    if (bytes.length > MAX_ZIP_BYTES) throw new Error(strings.zip_too_big);
    var count = 0;
    var files = window.fflate.unzipSync(bytes, {
      filter: function (file) {
        count += 1;
        if (count > MAX_FILES || file.originalSize > MAX_FILE_BYTES) throw new Error(strings.zip_too_big);
        return !/\/$/.test(file.name);
      }
    });
    var prefix = files[OVERLAY_FOLDER + OVERLAY_FILE] ? OVERLAY_FOLDER : files[OVERLAY_FILE] ? "" : null;
    if (prefix === null) throw new Error(strings.not_overlay);
    var doc;
    try {
      doc = window.jsyaml.load(new TextDecoder("utf-8", { fatal: true }).decode(files[prefix + OVERLAY_FILE]));
    } catch (e) {
      throw new Error(format(strings.bad_yaml, { reason: e.message }));
    }
    if (!doc || typeof doc !== "object" || !doc.municipality || typeof doc.municipality !== "object") {
      throw new Error(strings.not_overlay);
    }
    return formFromOverlay(doc, files, prefix);
  }

  function isEmpty(f) {
    return JSON.stringify(formFrom({ format: STATE_FORMAT, form: f })) === JSON.stringify(emptyForm());
  }

  loadButton.addEventListener("click", function () {
    loadFile.value = "";
    loadFile.click();
  });
  loadFile.addEventListener("change", function () {
    var file = loadFile.files && loadFile.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var loaded;
      try {
        loaded = readZip(new Uint8Array(reader.result));
      } catch (error) {
        fail(format(strings.load_failed, { file: file.name, reason: error && error.message ? error.message : strings.not_overlay }));
        return;
      }
      var summary = format(strings.load_summary, {
        name: loaded.name[lang] || loaded.name.ja, rules: loaded.rules.length,
        omissions: loaded.omissions.length, pages: loaded.pages.length
      });
      if (!isEmpty(form) && !window.confirm(summary + "\n" + strings.load_confirm)) {
        loadMessage.textContent = strings.load_cancelled;
        return;
      }
      form = loaded;
      loadButton.removeAttribute("aria-invalid");
      loadMessage.className = "gl-cz-message";
      save();
      checkedOnce = true;
      showForm();
      var problems = check().problems;
      loadMessage.textContent = summary + (problems.length ? " " + format(strings.loaded_with_problems, { count: problems.length }) : "");
    };
    reader.onerror = function () { fail(format(strings.load_failed, { file: file.name, reason: strings.not_overlay })); };
    reader.readAsArrayBuffer(file);
  });

  document.getElementById("gl-cz-clear").addEventListener("click", function () {
    if (!window.confirm(strings.clear_confirm)) return;
    form = emptyForm();
    checkedOnce = false;
    save();
    showForm();
    showProblems([], false);
    say(strings.cleared);
  });

  // --- what staff will see: the role pages with this municipality's changes ------------------------

  function municipalityName() { return clean(form.name[lang]) || clean(form.name.ja) || strings.your_municipality; }

  function localText(t) {
    return clean(t[lang]) || clean(t.ja);
  }

  // The sheets of one sub-item and role as the build makes them: upstream records, omissions
  // marked with their reason, the municipality's rules added at the end and marked 独自.
  function sheetFor(item, roleId) {
    var upstream = item.sub.roles[roleId];
    var reasons = {};
    form.omissions.forEach(function (o) { if (o.id) reasons[o.id] = o.reason; });
    var rules = form.rules.filter(function (r) { return r.sub_item === item.id && r.role === roleId; });
    if (!upstream && !rules.length) return null;
    function mark(record) {
      return { id: record.id, text: record.text[lang], sub_points: (record.sub_points || []).map(function (t) { return t[lang]; }),
               examples: (record.examples || []).map(function (t) { return t[lang]; }), omitted: reasons[record.id] || null };
    }
    return {
      risks: upstream ? upstream.risks.map(mark) : [],
      countermeasures: (upstream ? upstream.countermeasures.filter(function (c) { return !c.local; }).map(mark) : [])
        .concat(rules.map(function (r) {
          return { id: r.id, text: localText(r.text), local: true, omitted: null,
                   sub_points: lines(r.sub_points[lang]).length ? lines(r.sub_points[lang]) : lines(r.sub_points.ja),
                   examples: lines(r.examples[lang]).length ? lines(r.examples[lang]) : lines(r.examples.ja) };
        }))
    };
  }

  function omittedNote(reason) {
    var label = format(config.omittedLabel, { municipality: municipalityName() });
    return el("p", { className: "gl-omitted" }, [el("strong", { text: label }), document.createTextNode(" " + (localText(reason) || ""))]);
  }

  function idBadge(id) { return el("span", { className: "gl-id", text: id }); }

  function sheetElement(sheet, headingLevel) {
    var h = "h" + headingLevel;
    var box = el("div", { className: "gl-sheet" });
    if (sheet.risks.length) {
      box.appendChild(el(h, { className: "gl-sheet__heading", text: config.labels.risks }));
      box.appendChild(el("ul", { className: "gl-risks" }, sheet.risks.map(function (r) {
        return el("li", { className: "gl-risk" + (r.omitted ? " gl-risk--omitted" : ""), "data-id": r.id },
          [idBadge(r.id), document.createTextNode(" " + r.text), r.omitted ? omittedNote(r.omitted) : null]);
      })));
    }
    box.appendChild(el(h, { className: "gl-sheet__heading", text: config.labels.countermeasures }));
    box.appendChild(el("ol", { className: "gl-countermeasures" }, sheet.countermeasures.map(function (c) {
      var css = "gl-cm" + (c.local ? " gl-cm--local" : "") + (c.omitted ? " gl-cm--omitted" : "");
      var children = [idBadge(c.id), document.createTextNode(" ")];
      if (c.local) {
        children.push(el("span", { className: "gl-local", title: format(config.localBadgeTitle, { municipality: municipalityName() }),
                                   text: config.labels["local.badge"] }));
        children.push(document.createTextNode(" "));
      }
      children.push(el("span", { className: "gl-cm__text", text: c.text }));
      if (c.sub_points.length) {
        children.push(el("ul", { className: "gl-subpoints" }, c.sub_points.map(function (t) { return el("li", { text: t }); })));
      }
      if (c.examples.length) {
        children.push(el("div", { className: "gl-examples" }, [
          el("p", { className: "gl-examples__label", text: config.labels.examples }),
          el("ul", { className: "gl-examples__list" }, c.examples.map(function (t) { return el("li", { text: t }); }))]));
      }
      if (c.omitted) children.push(omittedNote(c.omitted));
      return el("li", { className: css, "data-id": c.id }, children);
    })));
    return box;
  }

  // Role -> principles -> sub-items, into `target`, headings from `level`.
  function roleSections(roleId, principleId, level) {
    var out = [];
    guideline.principles.forEach(function (p) {
      if (principleId && p.id !== principleId) return;
      var parts = [];
      p.sub_items.forEach(function (s) {
        var sheet = sheetFor(subItemById[s.id], roleId);
        if (!sheet) return;
        parts.push(el("h" + (level + 1), { text: s.number + " " + s.title[lang] + " (" + s.id + ")" }));
        parts.push(sheetElement(sheet, level + 2));
      });
      if (parts.length) out.push(el("section", { className: "gl-cz-principle" },
        [el("h" + level, { text: p.number + ". " + p.title[lang] })].concat(parts)));
    });
    return out;
  }

  var previewBody = document.getElementById("gl-cz-preview");
  var previewRole = document.getElementById("gl-cz-preview-role");
  var previewPrinciple = document.getElementById("gl-cz-preview-principle");
  roles.forEach(function (r) { previewRole.appendChild(el("option", { value: r.id, text: r.name[lang] })); });
  previewPrinciple.appendChild(el("option", { value: "", text: strings.all_principles }));
  guideline.principles.forEach(function (p) {
    previewPrinciple.appendChild(el("option", { value: p.id, text: p.number + ". " + p.title[lang] }));
  });
  previewRole.addEventListener("change", showPreview);
  previewPrinciple.addEventListener("change", showPreview);

  function showPreview() {
    var role = roleById[previewRole.value];
    while (previewBody.firstChild) previewBody.removeChild(previewBody.firstChild);
    previewBody.appendChild(el("h3", { text: format(config.roleTitle, { role: role.name[lang] }) + " — " + municipalityName() }));
    roleSections(role.id, previewPrinciple.value, 4).forEach(function (section) { previewBody.appendChild(section); });
  }

  var previewTimer = null;
  function schedulePreview() {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(showPreview, 150);
  }

  // --- the print view: the whole customized guideline, a cover and an approval page ----------------

  var printView = document.getElementById("gl-cz-print");
  document.body.appendChild(printView);   // printed alone: everything else is hidden in print

  function contactElement(kind) {
    var c = contactDocument(form[kind]);
    if (!c) return null;
    var lines_ = [];
    ["title", "name", "department"].forEach(function (k) { if (c[k]) lines_.push(localText(form[kind][k])); });
    ["email", "phone", "url"].forEach(function (k) { if (c[k]) lines_.push(c[k]); });
    return el("div", { className: "gl-cz-print__contact" }, [
      el("h3", { text: format(config.contactTitles[kind], { municipality: municipalityName() }) }),
      el("p", {}, lines_.map(function (l) { return el("span", { className: "gl-cz-print__line", text: l }); }))]);
  }

  // A page of the municipality's own, in Markdown, shown as plain text blocks (headings,
  // paragraphs): enough to approve its wording. The site renders it in full.
  function pageElements(page) {
    var md = pageMarkdown(page, lang);
    return md.split(/\n{2,}/).map(function (block) {
      var heading = /^(#{1,6}) (.*?)(?: \{ #[A-Za-z0-9_-]+ \})?$/.exec(block.trim());
      if (heading) return el("h" + Math.min(6, heading[1].length + 1), { text: heading[2] });
      return el("p", { className: "gl-cz-print__markdown", text: block });
    });
  }

  function buildPrintView() {
    while (printView.firstChild) printView.removeChild(printView.firstChild);
    var today = new Date().toISOString().slice(0, 10);
    var title = guideline.title[lang];
    var cover = el("section", { className: "gl-cz-print__cover" }, [
      form.logo ? el("img", { src: "data:" + (/\.svg$/.test(form.logo.file) ? "image/svg+xml" : "image/png") + ";base64," + form.logo.base64,
                              alt: "", className: "gl-cz-print__logo" }) : null,
      el("p", { className: "gl-cz-print__municipality", text: municipalityName() }),
      el("h1", { text: format(strings.print_title, { municipality: municipalityName(), title: title }) }),
      el("p", { text: format(strings.print_version, { version: guideline.guideline_version }) }),
      el("p", { text: format(strings.print_date, { date: today }) }),
      el("p", { text: format(strings.print_changes, { rules: form.rules.length, omissions: form.omissions.length, pages: form.pages.length }) }),
      el("p", { className: "gl-cz-print__note", text: strings.print_note })
    ]);
    printView.appendChild(cover);
    var contacts = ["ai_officer", "inquiry"].map(contactElement).filter(Boolean);
    if (contacts.length) printView.appendChild(el("section", {}, [el("h2", { text: strings.print_contacts })].concat(contacts)));
    if (guideline.glossary && guideline.glossary.length) {
      printView.appendChild(el("section", { className: "gl-cz-print__part" }, [el("h2", { text: strings.print_glossary })].concat(
        guideline.glossary.map(function (term) {
          return el("div", {}, [el("h3", { text: term.term[lang] })].concat(
            term.definition.map(function (d) { return el("p", { text: d[lang] }); })));
        }))));
    }
    printView.appendChild(el("section", { className: "gl-cz-print__part" }, [el("h2", { text: config.labels["principles.title"] })].concat(
      guideline.principles.map(function (p) {
        return el("div", {}, [el("h3", { text: p.number + ". " + p.title[lang] + " (" + p.id + ")" })].concat(
          p.sub_items.map(function (s) {
            return el("div", {}, [el("h4", { text: s.number + " " + s.title[lang] + " (" + s.id + ")" }),
              el("ul", {}, s.content.map(function (t) { return el("li", { text: t[lang] }); }))]);
          })));
      }))));
    printView.appendChild(el("h2", { className: "gl-cz-print__part", text: config.labels["part5.title"] }));
    roles.forEach(function (r) {
      printView.appendChild(el("section", { className: "gl-cz-print__role" },
        [el("h2", { text: format(config.roleTitle, { role: r.name[lang] }) })].concat(roleSections(r.id, "", 3))));
    });
    form.pages.forEach(function (page) {
      printView.appendChild(el("section", { className: "gl-cz-print__part" }, pageElements(page)));
    });
    if (form.omissions.length) {
      printView.appendChild(el("section", { className: "gl-cz-print__part" }, [
        el("h2", { text: strings.print_omissions }),
        el("table", { className: "gl-cz-print__table" }, [
          el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: strings.omission_item }), el("th", { scope: "col", text: strings.print_reason })])]),
          el("tbody", {}, form.omissions.map(function (o) {
            var r = records[o.id];
            return el("tr", {}, [el("td", { text: o.id + (r ? " " + r.record.text[lang] : "") }), el("td", { text: localText(o.reason) })]);
          }))])]));
    }
    var rows = ["approval.reviewer", "approval.approver"].map(function (who) {
      return el("tr", {}, [el("th", { scope: "row", text: config.labels[who] }), el("td", { className: "gl-approval__sign" }),
                           el("th", { scope: "row", text: config.labels["approval.date"] }), el("td", { className: "gl-approval__date" })]);
    });
    printView.appendChild(el("section", { className: "gl-cz-print__approval" }, [
      el("h2", { text: config.labels["approval.title"] }),
      el("p", { text: format(strings.print_approval, { municipality: municipalityName(), version: guideline.guideline_version }) }),
      el("table", { className: "gl-approval" }, [el("tbody", {}, rows)])]));
  }

  document.getElementById("gl-cz-print-button").addEventListener("click", function () {
    buildPrintView();
    document.body.classList.add("gl-cz-printing");
    window.print();
  });
  window.addEventListener("afterprint", function () { document.body.classList.remove("gl-cz-printing"); });
  window.addEventListener("beforeprint", function () {
    // The browser's own print command prints the customized guideline too.
    buildPrintView();
    document.body.classList.add("gl-cz-printing");
  });

  // --- start ------------------------------------------------------------------------------------

  var saved = loadSaved();
  if (saved) form = saved;
  app.hidden = false;
  showForm();
  showPreview();
}());

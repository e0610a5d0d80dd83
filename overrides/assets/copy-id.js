/*
 * The copy button beside each record ID (principles, sub-items): shown only where this script runs,
 * it copies the ID to the clipboard and says so. Written for old office browsers: no modules.
 */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // file:// (the offline copy) and old browsers: copy from a selected, off-screen text field.
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.left = "-9999px";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(field);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.gl-copy-id[data-copy]"), function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        // Could not copy: select the ID so the reader can copy it by hand.
        var code = button.parentNode.querySelector("code");
        var range = document.createRange();
        range.selectNodeContents(code);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      });
    });
  });
}());

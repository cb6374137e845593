// Solves the form's ALTCHA proof-of-work challenge in the browser, so that people
// with JavaScript need not answer the arithmetic question. Nothing leaves the page:
// the solution travels with the form to our own server.
(function () {
  "use strict";

  var BATCH = 500;

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += bytes[i].toString(16).padStart(2, "0");
    }
    return out;
  }

  async function solve(challenge) {
    var encoder = new TextEncoder();
    for (var start = 0; start <= challenge.maxNumber; start += BATCH) {
      var numbers = [];
      for (var n = start; n < start + BATCH && n <= challenge.maxNumber; n++) {
        numbers.push(n);
      }
      var hashes = await Promise.all(
        numbers.map(function (n) {
          return crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
        })
      );
      for (var i = 0; i < hashes.length; i++) {
        if (hex(hashes[i]) === challenge.challenge) {
          return numbers[i];
        }
      }
    }
    return null;
  }

  function start(form) {
    var challenge;
    try {
      challenge = JSON.parse(form.getAttribute("data-altcha-challenge"));
    } catch (error) {
      return;
    }
    if (!challenge || !window.crypto || !crypto.subtle || !window.TextEncoder) {
      return; // the arithmetic question stays
    }
    var field = form.querySelector("input[name=altcha]");
    var question = form.querySelector("[data-human-check]");
    var status = form.querySelector("[data-altcha-status]");
    var submitting = false;
    var solved = solve(challenge).then(function (number) {
      if (number === null) {
        return false;
      }
      field.value = btoa(JSON.stringify({
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: number,
        salt: challenge.salt,
        signature: challenge.signature
      }));
      if (question && !question.querySelector(".field-error")) {
        question.hidden = true;
      }
      return true;
    });
    form.addEventListener("submit", function (event) {
      if (field.value || submitting) {
        return;
      }
      event.preventDefault();
      submitting = true;
      if (status) {
        status.hidden = false;
        status.textContent = status.getAttribute("data-wait-text") || "Spamschutz wird berechnet …";
      }
      solved.then(function () {
        form.submit();
      });
    });
  }

  document.querySelectorAll("form[data-altcha-challenge]").forEach(start);
})();

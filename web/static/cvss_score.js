// The live CVSS score of a form with a vector field: the reporter's form and the desk's triage
// form share it, and neither needs it. Without it a form works the same: "Check the score" posts
// the form and the server shows the score. With it, the score follows the vector as it is
// typed, and the plain-language picker (the report form's) writes the vector as its questions
// are answered. A form opts in with data-cvss-api, #f-cvss_vector and #f-cvss_vector-score.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-cvss-api]");
  const vector = document.getElementById("f-cvss_vector");
  const output = document.getElementById("f-cvss_vector-score");
  if (!form || !vector || !output) return;
  const api = form.dataset.cvssApi;
  const questions = Array.from(form.querySelectorAll("select[data-metric]"));
  let pending = null;
  let asked = 0;

  const show = (text) => {
    output.textContent = text;
  };

  const score = async () => {
    const text = vector.value.trim();
    if (text === "") {
      show("not scored yet");
      return;
    }
    const ask = ++asked;
    try {
      const response = await fetch(api + "?vector=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "omit",
      });
      const result = await response.json();
      if (ask !== asked) return;  // an answer to an older vector
      if (result.error) {
        show(result.error.message);
      } else {
        show(result.score.toFixed(1) + " " + result.rating + " (" + result.nomenclature + ")");
      }
    } catch (e) {
      if (ask === asked) show("the score could not be fetched; it is checked when you send");
    }
  };

  vector.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(score, 250);
  });

  // Every question answered: the picker's vector replaces what the field held.
  const compose = () => {
    const answers = questions.map((q) => q.value);
    if (answers.some((a) => a === "")) return;
    vector.value = "CVSS:4.0/" + questions.map((q) => q.dataset.metric + ":" + q.value).join("/");
    score();
  };
  questions.forEach((q) => q.addEventListener("change", compose));
});

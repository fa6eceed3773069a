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

  const severity = document.getElementById("f-severity");
  const field = vector.closest(".form-field");

  const show = (text, isError) => {
    output.textContent = text;
    output.classList.toggle("score-error", Boolean(isError));
  };

  // A vector that scores answers the problem the server found with the last one.
  const clearVectorError = () => {
    const error = document.getElementById(vector.id + "-error");
    if (error) error.remove();
    vector.removeAttribute("aria-invalid");
    vector.setAttribute("aria-describedby", output.id);
    if (field) field.classList.remove("has-error");
  };

  // The severity follows the vector: its rating is chosen for the reporter.
  const followRating = (rating) => {
    if (!severity) return;
    const value = String(rating).toLowerCase();
    if (Array.from(severity.options).some((o) => o.value === value)) {
      severity.value = value;
      severity.removeAttribute("aria-invalid");
      const container = severity.closest(".form-field");
      if (container) container.classList.remove("has-error");
      const error = document.getElementById(severity.id + "-error");
      if (error) error.remove();
    }
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
        show("Not a valid vector: " + result.error.message, true);
      } else {
        show(result.score.toFixed(1) + " " + result.rating + " (" + result.nomenclature + ")");
        clearVectorError();
        followRating(result.rating);
      }
    } catch (e) {
      if (ask === asked) show("the score could not be fetched; it is checked when you send");
    }
  };

  vector.addEventListener("input", () => {
    // A vector typed is an answer: the questions the server marked no longer need one.
    if (field) field.classList.remove("has-error");
    questions.forEach((q) => q.removeAttribute("aria-invalid"));
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

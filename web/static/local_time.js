// Instants in the viewer's own time zone: a page writes an instant in UTC (and, where it has
// one, in the program's zone) inside <time datetime="..." data-local>; with this script the
// viewer also reads it in their browser's zone. Without it the page says the same in UTC.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // dateStyle and timeStyle cannot be combined with timeZoneName: the fields are named instead.
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  for (const element of document.querySelectorAll("time[datetime][data-local]")) {
    const instant = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(instant.getTime())) continue;
    const local = document.createElement("span");
    local.className = "local-time";
    local.textContent = " (your time: " + format.format(instant) + ")";
    element.after(local);
  }
});

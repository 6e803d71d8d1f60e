// Moments are written in UTC by the server (the `when` filter): <time class="local-time"
// datetime="…Z">2026-12-04 05:50 UTC</time>. Here each is rewritten in the reader's own time
// zone and in the page's language, with the zone named ("4 déc. 2026, 00 h 50 HNE"); the UTC
// original stays in the title. Without script the page still says UTC, which is true.
document.addEventListener("DOMContentLoaded", () => {
  const lang = document.documentElement.lang || "en";
  let format;
  try {
    format = new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", {
      dateStyle: "medium",
      timeStyle: "short",
    });
  } catch (error) {
    return;
  }
  for (const element of document.querySelectorAll("time.local-time[datetime]")) {
    const moment = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    const zone = new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", {
      timeZoneName: "short",
    })
      .formatToParts(moment)
      .find((part) => part.type === "timeZoneName");
    element.title = element.textContent;
    element.textContent = format.format(moment) + (zone ? " " + zone.value : "");
  }
});

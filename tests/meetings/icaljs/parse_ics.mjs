// Test helper: parse an .ics file with ical.js and print what the Python test checks, as JSON.
// Usage: node parse_ics.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
const timezones = calendar.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid"));
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const start = vevent.getFirstProperty("dtstart");
  const end = vevent.getFirstProperty("dtend");
  return {
    uid: vevent.getFirstPropertyValue("uid"),
    sequence: vevent.getFirstPropertyValue("sequence"),
    status: vevent.getFirstPropertyValue("status"),
    summary: vevent.getFirstPropertyValue("summary"),
    dtstart: start.getFirstValue().toString(),
    dtstart_tzid: start.getParameter("tzid"),
    dtend: end ? end.getFirstValue().toString() : null,
    organizer: vevent.getFirstPropertyValue("organizer"),
    attendees: vevent.getAllProperties("attendee").map((a) => ({
      value: a.getFirstValue(), cn: a.getParameter("cn"), partstat: a.getParameter("partstat"),
    })),
  };
});
console.log(JSON.stringify({
  method: calendar.getFirstPropertyValue("method"),
  prodid: calendar.getFirstPropertyValue("prodid"),
  timezones,
  events,
}));

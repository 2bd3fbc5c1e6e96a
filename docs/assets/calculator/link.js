/*
 * Reading a link's query string under the calculators' limits. A link names the
 * preset it started from (`preset=<id>`) and the fields changed from it
 * (`measures.1.achievement_pct=45`); a list whose length changed gives its new
 * length (`measures=2`). Anything beyond a limit is reported and ignored, never
 * expanded into thousands of rows; `preset` names only real presets.
 */
import { someOf } from "./dom.js";
import { fields, group as groupOf } from "./form.js";
import { itemLimit, rowFieldSuffixes } from "./rows.js";

export const MAX_VALUE_CHARACTERS = 100;
const MAX_PARAMETERS = 2000;
const MAX_QUOTED = 40;
/* Parameters the page itself uses besides the fields. */
export const OWN_PARAMETERS = new Set(["preset", "scenarios"]);

function quoted(text) {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/**
 * What a link asks for: {presetId, overrides: Map name -> text, counts: Map group -> n,
 * problems: [sentence], hasFields}. `presets` is the page's presets by id.
 */
export function readLink(params, { form, presets }) {
  const out = { presetId: null, overrides: new Map(), counts: new Map(), maxIndex: new Map(), problems: [], hasFields: false };
  const names = new Set(fields(form).filter((el) => !el.closest("template")).map((el) => el.name));
  const groups = new Map([...form.querySelectorAll("[data-group]")].map((g) => [g.dataset.group, g]));
  const suffixes = new Map();
  const unknown = [];
  const beyond = [];
  const tooLong = [];
  let seen = 0;
  let skipped = 0;
  for (const [key, value] of params) {
    seen += 1;
    if (seen > MAX_PARAMETERS) {
      skipped += 1;
      continue;
    }
    if (key === "preset") {
      if (Object.hasOwn(presets, value)) out.presetId = value;
      else out.problems.push(`There is no case study called “${quoted(value)}” for this calculator; the form shows the default one.`);
      continue;
    }
    if (OWN_PARAMETERS.has(key)) continue;
    if (groups.has(key)) {
      const g = groups.get(key);
      const count = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(count) || count > itemLimit(g)) beyond.push(`${quoted(key)} (at most ${itemLimit(g)} entries)`);
      else {
        out.counts.set(key, count);
        out.hasFields = true;
      }
      continue;
    }
    const match = /^([A-Za-z_]\w{0,60})\.(\d{1,7})((?:\.\w{1,60})?)$/.exec(key);
    if (match && groups.has(match[1])) {
      const [, name, digits, suffix] = match;
      const g = groups.get(name);
      if (!suffixes.has(name)) suffixes.set(name, new Set(rowFieldSuffixes(g)));
      if (!suffixes.get(name).has(suffix)) {
        unknown.push(quoted(key));
        continue;
      }
      const index = Number(digits);
      if (index >= itemLimit(g)) {
        beyond.push(`${quoted(key)} (at most ${itemLimit(g)} entries)`);
        continue;
      }
      if (value.length > MAX_VALUE_CHARACTERS) {
        tooLong.push(quoted(key));
        continue;
      }
      out.overrides.set(key, value);
      out.maxIndex.set(name, Math.max(out.maxIndex.get(name) ?? -1, index));
      out.hasFields = true;
      continue;
    }
    if (names.has(key) && groupOf(form, key) === null) {
      if (value.length > MAX_VALUE_CHARACTERS) tooLong.push(quoted(key));
      else {
        out.overrides.set(key, value);
        out.hasFields = true;
      }
      continue;
    }
    unknown.push(quoted(key));
  }
  if (beyond.length) out.problems.push(`Ignored in the link: ${someOf(beyond, 3)}, beyond what the calculator takes.`);
  if (tooLong.length) out.problems.push(`Ignored in the link: ${someOf(tooLong, 3)} (longer than ${MAX_VALUE_CHARACTERS} characters).`);
  const ignored = unknown.length + skipped;
  if (ignored) {
    const more = skipped ? ` and ${skipped} more parameters not read` : "";
    out.problems.push(`Ignored in the link: ${someOf(unknown, 5)}${more} (not fields of this calculator).`);
  }
  return out;
}

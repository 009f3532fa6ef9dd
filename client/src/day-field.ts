// A day as people in Viet Nam write it, dd/mm/yyyy in both languages: a text box that opens the numeric
// keypad, never the browser's date picker (which writes the day in the browser's own order, mm/dd/yyyy on
// an en-US Chromium). What is typed is read with parseDay; a problem is said beside the box.
import { el } from "./dom.ts";
import { formatDay, parseDay } from "./format.ts";
import { t } from "./i18n/index.ts";
import { todayInVietnam } from "./units/unit-text.ts";

export interface DayField {
  /** The text box: give it a label (for=its id) as any input. */
  input: HTMLInputElement;
  /** What to place in a form: the box and its message (the message alone follows a box given in). */
  element: HTMLElement;
  /** The day typed, "YYYY-MM-DD"; "" when the box is empty or holds no allowed day. Setting it shows
   *  the day as dd/mm/yyyy ("" empties the box). */
  day: string;
  /** The last day allowed, "YYYY-MM-DD", or "" for none. */
  max: string;
  /** True when the box holds an allowed day (or is empty and not required); else says why beside it. */
  check(): boolean;
  /** Shows a problem found elsewhere (the server's) at the box; "" clears it. */
  showProblem(text: string): void;
  /** Says the message again in the active language. */
  render(): void;
}

export interface DayFieldOptions {
  /** An input already in the page to take over; else one is made. */
  input?: HTMLInputElement;
  id?: string;
  name?: string;
  /** The day shown at first, "YYYY-MM-DD". */
  value?: string | null;
  /** The last day allowed; "today" is today in Viet Nam, read at each check. */
  max?: string;
  required?: boolean;
}

type Problem = { key: "day.invalid" } | { key: "day.future"; max: string } | { key: "day.empty" } | { text: string };

let count = 0;

export function createDayField(opts: DayFieldOptions = {}): DayField {
  const input = opts.input ?? el("input");
  if (opts.id) input.id = opts.id;
  if (!input.id) input.id = `day-field-${++count}`;
  if (opts.name) input.name = opts.name;
  input.type = "text";
  input.inputMode = "numeric";
  input.autocomplete = "off";
  input.placeholder = "dd/mm/yyyy";
  input.dataset.day = "";
  const message = el("span", { class: "field-message day-message", attrs: { id: `${input.id}-day-message` } });
  message.setAttribute("aria-live", "polite");
  message.hidden = true;
  const describedBy = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  input.setAttribute("aria-describedby", [...describedBy, message.id].join(" "));
  let element: HTMLElement;
  if (opts.input) {
    input.after(message);
    element = message;
  } else {
    // display: contents (styles.css): the box and its message sit in the form's layout as before.
    element = el("span", { class: "day-field" }, [input, message]);
  }
  let max = opts.max ?? "";
  let problem: Problem | null = null;
  const maxDay = () => (max === "today" ? todayInVietnam() : max);

  const show = (p: Problem | null) => {
    problem = p;
    message.hidden = p === null;
    message.textContent =
      p === null ? "" : "text" in p ? p.text : p.key === "day.future" ? t(p.key, { max: formatDay(p.max) }) : t(p.key);
    input.setAttribute("aria-invalid", p ? "true" : "false");
  };
  /** The day typed if allowed, "" for an empty box, null when not allowed (and why). */
  const read = (): { day: string | null; why: Problem | null } => {
    if (!input.value.trim())
      return { day: opts.required ? null : "", why: opts.required ? { key: "day.empty" } : null };
    const day = parseDay(input.value);
    if (!day) return { day: null, why: { key: "day.invalid" } };
    const last = maxDay();
    if (last && day > last) return { day: null, why: { key: "day.future", max: last } };
    return { day, why: null };
  };

  const field: DayField = {
    input,
    element,
    get day() {
      return read().day ?? "";
    },
    set day(value: string) {
      // Only a well-formed day is rewritten (an address may carry anything; it is then shown as it is).
      input.value = /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : value;
      input.dataset.day = value;
      show(null);
    },
    get max() {
      return maxDay();
    },
    set max(value: string) {
      max = value;
    },
    check() {
      const { day, why } = read();
      show(why);
      input.dataset.day = day ?? "";
      return day !== null;
    },
    showProblem(text) {
      show(text ? { text } : null);
    },
    render() {
      show(problem);
    },
  };
  // Said when the box is left; a day written "7/11/2026" is shown back as "07/11/2026". A problem
  // goes as soon as what is typed is right again.
  input.addEventListener("change", () => {
    if (field.check() && input.value.trim()) input.value = formatDay(field.day);
  });
  input.addEventListener("input", () => {
    if (problem && read().why === null) field.check();
  });
  if (opts.value) field.day = opts.value;
  return field;
}

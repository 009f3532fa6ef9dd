// The column mapping a person sends with a dry run (a header of his file → a field or "ignore"),
// checked before it is used or remembered: every problem names the column as he wrote it.
import { IGNORE_COLUMN, IMPORT_FIELD_NAMES, type ColumnTarget } from "../../contract/import-fields.ts";
import { IMPORT_LIMITS } from "../../contract/import-limits.ts";
import { problem, type FieldProblem } from "../../contract/errors.ts";
import { templateHeaderOf } from "./import-columns.ts";
import { plainWord } from "./import-values.ts";

export interface CheckedMapping {
  /** Header without accents → target, as remembered. */
  mapping: Map<string, ColumnTarget>;
  /** `mapping.<header>` → what is wrong (English, for scripts), with the Vietnamese sentence in `message`. */
  problems: Record<string, FieldProblem>;
  message?: string;
}

const TARGETS = new Set<string>([...IMPORT_FIELD_NAMES, IGNORE_COLUMN]);

/** The mapping of a request (already JSON-parsed), or what is wrong with it. */
export function checkMapping(raw: unknown): CheckedMapping {
  const mapping = new Map<string, ColumnTarget>();
  const problems: Record<string, FieldProblem> = {};
  const said: string[] = [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    problems.mapping = problem("bad_format", undefined, 'must be a JSON object: header → field or "ignore"');
    return { mapping, problems, message: 'Cách đọc cột phải là một đối tượng JSON: tiêu đề → trường hoặc "ignore"' };
  }
  const entries = Object.entries(raw);
  if (entries.length > IMPORT_LIMITS.maxColumns) {
    problems.mapping = problem("too_many", { max: IMPORT_LIMITS.maxColumns }, "has too many columns");
    return { mapping, problems, message: `Cách đọc cột có hơn ${IMPORT_LIMITS.maxColumns} cột` };
  }
  const headerOfField = new Map<string, string>();
  for (const [header, target] of entries) {
    const key = `mapping.${header}`;
    const word = plainWord(header);
    if (word === "" || header.length > 200) {
      problems[key] = problem("invalid", undefined, "a header needs letters or digits (at most 200 characters)");
      said.push(`Cột "${header.slice(0, 40)}": tiêu đề phải có chữ hoặc số`);
    } else if (typeof target !== "string" || !TARGETS.has(target)) {
      problems[key] = problem(
        "not_in_list",
        undefined,
        `"${String(target)}" is not a field a column can be imported as`,
      );
      said.push(`Cột "${header}": "${String(target).slice(0, 40)}" không phải là trường nhập được`);
    } else if (target !== IGNORE_COLUMN && headerOfField.has(target)) {
      const other = headerOfField.get(target)!;
      problems[key] = problem("taken", undefined, `column "${other}" is already imported as ${target}`);
      said.push(`Cột "${header}" và cột "${other}" cùng là "${templateHeaderOf(target)}"`);
    } else {
      if (target !== IGNORE_COLUMN) headerOfField.set(target, header);
      mapping.set(word, target as ColumnTarget);
    }
  }
  return said.length
    ? { mapping, problems, message: `${said.join("; ")}: không có gì được đọc` }
    : { mapping, problems };
}

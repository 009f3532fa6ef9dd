// Downloads of exactly what the analysis page shows: every enterprise matching the filters, in the
// table's order. Headers are Vietnamese (the federation's reports are); the columns are fixed here
// so the CSV and the workbook say the same thing.
import { ListQuery } from "./filter.ts";

export const ExportQuery = ListQuery.omit({ page: true, pageSize: true }).strict();

// CSV as RFC 4180 writes it (fields separated by commas, records by CRLF, a field quoted when it
// holds a comma, a quote, CR or LF, with quotes doubled), made safe to open in a spreadsheet: a
// cell starting with = + - @ (or a tab or CR, which some spreadsheets skip before reading a
// formula) is prefixed with a single quote, so an address like `=HYPERLINK(...)` typed into a
// public form is shown as text instead of run as a formula (CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised, then quoted if it must be. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record with its CRLF line end. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

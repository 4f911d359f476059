import { NeuriteError, describe } from '../errors.js';
import type { CsvRecordInfo } from './csv.js';
import { GrowableFloat64, GrowableInt32 } from './growable.js';
import type { Column, Notice } from './table.js';
import { numberText, parseDecimal, trimCell } from './values.js';

/**
 * One column while it is read. An `auto` column starts numeric and turns categorical at its first value that
 * is neither a number nor missing; the numbers seen so far become categories written as `String(value)`
 * (so "1.0" read before the switch is the category "1"; force `categorical` to keep the exact text).
 */
export class ColumnBuilder {
  private kind: 'numeric' | 'categorical';
  private numbers: GrowableFloat64 | null = null;
  private codes: GrowableInt32 | null = null;
  private readonly dict = new Map<string, number>();
  private readonly categories: string[] = [];
  private missing = 0;
  /** For an auto column that turned categorical: how many values were numbers, and the first that was not. */
  private numericLike = 0;
  private firstText: { text: string; line: number; column: number } | null = null;
  /** True when a missing marker reads as a number: then the markers are checked before parsing. */
  private readonly numericMissing: boolean;

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly override: 'auto' | 'numeric' | 'categorical',
    private readonly missingValues: Set<string>,
    private readonly file: string | undefined,
  ) {
    this.kind = override === 'categorical' ? 'categorical' : 'numeric';
    this.numericMissing = [...missingValues].some((m) => !Number.isNaN(parseDecimal(m)));
    if (this.kind === 'numeric') this.numbers = new GrowableFloat64();
    else this.codes = new GrowableInt32();
  }

  reserve(rows: number): void {
    this.numbers?.reserve(rows);
    this.codes?.reserve(rows);
  }

  add(text: string, info: CsvRecordInfo, field: number): void {
    if (this.kind === 'numeric') {
      // Numbers first (the common case), unless a missing marker could itself read as a number (e.g. -999).
      let value = this.numericMissing ? NaN : parseDecimal(text);
      if (value === value) {
        if (value === Infinity || value === -Infinity) {
          throw this.cellError(info, field, `${describe(trimCell(text))} is too large for a 64-bit float (at most about ±1.8e308)`);
        }
        this.numbers!.push(value);
        return;
      }
      const trimmed = trimCell(text);
      if (this.missingValues.has(trimmed)) {
        this.numbers!.push(NaN);
        this.missing++;
        return;
      }
      if (this.numericMissing) {
        value = parseDecimal(trimmed);
        if (value === value) {
          if (value === Infinity || value === -Infinity) {
            throw this.cellError(info, field, `${describe(trimmed)} is too large for a 64-bit float (at most about ±1.8e308)`);
          }
          this.numbers!.push(value);
          return;
        }
      }
      if (this.override === 'numeric') {
        throw this.cellError(
          info,
          field,
          `column ${describe(this.name)} is read as numbers, but this value is ${describe(trimmed)}. ` +
            `Fix the value, leave the cell empty if it is missing, or read the column as categorical`,
        );
      }
      this.toCategorical();
      this.firstText = { text: trimmed, line: info.fieldLine(field), column: info.fieldColumn(field) };
      this.addCategory(trimmed);
      return;
    }
    const trimmed = trimCell(text);
    if (this.missingValues.has(trimmed)) {
      this.codes!.push(-1);
      this.missing++;
      return;
    }
    if (this.firstText !== null && !Number.isNaN(parseDecimal(trimmed))) this.numericLike++;
    this.addCategory(trimmed);
  }

  private addCategory(text: string): void {
    let code = this.dict.get(text);
    if (code === undefined) {
      code = this.categories.length;
      this.dict.set(text, code);
      this.categories.push(text);
    }
    this.codes!.push(code);
  }

  private toCategorical(): void {
    const codes = new GrowableInt32();
    this.codes = codes;
    this.numbers!.forEach((value) => {
      if (Number.isNaN(value)) {
        codes.push(-1);
      } else {
        this.numericLike++;
        this.addCategory(numberText(value));
      }
    });
    this.numbers = null;
    this.kind = 'categorical';
  }

  finish(): Column {
    if (this.kind === 'numeric') {
      return { kind: 'numeric', name: this.name, index: this.index, values: this.numbers!.toArray(), missing: this.missing };
    }
    return { kind: 'categorical', name: this.name, index: this.index, codes: this.codes!.toArray(), categories: this.categories, missing: this.missing };
  }

  /** A column that is nearly all numbers but for a few texts is probably a typo: say where the first one is. */
  notice(file: string | undefined): Notice | null {
    const first = this.firstText;
    if (this.kind !== 'categorical' || first === null) return null;
    const total = this.codes!.length - this.missing;
    if (this.numericLike < 0.9 * total) return null;
    return {
      code: 'MOSTLY_NUMERIC',
      column: this.name,
      message:
        `column ${describe(this.name)} is read as categorical although ${this.numericLike} of its ${total} values are numbers: ` +
        `${describe(first.text)} at ${file ?? 'CSV'}:${first.line}:${first.column} is not. ` +
        'If that is a typo, fix it; if it means missing, leave the cell empty (or add it to the missing values)',
    };
  }

  private cellError(info: CsvRecordInfo, field: number, what: string): NeuriteError {
    const line = info.fieldLine(field);
    const column = info.fieldColumn(field);
    return new NeuriteError('CSV_SCHEMA', `${this.file ?? 'CSV'}:${line}:${column}: ${what}`, { file: this.file, line, column, field: this.name });
  }
}

/**
 * Where JSON text first breaks the grammar, and what is wrong there. `JSON.parse` only says "it failed", in
 * words that differ between engines and often without a position; this scanner (run only after a failure)
 * gives every environment the same answer. Iterative, so deep nesting cannot overflow the stack.
 */
export interface JsonProblem {
  /** 0-based offset of the offending character (the text's length when it ends early). */
  position: number;
  problem: string;
}

const OBJECT = 0;
const ARRAY = 1;

export function locateJsonError(text: string): JsonProblem | null {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const fail = (position: number, problem: string): JsonProblem => ({ position, problem });
  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  while (true) {
    skip();
    if (state === 'value') {
      if (i >= n) return fail(i, 'the text ends where a value was expected');
      const c = text[i]!;
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? OBJECT : ARRAY);
        i++;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          state = 'after';
        } else {
          state = c === '{' ? 'key' : 'value';
        }
        continue;
      }
      if (c === '"') {
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        const end = scanNumber(text, i);
        if (typeof end !== 'number') return end;
        i = end;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return fail(i, `unexpected ${show(text, i)}; expected a value (an object, array, string, number, true, false or null)`);
        i += word.length;
      }
      state = 'after';
      continue;
    }
    if (state === 'key') {
      if (i >= n) return fail(i, 'the text ends inside an object');
      if (text[i] !== '"') return fail(i, `unexpected ${show(text, i)}; expected a double-quoted key (is there a trailing comma?)`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      skip();
      if (text[i] !== ':') return fail(i, i >= n ? 'the text ends after a key' : `unexpected ${show(text, i)}; expected ':' after the key`);
      i++;
      state = 'value';
      continue;
    }
    // after a value
    if (stack.length === 0) return i < n ? fail(i, `unexpected ${show(text, i)} after the end of the JSON value`) : null;
    const top = stack[stack.length - 1]!;
    const close = top === OBJECT ? '}' : ']';
    if (i >= n) return fail(i, `the text ends inside ${top === OBJECT ? 'an object' : 'an array'}`);
    if (text[i] === ',') {
      i++;
      state = top === OBJECT ? 'key' : 'value';
    } else if (text[i] === close) {
      i++;
      stack.pop();
    } else {
      return fail(i, `unexpected ${show(text, i)}; expected ',' or '${close}'`);
    }
  }
}

function scanString(text: string, start: number): number | JsonProblem {
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 0x20) return { position: i, problem: 'a control character (like a raw line break) inside a string; write it as an escape such as \\n' };
    if (c === 92) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { position: i, problem: 'a \\u escape needs four hex digits' };
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return { position: i, problem: `an invalid escape ${show(text, i)} in a string` };
      i += 2;
      continue;
    }
    i++;
  }
  return { position: n, problem: `the text ends inside the string that starts at offset ${start}` };
}

function scanNumber(text: string, start: number): number | JsonProblem {
  const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(start, start + 400));
  if (!match || match[0] === '-' || match[0] === '') return { position: start, problem: `an invalid number at ${show(text, start)}` };
  const end = start + match[0].length;
  const next = text[end];
  if (next !== undefined && /[0-9.eE+-]/.test(next)) return { position: end, problem: `an invalid number (unexpected ${show(text, end)})` };
  return end;
}

function show(text: string, i: number): string {
  return i >= text.length ? 'the end of the text' : JSON.stringify(text[i]);
}

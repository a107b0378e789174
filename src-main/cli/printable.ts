// Text from files (names, titles, snippets) printed on a terminal: control characters are shown as
// escapes, so a name with a newline cannot fake an output line and one with an escape sequence cannot
// move the cursor or recolour the screen. Bidirectional overrides are escaped too: they can make a
// name read as something else (`gpj.exe` shown as `exe.jpg`).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Running text (a snippet): line breaks and tabs become spaces, other control characters escapes. */
export function printableRun(text: string): string {
  return printable(text.replace(/[\n\r\t]/g, ' '));
}

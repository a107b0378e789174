// Word tokens for the word-vector embedder: lower-cased letter/digit runs, matching how the GloVe-style
// vocabulary was built (it has no upper case and splits on punctuation).
const WORD = /[\p{L}\p{N}]+/gu;

export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

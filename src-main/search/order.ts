// Comparators for sorting by score. Array.prototype.sort receives a comparator's result as a tagged value: the
// difference of two fractional scores is a new heap number on every call (hundreds a search, on the thread that
// answers it), while -1, 0 and 1 are small integers that need none.

/** Sorts the higher score first: -1 when a is higher, 1 when b is, 0 when equal or either is NaN (as `b - a` sorts). */
export function higherFirst(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

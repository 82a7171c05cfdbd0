// Go's sort.Sort for describe's lists (events of the same second, tolerations with the same key
// come out in exactly kubectl's order): the one port of Go's pdqsort, in ../sort.ts.

import { goSort as goSortIndexes } from '../sort';

/** Sort `data` in place with Go's sort.Sort semantics; `less(a, b)` compares elements. */
export function goSort<T>(data: T[], less: (a: T, b: T) => boolean): T[] {
  goSortIndexes(data.length, (i, j) => less(data[i], data[j]), (i, j) => {
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  });
  return data;
}

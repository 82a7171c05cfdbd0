// Go's sort.Sort / sort.Slice (pattern-defeating quicksort, Go 1.19+: src/sort/zsortinterface.go),
// ported so that elements that compare equal (events of the same second, tolerations with the
// same key) come out in exactly the order kubectl prints them. Not stable for more than 12 items.

const MASK64 = (1n << 64n) - 1n;

function bitsLen(n: number): number {
  return n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

/** Sort `data` in place with Go's sort.Sort semantics; `less(a, b)` compares elements. */
export function goSort<T>(data: T[], less: (a: T, b: T) => boolean): T[] {
  const n = data.length;
  if (n <= 1) return data;
  const L = (i: number, j: number) => less(data[i], data[j]);
  const swap = (i: number, j: number) => {
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  };

  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && L(j, j - 1); j--) swap(j, j - 1);
  };
  const siftDown = (lo: number, hi: number, first: number) => {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) break;
      if (child + 1 < hi && L(first + child, first + child + 1)) child++;
      if (!L(first + root, first + child)) return;
      swap(first + root, first + child);
      root = child;
    }
  };
  const heapSort = (a: number, b: number) => {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      swap(first, first + i);
      siftDown(0, i, first);
    }
  };
  const breakPatterns = (a: number, b: number) => {
    const length = b - a;
    if (length >= 8) {
      let r = BigInt(length);
      const next = () => {
        r ^= (r << 13n) & MASK64;
        r ^= r >> 7n;
        r ^= (r << 17n) & MASK64;
        return r;
      };
      const modulus = 2 ** bitsLen(length);
      for (let idx = a + Math.trunc(length / 4) * 2 - 1; idx <= a + Math.trunc(length / 4) * 2 + 1; idx++) {
        let other = Number(next() & BigInt(modulus - 1));
        if (other >= length) other -= length;
        swap(idx, a + other);
      }
    }
  };
  const INCREASING = 1;
  const DECREASING = 2;
  const choosePivot = (a: number, b: number): [number, number] => {
    const l = b - a;
    const swaps = { n: 0 };
    let i = a + Math.trunc(l / 4) * 1;
    let j = a + Math.trunc(l / 4) * 2;
    let k = a + Math.trunc(l / 4) * 3;
    const order2 = (x: number, y: number): [number, number] => {
      if (L(y, x)) {
        swaps.n++;
        return [y, x];
      }
      return [x, y];
    };
    const median = (x: number, y: number, z: number) => {
      [x, y] = order2(x, y);
      [y, z] = order2(y, z);
      [x, y] = order2(x, y);
      return y;
    };
    if (l >= 8) {
      if (l >= 50) {
        i = median(i - 1, i, i + 1);
        j = median(j - 1, j, j + 1);
        k = median(k - 1, k, k + 1);
      }
      j = median(i, j, k);
    }
    if (swaps.n === 0) return [j, INCREASING];
    if (swaps.n === 12) return [j, DECREASING];
    return [j, 0];
  };
  const reverseRange = (a: number, b: number) => {
    for (let i = a, j = b - 1; i < j; i++, j--) swap(i, j);
  };
  const partialInsertionSort = (a: number, b: number): boolean => {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !L(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!L(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!L(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
    }
    return false;
  };
  const partitionEqual = (a: number, b: number, pivot: number): number => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !L(a, i)) i++;
      while (i <= j && L(a, j)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    return i;
  };
  const partition = (a: number, b: number, pivot: number): [number, boolean] => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && L(i, a)) i++;
    while (i <= j && !L(j, a)) j--;
    if (i > j) {
      swap(j, a);
      return [j, true];
    }
    swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && L(i, a)) i++;
      while (i <= j && !L(j, a)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    swap(j, a);
    return [j, false];
  };
  const pdqsort = (a: number, b: number, limit: number): void => {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) {
        insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = choosePivot(a, b);
      if (hint === DECREASING) {
        reverseRange(a, b);
        pivot = (b - 1) - (pivot - a);
        hint = INCREASING;
      }
      if (wasBalanced && wasPartitioned && hint === INCREASING) {
        if (partialInsertionSort(a, b)) return;
      }
      if (a > 0 && !L(a - 1, pivot)) {
        a = partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, already] = partition(a, b, pivot);
      wasPartitioned = already;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  };
  pdqsort(0, n, bitsLen(n));
  return data;
}

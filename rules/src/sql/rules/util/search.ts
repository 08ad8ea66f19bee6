/** The number of leading indexes in `[0, length)` for which `before` holds; `before` must hold on a prefix only. */
export function countWhile(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

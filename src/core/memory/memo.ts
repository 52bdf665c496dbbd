// Sizing answers (TP options, serving limits) remembered per three objects (a model, a GPU and an engine profile,
// by identity) and a string key for the rest of the question. Pure functions only: the search asks the same sizing
// questions at every stage (quick bound, full bound, plan, each TP), and answering them again was most of its sizing
// work. The objects are weakly held; each group keeps at most `maxPerGroup` answers (cleared when full), so memory is
// bounded whatever the input.
export function memoByObjects<A extends object, B extends object, C extends object, V>(maxPerGroup: number): (a: A, b: B, c: C, key: string, compute: () => V) => V {
  const root = new WeakMap<A, WeakMap<B, WeakMap<C, Map<string, V>>>>();
  return (a, b, c, key, compute) => {
    let byB = root.get(a);
    if (!byB) root.set(a, (byB = new WeakMap()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new WeakMap()));
    let group = byC.get(c);
    if (!group) byC.set(c, (group = new Map()));
    if (group.has(key)) return group.get(key)!;
    if (group.size >= maxPerGroup) group.clear();
    const v = compute();
    group.set(key, v);
    return v;
  };
}

// Binary min-heap: the single timer structure of the scheduler (earliest due run on top).

export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(items[index] as T, items[parent] as T)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && this.less(items[left] as T, items[smallest] as T)) smallest = left;
      if (right < items.length && this.less(items[right] as T, items[smallest] as T)) {
        smallest = right;
      }
      if (smallest === index) break;
      this.swap(index, smallest);
      index = smallest;
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const tmp = items[a] as T;
    items[a] = items[b] as T;
    items[b] = tmp;
  }
}

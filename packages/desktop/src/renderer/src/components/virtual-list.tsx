import { type ReactNode, useLayoutEffect, useRef, useState } from "react";

interface VirtualListProps<T> {
  readonly items: readonly T[];
  /** Every row has this height in pixels: what makes windowing a subtraction and a division. */
  readonly rowHeight: number;
  readonly renderRow: (item: T, index: number) => ReactNode;
  readonly rowKey: (item: T) => string | number;
  readonly label: string;
  readonly overscan?: number;
}

/** Renders only the rows in view (plus a few), so 10,000 entries scroll like 20. */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  rowKey,
  label,
  overscan = 6,
}: VirtualListProps<T>) {
  const viewport = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return (
    <section
      ref={viewport}
      className="virtual-list"
      data-total={items.length}
      // Focusable, so the list scrolls with the keyboard too.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
      tabIndex={0}
      aria-label={`${label}, scrollable`}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ul className="virtual-list__spacer" aria-label={label} style={{ height: items.length * rowHeight }}>
        {items.slice(first, last).map((item, offset) => (
          <li
            key={rowKey(item)}
            className="virtual-list__row"
            style={{ transform: `translateY(${(first + offset) * rowHeight}px)`, height: rowHeight }}
          >
            {renderRow(item, first + offset)}
          </li>
        ))}
      </ul>
    </section>
  );
}

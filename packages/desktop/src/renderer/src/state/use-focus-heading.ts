import { useEffect, useRef } from "react";

/**
 * Moves keyboard and screen-reader focus to the first heading inside the element whenever `key` changes (a new
 * screen or a new wizard step), so the change is announced and Tab starts from the top of the new content.
 */
export function useFocusHeadingOnChange<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is what triggers the move; the ref is stable.
  useEffect(() => {
    const heading = ref.current?.querySelector<HTMLElement>("h1");
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }, [key]);
  return ref;
}

import { useEffect, useState } from "react";

const NARROW = "(max-width: 960px)";

/** Whether the window is narrow (down to 800×600), for the few layouts that need a different geometry in code. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const onChange = () => setNarrow(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return narrow;
}

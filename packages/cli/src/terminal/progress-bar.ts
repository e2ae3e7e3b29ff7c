/** Renders one progress line: `[████████░░░░] 120/200  18.2 rows/s  ETA 4s  throttled`. */
export interface ProgressView {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly throttled: boolean;
}

export function renderProgressLine(view: ProgressView, width = 28): string {
  const ratio = view.total === 0 ? 1 : Math.min(1, view.done / view.total);
  const filled = Math.round(ratio * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const eta = view.etaSeconds === null ? "" : `  ETA ${formatDuration(view.etaSeconds)}`;
  const throttled = view.throttled ? "  throttled by Notion, resuming" : "";
  return `${view.label} [${bar}] ${view.done}/${view.total}  ${view.ratePerSecond.toFixed(1)} rows/s${eta}${throttled}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

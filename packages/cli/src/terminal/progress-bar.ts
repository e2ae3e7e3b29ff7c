/**
 * Renders one progress line: `[████████░░░░] 120/200  18.2 rows/s  ETA 4s  throttled`; a backfill, which writes
 * links first and QR codes after, shows both: `[████████░░░░] links 8,000 / 10,000  ETA 2m · QR 2,100 / 10,000  ETA 50m`,
 * and says `QR imported` when Notion imports them from the shortener (`qrImages` auto or import).
 */
export interface ProgressView {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly throttled: boolean;
  readonly qr?: {
    readonly done: number;
    readonly total: number;
    readonly etaSeconds: number | null;
    readonly method?: "upload" | "import";
  };
}

export function renderProgressLine(view: ProgressView, width = 28): string {
  const ratio = view.total === 0 ? 1 : Math.min(1, view.done / view.total);
  const filled = Math.round(ratio * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const eta = view.etaSeconds === null ? "" : `  ETA ${formatDuration(view.etaSeconds)}`;
  const throttled = view.throttled ? "  throttled by Notion, resuming" : "";
  if (view.qr) {
    const count = (done: number, total: number) =>
      `${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}`;
    const qrEta = view.qr.etaSeconds === null ? "" : `  ETA ${formatDuration(view.qr.etaSeconds)}`;
    return `${view.label} [${bar}] links ${count(view.done, view.total)}${eta} · QR ${view.qr.method === "import" ? "imported " : ""}${count(view.qr.done, view.qr.total)}${qrEta}${throttled}`;
  }
  return `${view.label} [${bar}] ${view.done}/${view.total}  ${view.ratePerSecond.toFixed(1)} rows/s${eta}${throttled}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

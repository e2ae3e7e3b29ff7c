import type { ClicksPoint } from "@linksync/core";

const WIDTH = 320;
const HEIGHT = 80;
const MARGIN = 2;

/**
 * Total clicks at each refresh as a line over a shaded area, in plain SVG: time runs left to right, zero clicks is
 * the bottom edge, so growth reads at a glance. Needs at least one point (the caller shows the empty state).
 */
export function ClicksOverTimeChart({ points }: { readonly points: readonly ClicksPoint[] }) {
  const coordinates = plot(points);
  const line = coordinates.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join(" ");
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  return (
    <figure className="clicks-over-time">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Clicks over time: ${last.total} in total`}
      >
        <path className="clicks-over-time__area" d={`${line} L${WIDTH},${HEIGHT} L0,${HEIGHT} Z`} />
        <path className="clicks-over-time__line" d={line} vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="muted">
        {formatTime(first.at)} – {formatTime(last.at)} · <strong>{last.total.toLocaleString("en-US")}</strong>{" "}
        clicks
      </figcaption>
    </figure>
  );
}

/** SVG coordinates of the points; a single point (or points at one instant) spans the width as a flat line. */
function plot(points: readonly ClicksPoint[]): readonly (readonly [number, number])[] {
  const times = points.map((point) => Date.parse(point.at));
  const start = Math.min(...times);
  const span = Math.max(...times) - start;
  const max = Math.max(1, ...points.map((point) => point.total));
  // A margin of the stroke's width keeps the line at zero and at the maximum from being clipped by the edges.
  const y = (total: number) => round(HEIGHT - MARGIN - (total / max) * (HEIGHT - 2 * MARGIN));
  if (span === 0) {
    const total = points.at(-1)?.total ?? 0;
    return [
      [0, y(total)],
      [WIDTH, y(total)],
    ];
  }
  return points.map((point, i) => [round((((times[i] ?? start) - start) / span) * WIDTH), y(point.total)]);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

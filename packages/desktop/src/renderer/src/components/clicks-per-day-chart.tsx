import type { ClicksPoint } from "@linksync/core";
import { useId, useState } from "react";
import { clicksPerDay, localDay } from "../../../shared/clicks-per-day";

const RANGES = [
  { days: 7, label: "Last 7 days" },
  { days: 3, label: "Last 3 days" },
  { days: 1, label: "Today" },
] as const;

/**
 * Clicks per day as bars, in plain elements (a list a screen reader reads as "Dec 2: 14 clicks"), over a range the
 * user picks. Needs at least one point (the caller shows the empty state).
 */
export function ClicksPerDayChart({ points }: { readonly points: readonly ClicksPoint[] }) {
  const [days, setDays] = useState<number>(7);
  const rangeId = useId();
  const perDay = clicksPerDay(points, days, localDay(Date.now()));
  const max = Math.max(1, ...perDay.map((day) => day.clicks ?? 0));
  const total = perDay.reduce((sum, day) => sum + (day.clicks ?? 0), 0);
  const first = perDay[0];
  const last = perDay.at(-1);
  return (
    <figure className="clicks-per-day">
      <div className="clicks-per-day__range">
        <label htmlFor={rangeId}>Range</label>
        <select id={rangeId} value={days} onChange={(event) => setDays(Number(event.target.value))}>
          {RANGES.map((range) => (
            <option key={range.days} value={range.days}>
              {range.label}
            </option>
          ))}
        </select>
      </div>
      <ol className="clicks-chart clicks-per-day__bars" aria-label="Clicks per day">
        {perDay.map((day) => (
          <li key={day.day} className="clicks-chart__row" data-day={day.day}>
            <span className="clicks-chart__title">{dayLabel(day.day)}</span>
            <span className="clicks-chart__bar">
              <span style={{ width: `${((day.clicks ?? 0) / max) * 100}%` }} />
            </span>
            <span className="clicks-chart__value">
              {day.clicks === null ? "—" : day.clicks.toLocaleString("en-US")}
              <span className="visually-hidden">
                {day.clicks === null ? " (Linksync was not running)" : " clicks"}
              </span>
            </span>
          </li>
        ))}
      </ol>
      {first && last && (
        <figcaption className="muted">
          {dayLabel(first.day)}
          {first.day === last.day ? "" : ` – ${dayLabel(last.day)}`} ·{" "}
          <strong>{total.toLocaleString("en-US")}</strong> clicks
        </figcaption>
      )}
    </figure>
  );
}

/** "Tue, Dec 2" from YYYY-MM-DD, read as a calendar day (no time zone shift). */
function dayLabel(day: string): string {
  return new Date(`${day}T12:00:00`).toLocaleDateString("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
  });
}

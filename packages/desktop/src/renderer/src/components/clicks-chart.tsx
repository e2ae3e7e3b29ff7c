import type { ClickStat } from "@linksync/core";

/**
 * Top links by clicks as horizontal bars, each with its full title and short link (wrapped, never cut); plain
 * elements, so it scales and reads well without a chart library.
 */
export function ClicksChart({ stats }: { readonly stats: readonly ClickStat[] }) {
  const max = Math.max(1, ...stats.map((stat) => stat.clicks));
  return (
    <ol className="clicks-chart" aria-label="Top links by clicks">
      {stats.map((stat) => (
        <li key={stat.pageId} className="clicks-chart__row">
          <span className="clicks-chart__title">
            {stat.title || "A row without a title"}
            <small>{stat.shortUrl}</small>
          </span>
          <span className="clicks-chart__bar">
            <span style={{ width: `${(stat.clicks / max) * 100}%` }} />
          </span>
          <span className="clicks-chart__value">{stat.clicks.toLocaleString("en-US")}</span>
        </li>
      ))}
    </ol>
  );
}

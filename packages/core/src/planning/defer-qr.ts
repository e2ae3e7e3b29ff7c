import type { RowPlan } from "./row-plan";

/**
 * Links first: the plan of a row that just got its link, with its QR left for later. The page update keeps Short
 * URL, Link ID, Synced Destination, Clicks and Last Synced; the snapshot records that the QR is still owed
 * (`qrForShortUrl: null`), which is what the QR phase looks for, so a crash in between resumes the QR and never
 * mints again. Plans without a QR upload are returned as they are.
 */
export function deferQr(plan: RowPlan): RowPlan {
  if (plan.kind !== "sync" || plan.row === null || plan.row.qr === null) return plan;
  return {
    ...plan,
    row: { ...plan.row, qr: null },
    changes: plan.changes.filter((change) => change.field !== "qr"),
    snapshot: { ...plan.snapshot, qrForShortUrl: null },
  };
}

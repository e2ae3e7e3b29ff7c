import { useId } from "react";

/**
 * The bottom of every wizard step: Back, the step's main button, and — right beside it — why that button is
 * disabled, so the reason is never off-screen.
 */
export function StepFooter({
  onBack,
  continueLabel,
  onContinue,
  blockedBy,
  busy = false,
}: {
  readonly onBack?: () => void;
  readonly continueLabel: string;
  readonly onContinue: () => void;
  /** A sentence saying what is missing; the main button is disabled while it is set. */
  readonly blockedBy: string | null;
  readonly busy?: boolean;
}) {
  const reasonId = useId();
  return (
    <div className="step-footer">
      {onBack && (
        <button type="button" className="button button--quiet" onClick={onBack} disabled={busy}>
          ← Back
        </button>
      )}
      <button
        type="button"
        className="button button--primary"
        disabled={blockedBy !== null || busy}
        aria-describedby={blockedBy ? reasonId : undefined}
        onClick={onContinue}
      >
        {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
        {continueLabel}
      </button>
      {blockedBy && (
        <p id={reasonId} className="step-footer__reason" role="status">
          {blockedBy}
        </p>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from "react";
import { UNDO_SECONDS } from "../../../shared/undo";
import { useAction } from "../state/use-action";
import { InlineError } from "./state-views";

type Phase =
  | { readonly kind: "idle" }
  | { readonly kind: "confirming" }
  | { readonly kind: "pending"; left: number };

/**
 * Remove with a confirmation and an undo: nothing is removed until the user confirms and the undo window has
 * passed (leaving the screen carries the removal out at once, as the confirmation said). Focus moves to the safe
 * choice at each stage (Cancel, then Undo), so Enter never removes by accident.
 */
export function RemoveWithUndo({
  label,
  name,
  consequence,
  onRemove,
}: {
  /** The button's words, e.g. "Remove database". */
  readonly label: string;
  /** What is removed, as the user knows it. */
  readonly name: string;
  /** What removing does and does not do, in one sentence. */
  readonly consequence: string;
  readonly onRemove: () => Promise<unknown>;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const { busy, error, run } = useAction();
  const safeChoice = useRef<HTMLButtonElement>(null);
  const undone = useRef(false);
  const remove = useRef(onRemove);
  remove.current = onRemove;
  const pending = phase.kind === "pending";

  useEffect(() => {
    if (phase.kind !== "idle") safeChoice.current?.focus();
  }, [phase.kind]);
  useEffect(() => {
    if (!pending) return;
    undone.current = false;
    let carriedOut = false;
    const carryOut = () => {
      if (carriedOut) return;
      carriedOut = true;
      void run(() => remove.current());
    };
    const timer = window.setInterval(() => {
      setPhase((current) => {
        if (current.kind !== "pending") return current;
        if (current.left <= 1) {
          carryOut();
          return { kind: "idle" };
        }
        return { kind: "pending", left: current.left - 1 };
      });
    }, 1_000);
    return () => {
      window.clearInterval(timer);
      // Leaving the screen inside the undo window carries the confirmed removal out now; Undo does not.
      if (!undone.current) carryOut();
    };
  }, [pending, run]);

  if (phase.kind === "confirming") {
    return (
      <fieldset className="remove-confirm">
        <legend>
          {label} “{name}”? {consequence}
        </legend>
        <button
          type="button"
          className="button button--danger"
          onClick={() => setPhase({ kind: "pending", left: UNDO_SECONDS })}
        >
          {label}
        </button>
        <button
          type="button"
          className="button button--quiet"
          ref={safeChoice}
          onClick={() => setPhase({ kind: "idle" })}
        >
          Cancel
        </button>
      </fieldset>
    );
  }
  if (phase.kind === "pending") {
    return (
      <div className="remove-confirm">
        <p role="status">
          “{name}” will be removed in {phase.left} s.
        </p>
        <button
          type="button"
          className="button"
          ref={safeChoice}
          onClick={() => {
            undone.current = true;
            setPhase({ kind: "idle" });
          }}
        >
          Undo
        </button>
      </div>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button--quiet"
        disabled={busy}
        onClick={() => setPhase({ kind: "confirming" })}
      >
        {busy ? "Removing…" : `${label}…`}
      </button>
      <InlineError message={error} />
    </>
  );
}

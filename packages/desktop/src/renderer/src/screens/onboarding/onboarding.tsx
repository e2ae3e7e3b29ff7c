import { useFocusHeadingOnChange } from "../../state/use-focus-heading";
import { BackfillStep } from "./backfill-step";
import { ConnectStep } from "./connect-step";
import { MapStep } from "./map-step";
import { PickStep } from "./pick-step";
import { ProviderStep } from "./provider-step";
import { STEPS, useOnboarding } from "./use-onboarding";

/** The first-run wizard: which step shows is the hook's state; each step is its own file. */
export function Onboarding() {
  const wizard = useOnboarding();
  const { step, choices } = wizard;
  const { connection } = choices;
  const ref = useFocusHeadingOnChange<HTMLDivElement>(step);
  return (
    <div className="screen onboarding" ref={ref}>
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((each, index) => (
          <li
            key={each.id}
            aria-current={each.id === step ? "step" : undefined}
            className={each.id === step ? "stepper__current" : ""}
          >
            <span className="stepper__number">{index + 1}</span>
            {each.label}
          </li>
        ))}
      </ol>
      {step === "connect" && <ConnectStep onConnected={wizard.connected} />}
      {step === "pick" && connection && (
        <PickStep
          connectionId={connection.id}
          shortener={choices.shortener}
          onPicked={wizard.picked}
          onCreate={wizard.creating}
          onBack={wizard.back}
        />
      )}
      {step === "map" && connection && (
        <MapStep
          connectionId={connection.id}
          candidates={choices.picked}
          onMapped={wizard.mapped}
          onBack={wizard.back}
        />
      )}
      {step === "provider" && connection && (
        <ProviderStep
          shortener={choices.shortener}
          onAttach={(provider) => wizard.attach(provider)}
          onBack={wizard.back}
        />
      )}
      {step === "backfill" && <BackfillStep databases={wizard.attached} />}
    </div>
  );
}

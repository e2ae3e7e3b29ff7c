import { useState } from "react";
import type { DefaultShortener, ProviderChoice } from "../../../../shared/contract";
import { ShortenerFields } from "../../components/shortener-fields";
import { InlineError } from "../../components/state-views";
import { StepFooter } from "../../components/step-footer";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";

export function ProviderStep({
  shortener,
  onAttach,
  onBack,
}: {
  /** The workspace's own shortener (its Linksync account, or the host's), offered first. */
  readonly shortener: DefaultShortener | null;
  readonly onAttach: (provider: ProviderChoice) => Promise<void>;
  readonly onBack: () => void;
}) {
  const { api } = useCompanion();
  const [useDefault, setUseDefault] = useState(true);
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const { busy, error, run } = useAction();
  const hasDefault = shortener !== null;
  const custom = !hasDefault || !useDefault;
  const provider: ProviderChoice = custom
    ? { kind: "linksync-shortener", baseUrl: baseUrl.trim(), apiKey: apiKey.trim() }
    : { kind: "host-default" };
  return (
    <section className="panel panel--narrow">
      <h1 tabIndex={-1}>Where should short links live?</h1>
      {hasDefault && (
        <label className="choice">
          <input type="radio" checked={useDefault} onChange={() => setUseDefault(true)} />
          <span>
            <strong>
              {shortener?.source === "account" ? "Your Linksync account" : "Linksync shortener"}
            </strong>
            <small>{shortener?.baseUrl}</small>
          </span>
        </label>
      )}
      {hasDefault && (
        <label className="choice">
          <input type="radio" checked={!useDefault} onChange={() => setUseDefault(false)} />
          <span>
            <strong>My own Linksync shortener</strong>
            <small>Your branded domain, with its API key.</small>
          </span>
        </label>
      )}
      {custom && (
        <ShortenerFields baseUrl={baseUrl} apiKey={apiKey} onBaseUrl={setBaseUrl} onApiKey={setApiKey} />
      )}
      <InlineError message={error} />
      <StepFooter
        onBack={onBack}
        busy={busy}
        continueLabel={busy ? "Checking…" : "Start creating links"}
        blockedBy={
          custom && baseUrl.trim() === ""
            ? "Enter your shortener's address."
            : custom && apiKey.trim() === ""
              ? "Enter your shortener's API key."
              : null
        }
        onContinue={() =>
          run(async () => {
            // A typed address or key is checked before anything is attached to it.
            await api.checkProvider(provider);
            await onAttach(provider);
          })
        }
      />
    </section>
  );
}

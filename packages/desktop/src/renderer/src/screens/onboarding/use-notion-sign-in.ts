import type { ConnectionSummary } from "@linksync/core";
import { useState } from "react";
import type { SignInStart } from "../../../../shared/contract";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";

/**
 * One OAuth sign-in, whoever's integration it uses: the host starts it, the page opens Notion's consent screen in the
 * browser and waits for the host to receive the answer.
 */
export function useNotionSignIn(onConnected: (connection: ConnectionSummary) => Promise<void>) {
  const { api } = useCompanion();
  const [waiting, setWaiting] = useState(false);
  const { busy, error, run } = useAction();
  const signIn = (start: () => Promise<SignInStart>) =>
    run(async () => {
      const { attemptId, authorizeUrl } = await start();
      window.open(authorizeUrl, "_blank", "noopener");
      setWaiting(true);
      try {
        await onConnected(await api.finishNotionSignIn(attemptId));
      } finally {
        setWaiting(false);
      }
    });
  return { busy, error, waiting, signIn };
}

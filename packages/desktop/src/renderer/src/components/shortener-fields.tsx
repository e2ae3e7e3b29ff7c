/**
 * A Linksync shortener's address and API key, as the user types them (onboarding's provider step and a database's
 * edit screen); the caller trims them and has the shortener check them before anything uses them.
 */
export function ShortenerFields({
  baseUrl,
  apiKey,
  onBaseUrl,
  onApiKey,
}: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly onBaseUrl: (baseUrl: string) => void;
  readonly onApiKey: (apiKey: string) => void;
}) {
  return (
    <>
      <label className="field">
        <span>Shortener address</span>
        <input
          placeholder="https://go.example.com"
          value={baseUrl}
          onChange={(event) => onBaseUrl(event.target.value)}
        />
      </label>
      <label className="field">
        <span>API key</span>
        <input
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(event) => onApiKey(event.target.value)}
        />
      </label>
    </>
  );
}

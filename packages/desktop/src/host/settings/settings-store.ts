import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { QR_IMAGES } from "@linksync/core";
import type { CompanionSettings } from "../../shared/contract";
import { CompanionError } from "../companion-error";

/** The companion's preferences file in the agent's data directory. */
export const SETTINGS_FILE_NAME = "companion-settings.json";

export const DEFAULT_SETTINGS: CompanionSettings = {
  pollIntervalMinutes: 5,
  qrImages: "auto",
  launchAtLogin: false,
  notifications: true,
  serverUrl: null,
};

/** Checks a settings change before it is saved; throws a `CompanionError` naming the setting. Pure. */
export function validateSettings(patch: Partial<CompanionSettings>): Partial<CompanionSettings> {
  const { pollIntervalMinutes, qrImages, launchAtLogin, notifications, serverUrl } = patch;
  if (
    pollIntervalMinutes !== undefined &&
    (!Number.isInteger(pollIntervalMinutes) || pollIntervalMinutes < 1 || pollIntervalMinutes > 1440)
  ) {
    throw new CompanionError(
      "invalid_setting",
      "The poll interval must be a whole number of minutes between 1 and 1440.",
    );
  }
  if (qrImages !== undefined && !QR_IMAGES.includes(qrImages)) {
    throw new CompanionError("invalid_setting", `QR codes must be one of ${QR_IMAGES.join(", ")}.`);
  }
  for (const [name, value] of Object.entries({ launchAtLogin, notifications })) {
    if (value !== undefined && typeof value !== "boolean") {
      throw new CompanionError("invalid_setting", `"${name}" must be on or off.`);
    }
  }
  const checked = Object.fromEntries(Object.entries(patch).filter(([key]) => key in DEFAULT_SETTINGS));
  if (serverUrl === undefined) return checked;
  return { ...checked, serverUrl: checkedServerUrl(serverUrl) };
}

/** An http(s) address without a trailing slash; empty means "the one built into this Linksync" (null). */
function checkedServerUrl(value: unknown): string | null {
  if (value === null || (typeof value === "string" && value.trim() === "")) return null;
  const text = typeof value === "string" ? value.trim() : "";
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new CompanionError(
      "invalid_setting",
      "The Linksync server must be a web address such as https://linksync.example.com (or empty for the built-in one).",
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** The companion's preferences, kept in a JSON file when given one (in memory otherwise, as in tests). */
export class SettingsStore {
  private current: CompanionSettings;

  constructor(private readonly file: string | null = null) {
    this.current = file && existsSync(file) ? this.load(file) : DEFAULT_SETTINGS;
  }

  get(): CompanionSettings {
    return this.current;
  }

  update(patch: Partial<CompanionSettings>): CompanionSettings {
    this.current = { ...this.current, ...validateSettings(patch) };
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, `${JSON.stringify(this.current, null, 2)}\n`, { mode: 0o600 });
    }
    return this.current;
  }

  private load(file: string): CompanionSettings {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) {
      throw new CompanionError(
        "settings_unreadable",
        `${file} is not a settings file. Delete it to start afresh.`,
      );
    }
    return { ...DEFAULT_SETTINGS, ...validateSettings(parsed as Partial<CompanionSettings>) };
  }
}

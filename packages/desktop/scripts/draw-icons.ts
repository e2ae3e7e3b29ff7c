// Writes packaging/icons/icon.png from its drawing in code (run after changing packaging/app-icon.ts).
import { writeFileSync } from "node:fs";
import { appIconPng } from "../packaging/app-icon";

writeFileSync(new URL("../packaging/icons/icon.png", import.meta.url), appIconPng());

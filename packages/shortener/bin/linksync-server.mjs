#!/usr/bin/env node
// The `linksync-server` command: runs the TypeScript sources through tsx (the package ships no build step).
import { register } from "tsx/esm/api";

register();
await import("../src/bin.ts");

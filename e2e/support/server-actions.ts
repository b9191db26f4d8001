import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { E2E_BASE_URL } from "./base-url";

interface Manifest {
  node: Record<string, { filename?: string; exportedName?: string }>;
}

function manifest(): Manifest {
  return JSON.parse(
    fs.readFileSync(path.resolve(".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
}

/** The id Next.js gave a server action in this build, found by its file and exported name. */
export function actionId(file: string, exportedName: string): string {
  const entry = Object.entries(manifest().node).find(
    ([, action]) => action.filename === file && action.exportedName === exportedName,
  );
  if (!entry) throw new Error(`no server action ${exportedName} in ${file}`);
  return entry[0];
}

/** Every server action of this build: its id, file and exported name. */
export function allActions(): { id: string; file: string; exportedName: string }[] {
  return Object.entries(manifest().node).map(([id, action]) => ({
    id,
    file: action.filename ?? "",
    exportedName: action.exportedName ?? "",
  }));
}

interface CallOptions {
  /** The page the action is posted to (any page that imports it). */
  page: string;
  origin?: string;
  cookie?: string;
}

/** Calls a server action the way the browser does, but directly, so tests can forge what a browser would not. */
export function callAction(
  request: APIRequestContext,
  id: string,
  input: unknown,
  options: CallOptions,
): Promise<APIResponse> {
  const baseURL = E2E_BASE_URL;
  return request.post(options.page, {
    headers: {
      "next-action": id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: options.origin ?? baseURL,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    data: JSON.stringify([input]),
  });
}

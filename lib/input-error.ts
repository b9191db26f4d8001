/** Bad input from a caller, named by parameter: routes answer 400, pages show the message. */
export class InputError extends Error {
  readonly parameter: string;
  /** The API error code routes answer with. */
  readonly code: string;

  constructor(parameter: string, message: string, code = "bad_parameter") {
    super(message);
    this.name = "InputError";
    this.parameter = parameter;
    this.code = code;
  }
}

/** Something a URL names does not exist: routes answer 404 naming it, pages render notFound(). */
export class NotFoundError extends Error {
  readonly what:
    | "target"
    | "system"
    | "queue"
    | "job"
    | "operation"
    | "table"
    | "row"
    | "review"
    | "source"
    | "migration";
  readonly id: string;

  constructor(what: NotFoundError["what"], id: string, detail?: string) {
    super(detail ?? `no ${what} "${id}"`);
    this.name = "NotFoundError";
    this.what = what;
    this.id = id;
  }
}

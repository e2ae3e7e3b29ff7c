/** Notion's error codes, with the HTTP status each one travels with. */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request_url: 400,
  invalid_request: 400,
  missing_version: 400,
  validation_error: 400,
  unauthorized: 401,
  restricted_resource: 403,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
  gateway_timeout: 504,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

export interface ApiErrorBody {
  object: "error";
  status: number;
  code: ApiErrorCode;
  message: string;
  additional_data?: Record<string, string>;
  request_id: string;
}

/** An error the sandbox answers with Notion's error body; anything else thrown becomes a 500. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly additionalData?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }

  toBody(requestId: string): ApiErrorBody {
    return {
      object: "error",
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.additionalData ? { additional_data: this.additionalData } : {}),
      request_id: requestId,
    };
  }
}

export function validationError(message: string): ApiError {
  return new ApiError("validation_error", message);
}

/** Notion's wording for a body field that failed validation. */
export function bodyFieldError(path: string, expectation: string, actual: unknown): ApiError {
  return validationError(
    `body failed validation: ${path} ${expectation}, instead was \`${JSON.stringify(actual)}\`.`,
  );
}

export function serverErrorCodeFor(status: number): ApiErrorCode {
  switch (status) {
    case 409:
      return "conflict_error";
    case 502:
      return "bad_gateway";
    case 503:
      return "service_unavailable";
    case 504:
      return "gateway_timeout";
    default:
      return "internal_server_error";
  }
}

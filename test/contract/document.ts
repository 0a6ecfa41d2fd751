/** The parts of the served OpenAPI document the contract tests read. */
export interface MediaType {
  schema?: object;
}

export interface Response {
  description: string;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { pattern?: string; type?: string };
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<string, Operation>>>;
  components: { schemas: Record<string, object>; securitySchemes?: Record<string, object> };
}

/** One operation of the document: `GET /v1/cases/{caseId}`. */
export interface DocumentedOperation {
  key: string;
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation the document names, in its order. */
export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation: item[method] as Operation,
    })),
  );
}

/** Whether the operation needs an access token (public ones say `security: []`). */
export const isSecured = (operation: Operation): boolean => (operation.security ?? []).length > 0;

/** The URL of a path with its parameters filled in. */
export function urlOf(path: string, params: Record<string, string> = {}, query = ''): string {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for the path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
  return query ? `${url}?${query}` : url;
}

import { ParseError } from '../runtime/errors.js';
import { jsonNestingDepth, MAX_JSON_DEPTH, xmlRefusal } from '../runtime/input-limits.js';

/*
 * Checks on a deployment's resources before any parser sees them (issue 15, bad input): XML
 * models (BPMN, DMN, any `.xml`) without DOCTYPE and with bounded nesting, forms (`.form`,
 * form-js JSON) as JSON objects with bounded nesting. Sizes are bounded earlier, by the upload
 * limits of `/deployment/create`. A refused resource is a 400 ParseException naming it, in the
 * shape of Camunda's BPMN parse errors, and nothing of the deployment is written.
 */

const isXmlResource = (name: string) => /\.(bpmn|dmn|xml)$/i.test(name);
const isFormResource = (name: string) => /\.form$/i.test(name);

/** Why the resource is refused, or null. */
export function resourceRefusal(name: string, content: string): string | null {
  if (isXmlResource(name)) return xmlRefusal(content);
  if (!isFormResource(name)) return null;
  if (jsonNestingDepth(content) > MAX_JSON_DEPTH)
    return `The form is nested deeper than ${MAX_JSON_DEPTH} levels.`;
  let form: unknown;
  try {
    form = JSON.parse(content);
  } catch (err) {
    return `The form is not valid JSON: ${(err as Error).message}`;
  }
  if (form === null || typeof form !== 'object' || Array.isArray(form))
    return 'The form must be a form-js JSON object.';
  return null;
}

/** Throws 400 ParseException for the first resource refused. */
export function checkResources(resources: readonly { name: string; content: string }[]): void {
  for (const r of resources) {
    const reason = resourceRefusal(r.name, r.content);
    if (reason !== null)
      throw new ParseError(`Resource '${r.name}' refused: ${reason}`, {
        [r.name]: {
          errors: [{ message: reason, line: null, column: null, mainElementId: null, elementIds: [] }],
          warnings: [],
        },
      });
  }
}

import { z } from 'zod';

/**
 * The subset of a form-js (@bpmn-io/form-js 1.23, schemaVersion 19) schema that the server reads.
 * Unknown properties pass through untouched: the browser renders the full schema, the server only
 * needs keys, labels, validation rules and options.
 */
export const FORM_JS_SCHEMA_VERSION = 19;

export interface FormOption {
  label: string;
  value: string | number | boolean;
}

export interface FormValidate {
  required?: boolean;
  minLength?: number | string;
  maxLength?: number | string;
  min?: number | string;
  max?: number | string;
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone' | string;
}

export interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  validate?: FormValidate;
  values?: FormOption[];
  valuesKey?: string;
  valuesExpression?: string;
  subtype?: string;
  decimalDigits?: number;
  increment?: number | string;
  serializeToString?: boolean;
  conditional?: { hide?: string };
  components?: FormComponent[];
  [extra: string]: unknown;
}

export interface FormSchema {
  type: 'default';
  id: string;
  schemaVersion: number;
  components: FormComponent[];
  [extra: string]: unknown;
}

const optionSchema = z.looseObject({
  label: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
});

const validateSchema = z.looseObject({
  required: z.boolean().optional(),
  minLength: z.union([z.number().int().nonnegative(), z.string()]).optional(),
  maxLength: z.union([z.number().int().nonnegative(), z.string()]).optional(),
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  pattern: z.string().optional(),
  patternErrorMessage: z.string().optional(),
  validationType: z.string().optional(),
});

const componentSchema: z.ZodType<FormComponent> = z.lazy(() =>
  z.looseObject({
    type: z.string().min(1),
    id: z.string().optional(),
    key: z.string().min(1).optional(),
    path: z.string().optional(),
    label: z.string().optional(),
    validate: validateSchema.optional(),
    values: z.array(optionSchema).optional(),
    valuesKey: z.string().optional(),
    valuesExpression: z.string().optional(),
    subtype: z.string().optional(),
    decimalDigits: z.number().int().nonnegative().optional(),
    increment: z.union([z.number().positive(), z.string()]).optional(),
    serializeToString: z.boolean().optional(),
    conditional: z.looseObject({ hide: z.string().optional() }).optional(),
    components: z.array(componentSchema).optional(),
  }),
) as z.ZodType<FormComponent>;

export const formSchemaSchema: z.ZodType<FormSchema> = z.looseObject({
  type: z.literal('default'),
  id: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  components: z.array(componentSchema),
}) as z.ZodType<FormSchema>;

/** Parses an unknown JSON value as a form-js schema; throws with zod's issues when it is not one. */
export function parseFormSchema(json: unknown): FormSchema {
  return formSchemaSchema.parse(json);
}

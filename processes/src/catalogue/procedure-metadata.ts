import { z } from 'zod';

/**
 * `procedure.json`: what the law and its sources say about a procedure. Unknown values stay empty
 * and are explained in `flags`; nothing is invented.
 */
export const procedureMetadataSchema = z.object({
  key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** National procedure code (mã TTHC), `d.dddddd`. */
  code: z.string().regex(/^\d\.\d{6}$/),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  field: z.object({ vi: z.string().min(1), en: z.string().min(1) }),
  level: z.string().optional(),
  unit: z.object({
    nameVi: z.string().min(1),
    nameEn: z.string().optional(),
    /** The unit part of the dossier code; `codeIsOfficial: false` marks a placeholder. */
    code: z.string().regex(/^[A-Z0-9][A-Z0-9.]{0,30}$/),
    codeIsOfficial: z.boolean(),
  }),
  result: z.string().optional(),
  /** Series of the result number the return-result worker issues (`<series>-<yyyy>-<6 digits>`). */
  resultNumberSeries: z
    .string()
    .regex(/^[A-Z0-9]{1,40}$/)
    .optional(),
  processingTime: z.object({
    /** As the source prints it, e.g. `5wd+10wd`. */
    asStated: z.string(),
    totalWorkingDays: z.number().int().positive(),
    parts: z.array(
      z.object({
        step: z.string(),
        workingDays: z.number().int().positive(),
        startsAfter: z.string().optional(),
        descriptionVi: z.string().optional(),
      }),
    ),
  }),
  /** Fee tiers in VND; empty = unknown (see flags). */
  fees: z.array(
    z.object({
      nameVi: z.string(),
      amountVnd: z.number().int().nonnegative(),
      source: z.string().optional(),
    }),
  ),
  requiredDocuments: z.array(
    z.object({ nameVi: z.string().min(1), copies: z.number().int().positive().optional() }),
  ),
  legalBasis: z.array(z.object({ code: z.string(), nameVi: z.string() })),
  sources: z.array(z.object({ url: z.url(), what: z.string() })).min(1),
  flags: z.array(z.string()),
});

export type ProcedureMetadata = z.infer<typeof procedureMetadataSchema>;

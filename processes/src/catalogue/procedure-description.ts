import { z } from 'zod';

/**
 * A procedure described as data (`processes/catalogue/<id>.json`): what the law and its public
 * sources say about one administrative procedure (thủ tục hành chính). Unknown facts stay empty
 * (null or []) and are listed in `unknown` with what is missing; nothing is invented. Every known
 * fact names the source it comes from (`sources[].facts`), so a reviewer can check it.
 */

/** The facts a description records; each is either sourced or listed as unknown. */
export const PROCEDURE_FACTS = [
  'code',
  'localCodes',
  'name',
  'field',
  'unit',
  'channels',
  'onlineLevel',
  'processingTime',
  'fees',
  'requiredDocuments',
  'applicationForm',
  'steps',
  'result',
  'legalBasis',
] as const;
export type ProcedureFact = (typeof PROCEDURE_FACTS)[number];

const nonEmpty = z.string().trim().min(1);

/**
 * How the law counts a time: working days, calendar days or months (IP procedures run in months).
 * `days` = the source prints "ngày" without saying which kind: to be checked against the legal text.
 */
export const timeUnitSchema = z.enum(['working-days', 'calendar-days', 'days', 'months']);
export type TimeUnit = z.infer<typeof timeUnitSchema>;

const durationSchema = z.object({ amount: z.number().int().positive(), unit: timeUnitSchema });

export const processingTimeSchema = z.object({
  /** As the source prints it, e.g. `45`, `5wd+10wd`, `30 ngày`. */
  asStated: nonEmpty,
  /** The consecutive parts of the legal time, e.g. completeness check then appraisal and decision. */
  parts: z
    .array(
      durationSchema.extend({
        step: z.enum(['completeness-check', 'appraisal-and-decision', 'whole-procedure', 'other']),
        /** What must have happened before this part's clock starts, as the law says it. */
        startsAfter: z.string().optional(),
        descriptionVi: z.string().optional(),
      }),
    )
    .min(1),
  /** Time to tell the applicant the dossier is incomplete, where the law gives one separately. */
  completenessCheck: durationSchema.nullable(),
  /** All parts in working days; null when a part counts calendar days or months. */
  totalWorkingDays: z.number().int().positive().nullable(),
});
export type ProcessingTime = z.infer<typeof processingTimeSchema>;

export const feesSchema = z.discriminatedUnion('kind', [
  /** The source says the procedure has no fee. */
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('fixed'),
    amountVnd: z.number().int().positive(),
    nameVi: z.string().optional(),
  }),
  /** Several amounts; which applies depends on the case (equipment, source category …). */
  z.object({
    kind: z.literal('tiered'),
    tiers: z
      .array(
        z.object({
          amountVnd: z.number().int().positive(),
          /** What the tier is for; null when the source lists amounts without saying. */
          nameVi: z.string().nullable(),
        }),
      )
      .min(2),
  }),
  /** A DMN decision table decides the fee (file name of the .dmn beside the process model). */
  z.object({ kind: z.literal('dmn'), decisionRef: nonEmpty }),
]);
export type Fees = z.infer<typeof feesSchema>;

export const requiredDocumentSchema = z.object({
  nameVi: nonEmpty,
  /** null = the source does not say whether it is mandatory. */
  mandatory: z.boolean().nullable(),
  copies: z.number().int().positive().optional(),
  /** Accepted file extensions for online filing, lower case without the dot; [] = not stated. */
  acceptedFileTypes: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)),
  /** The official template (mẫu) the document follows, when there is one. */
  template: z.object({ nameVi: nonEmpty, url: z.url().optional() }).optional(),
});

export const formFieldSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  labelVi: nonEmpty,
  type: z.enum(['text', 'textarea', 'number', 'date', 'email', 'phone', 'checkbox', 'select']),
  required: z.boolean(),
  /** A regular expression the value must match (form-js `validate.pattern`). */
  pattern: z.string().optional(),
  options: z.array(z.object({ value: nonEmpty, labelVi: nonEmpty })).optional(),
});

/** The kinds of steps a procedure goes through; the generator turns each into BPMN. */
export const stepKindSchema = z.enum([
  'receive',
  'completeness-check',
  'appraisal',
  'expert-council',
  'site-inspection',
  'consultation',
  'leader-approval',
  'signing',
  'result-return',
]);
export type StepKind = z.infer<typeof stepKindSchema>;

export const stepSchema = z.object({
  kind: stepKindSchema,
  nameVi: nonEmpty,
  /** Engine candidate group doing the step (`mot-cua`, `chuyen-vien`, `lanh-dao` …); none for machine steps. */
  candidateGroup: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** Steps the law allows but that not every dossier goes through (council, inspection, consultation). */
  optional: z.boolean().default(false),
  /** The agency consulted, for a consultation step. */
  consultedAgencyVi: z.string().optional(),
});

export const sourceSchema = z.object({
  url: z.url(),
  /** What the page is and how far to trust it (official / third party, date). */
  what: nonEmpty,
  /** The facts taken from this source. */
  facts: z.array(z.enum(PROCEDURE_FACTS)).min(1),
});

export const unknownFactSchema = z.object({ fact: z.enum(PROCEDURE_FACTS), note: nonEmpty });

export const procedureDescriptionSchema = z
  .object({
    /** File name without `.json`: the national code, or a slug of the name when the code is unknown. */
    id: z.string().regex(/^[a-z0-9.]+(-[a-z0-9.]+)*$/),
    /** The BPMN process key when a process model exists in `procedures/<processKey>/` (= deployable). */
    processKey: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .optional(),
    /** National procedure code (mã TTHC) `d.dddddd`; null = not found. */
    code: z
      .string()
      .regex(/^\d\.\d{6}$/)
      .nullable(),
    /** Codes a province or an agency uses for it, e.g. `1.014445.H38`. */
    localCodes: z.array(z.object({ code: nonEmpty, authorityVi: z.string().optional() })),
    name: z.object({ vi: nonEmpty, en: z.string().trim().min(1).nullable() }),
    field: z.object({ vi: nonEmpty, en: z.string().trim().min(1).nullable() }),
    /** Where the procedure is carried out: ministry (central) or province. */
    tier: z.enum(['central', 'provincial']).nullable(),
    unit: z.object({
      /** null = no source names the competent unit (listed in `unknown` as `unit`). */
      nameVi: nonEmpty.nullable(),
      nameEn: z.string().optional(),
      /** Unit part of the dossier code; `codeIsOfficial: false` marks a placeholder. */
      code: z
        .string()
        .regex(/^[A-Z0-9][A-Z0-9.]{0,30}$/)
        .nullable(),
      codeIsOfficial: z.boolean(),
    }),
    /** 1 in person, 2 online, 3 public post (the national KenhThucHien codes); [] = unknown. */
    channels: z.array(z.enum(['in-person', 'online', 'post'])),
    /** Decree 42/2022: toàn trình or một phần; `legacyLevel` = the old 2/3/4 where a page still prints it. */
    onlineLevel: z.object({
      kind: z.enum(['toan-trinh', 'mot-phan']).nullable(),
      legacyLevel: z.union([z.literal(2), z.literal(3), z.literal(4)]).nullable(),
    }),
    processingTime: processingTimeSchema.nullable(),
    fees: feesSchema.nullable(),
    requiredDocuments: z.array(requiredDocumentSchema),
    applicationForm: z.object({
      /** The form-js form id when a hand-made form exists (motcua's own, not a legal fact). */
      formId: z.string().optional(),
      fields: z.array(formFieldSchema),
    }),
    steps: z.array(stepSchema),
    result: z.object({ nameVi: nonEmpty, validity: z.string().optional() }).nullable(),
    /** Series of the result number the return-result worker issues (`<series>-<yyyy>-<6 digits>`); motcua's own. */
    resultNumberSeries: z
      .string()
      .regex(/^[A-Z0-9]{1,40}$/)
      .optional(),
    legalBasis: z.array(z.object({ code: nonEmpty, nameVi: nonEmpty, url: z.url().optional() })),
    sources: z.array(sourceSchema).min(1),
    /** Facts not found in any source: left empty, never invented. */
    unknown: z.array(unknownFactSchema),
    /** Review notes: placeholders, doubts, things to verify. */
    flags: z.array(z.string()),
    /**
     * Whether this is the version in force. Absent = current. `superseded` = an older version kept
     * for history (its legal basis was replaced); `to-verify` = a source doubts it is still in
     * force. Neither is published.
     */
    status: z
      .object({
        kind: z.enum(['current', 'superseded', 'to-verify']),
        /** What the source says about it, as written. */
        noteVi: z.string().optional(),
      })
      .optional(),
    /**
     * Facts another source stated differently and that lost to a newer legal basis (or an officer's
     * correction): the older version, recorded with its sources, never shown as current.
     */
    history: z
      .array(
        z.object({
          /** Why this version was replaced. */
          noteVi: nonEmpty,
          sources: z.array(z.object({ url: z.url(), what: nonEmpty })).min(1),
          /** The facts as that version stated them (fact name → value). */
          facts: z.partialRecord(z.enum(PROCEDURE_FACTS), z.unknown()),
        }),
      )
      .optional(),
    review: z.object({
      /** `generated` = made from most-procedures.csv only; `reviewed` = checked against legal text. */
      status: z.enum(['generated', 'reviewed']),
      notes: z.string().optional(),
    }),
  })
  .superRefine((d, ctx) => {
    const sourced = new Set(d.sources.flatMap((s) => s.facts));
    const unknown = new Set(d.unknown.map((u) => u.fact));
    for (const fact of PROCEDURE_FACTS) {
      if (isEmptyFact(d, fact) && !unknown.has(fact))
        ctx.addIssue({
          code: 'custom',
          path: ['unknown'],
          message: `"${fact}" is empty but not listed as unknown`,
        });
      if (!sourced.has(fact) && !unknown.has(fact))
        ctx.addIssue({
          code: 'custom',
          path: ['sources'],
          message: `"${fact}" has no source and is not listed as unknown`,
        });
      if (!sourced.has(fact) && !isEmptyFact(d, fact))
        ctx.addIssue({ code: 'custom', path: [fact], message: `"${fact}" has a value but no source` });
    }
    if (d.processingTime) {
      const allWorking = d.processingTime.parts.every((p) => p.unit === 'working-days');
      const sum = d.processingTime.parts.reduce((n, p) => n + p.amount, 0);
      const expected = allWorking ? sum : null;
      if (d.processingTime.totalWorkingDays !== expected)
        ctx.addIssue({
          code: 'custom',
          path: ['processingTime', 'totalWorkingDays'],
          message: `must be ${expected} (the sum of the parts when all count working days, else null)`,
        });
    }
  });

export type ProcedureDescription = z.infer<typeof procedureDescriptionSchema>;
/** The former name, kept for the packages that import it. */
export type ProcedureMetadata = ProcedureDescription;

/** True when a fact holds no value (null, [] or an object whose parts are all empty). */
function isEmptyFact(d: ProcedureDescription, fact: ProcedureFact): boolean {
  switch (fact) {
    case 'name':
    case 'field':
      return false; // required by the schema
    case 'unit':
      return d.unit.nameVi === null;
    case 'onlineLevel':
      return d.onlineLevel.kind === null && d.onlineLevel.legacyLevel === null;
    case 'applicationForm':
      // formId points at motcua's own form, not at a legal fact.
      return d.applicationForm.fields.length === 0;
    default: {
      const v = d[fact];
      return v === null || (Array.isArray(v) && v.length === 0);
    }
  }
}

import {
  agencyNameVi,
  type GenerationFacts,
  type ProcedureDescription,
  type ProcedureDescriptionEntry,
} from '@motcua/processes';

/** One procedure of `GET /api/procedures`: the public facts, with the process key when it runs here. */
export interface PublishedProcedure {
  /** Catalogue id (the national code, or a slug of the name when the code is unknown). */
  id: string;
  /** National procedure code (mã TTHC); null when not known. */
  code: string | null;
  localCodes: string[];
  nameVi: string;
  nameEn: string | null;
  field: ProcedureDescription['field'];
  /** `nameVi` null = no source names the competent unit. */
  unit: { nameVi: string | null; code: string | null };
  /** Kept from the skeleton's API: the unit's name. */
  agencyVi: string;
  tier: ProcedureDescription['tier'];
  onlineLevel: ProcedureDescription['onlineLevel'];
  channels: ProcedureDescription['channels'];
  processingTime: ProcedureDescription['processingTime'];
  /** Kept from the skeleton's API: the legal time in working days, when the law counts it so. */
  processingDays?: number;
  fees: ProcedureDescription['fees'];
  requiredDocuments: {
    nameVi: string;
    mandatory: boolean | null;
    acceptedFileTypes: string[];
    template?: string;
  }[];
  result: string | null;
  /** Applicants can file it online here. */
  deployable: boolean;
  /** The BPMN process key (the skeleton API called it `key`) and the application page, when deployable. */
  key?: string;
  processKey?: string;
  url?: string;
  /** Facts the catalogue does not know yet (never guessed). */
  unknown: string[];
  /** How the process is generated: standard dossier life, standard form, publishable, flags. */
  generation?: GenerationFacts;
}

/**
 * The public view of a catalogue description. `servedKeys` maps a description id to the process
 * key this portal serves for it (hand-modelled or generated), so a procedure is only offered for
 * filing when its process is really deployed.
 */
export function publishProcedure(
  entry: ProcedureDescriptionEntry,
  servedKeys: ReadonlyMap<string, string>,
): PublishedProcedure {
  const d = entry.description;
  const key = servedKeys.get(d.id);
  const total = d.processingTime?.totalWorkingDays;
  return {
    id: d.id,
    code: d.code,
    localCodes: d.localCodes.map((c) => c.code),
    nameVi: d.name.vi,
    nameEn: d.name.en,
    field: d.field,
    unit: { nameVi: d.unit.nameVi, code: d.unit.code },
    agencyVi: agencyNameVi(d.unit.nameVi),
    tier: d.tier,
    onlineLevel: d.onlineLevel,
    channels: d.channels,
    processingTime: d.processingTime,
    ...(total ? { processingDays: total } : {}),
    fees: d.fees,
    requiredDocuments: d.requiredDocuments.map((doc) => ({
      nameVi: doc.nameVi,
      mandatory: doc.mandatory,
      acceptedFileTypes: doc.acceptedFileTypes,
      ...(doc.template ? { template: doc.template.nameVi } : {}),
    })),
    result: d.result?.nameVi ?? null,
    deployable: key !== undefined,
    ...(key ? { key, processKey: key, url: `/thu-tuc/${encodeURIComponent(key)}` } : {}),
    unknown: d.unknown.map((u) => u.fact),
    ...(entry.generation ? { generation: entry.generation } : {}),
  };
}

import { formatDateTimeVi as formatMomentVi } from '@motcua/domain';

/** Dates as the Vietnamese public service shows them (dd/mm/yyyy, Vietnam time): `@motcua/domain`'s. */
export { formatDateVi } from '@motcua/domain';

/** A moment time first, as the portal's pages show one: `10:05 27/11/2026`. */
export function formatDateTimeVi(at: Date | string | null | undefined): string {
  return formatMomentVi(at, { timeFirst: true });
}

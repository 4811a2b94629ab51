import { buildCoverageReport, type CoverageReport } from '@motcua/processes';

/**
 * The catalogue's coverage for the administrators' page: worked out once from the checked-in
 * catalogue (descriptions, generator, published processes — the same report as
 * `npm run procedures:coverage`), since the catalogue changes only with a new release.
 */
export class CatalogueCoverageService {
  private cached: CoverageReport | undefined;

  constructor(private readonly build: () => CoverageReport = () => buildCoverageReport()) {}

  report(): CoverageReport {
    this.cached ??= this.build();
    return this.cached;
  }
}

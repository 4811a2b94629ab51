/**
 * Decides whether a suite that needs an outside service (MariaDB, Chromium, Operaton) runs.
 * Outside CI a missing service is reported loudly and the suite is skipped; under CI=true a missing
 * service is a failure, because CI must install and start everything it needs.
 * Returns true when the suite should run.
 */
export function serviceGate(
  service: string,
  problem: string | null,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (problem === null) return true;
  const msg = `${service} is not available: ${problem}`;
  if (env.CI === 'true') throw new Error(`${msg}. Under CI=true no suite may skip.`);
  process.stderr.write(`\n*** SKIPPING suites that need ${service}: ${problem} ***\n\n`);
  return false;
}

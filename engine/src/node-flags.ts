/**
 * The Node/V8 flags every engine process starts with — `npm run engine` (package.json),
 * scripts/start.mjs (and so the Docker image), docker/compose.replicas.yaml, the bench's engine
 * targets and the crash soak — kept here so that they all agree (engine-process-memory.test.ts
 * checks the two that cannot import this file).
 *
 * `--max-semi-space-size`: V8's young generation is two semi-spaces of up to 16 MiB each by
 * default, and the engine's start-up alone (TypeORM's metadata, the REST routes) grows them there,
 * so 32 MiB of the process's resident memory is new-space that a request's short-lived garbage
 * never needs. Capped at 4 MiB a semi-space the process stays 20–28 MiB smaller, at the price
 * of more frequent (and cheaper) scavenges; the engine process's CPU per dossier measured at most
 * 5 % more, within noise (bench/RESULTS.md, "the engine process's memory").
 *
 * `--v8-pool-size`: V8's helper threads (concurrent marking, parallel scavenges, background
 * compilation). Node starts four; each that allocates keeps a glibc malloc arena of its own,
 * which it does not give back. The engine runs its JavaScript on one thread and its young
 * generation is small, so one helper does that work: about 5–8 MiB less resident memory and no
 * more CPU per dossier (bench/RESULTS.md, "the engine's memory: one V8 helper thread").
 */
export const ENGINE_SEMI_SPACE_MIB = 4;
export const ENGINE_V8_POOL_SIZE = 1;

export const ENGINE_NODE_FLAGS: readonly string[] = [
  `--max-semi-space-size=${ENGINE_SEMI_SPACE_MIB}`,
  `--v8-pool-size=${ENGINE_V8_POOL_SIZE}`,
];

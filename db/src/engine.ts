// `@motcua/db/engine`: the engine's tables and stores (eng_*), for the engine package alone.
export * from './engine/index.js';
export { EngineAttachment } from './files/file.entities.js';

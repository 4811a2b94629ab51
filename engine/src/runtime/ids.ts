import { v7 } from 'uuid';

/** Time-ordered ids (UUID v7): history and paging sort cheaply by id. */
export const newId = (): string => v7();

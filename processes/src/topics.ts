/** External-task topics of the catalogue's processes (`<family>.<action>`), shared with the workers. */
export const TOPICS = {
  receiveDossier: 'dossier.receive',
  returnResult: 'dossier.return-result',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

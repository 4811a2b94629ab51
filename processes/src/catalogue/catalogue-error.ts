/** A catalogue file is missing, invalid or inconsistent; the message names the procedure. */
export class CatalogueError extends Error {}

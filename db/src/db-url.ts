/**
 * DB_URL parsing. Two dialects: `sqlite:<path>` (embedded default, one engine process) and
 * `mysql://user:pass@host:port/db` (MySQL 8 / MariaDB ≥ 10.6, several engine processes).
 */
export type DbTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'mysql'; host: string; port: number; user: string; password: string; database: string };

export const DEFAULT_DB_URL = 'sqlite:./data/motcua.sqlite';

export function parseDbUrl(url: string): DbTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path)
      throw new Error(
        `DB_URL "${url}" has no file path (use sqlite:./data/motcua.sqlite or sqlite::memory:)`,
      );
    return { kind: 'sqlite', path };
  }
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!database) throw new Error(`DB_URL "${redactDbUrl(url)}" names no database`);
    return {
      kind: 'mysql',
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database,
    };
  }
  throw new Error(`DB_URL "${redactDbUrl(url)}" is neither sqlite:<path> nor mysql://user:pass@host:port/db`);
}

/** The URL with its password hidden, for logs and error messages. */
export function redactDbUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

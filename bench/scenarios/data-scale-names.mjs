// Names shared by the seed (data-scale-seed.mjs, in SQL) and the queries of scenarios (c) and (d):
// they must agree for a query to find the seeded rows.
const pad = (n, w) => String(n).padStart(w, '0');
export const groupName = (g) => `group${pad(g, 3)}`;
export const userName = (u) => `user${pad(u % 200, 4)}`;
export const procedureKey = (p) => `procedure-${pad(p, 3)}`;
export const finishedInstanceId = (j) => `fpi-${pad(j, 7)}`;
export const finishedBusinessKey = (j) => `fdossier-${pad(j, 7)}`;

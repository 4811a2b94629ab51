/** The applicant's name as the application forms key it (person or organisation), cut to the column. */
export function applicantNameOf(data: Record<string, unknown>): string | null {
  for (const key of ['fullName', 'organizationName', 'applicantName']) {
    const v = data[key];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
  }
  return null;
}

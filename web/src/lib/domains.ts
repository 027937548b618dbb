/** The domains a tutor works in: their own and every one they are certified in (a passed exam counts at once). */
export function workDomains(own: string[], certifications: { domain: string }[]): string {
  return [...new Set([...own, ...certifications.map((c) => c.domain)])].join(', ');
}

// Linted as src/ui/fixture.ts: must fail (a dynamic import slips past the import rules).
export const later = () => import('../privileged/vault.ts');

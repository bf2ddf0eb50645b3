/** "1 scope", "3 scopes", "2 keys": a count with its noun (`many` where adding an s is wrong). Pure. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
